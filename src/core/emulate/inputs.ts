/**
 * Input rows for emulation: seeded normal rows (the same seed gives the same rows in the studio, the CLI
 * and the benchmarks), or rows parsed from a JSON list of lists or a CSV file.
 */
import { StudioError } from '../errors';

/** mulberry32: a small 32-bit PRNG with good distribution, deterministic across engines. */
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

/** `count` rows of `size` normal values (Box–Muller) with the given standard deviation. */
export function seededNormalRows(seed: number, count: number, size: number, sigma = 1.5): number[][] {
  const rand = mulberry32(seed);
  const rows: number[][] = [];
  for (let s = 0; s < count; s++) {
    const row: number[] = [];
    for (let k = 0; k < size; k++) {
      const u = 1 - rand();
      const v = rand();
      row.push(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    rows.push(row);
  }
  return rows;
}

function badRows(file: string, message: string): StudioError {
  return new StudioError(
    message,
    'Give a JSON list of lists of numbers, or a CSV file with one sample per line.',
    {
      file,
    },
  );
}

/** Parse a JSON list of lists, or CSV / whitespace-separated text (one sample per line, optional header). */
export function parseRows(text: string, file: string, expectedSize?: number): number[][] {
  const trimmed = text.trim();
  let rows: number[][];
  if (trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw badRows(file, `not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(doc)) throw badRows(file, 'expected a list of rows');
    rows = doc.map((r, i) => {
      if (!Array.isArray(r) || !r.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw badRows(file, `row ${i} is not a list of finite numbers`);
      }
      return r as number[];
    });
  } else {
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
    rows = [];
    lines.forEach((line, i) => {
      const cells = line.split(/[,;\t ]+/).filter((c) => c !== '');
      const nums = cells.map(Number);
      if (nums.some((v) => !Number.isFinite(v))) {
        if (i === 0) return; // a header line
        throw badRows(file, `line ${i + 1} has a value that is not a number`);
      }
      rows.push(nums);
    });
  }
  if (rows.length === 0) throw badRows(file, 'no rows found');
  if (expectedSize !== undefined) {
    const bad = rows.findIndex((r) => r.length !== expectedSize);
    if (bad >= 0)
      throw badRows(
        file,
        `row ${bad} has ${rows[bad]!.length} values but the model input takes ${expectedSize}`,
      );
  }
  return rows;
}
