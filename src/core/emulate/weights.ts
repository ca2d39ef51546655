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

export function quantizeWeights(
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
