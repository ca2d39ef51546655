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
import { quantizeWeights } from './weights';

/** Widened weights stay well inside the int32 kernels' 30-bit product budget or are not worth it. */
const MAX_WIDENED_WIDTH = 40;

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
  const raws = quantizeWeights(layer.weight.data, w, family);
  if (!(raws instanceof Float64Array)) return { layer, types: t };
  // Exact values of the quantized weights: quantizing them into the wider type changes nothing.
  const scale = 2 ** -fractionalBits(w);
  const values = raws.map((r) => r * scale);
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
