import { describe, expect, it } from 'vitest';
import {
  channelsFirstPerm,
  channelsLastAxis,
  channelsLastPerm,
  convWeightToChannelsLast,
  depthwiseWeightToChannelsLast,
  flattenedRowsToChannelsLast,
  permKeepsOrder,
  transposeData,
  transposeIndex,
} from './channelsLast';

const iota = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);

describe('channels-last helpers', () => {
  it('perms and axes', () => {
    expect(channelsLastPerm(3)).toEqual([1, 2, 0]);
    expect(channelsFirstPerm(3)).toEqual([2, 0, 1]);
    expect(channelsLastPerm(2)).toEqual([1, 0]);
    expect([0, 1, 2].map((a) => channelsLastAxis(a, 3))).toEqual([2, 0, 1]);
    expect(permKeepsOrder([1, 4, 5], [1, 2, 0])).toBe(true);
    expect(permKeepsOrder([2, 4, 5], [1, 2, 0])).toBe(false);
  });

  it('transposeData: [2, 3] → [3, 2]', () => {
    expect(Array.from(transposeData(iota(6), [2, 3], [1, 0]))).toEqual([0, 3, 1, 4, 2, 5]);
    expect(transposeData(new Float32Array(6), [2, 3], [1, 0])).toBeInstanceOf(Float32Array);
  });

  it('the tiled 2-D transpose equals the general index transpose on odd sizes', () => {
    for (const [r, c] of [
      [1, 1],
      [1, 70],
      [65, 3],
      [130, 129],
    ] as const) {
      const want = transposeIndex([r, c], [1, 0]);
      expect(Array.from(transposeData(iota(r * c), [r, c], [1, 0]))).toEqual(Array.from(want));
    }
  });

  it('conv weight [O, I, K] → [K, I, O]', () => {
    const w = convWeightToChannelsLast(iota(12), [2, 3, 2]); // W[o][i][k] = 6o + 2i + k
    expect(w.shape).toEqual([2, 3, 2]);
    // out[k][i][o]
    expect(Array.from(w.data)).toEqual([0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11]);
  });

  it('depthwise weight [C·dm, 1, K] → [K, C, dm]', () => {
    const w = depthwiseWeightToChannelsLast(iota(8), [4, 1, 2], 2); // W[2c + m][0][k] = 2(2c + m) + k
    expect(w.shape).toEqual([2, 2, 2]);
    expect(Array.from(w.data)).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
  });

  it('Dense rows after a flatten of a channels-first [C=2, W=3] tensor', () => {
    // rows: file index L = 3c + w; IR index i = 2w + c
    const rows = flattenedRowsToChannelsLast(iota(6), [2, 3], 1);
    expect(Array.from(rows)).toEqual([0, 3, 1, 4, 2, 5]);
  });
});
