/**
 * Reading torch files: the zip archive of torch.save / torch.jit.save (PyTorch ≥ 1.6) and the legacy
 * non-zip torch.save stream. Tensors are rebuilt from their storages (data/<key>, little-endian).
 */
import { readZipEntries } from '../zipEntries';
import { StudioError } from '../../errors';
import type { FloatTensor } from '../../ir/graph';
import { isGlobal, isObject, isTuple, qualName, seq, type PyObject, type PyValue } from './unpickle';

export const TRACE_HINT =
  "Load the model in Python and save it as TorchScript: torch.jit.trace(model.eval(), example_input).save('model.pt'); then open model.pt.";

/** A torch tensor as stored: storage key and dtype, offset, size, stride (in elements). */
export interface StoredTensor {
  readonly type: 'tensor';
  readonly storageKey: string;
  readonly dtype: string;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

const STORAGE_DTYPES: Readonly<Record<string, string>> = {
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
};

const ints = (v: PyValue | undefined, what: string): number[] => {
  const items = seq(v);
  if (!items || !items.every((x) => typeof x === 'number'))
    throw new StudioError(`${what} is not a tuple of integers`, TRACE_HINT);
  return items as number[];
};

/**
 * Replace torch's tensor reducers by StoredTensor values, in place over the whole value tree
 * (_rebuild_tensor_v2 and _rebuild_parameter; the storage comes from the persistent id).
 */
export function resolveTensors(v: PyValue, seen = new Set<PyValue>()): PyValue {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array || seen.has(v)) return v;
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = resolveTensors(v[i] as PyValue, seen);
    return v;
  }
  if (isTuple(v)) {
    const items = v.items as PyValue[];
    for (let i = 0; i < items.length; i++) items[i] = resolveTensors(items[i] as PyValue, seen);
    return v;
  }
  if (v.type === 'dict') {
    for (const [k, x] of v.map) v.map.set(k, resolveTensors(x, seen));
    return v;
  }
  if (isObject(v)) {
    const name = qualName(v.cls);
    if (name === 'torch._utils._rebuild_tensor_v2' || name === 'torch._utils._rebuild_tensor')
      return storedTensor(v) as unknown as PyValue;
    if (
      name === 'torch._utils._rebuild_parameter' ||
      name === 'torch._utils._rebuild_parameter_with_state' ||
      name === 'torch.nn.parameter.Parameter' // torch < 1.0 pickles Parameter(data, requires_grad)
    )
      return resolveTensors(v.args[0] ?? null, seen);
    const args = v.args as PyValue[];
    for (let i = 0; i < args.length; i++) args[i] = resolveTensors(args[i] as PyValue, seen);
    v.state = resolveTensors(v.state, seen);
    for (const [k, x] of v.items) v.items.set(k, resolveTensors(x, seen));
  }
  return v;
}

function storedTensor(v: PyObject): StoredTensor {
  const storage = v.args[0];
  const pid = typeof storage === 'object' && storage !== null && 'type' in storage ? storage : null;
  const id = pid && pid.type === 'persistent' ? seq(pid.id) : null;
  // ('storage', <class torch.FloatStorage>, key, location, numel)
  const cls = id?.[1];
  const key = id?.[2];
  if (!id || id[0] !== 'storage' || !isGlobal(cls) || typeof key !== 'string')
    throw new StudioError('a tensor refers to a storage that is not recorded in the file', TRACE_HINT);
  let dtype = STORAGE_DTYPES[cls.name];
  if (cls.name === 'UntypedStorage' || cls.name === 'TypedStorage') dtype = 'float32';
  if (!dtype) throw new StudioError(`tensor storage type ${qualName(cls)} is not supported`, TRACE_HINT);
  return {
    type: 'tensor',
    storageKey: key,
    dtype,
    offset: typeof v.args[1] === 'number' ? v.args[1] : 0,
    size: ints(v.args[2], 'a tensor size'),
    stride: ints(v.args[3], 'a tensor stride'),
  };
}

export const isStoredTensor = (v: unknown): v is StoredTensor =>
  typeof v === 'object' && v !== null && (v as { type?: string }).type === 'tensor';

/** A torch zip archive: its entries under the single top folder (`<name>/`). */
export interface TorchZip {
  readonly prefix: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export function readTorchZip(bytes: Uint8Array, file: string): TorchZip {
  // Our bounded reader (zipEntries.ts): jszip rejects torch's zip64 directory, fflate's unzipSync is unbounded.
  const entries = readZipEntries(bytes, file, (name) => !name.endsWith('.debug_pkl'));
  const all = Object.fromEntries(entries);
  const names = Object.keys(all);
  const pkl = names.find((n) => /(^|\/)data\.pkl$/.test(n) && n.split('/').length <= 2);
  const prefix = pkl ? pkl.slice(0, pkl.length - 'data.pkl'.length) : '';
  const files = new Map<string, Uint8Array>();
  for (const n of names) if (n.startsWith(prefix)) files.set(n.slice(prefix.length), all[n] as Uint8Array);
  return { prefix, files };
}

/** Whether a zip's entry names look like a torch archive (`<name>/data.pkl`); sniffing only. */
export function isTorchZipListing(names: readonly string[]): boolean {
  return names.some((n) => /^([^/]+\/)?data\.pkl$/.test(n));
}

/** The tensor's values as a contiguous row-major float array (float64 stays float64). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A float tensor stored row-major without gaps (what torch.save writes for ordinary weights): one copy
 * of its bytes viewed as a typed array, instead of reading value by value. Null for any other layout.
 */
function contiguousFloats(
  t: StoredTensor,
  raw: Uint8Array,
  n: number,
  size: number,
): Float32Array | Float64Array | null {
  if (!LITTLE_ENDIAN || (t.dtype !== 'float32' && t.dtype !== 'float64')) return null;
  let expect = 1;
  for (let d = t.size.length - 1; d >= 0; d--) {
    if (t.size[d]! > 1 && t.stride[d] !== expect) return null;
    expect *= t.size[d]!;
  }
  const start = t.offset * size;
  if (start + n * size > raw.byteLength) return null; // the general path reports the short storage
  const bytes = raw.slice(start, start + n * size); // a copy, aligned at 0
  return t.dtype === 'float64' ? new Float64Array(bytes.buffer) : new Float32Array(bytes.buffer);
}

export function readTensor(
  t: StoredTensor,
  files: ReadonlyMap<string, Uint8Array>,
  what: string,
): FloatTensor {
  const raw = files.get(`data/${t.storageKey}`);
  if (!raw)
    throw new StudioError(
      `${what}: its storage data/${t.storageKey} is missing from the archive`,
      TRACE_HINT,
    );
  const size =
    t.dtype === 'float64' || t.dtype === 'int64' ? 8 : t.dtype === 'float32' || t.dtype === 'int32' ? 4 : 0;
  if (size === 0)
    throw new StudioError(
      `${what} is stored as ${t.dtype}; only float32 and float64 weights are supported`,
      'Convert the model to float32 (model.float()) before tracing it.',
    );
  const n = t.size.reduce((a, b) => a * b, 1);
  const fast = contiguousFloats(t, raw, n, size);
  if (fast) return { shape: [...t.size], data: fast };
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = t.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  const idx = new Array<number>(t.size.length).fill(0);
  for (let i = 0; i < n; i++) {
    let e = t.offset;
    for (let d = 0; d < idx.length; d++) e += (idx[d] as number) * (t.stride[d] as number);
    const at = e * size;
    if (at + size > raw.byteLength)
      throw new StudioError(`${what}: its storage is shorter than its shape needs`, TRACE_HINT);
    out[i] =
      t.dtype === 'float64'
        ? view.getFloat64(at, true)
        : t.dtype === 'float32'
          ? view.getFloat32(at, true)
          : t.dtype === 'int64'
            ? Number(view.getBigInt64(at, true))
            : view.getInt32(at, true);
    for (let d = idx.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (t.size[d] as number)) break;
      idx[d] = 0;
    }
  }
  return { shape: [...t.size], data: out };
}

/** The 14 bytes that start a legacy (pre-1.6, non-zip) torch.save file: the pickled magic number. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export function isLegacyTorchSave(bytes: Uint8Array): boolean {
  return bytes.length > LEGACY_MAGIC.length && LEGACY_MAGIC.every((b, i) => bytes[i] === b);
}

/** What a torch.save file (not TorchScript) holds, for the error message. */
export function describeSavedObject(value: PyValue): { what: string; stateDict: boolean } {
  const v = resolveTensors(value);
  const tensorsIn = (x: PyValue | undefined): boolean => {
    const map =
      x && typeof x === 'object' && 'type' in x && x.type === 'dict' ? x.map : isObject(x) ? x.items : null;
    return !!map && map.size > 0 && [...map.values()].every((t) => isStoredTensor(t));
  };
  if (isObject(v) && qualName(v.cls) !== 'collections.OrderedDict') {
    return {
      what: `a pickled Python object of class ${qualName(v.cls)} (torch.save(model))`,
      stateDict: false,
    };
  }
  if (tensorsIn(v)) return { what: 'a state_dict (weights only, no architecture)', stateDict: true };
  const map =
    v && typeof v === 'object' && 'type' in v && v.type === 'dict' ? v.map : isObject(v) ? v.items : null;
  if (map) {
    for (const key of ['state_dict', 'model_state_dict', 'model', 'net']) {
      const inner = map.get(key);
      if (tensorsIn(inner))
        return {
          what: `a checkpoint dict whose '${key}' is a state_dict (weights only, no architecture)`,
          stateDict: true,
        };
      if (isObject(inner) && qualName(inner.cls) !== 'collections.OrderedDict')
        return {
          what: `a checkpoint dict holding a pickled ${qualName(inner.cls)} under '${key}'`,
          stateDict: false,
        };
    }
    return { what: 'a pickled dict without a model graph', stateDict: true };
  }
  return { what: 'a pickled Python value without a model graph', stateDict: false };
}
