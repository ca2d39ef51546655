/**
 * What the Quartus (and oneAPI, the same kernels) backend generates and emulates with io_stream, beyond what quartusSupport.ts takes for
 * io_parallel (hls/quartus_stream_utils/README.md). A tensor travels as words of one pixel's channels
 * (the whole vector for a 1-d tensor), as in hls4ml's Quartus io_stream.
 *
 * Streamed: Input, Dense on a 1-d input, Conv1D/2D (a line buffer; padding as zeros), the activations
 * linear / relu / leaky_relu / thresholded_relu / hard_sigmoid / hard_tanh / sigmoid / tanh / softsign /
 * softplus / elu / selu / binary_tanh / ternary_tanh, PReLU, stable / latency / legacy / argmax softmax over a 1-d input,
 * GRU,
 * BatchNormalization, the element-wise merges on inputs of the output's shape, Concatenate along the last
 * axis, pooling without padding, global pooling, Reshape / Flatten, Transpose, ZeroPadding, Cropping,
 * nearest Resize and Embedding of a 1-d input. Everything else is refused with the layer and kind named;
 * where hls4ml's Quartus io_stream has no kernel at all (relu_max, SimpleRNN, LSTM), the message says so.
 */
import { StudioError } from '../errors';
import type { Layer } from './graph';
import { hlsClassOf } from './kinds';
import { QUARTUS_ACTIVATIONS, type IntelBackend } from './quartusSupport';
import type { SoftmaxImplementation } from './graph';

/** The io_parallel activations but relu6: hls4ml's Quartus io_stream has no relu with a maximum. */
export const QUARTUS_STREAM_ACTIVATIONS: readonly string[] = QUARTUS_ACTIVATIONS.filter((a) => a !== 'relu6');

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function refuseIn(layer: Layer, what: string, backend: IntelBackend): StudioError {
  return new StudioError(
    `${what} is not supported by the ${backend} io_stream backend yet`,
    'Choose io_parallel for this model (Model settings → IO type), or remove the layer.',
    { node: layer.name, op: layer.source.op },
  );
}

/** A layer that hls4ml's Quartus io_stream has no kernel for (so we have none either). */
function refuseNoKernel(layer: Layer, what: string, kernel: string, backend: IntelBackend): StudioError {
  return new StudioError(
    `${what} is not supported by the ${backend} io_stream backend: hls4ml's Quartus io_stream has no ${kernel}`,
    'Choose io_parallel for this model (Model settings → IO type), or remove the layer.',
    { node: layer.name, op: layer.source.op },
  );
}

/**
 * The error for a layer that Quartus io_stream cannot generate or emulate, or null. `inputShapes` are the
 * output shapes of the layer's inputs, `softmax` its lowered softmax implementation; `backend` names the
 * backend in the message (oneAPI runs the same kernels).
 */
export function quartusStreamRefusal(
  layer: Layer,
  outputShape: readonly number[],
  inputShapes: readonly (readonly number[])[],
  softmax: SoftmaxImplementation | null,
  backend: IntelBackend = 'Quartus',
): StudioError | null {
  const inShape = inputShapes[0] ?? [];
  const refuse = (l: Layer, what: string): StudioError => refuseIn(l, what, backend);
  switch (layer.kind) {
    case 'Input':
    case 'Conv':
    case 'BatchNormalization':
    case 'PReLU':
    case 'GlobalPooling':
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
      return null;
    case 'Embedding':
      return inShape.length > 1 ? refuse(layer, `Embedding of a ${inShape.length}-d input`) : null;
    case 'Dense':
      return inShape.length > 1
        ? refuse(layer, `Dense on a ${inShape.length}-d input (flatten it first)`)
        : null;
    case 'GRU':
      return null;
    case 'SimpleRNN':
    case 'LSTM':
      return refuseNoKernel(layer, hlsClassOf(layer), layer.kind, backend);
    case 'Activation':
      if (layer.activation === 'relu6' || (layer.activation === 'relu' && layer.maxValue !== undefined)) {
        const what = layer.activation === 'relu6' ? 'the relu6 activation' : 'relu with a maximum value';
        return refuseNoKernel(layer, what, 'relu_max', backend);
      }
      return QUARTUS_STREAM_ACTIVATIONS.includes(layer.activation)
        ? null
        : refuse(layer, `the ${layer.activation} activation`);
    case 'Softmax':
      return outputShape.filter((d) => d !== 1).length > 1
        ? refuse(layer, 'softmax over a multi-dimensional tensor')
        : null;
    case 'Merge': {
      const b = inputShapes[1] ?? [];
      const n = product(outputShape);
      const last = (s: readonly number[]): number => (s.length > 1 ? s[s.length - 1]! : product(s));
      if (
        product(inShape) !== n ||
        product(b) !== n ||
        last(inShape) !== last(outputShape) ||
        last(b) !== last(outputShape)
      ) {
        return refuse(
          layer,
          `a broadcasting ${hlsClassOf(layer)} (io_stream merges take two inputs of the output's shape)`,
        );
      }
      return null;
    }
    case 'Concatenate':
      return layer.axis === outputShape.length - 1
        ? null
        : refuse(layer, 'Concatenate along an axis other than the last');
    case 'DepthwiseConv':
    case 'SeparableConv':
      // hls4ml's oneAPI io_stream has no task-sequence kernel for them (Quartus refuses them in io_parallel).
      return new StudioError(
        `${hlsClassOf(layer)} is not supported by the ${backend} io_stream backend: hls4ml's ${backend} ` +
          'io_stream has no depthwise convolution kernel',
        'Choose io_parallel for this model (Model settings → IO type), or remove the layer.',
        { node: layer.name, op: layer.source.op },
      );
    case 'Pooling':
      return layer.pads.some((p) => p !== 0)
        ? refuse(layer, `padded ${hlsClassOf(layer)} (hls4ml's Quartus stream pooling has no padding)`)
        : null;
    default:
      return refuse(layer, hlsClassOf(layer));
  }
}
