/**
 * Where hls4ml's Quartus io_stream kernels compute differently from its io_parallel ones (restated in
 * hls/quartus_stream_utils/README.md); our stream templates follow them, and the engine picks these
 * when a Quartus (or oneAPI, whose layer code is Quartus') design is io_stream:
 *
 *   ternary_tanh: x itself is compared (io_parallel doubles it into data_T first): x > 1 → 1,
 *     x ≤ −1 → −1, else 0, each converted to res_T.
 *   global pooling: a running value per channel in accum_t. Max starts at accum_t's MSB-only pattern and
 *     takes accum_t(x) whenever x > it (exact comparison); average casts the exact x + sum to accum_t at
 *     every step. The result is res_T(max), or res_T(trunc0(sum / n)) with the quotient at accum_t's LSB.
 *   sigmoid / tanh (quartusActivations.ts, `stream`), and the merge average (mergeStream.ts, as Vivado's).
 *   softplus / elu / selu (quartusMoreTables.ts, `stream`): the index in an int, not a 16-bit ac_int, and
 *     elu's alpha / selu's λ converted to data_T instead of res_T.
 *   legacy softmax (quartusSoftmaxVariants.ts, `stream`): the exact difference x_j − x_i indexes the exp
 *     table, and the sum stays in table_t.
 *   GRU: the same as io_parallel (hls4ml's stream GRU runs its io_parallel cell per word); SimpleRNN and
 *     LSTM have no hls4ml Quartus stream kernel and are refused (quartusStreamSupport.ts).
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { DesignConfig } from '../config/designConfig';
import type { GlobalPoolingLayer } from '../ir/graph';
import { allocate, type FixedTensor } from './tensor';
import { spatialDims } from './window';

/** Whether the design runs hls4ml's Quartus io_stream kernels. */
export function quartusStreamKernels(config: Pick<DesignConfig, 'backend' | 'ioType'>): boolean {
  return config.ioType === 'io_stream' && (config.backend === 'Quartus' || config.backend === 'oneAPI');
}

function put(out: FixedTensor, i: number, r: bigint): void {
  if (out.raws instanceof Float64Array) out.raws[i] = Number(r);
  else out.raws[i] = r;
}

export function prepareQuartusStreamTernary(
  xType: FixedType,
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const f = fractionalBits(xType);
  // x > 1 and x ≤ −1 compared exactly on the raw value (f may be negative).
  const one = f >= 0 ? 1n << BigInt(f) : 0n;
  const above = (v: bigint): boolean => (f >= 0 ? v > one : v << BigInt(-f) > 1n);
  const atMostMinusOne = (v: bigint): boolean => (f >= 0 ? v <= -one : v << BigInt(-f) <= -1n);
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    for (let i = 0; i < x.raws.length; i++) {
      const v = BigInt(x.raws[i]!);
      const t = above(v) ? 1n : atMostMinusOne(v) ? -1n : 0n;
      // An int converted to res_T (an unsigned res_T wraps or saturates the −1).
      put(out, i, convertRawBigCounted(t, 0, result, 'ac', counter));
    }
    return out;
  };
}

export function prepareQuartusStreamGlobalPooling(
  layer: GlobalPoolingLayer,
  inShape: readonly number[],
  xType: FixedType,
  accum: FixedType,
  result: FixedType,
  counters: { accum: OverflowCounter; result: OverflowCounter },
): (x: FixedTensor) => FixedTensor {
  const [h, w, chan] = spatialDims(inShape, layer.rank, layer);
  const n = h * w;
  const fx = fractionalBits(xType);
  const fa = fractionalBits(accum);
  // Both at f = max(fx, fa) fractional bits for exact comparisons and sums.
  const f = Math.max(fx, fa);
  const up = (raw: bigint, from: number): bigint => raw << BigInt(f - from);
  const init = accum.signed ? -(1n << BigInt(accum.width - 1)) : 1n << BigInt(accum.width - 1);
  return (x) => {
    const out = allocate(result, chan, x.samples);
    for (let s = 0; s < x.samples; s++) {
      for (let c = 0; c < chan; c++) {
        let y = layer.op === 'max' ? init : 0n;
        for (let p = 0; p < n; p++) {
          const v = BigInt(x.raws[s * x.size + p * chan + c]!);
          if (layer.op === 'max') {
            if (up(v, fx) > up(y, fa)) y = convertRawBigCounted(v, fx, accum, 'ac', counters.accum);
          } else {
            y = convertRawBigCounted(up(v, fx) + up(y, fa), f, accum, 'ac', counters.accum);
          }
        }
        // BigInt division truncates toward zero, at accum_t's LSB.
        const q = layer.op === 'max' ? y : y / BigInt(n);
        put(out, s * chan + c, convertRawBigCounted(q, fa, result, 'ac', counters.result));
      }
    }
    return out;
  };
}
