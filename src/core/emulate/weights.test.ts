// quantizeWeights caches per source array and type, and hands out copies.
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import { quantizeWeights } from './weights';

describe('quantizeWeights', () => {
  it('gives the same raws for a repeated call, per type, and a copy each time', () => {
    const w = Float32Array.from([0.3, -1.26, 2.5, 0.001]);
    const a = quantizeWeights(w, P('ap_fixed<8,3>'), 'ap') as Float64Array;
    expect(Array.from(a)).toEqual([9, -41, 80, 0]); // raws at 1/32, truncated toward −∞
    a[0] = 99; // a caller's change must not reach the cache
    expect(Array.from(quantizeWeights(w, P('ap_fixed<8,3>'), 'ap') as Float64Array)).toEqual([9, -41, 80, 0]);
    expect(Array.from(quantizeWeights(w, P('ap_fixed<8,3,AP_RND>'), 'ap') as Float64Array)).not.toEqual(
      Array.from(quantizeWeights(w, P('ap_fixed<6,3>'), 'ap') as Float64Array),
    );
    const wide = quantizeWeights(w, P('ap_fixed<64,8>'), 'ap');
    expect(Array.isArray(wide)).toBe(true);
  });
});
