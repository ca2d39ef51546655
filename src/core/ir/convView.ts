/**
 * A Conv layer seen as the Dense layer its im2col columns go through: weight [...kernel, nChan, nFilt]
 * flattened is exactly the input-major [kernel position × channel][filter] matrix (fixed-point.md §6.3).
 */
import type { ConvLayer, DenseLayer, DepthwiseConvLayer, SeparableConvLayer } from './graph';

export function convKernelSize(layer: ConvLayer): number {
  return layer.kernel.reduce((a, b) => a * b, 1);
}

export function convAsDense(layer: ConvLayer): DenseLayer {
  const nIn = convKernelSize(layer) * layer.nChan;
  return {
    kind: 'Dense',
    name: layer.name,
    inputs: layer.inputs,
    outputShape: [layer.nFilt],
    source: layer.source,
    nIn,
    nOut: layer.nFilt,
    weight: { shape: [nIn, layer.nFilt], data: layer.weight.data },
    bias: layer.bias,
    ...(layer.xnorInput === true ? { xnorInput: true } : {}),
  };
}

/** The two halves of a SeparableConv: a bias-free depthwise convolution and a 1×1 convolution. */
export function separableParts(layer: SeparableConvLayer): { dw: DepthwiseConvLayer; pw: ConvLayer } {
  const dwChannels = layer.nChan * layer.depthMultiplier;
  const dw: DepthwiseConvLayer = {
    kind: 'DepthwiseConv',
    name: layer.name,
    inputs: layer.inputs,
    outputShape: [...layer.outputShape.slice(0, -1), dwChannels],
    source: layer.source,
    rank: layer.rank,
    kernel: layer.kernel,
    strides: layer.strides,
    dilations: layer.dilations,
    pads: layer.pads,
    nChan: layer.nChan,
    depthMultiplier: layer.depthMultiplier,
    weight: layer.depthwise,
    bias: null,
  };
  const ones = layer.kernel.map(() => 1);
  const pw: ConvLayer = {
    kind: 'Conv',
    name: layer.name,
    inputs: layer.inputs,
    outputShape: layer.outputShape,
    source: layer.source,
    rank: layer.rank,
    kernel: ones,
    strides: ones,
    dilations: ones,
    pads: layer.kernel.flatMap(() => [0, 0]),
    nChan: dwChannels,
    nFilt: layer.nFilt,
    weight: layer.pointwise,
    bias: layer.bias,
  };
  return { dw, pw };
}
