/**
 * Pooling and GlobalPooling as hls4ml's io_stream kernels compute them (fixed-point.md §6.5, "io_stream
 * pooling"), which differs from io_parallel (pooling.ts):
 * - Pooling (no padding, window = stride; the writer refuses anything else in io_stream): every window
 *   value is cast to accum_t first; Max is the largest cast value; Average is the balanced tree sum of the
 *   cast values (every node cast to accum_t, §6.8.4) divided by the window size, truncated toward zero at
 *   accum_t's LSB. Then result_t.
 * - GlobalPooling: one running accum_t per channel over the pixels in order: Max starts at accum_t's most
 *   negative value and keeps the larger of it and the cast pixel; Average starts at 0 and adds the cast
 *   pixel (each sum cast to accum_t); the sum is divided by the pixel count (truncated toward zero).
 * The casts of the window values and sums count as accum_t overflows, the final cast as result_t ones.
 */
import { convertRawBigCounted } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { GlobalPoolingLayer, PoolingLayer } from '../ir/graph';
import type { PoolingCounters, PoolingTypes } from './pooling';
import { allocate, type FixedTensor } from './tensor';
import { spatialDims, windowOf } from './window';

/** True when io_stream can run this pooling layer (hls4ml's stream kernels assert it). */
export function streamPoolingFits(layer: PoolingLayer, inShape: readonly number[]): boolean {
  const g = windowOf(layer, inShape);
  return (
    g.padTop === 0 &&
    g.padBottom === 0 &&
    g.padLeft === 0 &&
    g.padRight === 0 &&
    g.kh === g.sh &&
    g.kw === g.sw &&
    g.dh === 1 &&
    g.dw === 1
  );
}

function at(x: FixedTensor, i: number): bigint {
  const r = x.raws[i]!;
  return typeof r === 'bigint' ? r : BigInt(r);
}

function store(out: FixedTensor, i: number, v: bigint): void {
  if (out.raws instanceof Float64Array) out.raws[i] = Number(v);
  else out.raws[i] = v;
}

/** §6.8.4 tree sum of accum_t raws: split at the largest power of two below n, every node cast. */
function treeSum(v: readonly bigint[], lo: number, n: number, cast: (raw: bigint) => bigint): bigint {
  if (n === 1) return v[lo]!;
  if (n === 2) return cast(v[lo]! + v[lo + 1]!);
  let left = 1;
  while (left * 2 < n) left *= 2;
  return cast(treeSum(v, lo, left, cast) + treeSum(v, lo + left, n - left, cast));
}

export function prepareStreamPooling(
  layer: PoolingLayer,
  inShape: readonly number[],
  xType: FixedType,
  t: PoolingTypes,
  family: TypeFamily,
  c: PoolingCounters,
): (x: FixedTensor) => FixedTensor {
  const g = windowOf(layer, inShape);
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const toAcc = (raw: bigint): bigint => convertRawBigCounted(raw, fx, t.accum, family, c.accum);
  const sumCast = (raw: bigint): bigint => convertRawBigCounted(raw, fa, t.accum, family, c.accum);
  const toRes = (raw: bigint): bigint => convertRawBigCounted(raw, fa, t.result, family, c.result);
  const n = g.kh * g.kw;
  const size = g.outH * g.outW * g.chan;
  return (x) => {
    const out = allocate(t.result, size, x.samples);
    const cells: bigint[] = new Array<bigint>(n);
    for (let s = 0; s < x.samples; s++) {
      const xo = s * x.size;
      for (let oy = 0; oy < g.outH; oy++) {
        for (let ox = 0; ox < g.outW; ox++) {
          for (let ch = 0; ch < g.chan; ch++) {
            for (let ky = 0; ky < g.kh; ky++) {
              for (let kx = 0; kx < g.kw; kx++) {
                const iy = oy * g.sh + ky;
                const ix = ox * g.sw + kx;
                cells[ky * g.kw + kx] = toAcc(at(x, xo + (iy * g.inW + ix) * g.chan + ch));
              }
            }
            let r: bigint;
            if (layer.op === 'max') {
              r = cells[0]!;
              for (let k = 1; k < n; k++) if (cells[k]! > r) r = cells[k]!;
            } else {
              // BigInt division truncates toward zero, at accum_t's LSB; the quotient returns as accum_t.
              r = sumCast(treeSum(cells, 0, n, sumCast) / BigInt(n));
            }
            store(out, s * size + (oy * g.outW + ox) * g.chan + ch, toRes(r));
          }
        }
      }
    }
    return out;
  };
}

export function prepareStreamGlobalPooling(
  layer: GlobalPoolingLayer,
  inShape: readonly number[],
  xType: FixedType,
  t: PoolingTypes,
  family: TypeFamily,
  c: PoolingCounters,
): (x: FixedTensor) => FixedTensor {
  const [h, w, chan] = spatialDims(inShape, layer.rank, layer);
  const pixels = h * w;
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const toAcc = (raw: bigint): bigint => convertRawBigCounted(raw, fx, t.accum, family, c.accum);
  const sumCast = (raw: bigint): bigint => convertRawBigCounted(raw, fa, t.accum, family, c.accum);
  const toRes = (raw: bigint): bigint => convertRawBigCounted(raw, fa, t.result, family, c.result);
  const lowest = t.accum.signed ? -(1n << BigInt(t.accum.width - 1)) : 0n;
  return (x) => {
    const out = allocate(t.result, chan, x.samples);
    for (let s = 0; s < x.samples; s++) {
      const xo = s * x.size;
      for (let ch = 0; ch < chan; ch++) {
        let acc = layer.op === 'max' ? lowest : 0n;
        for (let p = 0; p < pixels; p++) {
          const v = toAcc(at(x, xo + p * chan + ch));
          if (layer.op === 'max') {
            if (!(acc > v)) acc = v;
          } else {
            acc = sumCast(acc + v);
          }
        }
        store(out, s * chan + ch, toRes(layer.op === 'max' ? acc : acc / BigInt(pixels)));
      }
    }
    return out;
  };
}
