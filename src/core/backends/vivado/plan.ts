/**
 * The Vivado project plan: every C++ name the writers use, derived once from the LoweredGraph.
 *
 * Names follow hls4ml's scheme and are built from layer indices, never from model names: typedefs
 * input_t / layer<N>_t / result_t, weight<N>_t, accum<N>_t, …, variables layer<N>_out, arrays w<N>/b<N>,
 * configs config<N> / relu_config<N> / softmax_config<N>, size macros N_INPUT_<d>_<k> / N_LAYER_<N>.
 * The only model-derived identifiers are the top-level input arguments (the Input layers' sanitized
 * cppName, renamed when it could clash) and the project name (sanitized config.projectName). Model names
 * reach the C++ only through commentText().
 */
import { KIND_SUPPORT, unsupportedKind } from '../../ir/kinds';
import { StudioError } from '../../errors';
import type { FixedType, TypeFamily } from '../../fixed/types';
import type { LoweredGraph, LoweredLayer } from '../../passes/lowered';
import { commentText, cppIdentifier } from '../sanitize';
import { timeStepPlan } from './timeDistributed';
import { checkStreamSupport } from './stream';

export interface SizeMacro {
  readonly name: string;
  readonly value: number;
}

/** One array in the top function: an input argument or a layer output. */
export interface PlannedTensor {
  readonly typeName: string;
  readonly type: FixedType;
  readonly varName: string;
  readonly macros: readonly SizeMacro[];
  /** C++ size expression, e.g. N_LAYER_2 or N_INPUT_1_1*N_INPUT_2_1. */
  readonly sizeExpr: string;
  readonly size: number;
}

export interface PlannedTypedef {
  readonly name: string;
  readonly type: FixedType;
  /** The slot in LoweredLayer.types, e.g. 'weight_t'. */
  readonly slot: string;
}

export interface SoftmaxShape {
  readonly nSlice: number;
  readonly nOuter: number;
  readonly nInner: number;
}

export interface PlannedLayer {
  readonly lowered: LoweredLayer;
  readonly index: number;
  /** commentText() of the model name, for comments only. */
  readonly comment: string;
  readonly output: PlannedTensor;
  /** The producer's tensor (null for Input layers). */
  readonly input: PlannedTensor | null;
  /** The second operand of Merge, Concatenate and Dot (null otherwise). */
  readonly input2: PlannedTensor | null;
  /** Config struct name (null for Input layers). */
  readonly configName: string | null;
  /** Layer-specific typedefs other than the result type, keyed by slot. */
  readonly typedefs: Readonly<Record<string, PlannedTypedef>>;
  readonly weightVar: string | null;
  readonly biasVar: string | null;
  readonly softmaxShape: SoftmaxShape | null;
  /** TimeDistributed: the loop's step count and the wrapped layer planned on one step (timeDistributed.ts). */
  readonly timeDistributed?: { readonly steps: number; readonly step: PlannedLayer };
}

export type PipelineStyle =
  { readonly kind: 'pipeline'; readonly ii: number | null } | { readonly kind: 'dataflow' };

export interface VivadoPlan {
  readonly lowered: LoweredGraph;
  readonly projectName: string;
  /** Layers in graph order, Input layers included. */
  readonly layers: readonly PlannedLayer[];
  readonly inputs: readonly PlannedTensor[];
  readonly outputs: readonly PlannedTensor[];
  readonly pipeline: PipelineStyle;
}

/** Identifiers of the C and C++ libraries that a global function or a local array must not take. */
const LIBRARY_NAMES = new Set(
  (
    'abort abs acos asin assert atan atan2 atexit atof atoi atol bsearch calloc ceil clock cos cosh div errno ' +
    'exit exp expf fabs fclose feof ferror fflush fgetc fgets floor fmod fopen fprintf fputc fputs fread free ' +
    'fscanf fseek ftell fwrite getc getchar getenv gets index j0 j1 jn labs ldexp linux log log10 logf malloc ' +
    'memcmp memcpy memmove memset modf perror pow printf putc putchar puts qsort raise rand realloc remove ' +
    'rename rewind rindex round scanf signal sin sinh size_t snprintf sprintf sqrt srand sscanf stderr stdin ' +
    'stdout strcat strchr strcmp strcpy strlen strncmp strncpy strtod strtof strtol system tan tanh tanhf time ' +
    'tmpfile trunc unix y0 y1 yn ap_fixed ap_ufixed ap_int ap_uint ap_fixed_base ap_int_base'
  ).split(' '),
);

/** True when `id` could clash with a name the writers generate, a macro, or a library name. */
function clashes(id: string): boolean {
  return (
    /_t$/.test(id) || // every typedef we write ends in _t
    !/[a-z]/.test(id) || // all-caps names may be macros (N_LAYER_2, EOF, …)
    /^layer\d+_out$/.test(id) ||
    /^([wbst]|pw|th|tl)\d+$/.test(id) || // weights, scales, biases, thresholds
    /^[wb]r\d+$/.test(id) || // recurrent kernel and bias arrays
    /config\d+$/.test(id) ||
    LIBRARY_NAMES.has(id)
  );
}

function safeIdentifier(id: string, suffix: string, used: Set<string>): string {
  let base = clashes(id) ? `${id}_${suffix}` : id;
  if (clashes(base)) base = `n_${base}`;
  let out = base;
  for (let k = 2; used.has(out); k++) out = `${base}_${k}`;
  used.add(out);
  return out;
}

/** The top function's name: config.projectName through the sanitizer, renamed if it could clash. */
export function projectIdentifier(projectName: string): string {
  return safeIdentifier(cppIdentifier(projectName), 'top', new Set());
}

function bug(message: string, l: LoweredLayer): StudioError {
  return new StudioError(message, 'This is a bug in HLS Studio; please report it with the model.', {
    node: l.name,
    op: l.kind,
  });
}

function typeSlot(l: LoweredLayer, slot: string): FixedType {
  const t = l.types[slot];
  if (!t) throw bug(`the ${slot} of this layer is not resolved`, l);
  return t;
}

/** Slots each kind needs in its config struct (result_t is handled separately). */
const REQUIRED_SLOTS: Readonly<Partial<Record<LoweredLayer['kind'], readonly string[]>>> = {
  Input: [],
  Dense: ['weight_t', 'bias_t', 'accum_t'],
  Activation: ['table_t'],
  Softmax: ['table_t', 'exp_table_t', 'inv_table_t', 'inv_inp_t', 'accum_t'],
  PReLU: ['param_t'],
  Merge: [],
  Concatenate: [],
  Dot: ['accum_t'],
  Embedding: ['embeddings_t'],
  UnaryLUT: ['table_t'],
  LayerNormalization: ['scale_t', 'bias_t', 'accum_t', 'table_t'],
  SimpleRNN: ['weight_t', 'bias_t', 'recurrent_weight_t', 'recurrent_bias_t', 'accum_t', 'table_t'],
  LSTM: ['weight_t', 'bias_t', 'recurrent_weight_t', 'recurrent_bias_t', 'accum_t', 'table_t'],
  GRU: ['weight_t', 'bias_t', 'recurrent_weight_t', 'recurrent_bias_t', 'accum_t', 'table_t'],
  Bidirectional: [
    ...['forward', 'backward'].flatMap((d) =>
      ['weight_t', 'bias_t', 'recurrent_weight_t', 'recurrent_bias_t'].map((s) => `${d}_${s}`),
    ),
    'accum_t',
    'table_t',
  ],
  Conv: ['weight_t', 'bias_t', 'accum_t'],
  DepthwiseConv: ['weight_t', 'bias_t', 'accum_t'],
  SeparableConv: [
    'depthwise_t',
    'pointwise_t',
    'bias_t',
    'depthwise_accum_t',
    'pointwise_accum_t',
    'depthwise_result_t',
  ],
  Pooling: ['accum_t'],
  GlobalPooling: ['accum_t'],
  BatchNormalization: ['scale_t', 'bias_t'],
};

/** Kinds that take two inputs. */
const TWO_INPUTS = new Set<LoweredLayer['kind']>(['Merge', 'Concatenate', 'Dot']);

function dimsOf(shape: readonly number[]): number[] {
  return shape.length === 0 ? [1] : [...shape];
}

function tensor(typeName: string, type: FixedType, varName: string, macros: SizeMacro[]): PlannedTensor {
  return {
    typeName,
    type,
    varName,
    macros,
    sizeExpr: macros.map((m) => m.name).join('*'),
    size: macros.reduce((a, m) => a * m.value, 1),
  };
}

function softmaxShape(l: LoweredLayer): SoftmaxShape {
  if (l.layer.kind !== 'Softmax') throw bug('not a softmax layer', l);
  const shape = dimsOf(l.outputShape);
  const rank = shape.length;
  const axis = l.layer.axis < 0 ? rank + l.layer.axis : l.layer.axis;
  if (axis < 0 || axis >= rank) {
    throw new StudioError(
      `softmax axis ${l.layer.axis} is outside the ${rank}-d output`,
      'Check the model.',
      {
        node: l.name,
        op: 'Softmax',
      },
    );
  }
  const nInner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  if (nInner !== 1) {
    throw new StudioError(
      'softmax over an axis other than the last one is not supported yet',
      'Apply the softmax on the last axis (channels-last).',
      { node: l.name, op: 'Softmax' },
    );
  }
  return { nSlice: shape[axis]!, nOuter: shape.slice(0, axis).reduce((a, b) => a * b, 1), nInner };
}

function configNameOf(l: LoweredLayer): string {
  switch (l.layer.kind) {
    case 'Input':
      throw bug('an Input layer has no config', l);
    case 'Dense':
      return `config${l.index}`;
    case 'Activation':
      return `${l.layer.activation}_config${l.index}`;
    case 'Softmax':
      return `softmax_config${l.index}`;
    case 'PReLU':
    case 'Merge':
    case 'Concatenate':
    case 'Dot':
    case 'Embedding':
    case 'FixedPointQuantizer':
    case 'UnaryLUT':
    case 'LayerNormalization':
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
    case 'Bidirectional':
      return `config${l.index}`;
    case 'Conv':
    case 'DepthwiseConv':
    case 'SeparableConv':
    case 'Pooling':
    case 'GlobalPooling':
    case 'BatchNormalization':
    case 'BatchNormalizationQuantizedTanh':
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
      return `config${l.index}`;
    default:
      throw unsupportedKind(l.layer, 'vivado');
  }
}

function pipelineStyle(g: LoweredGraph): PipelineStyle {
  const dense = g.layers.filter((l) => l.kind === 'Dense' || l.kind === 'Conv');
  if (dense.some((l) => l.strategy === 'resource')) return { kind: 'dataflow' };
  const unrolled = dense.filter((l) => l.strategy === 'resource_unrolled');
  if (unrolled.length > 0) return { kind: 'pipeline', ii: Math.max(...unrolled.map((l) => l.reuseFactor)) };
  return { kind: 'pipeline', ii: null };
}

/** `family` is the type family the backend writes: ap (Vivado, Vitis) or ac (Quartus reuses this plan). */
export function planProject(g: LoweredGraph, family: TypeFamily = 'ap'): VivadoPlan {
  for (const l of g.layers) {
    if (!KIND_SUPPORT[l.kind].stages.includes('vivado')) throw unsupportedKind(l.layer, 'vivado');
  }
  if (g.config.ioType === 'io_stream') checkStreamSupport(g);
  else if (g.config.ioType !== 'io_parallel') {
    throw new StudioError(
      `${String(g.config.ioType)} is not a known IO type`,
      'Choose io_parallel or io_stream.',
      {
        op: 'IOType',
      },
    );
  }
  if (g.family !== family) {
    throw new StudioError(
      `the ${g.config.backend} backend needs ${family}_fixed types`,
      `Lower the graph for ${g.config.backend}.`,
      { op: 'Backend' },
    );
  }
  const projectName = projectIdentifier(g.config.projectName);
  const inputOrdinal = new Map(g.inputs.map((n, k) => [n, k]));
  const outputOrdinal = new Map<string, number>();
  g.outputs.forEach((n, k) => {
    if (!outputOrdinal.has(n)) outputOrdinal.set(n, k);
  });
  const usedArgs = new Set<string>([projectName]);
  const byName = new Map<string, PlannedLayer>();
  const layers: PlannedLayer[] = [];

  for (const gl of g.layers) {
    // A TimeDistributed layer is planned as its wrapped layer on the whole tensor, then given its step.
    const l: LoweredLayer =
      gl.layer.kind === 'TimeDistributed' ? { ...gl, layer: gl.layer.inner, kind: gl.layer.inner.kind } : gl;
    const resultType = typeSlot(l, 'result_t');
    const dims = dimsOf(l.outputShape);
    let output: PlannedTensor;
    if (l.kind === 'Input') {
      const k = inputOrdinal.get(l.name);
      if (k === undefined) throw bug('an Input layer is not listed among the graph inputs', l);
      if (outputOrdinal.has(l.name)) {
        throw new StudioError(
          'a model input that is also a model output is not supported',
          'Remove the pass-through output from the model.',
          { node: l.name, op: l.kind },
        );
      }
      output = tensor(
        k === 0 ? 'input_t' : `input${k + 1}_t`,
        resultType,
        safeIdentifier(l.cppName, 'in', usedArgs),
        dims.map((v, d) => ({ name: `N_INPUT_${d + 1}_${k + 1}`, value: v })),
      );
    } else {
      const k = outputOrdinal.get(l.name);
      const typeName = k === undefined ? `layer${l.index}_t` : k === 0 ? 'result_t' : `result${k + 1}_t`;
      const macros =
        dims.length === 1
          ? [{ name: `N_LAYER_${l.index}`, value: dims[0]! }]
          : dims.map((v, d) => ({ name: `N_LAYER_${d + 1}_${l.index}`, value: v }));
      output = tensor(typeName, resultType, `layer${l.index}_out`, macros);
    }

    let input: PlannedTensor | null = null;
    let input2: PlannedTensor | null = null;
    if (l.kind !== 'Input') {
      const arity = TWO_INPUTS.has(l.kind) ? 2 : 1;
      if (l.inputs.length !== arity) throw bug(`expected ${arity} input(s), found ${l.inputs.length}`, l);
      const srcs = l.inputs.map((n) => byName.get(n));
      if (srcs.some((src) => !src)) throw bug('the input layer comes after this layer or does not exist', l);
      input = srcs[0]!.output;
      input2 = srcs[1]?.output ?? null;
    }

    const typedefs: Record<string, PlannedTypedef> = {};
    for (const slot of REQUIRED_SLOTS[l.kind] ?? []) {
      typedefs[slot] = { name: `${slot.slice(0, -2)}${l.index}_t`, type: typeSlot(l, slot), slot };
    }
    // BatchNormalizationQuantizedTanh: threshold_t (binary) or threshold_hi_t and threshold_lo_t (ternary).
    const thresholdSlots =
      l.layer.kind !== 'BatchNormalizationQuantizedTanh'
        ? []
        : l.layer.quantize === 'binary'
          ? ['threshold_t']
          : ['threshold_hi_t', 'threshold_lo_t'];
    for (const slot of thresholdSlots) {
      typedefs[slot] = { name: `${slot.slice(0, -2)}${l.index}_t`, type: typeSlot(l, slot), slot };
    }
    let shape: SoftmaxShape | null = null;
    if (l.layer.kind === 'Softmax') {
      shape = softmaxShape(l);
      if (l.softmax?.implementation === 'stable') {
        typedefs['inp_norm_t'] = {
          name: `inp_norm${l.index}_t`,
          type: typeSlot(l, 'inp_norm_t'),
          slot: 'inp_norm_t',
        };
      }
    }
    if (l.layer.kind === 'Dense') {
      const nIn = input?.size ?? 0;
      if (l.layer.nIn !== nIn || l.layer.nOut !== output.size) {
        throw bug(
          `Dense ${l.layer.nIn}→${l.layer.nOut} does not match its tensors (${nIn}→${output.size})`,
          l,
        );
      }
    }
    const planned: PlannedLayer = {
      lowered: l,
      index: l.index,
      comment: commentText(l.name),
      output,
      input,
      input2,
      configName: l.kind === 'Input' ? null : configNameOf(l),
      typedefs,
      weightVar:
        l.kind === 'Dense' ||
        l.kind === 'Conv' ||
        l.kind === 'DepthwiseConv' ||
        l.kind === 'SeparableConv' ||
        l.kind === 'PReLU' ||
        l.kind === 'Embedding' ||
        l.kind === 'UnaryLUT'
          ? `w${l.index}`
          : l.kind === 'BatchNormalization' || l.kind === 'LayerNormalization'
            ? `s${l.index}`
            : l.layer.kind === 'BatchNormalizationQuantizedTanh'
              ? `${l.layer.quantize === 'binary' ? 't' : 'th'}${l.index}`
              : null,
      biasVar:
        l.kind === 'Dense' ||
        l.kind === 'Conv' ||
        l.kind === 'DepthwiseConv' ||
        l.kind === 'SeparableConv' ||
        l.kind === 'BatchNormalization' ||
        l.kind === 'LayerNormalization'
          ? `b${l.index}`
          : l.layer.kind === 'BatchNormalizationQuantizedTanh' && l.layer.quantize === 'ternary'
            ? `tl${l.index}`
            : null,
      softmaxShape: shape,
    };
    const done = gl === l ? planned : timeStepPlan(planned, gl);
    layers.push(done);
    byName.set(l.name, done);
  }

  const inputs = g.inputs.map((n) => {
    const p = byName.get(n);
    if (!p)
      throw new StudioError(`model input '${commentText(n)}' has no layer`, 'Check the model.', { node: n });
    return p.output;
  });
  const outputs = [...outputOrdinal.keys()].map((n) => {
    const p = byName.get(n);
    if (!p)
      throw new StudioError(`model output '${commentText(n)}' has no layer`, 'Check the model.', { node: n });
    return p.output;
  });
  if (outputs.length === 0) {
    throw new StudioError('the model has no outputs', 'Check the model.', { op: 'outputs' });
  }
  return { lowered: g, projectName, layers, inputs, outputs, pipeline: pipelineStyle(g) };
}
