// Labels and .npy files: class indices or one-hot rows, in JSON, CSV or .npy; accuracy of argmax.
import { describe, expect, it } from 'vitest';
import { labelAccuracy, parseLabels } from './labels';
import { isNpy, npyRows, parseNpy } from './npy';

/** A .npy file as numpy.save writes it (version 1.0, header padded to 64 bytes). */
function npy(descr: string, shape: number[], values: number[], fortran = false): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${dims}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const size = Number(descr.slice(2));
  const body = new Uint8Array(values.length * size);
  const view = new DataView(body.buffer);
  values.forEach((v, i) => {
    if (descr === '<f4') view.setFloat32(i * 4, v, true);
    else if (descr === '<f8') view.setFloat64(i * 8, v, true);
    else if (descr === '<i8') view.setBigInt64(i * 8, BigInt(v), true);
    else if (descr === '>i4') view.setInt32(i * 4, v, false);
    else throw new Error(descr);
  });
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('.npy', () => {
  it('reads float32, float64, int64 and big-endian int32 arrays in C order', () => {
    expect(isNpy(npy('<f4', [2], [1.5, -2]))).toBe(true);
    const a = parseNpy(npy('<f4', [2, 3], [0, 1, 2, 3, 4, 5.5]), 'a.npy');
    expect(a.shape).toEqual([2, 3]);
    expect(npyRows(a)).toEqual([
      [0, 1, 2],
      [3, 4, 5.5],
    ]);
    expect(Array.from(parseNpy(npy('<f8', [2], [0.1, 0.2]), 'b.npy').data)).toEqual([0.1, 0.2]);
    expect(Array.from(parseNpy(npy('<i8', [3], [3, -1, 7]), 'c.npy').data)).toEqual([3, -1, 7]);
    expect(Array.from(parseNpy(npy('>i4', [2], [258, -5]), 'd.npy').data)).toEqual([258, -5]);
  });

  it('reorders Fortran-order arrays', () => {
    // [[0, 1, 2], [3, 4, 5]] stored column by column
    const a = parseNpy(npy('<f8', [2, 3], [0, 3, 1, 4, 2, 5], true), 'f.npy');
    expect(Array.from(a.data)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses object arrays and truncated data with the file named', () => {
    const full = npy('<f4', [4], [1, 2, 3, 4]);
    expect(() => parseNpy(full.subarray(0, full.length - 2), 't.npy')).toThrow(/shorter/);
    expect(() => parseNpy(full.subarray(0, 40), 't.npy')).toThrow(/header is truncated/);
    expect(() => parseNpy(npy('|O8', [0], []), 'o.npy')).toThrow(/not a plain number type/);
  });
});

describe('labels', () => {
  it('reads class indices and one-hot rows from JSON, CSV and .npy', () => {
    expect(Array.from(parseLabels(text('[2, 0, 1]'), 'l.json', 3))).toEqual([2, 0, 1]);
    expect(Array.from(parseLabels(text('0,0,1\n1,0,0\n'), 'l.csv', 3))).toEqual([2, 0]);
    expect(Array.from(parseLabels(npy('<i8', [3], [4, 0, 1]), 'l.npy', 5))).toEqual([4, 0, 1]);
    expect(Array.from(parseLabels(text('[[0, 1], [1, 0]]'), 'l.json', 2))).toEqual([1, 0]);
    expect(Array.from(parseLabels(text('[1, 0]'), 'binary.json', 1))).toEqual([1, 0]);
  });

  it('refuses labels outside the classes, naming the row', () => {
    expect(() => parseLabels(text('[0, 5]'), 'l.json', 3)).toThrow(/row 2: label 5 is not a class index 0…2/);
    expect(() => parseLabels(text('[[0, 1, 0, 0]]'), 'l.json', 3)).toThrow(/row 1 has 4 values/);
  });

  it('accuracy counts argmax matches (and ≥ 0.5 for one output)', () => {
    const out = Float64Array.from([0.1, 0.7, 0.2, 0.5, 0.3, 0.2]);
    expect(labelAccuracy(out, 2, 3, Int32Array.from([1, 2]))).toBe(0.5);
    expect(labelAccuracy(Float64Array.from([0.7, 0.2, 0.5]), 3, 1, Int32Array.from([1, 0, 0]))).toBeCloseTo(
      2 / 3,
    );
  });
});
