/**
 * Turn core results into the plain, weight-free views the UI shows (see protocol.ts). The error
 * statistics and histograms are computed here, in the worker, so the UI only draws.
 */
import { toCppType, shortLabel } from '../core/fixed/format';
import { elementCount, type Layer, type ModelGraph } from '../core/ir/graph';
import { hlsClassOf } from '../core/ir/kinds';
import type { LoweredGraph } from '../core/passes/lowered';
import { validReuseFactors } from '../core/passes/reuseFactor';
import type { EmulationResult, LayerProfile } from '../core/emulate/types';
import { valueRange, type FixedType } from '../core/fixed/types';
import type {
  Histogram,
  LayerHistogramView,
  LayerProfileView,
  LayerView,
  LoweredLayerView,
  LoweredView,
  OutputElementStats,
  OutputView,
  ReuseOption,
} from './protocol';

function attributesOf(layer: Layer): Record<string, string> {
  switch (layer.kind) {
    case 'Dense':
      return {
        n_in: String(layer.nIn),
        n_out: String(layer.nOut),
        weights: String(layer.nIn * layer.nOut),
        bias: layer.bias ? 'yes' : 'no',
      };
    case 'Activation':
      return { activation: layer.activation };
    case 'Softmax':
      return { axis: String(layer.axis) };
    case 'Input':
      return {};
    case 'TimeDistributed':
      // The wrapped layer's facts; `wrapped` tells the inspector whose precision slots to show.
      return { time_steps: String(layer.timeSteps), wrapped: layer.inner.kind, ...attributesOf(layer.inner) };
    case 'Bidirectional': {
      const dir = (d: typeof layer.forward): string =>
        `${d.kind}(${d.units} units, ${d.activation}/${d.recurrentActivation}${d.kind === 'GRU' ? `, reset_after ${d.resetAfter}` : ''})`;
      return {
        merge_mode: layer.mergeMode,
        return_sequences: String(layer.returnSequences),
        forward: dir(layer.forward),
        backward: dir(layer.backward),
      };
    }
    default: {
      // Other kinds: their scalar and small-list attributes, as written in the IR.
      const skip = new Set(['kind', 'name', 'inputs', 'outputShape', 'source', 'quantized']);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(layer)) {
        if (skip.has(k)) continue;
        if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = String(v);
        else if (Array.isArray(v) && v.length <= 8 && v.every((x) => typeof x === 'number'))
          out[k] = `[${v.join(', ')}]`;
        else if (v && typeof v === 'object' && 'shape' in v)
          out[k] = `tensor [${(v as { shape: number[] }).shape.join('×')}]`;
      }
      return out;
    }
  }
}

export function layerViews(graph: ModelGraph, positions: Map<string, { x: number; y: number }>): LayerView[] {
  return graph.layers.map((l) => ({
    name: l.name,
    kind: l.kind,
    inputs: l.inputs,
    outputShape: l.outputShape,
    // A TimeDistributed layer is configured under its wrapped layer's class (resolveConfig).
    hlsClass: hlsClassOf(l.kind === 'TimeDistributed' ? l.inner : l),
    op: l.source.op,
    node: l.source.node,
    attributes: attributesOf(l),
    position: positions.get(l.name) ?? { x: 0, y: 0 },
  }));
}

export function inputSize(graph: ModelGraph): number {
  return graph.inputs.reduce((a, name) => {
    const l = graph.layers.find((x) => x.name === name);
    return a + (l ? elementCount(l.outputShape) : 0);
  }, 0);
}

/** How many values one row's trace holds: every layer's output. */
export function tracedValues(graph: ModelGraph): number {
  return graph.layers.reduce((a, l) => a + elementCount(l.outputShape), 0);
}

const reuseCache = new Map<string, ReuseOption[]>();

function reuseOptions(layer: Layer, excludeMax: boolean): ReuseOption[] | null {
  if (layer.kind !== 'Dense') return null;
  const key = `${layer.nIn}x${layer.nOut}:${excludeMax}`;
  let opts = reuseCache.get(key);
  if (!opts) {
    const total = layer.nIn * layer.nOut;
    opts = validReuseFactors(layer.nIn, layer.nOut, excludeMax).map((rf) => ({
      reuseFactor: rf,
      multipliers: Math.ceil(total / rf),
    }));
    reuseCache.set(key, opts);
  }
  return opts;
}

export function loweredView(modelId: number, g: LoweredGraph): LoweredView {
  const layers: LoweredLayerView[] = g.layers.map((l) => ({
    name: l.name,
    kind: l.kind,
    index: l.index,
    cppName: l.cppName,
    types: Object.fromEntries(
      Object.entries(l.types).map(([k, t]) => [
        k,
        {
          cpp: toCppType(t, g.family),
          short: shortLabel(t),
          origin: l.typeOrigins[k] ?? '',
          width: t.width,
          integer: t.integer,
        },
      ]),
    ),
    reuseFactor: l.reuseFactor,
    strategy: l.strategy,
    reuseOptions: reuseOptions(l.layer, l.strategy === 'resource_unrolled'),
    multipliers: l.layer.kind === 'Dense' ? Math.ceil((l.layer.nIn * l.layer.nOut) / l.reuseFactor) : null,
    ...(l.layer.kind === 'BatchNormalizationQuantizedTanh' ? { fusedFrom: l.layer.fusedFrom } : {}),
  }));
  return { modelId, family: g.family, layers, reports: g.reports };
}

function histogram(errors: Float64Array, bins: number): Histogram {
  const abs = Float64Array.from(errors, Math.abs).sort();
  const q = abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.995))] ?? 0;
  const max = abs[abs.length - 1] ?? 0;
  // Show the whole range unless a few values (e.g. wrapped overflows) sit far out: then plot the bulk
  // (99.5% of the values) and count the rest as below/above.
  let half = q > 0 && max > 4 * q ? q : max;
  if (half === 0) half = 1e-6;
  half *= 1.0001;
  const step = (2 * half) / bins;
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  for (const e of errors) {
    const k = Math.floor((e + half) / step);
    if (k < 0) below++;
    else if (k >= bins) above++;
    else counts[k]!++;
  }
  return { start: -half, step, counts, below, above };
}

function argmaxAgreement(a: Float64Array, b: Float64Array, samples: number, size: number): number {
  let agree = 0;
  for (let s = 0; s < samples; s++) {
    let ia = 0;
    let ib = 0;
    for (let k = 1; k < size; k++) {
      if (a[s * size + k]! > a[s * size + ia]!) ia = k;
      if (b[s * size + k]! > b[s * size + ib]!) ib = k;
    }
    if (ia === ib) agree++;
  }
  return agree / samples;
}

/** Output elements that get their own error statistics (OutputView.elements). */
export const MAX_ELEMENT_STATS = 4096;

export function outputView(
  name: string,
  type: string,
  fixed: Float64Array,
  float: Float64Array | null,
  samples: number,
): OutputView {
  const size = samples > 0 ? Math.round(fixed.length / samples) : 0;
  const ref = float && float.length === fixed.length ? float : null;
  if (!ref) {
    return {
      name,
      size,
      type,
      fixed: Float32Array.from(fixed),
      float: null,
      elements: [],
      errorHistogram: null,
      maxAbsError: null,
      meanAbsError: null,
      argmaxAgreement: null,
    };
  }
  const errors = new Float64Array(fixed.length);
  for (let i = 0; i < fixed.length; i++) errors[i] = fixed[i]! - ref[i]!;
  let maxAll = 0;
  let sumAll = 0;
  for (let i = 0; i < errors.length; i++) {
    const e = Math.abs(errors[i]!);
    if (e > maxAll) maxAll = e;
    sumAll += e;
  }
  // Per-element statistics for the first elements only: an image output has millions.
  const elements: OutputElementStats[] = [];
  for (let k = 0; k < Math.min(size, MAX_ELEMENT_STATS); k++) {
    let max = 0;
    let sum = 0;
    let sq = 0;
    for (let s = 0; s < samples; s++) {
      const e = Math.abs(errors[s * size + k]!);
      if (e > max) max = e;
      sum += e;
      sq += e * e;
    }
    elements.push({
      index: k,
      maxAbsError: max,
      meanAbsError: sum / samples,
      rmsError: Math.sqrt(sq / samples),
    });
  }
  return {
    name,
    size,
    type,
    fixed: Float32Array.from(fixed),
    float: Float32Array.from(ref),
    elements,
    errorHistogram: histogram(errors, 41),
    maxAbsError: maxAll,
    meanAbsError: fixed.length ? sumAll / fixed.length : 0,
    argmaxAgreement: size > 1 ? argmaxAgreement(fixed, ref, samples, size) : null,
  };
}

export function profileView(p: LayerProfile): LayerProfileView {
  const totalOverflows = Object.values(p.overflows).reduce((a, b) => a + b, 0);
  return { ...p, overflows: { ...p.overflows }, totalOverflows };
}

/** Combine the profiles of consecutive chunks of rows into one per layer. */
export function mergeProfiles(a: readonly LayerProfile[], b: readonly LayerProfile[]): LayerProfile[] {
  if (a.length === 0) return [...b];
  return a.map((p, i) => {
    const q = b[i];
    if (!q) return p;
    const overflows: Record<string, number> = { ...p.overflows };
    for (const [k, v] of Object.entries(q.overflows)) overflows[k] = (overflows[k] ?? 0) + v;
    return {
      name: p.name,
      kind: p.kind,
      count: p.count + q.count,
      overflows,
      min: Math.min(p.min, q.min),
      max: Math.max(p.max, q.max),
      maxAbsBeforeCast: Math.max(p.maxAbsBeforeCast, q.maxAbsBeforeCast),
    };
  });
}

/** Concatenate per-output value arrays of consecutive chunks. */
export function concatOutputs(parts: readonly (readonly Float64Array[])[]): Float64Array[] {
  const first = parts[0];
  if (!first) return [];
  return first.map((_, i) => {
    const total = parts.reduce((a, p) => a + (p[i]?.length ?? 0), 0);
    const all = new Float64Array(total);
    let at = 0;
    for (const p of parts) {
      const v = p[i];
      if (!v) continue;
      all.set(v, at);
      at += v.length;
    }
    return all;
  });
}

export type { EmulationResult };

/** Bins beyond this many bit positions are folded into the end bins (wrapped overflows, tiny values). */
const MAX_BIT_BINS = 48;

/**
 * hls4ml-profiling-style histogram of one layer's emulated outputs: bin k counts 2^k ≤ |v| < 2^(k+1),
 * next to the band of bit positions the result type can represent (its LSB up to its top magnitude bit).
 */
export function layerHistogram(
  layer: string,
  traceId: number,
  values: Float64Array,
  type: FixedType,
  cpp: string,
): LayerHistogramView {
  const range = valueRange(type);
  const lowBit = Math.round(Math.log2(range.lsb));
  const top = Math.max(Math.abs(range.min), Math.abs(range.max));
  const highBit = top > 0 ? Math.floor(Math.log2(top)) : lowBit;
  let zeros = 0;
  let min = Infinity;
  let max = -Infinity;
  let kMin = Infinity;
  let kMax = -Infinity;
  const bits = new Int16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0 || !Number.isFinite(v)) {
      zeros++;
      bits[i] = 0x7fff;
      continue;
    }
    const k = Math.floor(Math.log2(Math.abs(v)));
    bits[i] = k;
    if (k < kMin) kMin = k;
    if (k > kMax) kMax = k;
  }
  let first = Math.min(lowBit, Number.isFinite(kMin) ? kMin : lowBit) - 1;
  let last = Math.max(highBit, Number.isFinite(kMax) ? kMax : highBit) + 1;
  if (last - first + 1 > MAX_BIT_BINS) first = Math.max(first, last - MAX_BIT_BINS + 1);
  if (last - first + 1 > MAX_BIT_BINS) last = first + MAX_BIT_BINS - 1;
  const counts = new Array<number>(last - first + 1).fill(0);
  let nearTop = 0;
  for (let i = 0; i < bits.length; i++) {
    const k = bits[i]!;
    if (k === 0x7fff) continue;
    if (k >= highBit) nearTop++;
    counts[Math.min(last, Math.max(first, k)) - first]!++;
  }
  return {
    layer,
    traceId,
    type: cpp,
    firstBit: first,
    counts,
    zeros,
    total: values.length,
    lowBit,
    highBit,
    min: values.length ? min : 0,
    max: values.length ? max : 0,
    nearTop,
  };
}
