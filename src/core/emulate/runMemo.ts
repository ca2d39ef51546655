/**
 * Incremental re-runs of a prepared emulation (the studio re-emulates after every edit). Per IR layer
 * and chunk of rows, the last run's kernel, inputs and output are remembered with what that chunk added
 * to the layer's overflow counters, its largest |accumulator| before the cast and its output range.
 *
 * - A chunk run by the same prepared kernel on the very same input tensors as last time takes the
 *   remembered output and counts instead of running the kernel (an edit re-prepares only the edited
 *   layers and their consumers, so everything upstream of them is reused).
 * - A recomputed output equal to the remembered one (same type, same raws) is replaced by the remembered
 *   tensor, so the layers below see the same tensors again and are reused too (early cutoff).
 *
 * Exact by construction: a prepared kernel's output and counts depend only on its input tensors (the
 * Input layer, which reads the rows, has no inputs and always runs), and tensors are never written
 * after they are made.
 */
import type { OverflowCounter } from '../fixed/convert';
import type { FixedType } from '../fixed/types';
import type { FixedTensor } from './tensor';

/** What one chunk of one layer gave in its last run. */
interface ChunkRecord {
  /** The prepared kernel's identity (its profile object). */
  readonly kernel: object;
  readonly inputs: readonly FixedTensor[];
  readonly output: FixedTensor;
  /** Increments of the layer's counters, in Object.values(counters) order. */
  readonly counts: readonly number[];
  readonly maxAbs: number;
  readonly min: number;
  readonly max: number;
}

/** The layer as the engine prepared it: `profile` is the kernel's identity (re-preparing makes a new one). */
export interface MemoLayer {
  readonly lowered: { readonly layer: object };
  readonly counters: Record<string, OverflowCounter>;
  readonly profile: { maxAbsBeforeCast: number };
}

export interface Range {
  min: number;
  max: number;
}

const memo = new WeakMap<object, ChunkRecord[]>();

/** Every field equal (all of them, so a field added to FixedType later is compared too). */
function sameType(a: FixedType, b: FixedType): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as (keyof FixedType)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Same type, shape and raws (−0 and 0 told apart, so values read back identically). */
function sameTensor(a: FixedTensor, b: FixedTensor): boolean {
  if (a.size !== b.size || a.samples !== b.samples || !sameType(a.type, b.type)) return false;
  const x = a.raws;
  const y = b.raws;
  if (x.length !== y.length) return false;
  if (x instanceof Float64Array) {
    if (!(y instanceof Float64Array)) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v !== y[i] || (v === 0 && !Object.is(v, y[i]))) return false;
    }
    return true;
  }
  if (y instanceof Float64Array) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * One chunk of one layer: the remembered output when its inputs are unchanged, else `compute()`. Either
 * way the layer's counters, its maxAbsBeforeCast and `range` end as running the kernel would leave them
 * (`measure` is the engine's range of a chunk).
 */
export function runChunk(
  layer: MemoLayer,
  chunk: number,
  inputs: readonly FixedTensor[],
  compute: () => FixedTensor,
  range: Range,
  measure: (t: FixedTensor, into: Range) => void,
): FixedTensor {
  const counters = Object.values(layer.counters);
  const last = memo.get(layer.lowered.layer)?.[chunk];
  if (
    last &&
    last.kernel === layer.profile &&
    inputs.length > 0 &&
    last.inputs.length === inputs.length &&
    inputs.every((t, k) => t === last.inputs[k])
  ) {
    counters.forEach((c, k) => (c.count += last.counts[k]!));
    if (last.maxAbs > layer.profile.maxAbsBeforeCast) layer.profile.maxAbsBeforeCast = last.maxAbs;
    fold(range, last);
    return last.output;
  }
  const before = counters.map((c) => c.count);
  const runMax = layer.profile.maxAbsBeforeCast;
  layer.profile.maxAbsBeforeCast = 0;
  let output = compute();
  const maxAbs = layer.profile.maxAbsBeforeCast;
  layer.profile.maxAbsBeforeCast = Math.max(runMax, maxAbs);
  const own: Range = { min: Infinity, max: -Infinity };
  measure(output, own);
  fold(range, own);
  if (last && sameTensor(last.output, output)) output = last.output;
  let list = memo.get(layer.lowered.layer);
  if (!list) memo.set(layer.lowered.layer, (list = []));
  list[chunk] = {
    kernel: layer.profile,
    inputs,
    output,
    counts: counters.map((c, k) => c.count - before[k]!),
    maxAbs,
    min: own.min,
    max: own.max,
  };
  return output;
}

function fold(range: Range, chunk: Range): void {
  if (chunk.min < range.min) range.min = chunk.min;
  if (chunk.max > range.max) range.max = chunk.max;
}
