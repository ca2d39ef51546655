/**
 * When x·w has fewer fractional bits than accum_t (QONNX models: 4-bit inputs and weights into a 16-bit
 * accumulator), casting a product into accum_t only appends zero bits. The same layer with its weights
 * written in a wider type — the same values, raws scaled by 2^k — then has products with exactly
 * accum_t's fractional bits, and the fast int32 kernels (which need a product → accum_t cast that is a
 * right shift, d ≥ 0) apply. Values, overflows and counts are unchanged: the products are the same numbers.
 */
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { DenseLayer } from '../ir/graph';
import type { DenseTypes } from './dense';
import { quantizeWeights, weightTypeKey } from './weights';

/** Widened weights stay well inside the int32 kernels' 30-bit product budget or are not worth it. */
const MAX_WIDENED_WIDTH = 40;

/**
 * The quantized weights' exact values, one array per source array and type: the kernels quantize these
 * again into the wider type, and their own cache (keyed by this array) then spares that work when the
 * layer is prepared again after an edit elsewhere.
 */
const valuesCache = new WeakMap<object, Map<string, Float64Array | null>>();

function exactValues(data: ArrayLike<number>, w: FixedType, family: TypeFamily): Float64Array | null {
  const key = weightTypeKey(w, family);
  let byType = valuesCache.get(data);
  if (!byType) valuesCache.set(data, (byType = new Map()));
  if (!byType.has(key)) {
    const raws = quantizeWeights(data, w, family);
    // Exact values of the quantized weights: quantizing them into the wider type changes nothing.
    const scale = 2 ** -fractionalBits(w);
    byType.set(key, raws instanceof Float64Array ? raws.map((r) => r * scale) : null);
  }
  return byType.get(key)!;
}

/** The layer and types to run instead, or the originals when products already reach accum_t's bits. */
export function exactProductWeights(
  layer: DenseLayer,
  xType: FixedType,
  t: DenseTypes,
  family: TypeFamily,
): { readonly layer: DenseLayer; readonly types: DenseTypes } {
  const k = fractionalBits(t.accum) - fractionalBits(xType) - fractionalBits(t.weight);
  const w = t.weight;
  if (k <= 0 || w.width + k > MAX_WIDENED_WIDTH) return { layer, types: t };
  const values = exactValues(layer.weight.data, w, family);
  if (!values) return { layer, types: t };
  const weight: FixedType = {
    ...w,
    kind: 'fixed',
    width: w.width + k,
    integer: w.kind === 'int' ? w.width : w.integer,
    rounding: 'TRN',
    overflow: 'WRAP',
    satBits: 0,
  };
  return {
    layer: { ...layer, weight: { shape: layer.weight.shape, data: values } },
    types: { ...t, weight },
  };
}
