/**
 * DepthwiseConv1D/2D and SeparableConv1D/2D in a oneAPI project (io_parallel): the config structs, the
 * calls and the weights, for hls/quartus_nnet_utils/nnet_depthconv.h. As hls4ml's oneAPI flow, a separable
 * convolution runs as its bias-free depthwise half (into a depthwise_result_t array) followed by a 1×1
 * convolution on the Resource strategy (conv_1d_cl / conv_2d_cl of nnet_conv.h). Weights are written in
 * hls4ml's oneAPI order: depthwise filter-major w[m·(cells·n_chan) + cell·n_chan + c] (its resource pass
 * transposes the (…kernel, n_chan, dm) kernel to (dm, …kernel, n_chan)), pointwise transposed w[f·n_in + i].
 * Quartus refuses both kinds before any of this runs (ir/quartusSupport.ts).
 */
import { StudioError } from '../../errors';
import { toAcType } from '../../fixed/format';
import { convAsDense, separableParts } from '../../ir/convView';
import type { DepthwiseConvLayer, Layer } from '../../ir/graph';
import { windowOf } from '../../emulate/window';
import { separablePointwiseReuse } from '../../emulate/intelDepthwise';
import { NO_BIAS_T } from '../../passes/inferPrecision';
import type { PlannedLayer, PlannedTensor, VivadoPlan } from '../vivado/plan';
import { writeSlotArray } from '../vivado/weightFiles';
import { weightText, zeroWeights } from '../vivado/writeWeights';
import { convWindowMembers, member } from '../vivado/text';

function bug(p: PlannedLayer, what: string): StudioError {
  return new StudioError(what, 'This is a bug in HLS Studio; please report it with the model.', {
    node: p.lowered.name,
    op: p.lowered.kind,
  });
}

function producerShape(plan: VivadoPlan, p: PlannedLayer): readonly number[] {
  const producer = plan.lowered.layers.find((l) => l.name === p.lowered.inputs[0]);
  if (!producer) throw bug(p, 'the convolution has no input layer');
  return producer.outputShape;
}

/** The depthwise config: geometry (1D = height 1), n_filt = n_chan·dm, and the three types. */
function depthConfig(
  name: string,
  layer: DepthwiseConvLayer,
  inShape: readonly number[],
  reuse: number,
  types: { accum: string; bias: string; weight: string },
): string[] {
  const g = windowOf(layer, inShape);
  const nFilt = layer.nChan * layer.depthMultiplier;
  return [
    `struct ${name} : nnet::depthconv_config {`,
    ...convWindowMembers(g),
    member('unsigned', 'n_filt', nFilt),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', reuse),
    `    typedef ${types.accum} accum_t;`,
    `    typedef ${types.bias} bias_t;`,
    `    typedef ${types.weight} weight_t;`,
  ];
}

/** The array between the two halves of a separable convolution. */
function midVar(p: PlannedLayer): string {
  return `layer${p.index}_dw_out`;
}

export function pointwiseVar(p: PlannedLayer): string {
  return `pw${p.index}`;
}

/** Config structs of a DepthwiseConv or SeparableConv layer (parameters.h). */
export function oneApiDepthwiseConfig(plan: VivadoPlan, p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  const t = p.typedefs;
  const inShape = producerShape(plan, p);
  if (layer.kind === 'DepthwiseConv') {
    return [
      ...depthConfig(p.configName!, layer, inShape, p.lowered.reuseFactor, {
        accum: t['accum_t']!.name,
        bias: t['bias_t']!.name,
        weight: t['weight_t']!.name,
      }),
      '};',
    ];
  }
  if (layer.kind !== 'SeparableConv') throw bug(p, 'not a depthwise or separable convolution');
  const { dw, pw } = separableParts(layer);
  const nMid = dw.nChan * dw.depthMultiplier;
  const g = windowOf(dw, inShape);
  const dense = convAsDense(pw);
  const rf = separablePointwiseReuse(layer, p.lowered.reuseFactor);
  const pwName = `${p.configName}_pointwise`;
  const pwTypes = [
    `    typedef ${t['pointwise_accum_t']!.name} accum_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['pointwise_t']!.name} weight_t;`,
  ];
  return [
    ...depthConfig(`${p.configName}_depthwise`, dw, inShape, p.lowered.reuseFactor, {
      accum: t['depthwise_accum_t']!.name,
      // hls4ml's split gives the depthwise half a zero bias of type ap_uint<1>.
      bias: toAcType(NO_BIAS_T),
      weight: t['depthwise_t']!.name,
    }),
    '    static const bias_t* zero_bias() {',
    `        static const bias_t t[${nMid}] = {${new Array<string>(nMid).fill('0').join(', ')}};`,
    '        return t;',
    '    }',
    '};',
    '',
    `struct ${pwName}_mult : nnet::dense_config {`,
    member('unsigned', 'n_in', dense.nIn),
    member('unsigned', 'n_out', dense.nOut),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', rf),
    member('unsigned', 'n_zeros', zeroWeights(dense)),
    member('unsigned', 'block_factor', Math.ceil((dense.nIn * dense.nOut) / rf)),
    ...pwTypes,
    '};',
    '',
    `struct ${pwName} : nnet::conv_config {`,
    member('unsigned', 'in_height', g.outH),
    member('unsigned', 'in_width', g.outW),
    member('unsigned', 'n_chan', nMid),
    member('unsigned', 'filt_height', 1),
    member('unsigned', 'filt_width', 1),
    member('unsigned', 'stride_height', 1),
    member('unsigned', 'stride_width', 1),
    member('unsigned', 'pad_top', 0),
    member('unsigned', 'pad_bottom', 0),
    member('unsigned', 'pad_left', 0),
    member('unsigned', 'pad_right', 0),
    member('unsigned', 'out_height', g.outH),
    member('unsigned', 'out_width', g.outW),
    member('unsigned', 'n_filt', pw.nFilt),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', rf),
    ...pwTypes,
    `    typedef ${pwName}_mult mult_config;`,
    '};',
  ];
}

export function oneApiDepthwiseInclude(layer: Layer): string {
  return layer.kind === 'SeparableConv' ? 'nnet_sepconv.h' : 'nnet_depthconv.h';
}

/** The call(s) of the layer in the network function; `v` names a tensor. */
export function oneApiDepthwiseCall(p: PlannedLayer, v: (t: PlannedTensor | null) => string): string {
  const layer = p.lowered.layer;
  const input = p.input;
  if (layer.kind === 'DepthwiseConv') {
    const types = `${input?.typeName}, ${p.output.typeName}, ${p.configName}`;
    return `nnet::depthwise_conv_${layer.rank}d_cl<${types}>(${v(input)}, ${v(p.output)}, ${p.weightVar}, ${p.biasVar});`;
  }
  if (layer.kind !== 'SeparableConv') throw bug(p, 'not a depthwise or separable convolution');
  const { dw } = separableParts(layer);
  const midT = p.typedefs['depthwise_result_t']!.name;
  const n = dw.outputShape.reduce((a, b) => a * b, 1);
  const dwCfg = `${p.configName}_depthwise`;
  const mid = midVar(p);
  return [
    `hls_register ${midT} ${mid}[${n}];`,
    `    nnet::depthwise_conv_${layer.rank}d_cl<${input?.typeName}, ${midT}, ${dwCfg}>(${v(input)}, ${mid}, ` +
      `${p.weightVar}, ${dwCfg}::zero_bias());`,
    `    nnet::conv_${layer.rank}d_cl<${midT}, ${p.output.typeName}, ${p.configName}_pointwise>(${mid}, ` +
      `${v(p.output)}, ${pointwiseVar(p)}, ${p.biasVar});`,
  ].join('\n');
}

/** Depthwise weights [...kernel, nChan, dm] → filter-major [dm][...kernel][nChan]. */
function filterMajor(layer: DepthwiseConvLayer): number[] {
  const C = layer.nChan;
  const dm = layer.depthMultiplier;
  const K = layer.weight.data.length / (C * dm);
  const out = new Array<number>(layer.weight.data.length);
  for (let k = 0; k < K; k++)
    for (let c = 0; c < C; c++)
      for (let m = 0; m < dm; m++) out[m * K * C + k * C + c] = layer.weight.data[(k * C + c) * dm + m]!;
  return out;
}

function texts(p: PlannedLayer, slot: string, values: readonly number[]): string[] {
  const t = p.typedefs[slot]!.type;
  return values.map((v, k) => {
    if (!Number.isFinite(v)) {
      throw new StudioError(
        `${slot.slice(0, -2)} ${k} is ${v}, which cannot be written as a fixed-point constant`,
        'Check the model file: the weights must be finite numbers.',
        { node: p.lowered.name, op: p.lowered.kind },
      );
    }
    return weightText(v, t);
  });
}

/**
 * Rewrites the weight arrays of the depthwise and separable layers (written in the Vivado order by the
 * shared writer) in hls4ml's oneAPI order; biases are unchanged.
 */
export function writeOneApiDepthwiseWeights(plan: VivadoPlan, files: Map<string, string>): void {
  for (const p of plan.layers) {
    const layer = p.lowered.layer;
    if (layer.kind === 'DepthwiseConv') {
      writeSlotArray(plan, p, files, p.weightVar!, 'weight_t', texts(p, 'weight_t', filterMajor(layer)));
    } else if (layer.kind === 'SeparableConv') {
      const { dw, pw } = separableParts(layer);
      writeSlotArray(plan, p, files, p.weightVar!, 'depthwise_t', texts(p, 'depthwise_t', filterMajor(dw)));
      const dense = convAsDense(pw);
      const transposed = new Array<number>(dense.nIn * dense.nOut);
      for (let i = 0; i < dense.nIn; i++)
        for (let j = 0; j < dense.nOut; j++)
          transposed[j * dense.nIn + i] = dense.weight.data[i * dense.nOut + j]!;
      writeSlotArray(plan, p, files, pointwiseVar(p), 'pointwise_t', texts(p, 'pointwise_t', transposed));
    }
  }
}
