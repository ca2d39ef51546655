// The spatial kernels on hand-computed examples: exact raws (fixed-point.md §6.3–6.5).
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import type { BatchNormLayer, ConvLayer, FloatTensor, Layer, PoolingLayer } from '../ir/graph';
import { prepareBatchNorm } from './batchnorm';
import { im2colIndex, prepareConv } from './conv';
import { prepareGlobalPooling, preparePooling } from './pooling';
import { gatherIndex } from './reshape';
import type { FixedTensor } from './tensor';

const src = { op: 'test', node: 't' };
const f = (data: number[], shape = [data.length]): FloatTensor => ({ shape, data: Float64Array.from(data) });
const tensor = (type: string, raws: number[]): FixedTensor => ({
  type: P(type),
  size: raws.length,
  samples: 1,
  raws: Float64Array.from(raws),
});
const nums = (t: FixedTensor): number[] => Array.from(t.raws, Number);
const counters = () => ({ accum: { count: 0 }, result: { count: 0 } });

function pool1d(
  op: 'max' | 'average',
  k: number,
  s: number,
  pads: number[],
  n: number,
  countPad = false,
): PoolingLayer {
  const out = Math.floor((n + pads[0]! + pads[1]! - k) / s) + 1;
  return {
    kind: 'Pooling',
    name: 'p',
    inputs: ['x'],
    outputShape: [out, 1],
    source: src,
    rank: 1,
    kernel: [k],
    strides: [s],
    dilations: [1],
    pads,
    op,
    countPad,
  };
}

describe('pooling', () => {
  it('average truncates toward zero at accum_t LSB: −0.3125/2 → −0.125 in ap_fixed<8,4>', () => {
    const run = preparePooling(
      pool1d('average', 2, 2, [0, 0], 2),
      [2, 1],
      P('ap_fixed<8,4>'),
      {
        accum: P('ap_fixed<8,4>'),
        result: P('ap_fixed<8,4>'),
      },
      'ap',
      counters(),
    );
    // raws at F = 4: −0.3125 = −5, 0 = 0 → −5 / 2 = −2.5 → −2 (floor would give −3)
    expect(nums(run(tensor('ap_fixed<8,4>', [-5, 0])))).toEqual([-2]);
  });

  it('average divides by the non-padded cells unless countPad', () => {
    const x = tensor('ap_fixed<8,4>', [7, 3]);
    const layer = pool1d('average', 2, 2, [1, 1], 2);
    const t = { accum: P('ap_fixed<9,5>'), result: P('ap_fixed<9,5>') };
    // windows [pad, 7], [3, pad]
    expect(nums(preparePooling(layer, [2, 1], x.type, t, 'ap', counters())(x))).toEqual([7, 3]);
    const cp = preparePooling({ ...layer, countPad: true }, [2, 1], x.type, t, 'ap', counters());
    expect(nums(cp(x))).toEqual([3, 1]);
  });

  it('max pooling pads with the most-negative pattern: 2^(I−1) for unsigned inputs', () => {
    const x = tensor('ap_ufixed<8,3>', [16, 40]); // 0.5, 1.25 at F = 5
    const layer = pool1d('max', 2, 1, [1, 0], 2);
    const run = preparePooling(
      layer,
      [2, 1],
      x.type,
      { accum: P('ap_ufixed<8,3>'), result: P('ap_fixed<9,4>') },
      'ap',
      counters(),
    );
    // window [pad, 0.5] → pad = 4.0 (raw 128 at F = 5); window [0.5, 1.25] → 1.25
    expect(nums(run(x))).toEqual([128, 40]);
    const signed = preparePooling(
      layer,
      [2, 1],
      P('ap_fixed<8,3>'),
      { accum: P('ap_fixed<8,3>'), result: P('ap_fixed<9,4>') },
      'ap',
      counters(),
    );
    expect(nums(signed(tensor('ap_fixed<8,3>', [-100, 40])))).toEqual([-100, 40]);
  });

  it('max goes through accum_t before result_t', () => {
    const layer = pool1d('max', 2, 2, [0, 0], 2);
    // 1.75 (raw 7 at F = 2) through ap_fixed<4,2,AP_TRN,AP_SAT> (max 1.75) → then ap_fixed<8,6>… and 3.5 saturates
    const run = preparePooling(
      layer,
      [2, 1],
      P('ap_fixed<8,6>'),
      { accum: P('ap_fixed<4,2,AP_TRN,AP_SAT>'), result: P('ap_fixed<8,6>') },
      'ap',
      counters(),
    );
    expect(nums(run(tensor('ap_fixed<8,6>', [14, 5])))).toEqual([7]);
  });

  it('global average over all pixels of each channel', () => {
    const layer: Layer = {
      kind: 'GlobalPooling',
      name: 'g',
      inputs: ['x'],
      outputShape: [2],
      source: src,
      rank: 1,
      op: 'average',
      keepDims: false,
    };
    if (layer.kind !== 'GlobalPooling') throw new Error();
    const run = prepareGlobalPooling(
      layer,
      [3, 2],
      P('ap_fixed<8,4>'),
      { accum: P('ap_fixed<10,6>'), result: P('ap_fixed<10,6>') },
      'ap',
      counters(),
    );
    // channel 0: 1 + 2 + 4 = 7 → 7/3 → 2; channel 1: −1 −2 −4 = −7 → −2 (toward zero)
    expect(nums(run(tensor('ap_fixed<8,4>', [1, -1, 2, -2, 4, -4])))).toEqual([2, -2]);
  });
});

describe('batch norm', () => {
  it('rounds once: x·scale + bias exact, then result_t', () => {
    const layer: BatchNormLayer = {
      kind: 'BatchNormalization',
      name: 'bn',
      inputs: ['x'],
      outputShape: [2],
      source: src,
      scale: f([1.5, -0.75]),
      bias: f([0.3, 0.125]),
    };
    const run = prepareBatchNorm(
      layer,
      P('ap_fixed<8,3>'),
      { scale: P('ap_fixed<8,3>'), bias: P('ap_fixed<8,3>'), result: P('ap_fixed<6,3,AP_RND>') },
      'ap',
      { count: 0 },
    );
    // x = 0.75, 0.75 (raw 24 at F = 5). bias 0.3 → "0.30000" → floor(9.6) = 9 (0.28125).
    // ch0: 1.125 + 0.28125 = 1.40625 → ×8 = 11.25 → RND → 11. ch1: −0.5625 + 0.125 = −0.4375 → −3.5 → RND → −3
    expect(nums(run(tensor('ap_fixed<8,3>', [24, 24])))).toEqual([11, -3]);
  });
});

describe('conv', () => {
  const layer: ConvLayer = {
    kind: 'Conv',
    name: 'c',
    inputs: ['x'],
    outputShape: [3, 1],
    source: src,
    rank: 1,
    kernel: [2],
    strides: [1],
    dilations: [1],
    pads: [0, 1],
    nChan: 2,
    nFilt: 1,
    // [k][c][f]
    weight: f([1, 2, 3, 4], [2, 2, 1]),
    bias: f([0.5]),
  };

  it('im2col: kernel position major, channel minor, −1 for padding', () => {
    expect(Array.from(im2colIndex(layer, [3, 2]))).toEqual([0, 1, 2, 3, 2, 3, 4, 5, 4, 5, -1, -1]);
  });

  it('per pixel the dense arithmetic, padded cells contribute 0', () => {
    const t = {
      weight: P('ap_fixed<8,4>'),
      bias: P('ap_fixed<8,4>'),
      accum: P('ap_fixed<12,8>'),
      result: P('ap_fixed<12,8>'),
    };
    const run = prepareConv(layer, [3, 2], P('ap_fixed<8,4>'), t, 'latency', 1, 'ap', {
      product: { count: 0 },
      accum: { count: 0 },
      result: { count: 0 },
    });
    // x = [[1,2],[3,4],[5,6]] (F = 4): y0 = 0.5 + 1·1 + 2·2 + 3·3 + 4·4 = 30.5; y1 = 0.5 + 3 + 8 + 15 + 24 = 50.5;
    // y2 = 0.5 + 5 + 12 = 17.5 → raws at F = 4
    const x = tensor(
      'ap_fixed<8,4>',
      [1, 2, 3, 4, 5, 6].map((v) => v * 16),
    );
    expect(nums(run(x))).toEqual([30.5 * 16, 50.5 * 16, 17.5 * 16]);
  });
});

describe('conv sample groups', () => {
  it('im2col in groups of samples computes the same raws', () => {
    const layer: ConvLayer = {
      kind: 'Conv',
      name: 'c',
      inputs: ['x'],
      outputShape: [4, 2],
      source: src,
      rank: 1,
      kernel: [3],
      strides: [1],
      dilations: [1],
      pads: [1, 1],
      nChan: 2,
      nFilt: 2,
      weight: f([0.5, -1, 0.25, 2, -0.75, 1.5, 1, -0.5, 0.125, 0.625, -2, 1.25], [3, 2, 2]),
      bias: f([0.5, -0.25]),
    };
    const t = {
      weight: P('ap_fixed<8,4>'),
      bias: P('ap_fixed<8,4>'),
      accum: P('ap_fixed<10,5,AP_TRN,AP_SAT>'),
      result: P('ap_fixed<8,4>'),
    };
    const c = () => ({ product: { count: 0 }, accum: { count: 0 }, result: { count: 0 } });
    const raws = Array.from({ length: 5 * 8 }, (_, k) => ((k * 37) % 61) - 30);
    const x: FixedTensor = { type: P('ap_fixed<8,4>'), size: 8, samples: 5, raws: Float64Array.from(raws) };
    const whole = prepareConv(layer, [4, 2], x.type, t, 'latency', 1, 'ap', c())(x);
    const grouped = prepareConv(layer, [4, 2], x.type, t, 'latency', 1, 'ap', c(), undefined, 24 * 2)(x);
    expect(grouped.samples).toBe(5);
    expect(nums(grouped)).toEqual(nums(whole));
    expect(new Set(nums(whole)).size).toBeGreaterThan(10);
  });
});

describe('data movement', () => {
  it('transpose, padding and cropping indices', () => {
    const tr: Layer = {
      kind: 'Transpose',
      name: 't',
      inputs: ['x'],
      outputShape: [3, 2],
      source: src,
      perm: [1, 0],
    };
    expect(Array.from(gatherIndex(tr, [2, 3]))).toEqual([0, 3, 1, 4, 2, 5]);
    const zp: Layer = {
      kind: 'ZeroPadding',
      name: 'z',
      inputs: ['x'],
      outputShape: [4, 1],
      source: src,
      rank: 1,
      pads: [1, 1],
    };
    expect(Array.from(gatherIndex(zp, [2, 1]))).toEqual([-1, 0, 1, -1]);
    const cr: Layer = {
      kind: 'Cropping',
      name: 'c',
      inputs: ['x'],
      outputShape: [1, 2, 1],
      source: src,
      rank: 2,
      crops: [1, 0, 0, 1],
    };
    expect(Array.from(gatherIndex(cr, [2, 3, 1]))).toEqual([3, 4]);
    // nearest resize 3 → 7: source = (j · (⌊3·2^16/7⌋ + 1)) >> 16
    const rs: Layer = {
      kind: 'Resize',
      name: 'r',
      inputs: ['x'],
      outputShape: [7, 1],
      source: src,
      rank: 1,
      method: 'nearest',
      alignCorners: false,
    };
    expect(Array.from(gatherIndex(rs, [3, 1]))).toEqual([0, 0, 0, 1, 1, 2, 2]);
    // ×2 upsampling repeats each pixel
    const up: Layer = { ...rs, outputShape: [4, 1] };
    expect(Array.from(gatherIndex(up, [2, 1]))).toEqual([0, 0, 1, 1]);
  });
});
