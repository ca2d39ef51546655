/**
 * ModelGraph: what a frontend produces from a model file. Float weights, inferred shapes, names as the
 * model wrote them. Shapes exclude the batch dimension and are channels-last inside the graph.
 * The graph never carries design choices (precisions, reuse factors): those live in DesignConfig.
 */

/**
 * Element-wise activations with hls4ml's names. Parameters live on the layer: `alpha` (leaky_relu, elu),
 * `theta` (thresholded_relu), `maxValue` (relu6 and relu with a cap), `slope`/`shift` (hard_sigmoid,
 * hard_tanh).
 */
export type ActivationFn =
  | 'linear'
  | 'relu'
  | 'relu6'
  | 'sigmoid'
  | 'tanh'
  | 'softplus'
  | 'softsign'
  | 'elu'
  | 'selu'
  | 'leaky_relu'
  | 'thresholded_relu'
  | 'hard_sigmoid'
  | 'hard_tanh'
  | 'binary_tanh'
  | 'ternary_tanh';
export type SoftmaxImplementation = 'stable' | 'latency' | 'legacy' | 'argmax';

/** Float tensor with its logical shape (row-major). */
export interface FloatTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

interface LayerBase {
  /** Unique name as written in the model (ONNX node name, Keras layer name, torch module name). */
  readonly name: string;
  /**
   * Precisions the model itself fixes, from quantizers (QKeras, QONNX, Brevitas): slot → precision string
   * (e.g. { weight: 'fixed<8,1,RND_CONV,SAT>', result: 'ufixed<6,0>' }). They rank below LayerName config
   * and above LayerType and Model, as hls4ml's config_from_* writes them per layer.
   */
  readonly quantized?: Readonly<Record<string, string>>;
  /**
   * True for a layer the studio inserted that the model file does not have (e.g. the channels-last
   * transpose after a channels-first input). hls4ml numbers such layers after all the model's own ones.
   */
  readonly inserted?: boolean;
  /** Names of the layers whose outputs this layer consumes, in argument order. */
  readonly inputs: readonly string[];
  /** Output shape without the batch dimension. */
  readonly outputShape: readonly number[];
  /** Where it came from, for error messages and the inspector. */
  readonly source: { readonly op: string; readonly node: string };
}

export interface InputLayer extends LayerBase {
  readonly kind: 'Input';
}

/** y = x·W + b with W stored input-major: weight.shape = [nIn, nOut], w[i*nOut + j]. */
export interface DenseLayer extends LayerBase {
  readonly kind: 'Dense';
  readonly nIn: number;
  readonly nOut: number;
  readonly weight: FloatTensor;
  readonly bias: FloatTensor | null;
  /**
   * How a quantizer encodes the weights in C++ (passes/denseProduct.ts): 'exponent' for power-of-two
   * weights (QKeras quantized_po2; the weight type is the exponent's int<W>), 'xnor' for 1-bit ±1
   * weights (QKeras binary kernels; uint<1>, 0 meaning −1). The float weights keep their values.
   */
  readonly weightEncoding?: 'exponent' | 'xnor';
  /**
   * Set by passes/xnorPooling.ts when the input is hls4ml's XnorPrecisionType (a binary
   * BatchNormalizationQuantizedTanh, possibly through max pooling or a flatten): the products become
   * data_binary (±w) or, with XNOR weights, both_binary (a == w).
   */
  readonly xnorInput?: boolean;
}

export interface ActivationLayer extends LayerBase {
  readonly kind: 'Activation';
  readonly activation: ActivationFn;
  /** leaky_relu negative slope, elu alpha. */
  readonly alpha?: number;
  /** thresholded_relu threshold. */
  readonly theta?: number;
  /** relu6 / capped relu maximum. */
  readonly maxValue?: number;
  /** hard_sigmoid / hard_tanh: t = slope·x + shift (hls4ml defaults 0.2 and 0.5). */
  readonly slope?: number;
  readonly shift?: number;
  /**
   * QKeras ternary activations (hls4ml's TernaryTanh): the quantizer's threshold (0.33 by default). Other
   * than 0.5, hls4ml scales the input by 0.5/threshold first (extract_ternary_threshold, passes/bnQuantizedTanh.ts).
   */
  readonly ternaryThreshold?: number;
}

/** PReLU: x > 0 ? x : alpha·x with one alpha per element (alpha.shape = outputShape, broadcast already). */
export interface PReLULayer extends LayerBase {
  readonly kind: 'PReLU';
  readonly alpha: FloatTensor;
}

export interface SoftmaxLayer extends LayerBase {
  readonly kind: 'Softmax';
  /** Axis in the (channels-last, batch-free) output tensor; -1 = last. */
  readonly axis: number;
}

/**
 * Spatial layers are channels-last and batch-free: 1D tensors are [width, channels], 2D tensors
 * [height, width, channels]. Window parameters are listed per spatial axis in that order (1D: [w],
 * 2D: [h, w]); pads are [before, after] per spatial axis, flattened: 1D [left, right], 2D [top, bottom,
 * left, right].
 */
interface WindowAttributes {
  readonly rank: 1 | 2;
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly pads: readonly number[];
}

/** Conv1D/Conv2D; weight.shape = [...kernel, nChan, nFilt] (Keras HWIO order). */
export interface ConvLayer extends LayerBase, WindowAttributes {
  readonly kind: 'Conv';
  readonly nChan: number;
  readonly nFilt: number;
  readonly weight: FloatTensor;
  readonly bias: FloatTensor | null;
  /** As DenseLayer.xnorInput (io_parallel): the products become data_binary (±w, a padded 0 gives −w). */
  readonly xnorInput?: boolean;
}

/** DepthwiseConv1D/2D; weight.shape = [...kernel, nChan, depthMultiplier]; output channels nChan·dm. */
export interface DepthwiseConvLayer extends LayerBase, WindowAttributes {
  readonly kind: 'DepthwiseConv';
  readonly nChan: number;
  readonly depthMultiplier: number;
  readonly weight: FloatTensor;
  readonly bias: FloatTensor | null;
}

/** SeparableConv1D/2D: depthwise [...kernel, nChan, dm] then pointwise [nChan·dm, nFilt]. */
export interface SeparableConvLayer extends LayerBase, WindowAttributes {
  readonly kind: 'SeparableConv';
  readonly nChan: number;
  readonly nFilt: number;
  readonly depthMultiplier: number;
  readonly depthwise: FloatTensor;
  readonly pointwise: FloatTensor;
  readonly bias: FloatTensor | null;
}

/** Max/average pooling over a window (kernel = pool size; dilations all 1). */
export interface PoolingLayer extends LayerBase, WindowAttributes {
  readonly kind: 'Pooling';
  readonly op: 'max' | 'average';
  /** Average pooling divides by the whole window, padded cells included. */
  readonly countPad: boolean;
}

export interface GlobalPoolingLayer extends LayerBase {
  readonly kind: 'GlobalPooling';
  readonly rank: 1 | 2;
  readonly op: 'max' | 'average';
  /** Output keeps the spatial axes as size 1 (outputShape says which). */
  readonly keepDims: boolean;
}

/** y = x·scale + bias per channel (last axis); scale = γ/√(σ²+ε), bias = β − μ·scale in float64. */
export interface BatchNormLayer extends LayerBase {
  readonly kind: 'BatchNormalization';
  readonly scale: FloatTensor;
  readonly bias: FloatTensor;
}

/**
 * hls4ml's BatchNormalizationQuantizedTanh (never in a model file; made by passes/bnQuantizedTanh.ts from
 * a batch norm followed by binary_tanh / ternary_tanh): per channel (last axis) the input is compared
 * with thresholds already on the input type's grid. binary: x > threshold → 1 else 0 (ap_uint<1>);
 * ternary: x > hi → 1, x ≤ lo → −1, else 0 (ap_int<2>). `thresholdLo` is null for binary.
 * `binaryGe`: the binary test is x ≥ threshold instead (hls4ml's Vivado io_stream and Catapult kernels).
 */
export interface BatchNormQuantizedTanhLayer extends LayerBase {
  readonly kind: 'BatchNormalizationQuantizedTanh';
  readonly quantize: 'binary' | 'ternary';
  readonly binaryGe: boolean;
  /** The model's batch norm and activation this layer replaces (for the inspector). */
  readonly fusedFrom: readonly string[];
  readonly threshold: FloatTensor;
  readonly thresholdLo: FloatTensor | null;
}

/** Layer normalization over the last axis. */
export interface LayerNormLayer extends LayerBase {
  readonly kind: 'LayerNormalization';
  readonly epsilon: number;
  readonly gamma: FloatTensor;
  readonly beta: FloatTensor;
}

export type MergeOp = 'add' | 'subtract' | 'multiply' | 'average' | 'maximum' | 'minimum';

/** Element-wise merge of two inputs (broadcast by index modulo each input's size, as hls4ml does). */
export interface MergeLayer extends LayerBase {
  readonly kind: 'Merge';
  readonly op: MergeOp;
}

export interface ConcatenateLayer extends LayerBase {
  readonly kind: 'Concatenate';
  /** Axis in the batch-free output tensor (non-negative). */
  readonly axis: number;
}

/** Dot product of two 1-D inputs (Keras Dot). */
export interface DotLayer extends LayerBase {
  readonly kind: 'Dot';
}

/** Reshape and Flatten: a view; the values keep their (channels-last, row-major) order. */
export interface ReshapeLayer extends LayerBase {
  readonly kind: 'Reshape';
}

export interface TransposeLayer extends LayerBase {
  readonly kind: 'Transpose';
  /** Permutation of the batch-free axes. */
  readonly perm: readonly number[];
}

export interface ZeroPaddingLayer extends LayerBase {
  readonly kind: 'ZeroPadding';
  readonly rank: 1 | 2;
  /** As WindowAttributes.pads. */
  readonly pads: readonly number[];
}

export interface CroppingLayer extends LayerBase {
  readonly kind: 'Cropping';
  readonly rank: 1 | 2;
  /** [before, after] per spatial axis, flattened like pads. */
  readonly crops: readonly number[];
}

/** Upsampling / Resize; output sizes are in outputShape. */
export interface ResizeLayer extends LayerBase {
  readonly kind: 'Resize';
  readonly rank: 1 | 2;
  readonly method: 'nearest' | 'bilinear';
  readonly alignCorners: boolean;
}

/** Embedding: integer indices in, rows of weight [vocab, nOut] out. */
export interface EmbeddingLayer extends LayerBase {
  readonly kind: 'Embedding';
  readonly vocab: number;
  readonly nOut: number;
  readonly weight: FloatTensor;
}

/**
 * SimpleRNN / LSTM / GRU over a [time, features] input. Gate order follows the framework the weights came
 * from, normalised here to Keras order: LSTM i, f, c, o; GRU z, r, h. kernel [nIn, gates·units],
 * recurrent [units, gates·units]; biases [gates·units] (recurrentBias only where the framework has two).
 */
export interface RecurrentLayer extends LayerBase {
  readonly kind: 'SimpleRNN' | 'LSTM' | 'GRU';
  readonly units: number;
  readonly returnSequences: boolean;
  readonly activation: ActivationFn;
  readonly recurrentActivation: ActivationFn;
  /** GRU: reset gate applied after the recurrent matmul (Keras reset_after, torch, ONNX linear_before_reset). */
  readonly resetAfter: boolean;
  readonly kernel: FloatTensor;
  readonly recurrentKernel: FloatTensor;
  readonly bias: FloatTensor | null;
  readonly recurrentBias: FloatTensor | null;
}

/**
 * Keras Bidirectional(LSTM|GRU): one recurrent layer per direction over the same [time, features] input.
 * The backward one reads the input reversed in time; with return sequences its outputs are put back in
 * input time order (as Keras does). Each direction keeps its own kind, units, activations and weights;
 * the wrapper's returnSequences holds for both. merge_mode 'concat' gives [fwd, bwd] per time step (or
 * once, for the last output); the other Keras modes are kept so the graph can show them, and refused
 * by the stages (hls4ml's validate_bidirectional_merge_mode).
 */
export interface BidirectionalLayer extends LayerBase {
  readonly kind: 'Bidirectional';
  readonly mergeMode: 'concat' | 'sum' | 'mul' | 'ave';
  readonly returnSequences: boolean;
  readonly forward: RecurrentLayer;
  readonly backward: RecurrentLayer;
}

/**
 * HGQ's heterogeneous FixedPointQuantizer: element e of the (flattened) tensor becomes the fixed-point
 * number with bits[e] bits, integers[e] integer bits (sign included) and a sign when keepNegative[e] is 1,
 * converted with `rounding`/`overflow`; bits[e] = 0 gives 0. Arrays hold one entry per output element.
 */
export interface FixedPointQuantizerLayer extends LayerBase {
  readonly kind: 'FixedPointQuantizer';
  readonly keepNegative: readonly number[];
  readonly bits: readonly number[];
  readonly integers: readonly number[];
  readonly rounding: string;
  readonly overflow: string;
}

/**
 * HGQ's UnaryLUT (hls4ml-facts.md §7.2): a function of one element given as a table. The input's raw bit
 * pattern (all W bits, read unsigned) indexes `table`; the entry, stored in table_t, is the output.
 */
export interface UnaryLUTLayer extends LayerBase {
  readonly kind: 'UnaryLUT';
  readonly table: FloatTensor;
  /** HGQ's kif_in (keep_negative, integer bits without the sign, fractional bits), for the float reference. */
  readonly kifIn?: readonly [number, number, number];
}

/**
 * Keras TimeDistributed around a layer whose window would cross time steps (convolutions, pooling, …):
 * hls4ml's loop over the first axis, running `inner` on each time step. `inner` has this layer's name and
 * inputs and its per-step output shape; this layer's output is [timeSteps, …inner.outputShape].
 */
export interface TimeDistributedLayer extends LayerBase {
  readonly kind: 'TimeDistributed';
  readonly timeSteps: number;
  readonly inner: Layer;
}

export type Layer =
  | InputLayer
  | DenseLayer
  | ActivationLayer
  | PReLULayer
  | SoftmaxLayer
  | ConvLayer
  | DepthwiseConvLayer
  | SeparableConvLayer
  | PoolingLayer
  | GlobalPoolingLayer
  | BatchNormLayer
  | BatchNormQuantizedTanhLayer
  | LayerNormLayer
  | MergeLayer
  | ConcatenateLayer
  | DotLayer
  | ReshapeLayer
  | TransposeLayer
  | ZeroPaddingLayer
  | CroppingLayer
  | ResizeLayer
  | EmbeddingLayer
  | RecurrentLayer
  | BidirectionalLayer
  | FixedPointQuantizerLayer
  | UnaryLUTLayer
  | TimeDistributedLayer;
export type LayerKind = Layer['kind'];

export interface ModelGraph {
  /** Model name (from the file name or the model's own metadata). */
  readonly name: string;
  /** File format the graph came from, e.g. 'onnx'. */
  readonly format: string;
  /** Layers in topological order. Input layers come first. */
  readonly layers: readonly Layer[];
  /** Names of the Input layers, in the model's input order. */
  readonly inputs: readonly string[];
  /** Names of the layers whose outputs are the model outputs, in order. */
  readonly outputs: readonly string[];
  /** Free-form facts shown in the studio (producer, opset, …). */
  readonly metadata: Readonly<Record<string, string>>;
  /** ONNX only: per layer, the file's tensor that holds its output in float (per-layer error vs float). */
  readonly floatTaps?: Readonly<Record<string, FloatTap>>;
}

/**
 * A model-file tensor holding a layer's output. `channelsFirst`: the tensor is the channels-first form
 * of this logical shape (without batch), and the layer holds it channels-last.
 */
export interface FloatTap {
  readonly tensor: string;
  readonly channelsFirst: readonly number[] | null;
}

export function layerByName(g: ModelGraph, name: string): Layer | undefined {
  return g.layers.find((l) => l.name === name);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
