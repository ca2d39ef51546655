/**
 * Input rows for emulation: seeded normal rows (the same seed gives the same rows in the studio, the
 * CLI and the benchmarks), or rows read from a JSON list of lists or a CSV file.
 */
import { isNpy, npyRows, parseNpy } from './npy';
import { StudioError } from '../errors';

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; the same seed gives the same rows everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` rows of `size` values drawn from N(0, scale²) (Box–Muller on mulberry32). */
export function randomNormalRows(seed: number, count: number, size: number, scale: number): number[][] {
  const next = mulberry32(seed);
  const rows: number[][] = [];
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  for (let i = 0; i < count; i++) {
    const row = new Array<number>(size);
    for (let j = 0; j < size; j++) row[j] = normal() * scale;
    rows.push(row);
  }
  return rows;
}

/** More rows than this are refused: the studio keeps every row and its outputs in memory. */
export const MAX_ROWS = 100_000;

/**
 * The studio keeps every layer's output for every row (the per-layer plots and errors): about this many
 * values (8 bytes each) at most, so that a 256×256 U-Net does not exhaust the worker's memory.
 */
export const TRACE_VALUES_BUDGET = 48 * 2 ** 20;

/** How many rows fit the trace budget when one row traces `valuesPerRow` values (at least one). */
export function traceRowLimit(valuesPerRow: number): number {
  return Math.max(1, Math.floor(TRACE_VALUES_BUDGET / Math.max(1, valuesPerRow)));
}

function flatten(v: unknown, out: number[], file: string, row: number): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw badRows(file, `row ${row + 1} contains ${v}`);
    out.push(v);
  } else if (Array.isArray(v)) {
    for (const x of v) flatten(x, out, file, row);
  } else {
    throw badRows(file, `row ${row + 1} contains ${JSON.stringify(v)?.slice(0, 40)}, not a number`);
  }
}

function badRows(file: string, message: string): StudioError {
  return new StudioError(
    message,
    'Give a JSON list of rows ([[…], […]]) or a CSV file with one row of numbers per line.',
    { file },
  );
}

function parseJsonRows(text: string, file: string): number[][] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw badRows(file, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!Array.isArray(doc)) throw badRows(file, 'the JSON is not a list of rows');
  return doc.map((r, i) => {
    const out: number[] = [];
    flatten(r, out, file, i);
    return out;
  });
}

function parseCsvRows(text: string, file: string): number[][] {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/[,;\t ]+/).filter((c) => c !== '');
    const values = cells.map(Number);
    if (values.some((v) => !Number.isFinite(v))) {
      // A header line is allowed as the first non-empty line.
      if (rows.length === 0 && cells.some((c) => /[A-Za-z_]/.test(c) && !/^[-+]?(inf|nan)/i.test(c)))
        continue;
      throw badRows(file, `line ${i + 1} has a value that is not a number`);
    }
    rows.push(values);
  }
  return rows;
}

/** Read rows from a file's text (JSON list of lists, or CSV); every row must have `size` values. */
export function parseRows(text: string, name: string, size?: number): number[][] {
  const trimmed = text.trimStart();
  const rows = trimmed.startsWith('[') ? parseJsonRows(text, name) : parseCsvRows(text, name);
  if (rows.length === 0) throw badRows(name, 'the file has no rows');
  if (rows.length > MAX_ROWS)
    throw badRows(name, `the file has ${rows.length} rows; at most ${MAX_ROWS} are used`);
  rows.forEach((r, i) => {
    if (size !== undefined && r.length !== size)
      throw badRows(name, `row ${i + 1} has ${r.length} values but the model input has ${size}`);
  });
  return rows;
}

/**
 * Rows from a dropped file's bytes: a NumPy .npy array (first axis = rows; a 1-D array of exactly `size`
 * values is one row), or text as parseRows reads it.
 */
export function parseRowsBytes(bytes: Uint8Array, name: string, size?: number): number[][] {
  if (!isNpy(bytes)) return parseRows(new TextDecoder().decode(bytes), name, size);
  const a = parseNpy(bytes, name);
  const rows = a.shape.length === 1 && a.shape[0] === size ? [Array.from(a.data)] : npyRows(a);
  if (rows.length === 0) throw badRows(name, 'the array has no rows');
  if (rows.length > MAX_ROWS)
    throw badRows(name, `the array has ${rows.length} rows; at most ${MAX_ROWS} are used`);
  if (size !== undefined && rows[0]!.length !== size)
    throw badRows(name, `each row has ${rows[0]!.length} values but the model input has ${size}`);
  return rows;
}
