/**
 * Bit-exact conversions (fixed-point.md §2–§4): one rounding of the exact source value, then overflow
 * on the rounded integer. The BigInt functions are the reference and handle every width; the number
 * functions are the fast path used by the emulator and fall back to BigInt whenever an intermediate
 * would not be an exact integer in a Float64.
 */
import { fractionalBits, type FixedType, type RoundingMode, type TypeFamily } from './types';

/** A source seen as fixed: its raw integer and its fractional bits. */
export interface SourceFormat {
  readonly frac: number;
  /** Width of the source register; only needed by WRAP_SM's lD bit (§3.3). */
  readonly width?: number;
}

const TWO53 = 2 ** 53;

/** The rounding mode a destination really applies: ap_int truncates toward zero, ac_int floors (§4.3). */
export function effectiveRounding(dst: FixedType, family: TypeFamily): RoundingMode {
  if (dst.kind === 'int') return family === 'ap' ? 'TRN_ZERO' : 'TRN';
  return dst.rounding;
}

function shouldIncrement(mode: RoundingMode, qb: boolean, r: boolean, s: boolean, lsbOdd: boolean): boolean {
  switch (mode) {
    case 'TRN':
      return false;
    case 'RND':
      return qb;
    case 'RND_ZERO':
      return qb && (s || r);
    case 'RND_MIN_INF':
      return qb && r;
    case 'RND_INF':
      return qb && (!s || r);
    case 'RND_CONV':
      return qb && (lsbOdd || r);
    case 'RND_CONV_ODD':
      return qb && (!lsbOdd || r);
    case 'TRN_ZERO':
      return s && (qb || r);
  }
}

// ---------------------------------------------------------------------------------------------
// BigInt reference
// ---------------------------------------------------------------------------------------------

/** Quantize: returns k (pre-overflow) and fl = floor(v·2^F) (pre-rounding, for WRAP_SM). */
function quantizeBig(raw: bigint, srcFrac: number, dstFrac: number, mode: RoundingMode): [bigint, bigint] {
  const d = srcFrac - dstFrac;
  if (d <= 0) {
    const k = raw << BigInt(-d);
    return [k, k];
  }
  const bd = BigInt(d);
  const fl = raw >> bd; // BigInt >> floors
  const rem = raw - (fl << bd);
  if (rem === 0n) return [fl, fl];
  const half = 1n << (bd - 1n);
  const qb = rem >= half;
  const r = (qb ? rem - half : rem) !== 0n;
  const inc = shouldIncrement(mode, qb, r, raw < 0n, (fl & 1n) === 1n);
  return [inc ? fl + 1n : fl, fl];
}

function wrapBits(k: bigint, width: number): bigint {
  return BigInt.asUintN(width, k);
}

function fromPattern(p: bigint, t: FixedType): bigint {
  return t.signed ? BigInt.asIntN(t.width, p) : p;
}

function overflowBig(k: bigint, fl: bigint, t: FixedType): bigint {
  const w = BigInt(t.width);
  const kmin = t.signed ? -(1n << (w - 1n)) : 0n;
  const kmax = t.signed ? (1n << (w - 1n)) - 1n : (1n << w) - 1n;
  const inRange = k >= kmin && k <= kmax;
  if (inRange) {
    if (t.overflow === 'SAT_SYM' && t.signed && t.width > 1 && k === kmin) return kmin + 1n;
    return k;
  }
  const neg = k < 0n;
  switch (t.overflow) {
    case 'SAT':
      return neg ? kmin : kmax;
    case 'SAT_ZERO':
      return 0n;
    case 'SAT_SYM':
      if (!t.signed) return neg ? 0n : kmax;
      if (t.width === 1) return neg ? kmin : kmax;
      return neg ? -kmax : kmax;
    case 'WRAP': {
      let p = wrapBits(k, t.width);
      const n = t.satBits;
      if (n === 0) return fromPattern(p, t);
      if (t.signed) {
        const top = 1n << (w - 1n);
        p = neg ? p | top : p & ~top;
        for (let b = 2; b <= n; b++) {
          const bit = 1n << (w - BigInt(b));
          p = neg ? p & ~bit : p | bit;
        }
      } else {
        for (let b = 1; b <= n; b++) p |= 1n << (w - BigInt(b));
      }
      return fromPattern(p, t);
    }
    case 'WRAP_SM': {
      let p = wrapBits(k, t.width);
      const mask = (1n << w) - 1n;
      const top = 1n << (w - 1n);
      const ro = (p & top) !== 0n;
      const n = t.satBits;
      if (n === 0) {
        const lD = ((fl >> w) & 1n) === 1n;
        if (lD !== ro) {
          p = ~p & mask;
          p = lD ? p | top : p & ~top;
        }
      } else if (n === 1) {
        if (neg !== ro) p = ~p & mask;
        p = neg ? p | top : p & ~top;
      } else {
        const bitWN = ((p >> (w - BigInt(n))) & 1n) === 1n;
        if (bitWN === neg) p = ~p & mask;
        for (let b = 2; b <= n; b++) {
          const bit = 1n << (w - BigInt(b));
          p = neg ? p & ~bit : p | bit;
        }
        p = neg ? p | top : p & ~top;
      }
      return fromPattern(p, t);
    }
  }
}

/** Convert a raw of a source with `srcFrac` fractional bits into `dst` (exact, any width). */
export function convertRawBig(
  raw: bigint,
  srcFrac: number,
  dst: FixedType,
  family: TypeFamily = 'ap',
): bigint {
  const [k, fl] = quantizeBig(raw, srcFrac, fractionalBits(dst), effectiveRounding(dst, family));
  return overflowBig(k, fl, dst);
}

/** Counts conversions whose rounded value fell outside the destination's range. */
export interface OverflowCounter {
  count: number;
}

/** convertRawBig that also counts an overflow in `counter`. */
export function convertRawBigCounted(
  raw: bigint,
  srcFrac: number,
  dst: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): bigint {
  const [k, fl] = quantizeBig(raw, srcFrac, fractionalBits(dst), effectiveRounding(dst, family));
  const w = BigInt(dst.width);
  const kmin = dst.signed ? -(1n << (w - 1n)) : 0n;
  const kmax = dst.signed ? (1n << (w - 1n)) - 1n : (1n << w) - 1n;
  if (k < kmin || k > kmax) counter.count++;
  return overflowBig(k, fl, dst);
}

/** Convert between two fixed types; a copy between identical types is a raw copy (§3.1, §4.4). */
export function castBig(raw: bigint, src: FixedType, dst: FixedType, family: TypeFamily = 'ap'): bigint {
  if (
    src.width === dst.width &&
    src.integer === dst.integer &&
    src.signed === dst.signed &&
    src.kind === dst.kind &&
    src.overflow === dst.overflow &&
    src.rounding === dst.rounding &&
    src.satBits === dst.satBits
  ) {
    return raw;
  }
  return convertRawBig(raw, fractionalBits(src), dst, family);
}

/** The exact binary value of a double as raw · 2^-frac (±inf as ±2^1024, NaN by its sign bit). */
export function doubleToExact(x: number): { raw: bigint; frac: number } {
  if (x === 0) return { raw: 0n, frac: 0 };
  if (!Number.isFinite(x)) {
    const neg = x < 0 || (Number.isNaN(x) && Object.is(Math.sign(x), -0));
    return { raw: neg ? -(1n << 1024n) : 1n << 1024n, frac: 0 };
  }
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  // Strip trailing zero bits so frac stays small for ordinary values.
  while (mant !== 0n && (mant & 1n) === 0n) {
    mant >>= 1n;
    e += 1;
  }
  return e >= 0 ? { raw: sign * (mant << BigInt(e)), frac: 0 } : { raw: sign * mant, frac: -e };
}

/** double → fixed raw, exact reference (§4.2). */
export function fromDoubleBig(x: number, dst: FixedType, family: TypeFamily = 'ap'): bigint {
  const { raw, frac } = doubleToExact(x);
  return convertRawBig(raw, frac, dst, family);
}

// ---------------------------------------------------------------------------------------------
// Number fast path
// ---------------------------------------------------------------------------------------------

/** A converter from a fixed source with `srcFrac` fractional bits into `dst`, on number raws. */
export type RawCaster = (raw: number) => number;

/**
 * Build a fast converter. Results are identical to convertRawBig; inputs must be exact integers with
 * |raw| < 2^53 (the caller's contract). Anything that would leave the exact range goes through BigInt.
 */
export function makeCaster(
  srcFrac: number,
  dst: FixedType,
  family: TypeFamily = 'ap',
  counter?: OverflowCounter,
): RawCaster {
  const dstFrac = fractionalBits(dst);
  const mode = effectiveRounding(dst, family);
  const d = srcFrac - dstFrac;
  const w = dst.width;
  const sink: OverflowCounter = counter ?? { count: 0 };
  const slow: RawCaster = (raw) => Number(convertRawBigCounted(BigInt(raw), srcFrac, dst, family, sink));
  if (w > 53 || d > 52 || dst.overflow === 'WRAP_SM' || dst.satBits !== 0) return slow;
  const kmin = dst.signed ? -(2 ** (w - 1)) : 0;
  const kmax = dst.signed ? 2 ** (w - 1) - 1 : 2 ** w - 1;
  const modulus = 2 ** w;
  const ov = dst.overflow;
  const symFix = ov === 'SAT_SYM' && dst.signed && w > 1;

  const overflow = (k: number): number => {
    if (k >= kmin && k <= kmax) return symFix && k === kmin ? kmin + 1 : k;
    sink.count++;
    switch (ov) {
      case 'SAT':
        return k < 0 ? kmin : kmax;
      case 'SAT_ZERO':
        return 0;
      case 'SAT_SYM':
        if (!dst.signed) return k < 0 ? 0 : kmax;
        if (w === 1) return k < 0 ? kmin : kmax;
        return k < 0 ? -kmax : kmax;
      default: {
        // WRAP with N = 0: keep the low W bits, read as signed/unsigned.
        const p = k - Math.floor(k / modulus) * modulus;
        return dst.signed && p > kmax ? p - modulus : p;
      }
    }
  };

  if (d <= 0) {
    const scale = 2 ** -d;
    return (raw) => {
      const k = raw * scale;
      if (k >= TWO53 || k <= -TWO53) return slow(raw);
      return overflow(k);
    };
  }
  const p = 2 ** d;
  const half = p / 2;
  if (mode === 'TRN') return (raw) => overflow(Math.floor(raw / p));
  return (raw) => {
    const fl = Math.floor(raw / p);
    const rem = raw - fl * p;
    if (rem === 0) return overflow(fl);
    const qb = rem >= half;
    const r = (qb ? rem - half : rem) !== 0;
    const inc = shouldIncrement(mode, qb, r, raw < 0, Math.abs(fl) % 2 === 1);
    return overflow(inc ? fl + 1 : fl);
  };
}

/** Convert a number raw (|raw| < 2^53) with srcFrac fractional bits into dst. */
export function convertRaw(raw: number, srcFrac: number, dst: FixedType, family: TypeFamily = 'ap'): number {
  return makeCaster(srcFrac, dst, family)(raw);
}

/** A fast double → raw converter for `dst` (width ≤ 53); exact for every double. */
export function makeDoubleCaster(dst: FixedType, family: TypeFamily = 'ap'): (x: number) => number {
  const dstFrac = fractionalBits(dst);
  const scale = 2 ** dstFrac;
  const slow = (x: number): number => Number(fromDoubleBig(x, dst, family));
  if (
    dst.width > 53 ||
    dst.overflow === 'WRAP_SM' ||
    dst.satBits !== 0 ||
    !Number.isFinite(scale) ||
    scale === 0
  ) {
    return slow;
  }
  // After scaling by 2^F the value is an integer-grid problem: round here, then reuse the caster's
  // overflow logic by presenting dst with F = 0 (same width and signedness, so same raw range).
  const toRaw = makeCaster(0, { ...dst, integer: dst.width }, family);
  const mode = effectiveRounding(dst, family);
  return (x) => {
    if (!Number.isFinite(x)) return slow(x);
    const q = x * scale;
    // Exactness guard: the scaling must not overflow or lose bits to underflow.
    if (q >= TWO53 || q <= -TWO53 || (q !== 0 && Math.abs(q) < 2 ** -900) || (x !== 0 && q === 0))
      return slow(x);
    const fl = Math.floor(q);
    const frac = q - fl;
    if (frac === 0) return toRaw(fl);
    const qb = frac >= 0.5;
    const r = (qb ? frac - 0.5 : frac) !== 0;
    const inc = shouldIncrement(mode, qb, r, x < 0, Math.abs(fl) % 2 === 1);
    return toRaw(inc ? fl + 1 : fl);
  };
}

/** double → raw as a number (width ≤ 53) */
export function fromDouble(x: number, dst: FixedType, family: TypeFamily = 'ap'): number {
  return makeDoubleCaster(dst, family)(x);
}

/** raw → double; exact when the width is ≤ 53 (§4.3). */
export function toDouble(raw: number | bigint, t: FixedType): number {
  const f = fractionalBits(t);
  if (typeof raw === 'number') return raw * 2 ** -f;
  return bigToDouble(raw, f);
}

/** An exact-as-possible BigInt raw → double (round-half-even via Number(), exact when it fits). */
export function bigToDouble(raw: bigint, frac: number): number {
  if (raw === 0n) return 0;
  const neg = raw < 0n;
  let mag = neg ? -raw : raw;
  let f = frac;
  // Keep 64 significant bits so Number() does the single final rounding.
  const bits = mag.toString(2).length;
  if (bits > 64) {
    const drop = bits - 64;
    const sticky = (mag & ((1n << BigInt(drop)) - 1n)) !== 0n ? 1n : 0n;
    mag = (mag >> BigInt(drop)) | sticky;
    f -= drop;
  }
  const v = Number(mag) * 2 ** -f;
  return neg ? -v : v;
}
