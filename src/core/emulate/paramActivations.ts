/**
 * The element-wise activations beyond linear/relu/sigmoid/tanh (fixed-point.md §6.7–§6.8):
 * relu with a maximum (relu6), leaky_relu, thresholded_relu, elu, selu, softplus, softsign, hard_sigmoid,
 * hard_tanh, binary_tanh, ternary_tanh, and PReLU. Scalar parameters are converted from their double
 * value into param_t (as the C++ does with the literal in the call); products and sums are exact, the
 * one rounding is the cast into result_t (or the table's own cast).
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, fromDoubleBig, makeCaster, type OverflowCounter } from '../fixed/convert';
import { MAX_NUMBER_WIDTH, fractionalBits, makeFixed, type FixedType, type TypeFamily } from '../fixed/types';
import type { ActivationLayer } from '../ir/graph';
import { tableIndex } from './activations';
import { castTable, tableInput } from './tables';
import { expf } from './libmFloat32';
import { allocate, type FixedTensor } from './tensor';

const f32 = Math.fround;

/** hard_sigmoid / hard_tanh constant types (hls4ml's slope_t and shift_t). */
export const HARD_SLOPE_T = makeFixed(16, 0, false);
export const HARD_SHIFT_T = makeFixed(2, 0, false);
/** selu's λ as stored: ap_ufixed<16,1>(1.0507009873554805). */
export const SELU_LAMBDA_T = makeFixed(16, 1, false);
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

/** Activations handled here (relu too, when it has a maximum). */
export function isParamActivation(layer: ActivationLayer): boolean {
  switch (layer.activation) {
    case 'relu':
      return layer.maxValue !== undefined;
    case 'linear':
    case 'sigmoid':
    case 'tanh':
      return false;
    default:
      return true;
  }
}

/** Whether the activation reads a scalar parameter in param_t. */
export function usesParam(layer: ActivationLayer): boolean {
  return ['leaky_relu', 'thresholded_relu', 'elu'].includes(layer.activation);
}

/** The scalar parameter's double value (alpha or theta) with the framework defaults. */
export function paramValue(layer: ActivationLayer): number {
  switch (layer.activation) {
    case 'leaky_relu':
      return layer.alpha ?? 0.3;
    case 'elu':
      return layer.alpha ?? 1.0;
    case 'thresholded_relu':
      return layer.theta ?? 1.0;
    default:
      return 0;
  }
}

/** relu6/relu maximum: hls4ml compares against an integer constant. */
export function reluMax(layer: ActivationLayer): number {
  const m = layer.maxValue ?? 6;
  if (!Number.isInteger(m) || m < 0 || m > 2 ** 30) {
    throw new StudioError(
      `relu maximum ${m} is not a non-negative integer`,
      'hls4ml clips relu at an integer maximum; use an integer max_value.',
      { node: layer.name, op: layer.source.op },
    );
  }
  return m;
}

/** hard_sigmoid / hard_tanh slope and shift, checked against their unsigned fractional types. */
export function hardParams(layer: ActivationLayer): { slope: number; shift: number } {
  const slope = layer.slope ?? 0.2;
  const shift = layer.shift ?? 0.5;
  if (!(slope >= 0 && slope < 1) || !(shift >= 0 && shift < 1)) {
    throw new StudioError(
      `${layer.activation} slope ${slope} / shift ${shift} do not fit ufixed<16,0> / ufixed<2,0>`,
      'hls4ml stores slope and shift as unsigned fractions below 1.',
      { node: layer.name, op: layer.source.op },
    );
  }
  return { slope, shift };
}

function big(raw: number | bigint): bigint {
  return typeof raw === 'bigint' ? raw : BigInt(raw);
}

function bigTable(values: number[], t: FixedType, family: TypeFamily): bigint[] {
  const tab: ArrayLike<number | bigint> = castTable(values, t, family);
  return Array.from(tab, (v) => big(v));
}

/** Table index of elu/selu for x < 0: min(trunc0(x·T/(−8)), T−1) (ap truncates, ac floors toward −∞). */
function negativeIndex(raw: bigint, frac: number, tableSize: number, family: TypeFamily): number {
  const num = raw * BigInt(tableSize) * -1n;
  const den = 8n << BigInt(Math.max(frac, 0));
  const scaled = frac < 0 ? num << BigInt(-frac) : num;
  let q = scaled / den;
  if (family === 'ac' && scaled < 0n && q * den !== scaled) q -= 1n;
  const idx = Number(q);
  return Math.max(0, Math.min(idx, tableSize - 1));
}

export interface ParamActivationTypes {
  readonly result: FixedType;
  readonly table: FixedType;
  readonly param: FixedType;
}

/** Table values (as floats) of the table-based activations here, as the C++ fills them. */
export function paramTableValues(fn: string, tableSize: number): number[] {
  const v: number[] = [];
  for (let i = 0; i < tableSize; i++) {
    switch (fn) {
      case 'softplus': {
        const x = tableInput(i, tableSize, 16);
        v.push(f32(Math.log(expf(x) + 1.0)));
        break;
      }
      case 'softsign': {
        const x = tableInput(i, tableSize, 16);
        v.push(f32(x / (Math.abs(x) + 1.0)));
        break;
      }
      case 'elu': {
        const x = f32((-8 * i) / tableSize);
        v.push(f32(expf(x) - 1.0));
        break;
      }
      case 'selu': {
        const x = f32((-8 * i) / tableSize);
        v.push(f32(SELU_LAMBDA * (SELU_ALPHA * (expf(x) - 1.0))));
        break;
      }
      default:
        throw new Error(`no table for ${fn}`);
    }
  }
  return v;
}

/**
 * leaky_relu on Float64 raws, when α·x is an exact double: the same casts as the BigInt path, several
 * times faster on large feature maps. Null when the types need BigInt.
 */
function leakyReluNumbers(
  xType: FixedType,
  t: ParamActivationTypes,
  a: number,
  family: TypeFamily,
  counter: OverflowCounter,
): ((x: FixedTensor) => FixedTensor) | null {
  if (xType.width + t.param.width > MAX_NUMBER_WIDTH || t.result.width > MAX_NUMBER_WIDTH) return null;
  const fx = fractionalBits(xType);
  const castX = makeCaster(fx, t.result, family, counter);
  const castAx = makeCaster(fx + fractionalBits(t.param), t.result, family, counter);
  return (x) => {
    const out = allocate(t.result, x.size, x.samples);
    const xr = x.raws as Float64Array;
    const or = out.raws as Float64Array;
    for (let i = 0; i < xr.length; i++) {
      const v = xr[i]!;
      or[i] = v > 0 ? castX(v) : castAx(a * v);
    }
    return out;
  };
}

export function prepareParamActivation(
  layer: ActivationLayer,
  xType: FixedType,
  t: ParamActivationTypes,
  tableSize: number,
  family: TypeFamily,
  counter: OverflowCounter,
  /** hls4ml's io_stream kernels (Vivado/Vitis): selu and ternary_tanh compute differently there. */
  stream = false,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const result = t.result;
  const cast = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, result, family, counter);
  const map = (f: (raw: bigint) => bigint) => (x: FixedTensor) => {
    const out = allocate(result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let i = 0; i < x.raws.length; i++) {
      const r = f(big(x.raws[i]!));
      if (narrow) (out.raws as Float64Array)[i] = Number(r);
      else (out.raws as bigint[])[i] = r;
    }
    return out;
  };
  const fp = fractionalBits(t.param);
  const param = (): bigint => fromDoubleBig(paramValue(layer), t.param, family);
  const ft = fractionalBits(t.table);
  switch (layer.activation) {
    case 'relu':
    case 'relu6': {
      const m = BigInt(reluMax(layer));
      const capped = cast(m, 0);
      // x > MAX compared exactly: on x's grid when it has fractional bits, else on the integer grid.
      const above = fx >= 0 ? (v: bigint) => v > m << BigInt(fx) : (v: bigint) => v << BigInt(-fx) > m;
      return map((v) => (v < 0n ? cast(0n, 0) : above(v) ? capped : cast(v, fx)));
    }
    case 'leaky_relu': {
      const a = param();
      const fast = leakyReluNumbers(xType, t, Number(a), family, counter);
      const slow = map((v) => (v > 0n ? cast(v, fx) : cast(a * v, fx + fp)));
      return (x) => (fast && x.raws instanceof Float64Array ? fast(x) : slow(x));
    }
    case 'thresholded_relu': {
      const th = param();
      // x > theta compared exactly on a common grid.
      const f = Math.max(fx, fp);
      const thAligned = th << BigInt(f - fp);
      return map((v) => (v << BigInt(f - fx) > thAligned ? cast(v, fx) : cast(0n, 0)));
    }
    case 'elu': {
      const a = param();
      const tab = bigTable(paramTableValues('elu', tableSize), t.table, family);
      return map((v) =>
        v >= 0n ? cast(v, fx) : cast(a * tab[negativeIndex(v, fx, tableSize, family)]!, fp + ft),
      );
    }
    case 'selu': {
      // io_stream: λ is converted to the input type (with its modes), not to ap_ufixed<16,1>.
      const lamType = stream ? xType : SELU_LAMBDA_T;
      const lam = fromDoubleBig(SELU_LAMBDA, lamType, family);
      const fl = fractionalBits(lamType);
      const tab = bigTable(paramTableValues('selu', tableSize), t.table, family);
      return map((v) =>
        v >= 0n ? cast(lam * v, fx + fl) : cast(tab[negativeIndex(v, fx, tableSize, family)]!, ft),
      );
    }
    case 'softplus':
    case 'softsign': {
      const tab = bigTable(paramTableValues(layer.activation, tableSize), t.table, family);
      return map((v) => cast(tab[tableIndex(v, fx, tableSize, 16, family)]!, ft));
    }
    case 'hard_sigmoid':
    case 'hard_tanh': {
      const { slope, shift } = hardParams(layer);
      const s = fromDoubleBig(slope, HARD_SLOPE_T, family);
      const h = fromDoubleBig(shift, HARD_SHIFT_T, family);
      const fs = fractionalBits(HARD_SLOPE_T);
      const fh = fractionalBits(HARD_SHIFT_T);
      const f = Math.max(fx + fs, fh);
      const one = 1n << BigInt(f);
      const tanh = layer.activation === 'hard_tanh';
      return map((v) => {
        let y = ((s * v) << BigInt(f - fx - fs)) + (h << BigInt(f - fh));
        if (y > one) y = one;
        else if (y < 0n) y = 0n;
        return tanh ? cast(2n * y - one, f) : cast(y, f);
      });
    }
    case 'binary_tanh': {
      const pos = cast(1n, 0);
      const neg = result.signed ? cast(-1n, 0) : cast(0n, 0);
      return map((v) => (v >= 0n ? pos : neg));
    }
    case 'ternary_tanh': {
      if (stream) {
        // io_stream: x itself is compared, x > 1 → 1, x ≤ −1 → −1, else 0.
        const f = Math.max(fx, 0);
        const one = 1n << BigInt(f);
        const up = BigInt(f - fx);
        const [pos, zero, neg] = [cast(1n, 0), cast(0n, 0), cast(-1n, 0)];
        return map((v) => (v << up > one ? pos : v << up <= -one ? neg : zero));
      }
      // y = data_T(2·x): the doubled value is cast back into the input type (with its modes).
      const noCount: OverflowCounter = { count: 0 };
      const one = fx >= 0 ? 1n << BigInt(fx) : 0n;
      const pos = cast(1n, 0);
      const zero = cast(0n, 0);
      const neg = cast(-1n, 0);
      return map((v) => {
        const y = convertRawBigCounted(2n * v, fx, xType, family, noCount);
        if (fx < 0) {
          const val = y << BigInt(-fx);
          return val > 1n ? pos : val > -1n ? zero : neg;
        }
        return y > one ? pos : y > -one ? zero : neg;
      });
    }
    default:
      throw new StudioError(
        `the ${layer.activation} activation is not supported by the fixed-point emulator yet`,
        'Use one of the supported activations.',
        { node: layer.name, op: layer.source.op },
      );
  }
}

/** PReLU: x > 0 ? x : cast_res(alpha[i mod n] · x), alpha already quantized into param_t. */
export function preparePRelu(
  alpha: readonly bigint[],
  xType: FixedType,
  param: FixedType,
  result: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const fp = fractionalBits(param);
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let i = 0; i < x.raws.length; i++) {
      const v = big(x.raws[i]!);
      const a = alpha[(i % x.size) % alpha.length]!;
      const r =
        v > 0n
          ? convertRawBigCounted(v, fx, result, family, counter)
          : convertRawBigCounted(a * v, fx + fp, result, family, counter);
      if (narrow) (out.raws as Float64Array)[i] = Number(r);
      else (out.raws as bigint[])[i] = r;
    }
    return out;
  };
}
