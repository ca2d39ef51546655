/**
 * ModelGraph: what a frontend produces from a model file. Float weights, inferred shapes, names as the
 * model wrote them. Shapes exclude the batch dimension and are channels-last inside the graph.
 * The graph never carries design choices (precisions, reuse factors): those live in DesignConfig.
 */

export type ActivationFn = 'linear' | 'relu' | 'sigmoid' | 'tanh';
export type SoftmaxImplementation = 'stable' | 'latency' | 'legacy' | 'argmax';

/** Float tensor with its logical shape (row-major). */
export interface FloatTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

interface LayerBase {
  /** Unique name as written in the model (ONNX node name, Keras layer name, torch module name). */
  readonly name: string;
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
}

export interface ActivationLayer extends LayerBase {
  readonly kind: 'Activation';
  readonly activation: ActivationFn;
}

export interface SoftmaxLayer extends LayerBase {
  readonly kind: 'Softmax';
  /** Axis in the (channels-last, batch-free) output tensor; -1 = last. */
  readonly axis: number;
}

export type Layer = InputLayer | DenseLayer | ActivationLayer | SoftmaxLayer;
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
}

export function layerByName(g: ModelGraph, name: string): Layer | undefined {
  return g.layers.find((l) => l.name === name);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
