// Test support for the emulator's tests: a small Dense/ReLU chain that narrow types make wrap and a
// raw-for-raw comparable view of a result (prepared and incremental runs), a seeded generator and the
// range scan the kernels' recorded ranges are checked against (fast paths).
import type { Layer, ModelGraph } from '../ir/graph';
import { randomNormalRows } from './inputs';
import type { EmulationResult } from './types';

const src = (op: string) => ({ op, node: op });
const N = 6;

function dense(name: string, input: string, seed: number): Layer {
  return {
    kind: 'Dense',
    name,
    inputs: [input],
    outputShape: [N],
    nIn: N,
    nOut: N,
    weight: {
      shape: [N, N],
      data: Float32Array.from({ length: N * N }, (_, i) => Math.sin(seed * 7 + i) * 1.7),
    },
    bias: { shape: [N], data: Float32Array.from({ length: N }, (_, i) => Math.cos(seed + i) * 0.9) },
    source: src('Gemm'),
  };
}

function relu(name: string, input: string): Layer {
  return {
    kind: 'Activation',
    name,
    inputs: [input],
    outputShape: [N],
    activation: 'relu',
    source: src('Relu'),
  };
}

/** x → fc0 → relu0 → … → fc3 → relu3. A fresh graph each call: new IR layer objects, so nothing prepared
 *  or remembered for another graph is shared. */
export function chain(): ModelGraph {
  const layers: Layer[] = [{ kind: 'Input', name: 'x', inputs: [], outputShape: [N], source: src('Input') }];
  let prev = 'x';
  for (let k = 0; k < 4; k++) {
    layers.push(dense(`fc${k}`, prev, k), relu(`relu${k}`, `fc${k}`));
    prev = `relu${k}`;
  }
  return { name: 'chain', format: 'test', inputs: ['x'], outputs: [prev], metadata: {}, layers };
}

/** 600 rows for chain(): 3 chunks of the worker's 250 rows. */
export const chainRows = (seed: number): number[][] => randomNormalRows(seed, 600, N, 2);

/** Outputs, per-layer stats and traces as plain arrays, for toEqual. */
export function comparable(r: EmulationResult): unknown {
  return {
    raws: r.outputRaws.map((x) => Array.from(x as ArrayLike<number>)),
    layers: r.layers,
    traces: Object.fromEntries(Object.entries(r.traces ?? {}).map(([k, v]) => [k, Array.from(v)])),
  };
}

/** A seeded linear congruential generator in [0, 1). */
export function lcg(seed: number): () => number {
  let a = seed;
  return () => (a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Smallest and largest raw, as the engine's record scans them. */
export function scan(raws: Float64Array): { lo: number; hi: number } {
  let lo = raws[0]!;
  let hi = lo;
  for (const v of raws) {
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  return { lo, hi };
}
