/**
 * Vivado emission of the spatial kinds (io_parallel): Conv (1D/2D, latency and resource through the dense
 * kernels), Pooling, GlobalPooling, BatchNormalization, Reshape, Transpose, ZeroPadding, Cropping. Config
 * structs for parameters.h, the call in the top function, and the batch norm's scale/bias arrays. The
 * templates are hls/nnet_utils/nnet_{conv1d,conv2d,pooling,batchnorm,padding,transpose}.h.
 */
import { StudioError } from '../../errors';
import { convAsDense, separableParts } from '../../ir/convView';
import type { DepthwiseConvLayer, LayerKind } from '../../ir/graph';
import { windowOf } from '../../emulate/window';
import type { LoweredStrategy } from '../../passes/lowered';
import type { PlannedLayer, VivadoPlan } from './plan';
import { writeSlotArray } from './weightFiles';
import { weightText, zeroWeights } from './writeWeights';
import { denseProduct } from '../../passes/denseProduct';
import { member } from './text';

export const SPATIAL_KINDS: ReadonlySet<LayerKind> = new Set<LayerKind>([
  'Conv',
  'DepthwiseConv',
  'SeparableConv',
  'Pooling',
  'GlobalPooling',
  'BatchNormalization',
  'Reshape',
  'Transpose',
  'ZeroPadding',
  'Cropping',
  'Resize',
]);

const STRATEGY_ENUM: Readonly<Record<LoweredStrategy, string>> = {
  latency: 'nnet::latency',
  resource: 'nnet::resource',
  resource_unrolled: 'nnet::resource_unrolled',
};

const HEADERS: Readonly<Partial<Record<LayerKind, string>>> = {
  DepthwiseConv: 'nnet_depthwise.h',
  SeparableConv: 'nnet_sepconv.h',
  Pooling: 'nnet_pooling.h',
  GlobalPooling: 'nnet_pooling.h',
  BatchNormalization: 'nnet_batchnorm.h',
  Reshape: 'nnet_transpose.h',
  Transpose: 'nnet_transpose.h',
  ZeroPadding: 'nnet_padding.h',
  Cropping: 'nnet_padding.h',
  Resize: 'nnet_image.h',
};

function fail(p: PlannedLayer, message: string): StudioError {
  return new StudioError(message, 'Check the model: the layer does not fit its input.', {
    node: p.lowered.name,
    op: p.lowered.kind,
  });
}

/** The producer's output shape, from its size macros. */
function inputShape(p: PlannedLayer): number[] {
  if (!p.input) throw fail(p, 'the layer has no input');
  return p.input.macros.map((m) => m.value);
}

/** The #include lines for the spatial kinds present. */
export function spatialIncludes(plan: VivadoPlan): string[] {
  const out = new Set<string>();
  for (const p of plan.layers) {
    const l = p.lowered.layer;
    if (l.kind === 'Conv') out.add(l.rank === 1 ? 'nnet_conv1d.h' : 'nnet_conv2d.h');
    const h = HEADERS[l.kind];
    if (h) out.add(h);
  }
  return [...out].sort().map((h) => `#include "nnet_utils/${h}"`);
}

function convConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Conv') throw fail(p, 'not a convolution');
  const g = windowOf(layer, inputShape(p));
  const dense = convAsDense(layer);
  const rf = p.lowered.reuseFactor;
  const nZeros = zeroWeights(dense);
  const multiplierLimit = Math.ceil((dense.nIn * dense.nOut) / rf) - Math.floor(nZeros / rf);
  const t = p.typedefs;
  const types = [
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['weight_t']!.name} weight_t;`,
  ];
  const mult = `${p.configName}_mult`;
  const common = [
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'strategy', STRATEGY_ENUM[p.lowered.strategy]),
    member('unsigned', 'reuse_factor', rf),
  ];
  const geometry =
    layer.rank === 1
      ? [
          `struct ${p.configName} : nnet::conv1d_config {`,
          member('unsigned', 'in_width', g.inW),
          member('unsigned', 'n_chan', g.chan),
          member('unsigned', 'out_width', g.outW),
          member('unsigned', 'n_filt', layer.nFilt),
          member('unsigned', 'filt_width', g.kw),
          member('unsigned', 'stride_width', g.sw),
          member('unsigned', 'dilation', g.dw),
          member('unsigned', 'pad_left', g.padLeft),
          member('unsigned', 'pad_right', g.padRight),
        ]
      : [
          `struct ${p.configName} : nnet::conv2d_config {`,
          member('unsigned', 'in_height', g.inH),
          member('unsigned', 'in_width', g.inW),
          member('unsigned', 'n_chan', g.chan),
          member('unsigned', 'out_height', g.outH),
          member('unsigned', 'out_width', g.outW),
          member('unsigned', 'n_filt', layer.nFilt),
          member('unsigned', 'filt_height', g.kh),
          member('unsigned', 'filt_width', g.kw),
          member('unsigned', 'stride_height', g.sh),
          member('unsigned', 'stride_width', g.sw),
          member('unsigned', 'dilation_height', g.dh),
          member('unsigned', 'dilation_width', g.dw),
          member('unsigned', 'pad_top', g.padTop),
          member('unsigned', 'pad_bottom', g.padBottom),
          member('unsigned', 'pad_left', g.padLeft),
          member('unsigned', 'pad_right', g.padRight),
        ];
  return [
    `struct ${mult} : nnet::dense_config {`,
    member('unsigned', 'n_in', dense.nIn),
    member('unsigned', 'n_out', dense.nOut),
    member('unsigned', 'n_weights', dense.nIn * dense.nOut),
    member('unsigned', 'n_zeros', nZeros),
    ...common,
    member('unsigned', 'multiplier_limit', multiplierLimit),
    member('bool', 'store_weights_in_bram', 'false'),
    ...types,
    '    typedef ap_uint<1> index_t;',
    // hls4ml's product for the weight type: weight_ternary for int<2> weights, else mult.
    `    template <class x_T, class w_T> using product = nnet::product::${denseProduct(dense, t['weight_t']!.type)}<x_T, w_T>;`,
    '};',
    '',
    ...geometry,
    ...common,
    ...types,
    `    typedef ${mult} mult_config;`,
    '};',
  ];
}

function poolingConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Pooling') throw fail(p, 'not a pooling layer');
  const g = windowOf(layer, inputShape(p));
  if (g.dh !== 1 || g.dw !== 1) throw fail(p, 'pooling with dilation is not supported');
  const tail = [
    member('unsigned', 'pool_op', layer.op === 'max' ? 'nnet::Max' : 'nnet::Average'),
    member('bool', 'count_pad', layer.countPad ? 'true' : 'false'),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${p.typedefs['accum_t']!.name} accum_t;`,
    '};',
  ];
  if (layer.rank === 1) {
    return [
      `struct ${p.configName} : nnet::pooling1d_config {`,
      member('unsigned', 'n_in', g.inW),
      member('unsigned', 'n_filt', g.chan),
      member('unsigned', 'n_out', g.outW),
      member('unsigned', 'pool_width', g.kw),
      member('unsigned', 'stride_width', g.sw),
      member('unsigned', 'pad_left', g.padLeft),
      member('unsigned', 'pad_right', g.padRight),
      ...tail,
    ];
  }
  return [
    `struct ${p.configName} : nnet::pooling2d_config {`,
    member('unsigned', 'in_height', g.inH),
    member('unsigned', 'in_width', g.inW),
    member('unsigned', 'n_filt', g.chan),
    member('unsigned', 'out_height', g.outH),
    member('unsigned', 'out_width', g.outW),
    member('unsigned', 'pool_height', g.kh),
    member('unsigned', 'pool_width', g.kw),
    member('unsigned', 'stride_height', g.sh),
    member('unsigned', 'stride_width', g.sw),
    member('unsigned', 'pad_top', g.padTop),
    member('unsigned', 'pad_bottom', g.padBottom),
    member('unsigned', 'pad_left', g.padLeft),
    member('unsigned', 'pad_right', g.padRight),
    ...tail,
  ];
}

function padCropConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'ZeroPadding' && layer.kind !== 'Cropping') throw fail(p, 'not a padding layer');
  const shape = inputShape(p);
  const two = layer.rank === 2;
  if (shape.length !== layer.rank + 1)
    throw fail(p, `a ${layer.rank}D layer needs a ${layer.rank + 1}-d input`);
  const [h, w, c] = two ? [shape[0]!, shape[1]!, shape[2]!] : [1, shape[0]!, shape[1]!];
  const e = layer.kind === 'ZeroPadding' ? layer.pads : layer.crops;
  const top = two ? (e[0] ?? 0) : 0;
  const bottom = two ? (e[1] ?? 0) : 0;
  const left = e[two ? 2 : 0] ?? 0;
  const right = e[two ? 3 : 1] ?? 0;
  const pad = layer.kind === 'ZeroPadding';
  const oh = pad ? h + top + bottom : h - top - bottom;
  const ow = pad ? w + left + right : w - left - right;
  if (oh < 1 || ow < 1 || oh * ow * c !== p.output.size) throw fail(p, 'the output shape does not match');
  return [
    `struct ${p.configName} : nnet::${pad ? 'padding2d_config' : 'cropping2d_config'} {`,
    member('unsigned', 'in_height', h),
    member('unsigned', 'in_width', w),
    member('unsigned', 'n_chan', c),
    member('unsigned', 'out_height', oh),
    member('unsigned', 'out_width', ow),
    member('unsigned', pad ? 'pad_top' : 'crop_top', top),
    member('unsigned', pad ? 'pad_left' : 'crop_left', left),
    '};',
  ];
}

function transposeConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Transpose') throw fail(p, 'not a transpose');
  const shape = inputShape(p);
  const perm = layer.perm;
  if (perm.length !== shape.length || perm.length > 3 || [...perm].sort().some((v, k) => v !== k)) {
    throw new StudioError(
      `transpose [${perm.join(', ')}] of a ${shape.length}-d tensor is not supported`,
      'The Vivado template transposes tensors of up to three axes.',
      { node: p.lowered.name, op: p.lowered.kind },
    );
  }
  // Pad to three axes with leading size-1 axes.
  const k = 3 - shape.length;
  const dims = [...new Array<number>(k).fill(1), ...shape];
  const fullPerm = [...Array.from({ length: k }, (_, d) => d), ...perm.map((v) => v + k)];
  return [
    `struct ${p.configName} : nnet::transpose_config {`,
    ...dims.map((v, d) => member('unsigned', `dim${d}`, v)),
    ...fullPerm.map((v, d) => member('unsigned', `perm${d}`, v)),
    member('unsigned', 'n_in', dims[0]! * dims[1]! * dims[2]!),
    '};',
  ];
}

/** The name of a SeparableConv's pointwise weight array. */
export function pointwiseVar(p: PlannedLayer): string {
  return `pw${p.index}`;
}

function depthwiseConfig(
  p: PlannedLayer,
  layer: DepthwiseConvLayer,
  name: string,
  types: { accum: string; bias: string; weight: string },
): string[] {
  const g = windowOf(layer, inputShape(p));
  if (g.chan !== layer.nChan) throw fail(p, `expected ${layer.nChan} input channels, found ${g.chan}`);
  return [
    `struct ${name} : nnet::depthwise2d_config {`,
    member('unsigned', 'in_height', g.inH),
    member('unsigned', 'in_width', g.inW),
    member('unsigned', 'n_chan', g.chan),
    member('unsigned', 'depth_multiplier', layer.depthMultiplier),
    member('unsigned', 'out_height', g.outH),
    member('unsigned', 'out_width', g.outW),
    member('unsigned', 'filt_height', g.kh),
    member('unsigned', 'filt_width', g.kw),
    member('unsigned', 'stride_height', g.sh),
    member('unsigned', 'stride_width', g.sw),
    member('unsigned', 'dilation_height', g.dh),
    member('unsigned', 'dilation_width', g.dw),
    member('unsigned', 'pad_top', g.padTop),
    member('unsigned', 'pad_bottom', g.padBottom),
    member('unsigned', 'pad_left', g.padLeft),
    member('unsigned', 'pad_right', g.padRight),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${types.accum} accum_t;`,
    `    typedef ${types.bias} bias_t;`,
    `    typedef ${types.weight} weight_t;`,
    '    template <class x_T, class w_T> using product = nnet::product::mult<x_T, w_T>;',
    '};',
  ];
}

function separableConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'SeparableConv') throw fail(p, 'not a separable convolution');
  const { dw, pw } = separableParts(layer);
  const t = p.typedefs;
  const g = windowOf(dw, inputShape(p));
  const nMid = dw.nChan * dw.depthMultiplier;
  const dwName = `${p.configName}_depthwise`;
  const pwName = `${p.configName}_pointwise`;
  const mult = `${pwName}_mult`;
  const pwTypes = [
    `    typedef ${t['pointwise_accum_t']!.name} accum_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['pointwise_t']!.name} weight_t;`,
  ];
  const nZeros = zeroWeights(convAsDense(pw));
  return [
    ...depthwiseConfig(p, dw, dwName, {
      accum: t['depthwise_accum_t']!.name,
      bias: t['bias_t']!.name,
      weight: t['depthwise_t']!.name,
    }),
    '',
    `struct ${mult} : nnet::dense_config {`,
    member('unsigned', 'n_in', nMid),
    member('unsigned', 'n_out', pw.nFilt),
    member('unsigned', 'n_weights', nMid * pw.nFilt),
    member('unsigned', 'n_zeros', nZeros),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'strategy', 'nnet::latency'),
    member('unsigned', 'reuse_factor', 1),
    member('unsigned', 'multiplier_limit', nMid * pw.nFilt - nZeros),
    member('bool', 'store_weights_in_bram', 'false'),
    ...pwTypes,
    '    typedef ap_uint<1> index_t;',
    '    template <class x_T, class w_T> using product = nnet::product::mult<x_T, w_T>;',
    '};',
    '',
    `struct ${pwName} : nnet::conv2d_config {`,
    member('unsigned', 'in_height', g.outH),
    member('unsigned', 'in_width', g.outW),
    member('unsigned', 'n_chan', nMid),
    member('unsigned', 'out_height', g.outH),
    member('unsigned', 'out_width', g.outW),
    member('unsigned', 'n_filt', pw.nFilt),
    member('unsigned', 'filt_height', 1),
    member('unsigned', 'filt_width', 1),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'strategy', 'nnet::latency'),
    member('unsigned', 'reuse_factor', 1),
    ...pwTypes,
    `    typedef ${mult} mult_config;`,
    '};',
    '',
    `struct ${p.configName} : nnet::separable_config {`,
    `    typedef ${dwName} depthwise_config;`,
    `    typedef ${pwName} pointwise_config;`,
    `    typedef ${t['depthwise_result_t']!.name} dw_res_t;`,
    '};',
  ];
}

export function spatialConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  switch (layer.kind) {
    case 'Conv':
      return convConfig(p);
    case 'DepthwiseConv':
      return depthwiseConfig(p, layer, p.configName!, {
        accum: p.typedefs['accum_t']!.name,
        bias: p.typedefs['bias_t']!.name,
        weight: p.typedefs['weight_t']!.name,
      });
    case 'SeparableConv':
      return separableConfig(p);
    case 'Pooling':
      return poolingConfig(p);
    case 'GlobalPooling': {
      const shape = inputShape(p);
      const chan = shape[shape.length - 1] ?? 1;
      return [
        `struct ${p.configName} : nnet::global_pooling_config {`,
        member('unsigned', 'n_pixels', p.input!.size / chan),
        member('unsigned', 'n_filt', chan),
        member('unsigned', 'pool_op', layer.op === 'max' ? 'nnet::Max' : 'nnet::Average'),
        member('unsigned', 'io_type', 'nnet::io_parallel'),
        member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
        `    typedef ${p.typedefs['accum_t']!.name} accum_t;`,
        '};',
      ];
    }
    case 'BatchNormalization':
      return [
        `struct ${p.configName} : nnet::batchnorm_config {`,
        member('unsigned', 'n_in', p.output.size),
        member('unsigned', 'n_filt', layer.scale.data.length),
        member('unsigned', 'io_type', 'nnet::io_parallel'),
        member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
        `    typedef ${p.typedefs['scale_t']!.name} scale_t;`,
        `    typedef ${p.typedefs['bias_t']!.name} bias_t;`,
        '};',
      ];
    case 'Reshape':
      if (p.input!.size !== p.output.size) throw fail(p, 'a reshape must keep the number of values');
      return [
        `struct ${p.configName} : nnet::reshape_config {`,
        member('unsigned', 'n_in', p.output.size),
        '};',
      ];
    case 'Transpose':
      return transposeConfig(p);
    case 'ZeroPadding':
    case 'Cropping':
      return padCropConfig(p);
    case 'Resize': {
      if (layer.method !== 'nearest') {
        throw new StudioError(
          `${layer.method} resize is not supported: hls4ml's templates resize by nearest neighbour only`,
          'Use nearest-neighbour resizing (UpSampling with interpolation="nearest").',
          { node: p.lowered.name, op: p.lowered.kind },
        );
      }
      const shape = inputShape(p);
      if (shape.length !== layer.rank + 1)
        throw fail(p, `a ${layer.rank}D resize needs a ${layer.rank + 1}-d input`);
      const [h, w, c] = layer.rank === 2 ? [shape[0]!, shape[1]!, shape[2]!] : [1, shape[0]!, shape[1]!];
      const out = layer.outputShape;
      const [oh, ow] = layer.rank === 2 ? [out[0] ?? 0, out[1] ?? 0] : [1, out[0] ?? 0];
      if (oh * ow * c !== p.output.size) throw fail(p, 'the output shape does not match');
      return [
        `struct ${p.configName} : nnet::resize_config {`,
        member('unsigned', 'height', h),
        member('unsigned', 'width', w),
        member('unsigned', 'n_chan', c),
        member('unsigned', 'new_height', oh),
        member('unsigned', 'new_width', ow),
        '};',
      ];
    }
    default:
      throw fail(p, `${layer.kind} is not a spatial layer`);
  }
}

export function spatialCall(p: PlannedLayer, types: string, io: string): string {
  const layer = p.lowered.layer;
  switch (layer.kind) {
    case 'Conv':
      return `nnet::conv_${layer.rank}d_cl<${types}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'DepthwiseConv':
      return `nnet::depthwise_conv_2d_cl<${types}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'SeparableConv':
      return `nnet::separable_conv_2d_cl<${types}>(${io}, ${p.weightVar}, ${pointwiseVar(p)}, ${p.biasVar});`;
    case 'Pooling':
      return `nnet::pooling${layer.rank}d_cl<${types}>(${io});`;
    case 'GlobalPooling':
      return `nnet::global_pooling_cl<${types}>(${io});`;
    case 'BatchNormalization':
      return `nnet::normalize<${types}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'Reshape':
      return `nnet::reshape_cl<${types}>(${io});`;
    case 'Transpose':
      return `nnet::transpose_cl<${types}>(${io});`;
    case 'ZeroPadding':
      return `nnet::zeropad2d_cl<${types}>(${io});`;
    case 'Cropping':
      return `nnet::cropping2d_cl<${types}>(${io});`;
    case 'Resize':
      return `nnet::resize_nearest_cl<${types}>(${io});`;
    default:
      throw fail(p, `${layer.kind} is not a spatial layer`);
  }
}

/**
 * The arrays of a batch norm (scale s<N>, bias b<N>) or a depthwise convolution (weights w<N> in the
 * model's [...kernel][n_chan][dm] order, bias b<N>), .h and .txt, printed like every weight (§6.0).
 */
export function writeBatchNormWeights(plan: VivadoPlan, p: PlannedLayer, files: Map<string, string>): void {
  const layer = p.lowered.layer;
  let arrays: [string, string, ArrayLike<number>][];
  if (layer.kind === 'BatchNormalization') {
    arrays = [
      [p.weightVar!, 'scale_t', layer.scale.data],
      [p.biasVar!, 'bias_t', layer.bias.data],
    ];
  } else if (layer.kind === 'DepthwiseConv') {
    const nOut = layer.nChan * layer.depthMultiplier;
    arrays = [
      [p.weightVar!, 'weight_t', layer.weight.data],
      [p.biasVar!, 'bias_t', layer.bias ? layer.bias.data : new Float64Array(nOut)],
    ];
  } else if (layer.kind === 'SeparableConv') {
    arrays = [
      [p.weightVar!, 'depthwise_t', layer.depthwise.data],
      [pointwiseVar(p), 'pointwise_t', layer.pointwise.data],
      [p.biasVar!, 'bias_t', layer.bias ? layer.bias.data : new Float64Array(layer.nFilt)],
    ];
  } else return;
  for (const [varName, slot, data] of arrays) {
    const typedef = p.typedefs[slot]!;
    const texts = Array.from(data, (v, k) => {
      if (!Number.isFinite(v)) {
        throw new StudioError(
          `${slot.slice(0, -2)} ${k} is ${v}, which cannot be written as a fixed-point constant`,
          'Check the model file: the parameters must be finite numbers.',
          { node: p.lowered.name, op: p.lowered.kind },
        );
      }
      return weightText(v, typedef.type);
    });
    writeSlotArray(plan, p, files, varName, slot, texts);
  }
}
