/**
 * hls4ml's Dense products for XNOR inputs (passes/denseProduct.ts, fixed-point.md §6.1):
 *  - data_binary: a = 0 gives −w, else w, exactly (decltype(−w)): the same sums as an ordinary multiply
 *    of the weights by x' = ±1, so it runs the ordinary kernel on inputs mapped 0 → −1, 1 → +1 (int<2>);
 *  - both_binary: the product is a == w (0 or 1, in the input's ap_uint<1>), XNOR weights stored 1 for a
 *    value > 0 and 0 otherwise; it is cast to accum_t and summed in the layer's plan order like every
 *    product (bias cast to accum_t first, each product and partial sum cast to accum_t).
 */
import { convertRawBigCounted, makeCaster } from '../fixed/convert';
import { fractionalBits, makeInt, type FixedType, type TypeFamily } from '../fixed/types';
import type { DenseLayer } from '../ir/graph';
import type { DenseCounters, DenseTypes } from './dense';
import { densePlan } from './densePlan';
import { bigPlanLoop, type PreCast } from './densePlanBig';
import { allocate, rawAsBig, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

type Strategy = Parameters<typeof densePlan>[2];

/** The input type data_binary's ordinary kernel is prepared for: the ±1 of each XNOR input. */
export const DATA_BINARY_INPUT: FixedType = makeInt(2);

/** data_binary: the ordinary kernel `run` (prepared for DATA_BINARY_INPUT) on the inputs mapped to ±1. */
export function dataBinary(run: (x: FixedTensor) => FixedTensor): (x: FixedTensor) => FixedTensor {
  return (x) => {
    const raws = new Float64Array(x.raws.length);
    for (let k = 0; k < raws.length; k++) raws[k] = rawAsBig(x, k) === 0n ? -1 : 1;
    return run({ type: DATA_BINARY_INPUT, size: x.size, samples: x.samples, raws });
  };
}

/** both_binary: Σ (a == w) in accum_t, in the plan's order, then cast to t.result. */
export function prepareBothBinary(
  layer: DenseLayer,
  t: DenseTypes,
  strategy: Strategy,
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
  preCast?: PreCast,
  /** Tests force the BigInt loop to check it against the number loop. */
  path: 'fastest' | 'bigint' = 'fastest',
): (x: FixedTensor) => FixedTensor {
  const { nIn, nOut } = layer;
  const w = Uint8Array.from(layer.weight.data, (v) => (v > 0 ? 1 : 0));
  const bias = quantizeWeights(layer.bias ? layer.bias.data : new Float64Array(nOut), t.bias, family);
  const plan = densePlan(nIn, nOut, strategy, reuseFactor);
  const castBias = (b: bigint): bigint =>
    convertRawBigCounted(b, fractionalBits(t.bias), t.accum, family, counters.accum);
  const biasAcc = Array.from({ length: nOut }, (_, j) => castBias(BigInt(bias[j]!)));
  if (path === 'fastest' && t.accum.width <= 52 && t.result.width <= 53) {
    return bothBinaryNumbers(plan, nIn, nOut, w, biasAcc.map(Number), t, family, counters, preCast);
  }
  const xnor = (raw: bigint, k: number): bigint => ((raw === 0n ? 0 : 1) === w[k] ? 1n : 0n);
  return bigPlanLoop(plan, nIn, nOut, t, family, counters, preCast, (j) => biasAcc[j]!, xnor, 0);
}

/** both_binary with every value an exact double (accum_t within 52 bits): bigPlanLoop's steps. */
function bothBinaryNumbers(
  plan: ReturnType<typeof densePlan>,
  nIn: number,
  nOut: number,
  w: Uint8Array,
  biasAcc: number[],
  t: DenseTypes,
  family: TypeFamily,
  counters: DenseCounters,
  preCast?: PreCast,
): (x: FixedTensor) => FixedTensor {
  const fa = fractionalBits(t.accum);
  const castProd = makeCaster(0, t.accum, family, counters.product);
  const castSum = makeCaster(fa, t.accum, family, counters.accum);
  const castRes = makeCaster(fa, t.result, family, counters.result);
  const bits = new Uint8Array(nIn);
  return (x) => {
    const out = allocate(t.result, nOut, x.samples);
    const or = out.raws as Float64Array;
    for (let s = 0; s < x.samples; s++) {
      for (let i = 0; i < nIn; i++) {
        const r = x.raws[s * nIn + i]!;
        bits[i] = r === 0 || r === 0n ? 0 : 1;
      }
      for (let j = 0; j < nOut; j++) {
        let acc = biasAcc[j]!;
        for (const group of plan[j]!) {
          if (group.length === 1) {
            const p = group[0]!;
            acc = castSum(acc + castProd(bits[p.input] === w[p.weight] ? 1 : 0));
          } else {
            let tmp = 0;
            for (const p of group) tmp = castSum(tmp + castProd(bits[p.input] === w[p.weight] ? 1 : 0));
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
