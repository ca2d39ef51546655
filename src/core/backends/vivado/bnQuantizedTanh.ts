/**
 * Vivado/Vitis emission of BatchNormalizationQuantizedTanh (passes/bnQuantizedTanh.ts): the config struct,
 * the call (normalize_binary_tanh / normalize_ternary_tanh of hls/nnet_utils/nnet_batchnorm_quantized_tanh.h,
 * with io_stream overloads in nnet_batchnorm_quantized_tanh_stream.h), and the threshold arrays, printed
 * like every weight in the input's type (the values are already on its grid).
 */
import { StudioError } from '../../errors';
import type { PlannedLayer, VivadoPlan } from './plan';
import { writeSlotArray } from './weightFiles';
import { weightText } from './writeWeights';
import { member } from './text';

export const BNQ_HEADER = 'nnet_batchnorm_quantized_tanh.h';
export const BNQ_STREAM_HEADER = 'nnet_batchnorm_quantized_tanh_stream.h';

function bnq(p: PlannedLayer) {
  const layer = p.lowered.layer;
  if (layer.kind !== 'BatchNormalizationQuantizedTanh') {
    throw new StudioError('not a BatchNormalizationQuantizedTanh layer', 'This is a bug in HLS Studio.', {
      node: p.lowered.name,
      op: p.lowered.kind,
    });
  }
  return layer;
}

/** The threshold arrays: [variable, slot, values]; plan.ts names them t<N>, or th<N> and tl<N>. */
function arrays(p: PlannedLayer): [string, string, ArrayLike<number>][] {
  const layer = bnq(p);
  if (layer.thresholdLo === null) return [[p.weightVar!, 'threshold_t', layer.threshold.data]];
  return [
    [p.weightVar!, 'threshold_hi_t', layer.threshold.data],
    [p.biasVar!, 'threshold_lo_t', layer.thresholdLo.data],
  ];
}

export function bnQuantizedTanhConfig(p: PlannedLayer): string[] {
  const layer = bnq(p);
  return [
    `struct ${p.configName} : nnet::batchnorm_quantized_tanh_config {`,
    member('unsigned', 'n_in', p.output.size),
    member('unsigned', 'n_filt', layer.threshold.data.length),
    // set_fifo_depths gives every io_stream layer a depth, io_parallel ones none.
    member('unsigned', 'io_type', p.lowered.fifoDepth === null ? 'nnet::io_parallel' : 'nnet::io_stream'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    member('bool', 'binary_ge', layer.binaryGe ? 'true' : 'false'),
    ...arrays(p).map(([, slot]) => `    typedef ${p.typedefs[slot]!.name} ${slot};`),
    '};',
  ];
}

export function bnQuantizedTanhCall(p: PlannedLayer, types: string, io: string): string {
  const layer = bnq(p);
  const vars = arrays(p).map(([v]) => v);
  return `nnet::normalize_${layer.quantize}_tanh<${types}>(${io}, ${vars.join(', ')});`;
}

export function writeBnQuantizedTanhWeights(
  plan: VivadoPlan,
  p: PlannedLayer,
  files: Map<string, string>,
): void {
  for (const [varName, slot, data] of arrays(p)) {
    const type = p.typedefs[slot]!.type;
    const texts = Array.from(data, (v) => weightText(v, type));
    writeSlotArray(plan, p, files, varName, slot, texts);
  }
}
