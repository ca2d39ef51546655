/**
 * Channels-first (PyTorch / ONNX NCHW, NCW) → channels-last helpers, shared by the ONNX and PyTorch
 * frontends. Shapes here are batch-free. A channels-first tensor of logical shape [C, ...spatial] is held
 * in the IR as [...spatial, C], as hls4ml's ChannelsLastConversion 'full' does.
 */

/** IR axis i holds logical (channels-first) axis perm[i]: [1, 2, …, r−1, 0]. */
export function channelsLastPerm(rank: number): number[] {
  if (rank < 2) return rank === 1 ? [0] : [];
  return [...Array.from({ length: rank - 1 }, (_, i) => i + 1), 0];
}

/** The inverse: channels-last → channels-first, [r−1, 0, 1, …, r−2]. */
export function channelsFirstPerm(rank: number): number[] {
  if (rank < 2) return rank === 1 ? [0] : [];
  return [rank - 1, ...Array.from({ length: rank - 1 }, (_, i) => i)];
}

/** Where logical (channels-first) axis `axis` sits in the channels-last tensor. */
export function channelsLastAxis(axis: number, rank: number): number {
  if (rank < 2) return axis;
  return axis === 0 ? rank - 1 : axis - 1;
}

/** out[i] = shape[perm[i]]. */
export function permuteShape(shape: readonly number[], perm: readonly number[]): number[] {
  return perm.map((p) => shape[p] as number);
}

export function isIdentityPerm(perm: readonly number[]): boolean {
  return perm.every((p, i) => p === i);
}

/** Whether a transpose of `shape` by `perm` keeps the row-major element order (it only moves size-1 axes). */
export function permKeepsOrder(shape: readonly number[], perm: readonly number[]): boolean {
  const moved = perm.filter((p) => (shape[p] as number) !== 1);
  return moved.every((p, i) => i === 0 || p > (moved[i - 1] as number));
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/**
 * For every element of the transposed tensor (row-major over permuteShape(shape, perm)), the flat index
 * of the element it comes from in the source tensor.
 */
export function transposeIndex(shape: readonly number[], perm: readonly number[]): Int32Array {
  const outShape = permuteShape(shape, perm);
  const inStrides = strides(shape);
  const n = outShape.reduce((a, b) => a * b, 1);
  const src = new Int32Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < n; o++) {
    let s = 0;
    for (let d = 0; d < idx.length; d++) s += (idx[d] as number) * (inStrides[perm[d] as number] as number);
    src[o] = s;
    for (let d = idx.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (outShape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return src;
}

/** Transpose row-major data; the result keeps the array type (Float32Array stays Float32Array). */
export function transposeData<T extends Float32Array | Float64Array>(
  data: T,
  shape: readonly number[],
  perm: readonly number[],
): T {
  if (shape.length === 2 && perm[0] === 1 && perm[1] === 0) return transpose2d(data, shape[0]!, shape[1]!);
  const src = transposeIndex(shape, perm);
  const out = (
    data instanceof Float32Array ? new Float32Array(src.length) : new Float64Array(src.length)
  ) as T;
  for (let i = 0; i < src.length; i++) out[i] = data[src[i] as number] as number;
  return out;
}

/** A matrix [rows, cols] → [cols, rows], in tiles so that both sides stay in cache (large Linear weights). */
function transpose2d<T extends Float32Array | Float64Array>(data: T, rows: number, cols: number): T {
  const out = (
    data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length)
  ) as T;
  const B = 64;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(r0 + B, rows);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(c0 + B, cols);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c]!;
    }
  }
  return out;
}

/** ONNX / PyTorch conv weight [O, I, ...kernel] → the IR's [...kernel, I, O] (Keras HWIO). */
export function convWeightToChannelsLast<T extends Float32Array | Float64Array>(
  data: T,
  shape: readonly number[],
): { shape: number[]; data: T } {
  const r = shape.length;
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i + 2), 1, 0];
  return { shape: permuteShape(shape, perm), data: transposeData(data, shape, perm) };
}

/**
 * Depthwise conv weight [C·dm, 1, ...kernel] (group = C; output channel o = c·dm + m) → the IR's
 * [...kernel, C, dm].
 */
export function depthwiseWeightToChannelsLast<T extends Float32Array | Float64Array>(
  data: T,
  shape: readonly number[],
  channels: number,
): { shape: number[]; data: T } {
  const out = shape[0] as number;
  const dm = out / channels;
  const kernel = shape.slice(2);
  // [C·dm, 1, ...k] viewed as [C, dm, ...k] → [...k, C, dm]
  const viewed = [channels, dm, ...kernel];
  const perm = [...kernel.map((_, i) => i + 2), 0, 1];
  return { shape: [...kernel, channels, dm], data: transposeData(data, viewed, perm) };
}

/**
 * Rows of a Dense weight [n, nOut] that reads a channels-first tensor flattened in its file order, reordered
 * so that the Dense can read the channels-last tensor flattened directly (what hls4ml's
 * RemoveTransposeBeforeFlatten does to the Dense after a Flatten).
 */
export function flattenedRowsToChannelsLast<T extends Float32Array | Float64Array>(
  weight: T,
  logicalShape: readonly number[],
  nOut: number,
): T {
  const src = transposeIndex(logicalShape, channelsLastPerm(logicalShape.length));
  const out = (
    weight instanceof Float32Array ? new Float32Array(weight.length) : new Float64Array(weight.length)
  ) as T;
  for (let i = 0; i < src.length; i++) {
    const from = (src[i] as number) * nOut;
    for (let j = 0; j < nOut; j++) out[i * nOut + j] = weight[from + j] as number;
  }
  return out;
}
