import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config/designConfig';
import type { ModelGraph } from '../core/ir/graph';
import { lower } from '../core/passes/lower';
import { weightStats } from './weightStats';

const graph: ModelGraph = {
  name: 'm',
  format: 'test',
  inputs: ['x'],
  outputs: ['fc'],
  metadata: {},
  layers: [
    { kind: 'Input', name: 'x', inputs: [], outputShape: [2], source: { op: 'Input', node: 'x' } },
    {
      kind: 'Dense',
      name: 'fc',
      inputs: ['x'],
      outputShape: [3],
      source: { op: 'Gemm', node: 'fc' },
      nIn: 2,
      nOut: 3,
      // 0.0001 becomes 0 at 10 fractional bits; 40 is beyond ap_fixed<16,6>'s [-32, 32).
      weight: { shape: [2, 3], data: Float32Array.of(0, 0.5, -1.5, 0.0001, 40, 0.25) },
      bias: { shape: [3], data: Float32Array.of(0, 0, 1) },
    },
  ],
};

describe('weightStats', () => {
  it('gives range, mean, sparsity and what the weight type does to the weights', () => {
    const cfg = defaultConfig();
    const s = weightStats(lower(graph, cfg, 'm'), 'fc')!;
    expect(s.tensors.map((t) => t.name)).toEqual(['weight', 'bias']);
    const w = s.tensors[0]!;
    expect(w.slot).toBe('weight_t');
    expect(w.type).toBe('ap_fixed<16,6>');
    expect([w.count, w.min, w.max, w.zeros, w.quantizedZeros, w.outOfRange]).toEqual([6, -1.5, 40, 1, 2, 1]);
    expect(w.mean).toBe((0 + 0.5 - 1.5 + Math.fround(0.0001) + 40 + 0.25) / 6);
    expect(w.histogram!.lowBit).toBe(-10);
    expect(w.histogram!.highBit).toBe(5);
    const b = s.tensors[1]!;
    expect([b.zeros, b.quantizedZeros, b.min, b.max]).toEqual([2, 2, 0, 1]);
    expect(weightStats(lower(graph, cfg, 'm'), 'x')!.tensors).toEqual([]);
  });
});
