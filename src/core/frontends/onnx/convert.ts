/**
 * onnx.ModelProto → ModelGraph: one walk over the nodes in file order (ONNX requires topological order),
 * tracking for every tensor either the layer that computes it (with its batch-free shape) or the constant
 * that holds it. MatMul (or a bias-less Gemm) followed by an Add of a constant becomes one Dense layer.
 */
import { StudioError, asStudioError, quoteName } from '../../errors';
import type { ActivationFn, DenseLayer, FloatTensor, InputLayer, Layer, ModelGraph } from '../../ir/graph';
import { Attributes } from './attributes';
import { biasVector, inputMajorWeight } from './dense';
import type { onnx } from './gen/onnx.js';
import { safeInt, toInt } from './int64';
import { inputShape } from './inputs';
import { readFloatTensor } from './tensors';

type NodeProto = onnx.NodeProto.$Properties;
type GraphProto = onnx.GraphProto.$Properties;
type TensorProto = onnx.TensorProto.$Properties;

export const SUPPORTED_OPS_HINT =
  'Supported ONNX ops are Gemm, MatMul, Add (bias), Relu, Sigmoid, Tanh, Softmax; more arrive with the format issue. ' +
  'Re-export the model with only these ops or open an issue.';
const BUG_HINT = 'This looks like a bug in HLS Studio; please open an issue and attach the model file.';
const REEXPORT_HINT = 'The file may be damaged or hand-edited; re-export it with torch.onnx.export.';

const ACTIVATIONS: Readonly<Record<string, ActivationFn>> = {
  Relu: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
};
/** Constant and Identity produce no layer: they only name constants or alias tensors. */
const SUPPORTED = new Set([
  'Gemm',
  'MatMul',
  'Add',
  'Softmax',
  'Constant',
  'Identity',
  ...Object.keys(ACTIVATIONS),
]);

/** A tensor computed at run time: which layer produces it and its shape without the batch dimension. */
interface Value {
  readonly layer: string;
  readonly shape: readonly number[];
  /** Whether the ONNX tensor carries a leading batch dimension (its ONNX rank is shape.length + 1). */
  readonly batched: boolean;
}

export interface ConvertOptions {
  /** Model name for the graph (the file name without extension). */
  readonly name: string;
}

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

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

class Converter {
  private readonly layers: Layer[] = [];
  private readonly used = new Set<string>();
  private readonly values = new Map<string, Value>();
  private readonly constants = new Map<string, TensorProto>();
  /** Tensor name → indices of the nodes that read it. */
  private readonly consumers = new Map<string, number[]>();
  /** Add nodes already folded into the Dense layer before them. */
  private readonly fused = new Set<number>();
  private readonly graphOutputs: Set<string>;
  private readonly nodes: readonly NodeProto[];

  constructor(
    private readonly graph: GraphProto,
    private readonly opset: number | null,
  ) {
    this.nodes = graph.node ?? [];
    this.graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
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
      if (op === 'Constant' || this.fused.has(i)) return;
      atNode(nodeLabel(node, i), op, () => this.convertNode(node, i, op));
    });
    return { layers: this.layers, inputs, outputs: this.outputs() };
  }

  /** Refuse the model at its first unsupported node, before anything else can go wrong. */
  private checkOps(): void {
    this.nodes.forEach((node, i) => {
      const op = node.opType ?? '';
      if (isDefaultDomain(node.domain) && SUPPORTED.has(op)) return;
      const domain = isDefaultDomain(node.domain) ? '' : ` from domain '${quoteName(node.domain ?? '')}'`;
      throw new StudioError(`unsupported ONNX op '${quoteName(op)}'${domain}`, SUPPORTED_OPS_HINT, {
        node: nodeLabel(node, i),
        op,
      });
    });
  }

  private collectConstant(node: NodeProto): void {
    const attrs = new Attributes(node);
    const value = attrs.tensor('value');
    const out = node.output?.[0];
    if (!value || !out) {
      throw new StudioError(
        `Constant without a 'value' tensor (attributes: ${attrs.names().join(', ') || 'none'}) is not supported`,
        'Re-export the model with do_constant_folding=True so constants become initializers.',
      );
    }
    this.constants.set(out, { ...value, name: out });
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
        const { shape, batched } = inputShape(vi);
        const layer: InputLayer = {
          kind: 'Input',
          name: this.unique(tensorName || 'input'),
          inputs: [],
          outputShape: shape,
          source: { op: 'Input', node: tensorName },
        };
        this.define(tensorName, { layer: layer.name, shape, batched });
        this.layers.push(layer);
        names.push(layer.name);
      });
    }
    if (names.length === 0) {
      throw new StudioError('the model has no inputs (every graph input is an initializer)', REEXPORT_HINT);
    }
    return names;
  }

  private outputs(): string[] {
    const outs = this.graph.output ?? [];
    if (outs.length === 0) throw new StudioError('the model has no outputs', REEXPORT_HINT);
    return outs.map((o) => {
      const name = o.name ?? '';
      const v = this.values.get(name);
      if (v) return v.layer;
      const why = this.constants.has(name) ? 'is a constant' : 'is not produced by any node';
      throw new StudioError(`graph output '${quoteName(name)}' ${why}`, REEXPORT_HINT, {
        node: name,
        op: 'Output',
      });
    });
  }

  private define(tensor: string, v: Value): void {
    if (!tensor) throw new StudioError('a node output has an empty name', REEXPORT_HINT);
    if (this.values.has(tensor) || this.constants.has(tensor)) {
      throw new StudioError(`tensor '${quoteName(tensor)}' is produced twice`, REEXPORT_HINT);
    }
    this.values.set(tensor, v);
  }

  /** A computed (non-constant) input of a node. */
  private runtime(name: string | undefined, role: string): Value {
    const v = name ? this.values.get(name) : undefined;
    if (v) return v;
    if (name && this.constants.has(name)) {
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
    const v = name ? this.values.get(name) : undefined;
    if (v) {
      throw new StudioError(
        `${role} '${quoteName(name ?? '')}' is computed by layer '${quoteName(v.layer)}', not stored as a constant`,
        'Only constant weights are supported; re-export the model with its weights as initializers.',
      );
    }
    throw new StudioError(
      `${role} '${quoteName(name ?? '')}' is missing: it is not an initializer in the file`,
      'Re-export the model with its weights stored in the file (torch.onnx.export does this by default).',
    );
  }

  private convertNode(node: NodeProto, index: number, op: string): void {
    const label = nodeLabel(node, index);
    const out = node.output?.[0] ?? '';
    const source = { op, node: label };
    const activation = ACTIVATIONS[op];
    if (activation) {
      const x = this.runtime(node.input?.[0], `${op} input`);
      this.push(
        {
          kind: 'Activation',
          name: this.unique(label),
          inputs: [x.layer],
          outputShape: x.shape,
          source,
          activation,
        },
        out,
        x.batched,
      );
    } else if (op === 'Softmax') {
      const x = this.runtime(node.input?.[0], 'Softmax input');
      const axis = this.softmaxAxis(node, x);
      this.push(
        { kind: 'Softmax', name: this.unique(label), inputs: [x.layer], outputShape: x.shape, source, axis },
        out,
        x.batched,
      );
    } else if (op === 'Gemm' || op === 'MatMul') {
      this.dense(node, index, op);
    } else if (op === 'Identity') {
      const name = node.input?.[0] ?? '';
      const c = this.constants.get(name);
      if (c) this.constants.set(out, c);
      else this.define(out, this.runtime(name, 'Identity input'));
    } else if (op === 'Add') {
      const constant = (node.input ?? []).some((n) => this.constants.has(n));
      throw new StudioError(
        constant
          ? 'Add of a constant is supported only as the bias right after a MatMul (or a Gemm without bias)'
          : 'Add of two computed tensors (e.g. a residual connection) is not supported yet',
        SUPPORTED_OPS_HINT,
      );
    } else {
      throw new StudioError(`unsupported ONNX op '${quoteName(op)}'`, SUPPORTED_OPS_HINT); // checkOps catches these first
    }
  }

  private push(layer: Layer, out: string, batched: boolean): void {
    this.define(out, { layer: layer.name, shape: layer.outputShape, batched });
    this.layers.push(layer);
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
    if (axis !== rank - 1) {
      throw new StudioError(
        `Softmax over axis ${attr} of a tensor of shape ${fmt(x.shape)} is not supported; only the last axis is`,
        'Apply softmax over the last dimension (dim=-1).',
      );
    }
    return -1;
  }

  /** Gemm, or MatMul (+ Add of a constant) → one Dense layer. */
  private dense(node: NodeProto, index: number, op: string): void {
    const attrs = new Attributes(node);
    const inputs = node.input ?? [];
    const x = this.runtime(inputs[0], `${op} input A`);
    if (x.shape.length !== 1) {
      throw new StudioError(
        `${op} on an input of shape ${fmt(x.shape)} is not supported; Dense layers take flat inputs`,
        'Flatten the input before the linear layer.',
      );
    }
    const gemm = op === 'Gemm';
    if (gemm && attrs.int('transA', 0) !== 0) {
      throw new StudioError(
        'Gemm with transA=1 is not supported',
        'Re-export the model without transposing the input.',
      );
    }
    const transB = gemm ? attrs.int('transB', 0) : 0;
    if (transB !== 0 && transB !== 1)
      throw new StudioError(`Gemm transB=${transB} is invalid`, REEXPORT_HINT);
    const alpha = gemm ? attrs.float('alpha', 1) : 1;
    const beta = gemm ? attrs.float('beta', 1) : 1;

    const b = this.constant(inputs[1], `${op} weight B`);
    if (b.shape.length !== 2) {
      throw new StudioError(
        `${op} weight B has shape ${fmt(b.shape)}; a 2-D matrix is expected`,
        REEXPORT_HINT,
      );
    }
    const [rows, cols] = b.shape as [number, number];
    const k = transB ? cols : rows;
    const nOut = transB ? rows : cols;
    const nIn = x.shape[0] as number;
    if (k !== nIn) {
      throw new StudioError(
        `${op} weight B has shape ${fmt(b.shape)}${gemm ? ` (transB=${transB})` : ''}, so it expects ${k} input features, ` +
          `but its input has shape ${fmt(x.shape)}`,
        'The weight does not match the input; check the model and re-export it.',
      );
    }
    const weight = inputMajorWeight(b, transB === 1, alpha);

    let bias: FloatTensor | null = null;
    let out = node.output?.[0] ?? '';
    let sourceOp = op;
    if (gemm && inputs[2]) {
      bias = biasVector(this.constant(inputs[2], 'Gemm bias C'), nOut, beta, 'Gemm bias C');
    } else {
      const add = this.biasAddAfter(index, out);
      if (add) {
        bias = biasVector(
          this.constant(add.constant, 'Add bias'),
          nOut,
          1,
          `Add bias '${quoteName(add.constant)}'`,
        );
        this.fused.add(add.index);
        out = add.out;
        sourceOp = `${op}+Add`;
      }
    }
    const layer: DenseLayer = {
      kind: 'Dense',
      name: this.unique(nodeLabel(node, index)),
      inputs: [x.layer],
      outputShape: [nOut],
      source: { op: sourceOp, node: nodeLabel(node, index) },
      nIn,
      nOut,
      weight,
      bias,
    };
    this.push(layer, out, x.batched);
  }

  /** The Add that only adds a constant to `tensor`, when `tensor` is read by nothing else. */
  private biasAddAfter(
    index: number,
    tensor: string,
  ): { index: number; constant: string; out: string } | null {
    const readers = this.consumers.get(tensor) ?? [];
    if (this.graphOutputs.has(tensor) || readers.length !== 1) return null;
    const j = readers[0] as number;
    const add = this.nodes[j];
    if (!add || j <= index || add.opType !== 'Add' || !isDefaultDomain(add.domain)) return null;
    const ins = add.input ?? [];
    if (ins.length !== 2) return null;
    const other = ins[0] === tensor ? ins[1] : ins[0];
    const out = add.output?.[0];
    if (other === undefined || other === tensor || !this.constants.has(other) || !out) return null;
    return { index: j, constant: other, out };
  }
}

export function convertOnnx(model: onnx.ModelProto, options: ConvertOptions): ModelGraph {
  const graph = model.graph;
  if (!graph) throw new StudioError('the file has no graph', REEXPORT_HINT);
  const opset = opsetVersion(model);
  const { layers, inputs, outputs } = new Converter(graph, opset).run();
  const metadata: Record<string, string> = {};
  if (model.producerName) metadata.producer = model.producerName;
  if (model.producerVersion) metadata.producer_version = model.producerVersion;
  metadata.opset = opset === null ? 'unknown' : String(opset);
  metadata.ir_version = String(toInt(model.irVersion, 'ir_version'));
  if (graph.name) metadata.graph_name = graph.name;
  return { name: options.name, format: 'onnx', layers, inputs, outputs, metadata };
}
