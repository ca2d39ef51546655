/**
 * What the Quartus backend handles today, in one place for the emulator and the project writer: a
 * Quartus design is emulated with Quartus semantics or refused, never silently with Vivado's.
 *
 * Supported: Input, Dense (resource matrix multiply), Conv1D/Conv2D without dilation (im2col into the
 * same multiply), the activations linear / relu (with or without a maximum) / relu6 / leaky_relu /
 * thresholded_relu / hard_sigmoid / hard_tanh / sigmoid / tanh / softsign / softplus / elu / selu /
 * binary_tanh / ternary_tanh, PReLU, Embedding, stable / latency / legacy / argmax softmax over a 1-D
 * input, BatchNormalization, the element-wise Merge operations and Dot, max and average pooling with
 * pool == stride (average: where hls4ml's rescaling is exactly 1), global pooling, Concatenate,
 * Reshape/Flatten, Transpose, ZeroPadding, Cropping, nearest Resize, SimpleRNN and LSTM (with or without a
 * recurrent bias), and GRU (reset after); on oneAPI only, DepthwiseConv1D/2D and SeparableConv1D/2D
 * without dilation (hls4ml's Quartus templates have no depthwise kernel). LayerNormalization is refused as
 * hls4ml's Quartus / oneAPI templates have no kernel for it. Everything else is refused with an error that names the layer kind.
 */
import { StudioError } from '../errors';
import { fromDoubleBig } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { Layer, SoftmaxImplementation } from './graph';
import { hlsClassOf } from './kinds';

export const QUARTUS_ACTIVATIONS: readonly string[] = [
  'linear',
  'relu',
  'relu6',
  'leaky_relu',
  'thresholded_relu',
  'hard_sigmoid',
  'hard_tanh',
  'sigmoid',
  'tanh',
  'softsign',
  'softplus',
  'elu',
  'selu',
  'binary_tanh',
  'ternary_tanh',
];

const SUPPORTED =
  'Dense, Conv1D/2D, Activation (linear, relu, relu6, leaky_relu, thresholded_relu, hard_sigmoid, ' +
  'hard_tanh, sigmoid, tanh, softsign, softplus, elu, selu, binary_tanh, ternary_tanh), PReLU, Embedding, Dot, ' +
  'Softmax (stable, latency, legacy, argmax), BatchNormalization, Merge, Concatenate, pooling (pool = stride), global pooling, ' +
  'Reshape, Transpose, ZeroPadding, Cropping, nearest Resize, SimpleRNN, GRU and LSTM';

/** Whether the type represents the integer `n` exactly (so data_T(n) / n is 1). */
export function holdsExactly(t: FixedType, n: number): boolean {
  const raw = fromDoubleBig(n, t, 'ac');
  const f = fractionalBits(t);
  return (f >= 0 ? raw : raw << BigInt(-f)) === BigInt(n) << BigInt(Math.max(f, 0));
}

/** The backends that use these templates (oneAPI runs the Quartus kernels, fixed-point.md §7.2). */
export type IntelBackend = 'Quartus' | 'oneAPI';

function refuse(layer: Layer, what: string, backend: IntelBackend): StudioError {
  return new StudioError(
    `${what} is not supported by the ${backend} backend yet`,
    `The ${backend} backend handles ${SUPPORTED} today; choose Vivado or Vitis for this model.`,
    { node: layer.name, op: layer.source.op },
  );
}

/**
 * The error for a layer the Quartus (or oneAPI) backend cannot emulate or generate, or null when it can.
 * `softmax` is the layer's lowered softmax implementation, `outputShape` its output shape and
 * `inputType` the result type of its (first) input layer; `backend` names the backend in the message.
 */
export function quartusRefusal(
  layer: Layer,
  softmax: SoftmaxImplementation | null,
  outputShape: readonly number[],
  inputType: FixedType | null,
  backend: IntelBackend = 'Quartus',
): StudioError | null {
  switch (layer.kind) {
    case 'Dense':
      // hls4ml's special products (XNOR, power-of-two weights) are not in the Quartus templates here.
      return layer.weightEncoding
        ? refuse(
            layer,
            `Dense with ${layer.weightEncoding === 'xnor' ? 'binary (XNOR)' : 'power-of-two'} weights`,
            backend,
          )
        : null;
    case 'Input':
    case 'BatchNormalization':
    case 'Merge':
    case 'Concatenate':
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
    case 'Dot':
    case 'PReLU':
    case 'Embedding':
      return null;
    case 'Conv':
      return layer.dilations.every((d) => d === 1)
        ? null
        : refuse(layer, `a dilated ${hlsClassOf(layer)} (Quartus convolutions have no dilation)`, backend);
    case 'DepthwiseConv':
    case 'SeparableConv':
      // hls4ml's oneAPI templates have a depthwise kernel (a separable one is split into it and a 1×1
      // convolution); its Quartus templates have neither.
      if (backend === 'Quartus') {
        return new StudioError(
          `${hlsClassOf(layer)} is not supported by the Quartus backend: hls4ml's Quartus backend has no ` +
            `depthwise or separable convolution kernel`,
          'Choose Vivado, Vitis, Catapult or oneAPI for this model.',
          { node: layer.name, op: layer.source.op },
        );
      }
      return layer.dilations.every((d) => d === 1)
        ? null
        : refuse(layer, `a dilated ${hlsClassOf(layer)} (oneAPI convolutions have no dilation)`, backend);
    case 'Activation':
      return QUARTUS_ACTIVATIONS.includes(layer.activation)
        ? null
        : refuse(layer, `the ${layer.activation} activation`, backend);
    case 'Pooling': {
      // Quartus' pooling walks a window of the stride's size: only pool == stride means what it says.
      if (!layer.kernel.every((k, d) => k === layer.strides[d])) {
        return refuse(layer, `${hlsClassOf(layer)} with a pool size other than its stride`, backend);
      }
      if (layer.op === 'max') return null;
      // hls4ml rescales averages by data_T(pool size) / (cells inside the image); supported where that is 1.
      if (!layer.countPad && layer.pads.some((v) => v !== 0)) {
        return refuse(layer, `padded average ${hlsClassOf(layer)} that does not count the padding`, backend);
      }
      if (inputType && !layer.kernel.every((k) => holdsExactly(inputType, k))) {
        return refuse(
          layer,
          `average ${hlsClassOf(layer)} whose input type cannot hold the pool size`,
          backend,
        );
      }
      return null;
    }
    case 'GlobalPooling':
      return null;
    case 'SimpleRNN':
    case 'LSTM':
      // A recurrent bias (PyTorch) takes simple_rnn_pytorch / lstm_pytorch (hls4ml's Quartus LSTM has one
      // bias per gate; we follow torch); activations beyond linear / relu / sigmoid / tanh are refused by the recurrent
      // checks themselves.
      return null;
    case 'GRU':
      // hls4ml's Quartus GRU applies the reset gate after the recurrent product (reuse factor: quartusRecurrent.ts).
      return layer.resetAfter ? null : refuse(layer, 'GRU with reset_after=False', backend);
    case 'LayerNormalization':
      return new StudioError(
        `LayerNormalization is not supported by the ${backend} backend`,
        `hls4ml's Quartus and oneAPI backends have no LayerNormalization kernel; choose Vivado or Vitis for this model.`,
        { node: layer.name, op: layer.source.op },
      );
    case 'Softmax':
      if (softmax === null) return refuse(layer, 'this softmax', backend);
      return outputShape.filter((d) => d !== 1).length > 1
        ? refuse(layer, 'softmax over a multi-dimensional tensor (io_parallel takes 1-D only)', backend)
        : null;
    default:
      return refuse(layer, `${hlsClassOf(layer)}`, backend);
  }
}
