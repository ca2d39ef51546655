/**
 * Python's "{:.Nf}".format(x) for a double, exactly: the decimal nearest to the double's exact binary
 * value, ties to even. hls4ml writes every weight this way before the C++ compiler quantizes it
 * (fixed-point.md §6.0), so the emulator must see the same decimal. JS toFixed breaks ties upward
 * and is limited to 100 digits, so it cannot be used.
 */
import { doubleToExact } from './convert';

export function formatDecimal(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const n = Math.max(0, digits);
  const neg = x < 0 || Object.is(x, -0);
  const { raw, frac } = doubleToExact(Math.abs(x));
  // value = raw / 2^frac; we want round_half_even(value · 10^n)
  const num = raw * 10n ** BigInt(n);
  const den = 1n << BigInt(frac);
  let q = num / den;
  const rem = num - q * den;
  const twice = rem * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  let s = q.toString();
  if (n > 0) {
    s = s.padStart(n + 1, '0');
    s = `${s.slice(0, s.length - n)}.${s.slice(s.length - n)}`;
  }
  return neg ? `-${s}` : s;
}

/** The double a C++ compiler (or Python float()) reads from a decimal literal: correctly rounded. */
export function parseDecimal(s: string): number {
  return Number(s);
}
