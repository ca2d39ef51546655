// C-sim parity of LayerNormalization over the last axis (1-D and 2-D inputs); 1,000 rows per seeded config.
import { describe, expect, it } from 'vitest';
import type { Layer, LayerNormLayer, ModelGraph } from '../../src/core/ir/graph';
import { graph, rng } from '../backends/graphs';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

function ln(name: string, from: string, shape: number[], seed: number, epsilon: number): LayerNormLayer {
  const r = rng(seed);
  const n = shape[shape.length - 1]!;
  return {
    kind: 'LayerNormalization',
    name,
    inputs: [from],
    outputShape: shape,
    source: { op: 'LayerNormalization', node: name },
    epsilon,
    gamma: { shape: [n], data: Float32Array.from({ length: n }, () => 1 + r() * 0.5) },
    beta: { shape: [n], data: Float32Array.from({ length: n }, () => r() * 0.5) },
  };
}

function model(): ModelGraph {
  const x: Layer = {
    kind: 'Input',
    name: 'x',
    inputs: [],
    outputShape: [4, 6],
    source: { op: 'input', node: 'x' },
  };
  const flat: Layer = {
    kind: 'Reshape',
    name: 'flat',
    inputs: ['x'],
    outputShape: [24],
    source: { op: 'Reshape', node: 'flat' },
  };
  return graph(
    'lns',
    [x, flat, ln('ln2d', 'x', [4, 6], 51, 1e-3), ln('ln1d', 'flat', [24], 52, 1e-5)],
    ['ln2d', 'ln1d'],
  );
}

describe.each([1, 2, 3].map((s) => [s] as const))('layer normalization parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const d = new TypeDraw(seed);
    const settings: Parameters<typeof configWith>[0] = {
      x: { precision: { result: d.fixed(10, 16, 3, 6) } },
    };
    for (const n of ['ln2d', 'ln1d']) {
      settings[n] = {
        tableSize: d.pick([256, 1024, 4096]),
        precision: {
          result: d.fixed(8, 18, 2, 4),
          scale: d.fixed(8, 14, 1, 2),
          bias: d.fixed(6, 12, 1, 2),
          accum: d.fixed(14, 26, 5, 9),
          table: d.fixed(10, 20, 2, 5),
        },
      };
    }
    const rows = parityInputs(500 + seed, 24, 1.5);
    const r = await runGraphParity(`lns${seed}`, model(), configWith(settings), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * 48);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});
