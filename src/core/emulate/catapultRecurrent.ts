/**
 * LSTM and GRU with the cast points of hls4ml's Catapult recurrent kernels (lstm_static / gru_static;
 * hls/catapult_nnet_utils/nnet_recurrent.h), io_parallel. Per step, with h (and LSTM's cell state s) in
 * result_t, starting at 0:
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
import { allocate, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

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

function quantized(values: ArrayLike<number> | null, n: number, t: FixedType): bigint[] {
  if (!values) return new Array<bigint>(n).fill(0n);
  return Array.from(quantizeWeights(values, t, 'ac') as ArrayLike<number | bigint>, (v) => BigInt(v));
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
  const pwl = prepareCatapultPwl(fn === 'sigmoid' ? 'sigmoid' : 'tanh', from, to, counter);
  return (raws) => {
    const x = allocate(from, n, 1);
    raws.forEach((v, i) => {
      if (x.raws instanceof Float64Array) x.raws[i] = Number(v);
      else (x.raws as bigint[])[i] = v;
    });
    return Array.from(pwl(x).raws as ArrayLike<number | bigint>, (v) => BigInt(v));
  };
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
  const W = quantized(layer.kernel.data, nIn * G, t.weight);
  const U = quantized(layer.recurrentKernel.data, u * G, t.recurrentWeight);
  const fa = fractionalBits(t.accum);
  const fx = fractionalBits(xType);
  const fr = fractionalBits(t.result);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.accum, 'ac', counters.accum);
  const res = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.result, 'ac', counters.result);
  const B = quantized(layer.bias?.data ?? null, G, t.bias).map((b) => acc(b, fractionalBits(t.bias)));
  const RB = quantized(layer.recurrentBias?.data ?? null, G, t.recurrentBias).map((b) =>
    acc(b, fractionalBits(t.recurrentBias)),
  );
  /** a (accum_t) + b (at frac f2) exactly, cast to accum_t. */
  const addAcc = (a: bigint, b: bigint, f2: number): bigint => {
    const f = Math.max(fa, f2);
    return acc((a << BigInt(f - fa)) + (b << BigInt(f - f2)), f);
  };
  /** p1 (at f1) + p2 (at f2) exactly, cast to result_t. */
  const sumRes = (p1: bigint, f1: number, p2: bigint, f2: number): bigint => {
    const f = Math.max(f1, f2);
    return res((p1 << BigInt(f - f1)) + (p2 << BigInt(f - f2)), f);
  };
  const project = (v: readonly bigint[], fv: number, M: readonly bigint[], bias: readonly bigint[]) => {
    const fm = M === W ? fw : fu;
    const out: bigint[] = [];
    for (let j = 0; j < G; j++) {
      let a = bias[j]!;
      for (let i = 0; i < v.length; i++) a = addAcc(a, acc(v[i]! * M[i * G + j]!, fv + fm), fa);
      out.push(a);
    }
    return out;
  };
  const recurrentAct = activation(
    layer.recurrentActivation,
    t.accum,
    t.accum,
    (lstm ? 3 : 2) * u,
    counters.accum,
  );
  const act = activation(layer.activation, t.accum, t.accum, u, counters.accum);
  const actOfState = activation(layer.activation, t.result, t.accum, u, counters.accum);
  const one = 1n << BigInt(Math.max(fa, 0));
  const f1 = Math.max(fa, 0);
  const outSteps = layer.returnSequences ? steps : 1;
  return (x) => {
    const size = outSteps * u;
    const out = allocate(t.result, size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let smp = 0; smp < x.samples; smp++) {
      let h = new Array<bigint>(u).fill(0n);
      let s = new Array<bigint>(u).fill(0n);
      for (let step = 0; step < steps; step++) {
        const xs: bigint[] = [];
        for (let i = 0; i < nIn; i++) xs.push(BigInt(x.raws[smp * x.size + step * nIn + i]!));
        const zx = project(xs, fx, W, B);
        const zh = project(h, fr, U, RB);
        const pre = (k: number) => addAcc(zx[k]!, zh[k]!, fa);
        if (lstm) {
          const ifo = recurrentAct(Array.from({ length: 3 * u }, (_, i) => pre(i < 2 * u ? i : i + u)));
          const c = act(Array.from({ length: u }, (_, i) => pre(2 * u + i)));
          s = s.map((sv, i) => sumRes(c[i]! * ifo[i]!, 2 * fa, sv * ifo[u + i]!, fr + fa));
          const as = actOfState(s);
          h = as.map((v, i) => res(ifo[2 * u + i]! * v, 2 * fa));
        } else {
          const zr = recurrentAct(Array.from({ length: 2 * u }, (_, i) => pre(i)));
          const n = act(
            Array.from({ length: u }, (_, i) =>
              addAcc(zx[2 * u + i]!, acc(zr[u + i]! * zh[2 * u + i]!, 2 * fa), fa),
            ),
          );
          // n·(1 − z) + h·z exactly (1 − z on accum_t's grid, or the integer grid).
          h = h.map((hv, i) => {
            const z = zr[i]! << BigInt(f1 - fa);
            return sumRes(n[i]! * (one - z), fa + f1, hv * z, fr + f1);
          });
        }
        if (layer.returnSequences || step === steps - 1) {
          const base = smp * size + (layer.returnSequences ? step * u : 0);
          h.forEach((v, i) => {
            if (narrow) (out.raws as Float64Array)[base + i] = Number(v);
            else (out.raws as bigint[])[base + i] = v;
          });
        }
      }
    }
    return out;
  };
}
