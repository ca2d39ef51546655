/**
 * A batch of fixed-point values: `samples` rows of `size` raws, row-major. Raws are exact integers in a
 * Float64Array when the type is at most 53 bits wide, and BigInts otherwise.
 */
import { MAX_NUMBER_WIDTH, fractionalBits, type FixedType } from '../fixed/types';

export interface FixedTensor {
  readonly type: FixedType;
  readonly size: number;
  readonly samples: number;
  readonly raws: Float64Array | bigint[];
}

export function isNarrow(t: FixedType): boolean {
  return t.width <= MAX_NUMBER_WIDTH;
}

export function allocate(type: FixedType, size: number, samples: number): FixedTensor {
  const n = size * samples;
  return { type, size, samples, raws: isNarrow(type) ? new Float64Array(n) : new Array<bigint>(n).fill(0n) };
}

export function rawAsBig(t: FixedTensor, i: number): bigint {
  const r = t.raws[i]!;
  return typeof r === 'bigint' ? r : BigInt(r);
}

/** Values as doubles (exact when the width is ≤ 53). */
export function tensorValues(t: FixedTensor): Float64Array {
  const scale = 2 ** -fractionalBits(t.type);
  const out = new Float64Array(t.raws.length);
  if (t.raws instanceof Float64Array) {
    for (let i = 0; i < out.length; i++) out[i] = t.raws[i]! * scale;
  } else {
    const f = fractionalBits(t.type);
    for (let i = 0; i < out.length; i++) out[i] = bigValue(t.raws[i]!, f);
  }
  return out;
}

function bigValue(raw: bigint, frac: number): number {
  // Number(bigint) rounds to nearest; scaling by a power of two is exact afterwards.
  return Number(raw) * 2 ** -frac;
}
