/**
 * Catapult's piecewise-linear ELU, SELU and softsign (hls/catapult_nnet_utils/ac_math_pwl.h, after
 * ac_math's ac_elu_pwl / ac_selu_pwl / ac_softsign_pwl), bit for bit:
 *   elu(x)  = x ≥ 0 ? x : α·(e^x − 1), e^x by the PWL exponential floored to 20 fractional bits,
 *             α in param_t, converted once to the result;
 *   selu(x) = x ≥ 0 ? λ·x : λ·result(α_s·(e^x − 1)), λ and α_s in ufixed<22,2> (floored);
 *   softplus(x) = result(log2(1 + e^x)·ln2), e^x in ufixed<P + 20, P> (P = (|I|+2)(|I|+1), floor, wrap),
 *             log2 by 8 segments with 11 fractional bits, ln2 = 2839·2^-12; inputs need I − S ≤ 5;
 *   softsign(x) = result(x · r), r = the PWL reciprocal of d = |x| + 1 in ufixed<W'+1, |I|+1> (floor)
 *             (W' = W, or W + |I| when W < |I|), r with max(1, min(10, W − 4)) + 10 fractional bits
 *             and the result's signedness.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, fromDoubleBig, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, makeFixed, type FixedType } from '../fixed/types';
import { expInputType, expPwlRaw, reciprocalPwlRaw } from './catapultSoftmax';
import { allocate, type FixedTensor } from './tensor';

const EXP_NEGATIVE = makeFixed(20, 0, false);
const SELU_CONST_T = makeFixed(22, 2, false);
const ONE20 = 1n << 20n;

export function prepareCatapultElu(
  fn: 'elu' | 'selu',
  xType: FixedType,
  alpha: number,
  param: FixedType,
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const fr = fractionalBits(result);
  const inter = expInputType(xType);
  const cast = (raw: bigint, frac: number): bigint => convertRawBigCounted(raw, frac, result, 'ac', counter);
  let apply: (v: bigint) => bigint;
  if (fn === 'elu') {
    const a = fromDoubleBig(alpha, param, 'ac');
    const fa = fractionalBits(param);
    apply = (v) =>
      v >= 0n ? cast(v, fx) : cast(a * (expPwlRaw(v, fx, inter, EXP_NEGATIVE) - ONE20), fa + 20);
  } else {
    const lam = fromDoubleBig(1.0507009873554805, SELU_CONST_T, 'ac');
    const as = fromDoubleBig(1.6732632423543772, SELU_CONST_T, 'ac');
    apply = (v) => {
      if (v >= 0n) return cast(lam * v, fx + 20);
      const part = cast(as * (expPwlRaw(v, fx, inter, EXP_NEGATIVE) - ONE20), 40);
      return cast(lam * part, 20 + fr);
    };
  }
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

export function prepareCatapultSoftsign(
  xType: FixedType,
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const iw = Math.abs(xType.integer);
  const ww = xType.width < iw ? xType.width + iw : xType.width;
  const recIn = makeFixed(ww + 1, iw + 1, false);
  const recOut = makeFixed(Math.max(1, Math.min(10, xType.width - 4)) + 11, 1, result.signed);
  const fOut = fractionalBits(recOut);
  const noCount: OverflowCounter = { count: 0 };
  const apply = (v: bigint): bigint => {
    const a = v < 0n ? -v : v;
    const [sum, f] = fx >= 0 ? [a + (1n << BigInt(fx)), fx] : [(a << BigInt(-fx)) + 1n, 0];
    const d = convertRawBigCounted(sum, f, recIn, 'ac', noCount);
    const r = reciprocalPwlRaw(d, recIn, recOut);
    return convertRawBigCounted(v * r, fx + fOut, result, 'ac', counter);
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

const LOG2_SLOPE = [348n, 310n, 281n, 256n, 236n, 218n, 204n, 191n];
const LOG2_ICPT = [-2045n, -1697n, -1387n, -1105n, -849n, -612n, -394n, -190n];
const LN2_Q12 = 2839n;

export function prepareCatapultSoftplus(
  name: string,
  xType: FixedType,
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  if (xType.integer - (xType.signed ? 1 : 0) > 5) {
    throw new StudioError(
      `the softplus input type has ${xType.integer} integer bits; Catapult's piecewise-linear softplus takes at most ${xType.signed ? 6 : 5}`,
      'Give the layer before the softplus a result type with fewer integer bits (e.g. fixed<16,6>).',
      { node: name, op: 'Activation' },
    );
  }
  const fx = fractionalBits(xType);
  const iw = Math.abs(xType.integer);
  const p = (iw + 2) * (iw + 1);
  const powT = makeFixed(p + 20, p, false);
  const inter = expInputType(xType);
  const apply = (v: bigint): bigint => {
    const s = expPwlRaw(v, fx, inter, powT) + ONE20;
    const msb = s.toString(2).length - 1;
    const top = s >> BigInt(msb - 14);
    const seg = Number((top >> 11n) & 7n);
    const log2 = LOG2_SLOPE[seg]! * (top & 2047n) + (LOG2_ICPT[seg]! << 11n) + (BigInt(msb - 19) << 22n);
    return convertRawBigCounted(log2 * LN2_Q12, 34, result, 'ac', counter);
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
