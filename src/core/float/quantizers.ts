/**
 * The model's own quantizers in the float reference: a quantized model (QONNX, QKeras, HGQ) was trained
 * with them in its forward pass, so the reference for its fixed-point design is that network with each
 * quantizer applied in float — weights and biases rounded to the precision the model gives them, and a
 * layer output with a quantizer (QONNX Quant, QKeras activation quantizers, HGQ FixedPointQuantizer)
 * rounded and clipped as that quantizer does. This is what QONNX's executor and QKeras' predict compute;
 * the differences left against the emulator are the design's own (accumulators, tables, result types).
 */
import { fromDouble } from '../fixed/convert';
import { parsePrecision } from '../fixed/parse';
import { MAX_NUMBER_WIDTH, fractionalBits, type FixedType } from '../fixed/types';
import type { FloatTensor, Layer } from '../ir/graph';
import { elementTypes } from '../emulate/fixedPointQuantizer';

/** The value of x in type t (rounded and overflowed as t says), or null when t is too wide for a double. */
function quantizer(t: FixedType): ((x: number) => number) | null {
  if (t.width > MAX_NUMBER_WIDTH) return null;
  const lsb = 2 ** -fractionalBits(t);
  return (x) => fromDouble(x, t) * lsb;
}

function typeOf(precision: string | undefined): FixedType | null {
  if (!precision) return null;
  const r = parsePrecision(precision);
  return r.ok ? r.type : null;
}

function quantizedTensor(tensor: FloatTensor, precision: string | undefined): FloatTensor {
  const t = typeOf(precision);
  const q = t ? quantizer(t) : null;
  return q ? { shape: tensor.shape, data: Float64Array.from(tensor.data, q) } : tensor;
}

/** The layer with its weight and bias values rounded to the model's precisions for them. */
export function withQuantizedParams(layer: Layer): Layer {
  const p = layer.quantized;
  if (!p || !('weight' in layer) || !layer.weight) return layer;
  const weight = quantizedTensor(layer.weight, p.weight);
  const bias = 'bias' in layer && layer.bias ? quantizedTensor(layer.bias, p.bias) : undefined;
  return { ...layer, weight, ...(bias ? { bias } : {}) } as Layer;
}

/**
 * The quantizer on a layer's output, applied to a flat batch (element i of a row is element
 * i mod rowSize), or null when the layer has none.
 */
export function outputQuantizer(layer: Layer): ((values: Float64Array, rowSize: number) => void) | null {
  if (layer.kind === 'FixedPointQuantizer') {
    const qs = elementTypes(layer).map((t) => (t ? quantizer(t) : () => 0));
    return (values, rowSize) => {
      for (let i = 0; i < values.length; i++) {
        const q = qs[i % rowSize];
        if (q) values[i] = q(values[i]!);
      }
    };
  }
  const t = typeOf(layer.quantized?.result);
  const q = t ? quantizer(t) : null;
  if (!q) return null;
  return (values) => {
    for (let i = 0; i < values.length; i++) values[i] = q(values[i]!);
  };
}
