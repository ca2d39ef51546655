/**
 * The worker's side of input rows: turns the UI's InputSpec into rows with the core's generators and
 * parsers, and keys them so the float reference is reused across precision edits.
 */
import { MAX_ROWS, parseRowsBytes, randomNormalRows } from '../core/emulate/inputs';
import type { InputSpec } from './protocol';

/** Read rows from a dropped file; every row must have `size` values. */
export function parseRowsFile(name: string, bytes: Uint8Array, size: number): number[][] {
  return parseRowsBytes(bytes, name, size);
}

export interface InputRows {
  readonly rows: number[][];
  /** What the rows are, saying so when fewer were used than asked for. */
  readonly source: string;
}

/** The rows to emulate: at most `limit` of them (traceRowLimit), the first ones of a file. */
export function rowsFor(spec: InputSpec, size: number, limit = MAX_ROWS): InputRows {
  const what =
    spec.kind === 'random'
      ? `random normal rows, seed ${spec.seed}, σ ${spec.scale}`
      : `rows from ${spec.name}`;
  const all = spec.kind === 'random' ? Math.max(1, Math.min(MAX_ROWS, Math.floor(spec.count))) : null;
  const rows =
    spec.kind === 'random'
      ? randomNormalRows(spec.seed, Math.min(all!, limit), size, spec.scale)
      : parseRowsFile(spec.name, spec.bytes, size);
  const asked = all ?? rows.length;
  if (asked <= limit) return { rows, source: what };
  return {
    rows: rows.length > limit ? rows.slice(0, limit) : rows,
    source:
      `${what}: the first ${limit.toLocaleString('en-US')} of ${asked.toLocaleString('en-US')}, as every ` +
      "layer's output is kept for each row and this model's layers hold too many values for more",
  };
}

/** A key that identifies the rows, so the float reference is reused across precision edits. */
export function inputKey(spec: InputSpec): string {
  if (spec.kind === 'random') return `random:${spec.seed}:${spec.count}:${spec.scale}`;
  let h = 2166136261;
  for (let i = 0; i < spec.bytes.length; i++) h = Math.imul(h ^ spec.bytes[i]!, 16777619);
  return `file:${spec.name}:${spec.bytes.length}:${h >>> 0}`;
}
