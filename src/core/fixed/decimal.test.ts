import { describe, expect, it } from 'vitest';
import { formatDecimal } from './decimal';

describe("formatDecimal = Python's '{:.Nf}'", () => {
  it('rounds the exact binary value, ties to even (unlike toFixed)', () => {
    expect(formatDecimal(0.125, 2)).toBe('0.12');
    expect((0.125).toFixed(2)).toBe('0.13');
    expect(formatDecimal(0.375, 2)).toBe('0.38');
    expect(formatDecimal(2.5, 0)).toBe('2');
    expect(formatDecimal(3.5, 0)).toBe('4');
    expect(formatDecimal(-0.125, 2)).toBe('-0.12');
  });
  it('non-ties use the exact binary expansion (0.1 is slightly above 1/10)', () => {
    expect(formatDecimal(0.1, 20)).toBe('0.10000000000000000555');
    expect(formatDecimal(0.249, 2)).toBe('0.25');
    expect(formatDecimal(1 / 3, 10)).toBe('0.3333333333');
  });
  it('keeps the sign of negative values that round to zero, as Python does', () => {
    expect(formatDecimal(-0.001, 2)).toBe('-0.00');
    expect(formatDecimal(0, 3)).toBe('0.000');
  });
  it('large and tiny values', () => {
    expect(formatDecimal(123456789.0, 1)).toBe('123456789.0');
    expect(formatDecimal(2 ** 60, 0)).toBe('1152921504606846976');
    expect(formatDecimal(5e-324, 3)).toBe('0.000');
  });
});
