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
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { RecurrentLayer } from '../ir/graph';
import { isValidReuseFactor, validReuseFactors } from '../passes/reuseFactor';
import { prepareQuartusActivation } from './quartusActivations';
import { checkRecurrent } from './recurrent';
import { allocate, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

export interface QuartusRnnTypes {
  readonly weight: FixedType;
  readonly recurrentWeight: FixedType;
  readonly bias: FixedType;
  readonly accum: FixedType;
  readonly table: FixedType;
  readonly result: FixedType;
}

function quantized(values: ArrayLike<number> | null, n: number, t: FixedType): bigint[] {
  if (!values) return new Array<bigint>(n).fill(0n);
  return Array.from(quantizeWeights(values, t, 'ac') as ArrayLike<number | bigint>, (v) => BigInt(v));
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
  const W = quantized(layer.kernel.data, nIn * units, t.weight);
  const U = quantized(layer.recurrentKernel.data, units * units, t.recurrentWeight);
  const B = quantized(layer.bias?.data ?? null, units, t.bias);
  const RB = layer.recurrentBias ? quantized(layer.recurrentBias.data, units, t.recurrentBias) : null;
  const frb = fractionalBits(t.recurrentBias);
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const fb = fractionalBits(t.bias);
  const fr = fractionalBits(t.result);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.accum, 'ac', counters.accum);
  const res = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.result, 'ac', counters.result);
  /** a (at frac fa) + b (at frac fb) exactly, cast to accum_t. */
  const addAcc = (a: bigint, b: bigint, f2: number): bigint => {
    const f = Math.max(fa, f2);
    return acc((a << BigInt(f - fa)) + (b << BigInt(f - f2)), f);
  };
  const table = prepareQuartusActivation(
    layer.activation,
    t.accum,
    t.result,
    t.table,
    tableSize,
    counters.result,
  );
  const activate = (p: bigint[]): bigint[] => {
    if (table) {
      const x = allocate(t.accum, units, 1);
      p.forEach((v, i) => {
        if (x.raws instanceof Float64Array) x.raws[i] = Number(v);
        else (x.raws as bigint[])[i] = v;
      });
      return Array.from(table(x).raws as ArrayLike<number | bigint>, (v) => BigInt(v));
    }
    if (layer.activation === 'relu') return p.map((v) => (v > 0n ? res(v, fa) : res(0n, 0)));
    return p.map((v) => res(v, fa));
  };
  const outSteps = layer.returnSequences ? steps : 1;
  return (x) => {
    const size = outSteps * units;
    const out = allocate(t.result, size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let s = 0; s < x.samples; s++) {
      let h = new Array<bigint>(units).fill(0n);
      for (let step = 0; step < steps; step++) {
        const p: bigint[] = [];
        for (let i = 0; i < units; i++) {
          let w = 0n;
          for (let j = 0; j < nIn; j++) {
            w = addAcc(w, BigInt(x.raws[s * x.size + step * nIn + j]!) * W[j * units + i]!, fx + fw);
          }
          const b = addAcc(w, B[i]!, fb);
          let u = 0n;
          for (let j = 0; j < units; j++) u = addAcc(u, h[j]! * U[j * units + i]!, fr + fu);
          if (RB) u = addAcc(u, RB[i]!, frb);
          p.push(addAcc(b, u, fa));
        }
        h = activate(p);
        if (layer.returnSequences || step === steps - 1) {
          const base = s * size + (layer.returnSequences ? step * units : 0);
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
  const W = quantized(layer.kernel.data, nIn * G, t.weight);
  const U = quantized(layer.recurrentKernel.data, u * G, t.recurrentWeight);
  const fa = fractionalBits(t.accum);
  const fx = fractionalBits(xType);
  const fr = fractionalBits(t.result);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.accum, 'ac', counters.accum);
  const B = quantized(layer.bias?.data ?? null, G, t.bias).map((b) => acc(b, fractionalBits(t.bias)));
  const RB = quantized(layer.recurrentBias?.data ?? null, G, t.recurrentBias).map((b) =>
    acc(b, fractionalBits(t.recurrentBias)),
  );
  const addAcc = (a: bigint, b: bigint, f2: number): bigint => {
    const f = Math.max(fa, f2);
    return acc((a << BigInt(f - fa)) + (b << BigInt(f - f2)), f);
  };
  /** accum_t → accum_t activation of n values (Quartus kernels). */
  const activation = (fn: RecurrentLayer['activation'], n: number): ((p: bigint[]) => bigint[]) => {
    const table = prepareQuartusActivation(fn, t.accum, t.accum, t.table, tableSize, counters.accum);
    if (table) {
      return (p) => {
        const x = allocate(t.accum, n, 1);
        p.forEach((v, i) => {
          if (x.raws instanceof Float64Array) x.raws[i] = Number(v);
          else (x.raws as bigint[])[i] = v;
        });
        return Array.from(table(x).raws as ArrayLike<number | bigint>, (v) => BigInt(v));
      };
    }
    if (fn === 'relu') return (p) => p.map((v) => (v > 0n ? v : 0n));
    return (p) => p;
  };
  const recurrentAct = activation(layer.recurrentActivation, 2 * u);
  const act = activation(layer.activation, u);
  const one = 1n << BigInt(Math.max(fa, 0));
  const outSteps = layer.returnSequences ? steps : 1;
  return (x) => {
    const size = outSteps * u;
    const out = allocate(t.result, size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let s = 0; s < x.samples; s++) {
      let h = new Array<bigint>(u).fill(0n);
      for (let step = 0; step < steps; step++) {
        const xw: bigint[] = [];
        const hw: bigint[] = [];
        for (let k = 0; k < G; k++) {
          let a = B[k]!;
          for (const j of xOrder) {
            a = addAcc(a, acc(BigInt(x.raws[s * x.size + step * nIn + j]!) * W[j * G + k]!, fx + fw), fa);
          }
          xw.push(a);
          let r = RB[k]!;
          for (const j of hOrder) r = addAcc(r, acc(h[j]! * U[j * G + k]!, fr + fu), fa);
          hw.push(r);
        }
        const zr = recurrentAct(xw.slice(0, 2 * u).map((v, i) => addAcc(v, hw[i]!, fa)));
        const cand = act(
          Array.from({ length: u }, (_, i) =>
            addAcc(xw[2 * u + i]!, acc(zr[u + i]! * hw[2 * u + i]!, 2 * fa), fa),
          ),
        );
        // n·(1 − z) + h·z exactly, then one cast to result_t (1 − z at accum_t's grid, or the integer grid).
        const f1 = Math.max(fa, 0);
        h = h.map((hi, i) => {
          const z = zr[i]! << BigInt(f1 - fa);
          const fTerm1 = fa + f1;
          const fTerm2 = fr + f1;
          const f = Math.max(fTerm1, fTerm2);
          const sum = ((cand[i]! * (one - z)) << BigInt(f - fTerm1)) + ((hi * z) << BigInt(f - fTerm2));
          return convertRawBigCounted(sum, f, t.result, 'ac', counters.result);
        });
        if (layer.returnSequences || step === steps - 1) {
          const base = s * size + (layer.returnSequences ? step * u : 0);
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
  const W = quantized(layer.kernel.data, nIn * G, t.weight);
  const U = quantized(layer.recurrentKernel.data, u * G, t.recurrentWeight);
  const B = quantized(layer.bias?.data ?? null, G, t.bias);
  const RB = layer.recurrentBias ? quantized(layer.recurrentBias.data, G, t.recurrentBias) : null;
  const frb = fractionalBits(t.recurrentBias);
  const fa = fractionalBits(t.accum);
  const fx = fractionalBits(xType);
  const fb = fractionalBits(t.bias);
  const fr = fractionalBits(t.result);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.accum, 'ac', counters.accum);
  const res = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.result, 'ac', counters.result);
  const addAcc = (a: bigint, b: bigint, f2: number): bigint => {
    const f = Math.max(fa, f2);
    return acc((a << BigInt(f - fa)) + (b << BigInt(f - f2)), f);
  };
  const activation = (fn: RecurrentLayer['activation']): ((p: bigint[]) => bigint[]) => {
    const table = prepareQuartusActivation(fn, t.accum, t.accum, t.table, tableSize, counters.accum);
    if (table) {
      return (p) => {
        const x = allocate(t.accum, u, 1);
        p.forEach((v, i) => {
          if (x.raws instanceof Float64Array) x.raws[i] = Number(v);
          else (x.raws as bigint[])[i] = v;
        });
        return Array.from(table(x).raws as ArrayLike<number | bigint>, (v) => BigInt(v));
      };
    }
    if (fn === 'relu') return (p) => p.map((v) => (v > 0n ? v : 0n));
    return (p) => p;
  };
  const recurrentAct = activation(layer.recurrentActivation);
  const act = activation(layer.activation);
  const outSteps = layer.returnSequences ? steps : 1;
  return (x) => {
    const size = outSteps * u;
    const out = allocate(t.result, size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let s = 0; s < x.samples; s++) {
      let h = new Array<bigint>(u).fill(0n);
      let c = new Array<bigint>(u).fill(0n);
      for (let step = 0; step < steps; step++) {
        const pre = (gate: number): bigint[] =>
          Array.from({ length: u }, (_, i) => {
            const k = gate * u + i;
            let w = 0n;
            for (let j = 0; j < nIn; j++) {
              w = addAcc(w, BigInt(x.raws[s * x.size + step * nIn + j]!) * W[j * G + k]!, fx + fw);
            }
            const b = addAcc(w, B[k]!, fb);
            let r = 0n;
            for (let j = 0; j < u; j++) r = addAcc(r, h[j]! * U[j * G + k]!, fr + fu);
            if (RB) r = addAcc(r, RB[k]!, frb);
            return addAcc(b, r, fa);
          });
        const gi = recurrentAct(pre(0));
        const gf = recurrentAct(pre(1));
        const gc = act(pre(2));
        const go = recurrentAct(pre(3));
        const cNew = gi.map((v, i) => addAcc(acc(v * gc[i]!, 2 * fa), acc(gf[i]! * c[i]!, fa + fr), fa));
        const cAct = act(cNew);
        h = go.map((v, i) => res(acc(v * cAct[i]!, 2 * fa), fa));
        c = cNew.map((v) => res(v, fa));
        if (layer.returnSequences || step === steps - 1) {
          const base = s * size + (layer.returnSequences ? step * u : 0);
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
