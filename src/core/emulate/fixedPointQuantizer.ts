/**
 * HGQ's heterogeneous FixedPointQuantizer: each element is converted into its own fixed-point type
 * (bits, integers, keep_negative with the layer's rounding and overflow modes), then into result_t;
 * an element with 0 bits is 0. This is what the C++ `nnet::fixed_point_quantizer` does element by element.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, makeCaster, type OverflowCounter, type RawCaster } from '../fixed/convert';
import {
  OVERFLOW_MODES,
  ROUNDING_MODES,
  fractionalBits,
  makeFixed,
  type FixedType,
  type OverflowMode,
  type RoundingMode,
  type TypeFamily,
} from '../fixed/types';
import type { FixedPointQuantizerLayer } from '../ir/graph';
import { allocate, isNarrow, type FixedTensor } from './tensor';

/** The element types of a quantizer layer; null where the element has 0 bits (always 0). */
export function elementTypes(layer: FixedPointQuantizerLayer): (FixedType | null)[] {
  const rounding = layer.rounding as RoundingMode;
  const overflow = layer.overflow as OverflowMode;
  if (
    !(ROUNDING_MODES as readonly string[]).includes(rounding) ||
    !(OVERFLOW_MODES as readonly string[]).includes(overflow)
  ) {
    throw new StudioError(
      `rounding ${layer.rounding} / overflow ${layer.overflow} is not a fixed-point mode`,
      'Export the proxy model again with HGQ.',
      { node: layer.name, op: layer.source.op },
    );
  }
  return layer.bits.map((b, e) =>
    b === 0 ? null : makeFixed(b, layer.integers[e]!, layer.keepNegative[e] === 1, rounding, overflow),
  );
}

export function prepareFixedPointQuantizer(
  layer: FixedPointQuantizerLayer,
  xType: FixedType,
  result: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const types = elementTypes(layer);
  const fx = fractionalBits(xType);
  const fast = isNarrow(xType) && isNarrow(result) && types.every((t) => t === null || isNarrow(t));
  // Per element: input → element type → result_t (two casts, as `res[i] = elem_t(data[i])` does).
  const casts: ([RawCaster, RawCaster] | null)[] = fast
    ? types.map((t) =>
        t === null
          ? null
          : [makeCaster(fx, t, family, counter), makeCaster(fractionalBits(t), result, family, counter)],
      )
    : [];
  return (x) => {
    if (x.size !== types.length) {
      throw new StudioError(
        `the input has ${x.size} elements but the quantizer has ${types.length} element types`,
        'This looks like a bug in HLS Studio; please open an issue and attach the model file.',
        { node: layer.name, op: layer.source.op },
      );
    }
    const out = allocate(result, x.size, x.samples);
    if (fast) {
      const raws = x.raws as Float64Array;
      const o = out.raws as Float64Array;
      for (let i = 0; i < raws.length; i++) {
        const c = casts[i % x.size];
        o[i] = c ? c[1](c[0](raws[i]!)) : 0;
      }
      return out;
    }
    for (let i = 0; i < x.raws.length; i++) {
      const t = types[i % x.size];
      let r = 0n;
      if (t) {
        const v = x.raws[i]!;
        const e = convertRawBigCounted(typeof v === 'bigint' ? v : BigInt(v), fx, t, family, counter);
        r = convertRawBigCounted(e, fractionalBits(t), result, family, counter);
      }
      if (out.raws instanceof Float64Array) out.raws[i] = Number(r);
      else out.raws[i] = r;
    }
    return out;
  };
}
