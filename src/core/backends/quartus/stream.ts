/**
 * io_stream for the Quartus writer: the component's streaming ports, the internal streams and clones,
 * and the call of each layer's stream kernel (hls/quartus_stream_utils, shipped as firmware/nnet_utils).
 *
 * A tensor travels as words of nnet::array<T, N>: one pixel's channels (the last axis) for a tensor of two
 * or more axes, the whole vector for a 1-d one — hls4ml's io_stream layout. Each model input arrives on a
 * `stream_in` port and each output leaves on a `stream_out` port (ihc:: streams under i++, our FIFO under
 * g++); a tensor read by more than one layer is cloned into one stream per reader, as hls4ml's
 * clone_output pass does. Layer configurations are the io_parallel ones (parameters.h), with io_type
 * io_stream and, for global pooling, the accum_t that hls4ml's stream kernel sums in.
 */
import { StudioError } from '../../errors';
import { quartusStreamRefusal } from '../../ir/quartusStreamSupport';
import type { IntelBackend } from '../../ir/quartusSupport';
import type { LoweredGraph } from '../../passes/lowered';
import { paramValue } from '../../emulate/paramActivations';
import { uniqueIdentifiers } from '../sanitize';
import { doubleLiteral } from '../vivado/paramActivations';
import type { PlannedLayer, PlannedTensor, VivadoPlan } from '../vivado/plan';
import { layerComment } from '../vivado/text';

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Values per word of a tensor of this shape. */
export function quartusPack(shape: readonly number[]): number {
  return shape.length > 1 ? shape[shape.length - 1]! : product(shape);
}

/** Refuses, naming the layer and kind, everything Quartus io_stream does not generate. */
export function checkQuartusStream(g: LoweredGraph, backend: IntelBackend = 'Quartus'): void {
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  for (const l of g.layers) {
    const refusal = quartusStreamRefusal(
      l.layer,
      l.outputShape,
      l.inputs.map((n) => byName.get(n)?.outputShape ?? []),
      l.softmax?.implementation ?? null,
      backend,
    );
    if (refusal) throw refusal;
  }
  if (new Set(g.outputs).size !== g.outputs.length) {
    throw new StudioError(
      'a tensor listed twice among the model outputs cannot be streamed',
      'Choose io_parallel, or list each output once.',
      { op: 'IOType' },
    );
  }
}

function bug(p: PlannedLayer, what: string): StudioError {
  return new StudioError(what, 'This is a bug in HLS Studio; please report it with the model.', {
    node: p.lowered.name,
    op: p.lowered.kind,
  });
}

/** The word type of a tensor. */
export function wordType(t: PlannedTensor, shape: readonly number[]): string {
  return `nnet::array<${t.typeName}, ${quartusPack(shape)}>`;
}

/** A stream (or port) type for a tensor, with the capacity of the whole tensor in words. */
export function streamType(
  kind: 'stream' | 'stream_in' | 'stream_out',
  t: PlannedTensor,
  shape: readonly number[],
): string {
  return `nnet::${kind}<${wordType(t, shape)}, ${t.size / quartusPack(shape)}>`;
}

interface StreamTensor {
  readonly tensor: PlannedTensor;
  readonly shape: readonly number[];
  readonly word: string;
  readonly words: number;
  /** The stream the producer writes (the port for a model input, or an output read by nobody else). */
  readonly source: string;
  /** One stream per reader (a clone array), or null when the single reader takes `source`. */
  readonly copies: string | null;
  readonly readers: number;
  readonly isOutput: boolean;
}

/** Every tensor's streams, keyed by the producing layer's name. */
function streamTensors(plan: VivadoPlan): Map<string, StreamTensor> {
  const g = plan.lowered;
  const readers = new Map<string, number>();
  for (const l of g.layers) for (const n of l.inputs) readers.set(n, (readers.get(n) ?? 0) + 1);
  const reserved = [plan.projectName, ...plan.layers.flatMap((p) => [p.output.varName, p.output.typeName])];
  const cloned = plan.layers.filter((p) => {
    const r = readers.get(p.lowered.name) ?? 0;
    return r + (plan.outputs.includes(p.output) ? 1 : 0) > 1;
  });
  const names = uniqueIdentifiers(
    cloned.flatMap((p) => [`${p.output.varName}_src`, `${p.output.varName}_cpy`]),
    reserved,
  );
  const out = new Map<string, StreamTensor>();
  for (const p of plan.layers) {
    const t = p.output;
    const shape = p.lowered.outputShape;
    const isOutput = plan.outputs.includes(t);
    const r = readers.get(p.lowered.name) ?? 0;
    const k = cloned.indexOf(p);
    const src = k >= 0 && isOutput ? names[2 * k]! : t.varName;
    out.set(p.lowered.name, {
      tensor: t,
      shape,
      word: wordType(t, shape),
      words: t.size / quartusPack(shape),
      source: src,
      copies: k >= 0 ? names[2 * k + 1]! : null,
      readers: r,
      isOutput,
    });
  }
  return out;
}

export function streamPorts(plan: VivadoPlan): string[] {
  const shapes = new Map(plan.layers.map((p) => [p.output, p.lowered.outputShape]));
  return [
    ...plan.inputs.map((t) => `${streamType('stream_in', t, shapes.get(t)!)} &${t.varName}`),
    ...plan.outputs.map((t) => `${streamType('stream_out', t, shapes.get(t)!)} &${t.varName}`),
  ];
}

/** The body of the streaming component: declarations, clones and one kernel call per layer. */
export function streamBody(plan: VivadoPlan): string[] {
  const tensors = streamTensors(plan);
  const taken = new Map<string, number>();
  /** The stream the next reader of `name` takes. */
  const readFrom = (p: PlannedLayer, name: string | undefined): { s: string; t: StreamTensor } => {
    const t = name === undefined ? undefined : tensors.get(name);
    if (!t || name === undefined) throw bug(p, 'a layer input is missing');
    if (t.copies === null) return { s: t.source, t };
    const k = taken.get(name) ?? 0;
    taken.set(name, k + 1);
    return { s: `${t.copies}[${k}]`, t };
  };
  const lines: string[] = [];
  const cloneLines = (t: StreamTensor): string[] => {
    if (t.copies === null) return [];
    const n = t.readers + (t.isOutput ? 1 : 0);
    const res = [
      `    ${streamType('stream', t.tensor, t.shape)} ${t.copies}[${n}];`,
      `    nnet::clone_stream<${t.word}, ${t.words}, ${n}>(${t.source}, ${t.copies});`,
    ];
    if (t.isOutput) {
      res.push(`    nnet::copy_stream<${t.word}, ${t.words}>(${t.copies}[${n - 1}], ${t.tensor.varName});`);
    }
    return res;
  };
  for (const p of plan.layers) {
    const t = tensors.get(p.lowered.name)!;
    if (p.lowered.kind === 'Input') {
      const c = cloneLines(t);
      if (c.length) lines.push(`    ${layerComment(p.index, p.comment, p.lowered.kind)}`, ...c, '');
      continue;
    }
    lines.push(`    ${layerComment(p.index, p.comment, p.lowered.kind)}`);
    if (!t.isOutput || t.copies !== null) {
      lines.push(`    ${streamType('stream', t.tensor, t.shape)} ${t.source};`);
    }
    const a = readFrom(p, p.lowered.inputs[0]);
    const b = p.lowered.inputs.length > 1 ? readFrom(p, p.lowered.inputs[1]) : null;
    lines.push(`    ${streamCall(plan, p, a, b, t)}`, ...cloneLines(t), '');
  }
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const ACT_OPS: Readonly<Record<string, string>> = {
  linear: 'act_linear',
  relu: 'act_relu',
  hard_sigmoid: 'act_hard_sigmoid',
  hard_tanh: 'act_hard_tanh',
  softsign: 'act_softsign',
  softplus: 'act_softplus_stream',
  selu: 'act_selu_stream',
  binary_tanh: 'act_binary_tanh',
  sigmoid: 'act_sigmoid_stream',
  tanh: 'act_tanh_stream',
  ternary_tanh: 'act_ternary_tanh_stream',
};

function streamCall(
  plan: VivadoPlan,
  p: PlannedLayer,
  a: { s: string; t: StreamTensor },
  b: { s: string; t: StreamTensor } | null,
  out: StreamTensor,
): string {
  const words = `${a.t.word}, ${out.word}`;
  const cfg = p.configName;
  const io = `${a.s}, ${out.source}`;
  const layer = p.lowered.layer;
  switch (layer.kind) {
    case 'Dense':
      return `nnet::dense_stream<${words}, ${cfg}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'Conv':
      return `nnet::conv_stream<${words}, ${cfg}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'Activation': {
      const act = layer.activation;
      if (act === 'leaky_relu' || act === 'thresholded_relu' || act === 'elu') {
        const op = act === 'elu' ? 'act_elu_stream' : `act_${act}`;
        return (
          `nnet::activation_param_stream<${words}, ${cfg}, nnet::${op}>` +
          `(${a.s}, ${doubleLiteral(paramValue(layer))}, ${out.source});`
        );
      }
      const op = ACT_OPS[act];
      if (!op) throw bug(p, `no Quartus stream kernel for ${act}`);
      return `nnet::activation_stream<${words}, ${cfg}, nnet::${op}>(${io});`;
    }
    case 'Softmax': {
      const impl = p.lowered.softmax?.implementation ?? 'stable';
      const op = impl === 'legacy' ? 'act_softmax_legacy_stream' : `act_softmax_${impl}`;
      return `nnet::activation_stream<${words}, ${cfg}, nnet::${op}>(${io});`;
    }
    case 'PReLU':
      return `nnet::prelu_stream<${words}, ${cfg}>(${a.s}, ${p.weightVar}, ${out.source});`;
    case 'BatchNormalization':
      return `nnet::normalize_stream<${words}, ${cfg}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'Pooling':
      return `nnet::pooling_stream<${words}, ${cfg}>(${io});`;
    case 'GlobalPooling':
      return `nnet::global_pooling_stream<${words}, ${cfg}>(${io});`;
    case 'Reshape':
      return `nnet::reshape_stream<${words}, ${cfg}>(${io});`;
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
      return `nnet::gather_stream<${words}, ${cfg}>(${io});`;
    case 'Embedding':
      return `nnet::embedding_stream<${words}, ${cfg}>(${io}, ${p.weightVar});`;
    case 'GRU': {
      const k = p.index;
      return `nnet::gru_stream<${words}, ${cfg}>(${io}, w${k}, wr${k}, b${k}, br${k});`;
    }
    case 'Merge':
    case 'Concatenate': {
      if (!b) throw bug(p, 'a second input is missing');
      const three = `${a.t.word}, ${b.t.word}, ${out.word}, ${cfg}`;
      const args = `${a.s}, ${b.s}, ${out.source}`;
      return layer.kind === 'Merge'
        ? `nnet::merge_stream<${three}, nnet::merge_${layer.op}>(${args});`
        : `nnet::concatenate_stream<${three}>(${args});`;
    }
    default:
      throw bug(p, `no Quartus stream call for ${p.lowered.kind} (${plan.projectName})`);
  }
}

/** Stream headers per kind, beside the io_parallel ones the stream kernels build on. */
export function streamInclude(p: PlannedLayer): string | null {
  switch (p.lowered.kind) {
    case 'Dense':
    case 'Conv':
      return 'nnet_dense_stream.h';
    case 'Activation':
    case 'PReLU':
    case 'Softmax':
      return 'nnet_activation_stream.h';
    case 'Pooling':
    case 'GlobalPooling':
      return 'nnet_pooling_stream.h';
    case 'BatchNormalization':
    case 'Merge':
    case 'Concatenate':
    case 'Reshape':
      return 'nnet_merge_stream.h';
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
    case 'Embedding':
      return 'nnet_gather_stream.h';
    case 'GRU':
      return 'nnet_recurrent_stream.h';
    default:
      return null;
  }
}
