/**
 * onnx.ModelProto → ModelGraph: one walk over the nodes in file order (ONNX requires topological order),
 * tracking for every tensor either the layer that computes it or the constant that holds it. Constant
 * subgraphs (Shape → Gather → Concat → Reshape, quantized weights, …) are folded as they are met.
 *
 * Layouts: a runtime tensor keeps its ONNX (logical, batch-free) shape; `cl` says that the IR holds it
 * channels-last (the logical tensor is channels-first, as PyTorch exports). Channels-first inputs keep the
 * file's shape at the Input layer; a Transpose `transpose_input_for_<input>` converts them where a
 * channels-last op first needs it, as hls4ml's ChannelsLastConversion 'full' does.
 */
import { StudioError, asStudioError, quoteName } from '../../errors';
import { foldBatchNorm } from '../../ir/batchnorm';
import type {
  ActivationFn,
  FloatTap,
  FloatTensor,
  InputLayer,
  Layer,
  MergeOp,
  ModelGraph,
  RecurrentLayer,
} from '../../ir/graph';
import {
  channelsFirstPerm,
  channelsLastAxis,
  channelsLastPerm,
  convWeightToChannelsLast,
  depthwiseWeightToChannelsLast,
  flattenedRowsToChannelsLast,
  isIdentityPerm,
  permKeepsOrder,
  permuteShape,
  transposeData,
} from '../channelsLast';
import { Attributes } from './attributes';
import { biasVector, inputMajorWeight } from './dense';
import type { onnx } from './gen/onnx.js';
import { safeInt, toInt } from './int64';
import { inputShape } from './inputs';
import { po2Exponent, quantPrecision, quantRange, quantValue } from './quant';
import { readFloatTensor, readNumericTensor, type NumericTensor } from './tensors';

type NodeProto = onnx.NodeProto.$Properties;
type GraphProto = onnx.GraphProto.$Properties;
type TensorProto = onnx.TensorProto.$Properties;

export const SUPPORTED_OPS_HINT =
  'Supported ONNX ops are Gemm, MatMul, Conv, pooling, BatchNormalization, element-wise arithmetic, activations, ' +
  'Concat, Reshape/Flatten/Squeeze/Unsqueeze/Transpose, Pad, Resize, LSTM/GRU/RNN and the QONNX quantizers. ' +
  'Re-export the model with only these ops or open an issue.';
const BUG_HINT = 'This looks like a bug in HLS Studio; please open an issue and attach the model file.';
const REEXPORT_HINT = 'The file may be damaged or hand-edited; re-export it with torch.onnx.export.';

const ACTIVATIONS: Readonly<Record<string, ActivationFn>> = {
  Relu: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  LeakyRelu: 'leaky_relu',
  Elu: 'elu',
  Selu: 'selu',
  ThresholdedRelu: 'thresholded_relu',
  HardSigmoid: 'hard_sigmoid',
  Softsign: 'softsign',
  Softplus: 'softplus',
};
const MERGE_OPS: Readonly<Record<string, MergeOp>> = {
  Add: 'add',
  Sub: 'subtract',
  Mul: 'multiply',
  Max: 'maximum',
  Min: 'minimum',
  Sum: 'add',
  Mean: 'average',
};
const QUANT_DOMAINS = new Set([
  'onnx.brevitas',
  'qonnx.custom_op.general',
  'finn.custom_op.general',
  'qonnx.custom_op.channels_last',
]);
const QUANT_OPS = new Set(['Quant', 'IntQuant', 'BipolarQuant', 'Trunc', 'FloatQuant']);
const CHANNELS_LAST_DOMAIN = 'qonnx.custom_op.channels_last';
const CHANNELS_LAST_OPS = new Set(['Conv', 'MaxPool', 'AveragePool', 'BatchNormalization']);
/** Ops that produce no layer of their own, or only fold constants. */
const STRUCTURAL = [
  'Constant',
  'Identity',
  'Dropout',
  'Shape',
  'Gather',
  'Cast',
  'Squeeze',
  'Unsqueeze',
  'Flatten',
  'Reshape',
  'Transpose',
  'Concat',
  'Div',
  'Pow',
  'Sqrt',
  'Neg',
];
const SUPPORTED = new Set([
  'Gemm',
  'MatMul',
  'Softmax',
  'PRelu',
  'Clip',
  'Conv',
  'MaxPool',
  'AveragePool',
  'GlobalMaxPool',
  'GlobalAveragePool',
  'BatchNormalization',
  'Pad',
  'Resize',
  'Upsample',
  'LSTM',
  'GRU',
  'RNN',
  ...STRUCTURAL,
  ...Object.keys(ACTIVATIONS),
  ...Object.keys(MERGE_OPS),
]);

/** A tensor computed at run time. */
interface Value {
  /** The IR layer that computes it. Its outputShape equals irShape(value) up to size-1 axes. */
  readonly layer: string;
  /** Logical ONNX shape without the batch dimension. */
  readonly shape: readonly number[];
  /** Whether the ONNX tensor carries a leading batch dimension. */
  readonly batched: boolean;
  /** The IR holds the channels-last permutation of `shape` (which is channels-first). */
  readonly cl: boolean;
  /** A 1-D value flattened in channels-last order from a channels-first tensor of this logical shape. */
  readonly flatFrom?: readonly number[];
  /** Where the batch sits in the ONNX tensor when it is not first (sequence-first RNN tensors). */
  readonly batchAxis?: number;
}

/** Ops that may see a tensor whose batch is not its first axis. */
const BATCH_MOVERS = new Set([
  'Transpose',
  'Squeeze',
  'Unsqueeze',
  'Identity',
  'Dropout',
  'LSTM',
  'GRU',
  'RNN',
]);

export interface ConvertOptions {
  /** Model name for the graph (the file name without extension). */
  readonly name: string;
}

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const squeezed = (s: readonly number[]): string => s.filter((d) => d !== 1).join(',');
const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export function nodeLabel(node: NodeProto, index: number): string {
  return node.name || `${node.opType || 'node'}_${index}`;
}

function isDefaultDomain(domain: string | null | undefined): boolean {
  return !domain || domain === 'ai.onnx';
}

/** Run fn and give any error it throws the location of this node. */
function atNode<T>(label: string, op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asStudioError(e, { node: label, op }, BUG_HINT);
  }
}

export function opsetVersion(model: onnx.ModelProto): number | null {
  const entry = (model.opsetImport ?? []).find((o) => isDefaultDomain(o.domain));
  return entry?.version === undefined || entry.version === null ? null : safeInt(entry.version);
}

function irShape(v: Value): number[] {
  return v.cl ? permuteShape(v.shape, channelsLastPerm(v.shape.length)) : [...v.shape];
}

/** Numpy broadcasting of a constant onto `target` (full shape): for each target element, the source index. */
function broadcastIndex(src: readonly number[], target: readonly number[]): Int32Array | null {
  if (src.length > target.length) {
    const extra = src.slice(0, src.length - target.length);
    if (extra.some((d) => d !== 1)) return null;
    src = src.slice(src.length - target.length);
  }
  const s = [...Array<number>(target.length - src.length).fill(1), ...src];
  if (s.some((d, i) => d !== 1 && d !== target[i])) return null;
  const n = prod(target);
  const out = new Int32Array(n);
  const strides = new Array<number>(s.length).fill(0);
  let acc = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    strides[i] = (s[i] as number) === 1 ? 0 : acc;
    acc *= s[i] as number;
  }
  const idx = new Array<number>(target.length).fill(0);
  for (let o = 0; o < n; o++) {
    let k = 0;
    for (let d = 0; d < idx.length; d++) k += (idx[d] as number) * (strides[d] as number);
    out[o] = k;
    for (let d = idx.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (target[d] as number)) break;
      idx[d] = 0;
    }
  }
  return out;
}

function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(Math.max(x, y));
  }
  return out;
}

class Converter {
  private readonly layers: Layer[] = [];
  private readonly byName = new Map<string, Layer>();
  private readonly used = new Set<string>();
  private readonly values = new Map<string, Value>();
  private readonly constants = new Map<string, TensorProto>();
  private readonly folded = new Map<string, NumericTensor>();
  /** Precisions of constants that went through a power-of-two quantizer. */
  private readonly constPrecision = new Map<string, string>();
  /** Tensor name → indices of the nodes that read it. */
  private readonly consumers = new Map<string, number[]>();
  /** Layer → the value it was derived from by a layout change, to reuse and undo. */
  private readonly layoutCache = new Map<string, string>();
  private readonly transposeOf = new Map<string, { input: string; perm: readonly number[] }>();
  private readonly inputLayers = new Set<string>();
  private readonly graphOutputs: Set<string>;
  private readonly nodes: readonly NodeProto[];
  private batchSize = 1;

  constructor(
    private readonly graph: GraphProto,
    private readonly opset: number | null,
  ) {
    this.nodes = graph.node ?? [];
    this.graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  }

  /**
   * For each layer, the last tensor in file order that holds its whole output with a leading batch axis
   * (a fused Add or a folded quantizer comes after the node that made the layer).
   */
  floatTaps(layers: readonly Layer[]): Record<string, FloatTap> {
    const size = new Map(layers.map((l) => [l.name, prod(l.outputShape)]));
    const taps: Record<string, FloatTap> = {};
    for (const [tensor, v] of this.values) {
      if (!v.batched || v.batchAxis !== undefined || this.inputLayers.has(v.layer)) continue;
      if (size.get(v.layer) !== prod(v.shape)) continue;
      const cf = v.cl ? v.shape : v.flatFrom;
      taps[v.layer] = { tensor, channelsFirst: cf && cf.length >= 2 ? [...cf] : null };
    }
    return taps;
  }

  run(): { layers: Layer[]; inputs: string[]; outputs: string[] } {
    this.checkOps();
    for (const t of this.graph.initializer ?? []) if (t.name) this.constants.set(t.name, t);
    this.nodes.forEach((node, i) => {
      const op = node.opType ?? '';
      for (const name of new Set(node.input ?? [])) {
        if (!name) continue;
        const readers = this.consumers.get(name);
        if (readers) readers.push(i);
        else this.consumers.set(name, [i]);
      }
      // Constants have no inputs, so they can be collected up front (a MatMul's bias may follow it).
      if (op === 'Constant') atNode(nodeLabel(node, i), op, () => this.collectConstant(node));
    });
    const inputs = this.addInputs();
    this.nodes.forEach((node, i) => {
      const op = node.opType ?? '';
      if (op === 'Constant') return;
      atNode(nodeLabel(node, i), op, () => this.convertNode(node, i, op));
    });
    const outputs = this.outputs();
    return { layers: this.prune(inputs, outputs), inputs, outputs };
  }

  /** Refuse the model at its first unsupported node, before anything else can go wrong. */
  private checkOps(): void {
    this.nodes.forEach((node, i) => {
      const op = node.opType ?? '';
      const domain = node.domain ?? '';
      if (isDefaultDomain(domain) && SUPPORTED.has(op)) return;
      if (QUANT_DOMAINS.has(domain) && QUANT_OPS.has(op)) {
        if (op === 'FloatQuant') {
          throw new StudioError(
            'FloatQuant (a floating-point minifloat quantizer) is not supported: hls4ml has no fixed-point equivalent',
            'Quantize the model to integers (Quant/IntQuant with a power-of-two scale) instead.',
            { node: nodeLabel(node, i), op },
          );
        }
        return;
      }
      if (domain === CHANNELS_LAST_DOMAIN && CHANNELS_LAST_OPS.has(op)) return;
      const from = isDefaultDomain(domain) ? '' : ` from domain '${quoteName(domain)}'`;
      throw new StudioError(`unsupported ONNX op '${quoteName(op)}'${from}`, SUPPORTED_OPS_HINT, {
        node: nodeLabel(node, i),
        op,
      });
    });
  }

  private collectConstant(node: NodeProto): void {
    const attrs = new Attributes(node);
    const value = attrs.tensor('value');
    const out = node.output?.[0];
    if (value && out) {
      this.constants.set(out, { ...value, name: out });
      return;
    }
    const f = attrs.has('value_float') ? [attrs.float('value_float', 0)] : attrs.floats('value_floats');
    const ints = attrs.has('value_int') ? [attrs.int('value_int', 0)] : attrs.ints('value_ints');
    if (out && (f || ints)) {
      const data = Float64Array.from((f ?? ints) as number[]);
      const scalar = attrs.has('value_float') || attrs.has('value_int');
      this.folded.set(out, { shape: scalar ? [] : [data.length], data, integer: !f, float32: !!f });
      return;
    }
    throw new StudioError(
      `Constant without a 'value' tensor (attributes: ${attrs.names().join(', ') || 'none'}) is not supported`,
      'Re-export the model with do_constant_folding=True so constants become initializers.',
    );
  }

  /** A deterministic unique layer name: the model's own name, or name_1, name_2, … on a repeat. */
  private unique(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  private addInputs(): string[] {
    const names: string[] = [];
    for (const vi of this.graph.input ?? []) {
      const tensorName = vi.name ?? '';
      if (this.constants.has(tensorName)) continue; // an initializer listed as an input (older exporters)
      atNode(tensorName, 'Input', () => {
        // An input read only as X of sequence-first (layout=0) RNNs is [time, batch, features].
        const seqFirst =
          this.readOnlyBySeqFirstRnn(tensorName) && vi.type?.tensorType?.shape?.dim?.length === 3;
        const dims = vi.type?.tensorType?.shape?.dim ?? [];
        const swapped = seqFirst
          ? {
              ...vi,
              type: {
                tensorType: { ...vi.type?.tensorType, shape: { dim: [dims[1]!, dims[0]!, dims[2]!] } },
              },
            }
          : vi;
        const { shape, batched, batch } = inputShape(swapped);
        if (names.length === 0 && batch !== null) this.batchSize = batch;
        const layer: InputLayer = {
          kind: 'Input',
          name: this.unique(tensorName || 'input'),
          inputs: [],
          outputShape: shape,
          source: { op: 'Input', node: tensorName },
        };
        this.values.set(tensorName, {
          layer: layer.name,
          shape,
          batched,
          cl: false,
          ...(seqFirst ? { batchAxis: 1 } : {}),
        });
        this.addLayer(layer);
        this.inputLayers.add(layer.name);
        names.push(layer.name);
      });
    }
    if (names.length === 0) {
      throw new StudioError('the model has no inputs (every graph input is an initializer)', REEXPORT_HINT);
    }
    return names;
  }

  private readOnlyBySeqFirstRnn(tensor: string): boolean {
    const readers = this.consumers.get(tensor) ?? [];
    return (
      readers.length > 0 &&
      !this.graphOutputs.has(tensor) &&
      readers.every((i) => {
        const n = this.nodes[i];
        return (
          !!n &&
          ['LSTM', 'GRU', 'RNN'].includes(n.opType ?? '') &&
          isDefaultDomain(n.domain) &&
          n.input?.[0] === tensor &&
          new Attributes(n).int('layout', 0) === 0
        );
      })
    );
  }

  private outputs(): string[] {
    const outs = this.graph.output ?? [];
    if (outs.length === 0) throw new StudioError('the model has no outputs', REEXPORT_HINT);
    return outs.map((o) => {
      const name = o.name ?? '';
      const v = this.values.get(name);
      if (v) {
        // A view of a layer (size-1 axes differ) is the layer's output; a channels-last spatial output stays
        // channels-last (hls4ml's TransposeOutputs is false by default).
        return v.layer;
      }
      const why = this.isConstant(name) ? 'is a constant' : 'is not produced by any node';
      throw new StudioError(`graph output '${quoteName(name)}' ${why}`, REEXPORT_HINT, {
        node: name,
        op: 'Output',
      });
    });
  }

  /** Keep the layers the outputs depend on (and the inputs), dropping dead shape arithmetic and bypassed layers. */
  private prune(inputs: readonly string[], outputs: readonly string[]): Layer[] {
    const live = new Set<string>(inputs);
    const stack = [...outputs];
    while (stack.length > 0) {
      const n = stack.pop() as string;
      if (live.has(n) && !inputs.includes(n)) continue;
      live.add(n);
      for (const i of this.byName.get(n)?.inputs ?? []) if (!live.has(i)) stack.push(i);
    }
    return this.layers.filter((l) => live.has(l.name));
  }

  private addLayer(layer: Layer): void {
    this.layers.push(layer);
    this.byName.set(layer.name, layer);
  }

  private replaceLayer(layer: Layer): void {
    const i = this.layers.findIndex((l) => l.name === layer.name);
    this.layers[i] = layer;
    this.byName.set(layer.name, layer);
  }

  private define(tensor: string, v: Value): void {
    if (!tensor) throw new StudioError('a node output has an empty name', REEXPORT_HINT);
    if (this.values.has(tensor) || this.isConstant(tensor)) {
      throw new StudioError(`tensor '${quoteName(tensor)}' is produced twice`, REEXPORT_HINT);
    }
    this.values.set(tensor, v);
  }

  private isConstant(name: string | undefined): boolean {
    return !!name && (this.constants.has(name) || this.folded.has(name));
  }

  /** A computed (non-constant) input of a node. */
  private runtime(name: string | undefined, role: string): Value {
    const v = name ? this.values.get(name) : undefined;
    if (v) return v;
    if (name && this.isConstant(name)) {
      throw new StudioError(
        `${role} '${quoteName(name)}' is a constant, not a computed tensor`,
        SUPPORTED_OPS_HINT,
      );
    }
    throw new StudioError(
      `${role} '${quoteName(name ?? '')}' is not produced by an earlier node, a graph input or an initializer`,
      REEXPORT_HINT,
    );
  }

  /** A constant (weight) input of a node. */
  private constant(name: string | undefined, role: string): FloatTensor {
    const t = name ? this.constants.get(name) : undefined;
    if (t) return readFloatTensor(t, role);
    const f = name ? this.folded.get(name) : undefined;
    if (f) return { shape: f.shape, data: f.float32 ? Float32Array.from(f.data) : Float64Array.from(f.data) };
    this.notConstant(name, role);
  }

  private notConstant(name: string | undefined, role: string): never {
    const v = name ? this.values.get(name) : undefined;
    if (v) {
      const input = this.inputLayers.has(v.layer) && !this.layers.some((l) => l.inputs.includes(v.layer));
      throw new StudioError(
        input
          ? `${role} '${quoteName(name ?? '')}' is a graph input, not stored as a constant`
          : `${role} '${quoteName(name ?? '')}' is computed by layer '${quoteName(v.layer)}', not stored as a constant`,
        'Only constant weights are supported; re-export the model with its weights as initializers.',
      );
    }
    throw new StudioError(
      `${role} '${quoteName(name ?? '')}' is missing: it is not an initializer in the file`,
      'Re-export the model with its weights stored in the file (torch.onnx.export does this by default).',
    );
  }

  /** Any constant as numbers (shapes, axes, quantizer parameters). */
  private numeric(name: string | undefined, role: string): NumericTensor {
    const t = name ? this.constants.get(name) : undefined;
    if (t) return readNumericTensor(t, role);
    const f = name ? this.folded.get(name) : undefined;
    if (f) return f;
    this.notConstant(name, role);
  }

  private ints(name: string | undefined, role: string): number[] {
    return Array.from(this.numeric(name, role).data);
  }

  private scalar(name: string | undefined, role: string): number {
    const t = this.numeric(name, role);
    if (t.data.length !== 1) {
      throw new StudioError(`${role} should be a scalar but has shape ${fmt(t.shape)}`, REEXPORT_HINT);
    }
    return t.data[0] as number;
  }

  private setFolded(out: string, t: NumericTensor): void {
    if (!out) return;
    if (this.values.has(out) || this.isConstant(out))
      throw new StudioError(`tensor '${quoteName(out)}' is produced twice`, REEXPORT_HINT);
    this.folded.set(out, t);
  }

  // ───────────────────────────── layouts ─────────────────────────────

  /** The layer whose outputShape is exactly irShape(v), adding a Reshape when v is a view with other unit axes. */
  private materialize(v: Value): string {
    const want = irShape(v);
    const layer = this.byName.get(v.layer) as Layer;
    if (sameShape(layer.outputShape, want)) return v.layer;
    const key = `${v.layer}|${want.join(',')}`;
    const cached = this.layoutCache.get(key);
    if (cached) return cached;
    const name = this.unique(`${v.layer}_reshape`);
    this.addLayer({
      kind: 'Reshape',
      name,
      inputs: [v.layer],
      outputShape: want,
      source: { op: 'Reshape', node: name },
    });
    this.layoutCache.set(key, name);
    return name;
  }

  /** A Transpose of layer `input` (exact shape `shape`) by `perm`, composing with a Transpose before it. */
  private transposeLayer(
    input: string,
    shape: readonly number[],
    perm: readonly number[],
    name: string,
  ): string {
    if (isIdentityPerm(perm)) return input;
    const before = this.transposeOf.get(input);
    if (before) {
      const composed = perm.map((p) => before.perm[p] as number);
      const src = this.byName.get(before.input) as Layer;
      return this.transposeLayer(before.input, src.outputShape, composed, name);
    }
    const key = `${input}|T${perm.join(',')}`;
    const cached = this.layoutCache.get(key);
    if (cached) return cached;
    const layerName = this.unique(name);
    this.addLayer({
      kind: 'Transpose',
      name: layerName,
      inputs: [input],
      outputShape: permuteShape(shape, perm),
      source: { op: 'Transpose', node: name },
      perm: [...perm],
      inserted: true,
    });
    this.transposeOf.set(layerName, { input, perm: [...perm] });
    this.layoutCache.set(key, layerName);
    return layerName;
  }

  /** The value held channels-last (a channels-first logical tensor of rank ≥ 2). */
  private channelsLast(v: Value): Value {
    if (v.cl || v.shape.length < 2) return v.shape.length < 2 ? { ...v, cl: false } : v;
    const perm = channelsLastPerm(v.shape.length);
    if (permKeepsOrder(v.shape, perm)) return { ...v, cl: true };
    const input = this.materialize(v);
    const name = this.inputLayers.has(input) ? `transpose_input_for_${input}` : `transpose_for_${input}`;
    return { ...v, layer: this.transposeLayer(input, v.shape, perm, name), cl: true, flatFrom: undefined };
  }

  /** The value held in its logical (file) layout. */
  private plain(v: Value): Value {
    if (!v.cl) return v;
    const ir = irShape(v);
    const perm = channelsFirstPerm(ir.length);
    if (permKeepsOrder(ir, perm)) return { ...v, cl: false };
    const input = this.materialize(v);
    return { ...v, layer: this.transposeLayer(input, ir, perm, `transpose_for_${input}`), cl: false };
  }

  /** Bring a value to a new logical shape with the same elements in the same (file) order. */
  private reshaped(v: Value, shape: readonly number[], label: string, source: Layer['source']): Value {
    const p = this.plain(v);
    const layer = this.byName.get(p.layer) as Layer;
    if (squeezed(layer.outputShape) === squeezed(shape) && !p.flatFrom)
      return { layer: p.layer, shape: [...shape], batched: p.batched, cl: false };
    const input = this.materialize(p);
    const name = this.unique(label);
    this.addLayer({ kind: 'Reshape', name, inputs: [input], outputShape: [...shape], source });
    return { layer: name, shape: [...shape], batched: v.batched, cl: false };
  }

  private fullShape(v: Value): number[] {
    if (!v.batched) return [...v.shape];
    const b = v.batchAxis ?? 0;
    return [...v.shape.slice(0, b), this.batchSize, ...v.shape.slice(b)];
  }

  private batchFree(v: Value, full: readonly number[], what: string): number[] {
    if (!v.batched) return [...full];
    if (full[0] !== this.batchSize) {
      throw new StudioError(
        `${what} changes the batch dimension (shape ${fmt(full)})`,
        'Only the features may be reshaped; keep the batch as the first dimension.',
      );
    }
    return full.slice(1);
  }

  private normAxis(axis: number, rank: number, what: string): number {
    const a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank)
      throw new StudioError(`${what} ${axis} is out of range for rank ${rank}`, REEXPORT_HINT);
    return a;
  }

  /** A batch-free logical axis from an ONNX axis on a value. */
  private featureAxis(v: Value, axis: number, what: string): number {
    const rank = v.shape.length + (v.batched ? 1 : 0);
    const a = this.normAxis(axis, rank, what);
    if (v.batched && a === 0) {
      throw new StudioError(`${what} is the batch axis`, 'Operate on the features, not the batch.');
    }
    return v.batched ? a - 1 : a;
  }

  // ───────────────────────────── nodes ─────────────────────────────

  private push(layer: Layer, out: string, like: Omit<Value, 'layer'>): void {
    this.addLayer(layer);
    this.define(out, { ...like, layer: layer.name });
  }

  private convertNode(node: NodeProto, index: number, op: string): void {
    const label = nodeLabel(node, index);
    const ins = node.input ?? [];
    const out = node.output?.[0] ?? '';
    const source = { op, node: label };
    const domain = node.domain ?? '';

    if (QUANT_DOMAINS.has(domain) && QUANT_OPS.has(op)) return this.quant(node, label, op);
    const channelsLastOp = domain === CHANNELS_LAST_DOMAIN;

    // Constant folding: every input constant (or a Shape of a computed tensor).
    const present = ins.filter((n) => n !== '');
    if (op === 'Shape') {
      const v = this.runtime(ins[0], 'Shape input');
      const full = this.fullShape(v);
      this.setFolded(out, {
        shape: [full.length],
        data: Float64Array.from(full),
        integer: true,
        float32: false,
      });
      return;
    }
    if (present.length > 0 && present.every((n) => this.isConstant(n)) && !channelsLastOp) {
      if (
        op === 'Gemm' ||
        op === 'MatMul' ||
        op === 'Conv' ||
        op === 'LSTM' ||
        op === 'GRU' ||
        op === 'RNN'
      ) {
        throw new StudioError(`${op} of constants only is not supported`, REEXPORT_HINT);
      }
      this.fold(node, op, out);
      return;
    }

    if (!BATCH_MOVERS.has(op)) {
      for (const n of present) {
        const v = this.values.get(n);
        // keras2onnx wraps a Keras BatchNormalization of [batch, F] in Transpose → BN → Transpose, with F
        // parameters: a per-feature normalization (the only reading its parameter count allows).
        const kerasBn = op === 'BatchNormalization' && v?.batchAxis === 1 && v.shape.length === 1;
        // Gemm with transA=1 reads a [features, batch] tensor as [batch, features].
        const gemmT =
          op === 'Gemm' &&
          n === ins[0] &&
          new Attributes(node).int('transA', 0) === 1 &&
          v?.batchAxis === 1 &&
          v.shape.length === 1;
        if (v?.batchAxis && !kerasBn && !gemmT) {
          throw new StudioError(
            `${op} on a tensor whose batch is axis ${v.batchAxis} (sequence-first) is not supported`,
            'Transpose the batch back to the first axis first (batch_first=True in PyTorch).',
          );
        }
      }
    }
    const activation = ACTIVATIONS[op];
    if (activation) return this.activation(node, label, op, activation, out);
    switch (op) {
      case 'Identity':
      case 'Dropout': {
        this.define(out, this.runtime(ins[0], `${op} input`));
        return;
      }
      case 'Softmax': {
        const x = this.runtime(ins[0], 'Softmax input');
        const axis = this.softmaxAxis(node, x);
        const ir = x.cl && axis === 0 ? x : this.plain(x);
        const irAxis = ir.cl ? channelsLastAxis(axis, ir.shape.length) : axis;
        if (irAxis !== ir.shape.length - 1) {
          throw new StudioError(
            `Softmax over axis ${axis} of a tensor of shape ${fmt(x.shape)} is not supported; only the last axis is`,
            'Apply softmax over the last dimension (dim=-1).',
          );
        }
        const input = this.byName.get(ir.layer) as Layer;
        this.push(
          {
            kind: 'Softmax',
            name: this.unique(label),
            inputs: [ir.layer],
            outputShape: input.outputShape,
            source,
            axis: -1,
          },
          out,
          ir,
        );
        return;
      }
      case 'Clip':
        return this.clip(node, label, out);
      case 'PRelu':
        return this.prelu(node, label, out);
      case 'Gemm':
      case 'MatMul':
        return this.dense(node, label, op);
      case 'Conv':
        return this.conv(node, label, out, channelsLastOp);
      case 'MaxPool':
      case 'AveragePool':
        return this.pool(node, label, op, out, channelsLastOp);
      case 'GlobalMaxPool':
      case 'GlobalAveragePool':
        return this.globalPool(node, label, op, out);
      case 'BatchNormalization':
        return this.batchNorm(node, label, out, channelsLastOp);
      case 'Concat':
        return this.concat(node, label, out);
      case 'Transpose':
        return this.transpose(node, label, out);
      case 'Reshape':
      case 'Flatten':
      case 'Squeeze':
      case 'Unsqueeze':
        return this.reshape(node, label, op, out);
      case 'Pad':
        return this.pad(node, label, out);
      case 'Resize':
      case 'Upsample':
        return this.resize(node, label, op, out);
      case 'LSTM':
      case 'GRU':
      case 'RNN':
        return this.recurrent(node, label, op);
      default:
        break;
    }
    if (op in MERGE_OPS || op === 'Div') return this.arithmetic(node, label, op, out);
    throw new StudioError(`'${quoteName(op)}' on computed tensors is not supported`, SUPPORTED_OPS_HINT);
  }

  private activation(
    node: NodeProto,
    label: string,
    op: string,
    activation: ActivationFn,
    out: string,
  ): void {
    const x = this.runtime(node.input?.[0], `${op} input`);
    const attrs = new Attributes(node);
    const params: Partial<Record<'alpha' | 'theta' | 'slope' | 'shift', number>> = {};
    if (op === 'LeakyRelu') params.alpha = attrs.float('alpha', 0.01);
    if (op === 'Elu') params.alpha = attrs.float('alpha', 1);
    if (op === 'ThresholdedRelu') params.theta = attrs.float('alpha', 1);
    if (op === 'HardSigmoid') {
      params.slope = attrs.float('alpha', 0.2);
      params.shift = attrs.float('beta', 0.5);
    }
    if (op === 'Selu') {
      const a = attrs.float('alpha', Math.fround(1.6732632423543772));
      const g = attrs.float('gamma', Math.fround(1.0507009873554805));
      if (
        Math.fround(a) !== Math.fround(1.6732632423543772) ||
        Math.fround(g) !== Math.fround(1.0507009873554805)
      ) {
        throw new StudioError(
          `Selu with alpha=${a}, gamma=${g} is not supported; only the standard constants are`,
          'Use the standard SELU.',
        );
      }
    }
    const input = this.byName.get(x.layer) as Layer;
    this.push(
      {
        kind: 'Activation',
        name: this.unique(label),
        inputs: [x.layer],
        outputShape: input.outputShape,
        source: { op, node: label },
        activation,
        ...params,
      },
      out,
      x,
    );
  }

  private clip(node: NodeProto, label: string, out: string): void {
    const x = this.runtime(node.input?.[0], 'Clip input');
    const attrs = new Attributes(node);
    const ins = node.input ?? [];
    const lo = ins[1] ? this.scalar(ins[1], 'Clip min') : attrs.float('min', -Infinity);
    const hi = ins[2] ? this.scalar(ins[2], 'Clip max') : attrs.float('max', Infinity);
    if (lo !== 0) {
      throw new StudioError(
        `Clip with min=${lo} is not supported; only min=0 (ReLU with a cap) is`,
        SUPPORTED_OPS_HINT,
      );
    }
    const input = this.byName.get(x.layer) as Layer;
    this.push(
      {
        kind: 'Activation',
        name: this.unique(label),
        inputs: [x.layer],
        outputShape: input.outputShape,
        source: { op: 'Clip', node: label },
        activation: hi === 6 ? 'relu6' : 'relu',
        ...(Number.isFinite(hi) ? { maxValue: hi } : {}),
      },
      out,
      x,
    );
  }

  /** A constant broadcast onto the IR layout of value v (its full element count, IR order). */
  private broadcastOnto(c: FloatTensor, v: Value, what: string): Float64Array {
    const full = this.fullShape(v);
    const idx = broadcastIndex(c.shape, full);
    if (!idx) {
      throw new StudioError(
        `${what} of shape ${fmt(c.shape)} does not broadcast to ${fmt(full)}`,
        REEXPORT_HINT,
      );
    }
    let data = Float64Array.from(idx, (i) => c.data[i] as number);
    if (v.cl) data = transposeData(data, v.shape, channelsLastPerm(v.shape.length));
    return data;
  }

  private prelu(node: NodeProto, label: string, out: string): void {
    const x = this.runtime(node.input?.[0], 'PRelu input');
    const slope = this.constant(node.input?.[1], 'PRelu slope');
    const ir = x.shape.length >= 2 ? this.channelsLast(x) : x;
    const data = this.broadcastOnto(slope, ir, 'PRelu slope');
    const shape = irShape(ir);
    const input = this.materialize(ir);
    this.push(
      {
        kind: 'PReLU',
        name: this.unique(label),
        inputs: [input],
        outputShape: shape,
        source: { op: 'PRelu', node: label },
        alpha: { shape, data },
      },
      node.output?.[0] ?? out,
      ir,
    );
  }

  private softmaxAxis(node: NodeProto, x: Value): number {
    const rank = x.shape.length + (x.batched ? 1 : 0);
    // Opset 13 made softmax act on one axis (default -1); before, it flattened axes [axis, rank) (default 1).
    const modern = this.opset === null || this.opset >= 13;
    const attr = new Attributes(node).int('axis', modern ? -1 : 1);
    const axis = attr < 0 ? attr + rank : attr;
    if (axis < 0 || axis >= rank) {
      throw new StudioError(
        `Softmax axis ${attr} is out of range for a tensor of rank ${rank}`,
        REEXPORT_HINT,
      );
    }
    if (x.batched && axis === 0) {
      throw new StudioError(
        'Softmax over the batch axis is not supported',
        'Apply softmax over the features (dim=-1).',
      );
    }
    const a = x.batched ? axis - 1 : axis;
    if (!modern && a !== x.shape.length - 1 && x.shape.slice(a + 1).some((d) => d !== 1)) {
      throw new StudioError(
        `Softmax over axis ${attr} of a tensor of shape ${fmt(x.shape)} is not supported; only the last axis is`,
        'Apply softmax over the last dimension (dim=-1).',
      );
    }
    return modern ? a : x.shape.length - 1 - x.shape.slice(a + 1).length;
  }

  /** Gemm, or MatMul (+ Add of a constant) → one Dense layer. */
  private dense(node: NodeProto, label: string, op: string): void {
    const attrs = new Attributes(node);
    const inputs = node.input ?? [];
    const gemm = op === 'Gemm';
    if (op === 'MatMul' && this.values.has(inputs[1] ?? '') && this.values.has(inputs[0] ?? '')) {
      throw new StudioError(
        'MatMul of two computed tensors (e.g. attention) is not supported',
        'Only MatMul with a constant weight (a linear layer) is supported.',
      );
    }
    const x = this.runtime(inputs[0], `${op} input A`);
    if (x.shape.length !== 1) {
      throw new StudioError(
        `${op} on an input of shape ${fmt(x.shape)} is not supported; Dense layers take flat inputs`,
        'Flatten the input before the linear layer.',
      );
    }
    const transA = gemm ? attrs.int('transA', 0) : 0;
    if (transA !== 0 && !(transA === 1 && x.batchAxis === 1)) {
      // A is [batch, K] in the file; transA=1 reads A stored as [K, batch]: only a transposed batch can be that.
      throw new StudioError(
        transA === 1
          ? 'Gemm with transA=1 on an input whose batch is its first axis would multiply across the batch'
          : `Gemm transA=${transA} is not 0 or 1`,
        'Re-export the model without transposing the input.',
      );
    }
    const transB = gemm ? attrs.int('transB', 0) : 0;
    if (transB !== 0 && transB !== 1)
      throw new StudioError(`Gemm transB=${transB} is not 0 or 1`, REEXPORT_HINT);
    const alpha = gemm ? attrs.float('alpha', 1) : 1;
    const beta = gemm ? attrs.float('beta', 1) : 1;
    const b = this.constant(inputs[1], `${op} weight B`);
    if (b.shape.length !== 2) {
      throw new StudioError(`${op} weight B has shape ${fmt(b.shape)}; expected a matrix`, REEXPORT_HINT);
    }
    const k = transB ? (b.shape[1] as number) : (b.shape[0] as number);
    const nIn = x.shape[0] as number;
    if (k !== nIn) {
      throw new StudioError(
        `${op} weight B has shape ${fmt(b.shape)} (transB=${transB}), so it expects ${k} input features, but its input has shape ${fmt(x.shape)}`,
        REEXPORT_HINT,
      );
    }
    let weight = inputMajorWeight(b, transB === 1, alpha);
    const nOut = weight.shape[1] as number;
    if (x.flatFrom) {
      weight = { shape: weight.shape, data: flattenedRowsToChannelsLast(weight.data, x.flatFrom, nOut) };
    }
    const biasName = gemm ? inputs[2] : undefined;
    const bias = biasName
      ? biasVector(this.constant(biasName, 'Gemm bias C'), nOut, beta, 'Gemm bias C')
      : null;
    const quantized: Record<string, string> = {};
    const wp = this.constPrecision.get(inputs[1] ?? '');
    if (wp) quantized.weight = wp;
    const bp = biasName ? this.constPrecision.get(biasName) : undefined;
    if (bp) quantized.bias = bp;
    this.push(
      {
        kind: 'Dense',
        name: this.unique(label),
        inputs: [this.materialize(x)],
        outputShape: [nOut],
        source: { op, node: label },
        ...(Object.keys(quantized).length ? { quantized } : {}),
        nIn,
        nOut,
        weight,
        bias,
      },
      node.output?.[0] ?? '',
      { shape: [nOut], batched: x.batched, cl: false },
    );
  }

  /** Pads [before…, after…] (ONNX order) or auto_pad for spatial sizes → the IR's [before, after] per axis. */
  private windowPads(
    attrs: Attributes,
    spatial: readonly number[],
    kernel: readonly number[],
    strides: readonly number[],
    dilations: readonly number[],
  ): number[] {
    const r = spatial.length;
    const autoPad = attrs.string('auto_pad', 'NOTSET');
    const out: number[] = [];
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      for (let i = 0; i < r; i++) {
        const n = spatial[i] as number;
        const s = strides[i] as number;
        const eff = ((kernel[i] as number) - 1) * (dilations[i] as number) + 1;
        const total = Math.max(0, (Math.ceil(n / s) - 1) * s + eff - n);
        const small = Math.floor(total / 2);
        out.push(
          autoPad === 'SAME_UPPER' ? small : total - small,
          autoPad === 'SAME_UPPER' ? total - small : small,
        );
      }
      return out;
    }
    if (autoPad === 'VALID') return new Array<number>(2 * r).fill(0);
    if (autoPad !== 'NOTSET' && autoPad !== '')
      throw new StudioError(`auto_pad '${quoteName(autoPad)}' is not valid`, REEXPORT_HINT);
    const pads = attrs.ints('pads') ?? new Array<number>(2 * r).fill(0);
    if (pads.length !== 2 * r)
      throw new StudioError(`pads ${fmt(pads)} do not match rank ${r}`, REEXPORT_HINT);
    for (let i = 0; i < r; i++) out.push(pads[i] as number, pads[i + r] as number);
    return out;
  }

  /** The value channels-last and its spatial sizes and channel count, for Conv/Pool/BN. */
  private spatialInput(
    x: Value,
    channelsLastOp: boolean,
    op: string,
  ): { v: Value; spatial: number[]; chan: number } {
    const v = channelsLastOp ? this.plain(x) : this.channelsLast(x);
    const ir = irShape(v);
    if (ir.length !== 2 && ir.length !== 3) {
      throw new StudioError(
        `${op} on an input of shape ${fmt(x.shape)} is not supported; only 1D and 2D inputs are`,
        'Use Conv1d/Conv2d-style inputs [channels, width] or [channels, height, width].',
      );
    }
    return { v, spatial: ir.slice(0, -1), chan: ir[ir.length - 1] as number };
  }

  private conv(node: NodeProto, label: string, out: string, channelsLastOp: boolean): void {
    const ins = node.input ?? [];
    const attrs = new Attributes(node);
    const { v, spatial, chan } = this.spatialInput(
      this.runtime(ins[0], 'Conv input'),
      channelsLastOp,
      'Conv',
    );
    const r = spatial.length;
    let w = this.constant(ins[1], 'Conv weight W');
    if (channelsLastOp && w.shape.length === r + 2) {
      // qonnx's channels-last Conv keeps its weight as [O, ...kernel, I/group]: back to ONNX's [O, I/group, ...kernel].
      const perm = [0, r + 1, ...Array.from({ length: r }, (_, i) => i + 1)];
      w = { shape: permuteShape(w.shape, perm), data: transposeData(w.data, w.shape, perm) };
    }
    if (w.shape.length !== r + 2) {
      throw new StudioError(
        `Conv weight has shape ${fmt(w.shape)}, which does not fit a ${r}D input`,
        REEXPORT_HINT,
      );
    }
    const kernel = w.shape.slice(2);
    const ks = attrs.ints('kernel_shape');
    if (ks && !sameShape(ks, kernel))
      throw new StudioError(
        `Conv kernel_shape ${fmt(ks)} does not match the weight ${fmt(w.shape)}`,
        REEXPORT_HINT,
      );
    const strides = attrs.ints('strides') ?? new Array<number>(r).fill(1);
    const dilations = attrs.ints('dilations') ?? new Array<number>(r).fill(1);
    const pads = this.windowPads(attrs, spatial, kernel, strides, dilations);
    const group = attrs.int('group', 1);
    const nOut = w.shape[0] as number;
    const outSpatial = spatial.map(
      (n, i) =>
        Math.floor(
          (n +
            (pads[2 * i] as number) +
            (pads[2 * i + 1] as number) -
            (dilations[i] as number) * ((kernel[i] as number) - 1) -
            1) /
            (strides[i] as number),
        ) + 1,
    );
    if (outSpatial.some((d) => d < 1))
      throw new StudioError(`Conv output would be empty for input ${fmt(spatial)}`, REEXPORT_HINT);
    const bias = ins[2] ? this.constant(ins[2], 'Conv bias B') : null;
    if (bias && bias.data.length !== nOut)
      throw new StudioError(`Conv bias has ${bias.data.length} values for ${nOut} filters`, REEXPORT_HINT);
    const biasT = bias ? { shape: [nOut], data: bias.data } : null;
    const quantized: Record<string, string> = {};
    const wp = this.constPrecision.get(ins[1] ?? '');
    if (wp) quantized.weight = wp;
    const bp = ins[2] ? this.constPrecision.get(ins[2]) : undefined;
    if (bp) quantized.bias = bp;
    const common = {
      name: this.unique(label),
      inputs: [this.materialize(v)],
      outputShape: [...outSpatial, nOut],
      source: { op: 'Conv', node: label },
      ...(Object.keys(quantized).length ? { quantized } : {}),
      rank: r as 1 | 2,
      kernel,
      strides,
      dilations,
      pads,
      bias: biasT,
    };
    let layer: Layer;
    if (group === 1) {
      if (w.shape[1] !== chan)
        throw new StudioError(
          `Conv weight expects ${w.shape[1]} channels but its input has ${chan}`,
          REEXPORT_HINT,
        );
      layer = {
        kind: 'Conv',
        ...common,
        nChan: chan,
        nFilt: nOut,
        weight: convWeightToChannelsLast(w.data, w.shape),
      };
    } else if (group === chan && w.shape[1] === 1 && nOut % chan === 0) {
      layer = {
        kind: 'DepthwiseConv',
        ...common,
        nChan: chan,
        depthMultiplier: nOut / chan,
        weight: depthwiseWeightToChannelsLast(w.data, w.shape, chan),
      };
    } else {
      throw new StudioError(
        `grouped Conv with group=${group} on ${chan} channels is not supported; only group=1 and depthwise (group = channels) are`,
        'Use a regular or depthwise convolution.',
      );
    }
    const outLogical = channelsLastOp ? [...outSpatial, nOut] : [nOut, ...outSpatial];
    this.push(layer, out, { shape: outLogical, batched: v.batched, cl: !channelsLastOp });
  }

  private pool(node: NodeProto, label: string, op: string, out: string, channelsLastOp: boolean): void {
    const attrs = new Attributes(node);
    const { v, spatial, chan } = this.spatialInput(
      this.runtime(node.input?.[0], `${op} input`),
      channelsLastOp,
      op,
    );
    const r = spatial.length;
    const kernel = attrs.ints('kernel_shape');
    if (!kernel || kernel.length !== r)
      throw new StudioError(`${op} needs a kernel_shape of rank ${r}`, REEXPORT_HINT);
    const strides = attrs.ints('strides') ?? new Array<number>(r).fill(1);
    const dilations = attrs.ints('dilations') ?? new Array<number>(r).fill(1);
    if (dilations.some((d) => d !== 1))
      throw new StudioError(`${op} with dilations ${fmt(dilations)} is not supported`, SUPPORTED_OPS_HINT);
    const pads = this.windowPads(attrs, spatial, kernel, strides, dilations);
    const ceil = attrs.int('ceil_mode', 0) === 1;
    const outSpatial = spatial.map((n, i) => {
      const q =
        (n + (pads[2 * i] as number) + (pads[2 * i + 1] as number) - (kernel[i] as number)) /
        (strides[i] as number);
      return (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
    });
    if (
      ceil &&
      outSpatial.some(
        (d, i) =>
          d !== Math.floor((spatial[i]! + pads[2 * i]! + pads[2 * i + 1]! - kernel[i]!) / strides[i]!) + 1,
      )
    ) {
      throw new StudioError(
        `${op} with ceil_mode=1 that changes the output size is not supported`,
        SUPPORTED_OPS_HINT,
      );
    }
    this.push(
      {
        kind: 'Pooling',
        name: this.unique(label),
        inputs: [this.materialize(v)],
        outputShape: [...outSpatial, chan],
        source: { op, node: label },
        op: op === 'MaxPool' ? 'max' : 'average',
        countPad: op === 'AveragePool' && attrs.int('count_include_pad', 0) === 1,
        rank: r as 1 | 2,
        kernel,
        strides,
        dilations,
        pads,
      },
      out,
      {
        shape: channelsLastOp ? [...outSpatial, chan] : [chan, ...outSpatial],
        batched: v.batched,
        cl: !channelsLastOp,
      },
    );
  }

  private globalPool(node: NodeProto, label: string, op: string, out: string): void {
    const { v, spatial, chan } = this.spatialInput(this.runtime(node.input?.[0], `${op} input`), false, op);
    this.push(
      {
        kind: 'GlobalPooling',
        name: this.unique(label),
        inputs: [this.materialize(v)],
        outputShape: [chan],
        source: { op, node: label },
        rank: spatial.length as 1 | 2,
        op: op === 'GlobalMaxPool' ? 'max' : 'average',
        keepDims: false,
      },
      out,
      // ONNX keeps the spatial axes as 1: [C, 1, 1]; the IR output [C] is the same data.
      { shape: [chan, ...spatial.map(() => 1)], batched: v.batched, cl: true },
    );
  }

  private batchNorm(node: NodeProto, label: string, out: string, channelsLastOp: boolean): void {
    const ins = node.input ?? [];
    const x = this.runtime(ins[0], 'BatchNormalization input');
    const v = channelsLastOp ? this.plain(x) : this.channelsLast(x);
    const ir = irShape(v);
    const chan = ir[ir.length - 1] as number;
    const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i, k) => {
      const t = this.constant(ins[i], `BatchNormalization ${['scale', 'B', 'mean', 'var'][k]}`);
      if (t.data.length !== chan) {
        throw new StudioError(
          `BatchNormalization parameter ${k + 1} has ${t.data.length} values for ${chan} channels`,
          REEXPORT_HINT,
        );
      }
      return t.data;
    }) as [FloatTensor['data'], FloatTensor['data'], FloatTensor['data'], FloatTensor['data']];
    const eps = new Attributes(node).float('epsilon', 1e-5);
    const { scale, bias } = foldBatchNorm(gamma, beta, mean, variance, eps);
    const input = this.byName.get(v.layer) as Layer;
    this.push(
      {
        kind: 'BatchNormalization',
        name: this.unique(label),
        inputs: [v.layer],
        outputShape: input.outputShape,
        source: { op: 'BatchNormalization', node: label },
        scale: { shape: [chan], data: scale },
        bias: { shape: [chan], data: bias },
      },
      out,
      v,
    );
  }

  /** Per-channel vector (IR last axis) of a constant broadcast onto v, or null when it varies elsewhere. */
  private channelVector(c: FloatTensor, v: Value, what: string): Float64Array | null {
    const data = this.broadcastOnto(c, v, what);
    const ir = irShape(v);
    const chan = ir.length === 0 ? 1 : (ir[ir.length - 1] as number);
    const vec = data.slice(0, chan);
    for (let i = 0; i < data.length; i++) if (data[i] !== vec[i % chan]) return null;
    return vec;
  }

  private arithmetic(node: NodeProto, label: string, op: string, out: string): void {
    const ins = (node.input ?? []).filter((n) => n !== '');
    const consts = ins.filter((n) => this.isConstant(n));
    if (consts.length > 0) {
      if (ins.length !== 2 || !['Add', 'Sub', 'Mul', 'Div'].includes(op)) {
        throw new StudioError(
          `${op} of a computed tensor and a constant is not supported`,
          SUPPORTED_OPS_HINT,
        );
      }
      return this.scaleShift(node, label, op, out);
    }
    if (op === 'Div') {
      throw new StudioError('Div of two computed tensors is not supported', SUPPORTED_OPS_HINT);
    }
    if (ins.length < 2) {
      this.define(out, this.runtime(ins[0], `${op} input`));
      return;
    }
    let vals = ins.map((n, i) => this.runtime(n, `${op} input ${i + 1}`));
    const anyCl = vals.some((v) => v.cl);
    vals = vals.map((v) => (anyCl && v.shape.length >= 2 ? this.channelsLast(v) : this.plain(v)));
    const shape = vals.reduce<number[] | null>(
      (s, v) => (s ? broadcastShape(s, v.shape) : null),
      [...(vals[0]?.shape ?? [])],
    );
    if (!shape || vals.some((v) => prod(v.shape) !== prod(shape) && prod(v.shape) !== 1)) {
      throw new StudioError(
        `${op} of tensors with shapes ${vals.map((v) => fmt(v.shape)).join(' and ')} is not supported; the shapes must be equal`,
        SUPPORTED_OPS_HINT,
      );
    }
    const mop = MERGE_OPS[op] as MergeOp;
    if (mop === 'average' && vals.length > 2)
      throw new StudioError(
        `Mean of ${vals.length} tensors is not supported; only of two`,
        SUPPORTED_OPS_HINT,
      );
    const first = vals[0] as Value;
    let acc = this.materialize(first);
    const outShape = irShape({ ...first, shape });
    for (let i = 1; i < vals.length; i++) {
      const name = this.unique(i === vals.length - 1 ? label : `${label}_${i}`);
      this.addLayer({
        kind: 'Merge',
        name,
        inputs: [acc, this.materialize(vals[i] as Value)],
        outputShape: outShape,
        source: { op, node: label },
        op: mop,
      });
      acc = name;
    }
    this.define(out, { ...first, layer: acc, shape, flatFrom: undefined });
  }

  /** Add/Sub/Mul/Div with a constant → a bias into the Dense/Conv before it, or a per-channel scale/shift layer. */
  private scaleShift(node: NodeProto, label: string, op: string, out: string): void {
    const ins = node.input ?? [];
    const constFirst = this.isConstant(ins[0]);
    const cName = constFirst ? ins[0] : ins[1];
    const x = this.runtime(constFirst ? ins[1] : ins[0], `${op} input`);
    const c = this.constant(cName, `${op} constant`);
    if (op === 'Div' && constFirst) {
      throw new StudioError('Div of a constant by a computed tensor is not supported', SUPPORTED_OPS_HINT);
    }
    const full = this.fullShape(x);
    if (!broadcastShape(full, c.shape) || prod(broadcastShape(full, c.shape) as number[]) !== prod(full)) {
      throw new StudioError(
        `${op} of a tensor of shape ${fmt(x.shape)} and a constant of shape ${fmt(c.shape)} would grow the tensor`,
        REEXPORT_HINT,
      );
    }
    const v = x;
    const vec = this.channelVector(c, v, `${op} constant`);
    if (!vec) {
      throw new StudioError(
        `${op} with a constant of shape ${fmt(c.shape)} that varies along more than the channel axis is not supported`,
        'Only scalar and per-channel constants are supported.',
      );
    }
    const n = vec.length;
    const ones = (): Float64Array => new Float64Array(n).fill(1);
    let scale: Float64Array = ones();
    let bias: Float64Array = new Float64Array(n);
    if (op === 'Add') bias = vec;
    else if (op === 'Sub' && !constFirst) bias = vec.map((b) => -b);
    else if (op === 'Sub') {
      scale = new Float64Array(n).fill(-1);
      bias = vec;
    } else if (op === 'Mul') scale = vec;
    else scale = vec.map((d) => 1 / d);

    // A bias right after a bias-less Dense/Conv that nothing else reads: fold it in (MatMul + Add → Dense).
    const producer = this.byName.get(x.layer);
    const tensor = constFirst ? ins[1] : ins[0];
    if (
      op === 'Add' &&
      producer &&
      (producer.kind === 'Dense' || producer.kind === 'Conv' || producer.kind === 'DepthwiseConv') &&
      producer.bias === null &&
      (this.consumers.get(tensor ?? '') ?? []).length === 1 &&
      !this.graphOutputs.has(tensor ?? '') &&
      !x.flatFrom
    ) {
      const nOut =
        producer.kind === 'Dense' ? producer.nOut : producer.outputShape[producer.outputShape.length - 1]!;
      if (nOut === n) {
        const data = c.data instanceof Float32Array ? Float32Array.from(vec) : vec;
        const bp = this.constPrecision.get(cName ?? '');
        this.replaceLayer({
          ...producer,
          source: { ...producer.source, op: `${producer.source.op}+Add` },
          ...(bp ? { quantized: { ...producer.quantized, bias: bp } } : {}),
          bias: { shape: [n], data },
        });
        this.define(out, x);
        return;
      }
    }
    const input = this.byName.get(x.layer) as Layer;
    this.push(
      {
        kind: 'BatchNormalization',
        name: this.unique(label),
        inputs: [x.layer],
        outputShape: input.outputShape,
        source: { op, node: label },
        scale: { shape: [n], data: scale },
        bias: { shape: [n], data: bias },
      },
      out,
      x,
    );
  }

  private concat(node: NodeProto, label: string, out: string): void {
    const ins = (node.input ?? []).filter((n) => n !== '');
    let vals = ins.map((n, i) => this.runtime(n, `Concat input ${i + 1}`));
    const first = vals[0] as Value;
    const axis = this.featureAxis(first, new Attributes(node).int('axis', 1), 'Concat axis');
    const anyCl = vals.some((v) => v.cl);
    vals = vals.map((v) => (anyCl ? this.channelsLast(v) : this.plain(v)));
    const rank = first.shape.length;
    for (const v of vals) {
      if (v.shape.length !== rank || v.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
        throw new StudioError(
          `Concat of shapes ${vals.map((x) => fmt(x.shape)).join(', ')} along axis ${axis} does not fit`,
          REEXPORT_HINT,
        );
      }
    }
    const irAxis = anyCl ? channelsLastAxis(axis, rank) : axis;
    let acc = this.materialize(vals[0] as Value);
    let shape = [...(vals[0] as Value).shape];
    for (let i = 1; i < vals.length; i++) {
      const v = vals[i] as Value;
      shape = shape.map((d, k) => (k === axis ? d + (v.shape[k] as number) : d));
      const name = this.unique(i === vals.length - 1 ? label : `${label}_${i}`);
      this.addLayer({
        kind: 'Concatenate',
        name,
        inputs: [acc, this.materialize(v)],
        outputShape: irShape({ ...first, shape, cl: anyCl }),
        source: { op: 'Concat', node: label },
        axis: irAxis,
      });
      acc = name;
    }
    this.define(out, { layer: acc, shape, batched: first.batched, cl: anyCl });
  }

  private transpose(node: NodeProto, label: string, out: string): void {
    const x = this.runtime(node.input?.[0], 'Transpose input');
    const rank = x.shape.length + (x.batched ? 1 : 0);
    const full = new Attributes(node).ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
    if (full.length !== rank)
      throw new StudioError(`Transpose perm ${fmt(full)} does not fit rank ${rank}`, REEXPORT_HINT);
    const b = x.batchAxis ?? 0;
    const newB = x.batched ? full.indexOf(b) : 0;
    if (x.batched && newB !== 0 && x.shape.length > 2) {
      throw new StudioError(
        `Transpose with perm ${fmt(full)} moves the batch axis`,
        'Keep the batch axis first (only sequence-first [time, batch, features] tensors for RNNs may move it).',
      );
    }
    const q = x.batched ? full.filter((_, j) => j !== newB).map((a) => (a > b ? a - 1 : a)) : full;
    const batchAxis = newB === 0 ? {} : { batchAxis: newB };
    const shape = permuteShape(x.shape, q);
    const irPerm = x.cl ? q.map((a) => channelsLastAxis(a, x.shape.length)) : q;
    const ir = irShape(x);
    if (permKeepsOrder(ir, irPerm)) {
      this.define(out, { layer: x.layer, shape, batched: x.batched, cl: false, ...batchAxis });
      return;
    }
    const input = this.materialize(x);
    const layer = this.transposeLayer(input, ir, irPerm, label);
    this.define(out, { layer, shape, batched: x.batched, cl: false, ...batchAxis });
  }

  private reshape(node: NodeProto, label: string, op: string, out: string): void {
    const ins = node.input ?? [];
    const attrs = new Attributes(node);
    const x = this.runtime(ins[0], `${op} input`);
    const full = this.fullShape(x);
    const b = x.batched ? (x.batchAxis ?? 0) : -1;
    let newB = b;
    if ((op === 'Flatten' || op === 'Reshape') && b > 0) {
      throw new StudioError(
        `${op} of a tensor whose batch is axis ${b} (sequence-first) is not supported`,
        'Transpose the batch back to the first axis first.',
      );
    }
    let target: number[];
    if (op === 'Flatten') {
      const axis = this.normAxis(attrs.int('axis', 1), full.length + 1, 'Flatten axis');
      target = [prod(full.slice(0, axis)), prod(full.slice(axis))];
    } else if (op === 'Reshape') {
      const spec = ins[1] ? this.ints(ins[1], 'Reshape shape') : (attrs.ints('shape') ?? []);
      target = spec.map((d, i) => (d === 0 && !attrs.int('allowzero', 0) ? (full[i] as number) : d));
      const known = prod(target.filter((d) => d !== -1));
      target = target.map((d) => (d === -1 ? prod(full) / known : d));
      if (prod(target) !== prod(full) || target.some((d) => !Number.isInteger(d) || d < 0))
        throw new StudioError(`Reshape of ${fmt(full)} to ${fmt(spec)} does not fit`, REEXPORT_HINT);
    } else {
      const axesSpec = ins[1] ? this.ints(ins[1], `${op} axes`) : attrs.ints('axes');
      if (op === 'Squeeze') {
        const axes = (
          axesSpec ?? full.map((d, i) => (d === 1 && i !== b ? i : -1)).filter((i) => i >= 0)
        ).map((a) => this.normAxis(a, full.length, 'Squeeze axis'));
        if (axes.some((a) => full[a] !== 1))
          throw new StudioError(`Squeeze of a non-1 axis of ${fmt(full)}`, REEXPORT_HINT);
        if (axes.includes(b))
          throw new StudioError('Squeeze of the batch axis is not supported', REEXPORT_HINT);
        target = full.filter((_, i) => !axes.includes(i));
        if (b >= 0) newB = b - axes.filter((a) => a < b).length;
      } else {
        const rank = full.length + (axesSpec ?? []).length;
        const axes = (axesSpec ?? []).map((a) => this.normAxis(a, rank, 'Unsqueeze axis'));
        target = [];
        let k = 0;
        for (let i = 0; i < rank; i++) {
          if (axes.includes(i)) target.push(1);
          else {
            if (k === b) newB = i;
            target.push(full[k++] as number);
          }
        }
      }
    }
    if (newB > 0) {
      // Still sequence-first: a view with the batch elsewhere (RNN outputs on their way back to batch-first).
      const shape = target.filter((_, i) => i !== newB);
      const p = this.plain(x);
      const layer = this.byName.get(p.layer) as Layer;
      if (squeezed(layer.outputShape) !== squeezed(shape) || p.flatFrom)
        throw new StudioError(
          `${op} of a sequence-first tensor that changes its layout is not supported`,
          REEXPORT_HINT,
        );
      this.define(out, { layer: p.layer, shape, batched: true, cl: false, batchAxis: newB });
      return;
    }
    const shape = this.batchFree(x, target, op);
    if (sameShape(shape, x.shape) && !x.batchAxis) {
      this.define(out, x);
      return;
    }
    // Flatten of a channels-last tensor read only by linear layers: keep the channels-last order and reorder
    // the Dense weights instead of transposing (hls4ml's RemoveTransposeBeforeFlatten, io_parallel).
    const readers = (this.consumers.get(out) ?? []).map((i) => this.nodes[i]);
    const denseOnly =
      shape.length === 1 &&
      x.cl &&
      !permKeepsOrder(irShape(x), channelsFirstPerm(x.shape.length)) &&
      !this.graphOutputs.has(out) &&
      readers.length > 0 &&
      readers.every((n) => (n?.opType === 'Gemm' || n?.opType === 'MatMul') && n.input?.[0] === out);
    if (denseOnly) {
      const input = this.materialize(x);
      const name = this.unique(label);
      this.addLayer({
        kind: 'Reshape',
        name,
        inputs: [input],
        outputShape: shape,
        source: { op, node: label },
      });
      this.define(out, { layer: name, shape, batched: x.batched, cl: false, flatFrom: [...x.shape] });
      return;
    }
    this.define(out, this.reshaped(x, shape, label, { op, node: label }));
  }

  private pad(node: NodeProto, label: string, out: string): void {
    const ins = node.input ?? [];
    const attrs = new Attributes(node);
    const x = this.runtime(ins[0], 'Pad input');
    const mode = attrs.string('mode', 'constant');
    if (mode !== 'constant')
      throw new StudioError(
        `Pad mode '${quoteName(mode)}' is not supported; only constant is`,
        SUPPORTED_OPS_HINT,
      );
    const value = ins[2] ? this.scalar(ins[2], 'Pad value') : attrs.float('value', 0);
    if (value !== 0)
      throw new StudioError(
        `Pad with value ${value} is not supported; only zero padding is`,
        SUPPORTED_OPS_HINT,
      );
    const pads = ins[1]
      ? this.ints(ins[1], 'Pad pads')
      : (attrs.ints('pads') ?? attrs.ints('paddings') ?? []);
    if (ins[3]) throw new StudioError('Pad with an axes input is not supported', SUPPORTED_OPS_HINT);
    const full = this.fullShape(x);
    const r = full.length;
    if (pads.length !== 2 * r)
      throw new StudioError(`Pad pads ${fmt(pads)} do not fit rank ${r}`, REEXPORT_HINT);
    const lead = x.batched ? 2 : 1;
    for (let i = 0; i < lead; i++) {
      if (pads[i] !== 0 || pads[i + r] !== 0) {
        throw new StudioError(
          'Pad of the batch or channel axis is not supported',
          'Pad only the spatial axes.',
        );
      }
    }
    if (pads.some((p) => p < 0))
      throw new StudioError('Pad with negative pads (cropping) is not supported', SUPPORTED_OPS_HINT);
    const { v, spatial, chan } = this.spatialInput(x, false, 'Pad');
    const irPads: number[] = [];
    for (let i = 0; i < spatial.length; i++)
      irPads.push(pads[lead + i] as number, pads[lead + i + r] as number);
    const outSpatial = spatial.map((n, i) => n + (irPads[2 * i] as number) + (irPads[2 * i + 1] as number));
    this.push(
      {
        kind: 'ZeroPadding',
        name: this.unique(label),
        inputs: [this.materialize(v)],
        outputShape: [...outSpatial, chan],
        source: { op: 'Pad', node: label },
        rank: spatial.length as 1 | 2,
        pads: irPads,
      },
      out,
      { shape: [chan, ...outSpatial], batched: x.batched, cl: true },
    );
  }

  private resize(node: NodeProto, label: string, op: string, out: string): void {
    const ins = node.input ?? [];
    const attrs = new Attributes(node);
    const x = this.runtime(ins[0], `${op} input`);
    const full = this.fullShape(x);
    let scales: number[] | null = null;
    let sizes: number[] | null = null;
    if (op === 'Upsample') scales = ins[1] ? this.ints(ins[1], 'Upsample scales') : attrs.floats('scales');
    else if (ins.length <= 2 || (this.opset !== null && this.opset < 11))
      scales = this.ints(ins[1], 'Resize scales');
    else {
      if (ins[2]) scales = this.ints(ins[2], 'Resize scales');
      if ((!scales || scales.length === 0) && ins[3]) sizes = this.ints(ins[3], 'Resize sizes');
    }
    const target =
      sizes && sizes.length === full.length
        ? sizes
        : scales && scales.length === full.length
          ? full.map((d, i) => Math.floor(d * (scales[i] as number)))
          : null;
    if (!target) throw new StudioError(`${op} needs scales or sizes for every axis`, REEXPORT_HINT);
    const shape = this.batchFree(x, target, op);
    const changed = shape.map((d, i) => d !== x.shape[i]);
    const r = shape.length;
    // Channels-first when the first feature axis keeps its size; channels-last (NHWC files) when the last does.
    const cfirst = !x.cl && !changed[0] && (changed[r - 1] || !this.isChannelsLastFile(x));
    const v = cfirst || x.cl ? this.channelsLast(x) : this.plain(x);
    const ir = irShape(v);
    const outIr = v.cl ? permuteShape(shape, channelsLastPerm(r)) : shape;
    if (ir[ir.length - 1] !== outIr[outIr.length - 1] || (r !== 2 && r !== 3)) {
      throw new StudioError(
        `${op} of ${fmt(x.shape)} to ${fmt(shape)} is not supported; only spatial upsampling is`,
        SUPPORTED_OPS_HINT,
      );
    }
    const mode = attrs.string('mode', 'nearest');
    if (mode !== 'nearest' && mode !== 'linear' && mode !== 'bilinear')
      throw new StudioError(`${op} mode '${quoteName(mode)}' is not supported`, SUPPORTED_OPS_HINT);
    this.push(
      {
        kind: 'Resize',
        name: this.unique(label),
        inputs: [this.materialize(v)],
        outputShape: outIr,
        source: { op, node: label },
        rank: (r - 1) as 1 | 2,
        method: mode === 'nearest' ? 'nearest' : 'bilinear',
        alignCorners: attrs.string('coordinate_transformation_mode', 'half_pixel') === 'align_corners',
      },
      out,
      { shape, batched: x.batched, cl: v.cl },
    );
  }

  /** Whether the value's logical tensor is channels-last (it flows from a qonnx channels-last op or an NHWC input). */
  private isChannelsLastFile(x: Value): boolean {
    return this.nodes.some((n) => n.domain === CHANNELS_LAST_DOMAIN) && !x.cl;
  }

  private recurrent(node: NodeProto, label: string, op: string): void {
    const ins = node.input ?? [];
    const outs = node.output ?? [];
    const attrs = new Attributes(node);
    const x = this.runtime(ins[0], `${op} input X`);
    const layout = attrs.int('layout', 0);
    // layout=0: X is [time, batch, features] (PyTorch transposes a batch_first input to this); layout=1:
    // [batch, time, features]. Either way the batch-free X is [time, features].
    if (x.batched && (x.batchAxis ?? 0) !== (layout === 0 ? 1 : 0)) {
      throw new StudioError(
        layout === 0
          ? `${op} with layout=0 needs a [time, batch, features] input, but the batch of its input is not axis 1`
          : `${op} with layout=1 needs a [batch, time, features] input`,
        'Export the recurrent layer from a batch_first=True PyTorch module, or with layout=1.',
      );
    }
    if (x.shape.length !== 2)
      throw new StudioError(
        `${op} input has shape ${fmt(x.shape)}; expected [time, features]`,
        REEXPORT_HINT,
      );
    const direction = attrs.string('direction', 'forward');
    if (direction !== 'forward')
      throw new StudioError(
        `${op} direction '${quoteName(direction)}' is not supported; only forward is`,
        SUPPORTED_OPS_HINT,
      );
    if (attrs.has('clip')) throw new StudioError(`${op} with clip is not supported`, SUPPORTED_OPS_HINT);
    if (ins[4] || ins[5] || ins[6] || ins[7])
      throw new StudioError(
        `${op} with sequence lengths or initial states is not supported`,
        SUPPORTED_OPS_HINT,
      );
    const gates = op === 'LSTM' ? 4 : op === 'GRU' ? 3 : 1;
    const w = this.constant(ins[1], `${op} weight W`);
    const rr = this.constant(ins[2], `${op} recurrence weight R`);
    const hidden = attrs.int('hidden_size', (w.shape[1] ?? 0) / gates);
    const [T, F] = x.shape as [number, number];
    if (!sameShape(w.shape, [1, gates * hidden, F]) || !sameShape(rr.shape, [1, gates * hidden, hidden])) {
      throw new StudioError(
        `${op} weights ${fmt(w.shape)} / ${fmt(rr.shape)} do not fit input ${fmt(x.shape)}`,
        REEXPORT_HINT,
      );
    }
    const defaults =
      op === 'LSTM' ? ['Sigmoid', 'Tanh', 'Tanh'] : op === 'GRU' ? ['Sigmoid', 'Tanh'] : ['Tanh'];
    const acts = attrs.strings('activations') ?? defaults;
    if (acts.some((a, i) => a !== defaults[i])) {
      throw new StudioError(
        `${op} activations ${acts.join(', ')} are not supported; only ${defaults.join(', ')} are`,
        SUPPORTED_OPS_HINT,
      );
    }
    // ONNX gate order → Keras: LSTM i,o,f,c → i,f,c,o; GRU z,r,h → z,r,h; RNN one gate.
    const order = op === 'LSTM' ? [0, 2, 3, 1] : op === 'GRU' ? [0, 1, 2] : [0];
    const G = gates * hidden;
    const kernel = new Float64Array(F * G);
    const recurrent = new Float64Array(hidden * G);
    for (let g = 0; g < gates; g++) {
      const src = (order[g] as number) * hidden;
      for (let h = 0; h < hidden; h++) {
        for (let k = 0; k < F; k++) kernel[k * G + g * hidden + h] = w.data[(src + h) * F + k] as number;
        for (let k = 0; k < hidden; k++)
          recurrent[k * G + g * hidden + h] = rr.data[(src + h) * hidden + k] as number;
      }
    }
    const b = ins[3] ? this.constant(ins[3], `${op} bias B`) : null;
    const reorder = (offset: number): Float64Array => {
      const o = new Float64Array(G);
      if (b)
        for (let g = 0; g < gates; g++)
          for (let h = 0; h < hidden; h++)
            o[g * hidden + h] = b.data[offset + (order[g] as number) * hidden + h] as number;
      return o;
    };
    const wb = reorder(0);
    const rb = reorder(G);
    const resetAfter = op === 'GRU' && attrs.int('linear_before_reset', 0) === 1;
    let bias: FloatTensor | null = null;
    let recurrentBias: FloatTensor | null = null;
    if (b) {
      if (resetAfter) {
        bias = { shape: [G], data: wb };
        recurrentBias = { shape: [G], data: rb };
      } else {
        if (op === 'GRU' && rb.slice(2 * hidden).some((v) => v !== 0)) {
          throw new StudioError(
            'GRU with linear_before_reset=0 and a non-zero recurrent bias for the hidden gate is not supported',
            'Export the GRU with linear_before_reset=1 (PyTorch does).',
          );
        }
        bias = { shape: [G], data: wb.map((v, i) => v + (rb[i] as number)) };
      }
    }
    const ySeq = outs[0] && (this.consumers.has(outs[0]) || this.graphOutputs.has(outs[0]));
    const returnSequences = !!ySeq;
    const layer: RecurrentLayer = {
      kind: op === 'LSTM' ? 'LSTM' : op === 'GRU' ? 'GRU' : 'SimpleRNN',
      name: this.unique(label),
      inputs: [this.materialize(this.plain(x))],
      outputShape: returnSequences ? [T, hidden] : [hidden],
      source: { op, node: label },
      units: hidden,
      returnSequences,
      activation: 'tanh',
      recurrentActivation: op === 'RNN' ? 'tanh' : 'sigmoid',
      resetAfter,
      kernel: { shape: [F, G], data: kernel },
      recurrentKernel: { shape: [hidden, G], data: recurrent },
      bias,
      recurrentBias,
    };
    this.addLayer(layer);
    // layout=1: Y is [batch, T, 1, H], Y_h is [batch, 1, H]; layout=0: Y is [T, 1, batch, H], Y_h [1, batch, H].
    const yb = layout === 0 ? { batchAxis: 2 } : {};
    const hb = layout === 0 ? { batchAxis: 1 } : {};
    if (outs[0])
      this.define(outs[0], { layer: layer.name, shape: [T, 1, hidden], batched: true, cl: false, ...yb });
    if (outs[1]) {
      if (returnSequences)
        throw new StudioError(`${op} with both Y and Y_h used is not supported`, SUPPORTED_OPS_HINT);
      this.define(outs[1], { layer: layer.name, shape: [1, hidden], batched: true, cl: false, ...hb });
    }
    if (outs[2] && (this.consumers.has(outs[2]) || this.graphOutputs.has(outs[2])))
      throw new StudioError('LSTM cell state output Y_c is not supported', SUPPORTED_OPS_HINT);
  }

  // ───────────────────────────── quantizers ─────────────────────────────

  private quant(node: NodeProto, label: string, op: string): void {
    const ins = node.input ?? [];
    const out = node.output?.[0] ?? '';
    const attrs = new Attributes(node);
    const role = `${op} input`;
    const scaleT = this.numeric(ins[1], `${op} scale`);
    let zero = 0;
    let bits = 1;
    let signed = true;
    let narrow = false;
    let rounding = 'ROUND';
    if (op === 'Quant' || op === 'IntQuant') {
      zero = this.scalarOrUniform(ins[2], `${op} zero point`);
      bits = this.scalar(ins[3], `${op} bit width`);
      signed = attrs.int('signed', 1) === 1;
      narrow = attrs.int('narrow', 0) === 1;
      rounding = attrs.string('rounding_mode', 'ROUND');
    } else if (op === 'Trunc') {
      zero = this.scalarOrUniform(ins[2], 'Trunc zero point');
      const inBits = this.scalar(ins[3], 'Trunc input bit width');
      bits = this.scalar(ins[4], 'Trunc output bit width');
      rounding = attrs.string('rounding_mode', 'FLOOR');
      // Trunc drops (inBits − bits) low bits of the integer grid: the step grows by that power of two.
      const scales = Array.from(scaleT.data, (s) => s * 2 ** (inBits - bits));
      return this.quantApply(node, label, op, out, role, {
        scales,
        scaleShape: scaleT.shape,
        zero,
        bits,
        signed: attrs.int('signed', 1) === 1,
        narrow: false,
        rounding,
      });
    }
    this.quantApply(node, label, op, out, role, {
      scales: Array.from(scaleT.data),
      scaleShape: scaleT.shape,
      zero,
      bits,
      signed,
      narrow,
      rounding,
    });
  }

  private scalarOrUniform(name: string | undefined, role: string): number {
    if (!name) return 0;
    const t = this.numeric(name, role);
    const v = t.data[0] ?? 0;
    if (Array.from(t.data).some((d) => d !== v))
      throw new StudioError(
        `${role} varies per channel; only one zero point is supported`,
        SUPPORTED_OPS_HINT,
      );
    return v;
  }

  private quantApply(
    node: NodeProto,
    label: string,
    op: string,
    out: string,
    role: string,
    q: {
      scales: number[];
      scaleShape: readonly number[];
      zero: number;
      bits: number;
      signed: boolean;
      narrow: boolean;
      rounding: string;
    },
  ): void {
    const ins = node.input ?? [];
    const bipolar = op === 'BipolarQuant';
    const exps = q.scales.map(po2Exponent);
    const po2 = exps.every((e) => e !== null) && q.zero === 0;
    // reduce, not Math.min(...): a per-element scale tensor can be longer than a call's argument list.
    const minExp = (exps as number[]).reduce((a, b) => Math.min(a, b), Infinity);
    const maxExp = (exps as number[]).reduce((a, b) => Math.max(a, b), -Infinity);
    const precision = (): string =>
      bipolar
        ? `fixed<${2 + maxExp - minExp},${1 + maxExp + 1}>`
        : quantPrecision(q.bits + maxExp - minExp, q.signed, q.narrow, minExp, q.rounding);

    if (this.isConstant(ins[0])) {
      // A quantized weight: fold the quantizer into the constant (hls4ml's fuse_quant_with_constant).
      const x = this.numeric(ins[0], role);
      const idx = broadcastIndex(q.scaleShape, x.shape);
      if (!idx)
        throw new StudioError(
          `${op} scale ${fmt(q.scaleShape)} does not broadcast to ${fmt(x.shape)}`,
          REEXPORT_HINT,
        );
      const range = quantRange(q.bits, q.signed, q.narrow);
      const data = x.data.map((v, i) => {
        const s = q.scales[idx[i] as number] as number;
        return bipolar ? (v >= 0 ? s : -s) : quantValue(v, s, q.zero, range, q.rounding);
      });
      this.setFolded(out, { shape: x.shape, data, integer: false, float32: x.float32 });
      if (po2) this.constPrecision.set(out, precision());
      return;
    }
    const x = this.runtime(ins[0], role);
    if (q.scales.length !== 1 && !q.scales.every((s) => s === q.scales[0])) {
      // One fixed-point type per tensor cannot hold different steps per channel (weights can: they are folded).
      throw new StudioError(
        `${op} with per-channel scales on a computed tensor is not supported`,
        'Use one scale per activation quantizer.',
      );
    }
    const input = this.byName.get(x.layer) as Layer;
    if (po2) {
      // hls4ml's quant_to_activation: a linear activation whose result precision is the quantizer's.
      this.push(
        {
          kind: 'Activation',
          name: this.unique(label),
          inputs: [x.layer],
          outputShape: input.outputShape,
          source: { op, node: label },
          quantized: { result: precision() },
          activation: bipolar ? 'binary_tanh' : 'linear',
        },
        out,
        x,
      );
      return;
    }
    // Non-power-of-two scale or a zero point: scale to the integer grid, quantize, scale back
    // (hls4ml's quant_to_alpha_activation_alpha: ApplyAlpha(1/s) → quantized Activation → ApplyAlpha(s)).
    const s = q.scales[0] as number;
    const chan = input.outputShape[input.outputShape.length - 1] ?? 1;
    const full = (v: number): Float64Array => new Float64Array(chan).fill(v);
    const pre = this.unique(`${label}_scale`);
    this.addLayer({
      kind: 'BatchNormalization',
      name: pre,
      inputs: [x.layer],
      outputShape: input.outputShape,
      source: { op, node: label },
      scale: { shape: [chan], data: full(1 / s) },
      bias: { shape: [chan], data: full(q.zero) },
    });
    const act = this.unique(label);
    this.addLayer({
      kind: 'Activation',
      name: act,
      inputs: [pre],
      outputShape: input.outputShape,
      source: { op, node: label },
      quantized: {
        result: bipolar ? 'fixed<2,2>' : quantPrecision(q.bits, q.signed, q.narrow, 0, q.rounding),
      },
      activation: bipolar ? 'binary_tanh' : 'linear',
    });
    this.push(
      {
        kind: 'BatchNormalization',
        name: this.unique(`${label}_rescale`),
        inputs: [act],
        outputShape: input.outputShape,
        source: { op, node: label },
        scale: { shape: [chan], data: full(s) },
        bias: { shape: [chan], data: full(0 - q.zero * s) },
      },
      out,
      x,
    );
  }

  // ───────────────────────────── constant folding ─────────────────────────────

  private fold(node: NodeProto, op: string, out: string): void {
    const ins = node.input ?? [];
    const attrs = new Attributes(node);
    const t = (i: number): NumericTensor => this.numeric(ins[i], `${op} input ${i + 1}`);
    const result = (shape: readonly number[], data: Float64Array, like: NumericTensor): void =>
      this.setFolded(out, { shape, data, integer: like.integer, float32: like.float32 });
    switch (op) {
      case 'Identity':
      case 'Dropout':
      case 'Cast': {
        const a = t(0);
        if (op === 'Cast') {
          const to = attrs.int('to', 1);
          const integer = to !== 1 && to !== 10 && to !== 11 && to !== 16;
          this.setFolded(out, {
            ...a,
            data: integer ? a.data.map(Math.trunc) : a.data,
            integer,
            float32: to === 1,
          });
        } else this.setFolded(out, a);
        return;
      }
      case 'Gather': {
        const a = t(0);
        const idx = t(1);
        const axis = this.normAxis(attrs.int('axis', 0), a.shape.length, 'Gather axis');
        const dim = a.shape[axis] as number;
        const outer = prod(a.shape.slice(0, axis));
        const inner = prod(a.shape.slice(axis + 1));
        const data: number[] = [];
        for (let o = 0; o < outer; o++)
          for (const i of idx.data) {
            const k = i < 0 ? i + dim : i;
            for (let j = 0; j < inner; j++) data.push(a.data[(o * dim + k) * inner + j] as number);
          }
        result(
          [...a.shape.slice(0, axis), ...idx.shape, ...a.shape.slice(axis + 1)],
          Float64Array.from(data),
          a,
        );
        return;
      }
      case 'Unsqueeze':
      case 'Squeeze':
      case 'Reshape':
      case 'Flatten': {
        const a = t(0);
        let shape: number[];
        if (op === 'Reshape') {
          const spec = ins[1] ? this.ints(ins[1], 'Reshape shape') : (attrs.ints('shape') ?? []);
          const s = spec.map((d, i) => (d === 0 ? (a.shape[i] as number) : d));
          const known = prod(s.filter((d) => d !== -1));
          shape = s.map((d) => (d === -1 ? prod(a.shape) / known : d));
        } else if (op === 'Flatten') {
          const axis = attrs.int('axis', 1);
          shape = [prod(a.shape.slice(0, axis)), prod(a.shape.slice(axis))];
        } else {
          const axes = ins[1] ? this.ints(ins[1], `${op} axes`) : (attrs.ints('axes') ?? []);
          if (op === 'Squeeze') {
            const ax = axes.map((x) => this.normAxis(x, a.shape.length, 'Squeeze axis'));
            shape = a.shape.filter((d, i) => (ax.length ? !ax.includes(i) : d !== 1));
          } else {
            const rank = a.shape.length + axes.length;
            const ax = axes.map((x) => this.normAxis(x, rank, 'Unsqueeze axis'));
            shape = [];
            let k = 0;
            for (let i = 0; i < rank; i++) shape.push(ax.includes(i) ? 1 : (a.shape[k++] as number));
          }
        }
        if (prod(shape) !== a.data.length)
          throw new StudioError(`${op} of a constant does not fit`, REEXPORT_HINT);
        result(shape, a.data, a);
        return;
      }
      case 'Concat': {
        const parts = ins.filter((n) => n).map((_, i) => t(i));
        const first = parts[0] as NumericTensor;
        const axis = this.normAxis(attrs.int('axis', 0), first.shape.length, 'Concat axis');
        const outer = prod(first.shape.slice(0, axis));
        const data: number[] = [];
        for (let o = 0; o < outer; o++)
          for (const p of parts) {
            const chunk = prod(p.shape.slice(axis));
            for (let j = 0; j < chunk; j++) data.push(p.data[o * chunk + j] as number);
          }
        const shape = [...first.shape];
        shape[axis] = parts.reduce((s, p) => s + (p.shape[axis] as number), 0);
        result(shape, Float64Array.from(data), first);
        return;
      }
      case 'Transpose': {
        const a = t(0);
        const perm = attrs.ints('perm') ?? a.shape.map((_, i) => a.shape.length - 1 - i);
        result(permuteShape(a.shape, perm), transposeData(a.data, a.shape, perm), a);
        return;
      }
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div':
      case 'Pow':
      case 'Max':
      case 'Min': {
        const a = t(0);
        const b = t(1);
        const shape = broadcastShape(a.shape, b.shape);
        const ia = shape && broadcastIndex(a.shape, shape);
        const ib = shape && broadcastIndex(b.shape, shape);
        if (!shape || !ia || !ib)
          throw new StudioError(`${op} of constants that do not broadcast`, REEXPORT_HINT);
        const f: (x: number, y: number) => number = {
          Add: (x: number, y: number) => x + y,
          Sub: (x: number, y: number) => x - y,
          Mul: (x: number, y: number) => x * y,
          Div: (x: number, y: number) => (a.integer && b.integer ? Math.trunc(x / y) : x / y),
          Pow: (x: number, y: number) => x ** y,
          Max: Math.max,
          Min: Math.min,
        }[op];
        const data = Float64Array.from(ia, (k, i) =>
          f(a.data[k] as number, b.data[ib[i] as number] as number),
        );
        const float32 = a.float32 || b.float32;
        this.setFolded(out, {
          shape,
          data: float32 ? data.map(Math.fround) : data,
          integer: a.integer && b.integer,
          float32,
        });
        return;
      }
      case 'Neg':
      case 'Sqrt': {
        const a = t(0);
        result(a.shape, a.data.map(op === 'Neg' ? (x) => -x : Math.sqrt), a);
        return;
      }
      default:
        throw new StudioError(`${op} of constants cannot be folded`, SUPPORTED_OPS_HINT);
    }
  }
}

export function convertOnnx(model: onnx.ModelProto, options: ConvertOptions): ModelGraph {
  const graph = model.graph;
  if (!graph) throw new StudioError('the file has no graph', REEXPORT_HINT);
  const opset = opsetVersion(model);
  const converter = new Converter(graph, opset);
  const { layers, inputs, outputs } = converter.run();
  const metadata: Record<string, string> = {};
  if (model.producerName) metadata.producer = model.producerName;
  if (model.producerVersion) metadata.producer_version = model.producerVersion;
  metadata.opset = opset === null ? 'unknown' : String(opset);
  metadata.ir_version = String(toInt(model.irVersion, 'ir_version'));
  if (graph.name) metadata.graph_name = graph.name;
  const floatTaps = converter.floatTaps(layers);
  return { name: options.name, format: 'onnx', layers, inputs, outputs, metadata, floatTaps };
}
