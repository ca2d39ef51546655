/**
 * NumPy `.npy` files (format versions 1–3, what `numpy.save` writes): the header's dtype, C/Fortran order
 * and shape, then the raw values. Floats and integers of every width in either byte order, and bool;
 * the values come back as Float64 in C (row-major) order. Sizes are checked against the bytes before
 * anything is allocated.
 */
import { StudioError } from '../errors';

export interface NpyArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 10 && MAGIC.every((b, i) => bytes[i] === b);
}

function bad(file: string, message: string): StudioError {
  return new StudioError(message, 'Save the array with numpy.save(file, array) (a plain numeric array).', {
    file,
  });
}

type Reader = (view: DataView, at: number, little: boolean) => number;

const READERS: Readonly<Record<string, [number, Reader]>> = {
  f2: [2, (v, at, le) => halfToNumber(v.getUint16(at, le))],
  f4: [4, (v, at, le) => v.getFloat32(at, le)],
  f8: [8, (v, at, le) => v.getFloat64(at, le)],
  i1: [1, (v, at) => v.getInt8(at)],
  u1: [1, (v, at) => v.getUint8(at)],
  b1: [1, (v, at) => (v.getUint8(at) ? 1 : 0)],
  i2: [2, (v, at, le) => v.getInt16(at, le)],
  u2: [2, (v, at, le) => v.getUint16(at, le)],
  i4: [4, (v, at, le) => v.getInt32(at, le)],
  u4: [4, (v, at, le) => v.getUint32(at, le)],
  i8: [8, (v, at, le) => Number(v.getBigInt64(at, le))],
  u8: [8, (v, at, le) => Number(v.getBigUint64(at, le))],
};

function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** The value of `key` in the header's Python dict literal, as text. */
function headerField(header: string, key: string): string | null {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*`).exec(header);
  if (!m) return null;
  const rest = header.slice(m.index + m[0].length);
  if (rest.startsWith('(')) return rest.slice(0, rest.indexOf(')') + 1);
  const q = rest[0];
  if (q === "'" || q === '"') return rest.slice(1, rest.indexOf(q, 1));
  return /^[A-Za-z]+/.exec(rest)?.[0] ?? null;
}

export function parseNpy(bytes: Uint8Array, file: string, maxValues = 64 * 1024 * 1024): NpyArray {
  if (!isNpy(bytes)) throw bad(file, 'not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) throw bad(file, `.npy format version ${major} is not supported`);
  const headerLen = lenBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + headerLen > bytes.length) throw bad(file, 'the .npy header is truncated');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(start, start + headerLen),
  );
  const descr = headerField(header, 'descr');
  const fortran = headerField(header, 'fortran_order') === 'True';
  const shapeText = headerField(header, 'shape');
  if (!descr || !shapeText) throw bad(file, 'the .npy header has no descr or shape');
  const dm = /^([<>|=]?)([fiub])(\d+)$/.exec(descr);
  const reader = dm ? READERS[`${dm[2]}${dm[3]}`] : undefined;
  if (!dm || !reader) throw bad(file, `dtype '${descr}' is not a plain number type`);
  const little = dm[1] !== '>';
  const shape = shapeText
    .replace(/[()\s]/g, '')
    .split(',')
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw bad(file, `shape ${shapeText} is not valid`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > maxValues) throw bad(file, `the array has ${n} values; at most ${maxValues} are read`);
  const [size, read] = reader;
  const dataStart = start + headerLen;
  if (dataStart + n * size > bytes.length) throw bad(file, 'the .npy data is shorter than its shape needs');
  const flat = new Float64Array(n);
  for (let i = 0; i < n; i++) flat[i] = read(view, dataStart + i * size, little);
  if (!fortran || shape.length < 2) return { shape, data: flat };
  // Fortran order: the first index varies fastest; reorder into C order.
  const out = new Float64Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let d = 0; d < shape.length; d++) c = c * shape[d]! + idx[d]!;
    out[c] = flat[i]!;
    for (let d = 0; d < shape.length; d++) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape, data: out };
}

/** Rows of an array: the first axis indexes rows, the rest is flattened (a 1-D array is one column). */
export function npyRows(a: NpyArray): number[][] {
  const rows = a.shape.length === 0 ? 1 : a.shape[0]!;
  const per = rows === 0 ? 0 : a.data.length / rows;
  return Array.from({ length: rows }, (_, r) => Array.from(a.data.subarray(r * per, (r + 1) * per)));
}
