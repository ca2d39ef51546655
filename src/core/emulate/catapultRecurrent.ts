/**
 * LSTM and GRU with the cast points of hls4ml's Catapult recurrent kernels (lstm_static / gru_static;
 * hls/catapult_nnet_utils/nnet_recurrent.h), io_parallel and io_stream alike (hls4ml's stream overloads run
 * the same step per word). Per step, with h (and LSTM's cell state s) in result_t, starting at 0:
 *
 *   zx[j] = accum(b[j]) then accum(acc + accum(x_i · W[i][j])) in input order (Dense latency); zh likewise
 *   from h, the recurrent kernel and the recurrent bias.
 *   LSTM: i, f, o = recurrent_act(accum(zx + zh)), c = act(accum(zx_c + zh_c)), all into accum_t;
 *         s = result(c·i + s·f) exactly; h = result(o · act(s)) with act(s) from result_t into accum_t.
 *   GRU:  z, r = recurrent_act(accum(zx + zh)) into accum_t; n = act(accum(zx_h + accum(r · zh_h))) into
 *         accum_t; h = result(n·(1 − z) + h·z) exactly.
 *
 * The activations are Catapult's: sigmoid / tanh piecewise linear (catapultPwl.ts), relu direct. hls4ml's
 * Catapult has no SimpleRNN kernel, no linear recurrent activation and only the reset-after GRU: those
 * are refused (checkCatapultRecurrent).
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { ActivationFn, Layer, RecurrentLayer } from '../ir/graph';
import { prepareCatapultPwl } from './catapultPwl';
import { checkRecurrent } from './recurrent';
import { gruStep, onRaws, projectGates, quantizedRaws, rawCaster, runSequence } from './recurrentRaw';
import type { FixedTensor } from './tensor';

export interface CatapultRnnTypes {
  readonly weight: FixedType;
  readonly bias: FixedType;
  readonly recurrentWeight: FixedType;
  readonly recurrentBias: FixedType;
  readonly accum: FixedType;
  readonly result: FixedType;
}

const CATAPULT_RNN_ACTIVATIONS: readonly ActivationFn[] = ['relu', 'sigmoid', 'tanh'];

/** Why hls4ml's Catapult library cannot run this recurrent layer, or null when it can. */
export function catapultRecurrentRefusal(layer: Layer): StudioError | null {
  if (layer.kind !== 'SimpleRNN' && layer.kind !== 'LSTM' && layer.kind !== 'GRU') return null;
  const where = { node: layer.name, op: layer.source.op };
  if (layer.kind === 'SimpleRNN') {
    return new StudioError(
      'a SimpleRNN layer cannot be generated for the Catapult backend',
      "hls4ml's Catapult library has no SimpleRNN kernel (only LSTM and GRU); choose Vivado, Vitis, Quartus or oneAPI for this model.",
      where,
    );
  }
  if (layer.kind === 'GRU' && !layer.resetAfter) {
    return new StudioError(
      'a GRU with reset_after=False cannot be generated for the Catapult backend',
      "hls4ml's Catapult GRU applies the reset gate after the recurrent product; choose Vivado or Vitis for this model.",
      where,
    );
  }
  for (const fn of [layer.activation, layer.recurrentActivation]) {
    if (!CATAPULT_RNN_ACTIVATIONS.includes(fn)) {
      return new StudioError(
        `a ${layer.kind} with a ${fn} activation cannot be generated for the Catapult backend`,
        "hls4ml's Catapult recurrent kernels take relu, sigmoid or tanh; choose Vivado or Vitis for this model.",
        where,
      );
    }
  }
  return null;
}

/** fn over n raws of type `from` into `to` (Catapult's kernels); returns raws of `to`. */
function activation(
  fn: ActivationFn,
  from: FixedType,
  to: FixedType,
  n: number,
  counter: OverflowCounter,
): (raws: readonly bigint[]) => bigint[] {
  const ff = fractionalBits(from);
  if (fn === 'relu')
    return (raws) => raws.map((v) => convertRawBigCounted(v > 0n ? v : 0n, ff, to, 'ac', counter));
  return onRaws(from, n, prepareCatapultPwl(fn === 'sigmoid' ? 'sigmoid' : 'tanh', from, to, counter));
}

export function prepareCatapultRecurrent(
  layer: RecurrentLayer,
  inputShape: readonly number[],
  xType: FixedType,
  t: CatapultRnnTypes,
  counters: { accum: OverflowCounter; result: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const refusal = catapultRecurrentRefusal(layer);
  if (refusal) throw refusal;
  const { steps, nIn } = checkRecurrent(layer, inputShape);
  const u = layer.units;
  const lstm = layer.kind === 'LSTM';
  const G = (lstm ? 4 : 3) * u;
  const W = quantizedRaws(layer.kernel.data, nIn * G, t.weight);
  const U = quantizedRaws(layer.recurrentKernel.data, u * G, t.recurrentWeight);
  const acc = rawCaster(t.accum, counters.accum);
  const res = rawCaster(t.result, counters.result);
  const fa = acc.frac;
  const fx = fractionalBits(xType);
  const fr = res.frac;
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const B = quantizedRaws(layer.bias?.data ?? null, G, t.bias).map((b) =>
    acc.cast(b, fractionalBits(t.bias)),
  );
  const RB = quantizedRaws(layer.recurrentBias?.data ?? null, G, t.recurrentBias).map((b) =>
    acc.cast(b, fractionalBits(t.recurrentBias)),
  );
  // hls4ml's Catapult projections are Dense latency: input order
  const xOrder = Array.from({ length: nIn }, (_, i) => i);
  const hOrder = Array.from({ length: u }, (_, i) => i);
  const recurrentAct = activation(
    layer.recurrentActivation,
    t.accum,
    t.accum,
    (lstm ? 3 : 2) * u,
    counters.accum,
  );
  const act = activation(layer.activation, t.accum, t.accum, u, counters.accum);
  const actOfState = activation(layer.activation, t.result, t.accum, u, counters.accum);
  const shape = { steps, nIn, units: u, returnSequences: layer.returnSequences };
  return (x) =>
    runSequence(x, shape, t.result, () => {
      let h = new Array<bigint>(u).fill(0n);
      let s = new Array<bigint>(u).fill(0n);
      return (xs) => {
        const zx = projectGates(xs, fx, W, fw, B, xOrder, acc);
        const zh = projectGates(h, fr, U, fu, RB, hOrder, acc);
        if (!lstm) {
          h = gruStep(zx, zh, h, acc, res, recurrentAct, act);
          return h;
        }
        const pre = (k: number) => acc.add(zx[k]!, zh[k]!, fa);
        const ifo = recurrentAct(Array.from({ length: 3 * u }, (_, i) => pre(i < 2 * u ? i : i + u)));
        const c = act(Array.from({ length: u }, (_, i) => pre(2 * u + i)));
        s = s.map((sv, i) => res.sum(c[i]! * ifo[i]!, 2 * fa, sv * ifo[u + i]!, fr + fa));
        const as = actOfState(s);
        h = as.map((v, i) => res.cast(ifo[2 * u + i]! * v, 2 * fa));
        return h;
      };
    });
}
