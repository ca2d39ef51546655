// Softmax kernels on hand-checked inputs, and the table samples of fixed-point.md §6.8.4.
import { describe, expect, it } from 'vitest';
import { fromDouble } from '../fixed/convert';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import { makeFixed } from '../fixed/types';
import { prepareSoftmax, type SoftmaxTypes } from './softmax';
import { allocate } from './tensor';

const X = P('ap_fixed<16,6>');
const SM = P('ap_fixed<18,8,AP_RND,AP_SAT>');
const types: SoftmaxTypes = {
  result: X,
  table: P('ap_fixed<18,8>'),
  expTable: SM,
  invTable: SM,
  invInp: SM,
  accum: SM,
  inpNorm: makeFixed(15, 5, false),
};

function run(impl: 'stable' | 'latency' | 'legacy' | 'argmax', values: number[]): number[] {
  const x = allocate(X, values.length, 1);
  values.forEach((v, i) => ((x.raws as Float64Array)[i] = fromDouble(v, X)));
  const counters = { result: { count: 0 }, accum: { count: 0 } };
  const k = prepareSoftmax(
    'sm',
    X,
    values.length,
    types,
    { implementation: impl, expTableSize: 1024, invTableSize: 1024 },
    1024,
    'ap',
    counters,
  );
  return Array.from(k(x).raws as Float64Array);
}

describe('softmax', () => {
  it('argmax: one-hot at the first maximum', () => {
    expect(run('argmax', [1, 3, 3, -2])).toEqual([0, 1024, 0, 0]);
  });
  it('stable: equal inputs share the mass; outputs are exact raws', () => {
    const r = run('stable', [0.5, 0.5, 0.5, 0.5]);
    // exp(0) = 1 → raw 1024; sum 4 → inv table idx of 4.0 = 1/4 → 256; 1024·256 >> 10 = 256 = 0.25
    expect(r).toEqual([256, 256, 256, 256]);
  });
  it('latency and stable differ where the exp table of the input saturates', () => {
    const a = run('latency', [7, 0, 0]);
    const b = run('stable', [7, 0, 0]);
    expect(a).not.toEqual(b);
    expect(b[0]).toBeGreaterThan(1000);
  });
  it('legacy gives a distribution that sums to about one', () => {
    const r = run('legacy', [1, 2, 3]);
    const sum = r.reduce((a, v) => a + v, 0) / 1024;
    expect(sum).toBeGreaterThan(0.9);
    expect(sum).toBeLessThan(1.1);
  });
});

describe('softmax number path = BigInt path', () => {
  it.each(['stable', 'latency'] as const)('%s on 3,000 random slices incl. overflowing ones', (impl) => {
    const n = 7;
    const samples = 3000;
    const x = allocate(X, n, samples);
    let seed = 99;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let i = 0; i < n * samples; i++)
      (x.raws as Float64Array)[i] = fromDouble(rand() * (i % 5 === 0 ? 40 : 6), X);
    const settings = { implementation: impl, expTableSize: 1024, invTableSize: 1024 };
    const c1 = { result: { count: 0 }, accum: { count: 0 } };
    const c2 = { result: { count: 0 }, accum: { count: 0 } };
    const fast = prepareSoftmax('sm', X, n, types, settings, 1024, 'ap', c1)(x);
    const exact = prepareSoftmax('sm', X, n, types, settings, 1024, 'ap', c2, true)(x);
    expect(Array.from(fast.raws as Float64Array)).toEqual(Array.from(exact.raws as Float64Array));
    expect(c1).toEqual(c2);
  });
});
