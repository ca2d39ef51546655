/**
 * Fixed-point types, independent of the C++ library that spells them (ap_fixed or ac_fixed).
 * Semantics follow ../shared/fixed-point.md: value = raw · 2^-F with F = width − integer.
 */

/** Quantization modes (§2). RND_CONV_ODD exists only in ac_fixed. */
export const ROUNDING_MODES = [
  'TRN',
  'TRN_ZERO',
  'RND',
  'RND_ZERO',
  'RND_MIN_INF',
  'RND_INF',
  'RND_CONV',
  'RND_CONV_ODD',
] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Overflow modes (§3). WRAP_SM and saturation bits N > 0 exist only in ap_fixed. */
export const OVERFLOW_MODES = ['WRAP', 'SAT', 'SAT_ZERO', 'SAT_SYM', 'WRAP_SM'] as const;
export type OverflowMode = (typeof OVERFLOW_MODES)[number];

/** Which C++ type family a backend prints and whose integer-conversion rules apply (§4.3, §7.1). */
export type TypeFamily = 'ap' | 'ac';

export interface FixedType {
  /** Total bits W (≥ 1). */
  readonly width: number;
  /** Integer bits I, including the sign bit; may be negative or larger than W. */
  readonly integer: number;
  readonly signed: boolean;
  readonly rounding: RoundingMode;
  readonly overflow: OverflowMode;
  /** Saturation bits N of AP_WRAP / AP_WRAP_SM (ap only). */
  readonly satBits: number;
  /**
   * 'int' for ap_int/ac_int and hls4ml's int<W>/uint<W>. As a source it is exactly fixed<W,W>; as a
   * destination ap_int truncates toward zero and ac_int floors (§4.3), regardless of `rounding`.
   */
  readonly kind: 'fixed' | 'int';
}

/** Largest width whose raw values every kernel may keep in a Float64 (exact integers up to 2^53). */
export const MAX_NUMBER_WIDTH = 53;

/** Widths beyond this are refused: they cannot come from a real design and would only waste memory. */
export const MAX_WIDTH = 1024;

export function fractionalBits(t: FixedType): number {
  return t.width - t.integer;
}

export function makeFixed(
  width: number,
  integer: number,
  signed = true,
  rounding: RoundingMode = 'TRN',
  overflow: OverflowMode = 'WRAP',
  satBits = 0,
): FixedType {
  return { width, integer, signed, rounding, overflow, satBits, kind: 'fixed' };
}

export function makeInt(width: number, signed = true): FixedType {
  return { width, integer: width, signed, rounding: 'TRN', overflow: 'WRAP', satBits: 0, kind: 'int' };
}

export function sameType(a: FixedType, b: FixedType): boolean {
  return (
    a.width === b.width &&
    a.integer === b.integer &&
    a.signed === b.signed &&
    a.rounding === b.rounding &&
    a.overflow === b.overflow &&
    a.satBits === b.satBits &&
    a.kind === b.kind
  );
}

/** Raw range [kmin, kmax] as BigInt (§1.2). */
export function rawRangeBig(t: FixedType): { min: bigint; max: bigint } {
  const w = BigInt(t.width);
  return t.signed ? { min: -(1n << (w - 1n)), max: (1n << (w - 1n)) - 1n } : { min: 0n, max: (1n << w) - 1n };
}

/** Raw range as numbers; exact only for width ≤ 53. */
export function rawRange(t: FixedType): { min: number; max: number } {
  return t.signed
    ? { min: -(2 ** (t.width - 1)), max: 2 ** (t.width - 1) - 1 }
    : { min: 0, max: 2 ** t.width - 1 };
}

/** Smallest and largest representable values (doubles; exact when width ≤ 53). */
export function valueRange(t: FixedType): { min: number; max: number; lsb: number } {
  const lsb = 2 ** -fractionalBits(t);
  const r = rawRange(t);
  return { min: r.min * lsb, max: r.max * lsb, lsb };
}
