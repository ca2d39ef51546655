/**
 * firmware/weights/w<N>.h, b<N>.h and their .txt twins.
 *
 * Every value is printed with F = fractional bits of its type decimal digits (Python's '{:.Ff}', via
 * formatDecimal), so the compiler's parse-then-convert reproduces hls4ml's weights exactly
 * (fixed-point.md §6.0). Latency weights are input-major (w[i*n_out + j], as DenseLayer stores them);
 * resource weights are transposed (w[j*n_in + i]).
 */
import { StudioError } from '../../errors';
import { formatDecimal } from '../../fixed/decimal';
import { fractionalBits, type FixedType } from '../../fixed/types';
import type { DenseLayer } from '../../ir/graph';
import { convAsDense } from '../../ir/convView';
import { denseProduct, po2Parts, type DenseProduct } from '../../passes/denseProduct';
import { writeBatchNormWeights } from './spatial';
import type { PlannedLayer, VivadoPlan } from './plan';
import { writePReluAlpha } from './merge';
import { writeEmbeddingTable } from './embedding';
import { writeUnaryLutTable } from './unaryLut';
import { writeRecurrentWeights } from './recurrent';
import { writeBidirectionalWeights } from './bidirectional';
import { writeLayerNormWeights } from './layernorm';
import { writeBnQuantizedTanhWeights } from './bnQuantizedTanh';
import { cppLiteral, decimalsNote, setWeightFile, valueLines } from './weightFiles';

/** The decimal text of one value, exactly as hls4ml writes it. */
export function weightText(value: number, t: FixedType): string {
  return formatDecimal(value, Math.max(0, fractionalBits(t)));
}

function arrayValues(layer: DenseLayer, strategy: string, which: 'weight' | 'bias'): number[] {
  if (which === 'bias') {
    return layer.bias ? Array.from(layer.bias.data) : new Array<number>(layer.nOut).fill(0);
  }
  const w = layer.weight.data;
  if (strategy === 'latency') return Array.from(w);
  const out = new Array<number>(layer.nIn * layer.nOut);
  for (let i = 0; i < layer.nIn; i++) {
    for (let j = 0; j < layer.nOut; j++) out[j * layer.nIn + i] = w[i * layer.nOut + j]!;
  }
  return out;
}

/**
 * One weight as hls4ml writes it for the layer's product: power-of-two weights as `{sign, exponent}`
 * (ExponentWeightVariable), XNOR weights as 1 for values > 0 and 0 otherwise (BinaryQuantizer(1)),
 * every other type as its decimal text.
 */
function productWeightText(
  v: number,
  k: number,
  t: FixedType,
  product: DenseProduct,
  p: PlannedLayer,
): string {
  if (product === 'weight_binary' || product === 'both_binary') return v > 0 ? '1' : '0';
  if (product !== 'weight_exponential') return weightText(v, t);
  const parts = po2Parts(v, t.width);
  if (!parts) {
    throw new StudioError(
      `weight ${k} is ${v}, not a power of two, but the layer has power-of-two (exponent) weights`,
      'Quantize the weights with quantized_po2, or set an ordinary fixed-point weight precision for this layer.',
      { node: p.lowered.name, op: p.lowered.kind },
    );
  }
  return `{${parts.sign}, ${parts.exponent}}`;
}

function decimal12(x: number): string {
  return formatDecimal(x, 12);
}

function writeArray(
  plan: VivadoPlan,
  p: PlannedLayer,
  layer: DenseLayer,
  which: 'weight' | 'bias',
  files: Map<string, string>,
): void {
  const varName = which === 'weight' ? p.weightVar! : p.biasVar!;
  const typedef = p.typedefs[which === 'weight' ? 'weight_t' : 'bias_t']!;
  const expected = which === 'weight' ? layer.nIn * layer.nOut : layer.nOut;
  const stored = which === 'weight' ? layer.weight.data.length : (layer.bias?.data.length ?? layer.nOut);
  if (stored !== expected) {
    throw new StudioError(
      `the ${which} tensor has ${stored} values, expected ${expected}`,
      'Check the model file: the tensor does not match the layer size.',
      { node: p.lowered.name, op: p.lowered.kind },
    );
  }
  const values = arrayValues(layer, p.lowered.strategy, which);
  const product = which === 'weight' ? denseProduct(p.lowered.layer, typedef.type) : 'mult';
  const texts = values.map((v, k) => {
    if (!Number.isFinite(v)) {
      throw new StudioError(
        `${which} ${k} is ${v}, which cannot be written as a fixed-point constant`,
        'Check the model file: the weights must be finite numbers.',
        { node: p.lowered.name, op: p.lowered.kind },
      );
    }
    return productWeightText(v, k, typedef.type, product, p);
  });
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (v === 0) zeros++;
  }
  const layout =
    which === 'bias'
      ? `[${layer.nOut}]`
      : p.lowered.strategy === 'latency'
        ? `[${layer.nIn} x ${layer.nOut}], input-major: ${varName}[i*${layer.nOut} + j]`
        : `[${layer.nOut} x ${layer.nIn}], transposed for the resource strategy: ${varName}[j*${layer.nIn} + i]`;
  setWeightFile(plan, files, {
    varName,
    typeName: typedef.name,
    title: `${which === 'weight' ? 'weights' : 'biases'} of layer ${p.index}`,
    notes: [
      `// layer ${p.index}: ${p.comment} (${p.lowered.kind})`,
      `// shape ${layout}`,
      `// min ${values.length ? decimal12(min) : '-'}, max ${values.length ? decimal12(max) : '-'}, zeros ${zeros}`,
      decimalsNote(typedef),
    ],
    // Power-of-two weights ('{sign, exponent}') are already C++ initialisers.
    body: valueLines(texts.map((x) => (x.startsWith('{') ? x : cppLiteral(x)))),
    count: values.length,
    txt: texts,
  });
}

/** Adds the weight files of every Dense layer to `files`. */
export function writeWeights(plan: VivadoPlan, files: Map<string, string>): void {
  for (const p of plan.layers) {
    const raw = p.lowered.layer;
    if (raw.kind === 'BatchNormalization' || raw.kind === 'DepthwiseConv' || raw.kind === 'SeparableConv')
      writeBatchNormWeights(plan, p, files);
    if (raw.kind === 'PReLU') writePReluAlpha(plan, p, files);
    if (raw.kind === 'Embedding') writeEmbeddingTable(plan, p, files);
    if (raw.kind === 'UnaryLUT') writeUnaryLutTable(plan, p, files);
    if (raw.kind === 'LayerNormalization') writeLayerNormWeights(plan, p, files);
    if (raw.kind === 'SimpleRNN' || raw.kind === 'LSTM' || raw.kind === 'GRU')
      writeRecurrentWeights(plan, p, files);
    if (raw.kind === 'Bidirectional') writeBidirectionalWeights(plan, p, files);
    if (raw.kind === 'BatchNormalizationQuantizedTanh') writeBnQuantizedTanhWeights(plan, p, files);
    const layer = raw.kind === 'Conv' ? convAsDense(raw) : raw;
    if (layer.kind !== 'Dense') continue;
    writeArray(plan, p, layer, 'weight', files);
    writeArray(plan, p, layer, 'bias', files);
  }
}

/** Number of weights equal to zero (for the multiplier_limit of the config). */
export function zeroWeights(layer: DenseLayer): number {
  let n = 0;
  for (const v of layer.weight.data) if (v === 0) n++;
  return n;
}
