/**
 * Which product a Dense layer's C++ uses for input × weight, chosen from the weight type as hls4ml's
 * Vivado backend does (`product_type`, hls4ml-facts.md §7; fixed-point.md §6.1):
 *  - power-of-two weights (QKeras quantized_po2: hls4ml's ExponentPrecisionType) → weight_exponential,
 *    a shift by the weight's exponent;
 *  - 1-bit XNOR weights (QKeras `binary` kernel quantizer: XnorPrecisionType, stored 0 for −1, 1 for +1)
 *    → weight_binary (±x);
 *  - 2-bit signed integer weights (int<2>: BinaryDense, TernaryDense, ternary quantizers) →
 *    weight_ternary (0 / −x / +x; any weight other than 0 and −1, i.e. also −2, counts as +1);
 *  - anything else → mult, the exact product.
 * The encodings come from the frontend (DenseLayer.weightEncoding) and hold only while the resolved
 * weight_t still is the quantizer's type (signed int<W> for exponents, uint<1> for XNOR); a config that
 * sets another weight precision turns the layer back into ordinary multiplications of its float weights.
 * With an XNOR input (DenseLayer.xnorInput, set by passes/xnorPooling.ts after a binary
 * BatchNormalizationQuantizedTanh), hls4ml's order is: exponent weights → weight_exponential, XNOR weights
 * → both_binary (the product is a == w, 0 or 1), any other weight → data_binary (a = 0 gives −w, else w;
 * the weight's own value, so an int<2> weight of −2 gives ±2).
 * Whatever the product, ap_uint<1> inputs with ap_uint<1> weights change the output conversion (the
 * templates' nnet::cast, emulate/denseProducts.ts).
 */
import type { FixedType } from '../fixed/types';
import type { Layer } from '../ir/graph';

export type DenseProduct =
  'mult' | 'weight_binary' | 'weight_ternary' | 'weight_exponential' | 'data_binary' | 'both_binary';

export function isXnorType(t: FixedType): boolean {
  return t.kind === 'int' && t.width === 1 && !t.signed;
}

export function denseProduct(layer: Layer, weight: FixedType): DenseProduct {
  if (layer.kind !== 'Dense') return 'mult';
  if (layer.weightEncoding === 'exponent' && weight.kind === 'int' && weight.signed)
    return 'weight_exponential';
  const xnorWeight = layer.weightEncoding === 'xnor' && isXnorType(weight);
  if (layer.xnorInput === true) return xnorWeight ? 'both_binary' : 'data_binary';
  if (xnorWeight) return 'weight_binary';
  if (weight.kind === 'int' && weight.width === 2 && weight.signed) return 'weight_ternary';
  return 'mult';
}

/**
 * hls4ml's sign/exponent pair of a power-of-two weight ±2^e (sign 1 for +, 0 for −), with the exponent
 * as the exponent type ap_int<W> holds it (modulo 2^W, signed); null if v is not ±2^e.
 */
export function po2Parts(v: number, exponentWidth: number): { sign: 0 | 1; exponent: number } | null {
  if (!Number.isFinite(v) || v === 0) return null;
  const e = Math.log2(Math.abs(v));
  if (!Number.isInteger(e)) return null;
  const m = 2 ** exponentWidth;
  const half = m / 2;
  return { sign: v < 0 ? 0 : 1, exponent: (((e % m) + m + half) % m) - half };
}
