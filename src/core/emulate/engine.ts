/**
 * The emulator: runs a LoweredGraph on input rows in bit-exact fixed point, layer by layer, in chunks of
 * samples (so progress can be shown and a stale run cancelled). Inputs are first rounded to float32 and
 * converted into the input layer's type, as hls4ml's float bridge does.
 */
import { KIND_SUPPORT, unsupportedKind } from '../ir/kinds';
import { quartusRefusal } from '../ir/quartusSupport';
import { quartusStreamRefusal } from '../ir/quartusStreamSupport';
import {
  prepareQuartusStreamGlobalPooling,
  prepareQuartusStreamTernary,
  quartusStreamKernels,
} from './quartusStream';
import { StudioError } from '../errors';
import { makeDoubleCaster, fromDoubleBig, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import { elementCount } from '../ir/graph';
import type { LoweredGraph, LoweredLayer } from '../passes/lowered';
import { prepareActivation } from './activations';
import { prepareDenseProduct } from './denseProducts';
import { prepareBatchNorm } from './batchnorm';
import { prepareBnQuantizedTanh } from './bnQuantizedTanh';
import { prepareConv, prepareDepthwise, prepareSeparable } from './conv';
import { prepareIntelDepthwise, prepareIntelSeparable } from './intelDepthwise';
import { prepareGlobalPooling, preparePooling } from './pooling';
import { prepareStreamGlobalPooling, prepareStreamPooling, streamPoolingFits } from './poolingStream';
import { prepareGather } from './reshape';
import { concatShape, prepareConcatenate, prepareDot, prepareMerge } from './merge';
import { prepareStreamAverage } from './mergeStream';
import { prepareStreamBroadcast, streamBroadcastOf, streamBroadcastType } from './broadcastStream';
import { prepareEmbedding } from './embedding';
import { prepareRecurrent } from './recurrent';
import { prepareBidirectional } from './bidirectional';
import { prepareLayerNorm } from './layernorm';
import { isParamActivation, paramValue, prepareParamActivation, preparePRelu } from './paramActivations';
import { prepareSoftmax } from './softmax';
import { prepareFixedPointQuantizer } from './fixedPointQuantizer';
import { prepareUnaryLut } from './unaryLut';
import { prepareQuartusActivation } from './quartusActivations';
import { prepareQuartusSoftmax } from './quartusSoftmax';
import { prepareQuartusAveragePooling } from './quartusPooling';
import { QUARTUS_MORE_FNS, prepareQuartusMoreActivation, type QuartusMoreFn } from './quartusMoreTables';
import { prepareCatapultPwl } from './catapultPwl';
import { prepareCatapultSoftmax } from './catapultSoftmax';
import { prepareCatapultElu, prepareCatapultSoftplus, prepareCatapultSoftsign } from './catapultParamPwl';
import { quantizeWeights } from './weights';
import { prepareQuartusBinaryTanh } from './quartusBinaryTanh';
import { prepareQuartusSoftmaxVariant } from './quartusSoftmaxVariants';
import { prepareQuartusGru, prepareQuartusLstm, prepareQuartusSimpleRnn } from './quartusRecurrent';
import { prepareCatapultRecurrent } from './catapultRecurrent';
import { allocate, isNarrow, tensorValues, type FixedTensor } from './tensor';
import { chunkValues, type TraceChunks } from './traceChunks';
import { runChunk } from './runMemo';
import { rawRange } from './rawRange';
import { EmulationCancelled, type EmulateOptions, type EmulationResult, type LayerProfile } from './types';

const CHUNK = 250;

interface PreparedLayer {
  readonly lowered: LoweredLayer;
  readonly size: number;
  readonly run: (
    inputs: readonly FixedTensor[],
    rows: readonly (readonly number[])[],
    start: number,
  ) => FixedTensor;
  readonly counters: Record<string, OverflowCounter>;
  /** Shared by the copies `{ ...p, run }` makes, so a kernel's tracker and the profile see one value. */
  readonly profile: { maxAbsBeforeCast: number };
}

/** The four types of a layer with weights (Dense, Conv, depthwise): weight, bias, accum, result. */
function weightedTypes(l: LoweredLayer): {
  weight: FixedType;
  bias: FixedType;
  accum: FixedType;
  result: FixedType;
} {
  return {
    weight: typeOf(l, 'weight_t'),
    bias: typeOf(l, 'bias_t'),
    accum: typeOf(l, 'accum_t'),
    result: typeOf(l, 'result_t'),
  };
}

/** A pre-cast hook recording the largest |accumulator| (in accum_t's scale) a layer reaches. */
function trackBeforeCast(
  profile: { maxAbsBeforeCast: number },
  accum: FixedType,
): (sample: number, out: number, acc: number | bigint) => void {
  const scale = 2 ** -fractionalBits(accum);
  return (_s, _j, acc) => {
    const v = Math.abs(Number(acc) * scale);
    if (v > profile.maxAbsBeforeCast) profile.maxAbsBeforeCast = v;
  };
}

function typeOf(l: LoweredLayer, slot: string): FixedType {
  const t = l.types[slot];
  if (!t)
    throw new StudioError(`no ${slot} resolved`, 'This is a bug in the passes.', {
      node: l.name,
      op: l.kind,
    });
  return t;
}

/** A recurrent layer's weight, bias, accumulator and result types (table_t apart: Catapult has none). */
function recurrentTypes(l: LoweredLayer) {
  return {
    weight: typeOf(l, 'weight_t'),
    bias: typeOf(l, 'bias_t'),
    recurrentWeight: typeOf(l, 'recurrent_weight_t'),
    recurrentBias: typeOf(l, 'recurrent_bias_t'),
    accum: typeOf(l, 'accum_t'),
    result: typeOf(l, 'result_t'),
  };
}

/** Quartus and oneAPI share one set of kernels (hls/quartus_nnet_utils, fixed-point.md §7). */
function intelBackend(g: LoweredGraph): boolean {
  return g.config.backend === 'Quartus' || g.config.backend === 'oneAPI';
}

/** io_stream with hls4ml's Vivado stream kernels: Vivado, Vitis, and Catapult (its stream kernels are Vivado's on ac types). */
function vivadoStreamKernels(g: LoweredGraph): boolean {
  const b = g.config.backend;
  return g.config.ioType === 'io_stream' && (b === 'Vivado' || b === 'Vitis' || b === 'Catapult');
}

function prepare(g: LoweredGraph, l: LoweredLayer, byName: Map<string, LoweredLayer>): PreparedLayer {
  const family = g.family;
  // hls4ml's binary / ternary / power-of-two weight products: the shared nnet_mult.h (not Intel's kernels)
  const products = !intelBackend(g);
  const layer = l.layer;
  const size = elementCount(l.outputShape);
  const counters: Record<string, OverflowCounter> = { result_t: { count: 0 } };
  const inputType = (i: number): FixedType => typeOf(byName.get(layer.inputs[i] ?? '')!, 'result_t');
  const inputShape = (i: number): readonly number[] => byName.get(layer.inputs[i] ?? '')!.outputShape;
  const p: PreparedLayer = {
    lowered: l,
    size,
    counters,
    profile: { maxAbsBeforeCast: 0 },
    run: () => null as never,
  };
  switch (layer.kind) {
    case 'Input': {
      const t = typeOf(l, 'result_t');
      const cast = isNarrow(t) ? makeDoubleCaster(t, family) : null;
      // A row holds every model input, flattened and concatenated in the model's input order (as the
      // generated testbench reads tb_input_features.dat and the float reference takes rows).
      const sizes = g.inputs.map((name) => elementCount(byName.get(name)?.outputShape ?? []));
      const at = g.inputs.indexOf(l.name);
      const offset = sizes.slice(0, Math.max(at, 0)).reduce((a, b) => a + b, 0);
      const total = at < 0 ? size : sizes.reduce((a, b) => a + b, 0);
      const expected =
        sizes.length > 1
          ? `the model's ${sizes.length} inputs take ${total} (${g.inputs.map((n, i) => `${n}: ${sizes[i]}`).join(', ')})`
          : `input '${l.name}' takes ${size}`;
      return {
        ...p,
        run: (_inputs, rows, start) => {
          const n = Math.min(CHUNK, rows.length - start);
          const out = allocate(t, size, n);
          for (let s = 0; s < n; s++) {
            const row = rows[start + s]!;
            if (row.length !== total) {
              throw new StudioError(
                `input row ${start + s} has ${row.length} values but ${expected}`,
                'Give one list of numbers per sample: every model input flattened in its layout, in order.',
                { node: l.name, op: 'Input' },
              );
            }
            for (let k = 0; k < size; k++) {
              const v = Math.fround(Number(row[offset + k]));
              if (out.raws instanceof Float64Array) out.raws[s * size + k] = cast!(v);
              else out.raws[s * size + k] = fromDoubleBig(v, t, family);
            }
          }
          return out;
        },
      };
    }
    case 'Dense': {
      counters['accum_t'] = { count: 0 };
      const kernel = prepareDenseProduct(
        layer,
        inputType(0),
        weightedTypes(l),
        l.strategy,
        l.reuseFactor,
        family,
        { product: counters['accum_t'], accum: counters['accum_t'], result: counters['result_t']! },
        trackBeforeCast(p.profile, typeOf(l, 'accum_t')),
        'fastest',
        products,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Activation': {
      // Quartus' binary_tanh maps 0 to −1 (Vivado's to 1): quartusBinaryTanh.ts.
      if (intelBackend(g) && layer.activation === 'binary_tanh') {
        const k = prepareQuartusBinaryTanh(typeOf(l, 'result_t'), counters['result_t']!);
        return { ...p, run: (inputs) => k(inputs[0]!) };
      }
      // Quartus' io_stream ternary_tanh compares x itself, not 2x (quartusStream.ts).
      if (quartusStreamKernels(g.config) && layer.activation === 'ternary_tanh') {
        const k = prepareQuartusStreamTernary(inputType(0), typeOf(l, 'result_t'), counters['result_t']!);
        return { ...p, run: (inputs) => k(inputs[0]!) };
      }
      // Quartus' softsign / softplus / elu / selu: float64 tables and ac index arithmetic (quartusMoreTables.ts).
      if (intelBackend(g) && QUARTUS_MORE_FNS.includes(layer.activation)) {
        const k = prepareQuartusMoreActivation(
          layer.activation as QuartusMoreFn,
          inputType(0),
          typeOf(l, 'result_t'),
          typeOf(l, 'table_t'),
          l.tableSize,
          paramValue(layer),
          counters['result_t']!,
          quartusStreamKernels(g.config),
        );
        return { ...p, run: (inputs) => k(inputs[0]!) };
      }
      // Catapult: piecewise-linear elu, selu, softplus, softsign (catapult_nnet_utils/README.md).
      if (g.config.backend === 'Catapult' && (layer.activation === 'elu' || layer.activation === 'selu')) {
        const pwl = prepareCatapultElu(
          layer.activation,
          inputType(0),
          paramValue(layer),
          l.types['param_t'] ?? typeOf(l, 'result_t'),
          typeOf(l, 'result_t'),
          counters['result_t']!,
        );
        return { ...p, run: (inputs) => pwl(inputs[0]!) };
      }
      if (g.config.backend === 'Catapult' && layer.activation === 'softplus') {
        const pwl = prepareCatapultSoftplus(
          l.name,
          inputType(0),
          typeOf(l, 'result_t'),
          counters['result_t']!,
        );
        return { ...p, run: (inputs) => pwl(inputs[0]!) };
      }
      if (g.config.backend === 'Catapult' && layer.activation === 'softsign') {
        const pwl = prepareCatapultSoftsign(inputType(0), typeOf(l, 'result_t'), counters['result_t']!);
        return { ...p, run: (inputs) => pwl(inputs[0]!) };
      }
      if (isParamActivation(layer)) {
        const k = prepareParamActivation(
          layer,
          inputType(0),
          {
            result: typeOf(l, 'result_t'),
            table: typeOf(l, 'table_t'),
            // only leaky_relu, thresholded_relu and elu have a param_t (slotsOf); Quartus' leaky_relu and
            // thresholded_relu take their parameter as data_T, the input type (quartus_nnet_utils/README.md)
            param:
              intelBackend(g) && layer.activation !== 'elu'
                ? inputType(0)
                : (l.types['param_t'] ?? typeOf(l, 'result_t')),
          },
          l.tableSize,
          family,
          counters['result_t']!,
          vivadoStreamKernels(g),
        );
        return { ...p, run: (inputs) => k(inputs[0]!) };
      }
      // Catapult: piecewise-linear sigmoid / tanh instead of tables (hls/catapult_nnet_utils/README.md).
      if (
        g.config.backend === 'Catapult' &&
        (layer.activation === 'sigmoid' || layer.activation === 'tanh')
      ) {
        const pwl = prepareCatapultPwl(
          layer.activation,
          inputType(0),
          typeOf(l, 'result_t'),
          counters['result_t']!,
        );
        return { ...p, run: (inputs) => pwl(inputs[0]!) };
      }
      // Quartus / oneAPI tables (symmetric, float64-generated) differ from Vivado's (fixed-point.md §7.2).
      const intel = family === 'ac' && (g.config.backend === 'Quartus' || g.config.backend === 'oneAPI');
      const kernel =
        (intel
          ? prepareQuartusActivation(
              layer.activation,
              inputType(0),
              typeOf(l, 'result_t'),
              typeOf(l, 'table_t'),
              l.tableSize,
              counters['result_t']!,
              quartusStreamKernels(g.config),
            )
          : null) ??
        prepareActivation(
          layer.activation,
          inputType(0),
          typeOf(l, 'result_t'),
          typeOf(l, 'table_t'),
          l.tableSize,
          family,
          counters['result_t']!,
        );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Softmax': {
      counters['accum_t'] = { count: 0 };
      const shape = l.outputShape;
      const axis = layer.axis < 0 ? shape.length + layer.axis : layer.axis;
      if (axis !== shape.length - 1) {
        throw new StudioError(
          'softmax over an inner axis is not supported yet',
          'Use softmax over the last axis.',
          {
            node: l.name,
            op: 'Softmax',
          },
        );
      }
      // Catapult: piecewise-linear exp and reciprocal for every implementation but argmax.
      if (g.config.backend === 'Catapult' && l.softmax?.implementation !== 'argmax') {
        const pwl = prepareCatapultSoftmax(
          l.name,
          inputType(0),
          shape[shape.length - 1] ?? 1,
          typeOf(l, 'result_t'),
          counters['result_t']!,
        );
        return { ...p, run: (inputs) => pwl(inputs[0]!) };
      }
      // Quartus / oneAPI stable softmax: saturating difference, tables in ac_fixed<16,8> (§7.2).
      if (
        family === 'ac' &&
        (g.config.backend === 'Quartus' || g.config.backend === 'oneAPI') &&
        l.softmax?.implementation === 'stable'
      ) {
        const intel = prepareQuartusSoftmax(
          l.name,
          inputType(0),
          shape[shape.length - 1] ?? 1,
          {
            result: typeOf(l, 'result_t'),
            expTable: typeOf(l, 'exp_table_t'),
            invTable: typeOf(l, 'inv_table_t'),
          },
          l.tableSize,
          counters['result_t']!,
        );
        return { ...p, run: (inputs) => intel(inputs[0]!) };
      }
      // Quartus / oneAPI latency and legacy softmax (quartusSoftmaxVariants.ts).
      const impl = l.softmax?.implementation;
      if (intelBackend(g) && (impl === 'latency' || impl === 'legacy')) {
        const intel = prepareQuartusSoftmaxVariant(
          impl,
          l.name,
          inputType(0),
          shape[shape.length - 1] ?? 1,
          {
            result: typeOf(l, 'result_t'),
            expTable: typeOf(l, 'exp_table_t'),
            invTable: typeOf(l, 'inv_table_t'),
          },
          l.tableSize,
          counters['result_t']!,
          quartusStreamKernels(g.config),
        );
        return { ...p, run: (inputs) => intel(inputs[0]!) };
      }
      const kernel = prepareSoftmax(
        l.name,
        inputType(0),
        shape[shape.length - 1] ?? 1,
        {
          result: typeOf(l, 'result_t'),
          table: typeOf(l, 'table_t'),
          expTable: typeOf(l, 'exp_table_t'),
          invTable: typeOf(l, 'inv_table_t'),
          invInp: typeOf(l, 'inv_inp_t'),
          accum: typeOf(l, 'accum_t'),
          inpNorm: l.types['inp_norm_t'] ?? null,
        },
        l.softmax!,
        l.tableSize,
        family,
        { result: counters['result_t']!, accum: counters['accum_t'] },
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'PReLU': {
      // Quartus' prelu holds its alphas in data_T, the input type (quartus_nnet_utils/README.md).
      const param = intelBackend(g) ? inputType(0) : typeOf(l, 'param_t');
      const alpha = quantizeWeights(layer.alpha.data, param, family);
      const kernel = preparePRelu(
        Array.from(alpha as ArrayLike<number | bigint>, (v) => BigInt(v)),
        inputType(0),
        param,
        typeOf(l, 'result_t'),
        family,
        counters['result_t']!,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'FixedPointQuantizer': {
      const kernel = prepareFixedPointQuantizer(
        layer,
        inputType(0),
        typeOf(l, 'result_t'),
        family,
        counters['result_t']!,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'TimeDistributed': {
      // hls4ml's loop over time steps: the wrapped layer's kernel on one step; rows are contiguous, so the
      // [samples, T·step] input is read as [samples·T, step] and the output read back the other way.
      const steps = layer.timeSteps;
      const src = byName.get(layer.inputs[0] ?? '')!;
      const stepIn = new Map(byName).set(src.name, { ...src, outputShape: src.outputShape.slice(1) });
      const stepL = {
        ...l,
        layer: layer.inner,
        kind: layer.inner.kind,
        outputShape: layer.inner.outputShape,
      };
      const inner = prepare(g, stepL, stepIn);
      return {
        ...inner,
        lowered: l,
        size,
        run: (inputs, rows, start) => {
          const x = inputs[0]!;
          const y = inner.run([{ ...x, size: x.size / steps, samples: x.samples * steps }], rows, start);
          return { ...y, size: y.size * steps, samples: y.samples / steps };
        },
      };
    }
    case 'UnaryLUT': {
      const tableT = typeOf(l, 'table_t');
      const kernel = prepareUnaryLut(
        layer,
        quantizeWeights(layer.table.data, tableT, family),
        inputType(0),
        tableT,
        typeOf(l, 'result_t'),
        family,
        counters['result_t']!,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      counters['accum_t'] = { count: 0 };
      // Quartus' SimpleRNN, GRU and LSTM: their own cast points and tables (quartusRecurrent.ts).
      if (intelBackend(g) && layer.kind === 'SimpleRNN') {
        const rnn = prepareQuartusSimpleRnn(
          layer,
          inputShape(0),
          inputType(0),
          { ...recurrentTypes(l), table: typeOf(l, 'table_t') },
          l.tableSize,
          { accum: counters['accum_t'], result: counters['result_t']! },
        );
        return { ...p, run: (inputs) => rnn(inputs[0]!) };
      }
      if (intelBackend(g) && layer.kind === 'GRU') {
        const gru = prepareQuartusGru(
          layer,
          inputShape(0),
          inputType(0),
          { ...recurrentTypes(l), table: typeOf(l, 'table_t') },
          l.tableSize,
          l.reuseFactor,
          { accum: counters['accum_t'], result: counters['result_t']! },
        );
        return { ...p, run: (inputs) => gru(inputs[0]!) };
      }
      if (intelBackend(g) && layer.kind === 'LSTM') {
        const lstm = prepareQuartusLstm(
          layer,
          inputShape(0),
          inputType(0),
          { ...recurrentTypes(l), table: typeOf(l, 'table_t') },
          l.tableSize,
          { accum: counters['accum_t'], result: counters['result_t']! },
        );
        return { ...p, run: (inputs) => lstm(inputs[0]!) };
      }
      // Catapult: hls4ml's Catapult cast points and piecewise-linear activations (catapultRecurrent.ts).
      if (g.config.backend === 'Catapult') {
        const rnn = prepareCatapultRecurrent(layer, inputShape(0), inputType(0), recurrentTypes(l), {
          accum: counters['accum_t'],
          result: counters['result_t']!,
        });
        return { ...p, run: (inputs) => rnn(inputs[0]!) };
      }
      const kernel = prepareRecurrent(
        layer,
        inputShape(0),
        inputType(0),
        { ...recurrentTypes(l), table: typeOf(l, 'table_t') },
        l.tableSize,
        family,
        { accum: counters['accum_t'], result: counters['result_t']!, table: { count: 0 } },
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Bidirectional': {
      counters['accum_t'] = { count: 0 };
      const kernel = prepareBidirectional(
        layer,
        inputShape(0),
        inputType(0),
        (slot) => typeOf(l, slot),
        l.tableSize,
        family,
        { accum: counters['accum_t'], result: counters['result_t']!, table: { count: 0 } },
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'LayerNormalization': {
      counters['accum_t'] = { count: 0 };
      const shape = l.outputShape;
      const kernel = prepareLayerNorm(
        layer,
        shape[shape.length - 1] ?? 1,
        inputType(0),
        {
          scale: typeOf(l, 'scale_t'),
          bias: typeOf(l, 'bias_t'),
          accum: typeOf(l, 'accum_t'),
          table: typeOf(l, 'table_t'),
          result: typeOf(l, 'result_t'),
        },
        l.tableSize,
        family,
        { accum: counters['accum_t'], result: counters['result_t']! },
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Embedding': {
      const embT = typeOf(l, 'embeddings_t');
      const table = quantizeWeights(layer.weight.data, embT, family);
      const kernel = prepareEmbedding(
        Array.from(table as ArrayLike<number | bigint>, (v) => BigInt(v)),
        layer.vocab,
        layer.nOut,
        inputType(0),
        embT,
        typeOf(l, 'result_t'),
        family,
        counters['result_t']!,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Merge': {
      const vivadoStream = vivadoStreamKernels(g);
      // hls4ml's io_stream broadcasts through a layer of the model's default precision (broadcastStream.ts).
      const bc = vivadoStream ? streamBroadcastOf(inputShape(0), inputShape(1)) : null;
      const broadcast = bc && bc !== 'unsupported' ? bc : null;
      const bcType = broadcast ? streamBroadcastType(g.config.model.precision.default, l.name) : null;
      if (broadcast) counters['broadcast_t'] = { count: 0 };
      const expand =
        broadcast && bcType
          ? prepareStreamBroadcast(broadcast.mode, l.outputShape, bcType, family, counters['broadcast_t']!)
          : null;
      const args = [
        broadcast?.index === 0 ? bcType! : inputType(0),
        broadcast?.index === 1 ? bcType! : inputType(1),
        typeOf(l, 'result_t'),
        size,
        family,
        counters['result_t']!,
      ] as const;
      // hls4ml's io_stream average divides by the result type's 2 (mergeStream.ts).
      const streamAverage = layer.op === 'average' && (vivadoStream || quartusStreamKernels(g.config));
      const kernel = streamAverage ? prepareStreamAverage(...args) : prepareMerge(layer.op, ...args);
      if (!broadcast || !expand) return { ...p, run: (inputs) => kernel(inputs[0]!, inputs[1]!) };
      return {
        ...p,
        run: (inputs) =>
          broadcast.index === 0
            ? kernel(expand(inputs[0]!), inputs[1]!)
            : kernel(inputs[0]!, expand(inputs[1]!)),
      };
    }
    case 'Concatenate': {
      const kernel = prepareConcatenate(
        concatShape(inputShape(0), inputShape(1), layer.axis),
        inputType(0),
        inputType(1),
        typeOf(l, 'result_t'),
        family,
        counters['result_t']!,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!, inputs[1]!) };
    }
    case 'Dot': {
      counters['accum_t'] = { count: 0 };
      const kernel = prepareDot(
        elementCount(inputShape(0)),
        inputType(0),
        inputType(1),
        typeOf(l, 'accum_t'),
        typeOf(l, 'result_t'),
        family,
        { accum: counters['accum_t'], result: counters['result_t']! },
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!, inputs[1]!) };
    }
    case 'Conv': {
      counters['accum_t'] = { count: 0 };
      const kernel = prepareConv(
        layer,
        inputShape(0),
        inputType(0),
        weightedTypes(l),
        l.strategy,
        l.reuseFactor,
        family,
        { product: counters['accum_t'], accum: counters['accum_t'], result: counters['result_t']! },
        trackBeforeCast(p.profile, typeOf(l, 'accum_t')),
        undefined,
        products,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'DepthwiseConv': {
      counters['accum_t'] = { count: 0 };
      // oneAPI: exact products, each step converted into the sum type (intelDepthwise.ts).
      if (intelBackend(g)) {
        const k = prepareIntelDepthwise(layer, inputShape(0), inputType(0), weightedTypes(l), family, {
          accum: counters['accum_t'],
          result: counters['result_t']!,
        });
        return { ...p, run: (inputs) => k(inputs[0]!) };
      }
      const kernel = prepareDepthwise(layer, inputShape(0), inputType(0), weightedTypes(l), family, {
        product: counters['accum_t'],
        accum: counters['accum_t'],
        result: counters['result_t']!,
      });
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'SeparableConv': {
      counters['accum_t'] = { count: 0 };
      const sepTypes = {
        depthwise: typeOf(l, 'depthwise_t'),
        pointwise: typeOf(l, 'pointwise_t'),
        bias: typeOf(l, 'bias_t'),
        depthwiseAccum: typeOf(l, 'depthwise_accum_t'),
        depthwiseResult: typeOf(l, 'depthwise_result_t'),
        pointwiseAccum: typeOf(l, 'pointwise_accum_t'),
        result: typeOf(l, 'result_t'),
      };
      const sepCounters = {
        product: counters['accum_t'],
        accum: counters['accum_t'],
        result: counters['result_t']!,
      };
      // oneAPI: hls4ml's split into its depthwise kernel and a Resource 1×1 convolution (intelDepthwise.ts).
      const kernel = intelBackend(g)
        ? prepareIntelSeparable(
            layer,
            inputShape(0),
            inputType(0),
            sepTypes,
            l.reuseFactor,
            family,
            sepCounters,
          )
        : prepareSeparable(layer, inputShape(0), inputType(0), sepTypes, family, sepCounters, products);
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Pooling':
    case 'GlobalPooling': {
      counters['accum_t'] = { count: 0 };
      // Quartus' io_stream global pooling runs in accum_t (quartusStream.ts).
      if (quartusStreamKernels(g.config) && layer.kind === 'GlobalPooling') {
        const k = prepareQuartusStreamGlobalPooling(
          layer,
          inputShape(0),
          inputType(0),
          typeOf(l, 'accum_t'),
          typeOf(l, 'result_t'),
          { accum: counters['accum_t'], result: counters['result_t']! },
        );
        return { ...p, run: (inputs) => k(inputs[0]!) };
      }
      if (intelBackend(g) && layer.op === 'average') {
        const avg = prepareQuartusAveragePooling(
          layer,
          inputShape(0),
          inputType(0),
          typeOf(l, 'result_t'),
          counters['result_t']!,
        );
        return { ...p, run: (inputs) => avg(inputs[0]!) };
      }
      // Quartus' max pooling has no accum_t: the winner is cast from the input type straight to result_t.
      const accum = intelBackend(g) ? inputType(0) : typeOf(l, 'accum_t');
      const t = { accum, result: typeOf(l, 'result_t') };
      const c = { accum: counters['accum_t'], result: counters['result_t']! };
      // hls4ml's io_stream pooling kernels cast to accum_t first (poolingStream.ts).
      const stream = vivadoStreamKernels(g);
      const kernel =
        layer.kind === 'Pooling'
          ? stream && streamPoolingFits(layer, inputShape(0))
            ? prepareStreamPooling(layer, inputShape(0), inputType(0), t, family, c)
            : preparePooling(layer, inputShape(0), inputType(0), t, family, c)
          : stream
            ? prepareStreamGlobalPooling(layer, inputShape(0), inputType(0), t, family, c)
            : prepareGlobalPooling(layer, inputShape(0), inputType(0), t, family, c);
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'BatchNormalization': {
      const kernel = prepareBatchNorm(
        layer,
        inputType(0),
        { scale: typeOf(l, 'scale_t'), bias: typeOf(l, 'bias_t'), result: typeOf(l, 'result_t') },
        family,
        counters['result_t']!,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'BatchNormalizationQuantizedTanh': {
      const kernel = prepareBnQuantizedTanh(layer, inputType(0), typeOf(l, 'result_t'), family);
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize': {
      const kernel = prepareGather(
        layer,
        inputShape(0),
        inputType(0),
        typeOf(l, 'result_t'),
        family,
        counters['result_t']!,
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    default:
      throw unsupportedKind(layer, 'emulator');
  }
}

function concat(parts: FixedTensor[]): FixedTensor {
  const first = parts[0]!;
  const samples = parts.reduce((a, t) => a + t.samples, 0);
  const out = allocate(first.type, first.size, samples);
  let o = 0;
  for (const t of parts) {
    for (let i = 0; i < t.raws.length; i++) {
      if (out.raws instanceof Float64Array) out.raws[o + i] = Number(t.raws[i]);
      else out.raws[o + i] = t.raws[i] as bigint;
    }
    o += t.raws.length;
  }
  return out;
}

/**
 * Prepared layers of the graphs emulated so far, per IR layer: an edit re-prepares only the layers whose
 * lowering changed (a precision edit: that layer and its consumers). The key holds everything prepare()
 * reads; a new read of the design config there must be covered by it.
 */
const preparedCache = new WeakMap<object, { key: string; prepared: PreparedLayer }>();
/** Which run each prepared layer (by its shared profile object) currently counts for. */
const runOf = new WeakMap<object, number>();
let lastRunId = 0;

function preparedFor(g: LoweredGraph, l: LoweredLayer, byName: Map<string, LoweredLayer>): PreparedLayer {
  const { layer, typeOrigins: _origins, ...lowered } = l;
  const { layerName, layerType: _byType, ...config } = g.config;
  const sources = layer.inputs.map((n) => {
    const src = byName.get(n);
    return src ? [src.types['result_t'] ?? null, src.outputShape] : null;
  });
  // The layer's own config entry and every setting that is not per layer; the per-type entries reach
  // the kernels only through the lowered types, which the key holds.
  const key = JSON.stringify([g.family, config, layerName[l.name] ?? null, lowered, sources]);
  const hit = preparedCache.get(layer);
  if (hit && hit.key === key) return { ...hit.prepared, lowered: l };
  const prepared = prepare(g, l, byName);
  preparedCache.set(layer, { key, prepared });
  return prepared;
}

/** A run of a prepared emulation over a set of rows, one chunk of up to CHUNK rows per `next()`. */
export interface EmulationRun {
  readonly total: number;
  /** Rows emulated so far. */
  readonly done: number;
  /** Emulates the next chunk; false once every row is done. */
  next(): boolean;
  /** With `trace`: every layer's outputs as they were computed, one tensor per chunk of rows. */
  traced(): ReadonlyMap<string, TraceChunks>;
  /**
   * The result, once `next()` has returned false. With `trace`, its `traces` hold every layer's values
   * unless `withTraces` is false (then read them from traced(), for the layers that are needed).
   */
  result(withTraces?: boolean): EmulationResult;
}

/** A graph's kernels, prepared once (weights quantized, casts and tables built) for any number of runs. */
export interface PreparedEmulation {
  /** Starts a run (one at a time: a new run restarts the overflow counters and profiles). */
  start(
    rows: readonly (readonly number[])[],
    options?: Pick<EmulateOptions, 'trace' | 'reuse'>,
  ): EmulationRun;
}

/** Checks that every layer can be emulated, then prepares every kernel. */
export function prepareEmulation(g: LoweredGraph): PreparedEmulation {
  for (const l of g.layers) {
    if (!KIND_SUPPORT[l.kind].stages.includes('emulator')) throw unsupportedKind(l.layer, 'emulator');
    // A Quartus or oneAPI design runs with Quartus semantics or not at all (never silently with Vivado's).
    if (g.config.backend === 'Quartus' || g.config.backend === 'oneAPI') {
      const src = g.layers.find((x) => x.name === l.inputs[0]);
      const refusal = quartusRefusal(
        l.layer,
        l.softmax?.implementation ?? null,
        l.outputShape,
        src?.types['result_t'] ?? null,
        g.config.backend,
      );
      if (refusal) throw refusal;
      const streamRefusal = quartusStreamKernels(g.config)
        ? quartusStreamRefusal(
            l.layer,
            l.outputShape,
            l.inputs.map((n) => g.layers.find((x) => x.name === n)?.outputShape ?? []),
            l.softmax?.implementation ?? null,
            g.config.backend,
          )
        : null;
      if (streamRefusal) throw streamRefusal;
    }
  }
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  const prepared = g.layers.map((l) => preparedFor(g, l, byName));
  // Each layer's inputs as indices into `prepared` (the layers are in topological order).
  const index = new Map(prepared.map((p, i) => [p.lowered.name, i]));
  const inputsOf = prepared.map((p) => p.lowered.inputs.map((n) => index.get(n)!));
  const outputIndex = g.outputs.map((n) => index.get(n)!);
  return {
    start(rows, options = {}) {
      if (rows.length === 0) {
        throw new StudioError('no input rows to emulate', 'Give at least one sample.', { op: 'emulate' });
      }
      const runId = ++lastRunId;
      for (const p of prepared) {
        for (const c of Object.values(p.counters)) c.count = 0;
        p.profile.maxAbsBeforeCast = 0;
        runOf.set(p.profile, runId);
      }
      const stats = prepared.map(() => ({ min: Infinity, max: -Infinity }));
      const chunks = options.trace ? prepared.map((): FixedTensor[] => []) : null;
      const outParts = g.outputs.map((): FixedTensor[] => []);
      const live: FixedTensor[] = new Array<FixedTensor>(prepared.length);
      let done = 0;
      return {
        total: rows.length,
        get done() {
          return done;
        },
        next() {
          if (done >= rows.length) return false;
          if (prepared.some((p) => runOf.get(p.profile) !== runId)) {
            throw new StudioError(
              'another emulation of this model started before this one finished',
              'Run one emulation of a model at a time (finish or drop the older run first).',
              { op: 'emulate' },
            );
          }
          const start = done;
          for (let i = 0; i < prepared.length; i++) {
            const p = prepared[i]!;
            const inputs = inputsOf[i]!.map((k) => live[k]!);
            let out: FixedTensor;
            // With `reuse`, chunks whose inputs did not change since the last run are not recomputed.
            if (options.reuse) {
              out = runChunk(p, start / CHUNK, inputs, () => p.run(inputs, rows, start), stats[i]!, record);
            } else {
              out = p.run(inputs, rows, start);
              record(out, stats[i]!);
            }
            live[i] = out;
            chunks?.[i]!.push(out);
          }
          outputIndex.forEach((k, o) => outParts[o]!.push(live[k]!));
          done = Math.min(rows.length, start + CHUNK);
          return done < rows.length;
        },
        traced() {
          return new Map(chunks ? prepared.map((p, i) => [p.lowered.name, chunks[i]!]) : []);
        },
        result(withTraces = true) {
          const outputs = outParts.map(concat);
          const layers: LayerProfile[] = prepared.map((p, i) => {
            const st = stats[i]!;
            return {
              name: p.lowered.name,
              kind: p.lowered.kind,
              count: p.size * done,
              overflows: Object.fromEntries(Object.entries(p.counters).map(([k, c]) => [k, c.count])),
              min: done ? st.min : 0,
              max: done ? st.max : 0,
              maxAbsBeforeCast: Math.max(p.profile.maxAbsBeforeCast, Math.abs(st.min), Math.abs(st.max)),
            };
          });
          let traced: Record<string, Float64Array> | null = null;
          if (chunks && withTraces) {
            traced = {};
            prepared.forEach((p, i) => (traced![p.lowered.name] = chunkValues(chunks[i]!)));
          }
          return {
            samples: done,
            outputNames: g.outputs,
            outputTypes: outputs.map((t) => t.type),
            outputs: outputs.map(tensorValues),
            outputRaws: outputs.map((t) => t.raws),
            layers,
            traces: traced,
          };
        },
      };
    },
  };
}

export function emulate(
  g: LoweredGraph,
  rows: readonly (readonly number[])[],
  options: EmulateOptions = {},
): EmulationResult {
  if (rows.length === 0) {
    throw new StudioError('no input rows to emulate', 'Give at least one sample.', { op: 'emulate' });
  }
  const run = prepareEmulation(g).start(rows, options);
  let more = true;
  while (more) {
    more = run.next();
    if (options.onProgress && options.onProgress(run.done, rows.length) === false)
      throw new EmulationCancelled();
  }
  return run.result();
}

/** One chunk of a layer's output: its smallest and largest value, found on the raws and scaled once. */
function record(t: FixedTensor, st: { min: number; max: number }): void {
  if (t.raws.length === 0) return;
  const scale = 2 ** -fractionalBits(t.type);
  let lo: number;
  let hi: number;
  const known = t.raws instanceof Float64Array ? rawRange(t.raws) : undefined;
  if (known) {
    // The kernel found them already (rawRange.ts).
    lo = known.lo * scale;
    hi = known.hi * scale;
  } else if (t.raws instanceof Float64Array) {
    const r = t.raws;
    lo = r[0]!;
    hi = lo;
    for (let i = 1; i < r.length; i++) {
      const v = r[i]!;
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    lo *= scale;
    hi *= scale;
  } else {
    let blo = t.raws[0]!;
    let bhi = blo;
    for (const v of t.raws) {
      if (v < blo) blo = v;
      if (v > bhi) bhi = v;
    }
    lo = Number(blo) * scale;
    hi = Number(bhi) * scale;
  }
  if (lo < st.min) st.min = lo;
  if (hi > st.max) st.max = hi;
}
