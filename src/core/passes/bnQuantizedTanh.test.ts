import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../config/designConfig';
import { emulate } from '../emulate/engine';
import { makeFixed, makeInt } from '../fixed/types';
import type { ActivationFn, Layer, ModelGraph } from '../ir/graph';
import { slotsOf } from '../ir/kinds';
import { denseProduct } from './denseProduct';
import { lower } from './lower';
import type { LoweredGraph } from './lowered';

const src = (op: string, node = op) => ({ op, node });
// float32 scale/bias: thresholds −b/s = −0.5, 1.5 and f32(0.3) (F = 5 bits on ap_fixed<8,3>).
const SCALE = Float32Array.from([2, 0.5, -1]);
const BIAS = Float32Array.from([1, -0.75, 0.3]);

function bnGraph(
  fn: ActivationFn,
  opts: { actOp?: string; extraReader?: boolean; ternaryThreshold?: number; noBn?: boolean } = {},
): ModelGraph {
  const layers: Layer[] = [
    { kind: 'Input', name: 'x', inputs: [], outputShape: [3], source: src('InputLayer') },
    {
      kind: 'BatchNormalization',
      name: 'bn',
      inputs: ['x'],
      outputShape: [3],
      scale: { shape: [3], data: SCALE },
      bias: { shape: [3], data: BIAS },
      source: src('BatchNormalization', 'bn'),
    },
    {
      kind: 'Activation',
      name: 'act',
      activation: fn,
      inputs: [opts.noBn ? 'x' : 'bn'],
      outputShape: [3],
      source: src(opts.actOp ?? 'Activation', 'act'),
      ...(opts.ternaryThreshold !== undefined ? { ternaryThreshold: opts.ternaryThreshold } : {}),
    },
  ];
  if (opts.noBn) layers.splice(1, 1);
  if (opts.extraReader) {
    layers.push({
      kind: 'Activation',
      name: 'other',
      activation: 'relu',
      inputs: ['bn'],
      outputShape: [3],
      source: src('Activation', 'other'),
    });
  }
  return {
    name: 'bnq',
    format: 'test',
    inputs: ['x'],
    outputs: opts.extraReader ? ['act', 'other'] : ['act'],
    metadata: {},
    layers,
  };
}

function config(backend: DesignConfig['backend'] = 'Vivado', io: DesignConfig['ioType'] = 'io_parallel') {
  return {
    ...withLayerSetting(defaultConfig(backend), 'x', { precision: { result: 'ap_fixed<8,3>' } }),
    ioType: io,
  };
}

function fused(g: LoweredGraph) {
  return g.layers.find((l) => l.kind === 'BatchNormalizationQuantizedTanh');
}

describe('merge_batch_norm_quantized_tanh', () => {
  it('fuses BN + binary_tanh into floor-to-grid thresholds of the input type, output ap_uint<1>', () => {
    const g = lower(bnGraph('binary_tanh'), config());
    const l = fused(g)!;
    expect(l.name).toBe('bnbt_bn');
    expect(g.layers.map((x) => x.name)).toEqual(['x', 'bnbt_bn']);
    expect(g.outputs).toEqual(['bnbt_bn']);
    expect(l.types['result_t']).toEqual(makeInt(1, false));
    expect(l.types['threshold_t']).toEqual(makeFixed(8, 3, true));
    expect(l.layer.kind === 'BatchNormalizationQuantizedTanh' && slotsOf(l.layer)).toEqual([
      'result',
      'threshold',
    ]);
    // −1/2, 0.75/0.5, floor(f32(0.3)·32)/32 = 9/32
    expect(l.layer.kind === 'BatchNormalizationQuantizedTanh' && Array.from(l.layer.threshold.data)).toEqual([
      -0.5, 1.5, 0.28125,
    ]);
    const report = g.reports.find((r) => r.pass === 'merge_batch_norm_quantized_tanh')!;
    expect(report.changes.map((c) => c.layer)).toEqual(['bnbt_bn']);
    expect(report.warnings[0]!.message).toMatch(/negative batch norm scale/);
  });

  it('ternary thresholds hi = 0.5/s + t and lo = −0.5/s + t, floored, output ap_int<2>', () => {
    const g = lower(bnGraph('ternary_tanh'), config());
    const l = fused(g)!;
    if (l.layer.kind !== 'BatchNormalizationQuantizedTanh') throw new Error('not fused');
    expect(l.types['result_t']).toEqual(makeInt(2));
    expect(Object.keys(l.types).sort()).toEqual(['result_t', 'threshold_hi_t', 'threshold_lo_t']);
    // hi: −0.25, 2.5, f32(−0.5 + f32(0.3)) = −0.19999998… → −7/32; lo: −0.75, 0.5, 0.8000000… → 25/32
    expect(Array.from(l.layer.threshold.data)).toEqual([-0.25, 2.5, -0.21875]);
    expect(Array.from(l.layer.thresholdLo!.data)).toEqual([-0.75, 0.5, 0.78125]);
  });

  it('emulates binary x > t (Vivado io_parallel, Catapult io_stream) or x ≥ t (Vivado io_stream, Catapult io_parallel), > hi / ≤ lo for ternary', () => {
    const rows = [
      [-0.5, 1.5, 0.28125],
      [-0.46875, 1.53125, 0.3125],
      [-0.75, 0.5, 0.78125],
      [-0.71875, 0.53125, 0.8125],
    ];
    const bin = emulate(lower(bnGraph('binary_tanh'), config()), rows).outputs[0]!;
    expect(Array.from(bin)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1]);
    const catapult = emulate(lower(bnGraph('binary_tanh'), config('Catapult')), rows).outputs[0]!;
    expect(Array.from(catapult)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1]);
    const stream = emulate(lower(bnGraph('binary_tanh'), config('Vivado', 'io_stream')), rows).outputs[0]!;
    expect(Array.from(stream)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1]);
    const catStream = emulate(lower(bnGraph('binary_tanh'), config('Catapult', 'io_stream')), rows)
      .outputs[0]!;
    expect(Array.from(catStream)).toEqual(Array.from(bin));
    const ternaryRows = [...rows, [-0.25, 2.5, -0.21875], [-0.21875, 2.53125, -0.1875]];
    const ter = emulate(lower(bnGraph('ternary_tanh'), config()), ternaryRows).outputs[0]!;
    // hi = [−0.25, 2.5, −0.21875], lo = [−0.75, 0.5, 0.78125] (channel 2 has lo > hi: negative scale)
    expect(Array.from(ter)).toEqual([0, 0, 1, 0, 0, 1, -1, -1, 1, 0, 0, 1, 0, 0, -1, 1, 1, 1]);
  });

  it('does not fire for other activations, shared batch norms or Quartus; fires for Catapult in both io types', () => {
    expect(fused(lower(bnGraph('relu'), config()))).toBeUndefined();
    const shared = lower(bnGraph('binary_tanh', { extraReader: true }), config());
    expect(fused(shared)).toBeUndefined();
    const report = shared.reports.find((r) => r.pass === 'merge_batch_norm_quantized_tanh')!;
    expect(report.warnings[0]!.message).toMatch(/also read elsewhere/);
    expect(fused(lower(bnGraph('binary_tanh', { actOp: 'QActivation' }), config()))).toBeDefined();
    expect(fused(lower(bnGraph('binary_tanh'), config('Vitis')))).toBeDefined();
    const cat = fused(lower(bnGraph('binary_tanh'), config('Catapult')))!;
    expect(cat.layer.kind === 'BatchNormalizationQuantizedTanh' && cat.layer.binaryGe).toBe(true);
    const catStream = fused(lower(bnGraph('binary_tanh'), config('Catapult', 'io_stream')))!;
    expect(catStream.layer.kind === 'BatchNormalizationQuantizedTanh' && catStream.layer.binaryGe).toBe(
      false,
    );
    const q = lower(bnGraph('binary_tanh'), config('Quartus'));
    expect(fused(q)).toBeUndefined();
    expect(q.reports.find((r) => r.pass === 'merge_batch_norm_quantized_tanh')!.warnings).toHaveLength(1);
  });

  it('does not fire when fuse_batch_normalization already folded the batch norm into a Dense', () => {
    const g = bnGraph('binary_tanh');
    const fc: Layer = {
      kind: 'Dense',
      name: 'fc',
      inputs: ['x'],
      outputShape: [3],
      nIn: 3,
      nOut: 3,
      weight: { shape: [3, 3], data: new Float32Array(9).fill(0.25) },
      bias: null,
      source: src('Dense', 'fc'),
    };
    const layers = [g.layers[0]!, fc, { ...g.layers[1]!, inputs: ['fc'] } as Layer, g.layers[2]!];
    const auto = withLayerSetting(config(), 'fc', { precision: { result: 'auto', accum: 'auto' } });
    const lowered = lower({ ...g, layers }, auto);
    expect(fused(lowered)).toBeUndefined();
    expect(lowered.layers.map((l) => l.name)).toEqual(['x', 'fc', 'act']);
    // With fc's result set explicitly the batch norm stays and is fused with the activation.
    const kept = lower(
      { ...g, layers },
      withLayerSetting(config(), 'fc', { precision: { result: 'ap_fixed<10,4>' } }),
    );
    expect(fused(kept)?.types['threshold_t']).toEqual(makeFixed(10, 4, true));
  });
});

describe('QKeras ternary (TernaryTanh): extract_ternary_threshold before the fusion', () => {
  const thresholds = (g: LoweredGraph) => {
    const l = fused(g)!;
    if (l.layer.kind !== 'BatchNormalizationQuantizedTanh') throw new Error('not fused');
    return [Array.from(l.layer.threshold.data), Array.from(l.layer.thresholdLo!.data), l.inputs];
  };

  it('without a batch norm: thresholds ±t on the input grid (scale 0.5/t, bias 0)', () => {
    const g = lower(
      bnGraph('ternary_tanh', { noBn: true, ternaryThreshold: 0.4, actOp: 'QActivation' }),
      config(),
    );
    // 0.5/(0.5/0.4) = 0.4 → floor(12.8)/32, −0.4 → floor(−12.8)/32
    expect(thresholds(g)).toEqual([[0.375], [-0.40625], ['x']]);
    expect(fused(g)!.name).toBe('bnbt_act_scale');
  });

  it('after a batch norm with an explicit output type: the batch norm stays, thresholds ±t on its grid', () => {
    const c = withLayerSetting(config(), 'bn', { precision: { result: 'ap_fixed<10,3>' } });
    const g = lower(bnGraph('ternary_tanh', { ternaryThreshold: 0.33, actOp: 'QActivation' }), c);
    expect(g.layers.map((l) => l.name)).toEqual(['x', 'bn', 'bnbt_act_scale']);
    // ±0.33 on 2^-7: floor(42.24) = 42, floor(−42.24) = −43
    expect(thresholds(g)).toEqual([[42 / 128], [-43 / 128], ['bn']]);
  });

  it('after a batch norm with an auto output type: merged into it (scale s·0.5/t, bias b·0.5/t, float64)', () => {
    const c = withLayerSetting(config(), 'bn', { precision: { result: 'auto' } });
    const g = lower(bnGraph('ternary_tanh', { ternaryThreshold: 0.25, actOp: 'QActivation' }), c);
    expect(g.layers.map((l) => l.name)).toEqual(['x', 'bnbt_act_scale']);
    // channel 0: s = 2·2, b = 1·2: t = −0.5, hi = 0.125 − 0.5, lo = −0.125 − 0.5 (exact), on 2^-5
    const [hi, lo, inputs] = thresholds(g);
    expect([hi![0], lo![0], inputs]).toEqual([-0.375, -0.625, ['x']]);
  });

  it('a threshold of 0.5 needs no extraction: a lone ternary activation stays an activation', () => {
    const g = lower(
      bnGraph('ternary_tanh', { noBn: true, ternaryThreshold: 0.5, actOp: 'QActivation' }),
      config(),
    );
    expect(fused(g)).toBeUndefined();
  });
});

describe('quantize_dense_output and xnor products', () => {
  /** x → BN → binary_tanh → BinaryDense(4→2) → BN → ternary_tanh. */
  function binaryNet(op: string): ModelGraph {
    const base = bnGraph('binary_tanh');
    const w = Float32Array.from([1, -1, -1, 1, 1, 1, -1, -1, 1, 1]);
    const layers: Layer[] = [
      ...base.layers,
      {
        kind: 'Dense',
        name: 'bd',
        inputs: ['act'],
        outputShape: [2],
        nIn: 3,
        nOut: 2,
        weight: { shape: [3, 2], data: w.slice(0, 6) },
        bias: { shape: [2], data: Float32Array.from([1, -1]) },
        quantized: { weight: 'int<2>', bias: 'int<2>' },
        source: src(op, 'bd'),
      },
      {
        kind: 'BatchNormalization',
        name: 'bn2',
        inputs: ['bd'],
        outputShape: [2],
        scale: { shape: [2], data: Float32Array.from([0.5, 0.25]) },
        bias: { shape: [2], data: Float32Array.from([-0.3, 0.1]) },
        source: src('BatchNormalization', 'bn2'),
      },
      {
        kind: 'Activation',
        name: 'act2',
        activation: 'ternary_tanh',
        inputs: ['bn2'],
        outputShape: [2],
        source: src('Activation', 'act2'),
      },
    ];
    return { ...base, outputs: ['act2'], layers };
  }

  it('a BinaryDense after a binary tanh batch norm gets int<ceil(log2 n)+2>, XNOR weights and both_binary', () => {
    const c = withLayerSetting(config(), 'bd', { precision: { result: 'ap_fixed<6,3>' } });
    const g = lower(binaryNet('BinaryDense'), c);
    const bd = g.layers.find((l) => l.name === 'bd')!;
    expect(bd.types['result_t']).toEqual(makeInt(4));
    expect(bd.types['accum_t']).toEqual(makeInt(4));
    expect(bd.types['weight_t']).toEqual(makeInt(1, false));
    expect(bd.layer.kind === 'Dense' && Array.from(bd.layer.bias!.data)).toEqual([0, 0]);
    expect(denseProduct(bd.layer, bd.types['weight_t']!)).toBe('both_binary');
    const t = fused({ ...g, layers: g.layers.filter((l) => l.name === 'bnbt_bn2') })!;
    // −b/s = 0.6 and −0.4 with hi/lo ± 1 and ± 2, on ap_fixed<6,3>'s 2^-3 grid, then floored to integers
    expect(t.types['threshold_hi_t']).toEqual(makeInt(4));
    if (t.layer.kind !== 'BatchNormalizationQuantizedTanh') throw new Error('not fused');
    expect(Array.from(t.layer.threshold.data)).toEqual([1, 1]);
    expect(Array.from(t.layer.thresholdLo!.data)).toEqual([-1, -3]);
  });

  it('an ordinary Dense after a binary tanh batch norm takes data_binary and keeps its types', () => {
    const c = withLayerSetting(config(), 'bd', { precision: { result: 'ap_fixed<6,3>' } });
    const g = lower(binaryNet('Dense'), c);
    const bd = g.layers.find((l) => l.name === 'bd')!;
    expect(bd.types['result_t']).toEqual(makeFixed(6, 3, true));
    expect(denseProduct(bd.layer, bd.types['weight_t']!)).toBe('data_binary');
    // x = [−0.4, 2, 0.5] → bits [1, 1, 1] and [−1, 1, −1] → bits [0, 0, 0]: ±w summed plus the bias
    const out = emulate(
      g,
      [
        [-0.4, 2, 0.5],
        [-1, 1, -1],
      ],
      { trace: true },
    );
    expect(Array.from(out.traces!['bd']!)).toEqual([
      1 + 1 - 1 + 1,
      -1 - 1 + 1 + 1,
      1 - 1 + 1 - 1,
      -1 + 1 - 1 - 1,
    ]);
  });
});
