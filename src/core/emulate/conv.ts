/**
 * Conv1D / Conv2D, io_parallel (fixed-point.md §6.3): per output pixel, im2col gathers the window
 * (kernel position major, channel minor; padded cells are 0), and the column goes through exactly the
 * Dense kernel of the layer's strategy (one cast per product and per partial sum into accum_t, one cast
 * into result_t). Pointwise (1×1) convolutions are the same arithmetic with a one-cell window.
 */
import { StudioError } from '../errors';
import type { FixedType, TypeFamily } from '../fixed/types';
import type { ConvLayer, DenseLayer, DepthwiseConvLayer, SeparableConvLayer } from '../ir/graph';
import { convAsDense, convKernelSize, separableParts } from '../ir/convView';
import type { LoweredStrategy } from '../passes/lowered';
import { denseProduct, isXnorType } from '../passes/denseProduct';
import { prepareDense, type DenseCounters, type DenseTypes } from './dense';
import { prepareWrapDense } from './denseWrap';
import { exactProductWeights } from './exactProducts';
import { prepareDenseProduct } from './denseProducts';
import { allocate, type FixedTensor } from './tensor';
import { windowCells, windowOf, windowPixel } from './window';

/** Raws per im2col buffer (32 MB of Float64). */
const COLUMN_BUDGET = 1 << 22;

/** im2col gather indices: for each output pixel, nIn input indices (−1 = padding). */
export function im2colIndex(layer: ConvLayer, inShape: readonly number[]): Int32Array {
  const g = windowOf(layer, inShape);
  if (g.chan !== layer.nChan) {
    throw new StudioError(
      `the convolution takes ${layer.nChan} channels but its input has ${g.chan}`,
      'Check the model: the weight shape does not match the input.',
      { node: layer.name, op: layer.source.op },
    );
  }
  const nIn = convKernelSize(layer) * g.chan;
  const idx = new Int32Array(g.outH * g.outW * nIn);
  let o = 0;
  for (let oy = 0; oy < g.outH; oy++) {
    for (let ox = 0; ox < g.outW; ox++) {
      for (let ky = 0; ky < g.kh; ky++) {
        for (let kx = 0; kx < g.kw; kx++) {
          const px = windowPixel(g, oy, ox, ky, kx);
          for (let c = 0; c < g.chan; c++) idx[o++] = px < 0 ? -1 : px * g.chan + c;
        }
      }
    }
  }
  return idx;
}

export function prepareConv(
  layer: ConvLayer,
  inShape: readonly number[],
  xType: FixedType,
  types: DenseTypes,
  strategy: LoweredStrategy,
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
  /** Raws per im2col buffer (tests make it small to exercise the sample groups). */
  columnBudget = COLUMN_BUDGET,
  /** Whether the backend has hls4ml's special weight products (denseProducts.ts). */
  products: boolean = family === 'ap',
): (x: FixedTensor) => FixedTensor {
  const dense = convAsDense(layer);
  const expected = dense.nIn * dense.nOut;
  if (layer.weight.data.length !== expected) {
    throw new StudioError(
      `the weight tensor has ${layer.weight.data.length} values, expected ${expected}`,
      'Check the model file: the tensor does not match the layer size.',
      { node: layer.name, op: layer.source.op },
    );
  }
  const idx = im2colIndex(layer, inShape);
  const nIn = dense.nIn;
  const pixels = idx.length / nIn;
  // A plain multiply into a wrapping int32 accum_t: WebAssembly gathers the window itself (denseWrap.ts).
  const plain =
    !products ||
    (!(isXnorType(xType) && isXnorType(types.weight)) && denseProduct(dense, types.weight) === 'mult');
  const exact = plain ? exactProductWeights(dense, xType, types, family) : null;
  const wrap = exact
    ? prepareWrapDense(exact.layer, xType, exact.types, strategy, reuseFactor, family, counters, preCast)
    : null;
  if (wrap) {
    return (x) => {
      const out = allocate(types.result, pixels * dense.nOut, x.samples);
      const gather = { index: idx, pixels, inSize: x.size };
      wrap(x.raws as Float64Array, x.samples * pixels, out.raws as Float64Array, gather);
      return out;
    };
  }
  // The product hls4ml picks for the weight type (weight_ternary for int<2> weights).
  const kernel = prepareDenseProduct(
    dense,
    xType,
    types,
    strategy,
    reuseFactor,
    family,
    counters,
    preCast,
    'fastest',
    products,
  );
  const per = idx.length;
  const outSize = pixels * dense.nOut;
  // im2col columns of a few samples at a time, so that big images do not need one huge buffer.
  const group = Math.max(1, Math.floor(columnBudget / per));
  return (x) => {
    const out = allocate(types.result, outSize, x.samples);
    for (let s0 = 0; s0 < x.samples; s0 += group) {
      const n = Math.min(group, x.samples - s0);
      const col = allocate(x.type, nIn, n * pixels);
      for (let s = 0; s < n; s++) {
        const xo = (s0 + s) * x.size;
        const co = s * per;
        if (col.raws instanceof Float64Array) {
          const xr = x.raws as Float64Array;
          for (let k = 0; k < per; k++) {
            const i = idx[k]!;
            col.raws[co + k] = i < 0 ? 0 : xr[xo + i]!;
          }
        } else {
          const xr = x.raws as bigint[];
          for (let k = 0; k < per; k++) {
            const i = idx[k]!;
            col.raws[co + k] = i < 0 ? 0n : xr[xo + i]!;
          }
        }
      }
      const y = kernel(col);
      if (n === x.samples) return { type: y.type, size: outSize, samples: x.samples, raws: y.raws };
      const base = s0 * outSize;
      if (out.raws instanceof Float64Array) out.raws.set(y.raws as Float64Array, base);
      else for (let k = 0; k < y.raws.length; k++) out.raws[base + k] = y.raws[k] as bigint;
    }
    return out;
  };
}

/**
 * DepthwiseConv1D/2D, io_parallel: each input channel c has its own filters (depth multiplier dm): per
 * output pixel and m < dm, acc = cast_accum(bias[c·dm+m]); for each window cell in order,
 * acc = cast_accum(acc + cast_accum(x·w[(cell·n_chan + c)·dm + m])); res = cast_res(acc) — the dense
 * cast points with n_in = window cells, padded cells 0. Output channel c·dm + m.
 */
export function prepareDepthwise(
  layer: DepthwiseConvLayer,
  inShape: readonly number[],
  xType: FixedType,
  types: DenseTypes,
  family: TypeFamily,
  counters: DenseCounters,
): (x: FixedTensor) => FixedTensor {
  const g = windowOf(layer, inShape);
  const C = layer.nChan;
  const dm = layer.depthMultiplier;
  if (g.chan !== C) {
    throw new StudioError(
      `the depthwise convolution takes ${C} channels but its input has ${g.chan}`,
      'Check the model: the weight shape does not match the input.',
      { node: layer.name, op: layer.source.op },
    );
  }
  const K = g.kh * g.kw;
  if (layer.weight.data.length !== K * C * dm) {
    throw new StudioError(
      `the weight tensor has ${layer.weight.data.length} values, expected ${K * C * dm}`,
      'Check the model file: the tensor does not match the layer size.',
      { node: layer.name, op: layer.source.op },
    );
  }
  // Per channel: a K → dm dense layer (input-major [cell][m]) and its bias slice.
  const kernels = Array.from({ length: C }, (_, c) => {
    const w = new Float64Array(K * dm);
    for (let k = 0; k < K; k++)
      for (let m = 0; m < dm; m++) w[k * dm + m] = layer.weight.data[(k * C + c) * dm + m]!;
    const b = new Float64Array(dm);
    for (let m = 0; m < dm; m++) b[m] = layer.bias ? layer.bias.data[c * dm + m]! : 0;
    const dense: DenseLayer = {
      kind: 'Dense',
      name: layer.name,
      inputs: layer.inputs,
      outputShape: [dm],
      source: layer.source,
      nIn: K,
      nOut: dm,
      weight: { shape: [K, dm], data: w },
      bias: { shape: [dm], data: b },
    };
    return prepareDense(dense, xType, types, 'latency', 1, family, counters);
  });
  // Window cells of every output pixel (input pixel or −1).
  const pixels = g.outH * g.outW;
  const cells = windowCells(g);
  const outSize = pixels * C * dm;
  return (x) => {
    const out = allocate(types.result, outSize, x.samples);
    // The common number path reads a channel-major copy of the input: gathering one channel's windows
    // from the interleaved layout would touch a new cache line for every value.
    const inPixels = x.size / C;
    const xt =
      x.raws instanceof Float64Array && out.raws instanceof Float64Array
        ? channelMajor(x.raws, x.samples, inPixels, C)
        : null;
    for (let c = 0; c < C; c++) {
      const col = allocate(x.type, K, x.samples * pixels);
      if (xt && col.raws instanceof Float64Array && out.raws instanceof Float64Array) {
        const cr = col.raws;
        for (let s = 0; s < x.samples; s++) {
          const xo = (c * x.samples + s) * inPixels;
          const co = s * pixels * K;
          for (let k = 0; k < cells.length; k++) {
            const px = cells[k]!;
            cr[co + k] = px < 0 ? 0 : xt[xo + px]!;
          }
        }
        const yr = kernels[c]!(col).raws as Float64Array;
        const or = out.raws;
        for (let s = 0; s < x.samples; s++)
          for (let p = 0; p < pixels; p++) {
            const yo = (s * pixels + p) * dm;
            const oo = s * outSize + (p * C + c) * dm;
            for (let m = 0; m < dm; m++) or[oo + m] = yr[yo + m]!;
          }
        continue;
      }
      for (let s = 0; s < x.samples; s++) {
        for (let k = 0; k < cells.length; k++) {
          const px = cells[k]!;
          const v = px < 0 ? 0 : x.raws[s * x.size + px * C + c]!;
          if (col.raws instanceof Float64Array) col.raws[s * pixels * K + k] = Number(v);
          else col.raws[s * pixels * K + k] = typeof v === 'bigint' ? v : BigInt(v);
        }
      }
      const y = kernels[c]!(col);
      for (let s = 0; s < x.samples; s++) {
        for (let p = 0; p < pixels; p++) {
          for (let m = 0; m < dm; m++) {
            const v = y.raws[(s * pixels + p) * dm + m]!;
            const i = s * outSize + (p * C + c) * dm + m;
            if (out.raws instanceof Float64Array) out.raws[i] = Number(v);
            else out.raws[i] = typeof v === 'bigint' ? v : BigInt(v);
          }
        }
      }
    }
    return out;
  };
}

/** [sample][pixel][channel] → [channel][sample][pixel]. */
function channelMajor(xr: Float64Array, samples: number, pixels: number, chans: number): Float64Array {
  const t = new Float64Array(xr.length);
  for (let s = 0; s < samples; s++)
    for (let p = 0; p < pixels; p++) {
      const i = (s * pixels + p) * chans;
      for (let c = 0; c < chans; c++) t[(c * samples + s) * pixels + p] = xr[i + c]!;
    }
  return t;
}

export interface SeparableTypes {
  readonly depthwise: FixedType;
  readonly pointwise: FixedType;
  readonly bias: FixedType;
  readonly depthwiseAccum: FixedType;
  readonly depthwiseResult: FixedType;
  readonly pointwiseAccum: FixedType;
  readonly result: FixedType;
}

/**
 * SeparableConv1D/2D: the depthwise part (zero bias, depthwise_accum_t, then depthwise_result_t) and the
 * pointwise part (a 1×1 convolution: pointwise_accum_t, bias_t, result_t), both with the latency order.
 */
export function prepareSeparable(
  layer: SeparableConvLayer,
  inShape: readonly number[],
  xType: FixedType,
  t: SeparableTypes,
  family: TypeFamily,
  counters: DenseCounters,
  products: boolean = family === 'ap',
): (x: FixedTensor) => FixedTensor {
  const { dw, pw } = separableParts(layer);
  const dwKernel = prepareDepthwise(
    dw,
    inShape,
    xType,
    { weight: t.depthwise, bias: t.bias, accum: t.depthwiseAccum, result: t.depthwiseResult },
    family,
    counters,
  );
  const pwKernel = prepareConv(
    pw,
    dw.outputShape,
    t.depthwiseResult,
    { weight: t.pointwise, bias: t.bias, accum: t.pointwiseAccum, result: t.result },
    'latency',
    1,
    family,
    counters,
    undefined,
    undefined,
    products,
  );
  return (x) => pwKernel(dwKernel(x));
}
