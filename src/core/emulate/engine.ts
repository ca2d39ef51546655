/**
 * The emulator: runs a LoweredGraph on input rows in bit-exact fixed point, layer by layer, in chunks of
 * samples (so progress can be shown and a stale run cancelled). Inputs are first rounded to float32 and
 * converted into the input layer's type, as hls4ml's float bridge does.
 */
import { KIND_SUPPORT, unsupportedKind } from '../ir/kinds';
import { quartusRefusal } from '../ir/quartusSupport';
import { StudioError } from '../errors';
import { makeDoubleCaster, fromDoubleBig, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import { elementCount } from '../ir/graph';
import type { LoweredGraph, LoweredLayer } from '../passes/lowered';
import { prepareActivation } from './activations';
import { prepareDenseProduct } from './denseProducts';
import { prepareBatchNorm } from './batchnorm';
import { prepareConv, prepareDepthwise, prepareSeparable } from './conv';
import { prepareGlobalPooling, preparePooling } from './pooling';
import { prepareStreamGlobalPooling, prepareStreamPooling, streamPoolingFits } from './poolingStream';
import { prepareGather } from './reshape';
import { concatShape, prepareConcatenate, prepareDot, prepareMerge } from './merge';
import { prepareStreamAverage } from './mergeStream';
import { prepareEmbedding } from './embedding';
import { prepareRecurrent } from './recurrent';
import { prepareLayerNorm } from './layernorm';
import { isParamActivation, paramValue, prepareParamActivation, preparePRelu } from './paramActivations';
import { prepareSoftmax } from './softmax';
import { prepareFixedPointQuantizer } from './fixedPointQuantizer';
import { prepareQuartusActivation } from './quartusActivations';
import { prepareQuartusSoftmax } from './quartusSoftmax';
import { prepareQuartusAveragePooling } from './quartusPooling';
import { QUARTUS_MORE_FNS, prepareQuartusMoreActivation, type QuartusMoreFn } from './quartusMoreTables';
import { prepareCatapultPwl } from './catapultPwl';
import { prepareCatapultSoftmax } from './catapultSoftmax';
import { prepareCatapultElu, prepareCatapultSoftplus, prepareCatapultSoftsign } from './catapultParamPwl';
import { quantizeWeights } from './weights';
import { allocate, isNarrow, tensorValues, type FixedTensor } from './tensor';
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

/** Quartus and oneAPI share one set of kernels (hls/quartus_nnet_utils, fixed-point.md §7). */
function intelBackend(g: LoweredGraph): boolean {
  return g.config.backend === 'Quartus' || g.config.backend === 'oneAPI';
}

function prepare(g: LoweredGraph, l: LoweredLayer, byName: Map<string, LoweredLayer>): PreparedLayer {
  const family = g.family;
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
      return {
        ...p,
        run: (_inputs, rows, start) => {
          const n = Math.min(CHUNK, rows.length - start);
          const out = allocate(t, size, n);
          for (let s = 0; s < n; s++) {
            const row = rows[start + s]!;
            if (row.length !== size) {
              throw new StudioError(
                `input row ${start + s} has ${row.length} values but input '${l.name}' takes ${size}`,
                'Give one list of numbers per sample, flattened in the model input layout.',
                { node: l.name, op: 'Input' },
              );
            }
            for (let k = 0; k < size; k++) {
              const v = Math.fround(Number(row[k]));
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
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Activation': {
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
          g.config.ioType === 'io_stream' && (g.config.backend === 'Vivado' || g.config.backend === 'Vitis'),
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
      const param = typeOf(l, 'param_t');
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
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      counters['accum_t'] = { count: 0 };
      const kernel = prepareRecurrent(
        layer,
        inputShape(0),
        inputType(0),
        {
          weight: typeOf(l, 'weight_t'),
          bias: typeOf(l, 'bias_t'),
          recurrentWeight: typeOf(l, 'recurrent_weight_t'),
          recurrentBias: typeOf(l, 'recurrent_bias_t'),
          accum: typeOf(l, 'accum_t'),
          table: typeOf(l, 'table_t'),
          result: typeOf(l, 'result_t'),
        },
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
      const args = [
        inputType(0),
        inputType(1),
        typeOf(l, 'result_t'),
        size,
        family,
        counters['result_t']!,
      ] as const;
      // hls4ml's io_stream average divides by the result type's 2 (mergeStream.ts).
      const streamAverage =
        layer.op === 'average' &&
        g.config.ioType === 'io_stream' &&
        (g.config.backend === 'Vivado' || g.config.backend === 'Vitis');
      const kernel = streamAverage ? prepareStreamAverage(...args) : prepareMerge(layer.op, ...args);
      return { ...p, run: (inputs) => kernel(inputs[0]!, inputs[1]!) };
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
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'DepthwiseConv': {
      counters['accum_t'] = { count: 0 };
      const kernel = prepareDepthwise(layer, inputShape(0), inputType(0), weightedTypes(l), family, {
        product: counters['accum_t'],
        accum: counters['accum_t'],
        result: counters['result_t']!,
      });
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'SeparableConv': {
      counters['accum_t'] = { count: 0 };
      const kernel = prepareSeparable(
        layer,
        inputShape(0),
        inputType(0),
        {
          depthwise: typeOf(l, 'depthwise_t'),
          pointwise: typeOf(l, 'pointwise_t'),
          bias: typeOf(l, 'bias_t'),
          depthwiseAccum: typeOf(l, 'depthwise_accum_t'),
          depthwiseResult: typeOf(l, 'depthwise_result_t'),
          pointwiseAccum: typeOf(l, 'pointwise_accum_t'),
          result: typeOf(l, 'result_t'),
        },
        family,
        { product: counters['accum_t'], accum: counters['accum_t'], result: counters['result_t']! },
      );
      return { ...p, run: (inputs) => kernel(inputs[0]!) };
    }
    case 'Pooling':
    case 'GlobalPooling': {
      counters['accum_t'] = { count: 0 };
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
      const stream =
        g.config.ioType === 'io_stream' && (g.config.backend === 'Vivado' || g.config.backend === 'Vitis');
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

export function emulate(
  g: LoweredGraph,
  rows: readonly (readonly number[])[],
  options: EmulateOptions = {},
): EmulationResult {
  if (rows.length === 0) {
    throw new StudioError('no input rows to emulate', 'Give at least one sample.', { op: 'emulate' });
  }
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
    }
  }
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  const prepared = g.layers.map((l) => prepare(g, l, byName));
  const keep = new Set<string>(g.outputs);
  const collected = new Map<string, FixedTensor[]>();
  const stats = new Map<string, { min: number; max: number }>();
  for (const p of prepared) {
    if (options.trace || keep.has(p.lowered.name)) collected.set(p.lowered.name, []);
    stats.set(p.lowered.name, { min: Infinity, max: -Infinity });
  }
  for (let start = 0; start < rows.length; start += CHUNK) {
    const live = new Map<string, FixedTensor>();
    for (const p of prepared) {
      const inputs = p.lowered.inputs.map((n) => live.get(n)!);
      const out = p.run(inputs, rows, start);
      live.set(p.lowered.name, out);
      collected.get(p.lowered.name)?.push(out);
      const st = stats.get(p.lowered.name)!;
      const [lo, hi] = rawExtremes(out);
      if (lo < st.min) st.min = lo;
      if (hi > st.max) st.max = hi;
    }
    const done = Math.min(rows.length, start + CHUNK);
    if (options.onProgress && options.onProgress(done, rows.length) === false) throw new EmulationCancelled();
  }
  const outputs = g.outputs.map((n) => concat(collected.get(n)!));
  const layers: LayerProfile[] = prepared.map((p) => {
    const st = stats.get(p.lowered.name)!;
    return {
      name: p.lowered.name,
      kind: p.lowered.kind,
      count: p.size * rows.length,
      overflows: Object.fromEntries(Object.entries(p.counters).map(([k, c]) => [k, c.count])),
      min: rows.length ? st.min : 0,
      max: rows.length ? st.max : 0,
      maxAbsBeforeCast: Math.max(p.profile.maxAbsBeforeCast, Math.abs(st.min), Math.abs(st.max)),
    };
  });
  let traces: Record<string, Float64Array> | null = null;
  if (options.trace) {
    traces = {};
    for (const p of prepared) traces[p.lowered.name] = tensorValues(concat(collected.get(p.lowered.name)!));
  }
  return {
    samples: rows.length,
    outputNames: g.outputs,
    outputTypes: outputs.map((t) => t.type),
    outputs: outputs.map(tensorValues),
    outputRaws: outputs.map((t) => t.raws),
    layers,
    traces,
  };
}

/** Smallest and largest value of a tensor, found on the raws and scaled once (no value array). */
function rawExtremes(t: FixedTensor): [number, number] {
  if (t.raws.length === 0) return [Infinity, -Infinity];
  const scale = 2 ** -fractionalBits(t.type);
  if (t.raws instanceof Float64Array) {
    const r = t.raws;
    let lo = r[0]!;
    let hi = lo;
    for (let i = 1; i < r.length; i++) {
      const v = r[i]!;
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    return [lo * scale, hi * scale];
  }
  let lo = t.raws[0]!;
  let hi = lo;
  for (const v of t.raws) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [Number(lo) * scale, Number(hi) * scale];
}
