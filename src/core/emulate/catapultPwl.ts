/**
 * Catapult's piecewise-linear sigmoid and tanh (hls/catapult_nnet_utils/ac_math_pwl.h), bit for bit.
 * The segment tables and internal precisions are those of Siemens' ac_math ac_sigmoid_pwl / ac_tanh_pwl
 * (README in that folder): a = |x|; s = a on a 2^-10 grid scaled to the segments, in ufixed<14,4>
 * (floor, wrap); k = ⌊s⌋, f = s − k; p = slope[k]·f + intercept[k] with 20 fractional bits; beyond the
 * domain p = 1 − 2^-20; sigmoid(−|x|) = 1 − p, tanh(−|x|) = −p. The sigmoid result passes through the
 * unsigned type with the result's width, integer bits and modes (as hls4ml's Catapult wrapper does).
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, makeFixed, makeInt, type FixedType } from '../fixed/types';
import { allocate, type FixedTensor } from './tensor';

export type PwlFn = 'sigmoid' | 'tanh';

/** Slopes and intercepts in units of 2^-10. */
const SIGMOID_SLOPE = [155n, 130n, 92n, 58n, 34n, 19n, 10n, 6n];
const SIGMOID_ICPT = [513n, 668n, 798n, 890n, 948n, 982n, 1001n, 1012n];
const TANH_SLOPE = [251n, 224n, 177n, 129n, 88n, 57n, 37n, 23n, 14n, 9n, 5n, 3n];
const TANH_ICPT = [1n, 252n, 476n, 653n, 783n, 871n, 928n, 965n, 988n, 1002n, 1011n, 1016n];
/** 1.599609375 in units of 2^-10: 8 segments over [0, 5). */
const SIGMOID_SCALE = 1638n;
const GRID_MASK = (1n << 14n) - 1n;
const ONE20 = 1n << 20n;

/** ⌊raw · 2^(to − from)⌋ for a non-negative raw. */
function rescale(raw: bigint, from: number, to: number): bigint {
  return to >= from ? raw << BigInt(to - from) : raw >> BigInt(from - to);
}

/** True when raw·2^-frac ≥ limit (an integer), exactly. */
function atLeast(raw: bigint, frac: number, limit: number): boolean {
  return frac >= 0 ? raw >= BigInt(limit) << BigInt(frac) : raw << BigInt(-frac) >= BigInt(limit);
}

/** The internal result as a raw with 20 fractional bits (unsigned for sigmoid, signed for tanh). */
export function pwlRaw(fn: PwlFn, raw: bigint, frac: number): bigint {
  const negative = raw < 0n;
  const a = negative ? -raw : raw;
  let p: bigint;
  if (fn === 'sigmoid') {
    if (atLeast(a, frac, 5)) p = ONE20 - 1n;
    else {
      const grid = rescale(a, frac, 10) & GRID_MASK;
      const s = ((grid * SIGMOID_SCALE) >> 10n) & GRID_MASK;
      const k = Number(s >> 10n);
      p = SIGMOID_SLOPE[k]! * (s & 1023n) + (SIGMOID_ICPT[k]! << 10n);
    }
    return negative ? ONE20 - p : p;
  }
  if (atLeast(a, frac, 3)) p = ONE20 - 1n;
  else {
    const s = rescale(a, frac, 12) & GRID_MASK;
    const k = Number(s >> 10n);
    p = TANH_SLOPE[k]! * (s & 1023n) + (TANH_ICPT[k]! << 10n);
  }
  return negative ? -p : p;
}

/** The unsigned type with `t`'s width, integer bits and modes. */
function unsignedLike(t: FixedType): FixedType {
  return t.kind === 'int'
    ? makeInt(t.width, false)
    : makeFixed(t.width, t.integer, false, t.rounding, t.overflow);
}

export function prepareCatapultPwl(
  fn: PwlFn,
  xType: FixedType,
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const via = unsignedLike(result);
  const fv = fractionalBits(via);
  const apply = (raw: bigint): bigint => {
    const p = pwlRaw(fn, raw, fx);
    if (fn === 'tanh') return convertRawBigCounted(p, 20, result, 'ac', counter);
    return convertRawBigCounted(convertRawBigCounted(p, 20, via, 'ac', counter), fv, result, 'ac', counter);
  };
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    for (let i = 0; i < x.raws.length; i++) {
      const y = apply(BigInt(x.raws[i]!));
      if (out.raws instanceof Float64Array) out.raws[i] = Number(y);
      else out.raws[i] = y;
    }
    return out;
  };
}
