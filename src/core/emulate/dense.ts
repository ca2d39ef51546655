/**
 * Dense (fixed-point.md §6.1–6.2): acc = cast_accum(bias); for each product in the kernel's order,
 * acc = cast_accum(acc + cast_accum(x·w)); res = cast_res(acc). Products and partial sums each round and
 * overflow in accum_t. Number path when every intermediate is an exact Float64 integer, BigInt otherwise.
 */
import { denseInt32Wasm } from './wasm/denseWasm';
import { convertRawBigCounted, makeCaster, type OverflowCounter } from '../fixed/convert';
import { MAX_NUMBER_WIDTH, fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { DenseLayer } from '../ir/graph';
import { densePlan } from './densePlan';
import { castKeepsAccum, int32Loop, int32Shape } from './denseInt32';
import { plannedDenseLoop } from './densePlanned';
import { prepareWrapDense } from './denseWrap';
import { allocate, rawAsBig, type FixedTensor } from './tensor';
import { exactProductWeights } from './exactProducts';
import { quantizeWeights } from './weights';

export interface DenseTypes {
  readonly weight: FixedType;
  readonly bias: FixedType;
  readonly accum: FixedType;
  readonly result: FixedType;
}

/** Which implementation runs: the fastest that fits the types, or a specific one (tests). */
export type DensePath = 'fastest' | 'int32-js' | 'float-inline' | 'casters' | 'bigint';

export interface DenseCounters {
  readonly product: OverflowCounter;
  readonly accum: OverflowCounter;
  readonly result: OverflowCounter;
}

/** Quantize the weights and build the casts once; the returned kernel runs any batch of samples. */
export function prepareDense(
  layer: DenseLayer,
  xType: FixedType,
  t: DenseTypes,
  strategy: Parameters<typeof densePlan>[2],
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
  /** Tests force a path to check that all of them compute the same thing. */
  path: DensePath = 'fastest',
): (x: FixedTensor) => FixedTensor {
  // Forced paths keep the declared weight type, so the tests that compare paths also check the widening.
  if (path === 'fastest') ({ layer, types: t } = exactProductWeights(layer, xType, t, family));
  const { nIn, nOut } = layer;
  // The common design (wrapping int32 accum_t) in WebAssembly without a check per step (denseWrap.ts).
  const wrap =
    path === 'fastest'
      ? prepareWrapDense(layer, xType, t, strategy, reuseFactor, family, counters, preCast)
      : null;
  if (wrap) {
    return (x) => {
      const out = allocate(t.result, nOut, x.samples);
      wrap(x.raws as Float64Array, x.samples, out.raws as Float64Array);
      return out;
    };
  }
  const w = quantizeWeights(layer.weight.data, t.weight, family);
  const b = quantizeWeights(layer.bias ? layer.bias.data : new Float64Array(nOut), t.bias, family);
  const plan = densePlan(nIn, nOut, strategy, reuseFactor);
  const fx = fractionalBits(xType);
  const fw = fractionalBits(t.weight);
  const fb = fractionalBits(t.bias);
  const fa = fractionalBits(t.accum);
  const narrow =
    path !== 'bigint' &&
    w instanceof Float64Array &&
    b instanceof Float64Array &&
    xType.width + t.weight.width <= MAX_NUMBER_WIDTH &&
    t.accum.width + 1 <= MAX_NUMBER_WIDTH &&
    t.result.width <= MAX_NUMBER_WIDTH;

  if (narrow) {
    const wr = w as Float64Array;
    const br = b as Float64Array;
    const castProd = makeCaster(fx + fw, t.accum, family, counters.product);
    const castSum = makeCaster(fa, t.accum, family, counters.accum);
    const castBias = makeCaster(fb, t.accum, family, counters.accum);
    const castRes = makeCaster(fa, t.result, family, counters.result);
    const biasAcc = Array.from(br, (v) => castBias(v));
    const inlineLoop =
      (path === 'fastest' || path === 'int32-js'
        ? latencyInt32Loop(
            nIn,
            nOut,
            xType,
            t.weight,
            t.accum,
            wr,
            castRes,
            counters,
            preCast,
            path === 'fastest',
            t.result,
          )
        : null) ??
      (path === 'fastest' || path === 'int32-js' || path === 'float-inline'
        ? latencyInlineLoop(nIn, nOut, fx + fw, t.accum, wr, castRes, counters, preCast)
        : null);
    // The Resource orders with inline casts (densePlanned.ts), where the accumulator's modes allow.
    const plannedLoop =
      strategy !== 'latency' && (path === 'fastest' || path === 'int32-js' || path === 'float-inline')
        ? plannedDenseLoop(
            plan,
            nIn,
            wr,
            (path === 'fastest' || path === 'int32-js') &&
              xType.width - (xType.signed ? 1 : 0) + t.weight.width - (t.weight.signed ? 1 : 0) <= 30,
            fx + fw,
            t.accum,
            castRes,
            counters,
            preCast,
          )
        : null;
    return (x) => {
      const out = allocate(t.result, nOut, x.samples);
      const xr = x.raws as Float64Array;
      const or = out.raws as Float64Array;
      if (strategy === 'latency' && inlineLoop) {
        inlineLoop(xr, or, x.samples, biasAcc);
        return out;
      }
      if (plannedLoop) {
        plannedLoop(xr, or, x.samples, biasAcc);
        return out;
      }
      if (strategy === 'latency') {
        // The common case, without the plan's indirection: inputs 0…n_in−1 in order.
        for (let s = 0; s < x.samples; s++) {
          const xo = s * nIn;
          for (let j = 0; j < nOut; j++) {
            let acc = biasAcc[j]!;
            for (let i = 0; i < nIn; i++) acc = castSum(acc + castProd(xr[xo + i]! * wr[i * nOut + j]!));
            preCast?.(s, j, acc);
            or[s * nOut + j] = castRes(acc);
          }
        }
        return out;
      }
      for (let s = 0; s < x.samples; s++) {
        const xo = s * nIn;
        for (let j = 0; j < nOut; j++) {
          let acc = biasAcc[j]!;
          for (const group of plan[j]!) {
            if (group.length === 1) {
              const p = group[0]!;
              acc = castSum(acc + castProd(xr[xo + p.input]! * wr[p.weight]!));
            } else {
              let tmp = 0;
              for (const p of group) tmp = castSum(tmp + castProd(xr[xo + p.input]! * wr[p.weight]!));
              acc = castSum(acc + tmp);
            }
          }
          preCast?.(s, j, acc);
          or[s * nOut + j] = castRes(acc);
        }
      }
      return out;
    };
  }

  // BigInt path: identical arithmetic on exact integers.
  const wb = Array.from({ length: w.length }, (_, i) =>
    typeof w[i] === 'bigint' ? (w[i] as bigint) : BigInt(w[i]!),
  );
  const bb = Array.from({ length: b.length }, (_, i) =>
    typeof b[i] === 'bigint' ? (b[i] as bigint) : BigInt(b[i]!),
  );
  const cast = (raw: bigint, frac: number, dst: FixedType, c: OverflowCounter): bigint =>
    convertRawBigCounted(raw, frac, dst, family, c);
  return (x) => {
    const out = allocate(t.result, nOut, x.samples);
    const store = (i: number, v: bigint): void => {
      if (out.raws instanceof Float64Array) out.raws[i] = Number(v);
      else out.raws[i] = v;
    };
    for (let s = 0; s < x.samples; s++) {
      const xo = s * nIn;
      for (let j = 0; j < nOut; j++) {
        let acc = cast(bb[j]!, fb, t.accum, counters.accum);
        for (const group of plan[j]!) {
          let tmp = 0n;
          for (const p of group) {
            const prod = cast(rawAsBig(x, xo + p.input) * wb[p.weight]!, fx + fw, t.accum, counters.product);
            tmp = group.length === 1 ? prod : cast(tmp + prod, fa, t.accum, counters.accum);
          }
          acc = cast(acc + tmp, fa, t.accum, counters.accum);
        }
        preCast?.(s, j, acc);
        store(s * nOut + j, cast(acc, fa, t.result, counters.result));
      }
    }
    return out;
  };
}

/**
 * The hot loop of the default design (products floored into accum_t, accum_t wrapping or saturating),
 * with the casts written inline: same arithmetic as the casters, several times faster than calling them.
 * Returns null when the accumulator's modes need the general path.
 */
function latencyInlineLoop(
  nIn: number,
  nOut: number,
  prodFrac: number,
  accum: FixedType,
  w: Float64Array,
  castRes: (raw: number) => number,
  counters: DenseCounters,
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
): ((xr: Float64Array, or: Float64Array, samples: number, biasAcc: number[]) => void) | null {
  const d = prodFrac - fractionalBits(accum);
  const roundsDown = d >= 0 && d <= 52 && (accum.rounding === 'TRN' || d === 0) && accum.kind === 'fixed';
  const overflowOk = (accum.overflow === 'WRAP' || accum.overflow === 'SAT') && accum.satBits === 0;
  if (!roundsDown || !overflowOk || accum.width > 52) return null;
  const inv = 2 ** -d;
  const kmin = accum.signed ? -(2 ** (accum.width - 1)) : 0;
  const kmax = accum.signed ? 2 ** (accum.width - 1) - 1 : 2 ** accum.width - 1;
  const mod = 2 ** accum.width;
  const wrap = accum.overflow === 'WRAP';
  return (xr, or, samples, biasAcc) => {
    let overflows = 0;
    let productOverflows = 0;
    for (let s = 0; s < samples; s++) {
      const xo = s * nIn;
      for (let j = 0; j < nOut; j++) {
        let acc = biasAcc[j]!;
        for (let i = 0; i < nIn; i++) {
          let p = Math.floor(xr[xo + i]! * w[i * nOut + j]! * inv);
          if (p > kmax || p < kmin) {
            productOverflows++;
            if (wrap) {
              p -= Math.floor((p - kmin) / mod) * mod;
            } else p = p > kmax ? kmax : kmin;
          }
          acc += p;
          if (acc > kmax || acc < kmin) {
            overflows++;
            if (wrap) acc -= Math.floor((acc - kmin) / mod) * mod;
            else acc = acc > kmax ? kmax : kmin;
          }
        }
        preCast?.(s, j, acc);
        or[s * nOut + j] = castRes(acc);
      }
    }
    counters.accum.count += overflows;
    counters.product.count += productOverflows;
  };
}

/**
 * The same loop in int32 arithmetic, when every value fits: |x·w| ≤ 2^30 and accum_t ≤ 30 bits. Then a
 * product's floor into accum_t is an arithmetic right shift, and WRAP is a sign-extending shift pair:
 * exactly the casts above, with no floating point and no branches on the wrap path.
 */
function latencyInt32Loop(
  nIn: number,
  nOut: number,
  xType: FixedType,
  wType: FixedType,
  accum: FixedType,
  w: Float64Array,
  castRes: (raw: number) => number,
  counters: DenseCounters,
  preCast: ((sample: number, out: number, accRaw: number | bigint) => void) | undefined,
  useWasm: boolean,
  result: FixedType,
): ((xr: Float64Array, or: Float64Array, samples: number, biasAcc: number[]) => void) | null {
  const shape = int32Shape(xType, wType, accum);
  if (!shape) return null;
  const { d, sh } = shape;
  // Weights output-major so the inner loop walks memory in order.
  const wt = new Int32Array(nIn * nOut);
  for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) wt[j * nIn + i] = w[i * nOut + j]!;
  const wi = Int32Array.from(w); // input-major, for the WebAssembly kernel
  return int32Loop(
    nOut,
    (x, bias, acc, samples) =>
      (useWasm ? denseInt32Wasm(x, wi, bias, acc, samples, nIn, nOut, d, sh) : null) ??
      int32DenseKernel(x, wt, bias, acc, samples, nIn, nOut, d, sh),
    castRes,
    counters,
    preCast,
    castKeepsAccum(accum, result),
  );
}

/**
 * The int32 kernel itself, at top level with every size as a parameter: V8 optimizes one copy for all
 * layers (a closure per layer would lose the constant folding after the first one). Returns how many
 * product and partial-sum casts overflowed.
 */
function int32DenseKernel(
  x: Int32Array,
  wt: Int32Array,
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
      const wo = j * nIn;
      for (let i = 0; i < nIn; i++) {
        const full = Math.imul(x[xo + i]!, wt[wo + i]!) >> d;
        const p = (full << sh) >> sh;
        const sum = (acc + p) | 0;
        acc = (sum << sh) >> sh;
        if (p !== full) products++;
        if (acc !== sum) sums++;
      }
      out[s * nOut + j] = acc;
    }
  }
  return { products, sums };
}
