/**
 * Per-layer float reference: the original ONNX file run with extra graph outputs (the tensors that hold
 * each layer's output, recorded by the ONNX frontend as ModelGraph.floatTaps), put into the emulator's
 * channels-last order, and compared with the emulated per-layer traces.
 */
import { channelsLastPerm, transposeData } from '../frontends/channelsLast';
import type { FloatTap, ModelGraph } from '../ir/graph';

function varint(n: number, out: number[]): void {
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function field(tag: number, body: readonly number[], out: number[]): void {
  out.push(tag);
  varint(body.length, out);
  for (const b of body) out.push(b);
}

/**
 * The model bytes with `tensors` added to the graph's outputs. Protobuf merges a repeated occurrence of
 * an embedded message, so appending `ModelProto.graph { output { name } … }` (fields 7 → 12 → 1) adds
 * outputs without decoding or re-encoding the (possibly large) file.
 */
export function withExtraOutputs(bytes: Uint8Array, tensors: readonly string[]): Uint8Array {
  const enc = new TextEncoder();
  const graph: number[] = [];
  for (const t of tensors) {
    const info: number[] = [];
    field(0x0a, [...enc.encode(t)], info); // ValueInfoProto.name = 1
    field(0x62, info, graph); // GraphProto.output = 12
  }
  const tail: number[] = [];
  field(0x3a, graph, tail); // ModelProto.graph = 7
  const out = new Uint8Array(bytes.length + tail.length);
  out.set(bytes);
  out.set(tail, bytes.length);
  return out;
}

/**
 * The tap of each emulated layer. A layer a pass removed (a batch norm fused into the Dense before it, a
 * merged linear activation) hands its tap to the layer it was folded into, whose output it now is.
 */
export function tapsForLayers(graph: ModelGraph, emulated: readonly string[]): Map<string, FloatTap> {
  const taps = graph.floatTaps ?? {};
  const owner = foldedInto(graph, emulated);
  const out = new Map<string, FloatTap>();
  for (const l of graph.layers) {
    const into = owner.get(l.name);
    const tap = taps[l.name];
    if (into !== undefined && tap) out.set(into, tap);
  }
  return out;
}

/**
 * Model layer → the emulated layer whose output it is: itself when it was kept, else (a single-input
 * layer a pass removed) the layer its input went to. Later layers of a fold come later in the map.
 */
export function foldedInto(graph: ModelGraph, emulated: readonly string[]): Map<string, string> {
  const kept = new Set(emulated);
  const owner = new Map<string, string>();
  for (const l of graph.layers) {
    if (kept.has(l.name)) owner.set(l.name, l.name);
    else if (l.inputs.length === 1) {
      const into = owner.get(l.inputs[0]!);
      if (into !== undefined) owner.set(l.name, into);
    }
  }
  return owner;
}

/** Float rows of a tap ([samples × size], the file's layout) in the emulator's (channels-last) order. */
export function tapInLayerOrder(data: Float64Array, samples: number, tap: FloatTap): Float64Array {
  const cf = tap.channelsFirst;
  if (!cf || samples === 0) return data;
  const size = data.length / samples;
  const perm = channelsLastPerm(cf.length);
  const out = new Float64Array(data.length);
  for (let s = 0; s < samples; s++) {
    out.set(transposeData(data.subarray(s * size, (s + 1) * size), cf, perm), s * size);
  }
  return out;
}

export interface LayerFloatError {
  /** Mean and largest |fixed − float| over every value of every sample. */
  readonly meanAbs: number;
  readonly maxAbs: number;
  /** Values compared (samples × layer size). */
  readonly count: number;
}

/** Error of one layer's emulated values against its float values (same order and length), or null. */
export function layerFloatError(fixed: Float64Array, float: Float64Array): LayerFloatError | null {
  if (fixed.length !== float.length || fixed.length === 0) return null;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < fixed.length; i++) {
    const e = Math.abs(fixed[i]! - float[i]!);
    sum += e;
    if (e > max) max = e;
  }
  return { meanAbs: sum / fixed.length, maxAbs: max, count: fixed.length };
}
