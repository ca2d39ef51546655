/**
 * Weights and biases as the generated C++ holds them (fixed-point.md §6.0): each float is printed with
 * F = fractional bits decimal digits (Python's '{:.Ff}', ties to even on the exact binary value), that
 * decimal is read back as the nearest double, and the double is converted with the type's own modes.
 */
import { fromDoubleBig, makeDoubleCaster } from '../fixed/convert';
import { formatDecimal } from '../fixed/decimal';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import { isNarrow } from './tensor';

/** The decimal text hls4ml writes for one weight. */
export function weightLiteral(value: number, t: FixedType): string {
  return formatDecimal(value, Math.max(0, fractionalBits(t)));
}

/**
 * Quantized weights per source array and type: printing every weight as its decimal literal is the
 * slow part, and the same tensor is quantized again on every emulation batch and after every edit of
 * another layer. Keyed weakly by the model's own arrays, a few types each; callers get a copy.
 */
const cache = new WeakMap<object, Map<string, Float64Array | bigint[]>>();

/** What a quantization depends on besides the values: the type and the family's conversion rules. */
export function weightTypeKey(t: FixedType, family: TypeFamily): string {
  return `${family}|${t.kind}|${t.width}|${t.integer}|${t.signed}|${t.rounding}|${t.overflow}|${t.satBits}`;
}
const TYPES_PER_ARRAY = 4;

export function quantizeWeights(
  values: ArrayLike<number>,
  t: FixedType,
  family: TypeFamily,
): Float64Array | bigint[] {
  if (typeof values !== 'object' || values === null) return quantizeUncached(values, t, family);
  const key = weightTypeKey(t, family);
  let byType = cache.get(values);
  if (!byType) {
    byType = new Map();
    cache.set(values, byType);
  }
  let hit = byType.get(key);
  if (!hit) {
    hit = quantizeUncached(values, t, family);
    if (byType.size >= TYPES_PER_ARRAY) byType.delete(byType.keys().next().value!);
    byType.set(key, hit);
  }
  return hit instanceof Float64Array ? hit.slice() : [...hit];
}

function quantizeUncached(
  values: ArrayLike<number>,
  t: FixedType,
  family: TypeFamily,
): Float64Array | bigint[] {
  if (isNarrow(t)) {
    const cast = makeDoubleCaster(t, family);
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = cast(Number(weightLiteral(values[i]!, t)));
    return out;
  }
  return Array.from({ length: values.length }, (_, i) =>
    fromDoubleBig(Number(weightLiteral(values[i]!, t)), t, family),
  );
}
