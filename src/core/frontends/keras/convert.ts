/**
 * Flattened Keras layers + their weights → ModelGraph (hls4ml-facts.md §2.1/§2.2). Shapes are inferred
 * here (batch-free, channels-last as Keras already is). Layer names are the Keras names; an activation
 * given inline on a Dense/Conv becomes its own layer named `<layer>_<activation>`, as hls4ml does.
 */
import { StudioError, quoteName } from '../../errors';
import { foldBatchNorm } from '../../ir/batchnorm';
import type { ActivationFn, FloatTensor, Layer, MergeOp, ModelGraph, RecurrentLayer } from '../../ir/graph';
import { isObject, type FlatModel, type Json, type JsonObject, type KerasLayer } from './config';
import {
  activationPrecision,
  binarize,
  kernelQuantization,
  isQuantizerName,
  parseQuantizer,
  quantizeWeights,
  ternarize,
  weightPrecision,
  type Quantizer,
} from './qkeras';
import type { LayerWeights, WeightStore } from './weights';
import { foldConvBatchnorm } from './convBatchnorm';
import { bidirectional, einsumDense, timeDistributed, type WrapperHost } from './wrappers';
import { slotsOf } from '../../ir/kinds';
import {
  collectHgqOverrides,
  coveringPrecision,
  readHgqQuantizer,
  readUnaryLut,
  samePrecision,
  uniformPrecision,
} from './hgq';

const BUG_HINT = 'This looks like a bug in HLS Studio; please open an issue and attach the model file.';
const RESAVE_HINT = 'The weights file may not belong to this architecture; save the model again with Keras.';

export const SUPPORTED_KERAS_HINT =
  'HLS Studio reads the Keras layers hls4ml maps (Dense, Conv1D/2D, depthwise/separable conv, pooling, ' +
  'BatchNormalization, activations, merges, reshapes, padding, upsampling, Embedding, SimpleRNN/LSTM/GRU, ' +
  'Bidirectional(LSTM/GRU), ' +
  'LayerNormalization) and QKeras Q* layers; replace the layer or export the model to ONNX.';

const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  GarNet:
    'GarNet is an hls4ml contrib layer that HLS Studio does not implement; convert it with hls4ml itself.',
  GarNetStack:
    'GarNetStack is an hls4ml contrib layer that HLS Studio does not implement; convert it with hls4ml itself.',
  Lambda: 'A Lambda layer holds arbitrary Python code; replace it with built-in Keras layers and save again.',
};

/** Keras activation names → IR activation (softmax handled separately; linear = no layer). */
const ACTIVATIONS: Readonly<Record<string, ActivationFn>> = {
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softplus: 'softplus',
  softsign: 'softsign',
  elu: 'elu',
  selu: 'selu',
  hard_sigmoid: 'hard_sigmoid',
  leaky_relu: 'leaky_relu',
  binary_tanh: 'binary_tanh',
  ternary_tanh: 'ternary_tanh',
  linear: 'linear',
};

const SKIPPED = new Set([
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'SpatialDropout3D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'ActivityRegularization',
]);

const MERGE_OPS: Readonly<Record<string, MergeOp>> = {
  Add: 'add',
  Subtract: 'subtract',
  Multiply: 'multiply',
  Average: 'average',
  Maximum: 'maximum',
  Minimum: 'minimum',
};

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export interface Ctx {
  readonly l: KerasLayer;
  readonly c: JsonObject;
  readonly cls: string;
  readonly ins: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  /** The layer whose stored weights this one uses (a TimeDistributed wrapper's, for the wrapped layer). */
  readonly weightsFrom?: KerasLayer;
}

export interface ConvertKerasOptions {
  readonly file: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
}

class Converter {
  private readonly layers: Layer[] = [];
  private readonly shapeOf = new Map<string, readonly number[]>();
  /** Keras layer name → IR layer producing its output. */
  private readonly alias = new Map<string, string>();
  private readonly irNames = new Set<string>();
  /** HGQ proxy models: precisions the FixedPointQuantizers' overrides fix, by Keras layer name. */
  private hgqOverrides = new Map<string, Record<string, string>>();
  /** How many layers (and model outputs) read each Keras layer's output. */
  private readonly readers = new Map<string, number>();

  constructor(
    private readonly weights: WeightStore,
    private readonly file: string,
  ) {}

  run(model: FlatModel, opts: ConvertKerasOptions): ModelGraph {
    this.hgqOverrides = collectHgqOverrides(model.layers);
    for (const n of [...model.layers.flatMap((l) => l.inbound), ...model.outputs])
      this.readers.set(n, (this.readers.get(n) ?? 0) + 1);
    for (const l of model.layers) {
      try {
        this.layer(l);
      } catch (e) {
        if (e instanceof StudioError) throw e.at({ file: this.file, node: l.name, op: l.className });
        const msg = e instanceof Error ? e.message : String(e);
        throw new StudioError(msg, BUG_HINT, { file: this.file, node: l.name, op: l.className });
      }
    }
    const outputs = model.outputs.map((n) => this.alias.get(n) ?? n);
    return {
      name: opts.name,
      format: 'keras',
      layers: this.layers,
      inputs: model.inputs.map((n) => this.alias.get(n) ?? n),
      outputs,
      metadata: { ...opts.metadata, model_class: model.className },
    };
  }

  // ---------------------------------------------------------------------------------------------------

  private err(message: string, hint = SUPPORTED_KERAS_HINT): StudioError {
    return new StudioError(message, hint);
  }

  private add(layer: Layer, kerasName?: string): void {
    if (this.irNames.has(layer.name))
      throw this.err(
        `two layers would be named '${quoteName(layer.name)}'`,
        'Rename one of the layers in Keras.',
      );
    this.irNames.add(layer.name);
    const ov = layer.source.op === 'FixedPointQuantizer' ? undefined : this.hgqOverrides.get(layer.name);
    if (ov) {
      // HGQ overrides rank as the model's own quantizers; only the slots this kind has.
      const slots = slotsOf(layer);
      const own = Object.entries(ov).filter(([slot]) => slots.includes(slot));
      if (own.length) layer = { ...layer, quantized: { ...layer.quantized, ...Object.fromEntries(own) } };
    }
    this.layers.push(layer);
    this.shapeOf.set(layer.name, layer.outputShape);
    if (kerasName !== undefined) this.alias.set(kerasName, layer.name);
  }

  private layer(l: KerasLayer, weightsFrom?: KerasLayer): void {
    const cls = l.className;
    const ins = l.inbound.map((n) => {
      const a = this.alias.get(n);
      if (a === undefined)
        throw this.err(`input '${quoteName(n)}' is not produced by an earlier layer`, BUG_HINT);
      return a;
    });
    const shapes = ins.map((n) => this.shapeOf.get(n) as readonly number[]);
    const ctx: Ctx = { l, c: l.config, cls, ins, shapes, ...(weightsFrom ? { weightsFrom } : {}) };
    if (cls === 'InputLayer') return this.input(ctx);
    if (SKIPPED.has(cls)) {
      this.alias.set(l.name, this.one(ctx));
      return;
    }
    const hint = UNSUPPORTED_HINTS[cls];
    if (hint) throw this.err(`layer class ${cls} is not supported`, hint);
    switch (cls) {
      case 'Dense':
      case 'QDense':
      case 'BinaryDense':
      case 'TernaryDense':
        return this.dense(ctx);
      case 'TimeDistributed':
        return timeDistributed(this.wrapperHost(), ctx);
      case 'EinsumDense':
        return einsumDense(this.wrapperHost(), ctx);
      case 'Bidirectional':
        return bidirectional(this.wrapperHost(), ctx);
      case 'Activation':
      case 'QActivation':
        return this.activationLayer(ctx);
      case 'ReLU':
        return this.relu(ctx);
      case 'LeakyReLU':
        return this.act(ctx, l.name, 'leaky_relu', {
          alpha: this.num(ctx, ['alpha', 'negative_slope'], 0.3),
        });
      case 'ThresholdedReLU':
        return this.act(ctx, l.name, 'thresholded_relu', { theta: this.num(ctx, ['theta'], 1) });
      case 'ELU':
        return this.act(ctx, l.name, 'elu', { alpha: this.num(ctx, ['alpha'], 1) });
      case 'PReLU':
        return this.prelu(ctx);
      case 'Softmax':
        return this.softmax(ctx, l.name, this.num(ctx, ['axis'], -1));
      case 'BatchNormalization':
      case 'QBatchNormalization':
        return this.batchNorm(ctx);
      case 'LayerNormalization':
        return this.layerNorm(ctx);
      case 'Conv1D':
      case 'Conv2D':
      case 'QConv1D':
      case 'QConv2D':
      case 'QConv2DBatchnorm':
      case 'DepthwiseConv1D':
      case 'DepthwiseConv2D':
      case 'QDepthwiseConv2D':
      case 'SeparableConv1D':
      case 'SeparableConv2D':
        return this.conv(ctx);
      case 'MaxPooling1D':
      case 'MaxPooling2D':
      case 'AveragePooling1D':
      case 'AveragePooling2D':
      case 'MaxPool1D':
      case 'MaxPool2D':
      case 'AvgPool1D':
      case 'AvgPool2D':
        return this.pooling(ctx);
      case 'GlobalMaxPooling1D':
      case 'GlobalMaxPooling2D':
      case 'GlobalAveragePooling1D':
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPool1D':
      case 'GlobalMaxPool2D':
      case 'GlobalAvgPool1D':
      case 'GlobalAvgPool2D':
        return this.globalPooling(ctx);
      case 'Flatten':
        return this.reshape(ctx, [prod(this.in0(ctx))]);
      case 'Reshape':
        return this.reshapeLayer(ctx);
      case 'Permute':
        return this.permute(ctx);
      case 'ZeroPadding1D':
      case 'ZeroPadding2D':
      case 'Cropping1D':
      case 'Cropping2D':
        return this.padCrop(ctx);
      case 'UpSampling1D':
      case 'UpSampling2D':
        return this.upsampling(ctx);
      case 'Concatenate':
        return this.concatenate(ctx);
      case 'Dot':
        return this.dot(ctx);
      case 'Embedding':
        return this.embedding(ctx);
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU':
        return this.recurrent(ctx);
      case 'FixedPointQuantizer':
        return this.fixedPointQuantizer(ctx);
      case 'UnaryLUT':
      case 'HGQ>UnaryLUT':
        return this.unaryLut(ctx);
      default:
        if (MERGE_OPS[cls]) return this.merge(ctx, MERGE_OPS[cls]);
        throw this.err(`layer class ${quoteName(cls || '?')} is not supported`);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------------

  private one(ctx: Ctx): string {
    const n = ctx.ins[0];
    if (ctx.ins.length !== 1 || n === undefined)
      throw this.err(`expects one input, got ${ctx.ins.length}`, 'Check the model wiring in Keras.');
    return n;
  }

  private in0(ctx: Ctx): readonly number[] {
    this.one(ctx);
    return ctx.shapes[0] as readonly number[];
  }

  private num(ctx: Ctx, keys: readonly string[], dflt: number): number {
    for (const k of keys) {
      const v = ctx.c[k];
      if (typeof v === 'number') return v;
    }
    return dflt;
  }

  /** An int-or-tuple attribute of length `rank`. */
  private tuple(ctx: Ctx, key: string, rank: number, dflt: number | null): number[] {
    const v = ctx.c[key];
    if (typeof v === 'number') return Array<number>(rank).fill(v);
    if (Array.isArray(v) && v.length === rank && v.every((x) => typeof x === 'number')) return v as number[];
    if ((v === undefined || v === null) && dflt !== null) return Array<number>(rank).fill(dflt);
    throw this.err(
      `attribute ${key} = ${JSON.stringify(v) ?? 'missing'} is not ${rank} integer(s)`,
      RESAVE_HINT,
    );
  }

  private src(ctx: Ctx): { op: string; node: string } {
    return { op: ctx.cls, node: ctx.l.name };
  }

  private w(ctx: Ctx, ws: LayerWeights, key: string, shape: readonly number[], alt?: string): FloatTensor {
    const t = ws.get(key) ?? (alt !== undefined ? ws.get(alt) : undefined);
    if (!t) {
      const have = [...ws.keys()];
      throw this.err(
        `weight '${key}' is missing from the weights file${have.length ? ` (it has ${have.join(', ')})` : ' (no weights stored for this layer)'}`,
        RESAVE_HINT,
      );
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      // Accept leading unit axes (a separable conv's pointwise kernel is stored [1, (1,) C, F]).
      const squeeze = (s: readonly number[]): string => {
        const i = s.findIndex((d) => d !== 1);
        return (i < 0 ? [] : s.slice(i)).join(',');
      };
      if (squeeze(t.shape) === squeeze(shape)) return { shape: [...shape], data: t.data };
      throw this.err(
        `weight '${key}' has shape ${fmt(t.shape)} but the layer needs ${fmt(shape)}`,
        RESAVE_HINT,
      );
    }
    return t;
  }

  private optional(ctx: Ctx, ws: LayerWeights, key: string, shape: readonly number[]): FloatTensor | null {
    if (ctx.c.use_bias === false) return null;
    // Old custom layers (BinaryDense) omit use_bias and store no bias; use_bias: true requires one.
    if (!ws.has(key) && ctx.c.use_bias !== true) return null;
    return this.w(ctx, ws, key, shape);
  }

  // --- layers -----------------------------------------------------------------------------------------

  private input(ctx: Ctx): void {
    const c = ctx.c;
    const raw = c.batch_input_shape ?? c.batch_shape;
    if (!Array.isArray(raw) || raw.length < 2) {
      throw this.err(
        'the input layer does not say its shape',
        'Give the model an Input(shape=...) and save again.',
      );
    }
    const dims = raw.slice(1);
    if (!dims.every((d): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
      throw this.err(
        `the input shape ${JSON.stringify(raw)} has unknown (None) dimensions besides the batch`,
        'hls4ml needs fixed input sizes; build the model with a fully specified Input(shape=...).',
      );
    }
    const dtype = typeof c.dtype === 'string' ? c.dtype : '';
    const m = /^(u?)int(\d+)$/.exec(dtype);
    this.add(
      {
        kind: 'Input',
        name: ctx.l.name,
        inputs: [],
        outputShape: dims,
        source: this.src(ctx),
        ...(m ? { quantized: { result: `${m[1]}int<${m[2]}>` } } : {}),
      },
      ctx.l.name,
    );
  }

  /** Add the layer's inline activation (nothing for linear) after `produced`, and alias the Keras name. */
  private inlineActivation(ctx: Ctx, produced: string): void {
    const a = ctx.c.activation;
    const spec = this.activationSpec(a);
    if (spec === null || (spec.kind === 'fn' && spec.fn === 'linear' && !spec.quantized)) {
      this.alias.set(ctx.l.name, produced);
      return;
    }
    const suffix = spec.kind === 'softmax' ? 'softmax' : spec.label;
    const name = `${ctx.l.name}_${suffix}`;
    const shape = this.shapeOf.get(produced) as readonly number[];
    const sub: Ctx = { ...ctx, ins: [produced], shapes: [shape] };
    if (spec.kind === 'softmax') this.softmax(sub, name, -1);
    else this.act(sub, name, spec.fn, spec.params, spec.quantized);
    this.alias.set(ctx.l.name, name);
  }

  private activationSpec(a: Json | undefined):
    | null
    | { kind: 'softmax' }
    | {
        kind: 'fn';
        fn: ActivationFn;
        label: string;
        params: Partial<Record<'alpha' | 'slope' | 'shift' | 'maxValue' | 'ternaryThreshold', number>>;
        quantized?: Record<string, string>;
      } {
    if (a === undefined || a === null) return null;
    // Keras 3 may serialise a function as {class_name: 'function', config: 'relu'}.
    if (isObject(a) && typeof a.config === 'string' && !String(a.class_name ?? '').startsWith('quantized'))
      return this.activationSpec(a.config);
    const q = isObject(a) || (typeof a === 'string' && isQuantizerName(a)) ? parseQuantizer(a) : null;
    if (q) return this.quantizedActivation(q);
    if (typeof a !== 'string') throw this.err(`activation ${JSON.stringify(a)} is not understood`);
    if (a === 'softmax') return { kind: 'softmax' };
    const fn = ACTIVATIONS[a];
    if (!fn)
      throw this.err(
        `activation '${quoteName(a)}' is not supported`,
        `hls4ml maps ${[...Object.keys(ACTIVATIONS), 'softmax'].join(', ')}; retrain with one of these or export to ONNX.`,
      );
    const params: Partial<Record<'alpha' | 'slope' | 'shift' | 'maxValue' | 'ternaryThreshold', number>> = {};
    if (fn === 'leaky_relu') params.alpha = 0.2;
    if (fn === 'elu') params.alpha = 1;
    if (fn === 'relu6') params.maxValue = 6;
    if (fn === 'hard_sigmoid') Object.assign(params, { slope: 0.2, shift: 0.5 });
    return { kind: 'fn', fn, label: a, params };
  }

  private quantizedActivation(q: Quantizer): {
    kind: 'fn';
    fn: ActivationFn;
    label: string;
    params: Partial<Record<'alpha' | 'slope' | 'shift' | 'maxValue' | 'ternaryThreshold', number>>;
    quantized: Record<string, string>;
  } {
    const result = activationPrecision(q);
    const base = { kind: 'fn' as const, label: q.className, quantized: { result } };
    switch (q.className) {
      case 'quantized_relu':
        return { ...base, fn: 'relu', params: {} };
      case 'quantized_bits':
        return { ...base, fn: 'linear', params: {} };
      case 'binary':
      case 'binary_tanh':
      case 'stochastic_binary':
        return { ...base, fn: 'binary_tanh', params: {} };
      case 'ternary':
      case 'ternary_tanh': {
        // hls4ml's TernaryTanh: the quantizer's threshold, 0.33 when it has none (QKeras's default).
        const t = q.config.threshold;
        return {
          ...base,
          fn: 'ternary_tanh',
          params: { ternaryThreshold: typeof t === 'number' ? t : 0.33 },
        };
      }
      case 'stochastic_ternary':
        return { ...base, fn: 'ternary_tanh', params: {} };
      case 'quantized_tanh':
        return q.config.use_real_tanh === true
          ? { ...base, fn: 'tanh', params: {} }
          : { ...base, fn: 'hard_tanh', params: { slope: 0.5, shift: 0.5 } };
      case 'quantized_sigmoid':
        return q.config.use_real_sigmoid === true
          ? { ...base, fn: 'sigmoid', params: {} }
          : { ...base, fn: 'hard_sigmoid', params: { slope: 0.5, shift: 0.5 } };
      default:
        throw this.err(`QKeras activation ${quoteName(q.className)} is not supported`);
    }
  }

  private act(
    ctx: Ctx,
    name: string,
    fn: ActivationFn,
    params: Partial<
      Record<'alpha' | 'theta' | 'slope' | 'shift' | 'maxValue' | 'ternaryThreshold', number>
    > = {},
    quantized?: Record<string, string>,
  ): void {
    const input = this.one(ctx);
    this.add(
      {
        kind: 'Activation',
        name,
        activation: fn,
        ...params,
        inputs: [input],
        outputShape: ctx.shapes[0] as readonly number[],
        source: this.src(ctx),
        ...(quantized ? { quantized } : {}),
      },
      name === ctx.l.name ? name : undefined,
    );
  }

  private softmax(ctx: Ctx, name: string, axis: number): void {
    const input = this.one(ctx);
    const shape = ctx.shapes[0] as readonly number[];
    const a = axis < 0 ? shape.length + axis : axis - 1;
    if (a !== shape.length - 1)
      throw this.err(
        `softmax over axis ${axis} is not supported`,
        'hls4ml computes softmax over the last axis only.',
      );
    this.add(
      { kind: 'Softmax', name, axis: -1, inputs: [input], outputShape: shape, source: this.src(ctx) },
      name === ctx.l.name ? name : undefined,
    );
  }

  private activationLayer(ctx: Ctx): void {
    const spec = this.activationSpec(ctx.c.activation);
    if (spec === null) throw this.err('the activation layer names no activation', RESAVE_HINT);
    if (spec.kind === 'softmax') return this.softmax(ctx, ctx.l.name, -1);
    this.act(ctx, ctx.l.name, spec.fn, spec.params, spec.quantized);
  }

  private relu(ctx: Ctx): void {
    const slope = this.num(ctx, ['negative_slope'], 0);
    const max = ctx.c.max_value;
    const threshold = this.num(ctx, ['threshold'], 0);
    if (slope !== 0) return this.act(ctx, ctx.l.name, 'leaky_relu', { alpha: slope });
    if (threshold !== 0) return this.act(ctx, ctx.l.name, 'thresholded_relu', { theta: threshold });
    if (typeof max === 'number') return this.act(ctx, ctx.l.name, 'relu6', { maxValue: max });
    this.act(ctx, ctx.l.name, 'relu');
  }

  private prelu(ctx: Ctx): void {
    const shape = this.in0(ctx);
    const shared = ctx.c.shared_axes;
    if (shared !== undefined && shared !== null)
      throw this.err('PReLU with shared_axes is not supported', 'hls4ml requires shared_axes=None.');
    const alpha = this.w(ctx, this.weights.weightsOf(ctx.l), 'alpha', shape);
    this.add(
      {
        kind: 'PReLU',
        name: ctx.l.name,
        alpha,
        inputs: [this.one(ctx)],
        outputShape: shape,
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private dense(ctx: Ctx): void {
    const shape = this.in0(ctx);
    const nIn = shape[shape.length - 1] as number;
    const units = this.num(ctx, ['units', 'output_dim'], NaN);
    if (!Number.isInteger(units) || units <= 0) throw this.err('the layer has no valid units', RESAVE_HINT);
    const ws = this.weights.weightsOf(ctx.weightsFrom ?? ctx.l);
    let weight = this.w(ctx, ws, 'kernel', [nIn, units]);
    let bias = this.optional(ctx, ws, 'bias', [units]);
    const quantized: Record<string, string> = {};
    let encoding: 'exponent' | 'xnor' | undefined;
    if (ctx.cls === 'BinaryDense' || ctx.cls === 'TernaryDense') {
      const h = ctx.c.H;
      if (typeof h === 'number' && h !== 1)
        throw this.err(
          `${ctx.cls} with H=${h} is not supported`,
          'hls4ml reads binary/ternary layers with H=1.',
        );
      const fn = ctx.cls === 'BinaryDense' ? binarize : ternarize;
      weight = { shape: weight.shape, data: fn(weight.data) };
      quantized.weight = 'int<2>';
      if (bias) {
        bias = { shape: bias.shape, data: fn(bias.data) };
        quantized.bias = 'int<2>';
      }
    } else if (ctx.cls === 'QDense') {
      ({ weight, bias, encoding } = this.quantizeKernel(ctx, weight, bias, quantized, true));
    }
    const name = ctx.l.name;
    if (prod(shape) !== nIn) {
      // hls4ml's replace_multidimensional_dense_with_conv: a Dense over [T, F] or [H, W, F] is a pointwise
      // Conv1D/Conv2D of the same name (the Dense applied to every position).
      if (shape.length > 3)
        throw this.err(
          `a Dense over a ${shape.length}-D input ${fmt(shape)} is not supported`,
          'hls4ml turns a Dense over a 2-D or 3-D input into a pointwise Conv1D/Conv2D; flatten or reshape first.',
        );
      if (encoding)
        throw this.err(
          `a ${encoding === 'xnor' ? 'binary' : 'power-of-two'} kernel on a Dense over ${fmt(shape)} is not supported`,
          'hls4ml runs this Dense as a pointwise convolution, which takes fixed-point weights only.',
        );
      this.pointwise(ctx, name, shape, weight, bias, quantized);
      this.inlineActivation(ctx, name);
      return;
    }
    this.add({
      kind: 'Dense',
      name,
      nIn,
      nOut: units,
      weight,
      bias,
      inputs: [this.one(ctx)],
      outputShape: [...shape.slice(0, -1), units],
      source: this.src(ctx),
      ...(Object.keys(quantized).length ? { quantized } : {}),
      ...(encoding ? { weightEncoding: encoding } : {}),
    });
    this.inlineActivation(ctx, name);
  }

  private foldConvBatchnorm(
    ctx: Ctx,
    ws: LayerWeights,
    weight: FloatTensor,
    bias: FloatTensor | null,
  ): { weight: FloatTensor; bias: FloatTensor } {
    const axis = ctx.c.axis;
    const ax = Array.isArray(axis) ? axis[0] : axis;
    if (typeof ax === 'number' && ax !== -1 && ax !== 3)
      throw this.err(
        `batch normalization over axis ${ax} is not supported`,
        'hls4ml folds a batch norm over the channel (last) axis.',
      );
    const n = weight.shape[weight.shape.length - 1] as number;
    const folded = foldConvBatchnorm(weight.data, bias?.data ?? null, {
      gamma: ctx.c.scale === false ? null : this.w(ctx, ws, 'gamma', [n]).data,
      beta: ctx.c.center === false ? null : this.w(ctx, ws, 'beta', [n]).data,
      mean: this.w(ctx, ws, 'moving_mean', [n]).data,
      variance: this.w(ctx, ws, 'moving_variance', [n]).data,
      epsilon: this.num(ctx, ['epsilon'], 1e-3),
    });
    return { weight: { shape: weight.shape, data: folded.weight }, bias: { shape: [n], data: folded.bias } };
  }

  /**
   * The IR layers of Keras layer `l` converted on an input of `stepShape` (one time step of a
   * TimeDistributed input), taken back out of the model for the caller to place.
   */
  private stepLayers(l: KerasLayer, stepShape: readonly number[], weightsFrom: KerasLayer): Layer[] {
    const step = `${l.name}\u0000time_step`;
    this.shapeOf.set(step, stepShape);
    this.alias.set(step, step);
    const start = this.layers.length;
    try {
      this.layer({ ...l, inbound: [step] }, weightsFrom);
    } finally {
      this.shapeOf.delete(step);
      this.alias.delete(step);
    }
    const made = this.layers.splice(start);
    for (const m of made) this.irNames.delete(m.name);
    return made;
  }

  /** What the wrapper mappings (wrappers.ts) need from the converter. */
  private wrapperHost(): WrapperHost {
    return {
      err: (m, h) => this.err(m, h),
      in0: (c) => this.in0(c),
      dense: (c) => this.dense(c),
      layer: (l, weightsFrom) => this.layer(l, weightsFrom),
      stepLayers: (l, stepShape, weightsFrom) => this.stepLayers(l, stepShape, weightsFrom),
      alias: (keras, ir) => this.alias.set(keras, this.alias.get(ir) ?? ir),
      weightsOf: (l) => this.weights.weightsOf(l),
      recurrentLayer: (c, ws, name) => this.recurrentLayer(c, ws, name),
      add: (layer, kerasName) => this.add(layer, kerasName),
      input: (c) => this.one(c),
      source: (c) => this.src(c),
    };
  }

  /** A pointwise (kernel 1) Conv1D/Conv2D applying a [nIn, nOut] kernel at every position of `shape`. */
  private pointwise(
    ctx: Ctx,
    name: string,
    shape: readonly number[],
    weight: FloatTensor,
    bias: FloatTensor | null,
    quantized: Record<string, string>,
  ): void {
    const rank = (shape.length - 1) as 1 | 2;
    const [nChan, nFilt] = weight.shape as [number, number];
    const ones = Array<number>(rank).fill(1);
    this.add({
      kind: 'Conv',
      name,
      inputs: [this.one(ctx)],
      source: this.src(ctx),
      rank,
      kernel: ones,
      strides: ones,
      dilations: ones,
      pads: Array<number>(2 * rank).fill(0),
      nChan,
      nFilt,
      weight: { shape: [...ones, nChan, nFilt], data: weight.data },
      bias,
      outputShape: [...shape.slice(0, -1), nFilt],
      ...(Object.keys(quantized).length ? { quantized } : {}),
    });
  }

  private quantizeKernel(
    ctx: Ctx,
    weight: FloatTensor,
    bias: FloatTensor | null,
    quantized: Record<string, string>,
    /** QDense: hls4ml's exponent (quantized_po2) and XNOR (binary) kernel types are available. */
    dense = false,
  ): { weight: FloatTensor; bias: FloatTensor | null; encoding?: 'exponent' | 'xnor' } {
    const kq = parseQuantizer(ctx.c.kernel_quantizer ?? ctx.c.depthwise_quantizer);
    const bq = parseQuantizer(ctx.c.bias_quantizer);
    let w = weight;
    let b = bias;
    let encoding: 'exponent' | 'xnor' | undefined;
    if (kq && dense) {
      const k = kernelQuantization(kq, weight.data);
      quantized.weight = k.precision;
      w = { shape: weight.shape, data: k.data };
      encoding = k.encoding;
    } else if (kq) {
      quantized.weight = weightPrecision(kq);
      w = { shape: weight.shape, data: quantizeWeights(kq, weight.data) };
    }
    if (bq && bias) {
      quantized.bias = weightPrecision(bq);
      b = { shape: bias.shape, data: quantizeWeights(bq, bias.data) };
    }
    return { weight: w, bias: b, ...(encoding ? { encoding } : {}) };
  }

  private batchNorm(ctx: Ctx): void {
    const shape = this.in0(ctx);
    const axis = ctx.c.axis;
    const ax = Array.isArray(axis) ? axis[0] : axis;
    if (typeof ax === 'number' && ax !== -1 && ax !== shape.length)
      throw this.err(
        `normalization over axis ${ax} is not supported`,
        'hls4ml normalizes the last (channel) axis.',
      );
    const n = shape[shape.length - 1] as number;
    const ws = this.weights.weightsOf(ctx.weightsFrom ?? ctx.l);
    const ones = new Float32Array(n).fill(1);
    const gamma = ctx.c.scale === false ? ones : this.w(ctx, ws, 'gamma', [n]).data;
    const beta = ctx.c.center === false ? new Float32Array(n) : this.w(ctx, ws, 'beta', [n]).data;
    const mean = this.w(ctx, ws, 'moving_mean', [n]).data;
    const variance = this.w(ctx, ws, 'moving_variance', [n]).data;
    const eps = this.num(ctx, ['epsilon'], 1e-3);
    const { scale, bias } = foldBatchNorm(gamma, beta, mean, variance, eps);
    this.add(
      {
        kind: 'BatchNormalization',
        name: ctx.l.name,
        scale: { shape: [n], data: scale },
        bias: { shape: [n], data: bias },
        inputs: [this.one(ctx)],
        outputShape: shape,
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private layerNorm(ctx: Ctx): void {
    const shape = this.in0(ctx);
    const axis = ctx.c.axis;
    const ax = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
    if (typeof ax === 'number' && ax !== -1 && ax !== shape.length)
      throw this.err(
        `layer normalization over axis ${ax} is not supported`,
        'hls4ml normalizes the last axis only.',
      );
    if (Array.isArray(ax)) throw this.err('layer normalization over several axes is not supported');
    const n = shape[shape.length - 1] as number;
    const ws = this.weights.weightsOf(ctx.l);
    const gamma =
      ctx.c.scale === false
        ? { shape: [n], data: new Float32Array(n).fill(1) }
        : this.w(ctx, ws, 'gamma', [n]);
    const beta =
      ctx.c.center === false ? { shape: [n], data: new Float32Array(n) } : this.w(ctx, ws, 'beta', [n]);
    this.add(
      {
        kind: 'LayerNormalization',
        name: ctx.l.name,
        epsilon: this.num(ctx, ['epsilon'], 1e-3),
        gamma,
        beta,
        inputs: [this.one(ctx)],
        outputShape: shape,
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  /** hls4ml's compute_padding rule per axis ('same' splits the padding, the extra cell after). */
  private window(
    ctx: Ctx,
    spatial: readonly number[],
    kernel: readonly number[],
    strides: readonly number[],
    dilations: readonly number[],
  ): { out: number[]; pads: number[] } {
    const padding = typeof ctx.c.padding === 'string' ? ctx.c.padding.toLowerCase() : 'valid';
    const out: number[] = [];
    const pads: number[] = [];
    spatial.forEach((n, i) => {
      const k = ((kernel[i] as number) - 1) * (dilations[i] as number) + 1;
      const s = strides[i] as number;
      if (padding === 'same') {
        out.push(Math.ceil(n / s));
        const along = n % s === 0 ? Math.max(k - s, 0) : Math.max(k - (n % s), 0);
        pads.push(Math.floor(along / 2), along - Math.floor(along / 2));
      } else if (padding === 'valid') {
        if (n < k) throw this.err(`the window ${k} is larger than the input size ${n}`, RESAVE_HINT);
        out.push(Math.floor((n - k) / s) + 1);
        pads.push(0, 0);
      } else if (padding === 'causal' && spatial.length === 1) {
        out.push(Math.ceil(n / s));
        pads.push(k - 1, 0);
      } else {
        throw this.err(`padding '${quoteName(padding)}' is not supported`, "Use padding 'same' or 'valid'.");
      }
    });
    return { out, pads };
  }

  private channelsLast(ctx: Ctx): void {
    const df = ctx.c.data_format;
    if (typeof df === 'string' && df !== 'channels_last')
      throw this.err(
        `data_format '${quoteName(df)}' is not supported`,
        'hls4ml reads channels_last Keras models; rebuild the model with data_format="channels_last".',
      );
  }

  private conv(ctx: Ctx): void {
    this.channelsLast(ctx);
    const shape = this.in0(ctx);
    const rank = /1D$/.test(ctx.cls) ? 1 : 2;
    if (shape.length !== rank + 1)
      throw this.err(
        `expects a ${rank + 1}-D input (${rank === 1 ? 'width' : 'height, width'}, channels), got ${fmt(shape)}`,
      );
    const groups = ctx.c.groups;
    if (typeof groups === 'number' && groups !== 1)
      throw this.err(
        `grouped convolution (groups=${groups}) is not supported`,
        'hls4ml supports groups=1 only.',
      );
    const kernel = this.tuple(ctx, 'kernel_size', rank, null);
    const strides = this.tuple(ctx, 'strides', rank, 1);
    const dilations = this.tuple(ctx, 'dilation_rate', rank, 1);
    const spatial = shape.slice(0, rank);
    const nChan = shape[rank] as number;
    const { out, pads } = this.window(ctx, spatial, kernel, strides, dilations);
    const ws = this.weights.weightsOf(ctx.weightsFrom ?? ctx.l);
    const win = { rank: rank as 1 | 2, kernel, strides, dilations, pads };
    const base = { name: ctx.l.name, inputs: [this.one(ctx)], source: this.src(ctx) };
    const quantized: Record<string, string> = {};
    if (/^Q?DepthwiseConv/.test(ctx.cls)) {
      const dm = this.num(ctx, ['depth_multiplier'], 1);
      let weight = this.w(ctx, ws, 'depthwise_kernel', [...kernel, nChan, dm], 'kernel');
      let bias = this.optional(ctx, ws, 'bias', [nChan * dm]);
      if (ctx.cls.startsWith('Q')) ({ weight, bias } = this.quantizeKernel(ctx, weight, bias, quantized));
      this.add({
        kind: 'DepthwiseConv',
        ...base,
        ...win,
        nChan,
        depthMultiplier: dm,
        weight,
        bias,
        outputShape: [...out, nChan * dm],
        ...(Object.keys(quantized).length ? { quantized } : {}),
      });
    } else if (ctx.cls.startsWith('SeparableConv')) {
      const dm = this.num(ctx, ['depth_multiplier'], 1);
      const nFilt = this.num(ctx, ['filters'], NaN);
      this.add({
        kind: 'SeparableConv',
        ...base,
        ...win,
        nChan,
        nFilt,
        depthMultiplier: dm,
        depthwise: this.w(ctx, ws, 'depthwise_kernel', [...kernel, nChan, dm]),
        pointwise: this.w(ctx, ws, 'pointwise_kernel', [nChan * dm, nFilt]),
        bias: this.optional(ctx, ws, 'bias', [nFilt]),
        outputShape: [...out, nFilt],
      });
    } else {
      const nFilt = this.num(ctx, ['filters'], NaN);
      if (!Number.isInteger(nFilt) || nFilt <= 0)
        throw this.err('the layer has no valid filters', RESAVE_HINT);
      let weight = this.w(ctx, ws, 'kernel', [...kernel, nChan, nFilt]);
      let bias = this.optional(ctx, ws, 'bias', [nFilt]);
      // QConv2DBatchnorm: hls4ml folds the batch norm into the kernel and bias, then quantizes those.
      if (ctx.cls === 'QConv2DBatchnorm') ({ weight, bias } = this.foldConvBatchnorm(ctx, ws, weight, bias));
      if (ctx.cls.startsWith('Q')) ({ weight, bias } = this.quantizeKernel(ctx, weight, bias, quantized));
      this.add({
        kind: 'Conv',
        ...base,
        ...win,
        nChan,
        nFilt,
        weight,
        bias,
        outputShape: [...out, nFilt],
        ...(Object.keys(quantized).length ? { quantized } : {}),
      });
    }
    this.inlineActivation(ctx, ctx.l.name);
  }

  private pooling(ctx: Ctx): void {
    this.channelsLast(ctx);
    const shape = this.in0(ctx);
    const rank = /1D$/.test(ctx.cls) ? 1 : 2;
    if (shape.length !== rank + 1) throw this.err(`expects a ${rank + 1}-D input, got ${fmt(shape)}`);
    const kernel = this.tuple(ctx, 'pool_size', rank, 2);
    const strides =
      ctx.c.strides === null || ctx.c.strides === undefined ? kernel : this.tuple(ctx, 'strides', rank, 1);
    const dilations = Array<number>(rank).fill(1);
    const { out, pads } = this.window(ctx, shape.slice(0, rank), kernel, strides, dilations);
    this.add(
      {
        kind: 'Pooling',
        name: ctx.l.name,
        op: /Max/.test(ctx.cls) ? 'max' : 'average',
        countPad: false,
        rank: rank as 1 | 2,
        kernel,
        strides,
        dilations,
        pads,
        inputs: [this.one(ctx)],
        outputShape: [...out, shape[rank] as number],
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private globalPooling(ctx: Ctx): void {
    this.channelsLast(ctx);
    const shape = this.in0(ctx);
    const rank = /1D$/.test(ctx.cls) ? 1 : 2;
    if (shape.length !== rank + 1) throw this.err(`expects a ${rank + 1}-D input, got ${fmt(shape)}`);
    const keepDims = ctx.c.keepdims === true;
    const ch = shape[rank] as number;
    this.add(
      {
        kind: 'GlobalPooling',
        name: ctx.l.name,
        rank: rank as 1 | 2,
        op: /Max/.test(ctx.cls) ? 'max' : 'average',
        keepDims,
        inputs: [this.one(ctx)],
        outputShape: keepDims ? [...Array<number>(rank).fill(1), ch] : [ch],
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private reshape(ctx: Ctx, outShape: number[]): void {
    this.add(
      {
        kind: 'Reshape',
        name: ctx.l.name,
        inputs: [this.one(ctx)],
        outputShape: outShape,
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private reshapeLayer(ctx: Ctx): void {
    const total = prod(this.in0(ctx));
    const t = ctx.c.target_shape;
    if (!Array.isArray(t) || !t.every((d) => typeof d === 'number'))
      throw this.err('the Reshape layer has no target_shape', RESAVE_HINT);
    const dims = t as number[];
    const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const out = dims.map((d) => (d === -1 ? total / known : d));
    if (prod(out) !== total || !out.every((d) => Number.isInteger(d) && d > 0))
      throw this.err(`cannot reshape ${total} values to ${fmt(dims)}`, RESAVE_HINT);
    this.reshape(ctx, out);
  }

  private permute(ctx: Ctx): void {
    const shape = this.in0(ctx);
    const dims = ctx.c.dims;
    if (!Array.isArray(dims) || dims.length !== shape.length)
      throw this.err(
        `Permute dims ${JSON.stringify(dims)} do not match the input ${fmt(shape)}`,
        RESAVE_HINT,
      );
    const perm = (dims as number[]).map((d) => d - 1);
    this.add(
      {
        kind: 'Transpose',
        name: ctx.l.name,
        perm,
        inputs: [this.one(ctx)],
        outputShape: perm.map((p) => shape[p] as number),
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  /** ZeroPadding / Cropping amounts as [before, after] per spatial axis. */
  private amounts(ctx: Ctx, key: string, rank: number): number[] {
    const v = ctx.c[key];
    if (typeof v === 'number') return Array<number>(rank * 2).fill(v);
    if (Array.isArray(v)) {
      if (rank === 1 && v.length === 2 && v.every((x) => typeof x === 'number')) return v as number[];
      if (rank === 2 && v.length === 2) {
        const [a, b] = v;
        if (typeof a === 'number' && typeof b === 'number') return [a, a, b, b];
        if (Array.isArray(a) && Array.isArray(b)) return [...(a as number[]), ...(b as number[])];
      }
    }
    throw this.err(`attribute ${key} = ${JSON.stringify(v) ?? 'missing'} is not understood`, RESAVE_HINT);
  }

  private padCrop(ctx: Ctx): void {
    this.channelsLast(ctx);
    const shape = this.in0(ctx);
    const rank = /1D$/.test(ctx.cls) ? 1 : 2;
    if (shape.length !== rank + 1) throw this.err(`expects a ${rank + 1}-D input, got ${fmt(shape)}`);
    const crop = ctx.cls.startsWith('Cropping');
    const amounts = this.amounts(ctx, crop ? 'cropping' : 'padding', rank);
    const out = shape.map((d, i) =>
      i < rank ? d + (crop ? -1 : 1) * ((amounts[2 * i] as number) + (amounts[2 * i + 1] as number)) : d,
    );
    if (out.some((d) => d <= 0)) throw this.err(`cropping ${fmt(amounts)} leaves nothing of ${fmt(shape)}`);
    const base = {
      name: ctx.l.name,
      rank: rank as 1 | 2,
      inputs: [this.one(ctx)],
      outputShape: out,
      source: this.src(ctx),
    };
    this.add(
      crop ? { kind: 'Cropping', ...base, crops: amounts } : { kind: 'ZeroPadding', ...base, pads: amounts },
      ctx.l.name,
    );
  }

  private upsampling(ctx: Ctx): void {
    this.channelsLast(ctx);
    const shape = this.in0(ctx);
    const rank = /1D$/.test(ctx.cls) ? 1 : 2;
    if (shape.length !== rank + 1) throw this.err(`expects a ${rank + 1}-D input, got ${fmt(shape)}`);
    const size = this.tuple(ctx, 'size', rank, 2);
    const interp = typeof ctx.c.interpolation === 'string' ? ctx.c.interpolation : 'nearest';
    if (interp !== 'nearest' && interp !== 'bilinear')
      throw this.err(`interpolation '${quoteName(interp)}' is not supported`, "Use 'nearest' or 'bilinear'.");
    this.add(
      {
        kind: 'Resize',
        name: ctx.l.name,
        rank: rank as 1 | 2,
        method: interp,
        alignCorners: false,
        inputs: [this.one(ctx)],
        outputShape: shape.map((d, i) => (i < rank ? d * (size[i] as number) : d)),
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private two(ctx: Ctx): void {
    if (ctx.ins.length !== 2)
      throw this.err(
        `merges of ${ctx.ins.length} inputs are not supported`,
        'hls4ml merges two inputs at a time; chain two-input merge layers instead.',
      );
  }

  private merge(ctx: Ctx, op: MergeOp): void {
    this.two(ctx);
    const [a, b] = ctx.shapes as [readonly number[], readonly number[]];
    const out = prod(a) >= prod(b) ? a : b;
    this.add(
      { kind: 'Merge', name: ctx.l.name, op, inputs: ctx.ins, outputShape: out, source: this.src(ctx) },
      ctx.l.name,
    );
  }

  private concatenate(ctx: Ctx): void {
    this.two(ctx);
    const [a, b] = ctx.shapes as [readonly number[], readonly number[]];
    const ax = this.num(ctx, ['axis'], -1);
    const axis = ax < 0 ? a.length + ax : ax - 1;
    if (axis < 0 || axis >= a.length || a.length !== b.length || a.some((d, i) => i !== axis && d !== b[i]))
      throw this.err(`cannot concatenate ${fmt(a)} and ${fmt(b)} on axis ${ax}`, RESAVE_HINT);
    this.add(
      {
        kind: 'Concatenate',
        name: ctx.l.name,
        axis,
        inputs: ctx.ins,
        outputShape: a.map((d, i) => (i === axis ? d + (b[i] as number) : d)),
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private dot(ctx: Ctx): void {
    this.two(ctx);
    const [a, b] = ctx.shapes as [readonly number[], readonly number[]];
    if (a.length !== 1 || b.length !== 1 || a[0] !== b[0])
      throw this.err(
        `Dot of ${fmt(a)} and ${fmt(b)} is not supported`,
        'hls4ml supports Dot of two equal-length vectors.',
      );
    if (ctx.c.normalize === true)
      throw this.err('Dot with normalize=True is not supported', 'Use normalize=False.');
    this.add(
      { kind: 'Dot', name: ctx.l.name, inputs: ctx.ins, outputShape: [1], source: this.src(ctx) },
      ctx.l.name,
    );
  }

  private embedding(ctx: Ctx): void {
    const shape = this.in0(ctx);
    const vocab = this.num(ctx, ['input_dim'], NaN);
    const nOut = this.num(ctx, ['output_dim'], NaN);
    const weight = this.w(ctx, this.weights.weightsOf(ctx.l), 'embeddings', [vocab, nOut]);
    this.add(
      {
        kind: 'Embedding',
        name: ctx.l.name,
        vocab,
        nOut,
        weight,
        inputs: [this.one(ctx)],
        outputShape: [...shape, nOut],
        source: this.src(ctx),
      },
      ctx.l.name,
    );
  }

  private rnnActivation(ctx: Ctx, key: string, dflt: string): ActivationFn {
    const v = ctx.c[key];
    const name = typeof v === 'string' ? v : isObject(v) && typeof v.config === 'string' ? v.config : dflt;
    const fn = ACTIVATIONS[name];
    if (!fn) throw this.err(`${key} '${quoteName(name)}' is not supported`);
    return fn;
  }

  private recurrent(ctx: Ctx): void {
    this.add(this.recurrentLayer(ctx, this.weights.weightsOf(ctx.l)), ctx.l.name);
  }

  /** The IR of a SimpleRNN / LSTM / GRU from its config and weights (also one direction of a Bidirectional). */
  private recurrentLayer(ctx: Ctx, ws: LayerWeights, name = ctx.l.name): RecurrentLayer {
    const shape = this.in0(ctx);
    if (shape.length !== 2) throw this.err(`expects a [time, features] input, got ${fmt(shape)}`);
    if (ctx.c.go_backwards === true)
      throw this.err('go_backwards=True is not supported', 'hls4ml reads forward RNNs only.');
    if (ctx.c.return_state === true)
      throw this.err('return_state=True is not supported', 'Return sequences or the last output only.');
    const kind = ctx.cls as 'SimpleRNN' | 'LSTM' | 'GRU';
    const gates = kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1;
    const units = this.num(ctx, ['units'], NaN);
    const nIn = shape[1] as number;
    const resetAfter = kind === 'GRU' && ctx.c.reset_after === true;
    const kernel = this.w(ctx, ws, 'kernel', [nIn, gates * units]);
    const recurrentKernel = this.w(ctx, ws, 'recurrent_kernel', [units, gates * units]);
    let bias: FloatTensor | null = null;
    let recurrentBias: FloatTensor | null = null;
    if (ctx.c.use_bias !== false && ws.has('bias')) {
      if (resetAfter) {
        const both = this.w(ctx, ws, 'bias', [2, gates * units]);
        bias = { shape: [gates * units], data: both.data.slice(0, gates * units) };
        recurrentBias = { shape: [gates * units], data: both.data.slice(gates * units) };
      } else bias = this.w(ctx, ws, 'bias', [gates * units]);
    }
    const returnSequences = ctx.c.return_sequences === true;
    return {
      kind,
      name,
      units,
      returnSequences,
      activation: this.rnnActivation(ctx, 'activation', 'tanh'),
      recurrentActivation:
        kind === 'SimpleRNN' ? 'linear' : this.rnnActivation(ctx, 'recurrent_activation', 'sigmoid'),
      resetAfter,
      kernel,
      recurrentKernel,
      bias,
      recurrentBias,
      inputs: [this.one(ctx)],
      outputShape: returnSequences ? [shape[0] as number, units] : [units],
      source: this.src(ctx),
    };
  }

  /**
   * HGQ FixedPointQuantizer. One type for every element folds into the precision of the tensor it
   * quantizes (the producer's result when that is unset or already equal, else a linear activation with
   * that result, as QONNX Quant folds); per-element types become a FixedPointQuantizer layer.
   */
  private fixedPointQuantizer(ctx: Ctx): void {
    const input = this.one(ctx);
    const shape = this.in0(ctx);
    const q = readHgqQuantizer(ctx.c, this.weights.weightsOf(ctx.l), shape);
    if (q.b === null) {
      // Fusible without weights: hls4ml removes it; the overrides already gave the producer its type.
      this.alias.set(ctx.l.name, input);
      return;
    }
    const uniform = uniformPrecision(q);
    if (uniform !== null) {
      const at = this.layers.findIndex((x) => x.name === input);
      const producer = this.layers[at] as Layer;
      const current = producer.quantized?.['result'];
      // Folding retypes the producer's output: only when this quantizer is its one reader.
      const sole = (this.readers.get(ctx.l.inbound[0] ?? '') ?? 0) === 1 && producer.kind !== 'Input';
      if (sole && (current === undefined || samePrecision(current, uniform))) {
        this.layers[at] = { ...producer, quantized: { ...producer.quantized, result: uniform } };
        this.alias.set(ctx.l.name, input);
        return;
      }
      this.act(ctx, ctx.l.name, 'linear', {}, { result: uniform });
      return;
    }
    const result = this.hgqOverrides.get(ctx.l.name)?.['result'] ?? coveringPrecision(q);
    this.add(
      {
        kind: 'FixedPointQuantizer',
        name: ctx.l.name,
        inputs: [input],
        outputShape: shape,
        source: this.src(ctx),
        quantized: { result },
        keepNegative: q.k as number[],
        bits: q.b,
        integers: q.i as number[],
        rounding: q.rounding,
        overflow: q.overflow,
      },
      ctx.l.name,
    );
  }

  private unaryLut(ctx: Ctx): void {
    const shape = this.in0(ctx);
    this.add(unaryLutLayer(ctx, this.one(ctx), shape, this.weights.weightsOf(ctx.l)), ctx.l.name);
  }
}

/** HGQ UnaryLUT: the table with its kif_out type as table_t (and result_t, which hls4ml sets to table_t). */
function unaryLutLayer(ctx: Ctx, input: string, shape: readonly number[], ws: LayerWeights): Layer {
  const { table, precision, kifIn } = readUnaryLut(ctx.c, ws);
  return {
    kind: 'UnaryLUT',
    name: ctx.l.name,
    inputs: [input],
    outputShape: shape,
    source: { op: ctx.cls, node: ctx.l.name },
    quantized: { table: precision, result: precision },
    table,
    ...(kifIn ? { kifIn } : {}),
  };
}

export function convertKeras(model: FlatModel, weights: WeightStore, opts: ConvertKerasOptions): ModelGraph {
  return new Converter(weights, opts.file).run(model, opts);
}
