// C-sim parity of Merge (all six ops, same-size and broadcast operands), Concatenate (1D, 2D and 3D on
// every axis), Dot and PReLU (per-element and shared alpha): one project per seeded config, 1,000 rows.
import { describe, expect, it } from 'vitest';
import type { Layer, MergeOp, ModelGraph } from '../../src/core/ir/graph';
import { dense, graph, input, rng } from '../backends/graphs';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

const src = (op: string, node: string) => ({ op, node });

function merge(name: string, op: MergeOp, a: string, b: string, n: number): Layer {
  return { kind: 'Merge', name, op, inputs: [a, b], outputShape: [n], source: src('Merge', name) };
}

function reshape(name: string, from: string, shape: number[]): Layer {
  return { kind: 'Reshape', name, inputs: [from], outputShape: shape, source: src('Reshape', name) };
}

function concat(name: string, a: string, b: string, axis: number, shape: number[]): Layer {
  return { kind: 'Concatenate', name, axis, inputs: [a, b], outputShape: shape, source: src('Concat', name) };
}

function prelu(name: string, from: string, n: number, nAlpha: number, seed: number): Layer {
  const r = rng(seed);
  return {
    kind: 'PReLU',
    name,
    inputs: [from],
    outputShape: [n],
    source: src('PRelu', name),
    alpha: { shape: [nAlpha], data: Float32Array.from({ length: nAlpha }, () => r() * 0.7) },
  };
}

const OPS: readonly MergeOp[] = ['add', 'subtract', 'multiply', 'average', 'maximum', 'minimum'];

function model(): ModelGraph {
  const layers: Layer[] = [
    input('x', 12),
    dense('a', 'x', 12, 12, 11, 0.9),
    dense('b', 'x', 12, 12, 12, 0.9),
    dense('c', 'x', 12, 4, 13, 0.9),
  ];
  const outputs: string[] = [];
  for (const op of OPS) {
    layers.push(merge(`m_${op}`, op, 'a', 'b', 12));
    layers.push(merge(`mb_${op}`, op, 'a', 'c', 12)); // c broadcast by index modulo 4
    outputs.push(`m_${op}`, `mb_${op}`);
  }
  layers.push(concat('cat1', 'a', 'c', 0, [16]));
  layers.push(reshape('a2', 'a', [3, 4]), reshape('b2', 'b', [3, 4]));
  layers.push(concat('cat2_0', 'a2', 'b2', 0, [6, 4]), concat('cat2_1', 'a2', 'b2', 1, [3, 8]));
  layers.push(reshape('a3', 'a', [2, 2, 3]), reshape('b3', 'b', [2, 2, 3]));
  layers.push(
    concat('cat3_0', 'a3', 'b3', 0, [4, 2, 3]),
    concat('cat3_1', 'a3', 'b3', 1, [2, 4, 3]),
    concat('cat3_2', 'a3', 'b3', 2, [2, 2, 6]),
  );
  outputs.push('cat1', 'cat2_0', 'cat2_1', 'cat3_0', 'cat3_1', 'cat3_2');
  layers.push({ kind: 'Dot', name: 'dot', inputs: ['a', 'b'], outputShape: [1], source: src('Dot', 'dot') });
  layers.push(prelu('prelu', 'a', 12, 12, 21), prelu('prelu1', 'b', 12, 1, 22));
  outputs.push('dot', 'prelu', 'prelu1');
  return graph('merges', layers, outputs);
}

function drawConfig(seed: number) {
  const d = new TypeDraw(seed);
  const settings: Record<string, Parameters<typeof configWith>[0][string]> = {
    x: { precision: { result: d.fixed(10, 16, 3, 6) } },
  };
  for (const n of ['a', 'b', 'c']) {
    settings[n] = { precision: { result: d.fixed(8, 18, 2, 6), accum: d.fixed(16, 24, 5, 8) } };
  }
  for (const op of OPS) {
    for (const n of [`m_${op}`, `mb_${op}`]) {
      // Every third config lets infer_precision_types choose the exact result type.
      settings[n] = { precision: { result: seed % 3 === 0 ? 'auto' : d.fixed(6, 20, 2, 8) } };
    }
  }
  for (const n of ['cat1', 'cat2_0', 'cat2_1', 'cat3_0', 'cat3_1', 'cat3_2']) {
    settings[n] = { precision: { result: seed % 3 === 0 ? 'auto' : d.fixed(6, 16, 2, 6) } };
  }
  settings['dot'] = {
    precision:
      seed % 3 === 0
        ? { result: 'auto', accum: 'auto' }
        : { result: d.fixed(8, 20, 4, 8), accum: d.fixed(8, 22, 4, 9) },
  };
  settings['prelu'] = { precision: { result: d.fixed(6, 16, 2, 5), param: d.fixed(4, 12, 0, 2) } };
  settings['prelu1'] = { precision: { result: d.fixed(6, 16, 2, 5), param: 'auto' } };
  return configWith(settings);
}

describe.each([1, 2, 3].map((s) => [s] as const))(
  'merge/concatenate/dot/prelu parity, config seed %i',
  (seed) => {
    it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
      const rows = parityInputs(200 + seed, 12, 1.5);
      const r = await runGraphParity(`merges${seed}`, model(), drawConfig(seed), rows);
      expect(r.rows).toBe(1000);
      expect(r.values).toBe(1000 * (12 * 12 + 16 + 24 * 5 + 1 + 24));
      expect(r.mismatches).toEqual([]);
      expect(r.overflowEvents).toBeGreaterThan(0);
    }, 600_000);
  },
);
