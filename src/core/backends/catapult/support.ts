/**
 * Which layers the Catapult library (hls/catapult_nnet_utils) has kernels for. Everything else is
 * refused before any file is written, with the kind and the layer named.
 */
import { StudioError } from '../../errors';
import type { LayerKind } from '../../ir/graph';
import type { LoweredGraph, LoweredLayer } from '../../passes/lowered';
import { catapultSoftmaxTypes } from '../../emulate/catapultSoftmax';
import { catapultRecurrentRefusal } from '../../emulate/catapultRecurrent';

const SUPPORTED: ReadonlySet<LayerKind> = new Set<LayerKind>([
  'Input',
  'Dense',
  'Activation',
  'PReLU',
  'BatchNormalization',
  // made by merge_batch_norm_quantized_tanh (nnet_batchnorm_quantized_tanh.h and its _stream.h)
  'BatchNormalizationQuantizedTanh',
  'Merge',
  'Concatenate',
  'Dot',
  'Conv',
  'DepthwiseConv',
  'SeparableConv',
  'Pooling',
  'GlobalPooling',
  'Reshape',
  'Transpose',
  'ZeroPadding',
  'Cropping',
  'Resize',
  'Embedding',
  'Softmax',
  'LSTM',
  'GRU',
  'UnaryLUT',
]);

/** Activations whose Catapult kernel takes at most 5 integer bits besides the sign (exp_t ≤ 64 bits). */
const EXP_LIMITED = new Set<string>(['softplus']);

function refuse(l: LoweredLayer, what: string, hint: string): StudioError {
  return new StudioError(`${what} cannot be generated for the Catapult backend yet`, hint, {
    node: l.name,
    op: l.kind,
  });
}

function tooManyIntegerBits(l: LoweredLayer, what: string, input: { integer: number; signed: boolean }) {
  return new StudioError(
    `the ${what} input type has ${input.integer} integer bits; Catapult's piecewise-linear ${what} takes at most ${input.signed ? 6 : 5}`,
    `Give the layer before the ${what} a result type with fewer integer bits (e.g. fixed<16,6>).`,
    { node: l.name, op: l.kind },
  );
}

export function checkCatapultSupport(g: LoweredGraph): void {
  if (g.config.ioType !== 'io_parallel' && g.config.ioType !== 'io_stream') {
    throw new StudioError(
      `${String(g.config.ioType)} Catapult projects are not generated`,
      'Choose io_parallel or io_stream for the Catapult backend.',
      { op: 'IOType' },
    );
  }
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  for (const l of g.layers) {
    const layer = l.layer;
    // hls4ml's Catapult recurrent kernels: LSTM and reset-after GRU with relu / sigmoid / tanh, both io types
    // (io_stream: its lstm_stack / gru_stack ac_channel overloads, one timestep per word).
    const rnn = catapultRecurrentRefusal(layer);
    if (rnn) throw rnn;
    if (layer.kind === 'LayerNormalization') {
      throw refuse(
        l,
        'a LayerNormalization layer',
        "hls4ml's Catapult library has no LayerNormalization kernel; choose Vivado or Vitis for this model.",
      );
    }
    // TimeDistributed: the Vivado writer's loop around the wrapped layer's own (supported) kernel.
    if (!SUPPORTED.has(layer.kind === 'TimeDistributed' ? layer.inner.kind : layer.kind)) {
      throw refuse(l, `a ${layer.kind} layer`, 'Choose Vivado or Vitis for this model.');
    }
    const input = byName.get(l.inputs[0] ?? '')?.types['result_t'];
    if (!input) continue;
    if (layer.kind === 'Softmax' && l.softmax?.implementation !== 'argmax') {
      const n = l.outputShape[l.outputShape.length - 1] ?? 1;
      if (!catapultSoftmaxTypes(input, n)) throw tooManyIntegerBits(l, 'softmax', input);
    }
    if (layer.kind === 'Activation' && EXP_LIMITED.has(layer.activation)) {
      if (input.integer - (input.signed ? 1 : 0) > 5) throw tooManyIntegerBits(l, layer.activation, input);
    }
  }
}

/**
 * The generated firmware may only use what the Catapult library has: every nnet_utils header it
 * includes must exist there. (The weight products of nnet_mult.h are shared with Vivado.)
 */
export function checkCatapultFirmware(text: string, library: ReadonlySet<string>, where: string): void {
  for (const m of text.matchAll(/^#include "nnet_utils\/([^"]+)"/gm)) {
    if (!library.has(m[1]!)) {
      throw new StudioError(
        `${where} needs nnet_utils/${m[1]!}, which the Catapult library does not have yet`,
        'Choose Vivado or Vitis for this model.',
        { op: 'Catapult' },
      );
    }
  }
}
