// The weight products' emulator paths agree with each other and with their definitions.
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import type { DenseLayer } from '../ir/graph';
import { prepareDenseProduct } from './denseProducts';
import { allocate } from './tensor';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function po2Layer(nIn: number, nOut: number, r: () => number): DenseLayer {
  const data = Float32Array.from(
    { length: nIn * nOut },
    () => (r() < 0.5 ? -1 : 1) * 2 ** (Math.floor(r() * 21) - 10),
  );
  return {
    kind: 'Dense',
    name: 'fc',
    nIn,
    nOut,
    inputs: ['x'],
    outputShape: [nOut],
    source: { op: 'Dense', node: 'fc' },
    weight: { shape: [nIn, nOut], data },
    bias: { shape: [nOut], data: Float32Array.from({ length: nOut }, () => r() * 4 - 2) },
    weightEncoding: 'exponent',
  };
}

const counters = () => ({ product: { count: 0 }, accum: { count: 0 }, result: { count: 0 } });

describe('weight_exponential', () => {
  it('the number loop equals the BigInt loop for random types, strategies and inputs', () => {
    const r = rng(5);
    const xs = ['ap_fixed<8,3>', 'ap_ufixed<6,2>', 'ap_fixed<12,4,AP_RND,AP_SAT>', 'ap_int<5>'];
    const accs = ['ap_fixed<16,6>', 'ap_fixed<12,4,AP_RND_CONV,AP_SAT>', 'ap_fixed<10,3,AP_TRN,AP_SAT_SYM>'];
    let compared = 0;
    for (let trial = 0; trial < 24; trial++) {
      const layer = po2Layer(6, 4, r);
      const xType = P(xs[trial % xs.length]!);
      const t = {
        weight: P(trial % 2 ? 'int<4>' : 'int<5>'),
        bias: P('ap_fixed<8,3>'),
        accum: P(accs[trial % accs.length]!),
        result: P('ap_fixed<12,5,AP_RND,AP_SAT>'),
      };
      const strategy = trial % 3 === 0 ? 'latency' : 'resource';
      const rf = strategy === 'latency' ? 1 : [2, 3, 12][trial % 3]!;
      const x = allocate(xType, 6, 50);
      const { min, max } = {
        min: xType.signed ? -(2 ** (xType.width - 1)) : 0,
        max: 2 ** (xType.width - (xType.signed ? 1 : 0)) - 1,
      };
      const raws = x.raws as Float64Array;
      for (let i = 0; i < raws.length; i++) raws[i] = min + Math.floor(r() * (max - min + 1));
      const fast = prepareDenseProduct(layer, xType, t, strategy, rf, 'ap', counters())(x);
      const big = prepareDenseProduct(
        layer,
        xType,
        t,
        strategy,
        rf,
        'ap',
        counters(),
        undefined,
        'bigint',
      )(x);
      expect(Array.from(fast.raws as Float64Array)).toEqual(Array.from(big.raws as Float64Array));
      compared += raws.length;
    }
    expect(compared).toBe(24 * 300);
  });

  it('truncates in r_T = ap_fixed<2(We+Wx), We+Wx> and wraps exponents in the exponent type', () => {
    // x = ap_ufixed<2,0>, exponent int<4>: r_T = ap_fixed<12,6> with 6 fractional bits.
    const layer: DenseLayer = {
      ...po2Layer(1, 3, rng(1)),
      weight: { shape: [1, 3], data: Float32Array.from([2 ** -5, -(2 ** 9), 2 ** -9]) },
      bias: null,
    };
    const t = {
      weight: P('int<4>'),
      bias: P('ap_fixed<8,3>'),
      accum: P('ap_fixed<24,8>'),
      result: P('ap_fixed<24,8>'),
    };
    const x = allocate(P('ap_ufixed<2,0>'), 1, 1);
    (x.raws as Float64Array)[0] = 3; // 0.75
    const y = prepareDenseProduct(layer, P('ap_ufixed<2,0>'), t, 'latency', 1, 'ap', counters())(x);
    // 0.75·2^-5 = 0.0234375 floors to 1/64 in r_T; −2^9 wraps to −2^-7 in int<4>, and the shift comes
    // before the negation: 0.75·2^-7 floors to 0, then −0 = 0 (not −1/64); 2^-9 wraps to 2^7: 0.75·128 = 96
    // wraps in r_T's 6 integer bits to 96 − 128 = −32.
    expect(Array.from(y.raws as Float64Array).map((v) => v / 2 ** 16)).toEqual([1 / 64, 0, -32]);
  });
});

describe('XNOR inputs', () => {
  it("ap_uint<1> inputs with ap_uint<1> weights give hls4ml's 2·(acc − ⌊n_in/2⌋) in ap_int<N>", () => {
    // n_in = 5: N = ceillog2(5) + 2 = 5 bits; weights +1, −1, +1, +1, +1 (XNOR 1, 0, 1, 1, 1), bias 0.25
    const layer: DenseLayer = {
      ...po2Layer(5, 1, rng(2)),
      weightEncoding: 'xnor',
      weight: { shape: [5, 1], data: Float32Array.from([1, -1, 1, 1, 1]) },
      bias: { shape: [1], data: Float32Array.from([0.25]) },
    };
    const t = {
      weight: P('uint<1>'),
      bias: P('ap_fixed<8,3>'),
      accum: P('ap_fixed<16,6>'),
      result: P('ap_fixed<16,8>'),
    };
    const x = allocate(P('uint<1>'), 5, 3);
    (x.raws as Float64Array).set([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1]);
    const y = prepareDenseProduct(layer, P('uint<1>'), t, 'latency', 1, 'ap', counters())(x);
    // sums 4.25, −0.75, 3.25 → trunc0(s − 2) = 2, −2, 1 → ×2 = 4, −4, 2
    expect(Array.from(y.raws as Float64Array).map((v) => v / 2 ** 8)).toEqual([4, -4, 2]);
  });
});
