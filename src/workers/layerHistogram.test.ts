import { describe, expect, it } from 'vitest';
import { makeFixed } from '../core/fixed/types';
import { layerHistogram } from './views';

describe('layer trace histogram (hls4ml profiling style)', () => {
  it('bins |value| by bit position next to the range of the result type', () => {
    // ap_fixed<16,6>: LSB 2^-10, largest magnitude 32 → top bit 2^5 (the band is bits -10 … 5).
    const t = makeFixed(16, 6);
    const values = new Float64Array([0, 0.75, -0.5, 1, 3, -20, 2 ** -10]);
    const h = layerHistogram('fc', 7, values, t, 'ap_fixed<16,6>');
    expect(h.lowBit).toBe(-10);
    expect(h.highBit).toBe(5);
    expect(h.zeros).toBe(1);
    expect(h.total).toBe(7);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(6);
    const at = (bit: number): number => h.counts[bit - h.firstBit]!;
    expect(at(-1)).toBe(2); // 0.75, 0.5
    expect(at(0)).toBe(1); // 1
    expect(at(1)).toBe(1); // 3
    expect(at(4)).toBe(1); // 20
    expect(at(-10)).toBe(1); // the LSB
    expect(h.nearTop).toBe(0);
    expect(h.min).toBe(-20);
    expect(h.max).toBe(3);
    // The plotted bins cover the whole band with a margin of one bit each side.
    expect(h.firstBit).toBe(-11);
    expect(h.firstBit + h.counts.length - 1).toBe(6);
  });

  it('counts values in the top bit and folds far-out bits into the end bins', () => {
    const t = makeFixed(8, 3, false); // ufixed<8,3>: LSB 2^-5, max 7.97 → top bit 2^2
    const h = layerHistogram('a', 1, new Float64Array([4.5, 7, 2 ** -40]), t, 'ap_ufixed<8,3>');
    expect(h.highBit).toBe(2);
    expect(h.nearTop).toBe(2);
    expect(h.counts.length).toBeLessThanOrEqual(48);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
