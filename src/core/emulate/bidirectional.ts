/**
 * Bidirectional(LSTM|GRU), io_parallel, merge_mode concat: each direction is the one-directional kernel
 * of recurrent.ts with its own weight types (forward_*_t / backward_*_t) and the layer's shared accum_t,
 * table_t and result_t. The backward direction reads the input reversed in time; with return sequences
 * its output at step t is the state after it has read x[T−1] … x[t] (Keras's order), and every time step
 * holds [forward units, backward units]. Without return sequences the output is [forward last, backward
 * last]. The same layout is computed by nnet::bidirectional in nnet_recurrent.h.
 */
import { StudioError } from '../errors';
import type { OverflowCounter } from '../fixed/convert';
import type { FixedType, TypeFamily } from '../fixed/types';
import type { BidirectionalLayer, RecurrentLayer } from '../ir/graph';
import { checkRecurrent, prepareRecurrent, type RecurrentTypes } from './recurrent';
import { allocate, type FixedTensor } from './tensor';

export type Direction = 'forward' | 'backward';
export const DIRECTIONS: readonly Direction[] = ['forward', 'backward'];

/** The direction's weight types, from a slot lookup (`forward_weight_t`, …), with the shared ones. */
export function directionTypes(dir: Direction, typeOf: (slot: string) => FixedType): RecurrentTypes {
  return {
    weight: typeOf(`${dir}_weight_t`),
    bias: typeOf(`${dir}_bias_t`),
    recurrentWeight: typeOf(`${dir}_recurrent_weight_t`),
    recurrentBias: typeOf(`${dir}_recurrent_bias_t`),
    accum: typeOf('accum_t'),
    table: typeOf('table_t'),
    result: typeOf('result_t'),
  };
}

/**
 * Checks what the kernels handle: merge_mode concat, LSTM/GRU directions, a [time, features] input and
 * weights that match it. Returns the steps, inputs and units of each direction.
 */
export function checkBidirectional(
  layer: BidirectionalLayer,
  inputShape: readonly number[],
): { steps: number; nIn: number; fwdUnits: number; bwdUnits: number } {
  const where = { node: layer.name, op: layer.source.op };
  if (layer.mergeMode !== 'concat') {
    throw new StudioError(
      `Bidirectional with merge_mode '${layer.mergeMode}' is not supported`,
      "hls4ml (validate_bidirectional_merge_mode) and HLS Studio support merge_mode 'concat' only; " +
        'save the model with the default merge mode.',
      where,
    );
  }
  for (const d of [layer.forward, layer.backward]) {
    if (d.kind !== 'LSTM' && d.kind !== 'GRU') {
      throw new StudioError(
        `Bidirectional(${d.kind}) is not supported`,
        "hls4ml's Bidirectional wraps LSTM or GRU only.",
        where,
      );
    }
  }
  const f = checkRecurrent(asLayer(layer, layer.forward), inputShape);
  checkRecurrent(asLayer(layer, layer.backward), inputShape);
  return { steps: f.steps, nIn: f.nIn, fwdUnits: layer.forward.units, bwdUnits: layer.backward.units };
}

/** A direction as the one-directional layer the recurrent kernel runs (errors still name the wrapper). */
function asLayer(layer: BidirectionalLayer, d: RecurrentLayer): RecurrentLayer {
  return { ...d, name: layer.name, source: layer.source, returnSequences: layer.returnSequences };
}

/** x with its time steps in reverse order. */
function reversedInTime(x: FixedTensor, steps: number, nIn: number): FixedTensor {
  const out = allocate(x.type, x.size, x.samples);
  for (let s = 0; s < x.samples; s++) {
    for (let t = 0; t < steps; t++) {
      const from = s * x.size + (steps - 1 - t) * nIn;
      const to = s * x.size + t * nIn;
      for (let i = 0; i < nIn; i++) {
        if (out.raws instanceof Float64Array) out.raws[to + i] = Number(x.raws[from + i]);
        else out.raws[to + i] = x.raws[from + i] as bigint;
      }
    }
  }
  return out;
}

export function prepareBidirectional(
  layer: BidirectionalLayer,
  inputShape: readonly number[],
  xType: FixedType,
  typeOf: (slot: string) => FixedType,
  tableSize: number,
  family: TypeFamily,
  counters: { accum: OverflowCounter; result: OverflowCounter; table: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const { steps, nIn, fwdUnits, bwdUnits } = checkBidirectional(layer, inputShape);
  const direction = (dir: Direction) =>
    prepareRecurrent(
      asLayer(layer, layer[dir]),
      inputShape,
      xType,
      directionTypes(dir, typeOf),
      tableSize,
      family,
      counters,
    );
  const fwd = direction('forward');
  const bwd = direction('backward');
  const result = typeOf('result_t');
  const seq = layer.returnSequences;
  const width = fwdUnits + bwdUnits;
  return (x) => {
    const f = fwd(x);
    const b = bwd(reversedInTime(x, steps, nIn));
    const size = seq ? steps * width : width;
    const out = allocate(result, size, x.samples);
    const put = (src: FixedTensor, from: number, to: number) => {
      if (out.raws instanceof Float64Array) out.raws[to] = Number(src.raws[from]);
      else out.raws[to] = src.raws[from] as bigint;
    };
    for (let s = 0; s < x.samples; s++) {
      const rows = seq ? steps : 1;
      for (let t = 0; t < rows; t++) {
        // The backward output at input time t is the one it produced at its own step T−1−t.
        const bt = seq ? steps - 1 - t : 0;
        for (let j = 0; j < fwdUnits; j++) put(f, s * f.size + t * fwdUnits + j, s * size + t * width + j);
        for (let j = 0; j < bwdUnits; j++)
          put(b, s * b.size + bt * bwdUnits + j, s * size + t * width + fwdUnits + j);
      }
    }
    return out;
  };
}
