/**
 * The worker's per-layer float reference: for ONNX models onnxruntime runs the original file with every
 * layer's tensor as an extra output; for the other formats the IR float interpreter (irFloat.ts) traces
 * every layer. Results are cached per input rows, and the emulated traces become per-layer errors
 * against float (the graph's "error vs float" overlay).
 */
import { FloatReference } from '../core/float/onnxReference';
import { prepareFloatReference } from '../core/float/irFloat';
import {
  foldedInto,
  layerFloatError,
  tapInLayerOrder,
  tapsForLayers,
  withExtraOutputs,
  type LayerFloatError,
} from '../core/float/layerTaps';
import { onnxInputOutputNames } from '../core/frontends/onnx/index';
import { chunkAbsErrors, type TraceChunks } from '../core/emulate/traceChunks';
import type { ModelGraph } from '../core/ir/graph';

/**
 * At most this many per-layer float values are kept (samples × all layer sizes, 32 MB): a large model is
 * compared on its first rows only.
 */
const MAX_TAP_VALUES = 4_000_000;

const layerSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The rows the per-layer comparison uses: all of them, or as many as MAX_TAP_VALUES allows. */
function comparedRows<T>(rows: readonly T[], valuesPerRow: number): readonly T[] {
  const n = Math.max(1, Math.floor(MAX_TAP_VALUES / Math.max(1, valuesPerRow)));
  return n >= rows.length ? rows : rows.slice(0, n);
}

/** Per model: the prepared IR interpreter and its last run (precision edits reuse it). */
const irCache = new WeakMap<
  ModelGraph,
  { run: ReturnType<typeof prepareFloatReference>; key: string; result: LayerFloatRun | null }
>();

/** Every emulated layer's float values from the IR interpreter; null when they would be too large. */
export function irLayerFloats(
  graph: ModelGraph,
  inputKey: string,
  rows: readonly (readonly number[])[],
  emulated: readonly string[],
): LayerFloatRun | null {
  let perRow = 0;
  for (const l of graph.layers) perRow += layerSize(l.outputShape);
  const used = comparedRows(rows, perRow);
  let c = irCache.get(graph);
  if (!c) {
    c = { run: prepareFloatReference(graph), key: '', result: null };
    irCache.set(graph, c);
  }
  const key = `${inputKey}|${emulated.join('\u0000')}`;
  if (c.key === key) return c.result;
  const run = c.run(used, true);
  const layers = new Map<string, Float64Array>();
  // A layer folded into another (fused batch norm) gives that layer its float values: later wins.
  for (const [layer, into] of foldedInto(graph, emulated)) {
    const b = run.layers.get(layer);
    if (b) layers.set(into, b.data);
  }
  c.key = key;
  c.result = { outputs: used === rows ? run.outputs.map((b) => b.data) : null, layers };
  return c.result;
}

export interface LayerFloatRun {
  /** The model outputs, as FloatReference.run returns them; null when only the first rows were run. */
  readonly outputs: Float64Array[] | null;
  /** Per emulated layer: its float values in the emulator's order. */
  readonly layers: Map<string, Float64Array>;
}

export class LayerFloatReference {
  private runtime: { key: string; ref: FloatReference } | null = null;
  private readonly cache = new Map<string, LayerFloatRun>();
  private modelOutputs: Set<string> | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    private readonly graph: ModelGraph,
  ) {}

  /** Null when the model has no taps or they would be too large; errors propagate (the caller falls back). */
  async run(
    inputKey: string,
    rows: readonly (readonly number[])[],
    emulated: readonly string[],
    keepGoing: (done: number, total: number) => Promise<boolean>,
  ): Promise<LayerFloatRun | null> {
    const taps = tapsForLayers(this.graph, emulated);
    if (taps.size === 0) return null;
    const sizes = new Map(this.graph.layers.map((l) => [l.name, layerSize(l.outputShape)]));
    let perRow = 0;
    for (const name of taps.keys()) perRow += sizes.get(name) ?? 0;
    const used = comparedRows(rows, perRow);
    this.modelOutputs ??= new Set(onnxInputOutputNames(this.bytes, this.fileName).outputs);
    const outs = this.modelOutputs;
    const tensors = [...new Set([...taps.values()].map((t) => t.tensor))].filter((t) => !outs.has(t));
    const key = `${inputKey}|${tensors.join('\u0000')}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const runtimeKey = tensors.join('\u0000');
    if (this.runtime?.key !== runtimeKey) {
      void this.runtime?.ref.release();
      this.runtime = {
        key: runtimeKey,
        ref: new FloatReference(withExtraOutputs(this.bytes, tensors), this.fileName),
      };
    }
    const all = await this.runtime.ref.run(used, keepGoing);
    if (!all) return null;
    const modelCount = all.length - tensors.length;
    const byTensor = new Map<string, Float64Array>();
    [...outs].forEach((name, i) => {
      const v = all[i];
      if (v) byTensor.set(name, v);
    });
    tensors.forEach((t, i) => {
      const v = all[modelCount + i];
      if (v) byTensor.set(t, v);
    });
    const layers = new Map<string, Float64Array>();
    for (const [layer, tap] of taps) {
      const data = byTensor.get(tap.tensor);
      if (data) layers.set(layer, tapInLayerOrder(data, used.length, tap));
    }
    const result = { outputs: used === rows ? all.slice(0, modelCount) : null, layers };
    if (this.cache.size > 4) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  release(): void {
    void this.runtime?.ref.release();
    this.runtime = null;
    this.cache.clear();
  }
}

/**
 * Per-layer error of the emulated traces (values, or the emulator's chunks of raws) against float. A
 * single-input model's Input layer is compared with the rows themselves (the input quantization error).
 */
export function layerErrors(
  graph: ModelGraph,
  traces: ReadonlyMap<string, Float64Array | TraceChunks>,
  float: LayerFloatRun | null,
  rows: readonly (readonly number[])[],
): Map<string, LayerFloatError> {
  const out = new Map<string, LayerFloatError>();
  if (graph.inputs.length === 1) {
    const input = graph.inputs[0]!;
    const fixed = traces.get(input);
    if (fixed) {
      const e = errorOf(fixed, Float64Array.from(rows.flat()), false);
      if (e) out.set(input, e);
    }
  }
  for (const [layer, values] of float?.layers ?? []) {
    // The float values may cover only the first rows (large models): compare those.
    const fixed = traces.get(layer);
    const e = fixed ? rememberedError(fixed, values) : null;
    if (e) out.set(layer, e);
  }
  return out;
}

/** Per float values array: the chunks last compared with it and their error. */
const errorMemo = new WeakMap<Float64Array, { chunks: TraceChunks; error: LayerFloatError | null }>();

/**
 * errorOf(fixed, float, true), reused while the layer's trace is the very same chunks: the emulator
 * hands back the same tensors for layers an edit did not change (core/emulate/runMemo.ts), and the
 * float values are cached per input rows.
 */
function rememberedError(fixed: Float64Array | TraceChunks, float: Float64Array): LayerFloatError | null {
  if (fixed instanceof Float64Array) return errorOf(fixed, float, true);
  const last = errorMemo.get(float);
  if (last && last.chunks.length === fixed.length && fixed.every((t, i) => t === last.chunks[i])) {
    return last.error;
  }
  const error = errorOf(fixed, float, true);
  errorMemo.set(float, { chunks: [...fixed], error });
  return error;
}

/** layerFloatError of the trace (or of its first `float.length` values when `prefix`). */
function errorOf(
  fixed: Float64Array | TraceChunks,
  float: Float64Array,
  prefix: boolean,
): LayerFloatError | null {
  if (fixed instanceof Float64Array) {
    return layerFloatError(prefix ? fixed.subarray(0, float.length) : fixed, float);
  }
  const total = fixed.reduce((a, t) => a + t.raws.length, 0);
  if (!prefix && total !== float.length) return null;
  // Raws straight from the emulator's chunks: the same values and additions, without joining them.
  const e = chunkAbsErrors(fixed, float);
  return e ? { meanAbs: e.sum / float.length, maxAbs: e.max, count: float.length } : null;
}
