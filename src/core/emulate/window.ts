/**
 * Window geometry of the spatial kernels (conv, pooling): a 1D layer is a 2D one with height 1. Tensors
 * are channels-last and batch-free: [height, width, channels].
 */
import { StudioError } from '../errors';
import type { Layer } from '../ir/graph';

export interface Window2D {
  readonly inH: number;
  readonly inW: number;
  readonly chan: number;
  readonly outH: number;
  readonly outW: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
}

interface WindowLike {
  readonly rank: 1 | 2;
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly pads: readonly number[];
}

function outSize(n: number, before: number, after: number, k: number, s: number, d: number): number {
  return Math.floor((n + before + after - d * (k - 1) - 1) / s) + 1;
}

/** [H, W, C] of a channels-last tensor of the given rank (1D → H = 1). */
export function spatialDims(shape: readonly number[], rank: 1 | 2, layer: Layer): [number, number, number] {
  if (shape.length !== rank + 1) {
    throw new StudioError(
      `a ${rank}D layer needs a ${rank + 1}-d input, found [${shape.join(', ')}]`,
      'Check the model: spatial layers take channels-last [width, channels] or [height, width, channels].',
      { node: layer.name, op: layer.source.op },
    );
  }
  return rank === 1 ? [1, shape[0]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!];
}

export function windowOf(layer: Layer & WindowLike, inShape: readonly number[]): Window2D {
  const [inH, inW, chan] = spatialDims(inShape, layer.rank, layer);
  const two = layer.rank === 2;
  const at = (a: readonly number[], k: number, dflt: number): number => a[k] ?? dflt;
  const kh = two ? at(layer.kernel, 0, 1) : 1;
  const kw = at(layer.kernel, two ? 1 : 0, 1);
  const sh = two ? at(layer.strides, 0, 1) : 1;
  const sw = at(layer.strides, two ? 1 : 0, 1);
  const dh = two ? at(layer.dilations, 0, 1) : 1;
  const dw = at(layer.dilations, two ? 1 : 0, 1);
  const padTop = two ? at(layer.pads, 0, 0) : 0;
  const padBottom = two ? at(layer.pads, 1, 0) : 0;
  const padLeft = at(layer.pads, two ? 2 : 0, 0);
  const padRight = at(layer.pads, two ? 3 : 1, 0);
  const outH = outSize(inH, padTop, padBottom, kh, sh, dh);
  const outW = outSize(inW, padLeft, padRight, kw, sw, dw);
  const expected = two ? [outH, outW] : [outW];
  const got = layer.outputShape.slice(0, layer.rank);
  if (outH < 1 || outW < 1 || got.some((v, k) => v !== expected[k])) {
    throw new StudioError(
      `the window (kernel ${layer.kernel.join('×')}, strides ${layer.strides.join('×')}, pads ${layer.pads.join(',')}) gives an output of ${expected.join('×')}, but the layer says ${got.join('×')}`,
      'Check the model: the output shape does not follow from the input shape and the window.',
      { node: layer.name, op: layer.source.op },
    );
  }
  return { inH, inW, chan, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padBottom, padLeft, padRight };
}

/**
 * The input pixel (h·inW + w) read by window cell (ky, kx) of output pixel (oy, ox), or −1 for a padded
 * cell.
 */
export function windowPixel(g: Window2D, oy: number, ox: number, ky: number, kx: number): number {
  const y = oy * g.sh + ky * g.dh - g.padTop;
  const x = ox * g.sw + kx * g.dw - g.padLeft;
  if (y < 0 || y >= g.inH || x < 0 || x >= g.inW) return -1;
  return y * g.inW + x;
}

/** windowPixel of every cell of every output pixel, pixel-major: [oy][ox][ky][kx]. */
export function windowCells(g: Window2D): Int32Array {
  const cells = new Int32Array(g.outH * g.outW * g.kh * g.kw);
  let o = 0;
  for (let oy = 0; oy < g.outH; oy++)
    for (let ox = 0; ox < g.outW; ox++)
      for (let ky = 0; ky < g.kh; ky++)
        for (let kx = 0; kx < g.kw; kx++) cells[o++] = windowPixel(g, oy, ox, ky, kx);
  return cells;
}
