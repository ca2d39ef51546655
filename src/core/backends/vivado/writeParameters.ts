/**
 * firmware/parameters.h: the nnet headers and weight headers the project needs, and one config struct
 * per layer carrying its sizes, types and implementation choices (as hls4ml's `struct configN`).
 */
import { unsupportedKind } from '../../ir/kinds';
import { StudioError } from '../../errors';
import type { ActivationFn, SoftmaxImplementation } from '../../ir/graph';
import type { LoweredStrategy } from '../../passes/lowered';
import { denseProduct } from '../../passes/denseProduct';
import type { PlannedLayer, VivadoPlan } from './plan';
import { cppBanner, fileText, layerComment, member } from './text';
import { isStream, streamIncludes } from './stream';
import { zeroWeights } from './writeWeights';
import { SPATIAL_KINDS, pointwiseVar, spatialConfig, spatialIncludes } from './spatial';
import { isParamActivation, paramActivationConfig } from './paramActivations';
import { preluConfig, twoInputConfig } from './merge';
import { embeddingConfig } from './embedding';
import { fixedPointQuantizerConfig } from './fixedPointQuantizer';
import { unaryLutConfig } from './unaryLut';
import { layerNormConfig } from './layernorm';
import { BNQ_HEADER, bnQuantizedTanhConfig } from './bnQuantizedTanh';
import { recurrentArrays, recurrentConfig } from './recurrent';
import { bidirectionalArrayNames, bidirectionalConfig } from './bidirectional';

const RECURRENT = new Set<string>(['SimpleRNN', 'LSTM', 'GRU']);

const ACTIVATIONS: readonly ActivationFn[] = ['linear', 'relu', 'sigmoid', 'tanh'];
const SOFTMAX_IMPLEMENTATIONS: readonly SoftmaxImplementation[] = ['stable', 'latency', 'legacy', 'argmax'];

const STRATEGY_ENUM: Readonly<Record<LoweredStrategy, string>> = {
  latency: 'nnet::latency',
  resource: 'nnet::resource',
  resource_unrolled: 'nnet::resource_unrolled',
};

/** The activation function name, checked against the kernels the library has. */
export function activationName(p: PlannedLayer): ActivationFn {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Activation') throw new Error('not an activation layer');
  if (!ACTIVATIONS.includes(layer.activation)) {
    throw new StudioError(
      `activation '${String(layer.activation)}' has no kernel in the Vivado template library`,
      `Use one of ${ACTIVATIONS.join(', ')}.`,
      { node: p.lowered.name, op: 'Activation' },
    );
  }
  return layer.activation;
}

function denseConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Dense') throw new Error('not a dense layer');
  const rf = p.lowered.reuseFactor;
  const nZeros = zeroWeights(layer);
  const multiplierLimit = Math.ceil((layer.nIn * layer.nOut) / rf) - Math.floor(nZeros / rf);
  const t = p.typedefs;
  return [
    `struct ${p.configName} : nnet::dense_config {`,
    member('unsigned', 'n_in', layer.nIn),
    member('unsigned', 'n_out', layer.nOut),
    member('unsigned', 'n_weights', layer.nIn * layer.nOut),
    member('unsigned', 'n_zeros', nZeros),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'strategy', STRATEGY_ENUM[p.lowered.strategy]),
    member('unsigned', 'reuse_factor', rf),
    member('unsigned', 'multiplier_limit', multiplierLimit),
    member('bool', 'store_weights_in_bram', 'false'),
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['weight_t']!.name} weight_t;`,
    '    typedef ap_uint<1> index_t;',
    `    template <class x_T, class w_T> using product = nnet::product::${denseProduct(layer, t['weight_t']!.type)}<x_T, w_T>;`,
    '};',
  ];
}

function activationConfig(p: PlannedLayer): string[] {
  return [
    `struct ${p.configName} : nnet::activ_config {`,
    member('unsigned', 'n_in', p.output.size),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${p.typedefs['table_t']!.name} table_t;`,
    '};',
  ];
}

function softmaxConfig(p: PlannedLayer): string[] {
  const s = p.lowered.softmax;
  const shape = p.softmaxShape;
  if (!s || !shape) {
    throw new StudioError('softmax settings are missing', 'This is a bug in the passes.', {
      node: p.lowered.name,
      op: 'Softmax',
    });
  }
  if (!SOFTMAX_IMPLEMENTATIONS.includes(s.implementation)) {
    throw new StudioError(
      `unknown softmax implementation '${String(s.implementation)}'`,
      `Use one of ${SOFTMAX_IMPLEMENTATIONS.join(', ')}.`,
      { node: p.lowered.name, op: 'Softmax' },
    );
  }
  const t = p.typedefs;
  const lines = [
    `struct ${p.configName} : nnet::softmax_config {`,
    member('unsigned', 'n_in', p.output.size),
    member('unsigned', 'n_slice', shape.nSlice),
    member('unsigned', 'n_outer', shape.nOuter),
    member('unsigned', 'n_inner', shape.nInner),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'exp_table_size', s.expTableSize),
    member('unsigned', 'inv_table_size', s.invTableSize),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    member(
      'nnet::softmax_implementation',
      'implementation',
      `nnet::softmax_implementation::${s.implementation}`,
    ),
    '    static constexpr float exp_scale = 1.0f;',
    `    typedef ${t['table_t']!.name} table_t;`,
    `    typedef ${t['exp_table_t']!.name} exp_table_t;`,
    `    typedef ${t['inv_table_t']!.name} inv_table_t;`,
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['inv_inp_t']!.name} inv_inp_t;`,
  ];
  if (t['inp_norm_t']) lines.push(`    typedef ${t['inp_norm_t'].name} inp_norm_t;`);
  lines.push('};');
  return lines;
}

export function layerConfig(p: PlannedLayer): string[] {
  // TimeDistributed: the wrapped layer's config, written for one time step.
  if (p.timeDistributed) return layerConfig(p.timeDistributed.step);
  switch (p.lowered.kind) {
    case 'Input':
      return [];
    case 'Dense':
      return denseConfig(p);
    case 'Activation':
      if (p.lowered.layer.kind === 'Activation' && isParamActivation(p.lowered.layer)) {
        return paramActivationConfig(p);
      }
      activationName(p);
      return activationConfig(p);
    case 'Softmax':
      return softmaxConfig(p);
    case 'PReLU':
      return preluConfig(p);
    case 'Embedding':
      return embeddingConfig(p);
    case 'FixedPointQuantizer':
      return fixedPointQuantizerConfig(p);
    case 'UnaryLUT':
      return unaryLutConfig(p);
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return recurrentConfig(p);
    case 'Bidirectional':
      return bidirectionalConfig(p);
    case 'LayerNormalization':
      return layerNormConfig(p);
    case 'BatchNormalizationQuantizedTanh':
      return bnQuantizedTanhConfig(p);
    case 'Merge':
    case 'Concatenate':
    case 'Dot':
      return twoInputConfig(p);
    case 'Conv':
    case 'DepthwiseConv':
    case 'SeparableConv':
    case 'Pooling':
    case 'GlobalPooling':
    case 'BatchNormalization':
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
      return spatialConfig(p);
    default:
      throw unsupportedKind(p.lowered.layer, 'vivado');
  }
}

export function writeParameters(plan: VivadoPlan): string {
  const kinds = new Set(plan.layers.map((p) => p.lowered.kind));
  const includes: string[] = [];
  if (kinds.has('Activation') || kinds.has('Softmax'))
    includes.push('#include "nnet_utils/nnet_activation.h"');
  if (kinds.has('Dense')) includes.push('#include "nnet_utils/nnet_dense.h"');
  if ([...kinds].some((k) => SPATIAL_KINDS.has(k))) includes.push(...spatialIncludes(plan));
  if (
    kinds.has('PReLU') ||
    plan.layers.some((p) => p.lowered.layer.kind === 'Activation' && isParamActivation(p.lowered.layer))
  )
    includes.push('#include "nnet_utils/nnet_activation_param.h"');
  if (kinds.has('Merge') || kinds.has('Concatenate') || kinds.has('Dot'))
    includes.push('#include "nnet_utils/nnet_merge.h"');
  if (kinds.has('Embedding')) includes.push('#include "nnet_utils/nnet_embed.h"');
  if (kinds.has('FixedPointQuantizer')) includes.push('#include "nnet_utils/nnet_fixed_point_quantizer.h"');
  if (kinds.has('UnaryLUT')) includes.push('#include "nnet_utils/nnet_unary_lut.h"');
  if (plan.layers.some((p) => p.timeDistributed))
    includes.push('#include "nnet_utils/nnet_time_distributed.h"');
  if (kinds.has('LayerNormalization')) includes.push('#include "nnet_utils/nnet_layernorm.h"');
  if (kinds.has('BatchNormalizationQuantizedTanh')) includes.push(`#include "nnet_utils/${BNQ_HEADER}"`);
  if ([...kinds].some((k) => RECURRENT.has(k) || k === 'Bidirectional'))
    includes.push('#include "nnet_utils/nnet_recurrent.h"');
  if (isStream(plan)) includes.push(...streamIncludes(plan));
  const weights: string[] = [];
  const configs: string[] = [];
  for (const p of plan.layers) {
    if (p.weightVar) weights.push(`#include "weights/${p.weightVar}.h"`);
    if (p.biasVar) weights.push(`#include "weights/${p.biasVar}.h"`);
    if (p.lowered.kind === 'SeparableConv') weights.push(`#include "weights/${pointwiseVar(p)}.h"`);
    if (RECURRENT.has(p.lowered.kind)) {
      const a = recurrentArrays(p);
      weights.push(`#include "weights/${a.w}.h"`, `#include "weights/${a.wr}.h"`);
      weights.push(`#include "weights/${a.b}.h"`, `#include "weights/${a.br}.h"`);
    }
    if (p.lowered.kind === 'Bidirectional')
      weights.push(...bidirectionalArrayNames(p).map((n) => `#include "weights/${n}.h"`));
    const cfg = isStream(plan)
      ? layerConfig(p).map((line) => line.replace('nnet::io_parallel', 'nnet::io_stream'))
      : layerConfig(p);
    // Not push(...cfg): a large gather table (Resize, Transpose) has more lines than a call takes arguments.
    if (cfg.length) {
      configs.push(layerComment(p.index, p.comment, p.lowered.kind));
      for (const line of cfg) configs.push(line);
      configs.push('');
    }
  }
  return fileText([
    ...cppBanner(plan.projectName, 'layer configurations and weights'),
    '#ifndef NNET_PROJECT_PARAMETERS_H_',
    '#define NNET_PROJECT_PARAMETERS_H_',
    '',
    '#include "ap_fixed.h"',
    '#include "ap_int.h"',
    '',
    '#include "defines.h"',
    ...includes,
    '',
    '// Weights',
    ...weights,
    '',
    '// Layer configurations',
    ...configs,
    '#endif',
  ]);
}
