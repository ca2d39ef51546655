/**
 * Quartus average pooling (hls4ml's Quartus `pool_op<Average>`, restated in
 * hls/quartus_nnet_utils/README.md): a window of the stride's size, padded cells 0, no accum_t.
 *
 *   wide sum (data_T signed with AC_TRN / AC_WRAP — the types hls4ml's widened `avg` overload takes):
 *     s = exact sum of the N cells; y = trunc0(s / N) at data_T's LSB
 *   otherwise:  y = 0; y = data_T(y + x) per cell in order; y = data_T(trunc0(y / N))
 *   res = res_T(y)
 *
 * hls4ml then multiplies by data_T(pool size) / (cells inside the image); the backend only takes layers
 * where that factor is exactly 1 (no padding or count_pad, and data_T holds the pool size), so it is
 * left out here and in the C++.
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { GlobalPoolingLayer, PoolingLayer } from '../ir/graph';
import { allocate, type FixedTensor } from './tensor';
import { spatialDims, windowOf, windowPixel } from './window';

/** Whether Quartus sums in a wider type (hls4ml's avg overload for signed ac types with default modes). */
export function quartusWideAverage(x: FixedType): boolean {
  return x.signed && x.rounding === 'TRN' && x.overflow === 'WRAP';
}

function windows(
  layer: PoolingLayer | GlobalPoolingLayer,
  inShape: readonly number[],
): {
  wins: Int32Array[];
  chan: number;
} {
  if (layer.kind === 'GlobalPooling') {
    const [h, w, chan] = spatialDims(inShape, layer.rank, layer);
    return { wins: [Int32Array.from({ length: h * w }, (_, k) => k)], chan };
  }
  const g = windowOf(layer, inShape);
  const wins: Int32Array[] = [];
  for (let oy = 0; oy < g.outH; oy++) {
    for (let ox = 0; ox < g.outW; ox++) {
      const w = new Int32Array(g.kh * g.kw);
      for (let ky = 0; ky < g.kh; ky++)
        for (let kx = 0; kx < g.kw; kx++) w[ky * g.kw + kx] = windowPixel(g, oy, ox, ky, kx);
      wins.push(w);
    }
  }
  return { wins, chan: g.chan };
}

export function prepareQuartusAveragePooling(
  layer: PoolingLayer | GlobalPoolingLayer,
  inShape: readonly number[],
  xType: FixedType,
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const { wins, chan } = windows(layer, inShape);
  const fx = fractionalBits(xType);
  const wide = quartusWideAverage(xType);
  const none = { count: 0 };
  const toX = (raw: bigint): bigint => convertRawBigCounted(raw, fx, xType, 'ac', none);
  const size = wins.length * chan;
  return (x) => {
    const out = allocate(result, size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let s = 0; s < x.samples; s++) {
      const xo = s * x.size;
      for (let p = 0; p < wins.length; p++) {
        const win = wins[p]!;
        const n = BigInt(win.length);
        for (let ch = 0; ch < chan; ch++) {
          let y = 0n;
          for (let k = 0; k < win.length; k++) {
            const px = win[k]!;
            const v = px < 0 ? 0n : BigInt(x.raws[xo + px * chan + ch]!);
            y = wide ? y + v : toX(y + v);
          }
          // BigInt division truncates toward zero, at data_T's LSB.
          y = toX(y / n);
          const r = convertRawBigCounted(y, fx, result, 'ac', counter);
          if (narrow) (out.raws as Float64Array)[s * size + p * chan + ch] = Number(r);
          else (out.raws as bigint[])[s * size + p * chan + ch] = r;
        }
      }
    }
    return out;
  };
}
