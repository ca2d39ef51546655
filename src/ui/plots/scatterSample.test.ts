import { describe, expect, it } from 'vitest';
import { scatterSample } from './scatterSample';

const count = (r: { xs: number[][] }): number => r.xs.reduce((a, x) => a + x.length, 0);

describe('scatter sampling', () => {
  it('draws every point of a small output, one series per element', () => {
    const v = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const r = scatterSample(v, v, 2, 2, 4000);
    expect(r.xs).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });

  it('keeps whole samples when there are many small ones', () => {
    const v = new Float32Array(10 * 1000);
    const r = scatterSample(v, v, 10, 10, 4000);
    // every 3rd sample of 1,000: 334 samples × 10 elements
    expect(count(r)).toBe(3340);
    expect(r.xs.every((x) => x.length === 334)).toBe(true);
  });

  it('draws at most the budget from a single huge sample (a 512×512×16 image)', () => {
    const n = 512 * 512 * 16;
    const v = new Float32Array(n);
    const r = scatterSample(v, v, n, 16, 4000);
    expect(count(r)).toBe(4000);
  });
});
