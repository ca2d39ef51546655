// Every Dense implementation (int32, inline float, casters, BigInt) computes the same raws and counts the
// same overflows, for types that fit each path and for strategies with different summation orders.
import { describe, expect, it } from 'vitest';
import { fromDouble } from '../fixed/convert';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import type { DenseLayer } from '../ir/graph';
import { prepareDense, type DensePath } from './dense';
import { allocate } from './tensor';
import { wasmAvailable } from './wasm/denseWasm';

function layer(nIn: number, nOut: number, seed: number): DenseLayer {
  let a = seed;
  const rnd = (): number => ((a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return {
    kind: 'Dense',
    name: 'd',
    inputs: ['x'],
    outputShape: [nOut],
    nIn,
    nOut,
    weight: { shape: [nIn, nOut], data: Float32Array.from({ length: nIn * nOut }, () => rnd() * 1.5) },
    bias: { shape: [nOut], data: Float32Array.from({ length: nOut }, () => rnd()) },
    source: { op: 'Gemm', node: 'd' },
  };
}

const CONFIGS: [string, string, string, string, string][] = [
  // x, weight, accum, result, description
  ['ap_fixed<16,6>', 'ap_fixed<16,6>', 'ap_fixed<16,6>', 'ap_fixed<16,6>', 'default (int32 path)'],
  ['ap_fixed<16,6>', 'ap_fixed<16,6>', 'ap_fixed<12,3>', 'ap_fixed<8,3>', 'narrow wrapping accumulator'],
  ['ap_fixed<16,6>', 'ap_fixed<16,6>', 'ap_fixed<40,16>', 'ap_fixed<16,6>', 'wide accumulator (float path)'],
  [
    'ap_fixed<12,4>',
    'ap_fixed<8,2>',
    'ap_fixed<12,4,AP_RND,AP_SAT>',
    'ap_fixed<10,4,AP_RND_CONV,AP_SAT_SYM>',
    'RND/SAT',
  ],
  [
    'ap_ufixed<10,4>',
    'ap_fixed<9,1>',
    'ap_fixed<14,5,AP_TRN,AP_SAT>',
    'ap_ufixed<8,3,AP_RND,AP_SAT>',
    'unsigned input',
  ],
  // QONNX-style: x·w has fewer fractional bits than accum_t, so "fastest" widens the weights
  ['ap_fixed<4,0>', 'ap_fixed<4,2>', 'ap_fixed<9,2>', 'ap_fixed<8,3>', 'short products (widened weights)'],
  [
    'ap_fixed<6,1>',
    'ap_int<3>',
    'ap_fixed<8,2,AP_TRN,AP_SAT>',
    'ap_fixed<8,5>',
    'short products, int weights',
  ],
];
const PATHS: DensePath[] = ['fastest', 'int32-js', 'float-inline', 'casters', 'bigint'];

describe('Dense paths agree', () => {
  it('the WebAssembly kernel is available here, so "fastest" exercises it', () => {
    expect(wasmAvailable()).toBe(true);
  });
  for (const [xs, ws, as, rs, what] of CONFIGS) {
    for (const [strategy, rf] of [
      ['latency', 1],
      ['resource', 4],
      ['resource', 48],
      ['resource', 40], // RF > n_in with a remainder: grouped partial sums
    ] as const) {
      it(`${what}, ${strategy} RF ${rf}`, () => {
        const l = layer(16, 12, 7);
        const X = P(xs);
        const types = { weight: P(ws), bias: P(ws), accum: P(as), result: P(rs) };
        const x = allocate(X, 16, 300);
        let a = 3;
        for (let i = 0; i < 16 * 300; i++) {
          a = (a * 1103515245 + 12345) % 2 ** 31;
          (x.raws as Float64Array)[i] = fromDouble(((a / 2 ** 31) * 2 - 1) * (i % 7 === 0 ? 40 : 4), X);
        }
        const results = PATHS.map((path) => {
          const counters = { product: { count: 0 }, accum: { count: 0 }, result: { count: 0 } };
          const out = prepareDense(l, X, types, strategy, rf, 'ap', counters, undefined, path)(x);
          return { raws: Array.from(out.raws as Float64Array), counters };
        });
        for (const r of results.slice(1)) expect(r).toEqual(results[0]);
        // The data must make the accumulator overflow somewhere, or the wrap/saturate code went unused.
        if (what !== 'wide accumulator (float path)')
          expect(results[0]!.counters.accum.count).toBeGreaterThan(0);
      });
    }
  }
});
