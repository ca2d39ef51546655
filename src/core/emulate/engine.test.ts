// The engine's per-layer profile: the largest accumulator value before the result cast, which the
// inspector shows as "Max |value| before cast" (how many integer bits the result type would need).
import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting } from '../config/designConfig';
import type { ModelGraph } from '../ir/graph';
import { lower } from '../passes/lower';
import { emulate } from './engine';

const src = (op: string) => ({ op, node: op });
const graph: ModelGraph = {
  name: 'm',
  format: 'test',
  inputs: ['x'],
  outputs: ['fc'],
  metadata: {},
  layers: [
    { kind: 'Input', name: 'x', inputs: [], outputShape: [1], source: src('Input') },
    {
      kind: 'Dense',
      name: 'fc',
      inputs: ['x'],
      outputShape: [1],
      nIn: 1,
      nOut: 1,
      weight: { shape: [1, 1], data: Float32Array.from([2]) },
      bias: { shape: [1], data: Float32Array.from([0.5]) },
      source: src('Gemm'),
    },
  ],
};

describe('emulation profile', () => {
  it('records the accumulator before the result cast, even when the result wraps', () => {
    const cfg = withLayerSetting(defaultConfig(), 'fc', { precision: { result: 'ap_fixed<4,2>' } });
    const r = emulate(lower(graph, cfg), [[3], [-1]]);
    const fc = r.layers.find((l) => l.name === 'fc')!;
    // 3·2 + 0.5 = 6.5 does not fit ap_fixed<4,2> ([-2, 1.75]): raw 26 wraps to −6 (−1.5), one overflow.
    expect(Array.from(r.outputs[0]!)).toEqual([-1.5, -1.5]);
    expect(fc.overflows['result_t']).toBe(1);
    expect(fc.maxAbsBeforeCast).toBe(6.5);
  });
});
