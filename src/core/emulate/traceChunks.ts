/**
 * A layer's traced outputs as the emulator produced them: one tensor per chunk of rows, in row order.
 * Kept as raws (no copy while emulating); values are made only for the layers someone reads.
 */
import { fractionalBits } from '../fixed/types';
import { tensorValues, type FixedTensor } from './tensor';

export type TraceChunks = readonly FixedTensor[];

/** The layer's values, row-major over all chunks: exactly tensorValues of the joined raws. */
export function chunkValues(chunks: TraceChunks): Float64Array {
  const out = new Float64Array(chunks.reduce((a, t) => a + t.raws.length, 0));
  let at = 0;
  for (const t of chunks) {
    if (t.raws instanceof Float64Array) {
      const r = t.raws;
      const scale = 2 ** -fractionalBits(t.type);
      for (let i = 0; i < r.length; i++) out[at + i] = r[i]! * scale;
    } else out.set(tensorValues(t), at);
    at += t.raws.length;
  }
  return out;
}

/**
 * Sum and largest of |value − float[i]| over the first `float.length` values, in row order (the same
 * additions as over chunkValues), or null when the chunks hold fewer values (or none are compared).
 */
export function chunkAbsErrors(
  chunks: TraceChunks,
  float: Float64Array,
): { sum: number; max: number } | null {
  const n = float.length;
  if (n === 0 || chunks.reduce((a, t) => a + t.raws.length, 0) < n) return null;
  let sum = 0;
  let max = 0;
  let at = 0;
  for (const t of chunks) {
    if (at >= n) break;
    const values = t.raws instanceof Float64Array ? t.raws : tensorValues(t);
    const scale = t.raws instanceof Float64Array ? 2 ** -fractionalBits(t.type) : 1;
    const end = Math.min(values.length, n - at);
    for (let i = 0; i < end; i++) {
      const e = Math.abs(values[i]! * scale - float[at + i]!);
      sum += e;
      if (e > max) max = e;
    }
    at += end;
  }
  return { sum, max };
}
