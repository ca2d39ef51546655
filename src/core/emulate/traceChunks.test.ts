// Traces kept as the emulator's chunks of raws: their values and their error against float must be
// exactly what the joined trace gives (tensorValues, layerFloatError), for number and BigInt raws.
import { describe, expect, it } from 'vitest';
import { makeFixed } from '../fixed/types';
import { layerFloatError } from '../float/layerTaps';
import { allocate, tensorValues, type FixedTensor } from './tensor';
import { chunkAbsErrors, chunkValues } from './traceChunks';

function chunk(width: number, raws: readonly number[]): FixedTensor {
  const t = allocate(makeFixed(width, 5), 2, raws.length / 2);
  raws.forEach((r, i) => {
    if (t.raws instanceof Float64Array) t.raws[i] = r;
    else t.raws[i] = BigInt(r) * 3n ** 30n;
  });
  return t;
}

function joined(chunks: readonly FixedTensor[]): Float64Array {
  return Float64Array.from(chunks.flatMap((t) => Array.from(tensorValues(t))));
}

describe('trace chunks', () => {
  for (const width of [16, 80]) {
    const chunks = [chunk(width, [3, -7, 1, 0]), chunk(width, [-1024, 5]), chunk(width, [9, 11, -2, 6])];

    it(`give the joined trace's values (${width}-bit raws)`, () => {
      const v = chunkValues(chunks);
      expect(v.length).toBe(10);
      expect(Array.from(v)).toEqual(Array.from(joined(chunks)));
      expect(v.some((x) => x !== Math.trunc(x))).toBe(true);
    });

    it(`give layerFloatError's sums over the first float values (${width}-bit raws)`, () => {
      const all = joined(chunks);
      const float = Float64Array.from(all, (v, i) => v * 0.9 + i / 7);
      for (const n of [10, 7, 4, 1]) {
        const e = layerFloatError(all.subarray(0, n), float.subarray(0, n))!;
        const c = chunkAbsErrors(chunks, float.subarray(0, n))!;
        expect(c.sum / n).toBe(e.meanAbs);
        expect(c.max).toBe(e.maxAbs);
      }
      expect(chunkAbsErrors(chunks, new Float64Array(11))).toBeNull();
      expect(chunkAbsErrors(chunks, new Float64Array(0))).toBeNull();
    });
  }
});
