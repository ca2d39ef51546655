/**
 * Keras wrapper layers (hls4ml-facts.md §2.1–2.2): the ones hls4ml rewrites into plain layers, and
 * Bidirectional(LSTM|GRU), which hls4ml maps to its Bidirectional layer.
 *  - TimeDistributed(Dense/QDense): hls4ml expands the wrapper and runs the wrapped layer, under its own
 *    name, once per time step (its time_distributed loop copies each step in and out unchanged). That is
 *    the Dense applied over the last axis of the [T, F] input, which the converter emits as the pointwise
 *    Conv1D hls4ml uses for any Dense on a 2-D input. Wrapped layers that act per element or per feature
 *    of the last axis (activations, dropout, BatchNormalization: one scale and bias per channel, one
 *    rounding) and the pure data moves (Flatten, Reshape, Permute of one step) give the same numbers on
 *    the whole [T, …] tensor, so they become that layer with the time axis added. Layers whose window
 *    would cross time steps (convolutions, pooling, padding, …) run in hls4ml's loop over time steps
 *    (timeStepLoop.ts); other wrapped classes (recurrent layers, embeddings, …) are refused.
 *  - EinsumDense whose equation is a matrix product over the last axis ('ab,bc->ac', '...b,bc->...c') with
 *    no bias or a bias on the output axis: a Dense. Other equations are refused.
 */
import { StudioError, quoteName } from '../../errors';
import type { BidirectionalLayer, Layer, RecurrentLayer } from '../../ir/graph';
import { isObject, type Json, type JsonObject, type KerasLayer } from './config';
import type { Ctx } from './convert';
import { splitDirections, type LayerWeights } from './weights';
import { LOOPED_CLASSES, timeStepLoop } from './timeStepLoop';

export interface WrapperHost {
  err(message: string, hint?: string): StudioError;
  in0(ctx: Ctx): readonly number[];
  dense(ctx: Ctx): void;
  /** Convert a (synthesised) Keras layer as if it stood in the model, its weights stored under `weightsFrom`. */
  layer(l: KerasLayer, weightsFrom?: KerasLayer): void;
  /** The IR layers of `l` converted on one time step of `stepShape`, not yet in the model. */
  stepLayers(l: KerasLayer, stepShape: readonly number[], weightsFrom: KerasLayer): Layer[];
  /** The Keras name `keras` reads the output of the IR layer behind Keras name `ir`. */
  alias(keras: string, ir: string): void;
  weightsOf(l: KerasLayer): LayerWeights;
  /** A SimpleRNN / LSTM / GRU as IR, from `ctx` (its config and class) and the given weights. */
  recurrentLayer(ctx: Ctx, ws: LayerWeights, name: string): RecurrentLayer;
  add(layer: Layer, kerasName?: string): void;
  input(ctx: Ctx): string;
  source(ctx: Ctx): { op: string; node: string };
}

/** Wrapped classes that act element by element, so the wrapper changes nothing. */
const ELEMENTWISE = new Set([
  'Activation',
  'QActivation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'ThresholdedReLU',
  'Dropout',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
]);

/** Wrapped classes that are a data move of one time step: the same move with the time axis kept first. */
const PER_STEP_MOVES = new Set(['Flatten', 'Reshape', 'Permute']);
const PER_FEATURE = new Set(['BatchNormalization', 'QBatchNormalization']);

const TD_HINT =
  'HLS Studio maps TimeDistributed around Dense/QDense, BatchNormalization, Flatten/Reshape/Permute, ' +
  'element-wise layers, and (in a loop over time steps, as hls4ml) convolutions, pooling, padding, cropping ' +
  'and upsampling. Apply the layer to each time step in a model of its own, or convert with hls4ml.';

/** The dims of a per-step data move, restated for the tensor with its time axis in front. */
function withTimeAxis(
  cls: string,
  config: JsonObject,
  step: readonly number[],
  t: number,
): { className: string; config: JsonObject } {
  if (cls === 'Flatten') {
    return {
      className: 'Reshape',
      config: { ...config, target_shape: [t, step.reduce((a, b) => a * b, 1)] },
    };
  }
  if (cls === 'Reshape') {
    const target = config.target_shape ?? null;
    return {
      className: cls,
      config: { ...config, target_shape: Array.isArray(target) ? [t, ...target] : target },
    };
  }
  const dims = config.dims ?? null;
  const shifted = Array.isArray(dims) ? [1, ...dims.map((d) => (typeof d === 'number' ? d + 1 : d))] : dims;
  return { className: cls, config: { ...config, dims: shifted } };
}

/** A per-step normalization axis (the step's batch axis is 0) as an axis of the whole tensor. */
function shiftAxis(axis: Json | undefined): Json {
  const one = (a: Json): Json => (typeof a === 'number' && a >= 0 ? a + 1 : a);
  if (axis === undefined) return -1;
  return Array.isArray(axis) ? axis.map(one) : one(axis);
}

export function timeDistributed(host: WrapperHost, ctx: Ctx): void {
  const inner = ctx.c.layer;
  if (!isObject(inner) || typeof inner.class_name !== 'string' || !isObject(inner.config))
    throw host.err(
      'the TimeDistributed wrapper does not say which layer it wraps',
      'Save the model again with Keras.',
    );
  const cls = inner.class_name;
  const shape = host.in0(ctx);
  if (shape.length < 2)
    throw host.err(`TimeDistributed needs an input with a time axis, got [${shape.join(', ')}]`, TD_HINT);
  const name = typeof inner.config.name === 'string' ? inner.config.name : `${ctx.l.name}_${cls}`;
  const wrapped: KerasLayer = {
    className: cls,
    name,
    config: inner.config,
    inbound: ctx.l.inbound,
    scope: ctx.l.scope,
    ...(ctx.l.scopeClasses ? { scopeClasses: ctx.l.scopeClasses } : {}),
  };
  if (cls === 'Dense' || cls === 'QDense') {
    host.dense({ ...ctx, l: wrapped, c: inner.config, cls, weightsFrom: ctx.l });
  } else if (ELEMENTWISE.has(cls)) {
    host.layer(wrapped);
  } else if (PER_FEATURE.has(cls)) {
    host.layer({ ...wrapped, config: { ...inner.config, axis: shiftAxis(inner.config.axis) } }, ctx.l);
  } else if (PER_STEP_MOVES.has(cls)) {
    host.layer({ ...wrapped, ...withTimeAxis(cls, inner.config, shape.slice(1), shape[0] as number) });
  } else if (LOOPED_CLASSES.test(cls)) {
    timeStepLoop(host, ctx, wrapped, shape);
  } else {
    throw host.err(`TimeDistributed(${quoteName(cls)}) is not supported`, TD_HINT);
  }
  host.alias(ctx.l.name, name);
}

const EINSUM_HINT =
  'hls4ml maps other equations to its EinsumDense kernel, which HLS Studio does not have yet; ' +
  'rewrite the layer as Dense (with Reshape/Permute around it) or convert with hls4ml itself.';

/** The EinsumDense as a Dense, or a clear refusal. */
export function einsumDense(host: WrapperHost, ctx: Ctx): void {
  const eq = typeof ctx.c.equation === 'string' ? ctx.c.equation.replace(/\s+/g, '') : '';
  const m = /^([a-zA-Z.]+),([a-zA-Z]{2})->([a-zA-Z.]+)$/.exec(eq);
  const biasAxes = ctx.c.bias_axes;
  const shape = host.in0(ctx);
  const dense = ((): boolean => {
    if (!m) return false;
    const [, lhs, rhs, out] = m as unknown as [string, string, string, string];
    const [x, y] = [rhs[0] as string, rhs[1] as string];
    const prefix = lhs.slice(0, -1);
    if (!lhs.endsWith(x) || out !== `${prefix}${y}` || prefix.includes(x) || prefix.includes(y)) return false;
    if (prefix !== '...' && !/^[a-zA-Z]+$/.test(prefix)) return false;
    // Letters name the batch axis too: 'ab,bc->ac' takes a 1-D sample, 'abc,cd->abd' a 2-D one.
    if (prefix !== '...' && prefix.length !== shape.length) return false;
    return biasAxes === null || biasAxes === undefined || biasAxes === '' || biasAxes === y;
  })();
  if (!dense)
    throw host.err(
      `EinsumDense equation '${quoteName(eq || '?')}'${biasAxes ? ` with bias_axes '${quoteName(String(biasAxes))}'` : ''} is not a Dense`,
      EINSUM_HINT,
    );
  const os = ctx.c.output_shape;
  const units = Array.isArray(os) ? os[os.length - 1] : os;
  if (typeof units !== 'number' || !Number.isInteger(units) || units <= 0)
    throw host.err(
      `EinsumDense output_shape ${JSON.stringify(os) ?? 'missing'} does not give the output size`,
      'Save the model again with Keras.',
    );
  const useBias = typeof biasAxes === 'string' && biasAxes !== '';
  host.dense({ ...ctx, c: { ...ctx.c, units, use_bias: useBias, activation: ctx.c.activation ?? null } });
}

const BIDIRECTIONAL_HINT =
  "hls4ml's Bidirectional wraps LSTM or GRU (each direction may be either); use one of them or convert with hls4ml.";
const MERGE_MODES = new Set(['concat', 'sum', 'mul', 'ave']);

function innerLayer(
  host: WrapperHost,
  v: Json | undefined,
  what: string,
): { cls: string; config: JsonObject } {
  if (!isObject(v) || typeof v.class_name !== 'string' || !isObject(v.config))
    throw host.err(
      `the Bidirectional wrapper does not say which ${what} it wraps`,
      'Save the model again with Keras.',
    );
  return { cls: v.class_name, config: v.config };
}

/**
 * Bidirectional(LSTM|GRU) → one Bidirectional IR layer holding both directions. The backward layer is the
 * config's backward_layer when present (Keras 3 always writes it), else a copy of the forward one. Each
 * direction's weights come from its own sub-group (weights.ts: forward/…, backward/…).
 */
export function bidirectional(host: WrapperHost, ctx: Ctx): void {
  const fwd = innerLayer(host, ctx.c.layer, 'layer');
  const bwd = isObject(ctx.c.backward_layer) ? innerLayer(host, ctx.c.backward_layer, 'backward layer') : fwd;
  const mode = ctx.c.merge_mode === undefined ? 'concat' : ctx.c.merge_mode;
  for (const d of [fwd, bwd]) {
    if (d.cls !== 'LSTM' && d.cls !== 'GRU')
      throw host.err(`Bidirectional(${quoteName(d.cls)}) is not supported`, BIDIRECTIONAL_HINT);
  }
  if (typeof mode !== 'string' || !MERGE_MODES.has(mode))
    throw host.err(
      `Bidirectional merge_mode ${mode === null ? 'None' : `'${quoteName(String(mode))}'`} is not supported`,
      "hls4ml supports merge_mode 'concat' only; save the model with the default merge mode.",
    );
  if (fwd.config.go_backwards === true)
    throw host.err(
      'a Bidirectional whose forward layer has go_backwards=True is not supported',
      'Save the model with go_backwards=False on the wrapped layer (Keras flips it for the backward one).',
    );
  if ((fwd.config.return_sequences === true) !== (bwd.config.return_sequences === true))
    throw host.err(
      'the forward and backward layers of the Bidirectional disagree on return_sequences',
      'Give both the same return_sequences.',
    );
  const ws = splitDirections(host.weightsOf(ctx.l));
  const direction = (d: { cls: string; config: JsonObject }, dir: 'forward' | 'backward'): RecurrentLayer => {
    const name = typeof d.config.name === 'string' ? d.config.name : `${dir}_${d.cls.toLowerCase()}`;
    // The wrapper reverses the input itself: the direction's own go_backwards is not applied again.
    const c = { ...d.config, go_backwards: false };
    return host.recurrentLayer({ ...ctx, c, cls: d.cls }, ws[dir], name);
  };
  const forward = direction(fwd, 'forward');
  const backward = direction(bwd, 'backward');
  const shape = host.in0(ctx);
  const width = mode === 'concat' ? forward.units + backward.units : forward.units;
  if (mode !== 'concat' && forward.units !== backward.units)
    throw host.err(
      `Bidirectional merge_mode '${mode}' needs directions of equal units (${forward.units} and ${backward.units})`,
      'Check the model.',
    );
  const layer: BidirectionalLayer = {
    kind: 'Bidirectional',
    name: ctx.l.name,
    mergeMode: mode as BidirectionalLayer['mergeMode'],
    returnSequences: forward.returnSequences,
    forward,
    backward,
    inputs: [host.input(ctx)],
    outputShape: forward.returnSequences ? [shape[0] as number, width] : [width],
    source: host.source(ctx),
  };
  host.add(layer, ctx.l.name);
}
