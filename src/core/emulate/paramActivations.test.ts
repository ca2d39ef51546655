// leaky_relu has a Float64 path beside the BigInt one: both give the same raws and the same overflow count.
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import type { FixedType } from '../fixed/types';
import type { ActivationLayer } from '../ir/graph';
import { prepareParamActivation } from './paramActivations';
import type { FixedTensor } from './tensor';

const leaky: ActivationLayer = {
  kind: 'Activation',
  name: 'a',
  inputs: ['x'],
  outputShape: [500],
  source: { op: 'LeakyRelu', node: 'a' },
  activation: 'leaky_relu',
  alpha: 0.1,
};

function run(xType: FixedType, result: FixedType, param: FixedType, raws: Float64Array | bigint[]) {
  const counter = { count: 0 };
  const k = prepareParamActivation(
    leaky,
    xType,
    { result, table: P('ap_fixed<18,8>'), param },
    1024,
    'ap',
    counter,
  );
  const x: FixedTensor = { type: xType, size: raws.length, samples: 1, raws };
  return { raws: Array.from(k(x).raws, Number), overflows: counter.count };
}

describe('leaky_relu number and BigInt paths agree', () => {
  for (const [xs, rs, ps] of <[string, string, string][]>[
    ['ap_fixed<16,6>', 'ap_fixed<16,6>', 'ap_fixed<16,6>'],
    ['ap_fixed<12,8>', 'ap_fixed<6,2,AP_RND_CONV,AP_SAT>', 'ap_fixed<8,1>'],
    ['ap_fixed<10,4>', 'ap_ufixed<6,3,AP_RND,AP_WRAP>', 'ap_ufixed<8,0>'],
  ]) {
    it(`${xs} → ${rs}, α in ${ps}`, () => {
      const xType = P(xs);
      const numbers = new Float64Array(500);
      let a = 11;
      for (let i = 0; i < numbers.length; i++) {
        a = (a * 1103515245 + 12345) % 2 ** 31;
        numbers[i] = Math.floor((a / 2 ** 31) * 2 ** xType.width) - 2 ** (xType.width - 1);
      }
      const fast = run(xType, P(rs), P(ps), numbers);
      const slow = run(
        xType,
        P(rs),
        P(ps),
        Array.from(numbers, (v) => BigInt(v)),
      );
      expect(fast).toEqual(slow);
      // The narrow result types must overflow somewhere, or the counting went untested.
      if (rs !== xs) expect(fast.overflows).toBeGreaterThan(0);
    });
  }
});
