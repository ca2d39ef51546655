/**
 * Keras wrapper layers (hls4ml-facts.md §2.1–2.2): the ones hls4ml rewrites into plain layers, and a clear
 * refusal for Bidirectional.
 *  - TimeDistributed(Dense/QDense): hls4ml expands the wrapper and runs the wrapped layer, under its own
 *    name, once per time step. That is the Dense applied over the last axis of the [T, F] input, which the
 *    converter emits as the pointwise Conv1D hls4ml uses for any Dense on a 2-D input. Element-wise wrapped
 *    layers (activations, dropout) are applied to the whole tensor.
 *  - EinsumDense whose equation is a matrix product over the last axis ('ab,bc->ac', '...b,bc->...c') with
 *    no bias or a bias on the output axis: a Dense. Other equations are refused.
 */
import { StudioError, quoteName } from '../../errors';
import { isObject, type KerasLayer } from './config';
import type { Ctx } from './convert';

export interface WrapperHost {
  err(message: string, hint?: string): StudioError;
  in0(ctx: Ctx): readonly number[];
  dense(ctx: Ctx): void;
  /** Convert a (synthesised) Keras layer as if it stood in the model. */
  layer(l: KerasLayer): void;
  /** The Keras name `keras` reads the output of the IR layer behind Keras name `ir`. */
  alias(keras: string, ir: string): void;
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

const TD_HINT =
  'HLS Studio maps TimeDistributed around Dense/QDense and element-wise layers (hls4ml expands the wrapper); ' +
  'apply the layer without the wrapper (a Dense on a [T, F] input acts per time step) or convert with hls4ml.';

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

/** Bidirectional RNNs need a kernel HLS Studio does not have yet: refused, naming what was wrapped. */
export function bidirectional(host: WrapperHost, ctx: Ctx): never {
  const inner = ctx.c.layer;
  const cls = isObject(inner) && typeof inner.class_name === 'string' ? inner.class_name : '?';
  const mode = typeof ctx.c.merge_mode === 'string' ? ctx.c.merge_mode : 'concat';
  throw host.err(
    `Bidirectional(${quoteName(cls)}) with merge_mode '${quoteName(mode)}' is not supported`,
    'HLS Studio has no bidirectional recurrent kernel yet (hls4ml has one, for Vivado/Vitis io_parallel); ' +
      'use a one-directional LSTM/GRU or convert this model with hls4ml itself.',
  );
}
