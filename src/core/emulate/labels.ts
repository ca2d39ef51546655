/**
 * Labels for the emulation's accuracy summary: one class per input row, given as class indices (a JSON
 * list, CSV or .npy) or as one-hot / probability rows (their argmax). Accuracy compares them with the
 * model output's argmax (a single output: ≥ 0.5 is class 1).
 */
import { StudioError } from '../errors';
import { parseRows } from './inputs';
import { isNpy, npyRows, parseNpy } from './npy';

function bad(file: string, message: string): StudioError {
  return new StudioError(
    message,
    'Give one label per input row: a class index (0, 1, …) or a one-hot row per sample, as JSON, CSV or .npy.',
    { file },
  );
}

/** The class of every row; `classes` is the model output's size (1 = a binary output). */
export function parseLabels(bytes: Uint8Array, file: string, classes: number): Int32Array {
  const rows = isNpy(bytes)
    ? npyRows(parseNpy(bytes, file))
    : parseRows(new TextDecoder().decode(bytes), file);
  const n = Math.max(classes, 2);
  return Int32Array.from(rows, (row, i) => {
    if (row.length === 1) {
      const c = row[0]!;
      if (!Number.isInteger(c) || c < 0 || c >= n)
        throw bad(file, `row ${i + 1}: label ${c} is not a class index 0…${n - 1}`);
      return c;
    }
    if (row.length === classes) return argmax(row, 0, classes);
    throw bad(file, `row ${i + 1} has ${row.length} values; a label is 1 value or ${classes} (one-hot)`);
  });
}

function argmax(v: ArrayLike<number>, at: number, size: number): number {
  let best = 0;
  for (let k = 1; k < size; k++) if (v[at + k]! > v[at + best]!) best = k;
  return best;
}

/** Fraction of samples whose predicted class (argmax, or ≥ 0.5 for one output) equals its label. */
export function labelAccuracy(
  outputs: ArrayLike<number>,
  samples: number,
  size: number,
  labels: Int32Array,
): number {
  let right = 0;
  for (let s = 0; s < samples; s++) {
    const predicted = size === 1 ? (outputs[s]! >= 0.5 ? 1 : 0) : argmax(outputs, s * size, size);
    if (predicted === labels[s]) right++;
  }
  return samples ? right / samples : 0;
}
