/**
 * Weight statistics for the inspector: per weight tensor of a lowered layer (weights, bias, batch-norm
 * scale, recurrent weights, …) its range, mean and sparsity, what its precision does to it (values that
 * become zero, values beyond the type's range), and a bit-position histogram against the type's range.
 */
import { toCppType } from '../core/fixed/format';
import { valueRange } from '../core/fixed/types';
import type { FloatTensor } from '../core/ir/graph';
import { quantizeWeights } from '../core/emulate/weights';
import type { LoweredGraph } from '../core/passes/lowered';
import type { WeightStatsView, WeightTensorStats } from './protocol';
import { layerHistogram } from './views';

function isTensor(v: unknown): v is FloatTensor {
  return (
    typeof v === 'object' &&
    v !== null &&
    'shape' in v &&
    'data' in v &&
    (v.data instanceof Float32Array || v.data instanceof Float64Array)
  );
}

/** 'recurrentWeight' → 'recurrent_weight_t', the precision slot that holds it. */
function slotOf(key: string): string {
  return `${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_t`;
}

/** Recurrent layers' kernel / recurrentKernel live in weight_t / recurrent_weight_t. */
const RECURRENT_SLOTS: Readonly<Record<string, string>> = {
  kernel: 'weight_t',
  recurrentKernel: 'recurrent_weight_t',
};

/** [name, value, slot] of every field; a Bidirectional's per direction (forward.kernel → forward_weight_t). */
function tensorsOf(layer: LoweredGraph['layers'][number]['layer']): [string, unknown, string][] {
  const own = (obj: object, prefix: string, recurrent: boolean): [string, unknown, string][] =>
    Object.entries(obj).map(([k, v]) => [
      prefix ? `${prefix}.${k}` : k,
      v,
      `${prefix ? `${prefix}_` : ''}${(recurrent && RECURRENT_SLOTS[k]) || slotOf(k)}`,
    ]);
  if (layer.kind === 'Bidirectional')
    return [...own(layer.forward, 'forward', true), ...own(layer.backward, 'backward', true)];
  const recurrent = layer.kind === 'SimpleRNN' || layer.kind === 'LSTM' || layer.kind === 'GRU';
  return own(layer, '', recurrent);
}

export function weightStats(g: LoweredGraph, layer: string): WeightStatsView | null {
  const l = g.layers.find((x) => x.name === layer);
  if (!l) return null;
  const tensors: WeightTensorStats[] = [];
  for (const [key, v, slot] of tensorsOf(l.layer)) {
    if (!isTensor(v) || v.data.length === 0) continue;
    const data = v.data;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < data.length; i++) {
      const x = data[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
      if (x === 0) zeros++;
    }
    const type = l.types[slot] ?? null;
    let quantizedZeros: number | null = null;
    let outOfRange: number | null = null;
    let histogram = null;
    let cpp: string | null = null;
    if (type) {
      cpp = toCppType(type, g.family);
      const raws = quantizeWeights(data, type, g.family);
      quantizedZeros = 0;
      for (const r of raws) if (r === 0 || r === 0n) quantizedZeros++;
      const range = valueRange(type);
      outOfRange = 0;
      for (let i = 0; i < data.length; i++) {
        const x = data[i]!;
        if (x < range.min || x > range.max) outOfRange++;
      }
      histogram = layerHistogram(layer, 0, Float64Array.from(data), type, cpp);
    }
    tensors.push({
      name: key,
      slot,
      shape: [...v.shape],
      count: data.length,
      min,
      max,
      mean: sum / data.length,
      zeros,
      type: cpp,
      quantizedZeros,
      outOfRange,
      histogram,
    });
  }
  return { layer, tensors };
}
