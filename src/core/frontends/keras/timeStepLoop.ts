/**
 * TimeDistributed around a layer whose window would cross time steps (convolutions, pooling, padding,
 * cropping, upsampling): hls4ml expands the wrapper into a loop over the first axis that copies one step
 * in, runs the wrapped layer on it and copies its output back (its time_distributed template). Here the
 * wrapped layer is converted on the per-step shape and kept inside a TimeDistributed IR layer under its
 * own name; an activation the wrapped layer carries acts per element and is applied to the whole output.
 */
import { quoteName } from '../../errors';
import type { Layer, LayerKind } from '../../ir/graph';
import type { KerasLayer } from './config';
import type { Ctx } from './convert';
import type { WrapperHost } from './wrappers';

/** Keras classes run per time step. */
export const LOOPED_CLASSES =
  /^(Q?(Conv|DepthwiseConv|SeparableConv)[12]D|QConv2DBatchnorm|(Max|Average|Avg)Pool(ing)?[12]D|Global(Max|Average|Avg)Pool(ing)?[12]D|ZeroPadding[12]D|Cropping[12]D|UpSampling[12]D)$/;

/** IR kinds the loop may hold (those whose kernels and C++ configs take their shapes from the input). */
const LOOPED_KINDS = new Set<LayerKind>([
  'Conv',
  'DepthwiseConv',
  'SeparableConv',
  'Pooling',
  'GlobalPooling',
  'ZeroPadding',
  'Cropping',
  'Resize',
]);

export function timeStepLoop(
  host: WrapperHost,
  ctx: Ctx,
  wrapped: KerasLayer,
  shape: readonly number[],
): void {
  const steps = shape[0] as number;
  const made = host.stepLayers(wrapped, shape.slice(1), ctx.l);
  const [first, ...rest] = made;
  if (!first || !LOOPED_KINDS.has(first.kind) || rest.some((r) => r.kind !== 'Activation')) {
    throw host.err(
      `TimeDistributed(${quoteName(wrapped.className)}) became ${made.map((m) => m.kind).join(' + ') || 'nothing'}, which HLS Studio cannot run per time step`,
      'Apply the layer to each time step in a model of its own, or convert with hls4ml.',
    );
  }
  const input = host.input(ctx);
  const inner: Layer = { ...first, inputs: [input] };
  host.add({
    kind: 'TimeDistributed',
    name: first.name,
    inputs: [input],
    outputShape: [steps, ...first.outputShape],
    source: host.source(ctx),
    ...(first.quantized ? { quantized: first.quantized } : {}),
    timeSteps: steps,
    inner,
  });
  for (const r of rest) host.add({ ...r, outputShape: [steps, ...r.outputShape] });
}
