/**
 * Every layer kind and which stages support it. A kind is added in one place per stage; this table is
 * what the studio and the docs show, and what refuses a layer with a clear message until its stage
 * supports it.
 */
import { StudioError } from '../errors';
import type { Layer, LayerKind } from './graph';

export type Stage = 'emulator' | 'vivado';

export interface KindSupport {
  /** Precision slots the layer exposes (config keys without the _t). */
  readonly slots: readonly string[];
  /** Stages that handle this kind today. */
  readonly stages: readonly Stage[];
}

const RESULT = ['result'];
const WEIGHTED = ['result', 'weight', 'bias', 'accum'];

export const KIND_SUPPORT: Readonly<Record<LayerKind, KindSupport>> = {
  Input: { slots: RESULT, stages: ['emulator', 'vivado'] },
  Dense: { slots: WEIGHTED, stages: ['emulator', 'vivado'] },
  Activation: { slots: ['result', 'table', 'param'], stages: ['emulator', 'vivado'] },
  PReLU: { slots: ['result', 'param'], stages: ['emulator', 'vivado'] },
  Softmax: {
    slots: ['result', 'table', 'exp_table', 'inv_table', 'inv_inp', 'accum'],
    stages: ['emulator', 'vivado'],
  },
  Conv: { slots: WEIGHTED, stages: ['emulator', 'vivado'] },
  DepthwiseConv: { slots: WEIGHTED, stages: ['emulator', 'vivado'] },
  SeparableConv: {
    slots: [
      'result',
      'depthwise',
      'pointwise',
      'bias',
      'depthwise_accum',
      'pointwise_accum',
      'depthwise_result',
    ],
    stages: ['emulator', 'vivado'],
  },
  Pooling: { slots: ['result', 'accum'], stages: ['emulator', 'vivado'] },
  GlobalPooling: { slots: ['result', 'accum'], stages: ['emulator', 'vivado'] },
  BatchNormalization: { slots: ['result', 'scale', 'bias'], stages: ['emulator', 'vivado'] },
  // Made by merge_batch_norm_quantized_tanh; binary has threshold_t, ternary threshold_hi_t/threshold_lo_t.
  BatchNormalizationQuantizedTanh: {
    slots: ['result', 'threshold', 'threshold_hi', 'threshold_lo'],
    stages: ['emulator', 'vivado'],
  },
  LayerNormalization: {
    slots: ['result', 'scale', 'bias', 'accum', 'table'],
    stages: ['emulator', 'vivado'],
  },
  Merge: { slots: RESULT, stages: ['emulator', 'vivado'] },
  Concatenate: { slots: RESULT, stages: ['emulator', 'vivado'] },
  Dot: { slots: ['result', 'accum'], stages: ['emulator', 'vivado'] },
  Reshape: { slots: RESULT, stages: ['emulator', 'vivado'] },
  Transpose: { slots: RESULT, stages: ['emulator', 'vivado'] },
  ZeroPadding: { slots: RESULT, stages: ['emulator', 'vivado'] },
  Cropping: { slots: RESULT, stages: ['emulator', 'vivado'] },
  Resize: { slots: RESULT, stages: ['emulator', 'vivado'] },
  Embedding: { slots: ['result', 'embeddings'], stages: ['emulator', 'vivado'] },
  SimpleRNN: {
    slots: ['result', 'weight', 'bias', 'recurrent_weight', 'recurrent_bias', 'accum', 'table'],
    stages: ['emulator', 'vivado'],
  },
  LSTM: {
    slots: ['result', 'weight', 'bias', 'recurrent_weight', 'recurrent_bias', 'accum', 'table'],
    stages: ['emulator', 'vivado'],
  },
  GRU: {
    slots: ['result', 'weight', 'bias', 'recurrent_weight', 'recurrent_bias', 'accum', 'table'],
    stages: ['emulator', 'vivado'],
  },
  // hls4ml's Bidirectional: forward_/backward_ weight types per direction, one accum_t/table_t/result_t.
  Bidirectional: {
    slots: [
      'result',
      ...['forward', 'backward'].flatMap((d) =>
        ['weight', 'bias', 'recurrent_weight', 'recurrent_bias'].map((s) => `${d}_${s}`),
      ),
      'accum',
      'table',
    ],
    stages: ['emulator', 'vivado'],
  },
  FixedPointQuantizer: { slots: RESULT, stages: ['emulator', 'vivado'] },
  // hls4ml forces result_t to table_t (resolve_config does too).
  UnaryLUT: { slots: ['result', 'table'], stages: ['emulator', 'vivado'] },
  // The wrapped layer's slots (slotsOf); hls4ml configures the wrapped node under its own class.
  TimeDistributed: { slots: RESULT, stages: ['emulator', 'vivado'] },
};

/** hls4ml's IR class name of a layer (what LayerType config keys use, e.g. Conv2D, Pooling1D). */
export function hlsClassOf(layer: Layer): string {
  switch (layer.kind) {
    case 'Conv':
      return `Conv${layer.rank}D`;
    case 'DepthwiseConv':
      return `DepthwiseConv${layer.rank}D`;
    case 'SeparableConv':
      return `SeparableConv${layer.rank}D`;
    case 'Pooling':
      return `Pooling${layer.rank}D`;
    case 'GlobalPooling':
      return `GlobalPooling${layer.rank}D`;
    case 'ZeroPadding':
      return `ZeroPadding${layer.rank}D`;
    case 'Cropping':
      return `Cropping${layer.rank}D`;
    default:
      return layer.kind;
  }
}

const STAGE_NAMES: Readonly<Record<Stage, string>> = {
  emulator: 'the fixed-point emulator',
  vivado: 'the Vivado backend',
};

/** The error a stage gives for a layer kind it does not handle yet. */
export function unsupportedKind(layer: Layer, stage: Stage): StudioError {
  const supported = (Object.keys(KIND_SUPPORT) as LayerKind[]).filter((k) =>
    KIND_SUPPORT[k].stages.includes(stage),
  );
  return new StudioError(
    `${hlsClassOf(layer)} layers are not supported by ${STAGE_NAMES[stage]} yet`,
    `It handles ${supported.join(', ')} today; the graph still shows the layer.`,
    { node: layer.name, op: layer.source.op },
  );
}

/** Activations that carry a parameter (hls4ml's ParametrizedActivation family): they have a param_t. */
const PARAMETRIZED = new Set(['leaky_relu', 'thresholded_relu', 'elu']);

/** The precision slots of one layer: its kind's, less param_t on activations without a parameter. */
export function slotsOf(layer: Layer): readonly string[] {
  if (layer.kind === 'TimeDistributed') return slotsOf(layer.inner);
  if (layer.kind === 'BatchNormalizationQuantizedTanh') {
    return layer.quantize === 'binary' ? ['result', 'threshold'] : ['result', 'threshold_hi', 'threshold_lo'];
  }
  return slotsFor(layer.kind, layer.kind === 'Activation' ? layer.activation : undefined);
}

/** slotsOf from a kind and (for activations) the function's name, for views that carry no IR layer. */
export function slotsFor(kind: LayerKind, activation?: string): readonly string[] {
  const slots = KIND_SUPPORT[kind].slots;
  if (kind === 'Activation' && !PARAMETRIZED.has(activation ?? '')) return slots.filter((s) => s !== 'param');
  return slots;
}
