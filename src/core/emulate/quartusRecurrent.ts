/**
 * SimpleRNN with hls4ml's Quartus / oneAPI cast points (hls/quartus_nnet_utils/nnet_recurrent.h), io_parallel,
 * h_0 = 0; per time step t and unit i (W = kernel [n_in, units], U = recurrent kernel [units, units]):
 *
 *   w = 0; w = accum(w + x_j · W[j][i]) for j in order;      b = accum(w + bias[i])
 *   u = 0; u = accum(u + h_j · U[j][i]) for j in order;      p = accum(b + u)
 *   h_i = act(p) into result_t: tanh / sigmoid by the Quartus tables (quartusActivations.ts, table_t,
 *   table_size, on the accum_t value), relu `p > 0 ? p : 0`, linear `p`.
 *
 * With a recurrent bias (PyTorch's b_hh, hls4ml's simple_rnn_pytorch) u = accum(u + rb[i]) before p.
 * hls4ml keeps the
 * state in the input type, which its templates require to equal the result type; ours keeps it in
 * result_t, the same thing whenever hls4ml compiles. The output is every h_t or the last one.
 */
import { StudioError } from '../errors';
import type { OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { RecurrentLayer } from '../ir/graph';
import { isValidReuseFactor, validReuseFactors } from '../passes/reuseFactor';
import { prepareQuartusActivation } from './quartusActivations';
import { checkRecurrent } from './recurrent';
import { gruStep, onRaws, projectGates, quantizedRaws, rawCaster, runSequence } from './recurrentRaw';
import type { FixedTensor } from './tensor';

export interface QuartusRnnTypes {
  readonly weight: FixedType;
  readonly recurrentWeight: FixedType;
  readonly bias: FixedType;
  readonly accum: FixedType;
  readonly table: FixedType;
  readonly result: FixedType;
}

/** accum_t → accum_t activation of n values (the Quartus kernels: tables, relu, linear). */
function gateActivation(
  fn: RecurrentLayer['activation'],
  t: QuartusRnnTypes,
  tableSize: number,
  n: number,
  counter: OverflowCounter,
): (raws: readonly bigint[]) => bigint[] {
  const table = prepareQuartusActivation(fn, t.accum, t.accum, t.table, tableSize, counter);
  if (table) return onRaws(t.accum, n, table);
  if (fn === 'relu') return (p) => p.map((v) => (v > 0n ? v : 0n));
  return (p) => [...p];
}

export function prepareQuartusSimpleRnn(
  layer: RecurrentLayer,
  inputShape: readonly number[],
  xType: FixedType,
  t: QuartusRnnTypes & { readonly recurrentBias: FixedType },
  tableSize: number,
  counters: { accum: OverflowCounter; result: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const { steps, nIn } = checkRecurrent(layer, inputShape);
  const units = layer.units;
  const W = quantizedRaws(layer.kernel.data, nIn * units, t.weight);
  const U = quantizedRaws(layer.recurrentKernel.data, units * units, t.recurrentWeight);
  const B = quantizedRaws(layer.bias?.data ?? null, units, t.bias);
  const RB = layer.recurrentBias ? quantizedRaws(layer.recurrentBias.data, units, t.recurrentBias) : null;
  const frb = fractionalBits(t.recurrentBias);
  const fx = fractionalBits(xType);
  const fb = fractionalBits(t.bias);
  const fr = fractionalBits(t.result);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = rawCaster(t.accum, counters.accum);
  const res = rawCaster(t.result, counters.result);
  const fa = acc.frac;
  const table = prepareQuartusActivation(
    layer.activation,
    t.accum,
    t.result,
    t.table,
    tableSize,
    counters.result,
  );
  const activate: (p: readonly bigint[]) => bigint[] = table
    ? onRaws(t.accum, units, table)
    : layer.activation === 'relu'
      ? (p) => p.map((v) => (v > 0n ? res.cast(v, fa) : res.cast(0n, 0)))
      : (p) => p.map((v) => res.cast(v, fa));
  const shape = { steps, nIn, units, returnSequences: layer.returnSequences };
  return (x) =>
    runSequence(x, shape, t.result, () => {
      let h = new Array<bigint>(units).fill(0n);
      return (xs) => {
        const p: bigint[] = [];
        for (let i = 0; i < units; i++) {
          let w = 0n;
          for (let j = 0; j < nIn; j++) w = acc.add(w, xs[j]! * W[j * units + i]!, fx + fw);
          const b = acc.add(w, B[i]!, fb);
          let u = 0n;
          for (let j = 0; j < units; j++) u = acc.add(u, h[j]! * U[j * units + i]!, fr + fu);
          if (RB) u = acc.add(u, RB[i]!, frb);
          p.push(acc.add(b, u, fa));
        }
        h = activate(p);
        return h;
      };
    });
}

/**
 * GRU with hls4ml's Quartus cast points (reset gate after the recurrent product, Keras reset_after=True;
 * gates z, r, h; both products are Quartus' dense_resource with the layer's reuse factor): per step,
 *
 *   xw[k] = accum(b[k]) then accum(acc + accum(x_j · W[j][k])) in resourceOrder(n_in, RF); hw[k] likewise
 *   from h, U and the recurrent bias; z, r = recurrent_act(accum(xw + hw)) into accum_t (first 2·units
 *   columns); n = act(accum(xw_h + accum(r · hw_h))) into accum_t; h = res_T(n · (1 − z) + h · z) exactly.
 *
 * The order matters only when accum_t saturates (wrapping sums are order-free).
 */
/**
 * The order in which the resource multiply adds the products of one output (nnet_dense.h): with
 * R = min(RF, n), for ir in [0, R), for k in [0, n / R), input ir + R·k; input order for R = 1 or RF ≥ n.
 */
export function resourceOrder(n: number, reuseFactor: number): number[] {
  const r = Math.min(reuseFactor, n);
  const order: number[] = [];
  for (let ir = 0; ir < r; ir++) for (let k = 0; k < n / r; k++) order.push(ir + r * k);
  return order;
}

/** Both of the GRU's multiplications, (n_in, 3·units) and (units, 3·units), need a valid reuse factor. */
export function checkQuartusGru(layer: RecurrentLayer, nIn: number, reuseFactor: number): void {
  const g = 3 * layer.units;
  if (isValidReuseFactor(nIn, g, reuseFactor) && isValidReuseFactor(layer.units, g, reuseFactor)) return;
  const valid = validReuseFactors(nIn, g).filter((rf) => isValidReuseFactor(layer.units, g, rf));
  throw new StudioError(
    `GRU reuse factor ${reuseFactor} is not valid for its ${nIn}×${g} and ${layer.units}×${g} multiplications on the Quartus / oneAPI backends`,
    `Use one of ${valid.slice(0, 12).join(', ')}${valid.length > 12 ? ', …' : ''}.`,
    { node: layer.name, op: layer.source.op },
  );
}

export function prepareQuartusGru(
  layer: RecurrentLayer,
  inputShape: readonly number[],
  xType: FixedType,
  t: QuartusRnnTypes & { readonly recurrentBias: FixedType },
  tableSize: number,
  reuseFactor: number,
  counters: { accum: OverflowCounter; result: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const { steps, nIn } = checkRecurrent(layer, inputShape);
  checkQuartusGru(layer, nIn, reuseFactor);
  const xOrder = resourceOrder(nIn, reuseFactor);
  const hOrder = resourceOrder(layer.units, reuseFactor);
  const u = layer.units;
  const G = 3 * u;
  const W = quantizedRaws(layer.kernel.data, nIn * G, t.weight);
  const U = quantizedRaws(layer.recurrentKernel.data, u * G, t.recurrentWeight);
  const fx = fractionalBits(xType);
  const fr = fractionalBits(t.result);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = rawCaster(t.accum, counters.accum);
  const res = rawCaster(t.result, counters.result);
  const B = quantizedRaws(layer.bias?.data ?? null, G, t.bias).map((b) =>
    acc.cast(b, fractionalBits(t.bias)),
  );
  const RB = quantizedRaws(layer.recurrentBias?.data ?? null, G, t.recurrentBias).map((b) =>
    acc.cast(b, fractionalBits(t.recurrentBias)),
  );
  const recurrentAct = gateActivation(layer.recurrentActivation, t, tableSize, 2 * u, counters.accum);
  const act = gateActivation(layer.activation, t, tableSize, u, counters.accum);
  const shape = { steps, nIn, units: u, returnSequences: layer.returnSequences };
  return (x) =>
    runSequence(x, shape, t.result, () => {
      let h = new Array<bigint>(u).fill(0n);
      return (xs) => {
        const xw = projectGates(xs, fx, W, fw, B, xOrder, acc);
        const hw = projectGates(h, fr, U, fu, RB, hOrder, acc);
        h = gruStep(xw, hw, h, acc, res, recurrentAct, act);
        return h;
      };
    });
}

/**
 * LSTM with hls4ml's Quartus cast points (gates i, f, c, o; one bias; h and c start at 0): per step and
 * gate, `w = 0; w = accum(w + x_j · W)`, `accum(w + b)`, `u = 0; u = accum(u + h_j · U)`, `p = accum(b + u)`;
 * i, f, o = recurrent_act(p), g = act(p), all into accum_t; c' = accum(accum(i·g) + accum(f·c));
 * h = res_T(accum(o · act(c'))); the cell state is kept as res_T(c'). With PyTorch's recurrent bias (hls4ml's
 * Quartus LSTM has one bias per gate; we follow torch) u = accum(u + rb) before p, as in simple_rnn_pytorch. hls4ml's templates need
 * data_T = res_T = accum_t to compile; with other types ours keeps the state in res_T.
 */
export function prepareQuartusLstm(
  layer: RecurrentLayer,
  inputShape: readonly number[],
  xType: FixedType,
  t: QuartusRnnTypes & { readonly recurrentBias: FixedType },
  tableSize: number,
  counters: { accum: OverflowCounter; result: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const { steps, nIn } = checkRecurrent(layer, inputShape);
  const u = layer.units;
  const G = 4 * u;
  const W = quantizedRaws(layer.kernel.data, nIn * G, t.weight);
  const U = quantizedRaws(layer.recurrentKernel.data, u * G, t.recurrentWeight);
  const B = quantizedRaws(layer.bias?.data ?? null, G, t.bias);
  const RB = layer.recurrentBias ? quantizedRaws(layer.recurrentBias.data, G, t.recurrentBias) : null;
  const frb = fractionalBits(t.recurrentBias);
  const fx = fractionalBits(xType);
  const fb = fractionalBits(t.bias);
  const fr = fractionalBits(t.result);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = rawCaster(t.accum, counters.accum);
  const res = rawCaster(t.result, counters.result);
  const fa = acc.frac;
  const recurrentAct = gateActivation(layer.recurrentActivation, t, tableSize, u, counters.accum);
  const act = gateActivation(layer.activation, t, tableSize, u, counters.accum);
  const shape = { steps, nIn, units: u, returnSequences: layer.returnSequences };
  return (x) =>
    runSequence(x, shape, t.result, () => {
      let h = new Array<bigint>(u).fill(0n);
      let c = new Array<bigint>(u).fill(0n);
      return (xs) => {
        const pre = (gate: number): bigint[] =>
          Array.from({ length: u }, (_, i) => {
            const k = gate * u + i;
            let w = 0n;
            for (let j = 0; j < nIn; j++) w = acc.add(w, xs[j]! * W[j * G + k]!, fx + fw);
            const b = acc.add(w, B[k]!, fb);
            let r = 0n;
            for (let j = 0; j < u; j++) r = acc.add(r, h[j]! * U[j * G + k]!, fr + fu);
            if (RB) r = acc.add(r, RB[k]!, frb);
            return acc.add(b, r, fa);
          });
        const gi = recurrentAct(pre(0));
        const gf = recurrentAct(pre(1));
        const gc = act(pre(2));
        const go = recurrentAct(pre(3));
        const cNew = gi.map((v, i) =>
          acc.add(acc.cast(v * gc[i]!, 2 * fa), acc.cast(gf[i]! * c[i]!, fa + fr), fa),
        );
        const cAct = act(cNew);
        h = go.map((v, i) => res.cast(acc.cast(v * cAct[i]!, 2 * fa), fa));
        c = cNew.map((v) => res.cast(v, fa));
        return h;
      };
    });
}
