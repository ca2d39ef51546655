/**
 * Layers that only move values: Reshape/Flatten, Transpose, ZeroPadding, Cropping,
 * nearest Resize (UpSampling). Each is
 * a gather: out[k] = cast_res(x[index[k]]), or 0 where index[k] = −1 (padding). The cast is the element
 * copy's conversion into result_t (the identity when result_t is the input type, as inference makes it).
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, makeCaster, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import { elementCount, type Layer } from '../ir/graph';
import { castKeepsEveryValue } from './castKeeps';
import { allocate, type FixedTensor } from './tensor';
import { spatialDims } from './window';

function fail(layer: Layer, message: string): StudioError {
  return new StudioError(message, 'Check the model: the shapes do not fit this layer.', {
    node: layer.name,
    op: layer.source.op,
  });
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/** The gather index of a layer: out[k] = in[index[k]], −1 = zero. */
export function gatherIndex(layer: Layer, inShape: readonly number[]): Int32Array {
  const out = layer.outputShape;
  const n = elementCount(out);
  const idx = new Int32Array(n);
  switch (layer.kind) {
    case 'Reshape': {
      if (elementCount(inShape) !== n) {
        throw fail(layer, `cannot reshape ${elementCount(inShape)} values into [${out.join(', ')}]`);
      }
      for (let k = 0; k < n; k++) idx[k] = k;
      return idx;
    }
    case 'Transpose': {
      const perm = layer.perm;
      if (perm.length !== inShape.length || out.some((v, d) => v !== inShape[perm[d]!])) {
        throw fail(
          layer,
          `transpose [${perm.join(', ')}] of [${inShape.join(', ')}] is not [${out.join(', ')}]`,
        );
      }
      const si = strides(inShape);
      const so = strides(out);
      for (let k = 0; k < n; k++) {
        let src = 0;
        for (let d = 0; d < out.length; d++) src += (Math.floor(k / so[d]!) % out[d]!) * si[perm[d]!]!;
        idx[k] = src;
      }
      return idx;
    }
    case 'ZeroPadding':
    case 'Cropping': {
      const [h, w, c] = spatialDims(inShape, layer.rank, layer);
      const e = layer.kind === 'ZeroPadding' ? layer.pads : layer.crops;
      const sign = layer.kind === 'ZeroPadding' ? 1 : -1;
      const two = layer.rank === 2;
      const top = two ? sign * (e[0] ?? 0) : 0;
      const bottom = two ? sign * (e[1] ?? 0) : 0;
      const left = sign * (e[two ? 2 : 0] ?? 0);
      const right = sign * (e[two ? 3 : 1] ?? 0);
      const oh = h + top + bottom;
      const ow = w + left + right;
      if (oh < 1 || ow < 1 || n !== oh * ow * c) {
        throw fail(
          layer,
          `padding/cropping [${e.join(', ')}] of [${inShape.join(', ')}] is not [${out.join(', ')}]`,
        );
      }
      let k = 0;
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const iy = y - top;
          const ix = x - left;
          const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
          for (let ch = 0; ch < c; ch++) idx[k++] = inside ? (iy * w + ix) * c + ch : -1;
        }
      }
      return idx;
    }
    case 'Resize': {
      if (layer.method !== 'nearest') {
        throw new StudioError(
          `${layer.method} resize is not supported: hls4ml's templates resize by nearest neighbour only`,
          'Use nearest-neighbour resizing (UpSampling with interpolation="nearest").',
          { node: layer.name, op: layer.source.op },
        );
      }
      const [h, w, c] = spatialDims(inShape, layer.rank, layer);
      const [oh, ow] = layer.rank === 2 ? [out[0] ?? 0, out[1] ?? 0] : [1, out[0] ?? 0];
      if (oh < 1 || ow < 1 || n !== oh * ow * c || h >= 2 ** 15 || w >= 2 ** 15) {
        throw fail(layer, `resize of [${inShape.join(', ')}] to [${out.join(', ')}]`);
      }
      // hls4ml's nearest rule: source = (out_index · ratio) >> 16 with ratio = ⌊(in << 16) / out⌋ + 1.
      const yRatio = Math.floor((h * 65536) / oh) + 1;
      const xRatio = Math.floor((w * 65536) / ow) + 1;
      let k = 0;
      for (let y = 0; y < oh; y++) {
        const iy = Math.floor((y * yRatio) / 65536);
        for (let x = 0; x < ow; x++) {
          const ix = Math.floor((x * xRatio) / 65536);
          for (let ch = 0; ch < c; ch++) idx[k++] = (iy * w + ix) * c + ch;
        }
      }
      return idx;
    }
    default:
      throw fail(layer, `${layer.kind} is not a data-movement layer`);
  }
}

export function prepareGather(
  layer: Layer,
  inShape: readonly number[],
  xType: FixedType,
  result: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const idx = gatherIndex(layer, inShape);
  const fx = fractionalBits(xType);
  const fast = xType.width <= 53 && result.width <= 53 ? makeCaster(fx, result, family, counter) : null;
  const size = idx.length;
  if (castKeepsEveryValue(xType, result)) {
    // The common case: a pure move of raws (a copy for Reshape / Flatten).
    const inOrder = idx.every((v, k) => v === k) && size === elementCount(inShape);
    return (x) => {
      if (!(x.raws instanceof Float64Array)) return general(x);
      const out = allocate(result, size, x.samples);
      const xr = x.raws;
      const or = out.raws as Float64Array;
      if (inOrder) {
        or.set(xr.subarray(0, size * x.samples));
        return out;
      }
      for (let s = 0; s < x.samples; s++) {
        const xo = s * x.size;
        const o = s * size;
        for (let k = 0; k < size; k++) {
          const i = idx[k]!;
          or[o + k] = i < 0 ? 0 : xr[xo + i]!;
        }
      }
      return out;
    };
  }
  return general;

  function general(x: FixedTensor): FixedTensor {
    const out = allocate(result, size, x.samples);
    for (let s = 0; s < x.samples; s++) {
      for (let k = 0; k < size; k++) {
        const i = idx[k]!;
        const o = s * size + k;
        const r = i < 0 ? 0 : x.raws[s * x.size + i]!;
        if (fast && typeof r === 'number' && out.raws instanceof Float64Array) {
          out.raws[o] = fast(r);
          continue;
        }
        const v = convertRawBigCounted(BigInt(r), fx, result, family, counter);
        if (out.raws instanceof Float64Array) out.raws[o] = Number(v);
        else out.raws[o] = v;
      }
    }
    return out;
  }
}
