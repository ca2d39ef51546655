// Quartus latency / legacy softmax tables (hls4ml's Python writer rules), binary_tanh at 0 and the sigmoid
// of the most negative input, pinned
// with hand-computed values: the C-sim parity tests cannot see the table values (the writer and the
// emulator share them).
import { describe, expect, it } from 'vitest';
import { makeFixed } from '../fixed/types';
import { prepareQuartusActivation } from './quartusActivations';
import { prepareQuartusBinaryTanh } from './quartusBinaryTanh';
import { quartusLatencyTableValues, quartusLegacyTableValues } from './quartusSoftmaxVariants';
import { allocate, tensorValues } from './tensor';

describe('Quartus latency softmax tables', () => {
  it('a layer named softmax: entries from the top 4 bits of the input type ac_fixed<8,3> / exp_table_t', () => {
    const t = quartusLatencyTableValues('softmax', makeFixed(8, 3), makeFixed(10, 4), 16);
    // k = 1 → bits 0001_0000 = 0.5; k = 8 → 1000_0000 = −4 (two's complement); k = 15 → 1111_0000 = −0.5
    expect(t.exp[0]).toBe(1);
    expect(t.exp[1]).toBe(Number(Math.exp(0.5).toFixed(12)));
    expect(t.exp[8]).toBe(Number(Math.exp(-4).toFixed(12)));
    expect(t.exp[15]).toBe(Number(Math.exp(-0.5).toFixed(12)));
    // exp_table_t ac_fixed<10,4>: k = 1 → 0001_000000 = 1; k = 3 → 3; k = 12 → 1100_000000 = −4; k = 0 → max
    expect(t.invert[0]).toBe(1.7976931348623157e308);
    expect(t.invert[1]).toBe(1);
    expect(t.invert[3]).toBe(0.333333333333);
    expect(t.invert[12]).toBe(-0.25);
  });

  it('any other name: ac_fixed<16,6> and ac_fixed<18,8> whatever the types', () => {
    const t = quartusLatencyTableValues('sm', makeFixed(8, 3), makeFixed(10, 4), 16);
    // k = 1 → 0001 then zeros in 16 bits with 6 integer bits = 4; in 18 bits with 8 integer bits = 16
    expect(t.exp[1]).toBe(Number(Math.exp(4).toFixed(12)));
    expect(t.invert[1]).toBe(0.0625);
    expect(t.invert[15]).toBe(-0.0625);
  });

  it('unsigned input: the top bit weighs +2^(I-1)', () => {
    const t = quartusLatencyTableValues('softmax', makeFixed(8, 3, false), makeFixed(10, 4), 16);
    expect(t.exp[8]).toBe(Number(Math.exp(4).toFixed(12)));
  });
});

describe('Quartus legacy softmax tables', () => {
  it('exp(16(k − T/2)/T) and 1/(64k/T), 0 at k = 0', () => {
    const t = quartusLegacyTableValues(64);
    expect(t.exp[32]).toBe(1);
    expect(t.exp[0]).toBe(Math.exp(-8));
    expect(t.exp[48]).toBe(Math.exp(4));
    expect(t.invert[0]).toBe(0);
    expect(t.invert[1]).toBe(1);
    expect(t.invert[4]).toBe(0.25);
  });
});

describe('Quartus binary_tanh', () => {
  it('x > 0 → 1, x ≤ 0 → −1 (0 too), an unsigned wrapping result holds −1 mod 4 = 3', () => {
    const x = allocate(makeFixed(8, 3), 3, 1);
    (x.raws as Float64Array).set([32, 0, -1]);
    expect(Array.from(tensorValues(prepareQuartusBinaryTanh(makeFixed(4, 2), { count: 0 })(x)))).toEqual([
      1, -1, -1,
    ]);
    const c = { count: 0 };
    expect(Array.from(tensorValues(prepareQuartusBinaryTanh(makeFixed(4, 2, false), c)(x)))).toEqual([
      1, 3, 3,
    ]);
    expect(c.count).toBe(2);
  });
});

describe('Quartus sigmoid of the most negative input', () => {
  it("|x| = data_T(−x) follows data_T's overflow mode: saturating → the largest value's entry, wrapping → the last", () => {
    const run = (overflow: 'SAT' | 'WRAP') => {
      const t = makeFixed(6, 3, true, 'TRN', overflow);
      const x = allocate(t, 1, 1);
      (x.raws as Float64Array)[0] = -32; // −4, the most negative ac_fixed<6,3>
      const k = prepareQuartusActivation('sigmoid', t, makeFixed(18, 2), makeFixed(18, 2), 64, { count: 0 })!;
      return tensorValues(k(x))[0]!;
    };
    // SAT: |x| = 3.875 → index floor(3.875·8) = 31, entry σ(3.9375) stored in ac_fixed<18,2> (16 fractional bits)
    const entry31 = Math.floor((1 / (1 + Math.exp(-3.9375))) * 65536) / 65536;
    expect(run('SAT')).toBe(1 - entry31);
    // WRAP: −(−4) wraps to −4 → the last entry, σ(7.9375)
    const entry63 = Math.floor((1 / (1 + Math.exp(-7.9375))) * 65536) / 65536;
    expect(run('WRAP')).toBe(1 - entry63);
  });
});
