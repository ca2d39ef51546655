/**
 * Per-layer pieces of a Quartus project: the config struct in parameters.h, the call in the component,
 * and the activation tables (firmware/nnet_utils/activation_tables/*.tb). The kernels are our own
 * templates in hls/quartus_nnet_utils (shipped as firmware/nnet_utils).
 */
import { StudioError } from '../../errors';
import { quartusTableText, type QuartusTableFn } from '../../emulate/quartusActivations';
import { QUARTUS_MORE_FNS, quartusMoreTableText, type QuartusMoreFn } from '../../emulate/quartusMoreTables';
import { quartusSoftmaxTableValues, tableFileText } from '../../emulate/quartusSoftmax';
import { quartusLatencyTableValues, quartusLegacyTableValues } from '../../emulate/quartusSoftmaxVariants';
import { zeroWeights } from '../vivado/writeWeights';
import { convAsDense } from '../../ir/convView';
import { spatialDims, windowOf, type Window2D } from '../../emulate/window';
import { HARD_SHIFT_T, HARD_SLOPE_T, hardParams, paramValue, reluMax } from '../../emulate/paramActivations';
import { toAcType } from '../../fixed/format';
import { quartusWideAverage } from '../../emulate/quartusPooling';
import { gatherIndex } from '../../emulate/reshape';
import { concatShape } from '../../emulate/merge';
import { doubleLiteral } from '../vivado/paramActivations';
import { embeddingConfig } from '../vivado/embedding';
import { activationCode, checkRecurrent } from '../../emulate/recurrent';
import { checkQuartusGru } from '../../emulate/quartusRecurrent';
import type { PlannedLayer, PlannedTensor, VivadoPlan } from '../vivado/plan';
import { oneApiDepthwiseCall, oneApiDepthwiseConfig, oneApiDepthwiseInclude } from '../oneapi/depthwise';
import { convWindowMembers, member } from '../vivado/text';

/** How the component names a tensor: a member of the input or output struct, or a local array. */
export function quartusVar(plan: VivadoPlan, t: PlannedTensor): string {
  if (plan.inputs.includes(t)) return `inputs.${t.varName}`;
  if (plan.outputs.includes(t)) return `outputs.${t.varName}`;
  return t.varName;
}

export const TABLE_DIR = 'nnet_utils/activation_tables';

function bug(p: PlannedLayer, what: string): StudioError {
  return new StudioError(what, 'This is a bug in HLS Studio; please report it with the model.', {
    node: p.lowered.name,
    op: p.lowered.kind,
  });
}

/** A static member function returning a table read from a .tb file (one entry per line). */
function tableFunction(name: string, size: number, file: string): string[] {
  return [
    `    static const table_t* ${name}() {`,
    `        static const table_t t[${size}] = {`,
    `#include "${TABLE_DIR}/${file}"`,
    '        };',
    '        return t;',
    '    }',
  ];
}

function tableFn(p: PlannedLayer): QuartusTableFn | QuartusMoreFn | null {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Activation') return null;
  if (layer.activation === 'sigmoid' || layer.activation === 'tanh') return layer.activation;
  return QUARTUS_MORE_FNS.includes(layer.activation) ? (layer.activation as QuartusMoreFn) : null;
}

/** The .tb files of one layer: file name (under activation_tables/) → text. */
export function layerTables(p: PlannedLayer): [string, string][] {
  const fn = tableFn(p);
  if (fn === 'sigmoid' || fn === 'tanh') {
    return [[`${fn}_table${p.index}.tb`, quartusTableText(fn, p.lowered.tableSize)]];
  }
  if (fn) return [[`${fn}_table${p.index}.tb`, quartusMoreTableText(fn, p.lowered.tableSize)]];
  const rnn = p.lowered.layer;
  if (rnn.kind === 'SimpleRNN' || rnn.kind === 'GRU' || rnn.kind === 'LSTM') {
    const tables: [string, string][] = [];
    const fns = rnn.kind === 'SimpleRNN' ? [rnn.activation] : [rnn.activation, rnn.recurrentActivation];
    for (const fn of new Set(fns)) {
      if (fn === 'sigmoid' || fn === 'tanh') {
        tables.push([`${fn}_table${p.index}.tb`, quartusTableText(fn, p.lowered.tableSize)]);
      }
    }
    return tables;
  }
  const impl = p.lowered.kind === 'Softmax' ? p.lowered.softmax?.implementation : undefined;
  if (impl === 'stable' || impl === 'latency' || impl === 'legacy') {
    const input =
      p.input ??
      (() => {
        throw bug(p, 'softmax without an input');
      })();
    const expT = p.typedefs['exp_table_t']!.type;
    const size = p.lowered.tableSize;
    const t =
      impl === 'stable'
        ? quartusSoftmaxTableValues(p.lowered.name, input.type, expT, size)
        : impl === 'latency'
          ? quartusLatencyTableValues(p.lowered.name, input.type, expT, size)
          : quartusLegacyTableValues(size);
    return [
      [`exp_table${p.index}.tb`, tableFileText(t.exp)],
      [`invert_table${p.index}.tb`, tableFileText(t.invert)],
    ];
  }
  return [];
}

export function layerConfig(plan: VivadoPlan, p: PlannedLayer): string[] {
  const l = p.lowered;
  const layer = l.layer;
  const t = p.typedefs;
  const head = (base: string): string => `struct ${p.configName} : nnet::${base} {`;
  switch (layer.kind) {
    case 'Dense':
      return [
        head('dense_config'),
        member('unsigned', 'n_in', layer.nIn),
        member('unsigned', 'n_out', layer.nOut),
        member('unsigned', 'io_type', 'nnet::io_parallel'),
        member('unsigned', 'reuse_factor', l.reuseFactor),
        member('unsigned', 'n_zeros', zeroWeights(layer)),
        member('unsigned', 'block_factor', Math.ceil((layer.nIn * layer.nOut) / l.reuseFactor)),
        `    typedef ${t['accum_t']!.name} accum_t;`,
        `    typedef ${t['bias_t']!.name} bias_t;`,
        `    typedef ${t['weight_t']!.name} weight_t;`,
        '};',
      ];
    case 'Activation': {
      const fn = tableFn(p);
      const hard =
        layer.activation === 'hard_sigmoid' || layer.activation === 'hard_tanh' ? hardParams(layer) : null;
      return [
        head('activ_config'),
        member('unsigned', 'n_in', p.output.size),
        member('unsigned', 'table_size', l.tableSize),
        member('unsigned', 'io_type', 'nnet::io_parallel'),
        member('unsigned', 'reuse_factor', l.reuseFactor),
        `    typedef ${t['table_t']!.name} table_t;`,
        ...(fn ? tableFunction('table', l.tableSize, `${fn}_table${p.index}.tb`) : []),
        ...(hard
          ? [
              `    typedef ${toAcType(HARD_SLOPE_T)} slope_t;`,
              `    typedef ${toAcType(HARD_SHIFT_T)} shift_t;`,
              `    static slope_t slope() { return slope_t(${doubleLiteral(hard.slope)}); }`,
              `    static shift_t shift() { return shift_t(${doubleLiteral(hard.shift)}); }`,
            ]
          : []),
        '};',
      ];
    }
    case 'Softmax':
      // No table_t here: the tables are stored in activ_config's ac_fixed<16,8> (fixed-point.md §7.2).
      return [
        head('softmax_config'),
        member('unsigned', 'n_in', p.output.size),
        member('unsigned', 'table_size', l.tableSize),
        member('unsigned', 'io_type', 'nnet::io_parallel'),
        member('unsigned', 'reuse_factor', l.reuseFactor),
        `    typedef ${t['exp_table_t']!.name} exp_table_t;`,
        `    typedef ${t['inv_table_t']!.name} inv_table_t;`,
        ...(l.softmax && l.softmax.implementation !== 'argmax'
          ? [
              ...tableFunction('exp_table', l.tableSize, `exp_table${p.index}.tb`),
              ...tableFunction('invert_table', l.tableSize, `invert_table${p.index}.tb`),
            ]
          : []),
        '};',
      ];
    case 'PReLU':
      // The alphas (weights/w<N>.h) are declared in the input type: see ./weights.ts.
      return [
        head('prelu_config'),
        member('unsigned', 'n_in', p.output.size),
        member('unsigned', 'n_alpha', layer.alpha.data.length),
        member('unsigned', 'io_type', 'nnet::io_parallel'),
        member('unsigned', 'reuse_factor', l.reuseFactor),
        '};',
      ];
    case 'Embedding':
      return embeddingConfig(p);
    case 'SimpleRNN':
      return simpleRnnConfig(plan, p);
    case 'GRU':
    case 'LSTM':
      return gruConfig(plan, p);
    case 'BatchNormalization':
      return [
        head('batchnorm_config'),
        member('unsigned', 'n_in', p.output.size),
        member('unsigned', 'n_filt', layer.scale.data.length),
        member('unsigned', 'io_type', 'nnet::io_parallel'),
        member('unsigned', 'reuse_factor', l.reuseFactor),
        `    typedef ${t['scale_t']!.name} scale_t;`,
        `    typedef ${t['bias_t']!.name} bias_t;`,
        '};',
      ];
    case 'Conv':
      return convConfig(plan, p);
    // oneAPI only (Quartus refuses them): oneapi/depthwise.ts.
    case 'DepthwiseConv':
    case 'SeparableConv':
      return oneApiDepthwiseConfig(plan, p);
    case 'Pooling':
    case 'GlobalPooling':
      return poolingConfig(plan, p);
    case 'Reshape':
      return [head('reshape_config'), member('unsigned', 'n_in', p.output.size), '};'];
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize': {
      const index = gatherIndex(layer, inputShape(plan, p));
      const rows: string[] = [];
      for (let k = 0; k < index.length; k += 16)
        rows.push(`            ${Array.from(index.slice(k, k + 16)).join(', ')},`);
      return [
        head('gather_config'),
        member('unsigned', 'n_in', p.input!.size),
        member('unsigned', 'n_out', p.output.size),
        '    static const int* index() {',
        `        static const int t[${index.length}] = {`,
        ...rows,
        '        };',
        '        return t;',
        '    }',
        '};',
      ];
    }
    case 'Concatenate': {
      const shape = concatShape(inputShape(plan, p), inputShape(plan, p, 1), layer.axis);
      return [
        head('concat_config'),
        member('unsigned', 'n_outer', shape.nOuter),
        member('unsigned', 'n_inner1', shape.n1),
        member('unsigned', 'n_inner2', shape.n2),
        '};',
      ];
    }
    case 'Dot':
      return [
        head('dot_config'),
        member('unsigned', 'n_in', p.input!.size),
        member('unsigned', 'n_out', 1),
        member('unsigned', 'reuse_factor', l.reuseFactor),
        `    typedef ${t['accum_t']!.name} accum_t;`,
        '};',
      ];
    case 'Merge':
      return [
        head('merge_config'),
        member('unsigned', 'n_elem', p.output.size),
        member('unsigned', 'n_elem1', p.input!.size),
        member('unsigned', 'n_elem2', p.input2!.size),
        '};',
      ];
    default:
      return [];
  }
}

/** The activ_config of a recurrent layer's activation `fn` over n values (a table for sigmoid / tanh). */
function recurrentActConfig(p: PlannedLayer, name: string, fn: string, n: number): string[] {
  return [
    `struct ${name} : nnet::activ_config {`,
    member('unsigned', 'n_in', n),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${p.typedefs['table_t']!.name} table_t;`,
    ...(fn === 'sigmoid' || fn === 'tanh'
      ? tableFunction('table', p.lowered.tableSize, `${fn}_table${p.index}.tb`)
      : []),
    '};',
    '',
  ];
}

/** GRU / LSTM: the two activation configs and the layer's (GRU reuse factors: quartusRecurrent.ts). */
function gruConfig(plan: VivadoPlan, p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'GRU' && layer.kind !== 'LSTM') throw bug(p, 'not a GRU or LSTM');
  const { steps, nIn } = checkRecurrent(layer, inputShape(plan, p));
  if (layer.kind === 'GRU') checkQuartusGru(layer, nIn, p.lowered.reuseFactor);
  const gru = layer.kind === 'GRU';
  const t = p.typedefs;
  const act = `${p.configName}_act`;
  const rec = `${p.configName}_rec_act`;
  return [
    ...recurrentActConfig(p, rec, layer.recurrentActivation, (gru ? 2 : 1) * layer.units),
    ...recurrentActConfig(p, act, layer.activation, layer.units),
    `struct ${p.configName} : nnet::${gru ? 'gru' : 'lstm'}_config {`,
    member('unsigned', 'n_in', nIn),
    member('unsigned', 'n_out', layer.units),
    member('unsigned', 'n_timesteps', steps),
    member('bool', 'return_sequences', layer.returnSequences ? 'true' : 'false'),
    member('int', 'activation', activationCode(layer, layer.activation)),
    member('int', 'recurrent_activation', activationCode(layer, layer.recurrentActivation)),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${t['weight_t']!.name} weight_t;`,
    `    typedef ${t['recurrent_weight_t']!.name} recurrent_weight_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    ...(gru || layer.recurrentBias ? [`    typedef ${t['recurrent_bias_t']!.name} recurrent_bias_t;`] : []),
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${act} ACT_CONFIG_T;`,
    `    typedef ${rec} ACT_CONFIG_RECURRENT_T;`,
    '};',
  ];
}

/** SimpleRNN: the activation's config (tables for sigmoid / tanh) and the layer's. */
function simpleRnnConfig(plan: VivadoPlan, p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'SimpleRNN') throw bug(p, 'not a SimpleRNN');
  const { steps, nIn } = checkRecurrent(layer, inputShape(plan, p));
  const t = p.typedefs;
  const act = `${p.configName}_act`;
  const fn = layer.activation;
  return [
    `struct ${act} : nnet::activ_config {`,
    member('unsigned', 'n_in', layer.units),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${t['table_t']!.name} table_t;`,
    ...(fn === 'sigmoid' || fn === 'tanh'
      ? tableFunction('table', p.lowered.tableSize, `${fn}_table${p.index}.tb`)
      : []),
    '};',
    '',
    `struct ${p.configName} : nnet::simple_rnn_config {`,
    member('unsigned', 'n_in', nIn),
    member('unsigned', 'n_out', layer.units),
    member('unsigned', 'n_timesteps', steps),
    member('bool', 'return_sequences', layer.returnSequences ? 'true' : 'false'),
    member('int', 'activation', activationCode(layer, fn)),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${t['weight_t']!.name} weight_t;`,
    `    typedef ${t['recurrent_weight_t']!.name} recurrent_weight_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    ...(layer.recurrentBias ? [`    typedef ${t['recurrent_bias_t']!.name} recurrent_bias_t;`] : []),
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${act} ACT_CONFIG_T;`,
    '};',
  ];
}

/** The output shape of the layer feeding input `k` of `p`. */
function inputShape(plan: VivadoPlan, p: PlannedLayer, k = 0): readonly number[] {
  const producer = plan.lowered.layers.find((l) => l.name === p.lowered.inputs[k]);
  if (!producer) throw bug(p, 'an input layer is missing');
  return producer.outputShape;
}

/** Conv: the geometry (a 1D layer is 2D with height 1) and the dense config its pixels go through. */
function convConfig(plan: VivadoPlan, p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Conv') throw bug(p, 'not a convolution');
  const producer = plan.lowered.layers.find((l) => l.name === p.lowered.inputs[0]);
  if (!producer) throw bug(p, 'the convolution has no input layer');
  const g = windowOf(layer, producer.outputShape);
  const dense = convAsDense(layer);
  const t = p.typedefs;
  const mult = `${p.configName}_mult`;
  return [
    `struct ${mult} : nnet::dense_config {`,
    member('unsigned', 'n_in', dense.nIn),
    member('unsigned', 'n_out', dense.nOut),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    member('unsigned', 'n_zeros', zeroWeights(dense)),
    member('unsigned', 'block_factor', Math.ceil((dense.nIn * dense.nOut) / p.lowered.reuseFactor)),
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['weight_t']!.name} weight_t;`,
    '};',
    '',
    `struct ${p.configName} : nnet::conv_config {`,
    ...convWindowMembers(g),
    member('unsigned', 'n_filt', layer.nFilt),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['weight_t']!.name} weight_t;`,
    `    typedef ${mult} mult_config;`,
    '};',
  ];
}

/** Pooling (pool = stride) and global pooling: the window geometry (1D = height 1) and the operation. */
function poolingConfig(plan: VivadoPlan, p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  const input = p.input;
  const producer = plan.lowered.layers.find((l) => l.name === p.lowered.inputs[0]);
  if (!producer) throw bug(p, 'the pooling layer has no input layer');
  let g: Pick<
    Window2D,
    'inH' | 'inW' | 'chan' | 'kh' | 'kw' | 'sh' | 'sw' | 'padTop' | 'padLeft' | 'outH' | 'outW'
  >;
  if (layer.kind === 'Pooling') g = windowOf(layer, producer.outputShape);
  else if (layer.kind === 'GlobalPooling') {
    const [inH, inW, chan] = spatialDims(producer.outputShape, layer.rank, layer);
    g = { inH, inW, chan, kh: inH, kw: inW, sh: inH, sw: inW, padTop: 0, padLeft: 0, outH: 1, outW: 1 };
  } else throw bug(p, 'not a pooling layer');
  return [
    `struct ${p.configName} : nnet::pooling2d_config {`,
    member('unsigned', 'in_height', g.inH),
    member('unsigned', 'in_width', g.inW),
    member('unsigned', 'n_filt', g.chan),
    member('unsigned', 'pool_height', g.kh),
    member('unsigned', 'pool_width', g.kw),
    member('unsigned', 'stride_height', g.sh),
    member('unsigned', 'stride_width', g.sw),
    member('unsigned', 'pad_top', g.padTop),
    member('unsigned', 'pad_left', g.padLeft),
    member('unsigned', 'out_height', g.outH),
    member('unsigned', 'out_width', g.outW),
    member('nnet::pool_operation', 'pool_op', layer.op === 'max' ? 'nnet::pool_max' : 'nnet::pool_average'),
    member('bool', 'wide_sum', input && quartusWideAverage(input.type) ? 'true' : 'false'),
    '};',
  ];
}

/** The header each kind needs under firmware/nnet_utils. */
export function layerInclude(p: PlannedLayer): string | null {
  switch (p.lowered.kind) {
    case 'Dense':
      return 'nnet_dense.h';
    case 'Activation':
    case 'PReLU':
      return 'nnet_activation.h';
    case 'Embedding':
      return 'nnet_embed.h';
    case 'SimpleRNN':
    case 'GRU':
    case 'LSTM':
      return 'nnet_recurrent.h';
    case 'Softmax':
      return 'nnet_softmax.h';
    case 'BatchNormalization':
      return 'nnet_batchnorm.h';
    case 'Merge':
    case 'Dot':
      return 'nnet_merge.h';
    case 'Conv':
      return 'nnet_conv.h';
    case 'DepthwiseConv':
    case 'SeparableConv':
      return oneApiDepthwiseInclude(p.lowered.layer);
    case 'Pooling':
    case 'GlobalPooling':
      return 'nnet_pooling.h';
    case 'Reshape':
      return 'nnet_reshape.h';
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
    case 'Concatenate':
      return 'nnet_gather.h';
    default:
      return null;
  }
}

export function layerCall(plan: VivadoPlan, p: PlannedLayer): string {
  const v = (t: PlannedTensor | null): string => {
    if (!t) throw bug(p, 'a layer input is missing');
    return quartusVar(plan, t);
  };
  const input = p.input;
  const types = `${input?.typeName}, ${p.output.typeName}, ${p.configName}`;
  const io = `${v(input)}, ${v(p.output)}`;
  const layer = p.lowered.layer;
  switch (layer.kind) {
    case 'Dense':
      return `nnet::dense_resource<${types}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'Activation': {
      const a = layer.activation;
      if (a === 'relu6' || (a === 'relu' && layer.maxValue !== undefined)) {
        return `nnet::relu_max<${input?.typeName}, ${p.output.typeName}, ${reluMax(layer)}, ${p.configName}>(${io});`;
      }
      if (a === 'leaky_relu' || a === 'thresholded_relu' || a === 'elu') {
        return `nnet::${a}<${types}>(${v(input)}, ${doubleLiteral(paramValue(layer))}, ${v(p.output)});`;
      }
      return `nnet::${a === 'tanh' ? 'dense_tanh' : a}<${types}>(${io});`;
    }
    case 'PReLU':
      return `nnet::prelu<${types}>(${v(input)}, ${p.weightVar}, ${v(p.output)});`;
    case 'Embedding':
      return `nnet::embedding<${types}>(${io}, ${p.weightVar});`;
    case 'SimpleRNN':
      // with PyTorch's second bias: hls4ml's simple_rnn_pytorch
      return p.lowered.layer.kind === 'SimpleRNN' && p.lowered.layer.recurrentBias
        ? `nnet::simple_rnn_pytorch<${types}>(${io}, w${p.index}, wr${p.index}, b${p.index}, br${p.index});`
        : `nnet::simple_rnn<${types}>(${io}, w${p.index}, wr${p.index}, b${p.index});`;
    case 'GRU':
      return `nnet::gru<${types}>(${io}, w${p.index}, wr${p.index}, b${p.index}, br${p.index});`;
    case 'LSTM':
      // with PyTorch's second bias: lstm_pytorch (hls4ml's Quartus LSTM has one bias; we follow torch)
      return p.lowered.layer.kind === 'LSTM' && p.lowered.layer.recurrentBias
        ? `nnet::lstm_pytorch<${types}>(${io}, w${p.index}, wr${p.index}, b${p.index}, br${p.index});`
        : `nnet::lstm<${types}>(${io}, w${p.index}, wr${p.index}, b${p.index});`;
    case 'Pooling':
    case 'GlobalPooling':
      return `nnet::pooling_cl<${types}>(${io});`;
    case 'Softmax':
      return `nnet::softmax_${p.lowered.softmax?.implementation ?? 'stable'}<${types}>(${io});`;
    case 'BatchNormalization':
      return `nnet::normalize<${types}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'Conv':
      return `nnet::conv_${layer.rank}d_cl<${types}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'DepthwiseConv':
    case 'SeparableConv':
      return oneApiDepthwiseCall(p, v);
    case 'Reshape':
      return `nnet::reshape<${types}>(${io});`;
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
      return `nnet::gather<${types}>(${io});`;
    case 'Concatenate':
      return (
        `nnet::concatenate<${input?.typeName}, ${p.input2?.typeName}, ${p.output.typeName}, ${p.configName}>` +
        `(${v(input)}, ${v(p.input2)}, ${v(p.output)});`
      );
    case 'Dot':
      return (
        `nnet::dot1d<${input?.typeName}, ${p.input2?.typeName}, ${p.output.typeName}, ${p.configName}>` +
        `(${v(input)}, ${v(p.input2)}, ${v(p.output)});`
      );
    case 'Merge':
      return (
        `nnet::${layer.op}<${input?.typeName}, ${p.input2?.typeName}, ${p.output.typeName}, ${p.configName}>` +
        `(${v(input)}, ${v(p.input2)}, ${v(p.output)});`
      );
    default:
      throw bug(p, `no Quartus call for ${p.lowered.kind}`);
  }
}
