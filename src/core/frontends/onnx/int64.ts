/**
 * protobufjs decodes int64 fields as Long objects when the `long` package is loadable (Node) and as
 * plain numbers otherwise (the browser bundle). Both go through here, and anything that a float64
 * cannot hold exactly is refused rather than silently rounded.
 */
import { StudioError } from '../../errors';

/** The fields of a long.js Long that we read; avoids a type dependency on the `long` package. */
export interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
}

export type Int64 = number | LongLike;

/** The exact value as a number, or null when it is beyond ±(2^53 − 1). */
export function safeInt(v: Int64): number | null {
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    // high·2^32 is exact in a float64; adding the low word rounds only beyond 2^53, which the
    // safe-integer test below then rejects.
    const high = v.unsigned ? v.high >>> 0 : v.high | 0;
    n = high * 4294967296 + (v.low >>> 0);
  }
  return Number.isSafeInteger(n) ? n : null;
}

/** Like safeInt, but a value that does not fit is a StudioError naming what it was. */
export function toInt(v: Int64 | null | undefined, what: string, fallback = 0): number {
  if (v === null || v === undefined) return fallback;
  const n = safeInt(v);
  if (n === null) {
    throw new StudioError(
      `${what} does not fit in a 53-bit integer`,
      'The file may be damaged; re-export it with torch.onnx.export.',
    );
  }
  return n;
}
