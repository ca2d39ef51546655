// The kernels that skip work on the common design give what the general code gives: ReLU's branch-free
// int32 loop, the output ranges handed to the engine's record, and max pooling without casts.
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import type { FixedType } from '../fixed/types';
import type { Layer, PoolingLayer } from '../ir/graph';
import { prepareActivation } from './activations';
import { castKeepsEveryValue } from './castKeeps';
import { preparePooling, type PoolingPath } from './pooling';
import { rawRange, setRawRange } from './rawRange';
import { gatherIndex, prepareGather } from './reshape';
import type { FixedTensor } from './tensor';
import { lcg, scan } from './testing';

function randomRaws(r: () => number, t: FixedType, n: number): Float64Array {
  const lo = t.signed ? -(2 ** (t.width - 1)) : 0;
  return Float64Array.from({ length: n }, () => lo + Math.floor(r() * 2 ** t.width));
}

describe('ReLU', () => {
  for (const ts of ['ap_fixed<16,6>', 'ap_fixed<31,10>', 'ap_ufixed<12,4>', 'ap_fixed<40,12>']) {
    it(`${ts}: max(raw, 0) for every raw, and the range passed on from a known input range`, () => {
      const t = P(ts);
      const relu = prepareActivation('relu', t, t, P('ap_fixed<18,8>'), 1024, 'ap', { count: 0 });
      const r = lcg(ts.length);
      const x: FixedTensor = { type: t, size: 50, samples: 40, raws: randomRaws(r, t, 2000) };
      x.raws[7] = 0;
      const want = Array.from(x.raws as Float64Array, (v) => (v > 0 ? v : 0));
      expect(Array.from(relu(x).raws as Float64Array)).toEqual(want);
      const known = { ...x, raws: Float64Array.from(x.raws as Float64Array) };
      const { lo, hi } = scan(known.raws);
      setRawRange(known.raws, lo, hi);
      const y = relu(known).raws as Float64Array;
      const range = rawRange(y);
      if (t.width <= 31) expect(range).toEqual(scan(y));
      else expect(range).toBeUndefined();
      // all-negative input: the range is [0, 0]
      if (t.signed && t.width <= 31) {
        const neg = { ...x, raws: Float64Array.from(x.raws as Float64Array, (v) => -Math.abs(v) - 1) };
        setRawRange(neg.raws, ...(Object.values(scan(neg.raws)) as [number, number]));
        expect(rawRange(relu(neg).raws as Float64Array)).toEqual({ lo: 0, hi: 0 });
      }
    });
  }
});

describe('max pooling without casts', () => {
  it('castKeepsEveryValue: same LSB, a range that holds the source, SAT_SYM only when strictly wider', () => {
    const k = (a: string, b: string) => castKeepsEveryValue(P(a), P(b));
    expect(k('ap_fixed<16,6>', 'ap_fixed<16,6>')).toBe(true);
    expect(k('ap_fixed<16,6>', 'ap_fixed<18,8>')).toBe(true);
    expect(k('ap_ufixed<15,5>', 'ap_fixed<16,6>')).toBe(true);
    expect(k('ap_fixed<16,6>', 'ap_fixed<16,6,AP_TRN,AP_SAT_SYM>')).toBe(false);
    expect(k('ap_fixed<16,6>', 'ap_fixed<17,7,AP_TRN,AP_SAT_SYM>')).toBe(true);
    expect(k('ap_fixed<16,6>', 'ap_fixed<16,5>')).toBe(false);
    expect(k('ap_fixed<16,6>', 'ap_fixed<15,5>')).toBe(false);
    expect(k('ap_fixed<16,6>', 'ap_ufixed<16,6>')).toBe(false);
    expect(k('ap_ufixed<16,6>', 'ap_fixed<16,6>')).toBe(false);
    expect(k('ap_fixed<16,6>', 'ap_fixed<18,8,AP_TRN,AP_WRAP,1>')).toBe(false);
  });

  it('equals the BigInt path on random windows, padding included, where the casts keep every value', () => {
    const r = lcg(11);
    const types: [string, string, string][] = [
      ['ap_fixed<16,6>', 'ap_fixed<16,6>', 'ap_fixed<16,6>'],
      ['ap_ufixed<8,3>', 'ap_fixed<12,7>', 'ap_fixed<13,8,AP_RND,AP_SAT_SYM>'],
      ['ap_fixed<10,2>', 'ap_fixed<12,4,AP_RND,AP_SAT>', 'ap_fixed<12,4>'],
    ];
    let padded = 0;
    for (let trial = 0; trial < 120; trial++) {
      const [xs, as, rs] = types[trial % types.length]!;
      const xType = P(xs);
      const t = { accum: P(as), result: P(rs) };
      expect(castKeepsEveryValue(xType, t.accum) && castKeepsEveryValue(t.accum, t.result)).toBe(true);
      const k = 1 + Math.floor(r() * 3);
      const s = 1 + Math.floor(r() * 2);
      const pads = [0, 0, 0, 0].map(() => (r() < 0.4 ? Math.floor(r() * k) : 0));
      if (pads.some((p) => p > 0)) padded++;
      const h = 3 + Math.floor(r() * 5);
      const w = 3 + Math.floor(r() * 5);
      const c = 1 + Math.floor(r() * 5);
      const layer: PoolingLayer = {
        kind: 'Pooling',
        name: 'p',
        inputs: ['x'],
        outputShape: [
          Math.floor((h + pads[0]! + pads[1]! - k) / s) + 1,
          Math.floor((w + pads[2]! + pads[3]! - k) / s) + 1,
          c,
        ],
        source: { op: 'MaxPool', node: 'p' },
        rank: 2,
        kernel: [k, k],
        strides: [s, s],
        dilations: [1, 1],
        pads,
        op: 'max',
        countPad: false,
      };
      const x: FixedTensor = {
        type: xType,
        size: h * w * c,
        samples: 3,
        raws: randomRaws(r, xType, h * w * c * 3),
      };
      const run = (path: PoolingPath) => {
        const counters = { accum: { count: 0 }, result: { count: 0 } };
        const out = preparePooling(layer, [h, w, c], xType, t, 'ap', counters, path)(x);
        return { raws: Array.from(out.raws, Number), counters };
      };
      expect(run('fastest'), `trial ${trial}`).toEqual(run('bigint'));
    }
    expect(padded).toBeGreaterThan(20);
  });
});

describe('data movement without casts', () => {
  it('moves raws exactly as the gather index says, where result_t keeps every input value', () => {
    const src = { op: 'test', node: 'g' };
    const layers: [Layer, number[]][] = [
      [
        { kind: 'Transpose', name: 't', inputs: ['x'], outputShape: [4, 3, 2], source: src, perm: [2, 1, 0] },
        [2, 3, 4],
      ],
      [
        {
          kind: 'ZeroPadding',
          name: 'z',
          inputs: ['x'],
          outputShape: [5, 3],
          source: src,
          rank: 1,
          pads: [1, 2],
        },
        [2, 3],
      ],
      [{ kind: 'Reshape', name: 'r', inputs: ['x'], outputShape: [6], source: src }, [2, 3]] as [
        Layer,
        number[],
      ],
    ];
    const r = lcg(3);
    for (const [layer, inShape] of layers) {
      for (const [xs, rs] of [
        ['ap_fixed<16,6>', 'ap_fixed<16,6>'],
        ['ap_ufixed<7,2>', 'ap_fixed<9,4>'],
        ['ap_fixed<16,6>', 'ap_fixed<16,6,AP_TRN,AP_SAT_SYM>'], // the general path: −2^15 saturates to −2^15 + 1
      ]) {
        const xType = P(xs!);
        const size = inShape.reduce((a, b) => a * b, 1);
        const x: FixedTensor = { type: xType, size, samples: 4, raws: randomRaws(r, xType, size * 4) };
        x.raws[0] = xType.signed ? -(2 ** (xType.width - 1)) : 0;
        const counter = { count: 0 };
        const y = prepareGather(layer, inShape, xType, P(rs!), 'ap', counter)(x);
        const idx = gatherIndex(layer, inShape);
        const keeps = castKeepsEveryValue(xType, P(rs!));
        const want = Array.from({ length: idx.length * 4 }, (_, k) => {
          const i = idx[k % idx.length]!;
          const v = i < 0 ? 0 : (x.raws as Float64Array)[Math.floor(k / idx.length) * size + i]!;
          return !keeps && v === -(2 ** 15) ? v + 1 : v;
        });
        expect(Array.from(y.raws as Float64Array), `${layer.kind} ${xs} → ${rs}`).toEqual(want);
        // SAT_SYM's move of −2^(W−1) is not an overflow
        expect(counter.count).toBe(0);
      }
    }
  });
});
