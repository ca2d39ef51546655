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

export function rowsFor(spec: InputSpec, size: number): number[][] {
  if (spec.kind === 'random') {
    const count = Math.max(1, Math.min(MAX_ROWS, Math.floor(spec.count)));
    return randomNormalRows(spec.seed, count, size, spec.scale);
  }
  return parseRowsFile(spec.name, spec.bytes, size);
}

export function describeInput(spec: InputSpec): string {
  return spec.kind === 'random'
    ? `random normal rows, seed ${spec.seed}, σ ${spec.scale}`
    : `rows from ${spec.name}`;
}

/** A key that identifies the rows, so the float reference is reused across precision edits. */
export function inputKey(spec: InputSpec): string {
  if (spec.kind === 'random') return `random:${spec.seed}:${spec.count}:${spec.scale}`;
  let h = 2166136261;
  for (let i = 0; i < spec.bytes.length; i++) h = Math.imul(h ^ spec.bytes[i]!, 16777619);
  return `file:${spec.name}:${spec.bytes.length}:${h >>> 0}`;
}
