/** ONNX TensorProto (initializer or Constant value) → FloatTensor. */
import { StudioError, quoteName } from '../../errors';
import { elementCount, type FloatTensor } from '../../ir/graph';
import type { onnx } from './gen/onnx.js';
import { toInt } from './int64';

type TensorProto = onnx.TensorProto.$Properties;

const FLOAT = 1;
const DOUBLE = 11;
const EXTERNAL = 1;

const DTYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'undefined',
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

export function dtypeName(t: number | null | undefined): string {
  return DTYPE_NAMES[t ?? 0] ?? `type ${t}`;
}

export function tensorDims(t: TensorProto, what: string): number[] {
  return (t.dims ?? []).map((d) => {
    const n = toInt(d, `a dimension of ${what}`);
    if (n < 0) throw new StudioError(`${what} has a negative dimension (${n})`, 'The file may be damaged.');
    return n;
  });
}

/** Read a float32 or float64 tensor; anything else is a clear error naming the tensor. */
export function readFloatTensor(t: TensorProto, role: string): FloatTensor {
  const what = `${role} '${quoteName(t.name ?? '')}'`;
  if (t.dataLocation === EXTERNAL || (t.externalData?.length ?? 0) > 0) {
    throw new StudioError(
      `${what} is stored in an external data file`,
      'Re-export the model with its weights inside the .onnx file (models under 2 GB need no external data).',
    );
  }
  if (t.segment)
    throw new StudioError(`${what} is a segmented tensor`, 'Re-export the model without segments.');
  const shape = tensorDims(t, what);
  const n = elementCount(shape);
  const dtype = t.dataType ?? 0;
  if (dtype !== FLOAT && dtype !== DOUBLE) {
    throw new StudioError(
      `${what} has data type ${dtypeName(dtype)}; only float32 and float64 weights are supported`,
      'Export the model with float32 weights (quantized/integer weights are not supported yet).',
    );
  }
  const bytesPer = dtype === FLOAT ? 4 : 8;
  const raw = t.rawData;
  // Sizes are checked against the stored data before allocating: a damaged shape cannot ask for gigabytes.
  if (raw && raw.length > 0) {
    if (raw.length !== n * bytesPer) {
      throw new StudioError(
        `${what} has ${raw.length} bytes of data but its shape [${shape.join(', ')}] needs ${n * bytesPer}`,
        'The file may be truncated or damaged; re-export it.',
      );
    }
    const data = dtype === FLOAT ? new Float32Array(n) : new Float64Array(n);
    // raw_data is little-endian and may sit at any offset in the file: DataView handles both.
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++)
      data[i] = dtype === FLOAT ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
    return { shape, data };
  }
  const listed = dtype === FLOAT ? (t.floatData ?? []) : (t.doubleData ?? []);
  if (listed.length !== n) {
    throw new StudioError(
      `${what} has ${listed.length} values but its shape [${shape.join(', ')}] needs ${n}`,
      'The file may be truncated or damaged; re-export it.',
    );
  }
  const data = dtype === FLOAT ? new Float32Array(n) : new Float64Array(n);
  data.set(listed);
  return { shape, data };
}

/** A constant as plain numbers (any numeric data type), for folding shape arithmetic and quantizer parameters. */
export interface NumericTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  /** Whether the values are integers of an integer data type (shapes, indices, axes). */
  readonly integer: boolean;
  /** Whether floats were float32 (folded results are stored back as float32 then). */
  readonly float32: boolean;
}

const INT_BYTES: Readonly<Record<number, number>> = {
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  12: 4,
  13: 8,
};

export function readNumericTensor(t: TensorProto, role: string): NumericTensor {
  const dtype = t.dataType ?? 0;
  if (dtype === FLOAT || dtype === DOUBLE) {
    const f = readFloatTensor(t, role);
    return { shape: f.shape, data: Float64Array.from(f.data), integer: false, float32: dtype === FLOAT };
  }
  const what = `${role} '${quoteName(t.name ?? '')}'`;
  const bytes = INT_BYTES[dtype];
  if (bytes === undefined) {
    throw new StudioError(
      `${what} has data type ${dtypeName(dtype)}, which cannot be used as a constant here`,
      'Re-export the model with float32 weights and int64 shapes.',
    );
  }
  const shape = tensorDims(t, what);
  const n = elementCount(shape);
  const data = new Float64Array(n);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== n * bytes) {
      throw new StudioError(
        `${what} has ${raw.length} bytes of data but its shape [${shape.join(', ')}] needs ${n * bytes}`,
        'The file may be truncated or damaged; re-export it.',
      );
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) {
      const o = i * bytes;
      let v: number;
      if (dtype === 7 || dtype === 13) {
        const big = dtype === 7 ? view.getBigInt64(o, true) : view.getBigUint64(o, true);
        if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
          // INT64_MAX/MIN are used as "to the end" markers (Slice); clamp them instead of refusing.
          v = big > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
        } else v = Number(big);
      } else if (dtype === 2 || dtype === 9) v = view.getUint8(o);
      else if (dtype === 3) v = view.getInt8(o);
      else if (dtype === 4) v = view.getUint16(o, true);
      else if (dtype === 5) v = view.getInt16(o, true);
      else if (dtype === 6) v = view.getInt32(o, true);
      else v = view.getUint32(o, true);
      data[i] = v;
    }
    return { shape, data, integer: true, float32: false };
  }
  const listed: readonly (number | { low: number; high: number; unsigned: boolean })[] =
    dtype === 7
      ? (t.int64Data ?? [])
      : dtype === 13 || dtype === 12
        ? (t.uint64Data ?? [])
        : (t.int32Data ?? []);
  if (listed.length !== n) {
    throw new StudioError(
      `${what} has ${listed.length} values but its shape [${shape.join(', ')}] needs ${n}`,
      'The file may be truncated or damaged; re-export it.',
    );
  }
  for (let i = 0; i < n; i++) data[i] = toInt(listed[i] as number, what);
  return { shape, data, integer: true, float32: false };
}
