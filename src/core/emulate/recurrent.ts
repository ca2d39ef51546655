/**
 * SimpleRNN / LSTM / GRU over a [time, features] input (io_parallel), with torch semantics (hls4ml-facts
 * §11): both bias vectors, GRU reset gate applied after the recurrent product. Gate order is the IR's
 * (Keras) order: LSTM i, f, c, o; GRU z, r, h. Our own cast points, identical in nnet_recurrent.h:
 *
 * - projections, per gate column j: acc = accum(b[j]); acc = accum(acc + accum(x_i·W[i][j])) for i in
 *   order (Dense latency); the same for h_{t−1} with the recurrent kernel and bias (0 without one);
 * - pre-activation p = accum(zx + zh) (GRU candidate: accum(zx + r·zh), exact product and sum);
 * - sigmoid/tanh by the Vivado tables (table_t, table_size; index rule of §6.8.2 on the accum_t value),
 *   relu/linear on the accum_t value; gate values are kept in table_t (relu/linear: accum_t);
 * - LSTM: c = accum(f·c + i·g) (exact products and sum); h = result(o·act(c));
 *   GRU: h = result((1 − z)·n + z·h) exact; SimpleRNN: h = result(act(p)). GRU with Keras
 *   reset_after=False: the h-gate projection reads rh = accum(r·h) instead of h.
 * Initial h and c are 0. The output is every h_t (return sequences) or the last one.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { ActivationFn, RecurrentLayer } from '../ir/graph';
import { tableIndex } from './activations';
import { sigmoidTable, tanhTable } from './tables';
import { allocate, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

export interface RecurrentTypes {
  readonly weight: FixedType;
  readonly bias: FixedType;
  readonly recurrentWeight: FixedType;
  readonly recurrentBias: FixedType;
  readonly accum: FixedType;
  readonly table: FixedType;
  readonly result: FixedType;
}

const GATES: Readonly<Record<RecurrentLayer['kind'], number>> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

export function gateCount(layer: RecurrentLayer): number {
  return GATES[layer.kind];
}

/** Activation codes shared with the C++ (CONFIG_T::activation / recurrent_activation). */
export const ACTIVATION_CODE: Readonly<Partial<Record<ActivationFn, number>>> = {
  linear: 0,
  relu: 1,
  sigmoid: 2,
  tanh: 3,
};

export function activationCode(layer: RecurrentLayer, fn: ActivationFn): number {
  const c = ACTIVATION_CODE[fn];
  if (c === undefined) {
    throw new StudioError(
      `${layer.kind} with a ${fn} activation is not supported`,
      'Use linear, relu, sigmoid or tanh.',
      { node: layer.name, op: layer.source.op },
    );
  }
  return c;
}

export function checkRecurrent(
  layer: RecurrentLayer,
  inputShape: readonly number[],
): { steps: number; nIn: number } {
  const where = { node: layer.name, op: layer.source.op };
  if (inputShape.length !== 2) {
    throw new StudioError(`${layer.kind} needs a [time, features] input`, 'Reshape the input to 2-D.', where);
  }
  const [steps, nIn] = inputShape as [number, number];
  const g = gateCount(layer) * layer.units;
  if (layer.kernel.data.length !== nIn * g || layer.recurrentKernel.data.length !== layer.units * g) {
    throw new StudioError(
      `${layer.kind} weights do not match ${nIn} inputs × ${layer.units} units`,
      'Check the model file.',
      where,
    );
  }
  activationCode(layer, layer.activation);
  if (layer.kind !== 'SimpleRNN') activationCode(layer, layer.recurrentActivation);
  return { steps, nIn };
}

function big(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

function quantized(values: ArrayLike<number> | null, n: number, t: FixedType, family: TypeFamily): bigint[] {
  if (!values) return new Array<bigint>(n).fill(0n);
  const q: ArrayLike<number | bigint> = quantizeWeights(values, t, family);
  return Array.from(q, big);
}

export function prepareRecurrent(
  layer: RecurrentLayer,
  inputShape: readonly number[],
  xType: FixedType,
  t: RecurrentTypes,
  tableSize: number,
  family: TypeFamily,
  counters: { accum: OverflowCounter; result: OverflowCounter; table: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const { steps, nIn } = checkRecurrent(layer, inputShape);
  const units = layer.units;
  const G = gateCount(layer) * units;
  const W = quantized(layer.kernel.data, nIn * G, t.weight, family);
  const U = quantized(layer.recurrentKernel.data, units * G, t.recurrentWeight, family);
  const B = quantized(layer.bias?.data ?? null, G, t.bias, family);
  const RB = quantized(layer.recurrentBias?.data ?? null, G, t.recurrentBias, family);
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const fr = fractionalBits(t.result);
  const ft = fractionalBits(t.table);
  const fw = fractionalBits(t.weight);
  const fu = fractionalBits(t.recurrentWeight);
  const acc = (raw: bigint, frac: number) => convertRawBigCounted(raw, frac, t.accum, family, counters.accum);
  const res = (raw: bigint, frac: number) =>
    convertRawBigCounted(raw, frac, t.result, family, counters.result);
  const biasA = B.map((b) => acc(b, fractionalBits(t.bias)));
  const rbiasA = RB.map((b) => acc(b, fractionalBits(t.recurrentBias)));
  const sig = Array.from(sigmoidTable(tableSize, t.table, family) as ArrayLike<number | bigint>, big);
  const tnh = Array.from(tanhTable(tableSize, t.table, family) as ArrayLike<number | bigint>, big);

  /** An activation of an accum_t raw: returns [raw, frac] (tables: table_t; relu/linear: accum_t). */
  const activate = (fn: ActivationFn, v: bigint): [bigint, number] => {
    switch (fn) {
      case 'sigmoid':
        return [sig[tableIndex(v, fa, tableSize, 16, family)]!, ft];
      case 'tanh':
        return [tnh[tableIndex(v, fa, tableSize, 8, family)]!, ft];
      case 'relu':
        return [v > 0n ? v : 0n, fa];
      default:
        return [v, fa];
    }
  };
  /** One projection column set: out[j] = accum(bias[j] + Σ accum(v_i·M[i][j])). */
  const project = (
    v: readonly bigint[],
    fv: number,
    M: readonly bigint[],
    fm: number,
    bias: readonly bigint[],
  ) => {
    const out = new Array<bigint>(G);
    for (let j = 0; j < G; j++) {
      let a = bias[j]!;
      for (let i = 0; i < v.length; i++) a = acc(a + acc(v[i]! * M[i * G + j]!, fv + fm), fa);
      out[j] = a;
    }
    return out;
  };
  const align = (raw: bigint, from: number, to: number) => raw << BigInt(to - from);

  return (x) => {
    const outSize = layer.returnSequences ? steps * units : units;
    const out = allocate(t.result, outSize, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let s = 0; s < x.samples; s++) {
      let h = new Array<bigint>(units).fill(0n); // result_t raws
      let c = new Array<bigint>(units).fill(0n); // accum_t raws (LSTM)
      for (let step = 0; step < steps; step++) {
        const xs: bigint[] = [];
        for (let i = 0; i < nIn; i++) xs.push(big(x.raws[s * x.size + step * nIn + i]!));
        const zx = project(xs, fx, W, fw, biasA);
        const zh = project(h, fr, U, fu, rbiasA);
        const hn = new Array<bigint>(units);
        if (layer.kind === 'SimpleRNN') {
          for (let j = 0; j < units; j++) {
            const [a, fa2] = activate(layer.activation, acc(zx[j]! + zh[j]!, fa));
            hn[j] = res(a, fa2);
          }
        } else if (layer.kind === 'LSTM') {
          const cn = new Array<bigint>(units);
          for (let j = 0; j < units; j++) {
            const pre = (g: number) => acc(zx[g * units + j]! + zh[g * units + j]!, fa);
            const [iv, fi] = activate(layer.recurrentActivation, pre(0));
            const [fv, ff] = activate(layer.recurrentActivation, pre(1));
            const [gv, fg] = activate(layer.activation, pre(2));
            const [ov, fo] = activate(layer.recurrentActivation, pre(3));
            // c = accum(f·c + i·g), exact products and sum
            const p1 = fv * c[j]!;
            const f1 = ff + fa;
            const p2 = iv * gv;
            const f2 = fi + fg;
            const f = Math.max(f1, f2);
            cn[j] = acc(align(p1, f1, f) + align(p2, f2, f), f);
            const [tc, ftc] = activate(layer.activation, cn[j]!);
            hn[j] = res(ov * tc, fo + ftc);
          }
          c = cn;
        } else {
          const zs = new Array<[bigint, number]>(units);
          const rs = new Array<[bigint, number]>(units);
          for (let j = 0; j < units; j++) {
            zs[j] = activate(layer.recurrentActivation, acc(zx[j]! + zh[j]!, fa));
            rs[j] = activate(layer.recurrentActivation, acc(zx[units + j]! + zh[units + j]!, fa));
          }
          const pn = new Array<bigint>(units);
          if (layer.resetAfter) {
            // n = act(accum(zx_h + r·zh_h))
            for (let j = 0; j < units; j++) {
              const [rv, frr] = rs[j]!;
              const rp = rv * zh[2 * units + j]!;
              const frp = frr + fa;
              const f = Math.max(fa, frp);
              pn[j] = acc(align(zx[2 * units + j]!, fa, f) + align(rp, frp, f), f);
            }
          } else {
            // Keras reset_after=False: rh = accum(r·h), then its own projection onto the h-gate columns.
            const rh = rs.map(([rv, frr], k) => acc(rv * h[k]!, frr + fr));
            for (let j = 0; j < units; j++) {
              let a = rbiasA[2 * units + j]!;
              for (let k = 0; k < units; k++)
                a = acc(a + acc(rh[k]! * U[k * G + 2 * units + j]!, fa + fu), fa);
              pn[j] = acc(zx[2 * units + j]! + a, fa);
            }
          }
          for (let j = 0; j < units; j++) {
            const [zv, fz] = zs[j]!;
            const [nv, fn] = activate(layer.activation, pn[j]!);
            // h = (1 − z)·n + z·h, exact: (1 − z) on z's grid
            const oneMinusZ = (1n << BigInt(fz)) - zv;
            const t1 = oneMinusZ * nv;
            const f1 = fz + fn;
            const t2 = zv * h[j]!;
            const f2 = fz + fr;
            const ff = Math.max(f1, f2);
            hn[j] = res(align(t1, f1, ff) + align(t2, f2, ff), ff);
          }
        }
        h = hn;
        if (layer.returnSequences || step === steps - 1) {
          const base = s * outSize + (layer.returnSequences ? step * units : 0);
          for (let j = 0; j < units; j++) {
            if (narrow) (out.raws as Float64Array)[base + j] = Number(h[j]!);
            else (out.raws as bigint[])[base + j] = h[j]!;
          }
        }
      }
    }
    return out;
  };
}
