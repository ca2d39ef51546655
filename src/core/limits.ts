/**
 * Size limits for untrusted model files, checked before anything is allocated from what a file declares.
 * Every check throws a StudioError that names the limit, its value and what the file asked for, so a
 * refusal reads like "the file declares 10^12 elements for tensor 'w'; the limit is 67,108,864 (…)".
 *
 * hls4ml targets models that fit on one FPGA: tens of thousands of weights, a few hundred layers. The
 * limits are far above that and far below what would freeze a browser tab.
 */
import { StudioError, quoteName, type ErrorLocation } from './errors';

export const LIMITS = {
  /** Largest model file read at all (bytes). */
  maxFileBytes: 512 * 1024 * 1024,
  /** Most elements in one tensor (weights, inputs, any layer output): 64 Mi values = 256 MiB of float32. */
  maxTensorElements: 64 * 1024 * 1024,
  /** Most nodes (ONNX) or layers (any format) in one graph. */
  maxGraphNodes: 10_000,
  /** Most entries in a zip archive (.keras, .pt). */
  maxZipEntries: 10_000,
  /** Largest declared uncompressed size of one zip entry (bytes). */
  maxZipEntryBytes: 512 * 1024 * 1024,
  /** Largest declared uncompressed size of all zip entries together (bytes). */
  maxZipTotalBytes: 1024 * 1024 * 1024,
  /** Highest declared uncompressed/compressed ratio for an entry larger than zipRatioFloorBytes. */
  maxZipRatio: 200,
  zipRatioFloorBytes: 16 * 1024 * 1024,
} as const;

const LIMIT_HINT =
  'The file is either damaged or far larger than any model an FPGA can hold; check the file, or report it if the model is real.';

export const fmtCount = (n: number): string =>
  Number.isFinite(n) && n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(2);

export const fmtBytes = (n: number): string =>
  n >= 1024 * 1024 * 1024
    ? `${(n / 1024 ** 3).toFixed(1)} GiB`
    : n >= 1024 * 1024
      ? `${(n / 1024 ** 2).toFixed(1)} MiB`
      : `${fmtCount(n)} bytes`;

function limitError(message: string, location: ErrorLocation): StudioError {
  return new StudioError(message, LIMIT_HINT, location);
}

/** A model file's size, checked before its bytes are read or decoded. */
export function checkFileSize(size: number, file: string): void {
  if (size > LIMITS.maxFileBytes) {
    throw limitError(
      `the file is ${fmtBytes(size)}; the limit for a model file is ${fmtBytes(LIMITS.maxFileBytes)} (file size limit)`,
      { file },
    );
  }
}

/**
 * The element count of a declared shape, in floating point so 10^12 × 10^12 cannot wrap, refused above
 * the tensor limit. Returns the count when it is within the limit.
 */
export function checkTensorElements(
  dims: readonly number[],
  what: string,
  location: ErrorLocation = {},
): number {
  let n = 1;
  for (const d of dims) n *= d;
  if (!(n <= LIMITS.maxTensorElements)) {
    throw limitError(
      `${what} declares shape [${dims.map(fmtCount).join(', ')}] = ${fmtCount(n)} elements; ` +
        `the limit for one tensor is ${fmtCount(LIMITS.maxTensorElements)} elements (tensor size limit)`,
      location,
    );
  }
  return n;
}

export function checkNodeCount(count: number, what: string, location: ErrorLocation = {}): void {
  if (count > LIMITS.maxGraphNodes) {
    throw limitError(
      `the model has ${fmtCount(count)} ${what}; the limit is ${fmtCount(LIMITS.maxGraphNodes)} (graph size limit)`,
      location,
    );
  }
}

/**
 * The first cycle among nodes that each read some keys and write others (ONNX nodes read and write
 * tensors; layers read layer names and write their own), or null. Iterative, so 10^5 nodes cannot
 * overflow the stack. Returns the keys along the cycle.
 */
export function findCycle(
  nodes: readonly { readonly reads: readonly string[]; readonly writes: readonly string[] }[],
): string[] | null {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const w of n.writes) if (w && !producer.has(w)) producer.set(w, i);
  });
  // 0 = unvisited, 1 = on the stack, 2 = done
  const state = new Uint8Array(nodes.length);
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== 0) continue;
    const stack: { node: number; next: number; via: string }[] = [{ node: start, next: 0, via: '' }];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const reads = nodes[top.node]!.reads;
      if (top.next >= reads.length) {
        state[top.node] = 2;
        stack.pop();
        continue;
      }
      const key = reads[top.next++]!;
      const p = producer.get(key);
      if (p === undefined) continue;
      if (state[p] === 1) {
        const from = stack.findIndex((f) => f.node === p);
        return [...stack.slice(from + 1).map((f) => f.via), key];
      }
      if (state[p] === 0) {
        state[p] = 1;
        stack.push({ node: p, next: 0, via: key });
      }
    }
  }
  return null;
}

export function cycleError(cycle: readonly string[], location: ErrorLocation = {}): StudioError {
  const shown = cycle.slice(0, 6).map((k) => `'${quoteName(k)}'`);
  if (cycle.length > 6) shown.push('…');
  return new StudioError(
    `the graph has a cycle through ${shown.join(' → ')}; a model must be acyclic (graph cycle check)`,
    'The file may be damaged or hand-edited; re-export it.',
    location,
  );
}

const ZIP_EOCD = 0x06054b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;

export interface ZipEntryInfo {
  readonly name: string;
  readonly compressed: number;
  readonly uncompressed: number;
  /** 0 = stored, 8 = deflate. */
  readonly method: number;
  /** Where the entry's local header starts. */
  readonly localOffset: number;
}

function zipError(message: string, file: string): StudioError {
  return new StudioError(message, LIMIT_HINT, { file });
}

function readU64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/**
 * The entries of a zip archive as its central directory declares them, read without inflating anything.
 * Throws a StudioError when the directory is missing or runs past the end of the file.
 */
export function zipDirectory(bytes: Uint8Array, file: string): ZipEntryInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === ZIP_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new StudioError(
      'the zip archive has no central directory (truncated or not a zip file)',
      'The file may be truncated; download or export it again.',
      { file },
    );
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const locator = eocd - 20;
  if (
    (count === 0xffff || offset === 0xffffffff) &&
    locator >= 0 &&
    view.getUint32(locator, true) === ZIP64_EOCD_LOCATOR
  ) {
    const at = readU64(view, locator + 8);
    if (at + 56 > bytes.length || view.getUint32(at, true) !== ZIP64_EOCD)
      throw zipError('the zip64 end record points outside the file (damaged zip)', file);
    count = readU64(view, at + 32);
    offset = readU64(view, at + 48);
  }
  if (count > LIMITS.maxZipEntries)
    throw zipError(
      `the zip archive declares ${fmtCount(count)} entries; the limit is ${fmtCount(LIMITS.maxZipEntries)} (zip entry count limit)`,
      file,
    );
  const entries: ZipEntryInfo[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== ZIP_CENTRAL)
      throw zipError(`zip central directory entry ${k + 1} of ${count} is damaged or missing`, file);
    const method = view.getUint16(offset + 10, true);
    let compressed = view.getUint32(offset + 20, true);
    let uncompressed = view.getUint32(offset + 24, true);
    let localOffset = view.getUint32(offset + 42, true);
    const nameLen = view.getUint16(offset + 28, true);
    const extraLen = view.getUint16(offset + 30, true);
    const commentLen = view.getUint16(offset + 32, true);
    const end = offset + 46 + nameLen + extraLen + commentLen;
    if (end > bytes.length)
      throw zipError(`zip central directory entry ${k + 1} of ${count} runs past the end of the file`, file);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLen));
    // Zip64: sizes of 0xFFFFFFFF live in extra field 0x0001 (uncompressed first, then compressed).
    if (uncompressed === 0xffffffff || compressed === 0xffffffff || localOffset === 0xffffffff) {
      let e = offset + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = view.getUint16(e, true);
        const size = view.getUint16(e + 2, true);
        if (id === 0x0001) {
          let f = e + 4;
          if (uncompressed === 0xffffffff && f + 8 <= extraEnd) {
            uncompressed = readU64(view, f);
            f += 8;
          }
          if (compressed === 0xffffffff && f + 8 <= extraEnd) {
            compressed = readU64(view, f);
            f += 8;
          }
          if (localOffset === 0xffffffff && f + 8 <= extraEnd) localOffset = readU64(view, f);
          break;
        }
        e += 4 + size;
      }
    }
    entries.push({ name, compressed, uncompressed, method, localOffset });
    offset = end;
  }
  return entries;
}

/**
 * A zip archive (.keras, .pt) checked from its central directory before anything is inflated: entry
 * count, each entry's declared uncompressed size, their total and the compression ratio of big entries.
 */
export function checkZipArchive(bytes: Uint8Array, file: string): void {
  let total = 0;
  for (const e of zipDirectory(bytes, file)) {
    const name = `'${quoteName(e.name)}'`;
    if (e.uncompressed > LIMITS.maxZipEntryBytes)
      throw zipError(
        `zip entry ${name} declares ${fmtBytes(e.uncompressed)} uncompressed; the limit for one entry is ${fmtBytes(LIMITS.maxZipEntryBytes)} (zip bomb check)`,
        file,
      );
    if (e.uncompressed > LIMITS.zipRatioFloorBytes && e.uncompressed > e.compressed * LIMITS.maxZipRatio)
      throw zipError(
        `zip entry ${name} declares ${fmtBytes(e.uncompressed)} from ${fmtBytes(e.compressed)} compressed, ` +
          `a ratio above ${LIMITS.maxZipRatio}:1 (zip bomb check)`,
        file,
      );
    total += e.uncompressed;
    if (total > LIMITS.maxZipTotalBytes)
      throw zipError(
        `the zip archive declares more than ${fmtBytes(LIMITS.maxZipTotalBytes)} uncompressed in total (zip bomb check)`,
        file,
      );
  }
}

/** A 64-bit integer as protobufjs decodes it: a number, or a Long-like pair of 32-bit words. */
type Int64Like = number | { readonly low: number; readonly high: number; readonly unsigned: boolean };

/** A declared dimension as a number, never throwing: anything unreadable or beyond 2^53 is Infinity. */
function dimValue(v: Int64Like | null | undefined): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.abs(v) : Infinity;
  const high = v.unsigned ? v.high >>> 0 : v.high | 0;
  const n = high * 4294967296 + (v.low >>> 0);
  return Number.isSafeInteger(n) ? Math.abs(n) : Infinity;
}

/** The parts of a decoded onnx.ModelProto the early checks read (structural, so no generated types here). */
export interface OnnxLimitsView {
  readonly graph?: {
    readonly node?:
      | readonly {
          readonly name?: string | null;
          readonly input?: readonly string[] | null;
          readonly output?: readonly string[] | null;
        }[]
      | null;
    readonly initializer?:
      | readonly {
          readonly name?: string | null;
          readonly dims?: readonly Int64Like[] | null;
        }[]
      | null;
    readonly input?: readonly OnnxValueInfoView[] | null;
    readonly output?: readonly OnnxValueInfoView[] | null;
    readonly valueInfo?: readonly OnnxValueInfoView[] | null;
  } | null;
}

interface OnnxValueInfoView {
  readonly name?: string | null;
  readonly type?: {
    readonly tensorType?: {
      readonly shape?: { readonly dim?: readonly { readonly dimValue?: Int64Like | null }[] | null } | null;
    } | null;
  } | null;
}

/**
 * Early checks on a decoded ONNX model, before any tensor is read: node count, every declared shape
 * (initializers, inputs, outputs, value_info) against the tensor limit, and no cycle among the nodes.
 */
export function checkOnnxLimits(model: OnnxLimitsView, file: string): void {
  const graph = model.graph;
  if (!graph) return;
  const nodes = graph.node ?? [];
  checkNodeCount(nodes.length, 'nodes', { file });
  for (const t of graph.initializer ?? []) {
    checkTensorElements((t.dims ?? []).map(dimValue), `initializer '${quoteName(t.name ?? '')}'`, { file });
  }
  const infos = [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])];
  for (const vi of infos) {
    const dims = vi.type?.tensorType?.shape?.dim ?? [];
    checkTensorElements(
      dims.map((d) => dimValue(d.dimValue)),
      `tensor '${quoteName(vi.name ?? '')}'`,
      { file },
    );
  }
  const cycle = findCycle(nodes.map((n) => ({ reads: n.input ?? [], writes: n.output ?? [] })));
  if (cycle) throw cycleError(cycle, { file });
}

/** The parts of a ModelGraph the checks read. */
export interface GraphLimitsView {
  readonly layers: readonly {
    readonly name: string;
    readonly kind?: string;
    readonly inputs: readonly string[];
    readonly outputShape: readonly number[];
    readonly source?: { readonly op: string; readonly node: string };
  }[];
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
}

/**
 * Checks on any frontend's result: layer count, every layer's output size, and no cycle among layers.
 * Cheap, and it keeps the passes, the emulator and the backends from ever seeing such a graph.
 */
export function checkGraphLimits(graph: GraphLimitsView, file: string): void {
  checkNodeCount(graph.layers.length, 'layers', { file });
  for (const l of graph.layers) {
    // A damaged size or scale can compute a negative, fractional or empty axis that every later stage
    // would trip over; name the layer here instead.
    if (!l.outputShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new StudioError(
        `computes the output shape [${l.outputShape.join(', ')}], whose axes are not all positive whole numbers`,
        'The model file looks damaged or its sizes/scales are inconsistent; export it again.',
        { file, node: l.source?.node ?? l.name, ...(l.source ? { op: l.source.op } : {}) },
      );
    }
    checkTensorElements(l.outputShape, `the output of layer '${quoteName(l.name)}'`, { file });
  }
  const cycle = findCycle(graph.layers.map((l) => ({ reads: l.inputs, writes: [l.name] })));
  if (cycle) throw cycleError(cycle, { file });
  checkWiring(graph, file);
}

/**
 * Every layer reads layers that exist, the model inputs are exactly its Input layers, and its outputs
 * exist. A damaged file can break any of these while every layer still parses.
 */
function checkWiring(graph: GraphLimitsView, file: string): void {
  const names = new Set(graph.layers.map((l) => l.name));
  const damaged = (message: string, node?: string): StudioError =>
    new StudioError(message, 'The model file looks damaged or inconsistent; export it again.', {
      file,
      ...(node === undefined ? {} : { node }),
    });
  for (const l of graph.layers) {
    for (const i of l.inputs)
      if (!names.has(i)) throw damaged(`reads '${quoteName(i)}', which is not a layer`, l.name);
  }
  if (graph.inputs === undefined || graph.outputs === undefined) return;
  const inputLayers = graph.layers.filter((l) => l.kind === 'Input').map((l) => l.name);
  const listed = new Set(graph.inputs);
  const unlisted = inputLayers.filter((n) => !listed.has(n));
  if (unlisted.length > 0 || graph.inputs.some((n) => !inputLayers.includes(n))) {
    throw damaged(
      `the model lists inputs [${graph.inputs.map(quoteName).join(', ')}] but its input layers are [${inputLayers.map(quoteName).join(', ')}]`,
    );
  }
  const missing = graph.outputs.find((n) => !names.has(n));
  if (missing !== undefined) throw damaged(`the model output '${quoteName(missing)}' is not a layer`);
  if (graph.outputs.length === 0) throw damaged('the model has no outputs');
}
