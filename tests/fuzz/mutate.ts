/**
 * Seeded mutations of model files. A mutant is named by (seed file, seed): the same pair always gives
 * the same bytes, so any failure is replayable from its name alone.
 *
 * Operators: bit flips, interesting bytes, truncation, byte insertion and deletion, chunk duplication,
 * protobuf field damage (length varints, wire types, field numbers), HDF5 superblock and object-header
 * damage, zip header damage (local and central sizes, methods, name lengths, offsets, end record) and
 * JSON text damage.
 */

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a string and numbers (FNV-1a), to derive per-mutant seeds. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (const ch of String(p)) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x20];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function randomBytes(r: Rand, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
}

/** Varint as bytes (up to 2^53). */
function varint(v: number): Uint8Array {
  const out: number[] = [];
  let n = Math.max(0, Math.floor(v));
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------- generic

function bitFlip(r: Rand, b: Uint8Array): Uint8Array {
  const out = b.slice();
  const flips = 1 + int(r, 8);
  for (let k = 0; k < flips && out.length > 0; k++) {
    const i = int(r, out.length);
    out[i]! ^= 1 << int(r, 8);
  }
  return out;
}

function interesting(r: Rand, b: Uint8Array): Uint8Array {
  const out = b.slice();
  const n = 1 + int(r, 4);
  for (let k = 0; k < n && out.length > 0; k++) out[int(r, out.length)] = pick(r, INTERESTING);
  return out;
}

function truncate(r: Rand, b: Uint8Array): Uint8Array {
  // Half the time near the end (a cut-off download), otherwise anywhere.
  const at = r() < 0.5 ? Math.max(0, b.length - 1 - int(r, 64)) : int(r, b.length + 1);
  return b.slice(0, at);
}

function insert(r: Rand, b: Uint8Array): Uint8Array {
  const at = int(r, b.length + 1);
  const n = 1 + int(r, 16);
  return concat(b.subarray(0, at), randomBytes(r, n), b.subarray(at));
}

function remove(r: Rand, b: Uint8Array): Uint8Array {
  if (b.length === 0) return b;
  const at = int(r, b.length);
  const n = 1 + int(r, 64);
  return concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + n)));
}

function duplicate(r: Rand, b: Uint8Array): Uint8Array {
  if (b.length === 0) return b;
  const at = int(r, b.length);
  const n = 1 + int(r, 256);
  const chunk = b.subarray(at, Math.min(b.length, at + n));
  const to = int(r, b.length + 1);
  return concat(b.subarray(0, to), chunk, b.subarray(to));
}

// ---------------------------------------------------------------- protobuf

interface PbField {
  tagAt: number;
  tagLen: number;
  wire: number;
  /** Length-delimited fields only: where the length varint is and what it says. */
  lenAt?: number;
  lenLen?: number;
  len?: number;
}

function readVarint(b: Uint8Array, at: number, end: number): { value: number; len: number } | null {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10 && at + i < end; i++) {
    const byte = b[at + i]!;
    value += (byte & 0x7f) * mul;
    mul *= 128;
    if (byte < 0x80) return { value, len: i + 1 };
  }
  return null;
}

/** Walk a protobuf message and its sub-messages (where they parse), collecting field positions. */
function pbFields(b: Uint8Array, start: number, end: number, depth: number, out: PbField[]): boolean {
  let at = start;
  const before = out.length;
  while (at < end) {
    if (out.length > 20_000) return true;
    const tag = readVarint(b, at, end);
    if (!tag || tag.value < 8) return false;
    const wire = tag.value & 7;
    const field: PbField = { tagAt: at, tagLen: tag.len, wire };
    at += tag.len;
    if (wire === 0) {
      const v = readVarint(b, at, end);
      if (!v) return false;
      at += v.len;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const len = readVarint(b, at, end);
      if (!len || at + len.len + len.value > end) return false;
      field.lenAt = at;
      field.lenLen = len.len;
      field.len = len.value;
      at += len.len;
      const mark = out.length;
      out.push(field);
      if (depth < 10 && len.value > 1 && !pbFields(b, at, at + len.value, depth + 1, out)) {
        out.length = mark + 1; // not a message: keep the field, drop what the failed parse collected
      }
      at += len.value;
      continue;
    } else return false;
    if (at > end) return false;
    out.push(field);
  }
  return out.length > before || start === end;
}

function protobufDamage(r: Rand, b: Uint8Array): Uint8Array | null {
  const fields: PbField[] = [];
  pbFields(b, 0, b.length, 0, fields);
  if (fields.length === 0) return null;
  const f = pick(r, fields);
  const choice = int(r, 5);
  if (choice <= 1 && f.lenAt !== undefined && f.lenLen !== undefined && f.len !== undefined) {
    // Length varint corruption: a bit longer or shorter, huge, or zero; same or different byte count.
    const newLen = pick(r, [
      f.len + 1 + int(r, 8),
      Math.max(0, f.len - 1 - int(r, 8)),
      2 ** 31 - 1,
      2 ** 32 + int(r, 1000),
      2 ** 53 - 1,
      0,
      f.len * 2,
    ]);
    return concat(b.subarray(0, f.lenAt), varint(newLen), b.subarray(f.lenAt + f.lenLen));
  }
  const out = b.slice();
  if (choice === 2) {
    // Wire-type flip (on the low three bits of the tag's first byte).
    out[f.tagAt] =
      (out[f.tagAt]! & ~7) |
      pick(
        r,
        [0, 1, 2, 3, 4, 5, 6, 7].filter((w) => w !== f.wire),
      );
    return out;
  }
  if (choice === 3) {
    // Field number change (keep the wire type): a known field becomes another or an unknown one.
    out[f.tagAt] = (((out[f.tagAt]! >> 3) ^ (1 + int(r, 15))) << 3) | (out[f.tagAt]! & 0x87);
    return out;
  }
  // Duplicate a whole length-delimited field right after itself (repeated where singular expected).
  if (f.lenAt !== undefined && f.lenLen !== undefined && f.len !== undefined) {
    const endAt = f.lenAt + f.lenLen + f.len;
    return concat(b.subarray(0, endAt), b.subarray(f.tagAt, endAt), b.subarray(endAt));
  }
  return null;
}

// ---------------------------------------------------------------- HDF5

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

function findAll(b: Uint8Array, sig: readonly number[], max = 2000): number[] {
  const hits: number[] = [];
  outer: for (let i = 0; i + sig.length <= b.length && hits.length < max; i++) {
    for (let k = 0; k < sig.length; k++) if (b[i + k] !== sig[k]) continue outer;
    hits.push(i);
  }
  return hits;
}

function writeU64(out: Uint8Array, at: number, v: number): void {
  if (at + 8 > out.length) return;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(at, v % 2 ** 32, true);
  view.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
}

function hdf5Damage(r: Rand, b: Uint8Array): Uint8Array | null {
  if (!HDF5_MAGIC.every((m, i) => b[i] === m)) return null;
  const out = b.slice();
  const choice = int(r, 4);
  if (choice === 0) {
    // Superblock fields: versions, size of offsets/lengths, leaf/internal K, flags.
    const at = 8 + int(r, 16);
    out[at] = pick(r, INTERESTING);
    return out;
  }
  if (choice === 1) {
    // Superblock addresses (base, free space, end of file, driver, root group): a wild 8-byte address.
    const at = 24 + 8 * int(r, 6);
    writeU64(out, at, pick(r, [2 ** 53 - 1, b.length + int(r, 1 << 20), 0, 2 ** 32, int(r, b.length)]));
    return out;
  }
  // Structures: object headers, B-trees, local heaps, symbol nodes, global heaps.
  const sigs = ['OHDR', 'TREE', 'HEAP', 'SNOD', 'GCOL', 'FRHP', 'BTHD', 'OCHK'].map(ascii);
  const hits = sigs.flatMap((s) => findAll(b, s, 200));
  if (hits.length === 0) return null;
  const at = pick(r, hits) + 4 + int(r, 28);
  if (choice === 2 && at < out.length) out[at] = pick(r, INTERESTING);
  else writeU64(out, at, pick(r, [2 ** 53 - 1, b.length + int(r, 4096), 2 ** 40, int(r, b.length)]));
  return out;
}

// ---------------------------------------------------------------- zip

function zipDamage(r: Rand, b: Uint8Array): Uint8Array | null {
  const local = findAll(b, [0x50, 0x4b, 0x03, 0x04]);
  const central = findAll(b, [0x50, 0x4b, 0x01, 0x02]);
  const eocd = findAll(b, [0x50, 0x4b, 0x05, 0x06]);
  if (local.length + central.length + eocd.length === 0) return null;
  const out = b.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const set32 = (at: number, v: number): void => {
    if (at + 4 <= out.length) view.setUint32(at, v >>> 0, true);
  };
  const set16 = (at: number, v: number): void => {
    if (at + 2 <= out.length) view.setUint16(at, v & 0xffff, true);
  };
  const huge = (): number => pick(r, [0xffffffff, 0x7fffffff, 0x40000000, int(r, 2 ** 32), 0]);
  const kinds = [
    ...(local.length ? ['local'] : []),
    ...(central.length ? ['central'] : []),
    ...(eocd.length ? ['eocd'] : []),
  ];
  const kind = pick(r, kinds);
  if (kind === 'local') {
    const h = pick(r, local);
    const f = int(r, 6);
    if (f === 0)
      set16(h + 8, pick(r, [0, 8, 12, 14, 99, 0xffff])); // method
    else if (f === 1)
      set32(h + 14, huge()); // crc
    else if (f === 2)
      set32(h + 18, huge()); // compressed size
    else if (f === 3)
      set32(h + 22, huge()); // uncompressed size
    else if (f === 4)
      set16(h + 26, int(r, 0x10000)); // name length
    else set16(h + 6, int(r, 0x10000)); // flags (encryption, data descriptor)
  } else if (kind === 'central') {
    const h = pick(r, central);
    const f = int(r, 6);
    if (f === 0)
      set16(h + 10, pick(r, [0, 8, 12, 14, 99])); // method
    else if (f === 1)
      set32(h + 20, huge()); // compressed size
    else if (f === 2)
      set32(h + 24, huge()); // uncompressed size: the zip-bomb shape
    else if (f === 3)
      set16(h + 28, int(r, 0x10000)); // name length
    else if (f === 4)
      set32(h + 42, huge()); // local header offset
    else set16(h + 30, int(r, 0x10000)); // extra length
  } else {
    const h = pick(r, eocd);
    const f = int(r, 4);
    if (f === 0)
      set16(h + 10, int(r, 0x10000)); // total entries
    else if (f === 1)
      set32(h + 12, huge()); // central directory size
    else if (f === 2)
      set32(h + 16, huge()); // central directory offset
    else set16(h + 20, int(r, 0x10000)); // comment length
  }
  return out;
}

// ---------------------------------------------------------------- JSON text

function jsonDamage(r: Rand, b: Uint8Array): Uint8Array | null {
  const first = b.findIndex((c) => c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09);
  if (first < 0 || (b[first] !== 0x7b && b[first] !== 0x5b)) return null;
  const text = new TextDecoder().decode(b);
  const at = int(r, text.length + 1);
  const snippets = [
    '"',
    '}',
    ']',
    ',',
    ':',
    '1e309',
    '-0',
    'NaN',
    'null',
    '"\\u0000"',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
    '"__proto__": {"polluted": 1}, ',
    '"units": -1, ',
    '"batch_input_shape": [null, 1000000000000], ',
    '99999999999999999999999',
  ];
  const choice = int(r, 3);
  let s: string;
  if (choice === 0) s = text.slice(0, at) + pick(r, snippets) + text.slice(at);
  else if (choice === 1) s = text.slice(0, at) + text.slice(at + 1 + int(r, 8));
  else {
    // Replace a number with an extreme one.
    const nums = [...text.matchAll(/-?\d+(\.\d+)?/g)];
    if (nums.length === 0) return null;
    const m = pick(r, nums);
    const to = pick(r, ['0', '-1', '1e309', '4294967296', '1000000000000', '0.5', '-99999999']);
    s = text.slice(0, m.index) + to + text.slice(m.index + m[0].length);
  }
  return new TextEncoder().encode(s);
}

// ---------------------------------------------------------------- driver

type Op = (r: Rand, b: Uint8Array) => Uint8Array | null;

const OPS: readonly (readonly [string, Op, number])[] = [
  ['bitflip', bitFlip, 3],
  ['interesting', interesting, 2],
  ['truncate', truncate, 2],
  ['insert', insert, 2],
  ['delete', remove, 2],
  ['duplicate', duplicate, 1],
  ['protobuf', protobufDamage, 4],
  ['hdf5', hdf5Damage, 4],
  ['zip', zipDamage, 4],
  ['json', jsonDamage, 3],
];
const WEIGHT = OPS.reduce((n, [, , w]) => n + w, 0);

function chooseOp(r: Rand): readonly [string, Op, number] {
  let x = r() * WEIGHT;
  for (const op of OPS) {
    x -= op[2];
    if (x < 0) return op;
  }
  return OPS[0]!;
}

export interface Mutant {
  readonly bytes: Uint8Array;
  /** The operators applied, in order, e.g. ['protobuf', 'bitflip']. */
  readonly ops: string[];
}

/** 1–3 operators; a structured one that does not apply to this file (no zip inside, …) is skipped. */
export function mutate(original: Uint8Array, seed: number): Mutant {
  const r = prng(seed);
  const count = 1 + int(r, 3);
  let bytes = original;
  const ops: string[] = [];
  for (let k = 0; k < count; k++) {
    for (let attempt = 0; attempt < 8; attempt++) {
      const [name, op] = chooseOp(r);
      const next = op(r, bytes);
      if (next) {
        bytes = next;
        ops.push(name);
        break;
      }
    }
  }
  if (ops.length === 0) {
    bytes = bitFlip(r, bytes);
    ops.push('bitflip');
  }
  return { bytes, ops };
}
