// C-sim parity of Embedding: indices from fixed-point inputs (truncated toward zero, clamped to the
// vocabulary), rows of the quantized table cast to result_t; 1,000 rows per seeded config.
import { describe, expect, it } from 'vitest';
import type { EmbeddingLayer, ModelGraph } from '../../src/core/ir/graph';
import { graph, input, rng } from '../backends/graphs';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

function embedding(name: string, vocab: number, nOut: number, nIn: number, seed: number): EmbeddingLayer {
  const r = rng(seed);
  return {
    kind: 'Embedding',
    name,
    inputs: ['x'],
    outputShape: [nIn, nOut],
    source: { op: 'Embedding', node: name },
    vocab,
    nOut,
    weight: { shape: [vocab, nOut], data: Float32Array.from({ length: vocab * nOut }, () => r() * 3) },
  };
}

function model(): ModelGraph {
  return graph(
    'embed',
    [input('x', 6), embedding('e1', 20, 5, 6, 31), embedding('e2', 7, 3, 6, 32)],
    ['e1', 'e2'],
  );
}

describe.each([1, 2, 3].map((s) => [s] as const))('embedding parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const d = new TypeDraw(seed);
    const config = configWith({
      x: { precision: { result: d.fixed(8, 14, 5, 7, seed === 2) } },
      e1: { precision: { result: d.fixed(6, 14, 1, 2), embeddings: d.fixed(8, 16, 2, 3) } },
      e2: { precision: { result: d.fixed(6, 14, 1, 2), embeddings: d.fixed(8, 16, 2, 3) } },
    });
    const rows = parityInputs(300 + seed, 6, 8).map((r) => r.map((v) => v + 6));
    const res = await runGraphParity(`embed${seed}`, model(), config, rows);
    expect(res.rows).toBe(1000);
    expect(res.values).toBe(1000 * 6 * 8);
    expect(res.mismatches).toEqual([]);
    expect(res.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});
