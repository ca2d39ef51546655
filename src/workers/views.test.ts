import { describe, expect, it } from 'vitest';
import { MAX_ELEMENT_STATS, mergeProfiles, outputView } from './views';

describe('emulation views', () => {
  it('computes error statistics, a histogram and argmax agreement', () => {
    // 3 samples × 2 values.
    const fixed = new Float64Array([0.5, 0.25, 0.1, 0.9, 0.75, 0.5]);
    const float = new Float64Array([0.5, 0.3, 0.2, 0.8, 0.4, 0.6]);
    const v = outputView('y', 'ap_fixed<16,6>', fixed, float, 3);
    expect(v.size).toBe(2);
    expect(v.maxAbsError).toBeCloseTo(0.35, 12);
    expect(v.elements[0]!.maxAbsError).toBeCloseTo(0.35, 12);
    expect(v.elements[1]!.maxAbsError).toBeCloseTo(0.1, 12);
    expect(v.argmaxAgreement).toBeCloseTo(2 / 3, 12);
    const h = v.errorHistogram!;
    expect(h.counts.reduce((a, b) => a + b, 0) + h.below + h.above).toBe(6);
  });

  it('keeps per-element statistics to the first 4,096 elements of an image output, totals over all', () => {
    // One sample of 10,000 values; the largest error sits beyond the per-element list.
    const fixed = new Float64Array(10_000);
    const float = new Float64Array(10_000);
    float[9_999] = 0.5;
    float[0] = -0.25;
    const v = outputView('img', 'ap_fixed<16,6>', fixed, float, 1);
    expect(v.elements).toHaveLength(MAX_ELEMENT_STATS);
    expect(v.elements[0]!.maxAbsError).toBe(0.25);
    expect(v.maxAbsError).toBe(0.5);
    expect(v.meanAbsError).toBe(0.75 / 10_000);
  });

  it('has no error data without a float reference', () => {
    const v = outputView('y', 't', new Float64Array([1, 2]), null, 2);
    expect(v.errorHistogram).toBeNull();
    expect(v.float).toBeNull();
    expect(v.size).toBe(1);
  });

  it('merges per-chunk layer profiles', () => {
    const a = [
      {
        name: 'd',
        kind: 'Dense',
        count: 10,
        overflows: { result_t: 1 },
        min: -1,
        max: 2,
        maxAbsBeforeCast: 3,
      },
    ];
    const b = [
      {
        name: 'd',
        kind: 'Dense',
        count: 5,
        overflows: { result_t: 2, accum_t: 1 },
        min: -4,
        max: 1,
        maxAbsBeforeCast: 5,
      },
    ];
    expect(mergeProfiles(a, b)).toEqual([
      {
        name: 'd',
        kind: 'Dense',
        count: 15,
        overflows: { result_t: 3, accum_t: 1 },
        min: -4,
        max: 2,
        maxAbsBeforeCast: 5,
      },
    ]);
  });
});
