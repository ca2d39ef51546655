// The Float64 pooling path computes exactly what the BigInt path computes: raws and overflow counts, for
// random types (every rounding and overflow mode, signed and unsigned), padding and count_pad.
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import type { FixedType } from '../fixed/types';
import type { GlobalPoolingLayer, PoolingLayer } from '../ir/graph';
import { prepareGlobalPooling, preparePooling, type PoolingPath } from './pooling';
import type { FixedTensor } from './tensor';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ROUNDING = [
  'AP_TRN',
  'AP_TRN_ZERO',
  'AP_RND',
  'AP_RND_ZERO',
  'AP_RND_INF',
  'AP_RND_MIN_INF',
  'AP_RND_CONV',
];
const OVERFLOW = ['AP_WRAP', 'AP_SAT', 'AP_SAT_ZERO', 'AP_SAT_SYM'];

function randomType(r: () => number): FixedType {
  const signed = r() < 0.7;
  const w = 2 + Math.floor(r() * 20);
  const i = Math.floor(r() * (w + 4)) - 2;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  return P(`${signed ? 'ap_fixed' : 'ap_ufixed'}<${w},${i},${pick(ROUNDING)},${pick(OVERFLOW)}>`);
}

function input(r: () => number, type: FixedType, size: number, samples: number): FixedTensor {
  const lo = type.signed ? -(2 ** (type.width - 1)) : 0;
  const span = 2 ** type.width;
  const raws = Float64Array.from({ length: size * samples }, () => lo + Math.floor(r() * span));
  return { type, size, samples, raws };
}

const src = { op: 'test', node: 'p' };

describe('pooling paths', () => {
  it('Float64 and BigInt agree on 300 random 2-D poolings', () => {
    const r = rng(20261124);
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(r() * 3);
      const s = 1 + Math.floor(r() * 2);
      const pads = [0, 0, 0, 0].map(() => (r() < 0.4 ? Math.floor(r() * k) : 0));
      const h = 3 + Math.floor(r() * 4);
      const w = 3 + Math.floor(r() * 4);
      const c = 1 + Math.floor(r() * 3);
      const oh = Math.floor((h + pads[0]! + pads[1]! - k) / s) + 1;
      const ow = Math.floor((w + pads[2]! + pads[3]! - k) / s) + 1;
      const layer: PoolingLayer = {
        kind: 'Pooling',
        name: 'p',
        inputs: ['x'],
        outputShape: [oh, ow, c],
        source: src,
        rank: 2,
        kernel: [k, k],
        strides: [s, s],
        dilations: [1, 1],
        pads,
        op: r() < 0.5 ? 'max' : 'average',
        countPad: r() < 0.3,
      };
      const xType = randomType(r);
      const types = { accum: randomType(r), result: randomType(r) };
      const x = input(r, xType, h * w * c, 3);
      const run = (path: PoolingPath) => {
        const counters = { accum: { count: 0 }, result: { count: 0 } };
        const out = preparePooling(layer, [h, w, c], xType, types, 'ap', counters, path)(x);
        return { raws: Array.from(out.raws, Number), counters };
      };
      expect(run('fastest'), `trial ${trial}`).toEqual(run('bigint'));
    }
  });

  it('Float64 and BigInt agree on 100 random global poolings', () => {
    const r = rng(7);
    for (let trial = 0; trial < 100; trial++) {
      const h = 1 + Math.floor(r() * 5);
      const w = 1 + Math.floor(r() * 5);
      const c = 1 + Math.floor(r() * 4);
      const layer: GlobalPoolingLayer = {
        kind: 'GlobalPooling',
        name: 'g',
        inputs: ['x'],
        outputShape: [c],
        source: src,
        rank: 2,
        op: r() < 0.5 ? 'max' : 'average',
        keepDims: false,
      };
      const xType = randomType(r);
      const types = { accum: randomType(r), result: randomType(r) };
      const x = input(r, xType, h * w * c, 3);
      const run = (path: PoolingPath) => {
        const counters = { accum: { count: 0 }, result: { count: 0 } };
        const out = prepareGlobalPooling(layer, [h, w, c], xType, types, 'ap', counters, path)(x);
        return { raws: Array.from(out.raws, Number), counters };
      };
      expect(run('fastest'), `trial ${trial}`).toEqual(run('bigint'));
    }
  });
});
