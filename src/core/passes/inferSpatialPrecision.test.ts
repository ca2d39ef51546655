// 'auto' precisions of the spatial kinds follow hls4ml's inference rules (hls4ml-facts.md §5.5).
import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting } from '../config/designConfig';
import type { Layer, ModelGraph } from '../ir/graph';
import { lower } from './lower';

const src = (n: string) => ({ op: 'test', node: n });
const w = (n: number) => ({ shape: [n], data: new Float64Array(n).fill(0.25) });
const win = (kernel: number[]) => ({
  rank: kernel.length as 1 | 2,
  kernel,
  strides: kernel.map(() => 1),
  dilations: kernel.map(() => 1),
  pads: kernel.flatMap(() => [0, 0]),
});

const layers: Layer[] = [
  { kind: 'Input', name: 'x', inputs: [], outputShape: [6, 6, 3], source: src('x') },
  {
    kind: 'Conv',
    name: 'conv',
    inputs: ['x'],
    outputShape: [4, 4, 2],
    source: src('conv'),
    ...win([3, 3]),
    nChan: 3,
    nFilt: 2,
    weight: w(54),
    bias: w(2),
  },
  {
    kind: 'DepthwiseConv',
    name: 'dw',
    inputs: ['x'],
    outputShape: [4, 4, 3],
    source: src('dw'),
    ...win([3, 3]),
    nChan: 3,
    depthMultiplier: 1,
    weight: w(27),
    bias: w(3),
  },
  {
    kind: 'Pooling',
    name: 'avg',
    inputs: ['x'],
    outputShape: [3, 3, 3],
    source: src('avg'),
    ...win([2, 2]),
    strides: [2, 2],
    op: 'average',
    countPad: false,
  },
  {
    kind: 'Pooling',
    name: 'max',
    inputs: ['x'],
    outputShape: [3, 3, 3],
    source: src('max'),
    ...win([2, 2]),
    strides: [2, 2],
    op: 'max',
    countPad: false,
  },
  {
    kind: 'BatchNormalization',
    name: 'bn',
    inputs: ['x'],
    outputShape: [6, 6, 3],
    source: src('bn'),
    scale: w(3),
    bias: w(3),
  },
  { kind: 'Reshape', name: 'flat', inputs: ['x'], outputShape: [108], source: src('flat') },
  {
    kind: 'LayerNormalization',
    name: 'ln',
    inputs: ['x'],
    outputShape: [6, 6, 3],
    source: src('ln'),
    epsilon: 1e-3,
    gamma: w(3),
    beta: w(3),
  },
];
const g: ModelGraph = {
  name: 't',
  format: 'test',
  layers,
  inputs: ['x'],
  outputs: ['conv', 'dw', 'avg', 'max', 'bn', 'flat', 'ln'],
  metadata: {},
};

describe('spatial precision inference', () => {
  it("resolves 'auto' like hls4ml", () => {
    let c = defaultConfig();
    c = withLayerSetting(c, 'x', { precision: { result: 'ap_fixed<10,4>' } });
    for (const n of ['conv', 'dw', 'avg', 'max', 'bn', 'flat', 'ln']) {
      c = withLayerSetting(c, n, {
        precision: {
          result: 'auto',
          accum: 'auto',
          scale: 'auto',
          weight: 'ap_fixed<8,2>',
          bias: 'ap_fixed<8,3>',
        },
      });
    }
    const lowered = lower(g, c);
    const t = (n: string, slot: string): string => {
      const ty = lowered.layers.find((l) => l.name === n)!.types[slot]!;
      return `${ty.signed ? '' : 'u'}${ty.width},${ty.integer}`;
    };
    // conv: n_ops 27 → W = 8+10+5 = 23, I = 2+4+5 = 11; bias: I = max(11, 3)+1 = 12, W = 12 + max(12, 5) = 24
    expect(t('conv', 'accum_t')).toBe('24,12');
    expect(t('conv', 'result_t')).toBe('24,12');
    // depthwise: n_ops 9 → W = 22, I = 10; bias → I = 11, W = 23
    expect(t('dw', 'accum_t')).toBe('23,11');
    // average: e = 2 → W = 10+4, I = 4+2; result = input
    expect(t('avg', 'accum_t')).toBe('14,6');
    expect(t('avg', 'result_t')).toBe('10,4');
    expect(t('max', 'accum_t')).toBe('10,4');
    // bn: scale = default <16,6>: W = 26, I = 10; bias <8,3>: I = 11, W = 11 + max(16, 5) = 27
    expect(t('bn', 'result_t')).toBe('27,11');
    expect(t('flat', 'result_t')).toBe('10,4');
    // LayerNormalization takes the batch-norm rule; its accum_t falls back to the default.
    expect(t('ln', 'scale_t')).toBe('16,6');
    expect(t('ln', 'result_t')).toBe('27,11');
    expect(t('ln', 'accum_t')).toBe('16,6');
  });

  it('adds the ap_uint<1> zero bias hls4ml gives a layer without one (infer_no_bias is off)', () => {
    const noBias: ModelGraph = {
      ...g,
      layers: [
        layers[0]!,
        { ...(layers[1] as Extract<Layer, { kind: 'Conv' }>), bias: null },
        {
          kind: 'Dense',
          name: 'fc',
          inputs: ['x'],
          outputShape: [2],
          source: src('fc'),
          nIn: 108,
          nOut: 2,
          weight: w(216),
          bias: null,
        },
      ],
      outputs: ['conv', 'fc'],
    };
    let c = defaultConfig();
    c = withLayerSetting(c, 'x', { precision: { result: 'ap_fixed<10,4>' } });
    for (const n of ['conv', 'fc'])
      c = withLayerSetting(c, n, { precision: { result: 'auto', accum: 'auto', weight: 'ap_fixed<8,2>' } });
    const lowered = lower(noBias, c);
    const t = (n: string): string => {
      const ty = lowered.layers.find((l) => l.name === n)!.types['accum_t']!;
      return `${ty.signed ? '' : 'u'}${ty.width},${ty.integer}`;
    };
    // conv: W 23, I 11, F 12; + ap_uint<1>: I = max(11, 1 + 1) + 1 = 12, W = 12 + max(12, 0) = 24
    expect(t('conv')).toBe('24,12');
    // dense: n_ops 108 → W = 8+10+7 = 25, I = 2+4+7 = 13; + ap_uint<1>: I 14, W 26
    expect(t('fc')).toBe('26,14');
  });

  it("gives a separable layer's result and accum to both of hls4ml's split halves unless named", () => {
    const sep: ModelGraph = {
      ...g,
      layers: [
        layers[0]!,
        {
          kind: 'SeparableConv',
          name: 'sep',
          inputs: ['x'],
          outputShape: [4, 4, 2],
          source: src('sep'),
          ...win([3, 3]),
          nChan: 3,
          nFilt: 2,
          depthMultiplier: 1,
          depthwise: w(27),
          pointwise: w(6),
          bias: w(2),
        },
      ],
      outputs: ['sep'],
    };
    const types = (precision: Record<string, string>): string[] => {
      const c = withLayerSetting(defaultConfig(), 'sep', { precision });
      const t = lower(sep, c).layers.find((l) => l.name === 'sep')!.types;
      return ['depthwise_t', 'depthwise_accum_t', 'depthwise_result_t', 'pointwise_accum_t', 'result_t'].map(
        (k) => `${t[k]!.width},${t[k]!.integer}`,
      );
    };
    // weight → depthwise (and pointwise), accum → both accumulators, result → the depthwise result too
    expect(types({ weight: 'ap_fixed<8,2>', accum: 'ap_fixed<20,8>', result: 'ap_fixed<12,5>' })).toEqual([
      '8,2',
      '20,8',
      '12,5',
      '20,8',
      '12,5',
    ]);
    // the halves' own names win
    expect(
      types({
        accum: 'ap_fixed<20,8>',
        depthwise_accum: 'ap_fixed<18,7>',
        depthwise_result: 'ap_fixed<10,3>',
      }),
    ).toEqual(['16,6', '18,7', '10,3', '20,8', '16,6']);
  });
});
