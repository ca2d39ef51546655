/** When a cast between two types can be skipped. */
import { MAX_NUMBER_WIDTH, fractionalBits, type FixedType } from '../fixed/types';

/**
 * Whether converting any value of `src` into `dst` leaves its raw unchanged: the same fractional bits, a
 * range that holds all of src's (strictly, below, for SAT_SYM, which moves −2^(W−1)), a plain mode.
 */
export function castKeepsEveryValue(src: FixedType, dst: FixedType): boolean {
  const lo = (t: FixedType): number => (t.signed ? -(2 ** (t.width - 1)) : 0);
  const hi = (t: FixedType): number => 2 ** (t.width - (t.signed ? 1 : 0)) - 1;
  return (
    src.width <= MAX_NUMBER_WIDTH &&
    dst.width <= MAX_NUMBER_WIDTH &&
    dst.satBits === 0 &&
    ['WRAP', 'SAT', 'SAT_ZERO', 'SAT_SYM'].includes(dst.overflow) &&
    fractionalBits(src) === fractionalBits(dst) &&
    hi(dst) >= hi(src) &&
    (dst.overflow === 'SAT_SYM' && dst.signed ? lo(dst) < lo(src) : lo(dst) <= lo(src))
  );
}
