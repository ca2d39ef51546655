/**
 * The BigInt loop of the Dense products that are not a plain multiply (both_binary, weight_exponential),
 * for the types too wide for their number loops: per sample and output, the bias in accum_t, then each
 * plan group's products cast to accum_t and summed (a group of one added straight in), then cast to
 * result_t (fixed-point.md §6.1).
 */
import { convertRawBigCounted, makeCaster } from '../fixed/convert';
import { fractionalBits, type TypeFamily } from '../fixed/types';
import type { DenseCounters, DenseTypes } from './dense';
import type { DensePlan } from './densePlan';
import { allocate, rawAsBig, type FixedTensor } from './tensor';

export type PreCast = (sample: number, out: number, accRaw: number | bigint) => void;

export function bigPlanLoop(
  plan: DensePlan,
  nIn: number,
  nOut: number,
  t: DenseTypes,
  family: TypeFamily,
  counters: DenseCounters,
  preCast: PreCast | undefined,
  /** Output j's bias raw in accum_t, asked for each sample. */
  biasAcc: (j: number) => bigint,
  /** The raw product of input raw `raw` and weight `k`, before its cast to accum_t… */
  product: (raw: bigint, k: number) => bigint,
  /** …with this many fractional bits. */
  productFrac: number,
): (x: FixedTensor) => FixedTensor {
  const fa = fractionalBits(t.accum);
  const castProd = (p: bigint): bigint =>
    convertRawBigCounted(p, productFrac, t.accum, family, counters.product);
  const castSum = (s: bigint): bigint => convertRawBigCounted(s, fa, t.accum, family, counters.accum);
  const castRes = makeCaster(fa, t.result, family, counters.result);
  return (x) => {
    const out = allocate(t.result, nOut, x.samples);
    for (let s = 0; s < x.samples; s++) {
      const xo = s * nIn;
      for (let j = 0; j < nOut; j++) {
        let acc = biasAcc(j);
        for (const group of plan[j]!) {
          let tmp = 0n;
          for (const p of group) {
            const prod = castProd(product(rawAsBig(x, xo + p.input), p.weight));
            tmp = group.length === 1 ? prod : castSum(tmp + prod);
          }
          acc = castSum(acc + tmp);
        }
        preCast?.(s, j, acc);
        const k = s * nOut + j;
        const res =
          t.accum.width <= 53
            ? castRes(Number(acc))
            : convertRawBigCounted(acc, fa, t.result, family, counters.result);
        if (out.raws instanceof Float64Array) out.raws[k] = Number(res);
        else out.raws[k] = BigInt(res);
      }
    }
    return out;
  };
}
