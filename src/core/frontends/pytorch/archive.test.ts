// readTensor: the contiguous fast path and the strided general path read the same values.
import { describe, expect, it } from 'vitest';
import { readTensor, type StoredTensor } from './archive';

function storage(values: number[]): Map<string, Uint8Array> {
  return new Map([['data/0', new Uint8Array(Float32Array.from(values).buffer)]]);
}

describe('readTensor', () => {
  const values = Array.from({ length: 12 }, (_, i) => i * 0.5 - 2);
  const base: StoredTensor = {
    type: 'tensor',
    storageKey: '0',
    dtype: 'float32',
    offset: 0,
    size: [3, 4],
    stride: [4, 1],
  };

  it('reads a contiguous tensor', () => {
    expect(Array.from(readTensor(base, storage(values), 'w').data)).toEqual(values);
  });

  it('reads a transposed view (strides [1, 3]) element by element', () => {
    const t: StoredTensor = { ...base, size: [4, 3], stride: [1, 4] };
    const got = Array.from(readTensor(t, storage(values), 'w').data);
    // t[i][j] = storage[i + 4j]
    expect(got).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11].map((k) => values[k]));
  });

  it('honours the storage offset and refuses short storage', () => {
    const t: StoredTensor = { ...base, offset: 4, size: [2, 4] };
    expect(Array.from(readTensor(t, storage(values), 'w').data)).toEqual(values.slice(4));
    expect(() => readTensor({ ...base, offset: 8 }, storage(values), 'w')).toThrow(/shorter than its shape/);
  });
});
