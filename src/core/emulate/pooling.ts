/**
 * Pooling and GlobalPooling, io_parallel (fixed-point.md §6.5).
 * Max: running maximum with `>` over the window in order (row-major cells); a padded cell holds the
 * most-negative bit pattern of the input type (MSB set, rest 0 — for an unsigned input that is the large
 * value 2^(I−1), hls4ml's behaviour, reproduced); the winner goes through accum_t, then result_t.
 * Average: y = 0 in accum_t; y = cast_accum(y + x) per cell in order (padded cells add 0); then y / count,
 * truncated toward zero at accum_t's LSB, count = non-padded cells (or the whole window with countPad);
 * then result_t. Global pooling is the same over all pixels of a channel, no padding.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, makeCaster, type OverflowCounter } from '../fixed/convert';
import { MAX_NUMBER_WIDTH, fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { GlobalPoolingLayer, PoolingLayer } from '../ir/graph';
import { castKeepsEveryValue } from './castKeeps';
import { allocate, type FixedTensor } from './tensor';
import { spatialDims, windowOf, windowPixel } from './window';

export interface PoolingTypes {
  readonly accum: FixedType;
  readonly result: FixedType;
}

export interface PoolingCounters {
  readonly accum: OverflowCounter;
  readonly result: OverflowCounter;
}

/** Raw of the most-negative pattern of `t`: MSB set, other bits 0. */
export function padPatternRaw(t: FixedType): bigint {
  const msb = 1n << BigInt(t.width - 1);
  return t.signed ? -msb : msb;
}

/** Which implementation runs: Float64 integers when they are exact, or BigInt (tests force it). */
export type PoolingPath = 'fastest' | 'bigint';

/** For each output pixel, the window's input pixels in order (−1 = padded). */
interface PoolPlan {
  readonly windows: Int32Array[];
  readonly chan: number;
  readonly inPixels: number;
}

function runPool(
  plan: PoolPlan,
  op: 'max' | 'average',
  countPad: boolean,
  xType: FixedType,
  t: PoolingTypes,
  family: TypeFamily,
  c: PoolingCounters,
  path: PoolingPath,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const pad = padPatternRaw(xType);
  const { windows, chan } = plan;
  const size = windows.length * chan;
  const store = (out: FixedTensor, i: number, v: bigint): void => {
    if (out.raws instanceof Float64Array) out.raws[i] = Number(v);
    else out.raws[i] = v;
  };
  const at = (x: FixedTensor, i: number): bigint => {
    const r = x.raws[i]!;
    return typeof r === 'bigint' ? r : BigInt(r);
  };
  // Sum alignment: both operands on the finer grid.
  const F = Math.max(fa, fx);
  const numberPath =
    path === 'fastest' &&
    Math.max(t.accum.width + F - fa, xType.width + F - fx) + 1 <= MAX_NUMBER_WIDTH &&
    t.result.width <= MAX_NUMBER_WIDTH;
  if (numberPath) return runPoolNumber(plan, op, countPad, xType, t, family, c);
  const ya = BigInt(F - fa);
  const xa = BigInt(F - fx);
  return (x) => {
    const out = allocate(t.result, size, x.samples);
    for (let s = 0; s < x.samples; s++) {
      const xo = s * x.size;
      for (let p = 0; p < windows.length; p++) {
        const win = windows[p]!;
        for (let ch = 0; ch < chan; ch++) {
          let res: bigint;
          if (op === 'max') {
            let m = 0n;
            for (let k = 0; k < win.length; k++) {
              const px = win[k]!;
              const v = px < 0 ? pad : at(x, xo + px * chan + ch);
              if (k === 0 || v > m) m = v;
            }
            const acc = convertRawBigCounted(m, fx, t.accum, family, c.accum);
            res = convertRawBigCounted(acc, fa, t.result, family, c.result);
          } else {
            let y = 0n;
            let count = 0;
            for (let k = 0; k < win.length; k++) {
              const px = win[k]!;
              if (px < 0) {
                // + 0: still a cast of y (a no-op on an accum_t value)
                y = convertRawBigCounted(y << ya, F, t.accum, family, c.accum);
                continue;
              }
              count++;
              const v = at(x, xo + px * chan + ch);
              y = convertRawBigCounted((y << ya) + (v << xa), F, t.accum, family, c.accum);
            }
            const n = BigInt(countPad ? win.length : Math.max(count, 1));
            // BigInt division truncates toward zero, at accum_t's LSB.
            y = y / n;
            res = convertRawBigCounted(y, fa, t.result, family, c.result);
          }
          store(out, s * size + p * chan + ch, res);
        }
      }
    }
    return out;
  };
}

/** x / n truncated toward zero, exactly, for integers |x| < 2^53 and n ≥ 1. */
function truncDiv(x: number, n: number): number {
  let q = Math.trunc(x / n);
  const r = x - q * n; // exact: |q·n| stays within 2^53
  if (x >= 0) {
    if (r < 0) q--;
    else if (r >= n) q++;
  } else if (r > 0) q++;
  else if (r <= -n) q--;
  return q + 0; // never −0
}

/**
 * The same arithmetic on Float64 integers, when every raw and every aligned sum stays below 2^53 (the
 * common case): the casts are the Number casters, several times faster than BigInt.
 */
function runPoolNumber(
  plan: PoolPlan,
  op: 'max' | 'average',
  countPad: boolean,
  xType: FixedType,
  t: PoolingTypes,
  family: TypeFamily,
  c: PoolingCounters,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const pad = Number(padPatternRaw(xType));
  const { windows, chan } = plan;
  const size = windows.length * chan;
  const F = Math.max(fa, fx);
  const ya = 2 ** (F - fa);
  const xa = 2 ** (F - fx);
  const toAccMax = makeCaster(fx, t.accum, family, c.accum);
  const toAccSum = makeCaster(F, t.accum, family, c.accum);
  const toRes = makeCaster(fa, t.result, family, c.result);
  if (op === 'max' && castKeepsEveryValue(xType, t.accum) && castKeepsEveryValue(t.accum, t.result)) {
    // The common design: the winner is already its result raw, so no cast and nothing to count.
    return (x) => {
      const out = allocate(t.result, size, x.samples);
      maxPoolRaws(x.raws as Float64Array, out.raws as Float64Array, x.samples, x.size, windows, chan, pad);
      return out;
    };
  }
  return (x) => {
    const out = allocate(t.result, size, x.samples);
    const xr = x.raws as Float64Array;
    const or = out.raws as Float64Array;
    for (let s = 0; s < x.samples; s++) {
      const xo = s * x.size;
      const oo = s * size;
      for (let p = 0; p < windows.length; p++) {
        const win = windows[p]!;
        for (let ch = 0; ch < chan; ch++) {
          if (op === 'max') {
            let m = 0;
            for (let k = 0; k < win.length; k++) {
              const px = win[k]!;
              const v = px < 0 ? pad : xr[xo + px * chan + ch]!;
              if (k === 0 || v > m) m = v;
            }
            or[oo + p * chan + ch] = toRes(toAccMax(m));
          } else {
            let y = 0;
            let count = 0;
            for (let k = 0; k < win.length; k++) {
              const px = win[k]!;
              if (px < 0) {
                y = toAccSum(y * ya);
                continue;
              }
              count++;
              y = toAccSum(y * ya + xr[xo + px * chan + ch]! * xa);
            }
            y = truncDiv(y, countPad ? win.length : Math.max(count, 1));
            or[oo + p * chan + ch] = toRes(y);
          }
        }
      }
    }
    return out;
  };
}

/**
 * Max pooling on raws without casts: running maximum with `>` over each window in order, a window cell
 * at a time across all channels (the channels of a pixel are contiguous).
 */
function maxPoolRaws(
  xr: Float64Array,
  or: Float64Array,
  samples: number,
  inSize: number,
  windows: Int32Array[],
  chan: number,
  pad: number,
): void {
  const size = windows.length * chan;
  for (let s = 0; s < samples; s++) {
    const xo = s * inSize;
    for (let p = 0; p < windows.length; p++) {
      const win = windows[p]!;
      const o = s * size + p * chan;
      const first = win[0]!;
      if (first < 0) or.fill(pad, o, o + chan);
      else or.set(xr.subarray(xo + first * chan, xo + first * chan + chan), o);
      for (let k = 1; k < win.length; k++) {
        const px = win[k]!;
        if (px < 0) {
          for (let ch = 0; ch < chan; ch++) if (pad > or[o + ch]!) or[o + ch] = pad;
          continue;
        }
        const b = xo + px * chan;
        for (let ch = 0; ch < chan; ch++) {
          const v = xr[b + ch]!;
          if (v > or[o + ch]!) or[o + ch] = v;
        }
      }
    }
  }
}

export function preparePooling(
  layer: PoolingLayer,
  inShape: readonly number[],
  xType: FixedType,
  t: PoolingTypes,
  family: TypeFamily,
  c: PoolingCounters,
  path: PoolingPath = 'fastest',
): (x: FixedTensor) => FixedTensor {
  const g = windowOf(layer, inShape);
  const windows: Int32Array[] = [];
  for (let oy = 0; oy < g.outH; oy++) {
    for (let ox = 0; ox < g.outW; ox++) {
      const w = new Int32Array(g.kh * g.kw);
      for (let ky = 0; ky < g.kh; ky++)
        for (let kx = 0; kx < g.kw; kx++) w[ky * g.kw + kx] = windowPixel(g, oy, ox, ky, kx);
      windows.push(w);
    }
  }
  return runPool(
    { windows, chan: g.chan, inPixels: g.inH * g.inW },
    layer.op,
    layer.countPad,
    xType,
    t,
    family,
    c,
    path,
  );
}

export function prepareGlobalPooling(
  layer: GlobalPoolingLayer,
  inShape: readonly number[],
  xType: FixedType,
  t: PoolingTypes,
  family: TypeFamily,
  c: PoolingCounters,
  path: PoolingPath = 'fastest',
): (x: FixedTensor) => FixedTensor {
  const [h, w, chan] = spatialDims(inShape, layer.rank, layer);
  const outSize = layer.outputShape.reduce((a, b) => a * b, 1);
  if (outSize !== chan) {
    throw new StudioError(
      `global pooling of ${chan} channels cannot give ${outSize} values`,
      'Check the model: the output shape does not match the input channels.',
      { node: layer.name, op: layer.source.op },
    );
  }
  const win = Int32Array.from({ length: h * w }, (_, k) => k);
  return runPool({ windows: [win], chan, inPixels: h * w }, layer.op, true, xType, t, family, c, path);
}
