/**
 * Dense in the Resource strategies' summation orders (densePlan.ts) with the casts written inline, for
 * the designs where they reduce to integer operations: products floored into accum_t (TRN, or no bits
 * dropped) and accum_t wrapping or saturating. Same arithmetic, value for value and overflow for overflow,
 * as the caster loop in dense.ts, which handles every other combination of modes.
 *
 * The plan is flattened into typed arrays once: per output a run of groups, per group a run of
 * (input index, weight raw) pairs. A group of one product is added straight into the accumulator; a
 * longer group is first summed into a zeroed accum_t temporary.
 */
import { fractionalBits, type FixedType } from '../fixed/types';
import type { DensePlan } from './densePlan';
import { int32Loop, type DenseLoop } from './denseInt32';

export interface FlatPlan {
  /** outGroups[j] … outGroups[j+1]−1: the groups of output j. */
  readonly outGroups: Int32Array;
  /** groupAt[g] … groupAt[g+1]−1: the products of group g. */
  readonly groupAt: Int32Array;
  readonly input: Int32Array;
  /** Weight raws in product order (exact integers). */
  readonly weight: Float64Array;
}

export function flattenPlan(plan: DensePlan, w: Float64Array): FlatPlan {
  let groups = 0;
  let products = 0;
  for (const out of plan) {
    groups += out.length;
    for (const g of out) products += g.length;
  }
  const outGroups = new Int32Array(plan.length + 1);
  const groupAt = new Int32Array(groups + 1);
  const input = new Int32Array(products);
  const weight = new Float64Array(products);
  let g = 0;
  let p = 0;
  plan.forEach((out, j) => {
    outGroups[j] = g;
    for (const group of out) {
      groupAt[g++] = p;
      for (const q of group) {
        input[p] = q.input;
        weight[p++] = w[q.weight]!;
      }
    }
  });
  outGroups[plan.length] = g;
  groupAt[groups] = p;
  return { outGroups, groupAt, input, weight };
}

export interface PlannedCounters {
  readonly product: { count: number };
  readonly accum: { count: number };
}

/**
 * The planned loop for this design, or null when the accumulator's modes need the caster loop. Products
 * and sums are exact Float64 integers (accum_t ≤ 52 bits and |x·w| < 2^53 by the caller's contract).
 */
export function plannedDenseLoop(
  plan: DensePlan,
  nIn: number,
  w: Float64Array,
  /** |x·w| < 2^30 for every input and weight of the types: the int32 kernel may run. */
  productsFitInt32: boolean,
  prodFrac: number,
  accum: FixedType,
  castRes: (raw: number) => number,
  counters: PlannedCounters,
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
): DenseLoop | null {
  const d = prodFrac - fractionalBits(accum);
  const roundsDown = d >= 0 && d <= 52 && (accum.rounding === 'TRN' || d === 0) && accum.kind === 'fixed';
  const overflowOk = (accum.overflow === 'WRAP' || accum.overflow === 'SAT') && accum.satBits === 0;
  if (!roundsDown || !overflowOk || accum.width > 52) return null;
  const flat = flattenPlan(plan, w);
  const nOut = plan.length;
  const int32 = productsFitInt32 && int32PlannedLoop(flat, nIn, nOut, d, accum, castRes, counters, preCast);
  if (int32) return int32;
  const inv = 2 ** -d;
  const kmin = accum.signed ? -(2 ** (accum.width - 1)) : 0;
  const kmax = accum.signed ? 2 ** (accum.width - 1) - 1 : 2 ** accum.width - 1;
  const mod = 2 ** accum.width;
  const wrap = accum.overflow === 'WRAP';
  const { outGroups, groupAt, input, weight } = flat;
  return (xr, or, samples, biasAcc) => {
    let sums = 0;
    let products = 0;
    // One cast into accum_t, counting overflows; identical to makeCaster for these modes.
    const fit = (v: number, isProduct: boolean): number => {
      if (v <= kmax && v >= kmin) return v;
      if (isProduct) products++;
      else sums++;
      if (wrap) return v - Math.floor((v - kmin) / mod) * mod;
      return v > kmax ? kmax : kmin;
    };
    for (let s = 0; s < samples; s++) {
      const xo = s * nIn;
      for (let j = 0; j < nOut; j++) {
        let acc = biasAcc[j]!;
        for (let g = outGroups[j]!; g < outGroups[j + 1]!; g++) {
          const a = groupAt[g]!;
          const b = groupAt[g + 1]!;
          if (b - a === 1) {
            const p = fit(Math.floor(xr[xo + input[a]!]! * weight[a]! * inv), true);
            acc = fit(acc + p, false);
          } else {
            let tmp = 0;
            for (let e = a; e < b; e++) {
              tmp = fit(tmp + fit(Math.floor(xr[xo + input[e]!]! * weight[e]! * inv), true), false);
            }
            acc = fit(acc + tmp, false);
          }
        }
        preCast?.(s, j, acc);
        or[s * nOut + j] = castRes(acc);
      }
    }
    counters.accum.count += sums;
    counters.product.count += products;
  };
}

/**
 * The same loop in int32 arithmetic for wrapping signed accumulators of at most 30 bits: a product's floor
 * into accum_t is an arithmetic right shift and WRAP a sign-extending shift pair (as int32DenseKernel in
 * dense.ts does for the latency order).
 */
function int32PlannedLoop(
  flat: FlatPlan,
  nIn: number,
  nOut: number,
  d: number,
  accum: FixedType,
  castRes: (raw: number) => number,
  counters: PlannedCounters,
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
): DenseLoop | null {
  if (!(accum.overflow === 'WRAP' && accum.signed && accum.width <= 30 && d < 31)) return null;
  const weight = Int32Array.from(flat.weight);
  const sh = 32 - accum.width;
  return int32Loop(
    nOut,
    (x, bias, acc, samples) =>
      int32PlannedKernel(
        x,
        flat.outGroups,
        flat.groupAt,
        flat.input,
        weight,
        bias,
        acc,
        samples,
        nIn,
        nOut,
        d,
        sh,
      ),
    castRes,
    counters,
    preCast,
  );
}

/** At top level with every size a parameter, so that V8 optimizes one copy for all layers. */
function int32PlannedKernel(
  x: Int32Array,
  outGroups: Int32Array,
  groupAt: Int32Array,
  input: Int32Array,
  weight: Int32Array,
  bias: Int32Array,
  out: Int32Array,
  samples: number,
  nIn: number,
  nOut: number,
  d: number,
  sh: number,
): { products: number; sums: number } {
  let products = 0;
  let sums = 0;
  for (let s = 0; s < samples; s++) {
    const xo = s * nIn;
    for (let j = 0; j < nOut; j++) {
      let acc = bias[j]!;
      const g1 = outGroups[j + 1]!;
      for (let g = outGroups[j]!; g < g1; g++) {
        const a = groupAt[g]!;
        const b = groupAt[g + 1]!;
        let part: number;
        if (b - a === 1) {
          const full = Math.imul(x[xo + input[a]!]!, weight[a]!) >> d;
          part = (full << sh) >> sh;
          if (part !== full) products++;
        } else {
          part = 0;
          for (let e = a; e < b; e++) {
            const full = Math.imul(x[xo + input[e]!]!, weight[e]!) >> d;
            const p = (full << sh) >> sh;
            if (p !== full) products++;
            const t = (part + p) | 0;
            part = (t << sh) >> sh;
            if (part !== t) sums++;
          }
        }
        const sum = (acc + part) | 0;
        acc = (sum << sh) >> sh;
        if (acc !== sum) sums++;
      }
      out[s * nOut + j] = acc;
    }
  }
  return { products, sums };
}
