import { describe, expect, it } from 'vitest';
import { StudioError } from '../../errors';
import { biasVector, inputMajorWeight } from './dense';

describe('inputMajorWeight', () => {
  const b = { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) };

  it('keeps [K, N] and transposes [N, K]', () => {
    expect(inputMajorWeight(b, false, 1)).toEqual({
      shape: [2, 3],
      data: new Float32Array([1, 2, 3, 4, 5, 6]),
    });
    expect(inputMajorWeight(b, true, 1)).toEqual({
      shape: [3, 2],
      data: new Float32Array([1, 4, 2, 5, 3, 6]),
    });
  });

  it('scales in float64', () => {
    const w = inputMajorWeight({ shape: [1, 1], data: new Float32Array([0.1]) }, false, Math.fround(0.3));
    expect(w.data).toBeInstanceOf(Float64Array);
    expect(w.data[0]).toBe(Math.fround(0.1) * Math.fround(0.3));
  });
});

describe('biasVector', () => {
  it('accepts [n], [1, n] and broadcast scalars', () => {
    const v = (shape: number[], data: number[]) => ({ shape, data: new Float32Array(data) });
    expect(Array.from(biasVector(v([3], [1, 2, 3]), 3, 1, 'c').data)).toEqual([1, 2, 3]);
    expect(Array.from(biasVector(v([1, 3], [1, 2, 3]), 3, 2, 'c').data)).toEqual([2, 4, 6]);
    expect(Array.from(biasVector(v([], [5]), 3, 1, 'c').data)).toEqual([5, 5, 5]);
    expect(Array.from(biasVector(v([1, 1], [5]), 2, 1, 'c').data)).toEqual([5, 5]);
    expect(() => biasVector(v([3, 1], [1, 2, 3]), 3, 1, 'c')).toThrow(StudioError);
    expect(() => biasVector(v([2], [1, 2]), 3, 1, 'c')).toThrow('does not broadcast');
  });
});
