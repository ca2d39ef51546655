/**
 * Catapult's piecewise-linear softmax (hls/catapult_nnet_utils/ac_math_pwl.h, the scheme and default
 * precisions of Siemens' ac_softmax_pwl), bit for bit, per slice of n elements:
 *   t_i = x_i · log2e (log2e = 23637·2^-14) floored to max(F_x, 12) fractional bits, k_i = ⌊t_i⌋;
 *   e_i = (4-segment PWL of 2^f on f = t_i − k_i) · 2^k_i in exp_t (floor);
 *   s = Σ e_i exactly; r = (8-segment PWL of 1/m on s = m·2^e, m ∈ [0.5, 1)) · 2^-e in recip_t (floor),
 *   the largest recip_t when s = 0; y_i = result(r · e_i).
 * exp_t = ufixed<F_e + I_e, I_e>, F_e = max(1, min(10, W − I − 2)) + 10, I_e = ⌊1.443·2^(I−S)⌋ + 1;
 * sum_t adds ⌈log2 n⌉ integer bits; recip_t = ufixed<W_sum + 20, F_e + 1>. argmax is handled elsewhere.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, makeFixed, type FixedType } from '../fixed/types';
import { allocate, type FixedTensor } from './tensor';

const LOG2E_Q14 = 23637n;
const POW2_SLOPE = [194n, 230n, 273n, 325n];
const POW2_ICPT = [1022n, 1216n, 1446n, 1719n];
const RECIP_SLOPE = [-228n, -181n, -148n, -124n, -105n, -90n, -77n, -68n];
const RECIP_ICPT = [2045n, 1817n, 1636n, 1488n, 1364n, 1259n, 1169n, 1092n];

export interface CatapultSoftmaxTypes {
  readonly inter: FixedType;
  readonly exp: FixedType;
  readonly sum: FixedType;
  readonly recip: FixedType;
}

function ceilLog2(n: number): number {
  let k = 0;
  while (2 ** k < n) k++;
  return k;
}

/** The intermediate types for an input type and slice length, or null when exp_t would exceed 64 integer bits. */
export function catapultSoftmaxTypes(x: FixedType, n: number): CatapultSoftmaxTypes | null {
  const w = x.width;
  const i = x.integer;
  const s = x.signed ? 1 : 0;
  const expFrac = Math.max(1, Math.min(10, w - i - 2)) + 10;
  const expInt = (i - s >= 0 ? Math.floor(1.443 * 2 ** (i - s)) : 0) + 1;
  if (expInt > 64) return null;
  const sumBits = ceilLog2(n);
  return {
    inter: expInputType(x),
    exp: makeFixed(expFrac + expInt, expInt, false),
    sum: makeFixed(expFrac + expInt + sumBits, expInt + sumBits, false),
    recip: makeFixed(expFrac + expInt + sumBits + 20, expFrac + 1, false),
  };
}

const noCount: OverflowCounter = { count: 0 };

/** t(raw20 · 2^-20 · 2^k) with t's modes. */
function timesPow2(raw20: bigint, k: number, t: FixedType): bigint {
  return k > 20
    ? convertRawBigCounted(raw20 << BigInt(k - 20), 0, t, 'ac', noCount)
    : convertRawBigCounted(raw20, 20 - k, t, 'ac', noCount);
}

/** The type of x·log2e for an input type (ac_exp_pwl's choice). */
export function expInputType(x: FixedType): FixedType {
  return makeFixed(Math.max(x.width - x.integer, 12) + x.integer + 1, x.integer + 1, x.signed);
}

/** exp_t(2^(x·log2e)) by the 4-segment PWL of 2^f; `inter` is expInputType of x's type. */
export function expPwlRaw(raw: bigint, fx: number, inter: FixedType, exp: FixedType): bigint {
  const fi = fractionalBits(inter);
  const t = convertRawBigCounted(raw * LOG2E_Q14, fx + 14, inter, 'ac', noCount);
  const k = t >> BigInt(fi);
  const fraction = t - (k << BigInt(fi));
  const s = fraction >> BigInt(fi - 12);
  const seg = Number(s >> 10n);
  const p = POW2_SLOPE[seg]! * (s & 1023n) + (POW2_ICPT[seg]! << 10n);
  return timesPow2(p, Number(k), exp);
}

/** recip(1 / s) by the 8-segment PWL on s normalised to [0.5, 1); the largest recip value for s = 0. */
export function reciprocalPwlRaw(s: bigint, sType: FixedType, recip: FixedType): bigint {
  if (s === 0n) return (1n << BigInt(recip.width)) - 1n;
  const msb = s.toString(2).length - 1;
  const e = msb + 1 - fractionalBits(sType);
  const top = msb >= 13 ? s >> BigInt(msb - 13) : s << BigInt(13 - msb);
  const seg = Number((top >> 10n) & 7n);
  const p = RECIP_SLOPE[seg]! * (top & 1023n) + (RECIP_ICPT[seg]! << 10n);
  return timesPow2(p, -e, recip);
}

export function prepareCatapultSoftmax(
  name: string,
  xType: FixedType,
  n: number,
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const types = catapultSoftmaxTypes(xType, n);
  if (!types) {
    throw new StudioError(
      `the softmax input type has ${xType.integer} integer bits; Catapult's piecewise-linear softmax takes at most ${xType.signed ? 6 : 5}`,
      'Give the layer before the softmax a result type with fewer integer bits (e.g. fixed<16,6>).',
      { node: name, op: 'Softmax' },
    );
  }
  const fx = fractionalBits(xType);
  const fProduct = fractionalBits(types.recip) + fractionalBits(types.exp);
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    const e: bigint[] = new Array<bigint>(n);
    for (let base = 0; base < x.raws.length; base += n) {
      let sum = 0n;
      for (let i = 0; i < n; i++) {
        e[i] = expPwlRaw(BigInt(x.raws[base + i]!), fx, types.inter, types.exp);
        sum += e[i]!;
      }
      const r = reciprocalPwlRaw(sum, types.sum, types.recip);
      for (let i = 0; i < n; i++) {
        const y = convertRawBigCounted(r * e[i]!, fProduct, result, 'ac', counter);
        if (out.raws instanceof Float64Array) out.raws[base + i] = Number(y);
        else out.raws[base + i] = y;
      }
    }
    return out;
  };
}
