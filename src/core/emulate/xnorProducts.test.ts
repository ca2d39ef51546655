import { describe, expect, it } from 'vitest';
import { makeFixed, makeInt } from '../fixed/types';
import type { DenseLayer } from '../ir/graph';
import { prepareBothBinary } from './xnorProducts';
import type { FixedTensor } from './tensor';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const N_IN = 20;
const N_OUT = 7;
const r = lcg(5);
const layer: DenseLayer = {
  kind: 'Dense',
  name: 'fc',
  inputs: ['x'],
  outputShape: [N_OUT],
  nIn: N_IN,
  nOut: N_OUT,
  weight: { shape: [N_IN, N_OUT], data: Float32Array.from({ length: N_IN * N_OUT }, () => r() - 0.5) },
  bias: { shape: [N_OUT], data: Float32Array.from({ length: N_OUT }, () => Math.floor(r() * 8) - 4) },
  weightEncoding: 'xnor',
  source: { op: 'QDense', node: 'fc' },
};
const SAMPLES = 60;
const x: FixedTensor = {
  type: makeInt(1, false),
  size: N_IN,
  samples: SAMPLES,
  raws: Float64Array.from({ length: N_IN * SAMPLES }, () => (r() < 0.5 ? 0 : 1)),
};
const counters = () => ({ product: { count: 0 }, accum: { count: 0 }, result: { count: 0 } });

describe('both_binary (a == w)', () => {
  it('sums the matches plus the bias in a wide accumulator', () => {
    const t = {
      weight: makeInt(1, false),
      bias: makeInt(4),
      accum: makeInt(8),
      result: makeInt(8),
    };
    const out = prepareBothBinary(layer, t, 'latency', 1, 'ap', counters())(x);
    for (let s = 0; s < SAMPLES; s++) {
      for (let j = 0; j < N_OUT; j++) {
        let matches = 0;
        for (let i = 0; i < N_IN; i++) {
          const w = layer.weight.data[i * N_OUT + j]! > 0 ? 1 : 0;
          if ((x.raws[s * N_IN + i] as number) === w) matches++;
        }
        expect(out.raws[s * N_OUT + j]).toBe(matches + layer.bias!.data[j]!);
      }
    }
  });

  it('the number loop equals the BigInt loop with saturating sums in every reuse regime', () => {
    const t = {
      weight: makeInt(1, false),
      bias: makeFixed(6, 4, true),
      accum: makeFixed(6, 4, true, 'TRN', 'SAT'),
      result: makeFixed(5, 3, true, 'RND', 'WRAP'),
    };
    for (const [strategy, rf] of [
      ['latency', 1],
      ['resource', 4],
      ['resource', 40],
      ['resource', 28],
    ] as const) {
      const fast = prepareBothBinary(layer, t, strategy, rf, 'ap', counters())(x);
      const c = counters();
      const slow = prepareBothBinary(layer, t, strategy, rf, 'ap', c, undefined, 'bigint')(x);
      expect(Array.from(fast.raws, Number)).toEqual(Array.from(slow.raws, Number));
      expect(c.accum.count).toBeGreaterThan(0);
    }
  });
});
