/**
 * LayerNormalization over the last axis (io_parallel), our own kernel, identical in nnet_layernorm.h:
 * sum = Σ x_i in accum_t (each partial sum cast); mean = accum(sum / n) (division truncates toward zero
 * at sum's LSB); d_i = accum(x_i − mean); var = accum(Σ accum(d_i²)) / n the same way; inv_std =
 * table[clamp(trunc0(var·T/R), 0, T−1)] with R = LAYERNORM_RANGE and entry i = f32(1/√(R·i/T + ε))
 * (double arithmetic, then float), cast to table_t; y_i = result(d_i·inv_std·γ_i + β_i) exactly, one
 * rounding (γ in scale_t, β in bias_t).
 */
import { convertRawBigCounted, fromDoubleBig, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { LayerNormLayer } from '../ir/graph';
import { allocate, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

/** The variance range the inverse-square-root table covers: [0, 16). */
export const LAYERNORM_RANGE = 16;

export function layerNormTableValue(i: number, tableSize: number, epsilon: number): number {
  return Math.fround(1 / Math.sqrt((LAYERNORM_RANGE * i) / tableSize + epsilon));
}

function truncDiv(a: bigint, n: bigint): bigint {
  return a / n; // BigInt division truncates toward zero
}

export function prepareLayerNorm(
  layer: LayerNormLayer,
  n: number,
  xType: FixedType,
  t: { scale: FixedType; bias: FixedType; accum: FixedType; table: FixedType; result: FixedType },
  tableSize: number,
  family: TypeFamily,
  counters: { accum: OverflowCounter; result: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const ft = fractionalBits(t.table);
  const fs = fractionalBits(t.scale);
  const fb = fractionalBits(t.bias);
  const acc = (raw: bigint, frac: number) => convertRawBigCounted(raw, frac, t.accum, family, counters.accum);
  const gq: ArrayLike<number | bigint> = quantizeWeights(layer.gamma.data, t.scale, family);
  const bq: ArrayLike<number | bigint> = quantizeWeights(layer.beta.data, t.bias, family);
  const gamma = Array.from(gq, (v) => BigInt(v));
  const beta = Array.from(bq, (v) => BigInt(v));
  const table = Array.from({ length: tableSize }, (_, i) =>
    fromDoubleBig(layerNormTableValue(i, tableSize, layer.epsilon), t.table, family),
  );
  const N = BigInt(n);
  const T = BigInt(tableSize);
  const den = BigInt(LAYERNORM_RANGE) << BigInt(fa);
  const fy = fa + ft + fs;
  const f = Math.max(fy, fb);
  return (x) => {
    const out = allocate(t.result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    const slices = x.size / n;
    for (let s = 0; s < x.samples; s++) {
      for (let k = 0; k < slices; k++) {
        const base = s * x.size + k * n;
        const xs = Array.from({ length: n }, (_, i) => {
          const r = x.raws[base + i]!;
          return typeof r === 'bigint' ? r : BigInt(r);
        });
        let sum = 0n;
        for (const v of xs)
          sum = acc(
            (sum << BigInt(Math.max(0, fx - fa))) + (v << BigInt(Math.max(0, fa - fx))),
            Math.max(fa, fx),
          );
        const mean = truncDiv(sum, N);
        const d = xs.map((v) =>
          acc((v << BigInt(Math.max(0, fa - fx))) - (mean << BigInt(Math.max(0, fx - fa))), Math.max(fa, fx)),
        );
        let sq = 0n;
        for (const v of d) sq = acc(sq + acc(v * v, 2 * fa), fa);
        const variance = truncDiv(sq, N);
        let idx = Number(truncDiv(variance * T, den));
        if (idx < 0) idx = 0;
        if (idx > tableSize - 1) idx = tableSize - 1;
        const inv = table[idx]!;
        for (let i = 0; i < n; i++) {
          const y =
            ((d[i]! * inv * gamma[i % gamma.length]!) << BigInt(f - fy)) +
            (beta[i % beta.length]! << BigInt(f - fb));
          const r = convertRawBigCounted(y, f, t.result, family, counters.result);
          if (narrow) (out.raws as Float64Array)[base + i] = Number(r);
          else (out.raws as bigint[])[base + i] = r;
        }
      }
    }
    return out;
  };
}
