/**
 * Dense (and Conv through im2col) for the common design: products floored into a signed, wrapping
 * accum_t of at most 30 bits, in int32. Every cast then keeps the value modulo 2^W, so the accumulator
 * is wrap(bias + Σ products) in whichever order the kernel adds them (latency or Resource, densePlan.ts);
 * only the count of overflowing partial sums depends on that order. The WebAssembly kernel (dense_wrap in
 * wasm/dense_int32.c) adds without a check per step and flags the outputs whose partial sums could have
 * left accum_t; those alone are replayed in the kernel's order to count their overflows. Same values and
 * same overflow counts as the caster loop in dense.ts.
 */
import { makeCaster } from '../fixed/convert';
import { fractionalBits, MAX_NUMBER_WIDTH, type FixedType, type TypeFamily } from '../fixed/types';
import type { DenseLayer } from '../ir/graph';
import type { LoweredStrategy } from '../passes/lowered';
import type { DenseCounters, DenseTypes } from './dense';
import { castKeepsAccum, int32Shape, type Int32Shape } from './denseInt32';
import { densePlan, type DensePlan } from './densePlan';
import { flattenPlan } from './densePlanned';
import { setRawRange } from './rawRange';
import { quantizeWeights } from './weights';
import { denseWrapWasm, type ReplayPlan } from './wasm/denseWrapWasm';

/** im2col without a column buffer: row s·pixels + p reads input s·inSize + index[p·nIn + k] (−1 = 0). */
export interface Gather {
  readonly index: Int32Array;
  readonly pixels: number;
  readonly inSize: number;
}

/** Fills `or` (rows × nOut result raws) from `xr` (rows × nIn raws, or the layer input with `gather`). */
export type WrapRun = (xr: Float64Array, rows: number, or: Float64Array, gather?: Gather) => void;

export type WrapShape = Int32Shape;

/** The kernel's conditions on the types, or null when the layer needs another path. */
export function wrapShape(
  xType: FixedType,
  wType: FixedType,
  accum: FixedType,
  nIn: number,
): WrapShape | null {
  const shape = int32Shape(xType, wType, accum);
  // the unwrapped sum of the bias and n_in products is exact in int32
  return shape && (nIn + 1) * 2 ** (accum.width - 1) < 2 ** 31 ? shape : null;
}

/**
 * Whether some input of type `xType` times some weight can leave accum_t after the shift: x·w is
 * monotonic in x, so the type's two extreme raws bound every product of a weight.
 */
export function productsCanOverflow(xType: FixedType, w: ArrayLike<number>, s: WrapShape): boolean {
  const width = 32 - s.sh;
  const kmin = -(2 ** (width - 1));
  const kmax = 2 ** (width - 1) - 1;
  const xmin = xType.signed ? -(2 ** (xType.width - 1)) : 0;
  const xmax = xType.signed ? 2 ** (xType.width - 1) - 1 : 2 ** xType.width - 1;
  const scale = 2 ** -s.d;
  for (let k = 0; k < w.length; k++) {
    const a = Math.floor(xmin * w[k]! * scale);
    const b = Math.floor(xmax * w[k]! * scale);
    if (a < kmin || a > kmax || b < kmin || b > kmax) return true;
  }
  return false;
}

/**
 * Whether output j's products are x_i·w[i·n_out + j] for every input i exactly once: then its sum in the
 * plan's order is, modulo 2^W, bias + Σ_i x_i·w_ij, as the kernel computes it.
 */
export function planSumsEveryProduct(plan: DensePlan, nIn: number, nOut: number): boolean {
  if (plan.length !== nOut) return false;
  const seen = new Int32Array(nIn).fill(-1);
  return plan.every((groups, j) => {
    let n = 0;
    for (const g of groups)
      for (const p of g) {
        if (p.weight !== p.input * nOut + j || p.input < 0 || p.input >= nIn || seen[p.input] === j)
          return false;
        seen[p.input] = j;
        n++;
      }
    return n === nIn;
  });
}

/** The flattened summation order of the layer, for the replay of flagged outputs. */
function replayPlan(nIn: number, nOut: number, w: Float64Array, plan: DensePlan | null): ReplayPlan {
  if (!plan) {
    // One product per group, inputs in order: no plan objects for big layers.
    const outGroups = new Int32Array(nOut + 1);
    for (let j = 0; j <= nOut; j++) outGroups[j] = j * nIn;
    const groupAt = new Int32Array(nIn * nOut + 1);
    for (let g = 0; g < groupAt.length; g++) groupAt[g] = g;
    const input = new Int32Array(nIn * nOut);
    const weight = new Int32Array(nIn * nOut);
    for (let j = 0; j < nOut; j++)
      for (let i = 0; i < nIn; i++) {
        input[j * nIn + i] = i;
        weight[j * nIn + i] = w[i * nOut + j]!;
      }
    return { outGroups, groupAt, input, weight };
  }
  const flat = flattenPlan(plan, w);
  return { ...flat, weight: Int32Array.from(flat.weight) };
}

/**
 * The kernel for this layer, or null when the types, the weights or the platform (no WebAssembly SIMD)
 * need another path. Casts the bias into accum_t here (counting, as prepareDense does), so a caller that
 * gets a kernel must not prepare the layer again.
 */
export function prepareWrapDense(
  layer: DenseLayer,
  xType: FixedType,
  t: DenseTypes,
  strategy: LoweredStrategy,
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
  /** Module memory per kernel call (tests make it small, to run a batch in several blocks). */
  blockBytes?: number,
): WrapRun | null {
  const { nIn, nOut } = layer;
  const shape = wrapShape(xType, t.weight, t.accum, nIn);
  if (!shape || t.result.width > MAX_NUMBER_WIDTH || t.bias.width > MAX_NUMBER_WIDTH) return null;
  if (!denseWrapWasm.available()) return null;
  // The Resource orders (null: the latency order, inputs 0 … n_in−1).
  const order = strategy === 'latency' ? null : densePlan(nIn, nOut, strategy, reuseFactor);
  if (order && !planSumsEveryProduct(order, nIn, nOut)) return null;
  const w = quantizeWeights(layer.weight.data, t.weight, family) as Float64Array;
  const b = quantizeWeights(
    layer.bias ? layer.bias.data : new Float64Array(nOut),
    t.bias,
    family,
  ) as Float64Array;
  const castBias = makeCaster(fractionalBits(t.bias), t.accum, family, counters.accum);
  const castRes = makeCaster(fractionalBits(t.accum), t.result, family, counters.result);
  const bias = Int32Array.from(b, (v) => castBias(v));
  const wi = Int32Array.from(w);
  const wrapProducts = productsCanOverflow(xType, w, shape);
  const narrow =
    (xType.signed ? xType.width <= 16 : xType.width <= 15) && wi.every((v) => v >= -32768 && v <= 32767);
  const keepsAccum = castKeepsAccum(t.accum, t.result);
  let replay: ReplayPlan | null = null;
  const planOf = (): ReplayPlan => (replay ??= replayPlan(nIn, nOut, w, order));
  return (xr, rows, or, gather) => {
    const r = denseWrapWasm.run(
      xr,
      gather,
      wi,
      bias,
      or,
      rows,
      nIn,
      nOut,
      shape,
      wrapProducts,
      narrow,
      planOf,
      blockBytes,
    );
    counters.product.count += r.products;
    counters.accum.count += r.sums;
    const total = rows * nOut;
    if (keepsAccum) {
      if (or.length === total) setRawRange(or, r.lo, r.hi);
    } else if (total > 0) {
      // The results, and their range as the engine's record would scan it.
      let lo = castRes(or[0]!);
      let hi = lo;
      or[0] = lo;
      for (let k = 1; k < total; k++) {
        const v = castRes(or[k]!);
        or[k] = v;
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      if (or.length === total) setRawRange(or, lo, hi);
    }
    if (preCast && total > 0) {
      preCast(Math.floor(r.loAt / nOut), r.loAt % nOut, r.lo);
      preCast(Math.floor(r.hiAt / nOut), r.hiAt % nOut, r.hi);
    }
  };
}
