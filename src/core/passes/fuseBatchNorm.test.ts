import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting } from '../config/designConfig';
import { foldBatchNorm } from '../ir/batchnorm';
import type { ModelGraph } from '../ir/graph';
import { lower } from './lower';

const f32 = Math.fround;
const src = (op: string) => ({ op, node: op });

function graph(): ModelGraph {
  const { scale, bias } = foldBatchNorm([1.5, 0.5], [0.1, -0.2], [0.3, 0.4], [2, 0.25], 1e-5);
  return {
    name: 'm',
    format: 'test',
    inputs: ['x'],
    outputs: ['relu'],
    metadata: {},
    layers: [
      { kind: 'Input', name: 'x', inputs: [], outputShape: [3], source: src('Input') },
      {
        kind: 'Dense',
        name: 'fc',
        inputs: ['x'],
        outputShape: [2],
        nIn: 3,
        nOut: 2,
        weight: { shape: [3, 2], data: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) },
        bias: { shape: [2], data: Float32Array.from([0.01, 0.02]) },
        source: src('Gemm'),
      },
      {
        kind: 'BatchNormalization',
        name: 'bn',
        inputs: ['fc'],
        outputShape: [2],
        scale: { shape: [2], data: scale },
        bias: { shape: [2], data: bias },
        source: src('BatchNormalization'),
      },
      {
        kind: 'Activation',
        name: 'relu',
        inputs: ['bn'],
        outputShape: [2],
        activation: 'relu',
        source: src('Relu'),
      },
    ],
  };
}

describe('batch norm folding and fusion', () => {
  it('folds statistics in float32, as numpy does', () => {
    const { scale, bias } = foldBatchNorm([1.5], [0.1], [0.3], [2], 1e-5);
    const s = f32(f32(1.5) / f32(Math.sqrt(f32(f32(2) + f32(1e-5)))));
    expect(scale[0]).toBe(s);
    expect(bias[0]).toBe(f32(f32(0.1) - f32(f32(0.3) * s)));
    expect(scale[0]).not.toBe(1.5 / Math.sqrt(2 + 1e-5)); // the float64 fold differs
  });

  it('fuses into a Dense whose result is auto; the bn disappears and relu reads fc', () => {
    const cfg = withLayerSetting(defaultConfig(), 'fc', { precision: { result: 'auto', accum: 'auto' } });
    const g = lower(graph(), cfg);
    expect(g.layers.map((l) => [l.name, l.index, l.inputs])).toEqual([
      ['x', 1, []],
      ['fc', 2, ['x']],
      ['relu', 4, ['fc']],
    ]);
    const fc = g.layers[1]!.layer;
    if (fc.kind !== 'Dense') throw new Error('not dense');
    const bn = graph().layers[2]!;
    if (bn.kind !== 'BatchNormalization') throw new Error('not bn');
    const s = bn.scale.data;
    expect(Array.from(fc.weight.data)).toEqual(
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((w, i) => f32(f32(s[i % 2]!) * f32(w))),
    );
    expect(fc.bias!.data[1]).toBe(f32(f32(f32(s[1]!) * f32(0.02)) + bn.bias.data[1]!));
    expect(g.reports.find((r) => r.pass === 'fuse_batch_normalization')!.changes).toEqual([
      { layer: 'fc', message: 'fused batch norm bn into the weights and bias' },
    ]);
  });

  it('does not fuse when the Dense result precision is explicit (hls4ml would not)', () => {
    const g = lower(graph(), defaultConfig());
    expect(g.layers.map((l) => l.name)).toEqual(['x', 'fc', 'bn', 'relu']);
  });
});
