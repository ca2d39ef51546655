/**
 * Two-input layers (fixed-point.md §6.6): Merge (add, subtract, multiply, average, maximum, minimum) with
 * one rounding of the exact result, broadcast by index modulo each input's size; Concatenate (element
 * copies, each cast to result_t) along any axis; Dot (each product cast to accum_t, summed from 0 in
 * accum_t, the sum cast to result_t).
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { MergeOp } from '../ir/graph';
import { allocate, type FixedTensor } from './tensor';

function big(raw: number | bigint): bigint {
  return typeof raw === 'bigint' ? raw : BigInt(raw);
}

function put(out: FixedTensor, i: number, v: bigint): void {
  if (out.raws instanceof Float64Array) out.raws[i] = Number(v);
  else out.raws[i] = v;
}

/** Shift a raw from `from` to `to` fractional bits (to ≥ from). */
function align(raw: bigint, from: number, to: number): bigint {
  return raw << BigInt(to - from);
}

export function prepareMerge(
  op: MergeOp,
  t1: FixedType,
  t2: FixedType,
  result: FixedType,
  nOut: number,
  family: TypeFamily,
  counter: OverflowCounter,
): (a: FixedTensor, b: FixedTensor) => FixedTensor {
  const f1 = fractionalBits(t1);
  const f2 = fractionalBits(t2);
  const f = Math.max(f1, f2);
  const cast = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, result, family, counter);
  const kernel = (x: bigint, y: bigint): bigint => {
    switch (op) {
      case 'add':
        return cast(align(x, f1, f) + align(y, f2, f), f);
      case 'subtract':
        return cast(align(x, f1, f) - align(y, f2, f), f);
      case 'multiply':
        return cast(x * y, f1 + f2);
      case 'average':
        return cast(align(x, f1, f) + align(y, f2, f), f + 1);
      case 'maximum':
        return align(x, f1, f) > align(y, f2, f) ? cast(x, f1) : cast(y, f2);
      case 'minimum':
        return align(x, f1, f) < align(y, f2, f) ? cast(x, f1) : cast(y, f2);
    }
  };
  return (a, b) => {
    const out = allocate(result, nOut, a.samples);
    for (let s = 0; s < a.samples; s++) {
      for (let i = 0; i < nOut; i++) {
        const x = big(a.raws[s * a.size + (i % a.size)]!);
        const y = big(b.raws[s * b.size + (i % b.size)]!);
        put(out, s * nOut + i, kernel(x, y));
      }
    }
    return out;
  };
}

/** Sizes of a concatenation: per outer index, n1 values of the first input then n2 of the second. */
export interface ConcatShape {
  readonly nOuter: number;
  readonly n1: number;
  readonly n2: number;
}

export function concatShape(shape1: readonly number[], shape2: readonly number[], axis: number): ConcatShape {
  const nOuter = shape1.slice(0, axis).reduce((a, b) => a * b, 1);
  return {
    nOuter,
    n1: shape1.slice(axis).reduce((a, b) => a * b, 1),
    n2: shape2.slice(axis).reduce((a, b) => a * b, 1),
  };
}

export function prepareConcatenate(
  shape: ConcatShape,
  t1: FixedType,
  t2: FixedType,
  result: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): (a: FixedTensor, b: FixedTensor) => FixedTensor {
  const f1 = fractionalBits(t1);
  const f2 = fractionalBits(t2);
  const { nOuter, n1, n2 } = shape;
  const nOut = nOuter * (n1 + n2);
  return (a, b) => {
    const out = allocate(result, nOut, a.samples);
    for (let s = 0; s < a.samples; s++) {
      let o = s * nOut;
      for (let k = 0; k < nOuter; k++) {
        for (let i = 0; i < n1; i++) {
          const raw = big(a.raws[s * a.size + k * n1 + i]!);
          put(out, o++, convertRawBigCounted(raw, f1, result, family, counter));
        }
        for (let i = 0; i < n2; i++) {
          const raw = big(b.raws[s * b.size + k * n2 + i]!);
          put(out, o++, convertRawBigCounted(raw, f2, result, family, counter));
        }
      }
    }
    return out;
  };
}

export function prepareDot(
  n: number,
  t1: FixedType,
  t2: FixedType,
  accum: FixedType,
  result: FixedType,
  family: TypeFamily,
  counters: { accum: OverflowCounter; result: OverflowCounter },
): (a: FixedTensor, b: FixedTensor) => FixedTensor {
  const fp = fractionalBits(t1) + fractionalBits(t2);
  const fa = fractionalBits(accum);
  return (a, b) => {
    const out = allocate(result, 1, a.samples);
    for (let s = 0; s < a.samples; s++) {
      let acc = 0n;
      for (let i = 0; i < n; i++) {
        const p = big(a.raws[s * a.size + i]!) * big(b.raws[s * b.size + i]!);
        const pc = convertRawBigCounted(p, fp, accum, family, counters.accum);
        acc = convertRawBigCounted(acc + pc, fa, accum, family, counters.accum);
      }
      put(out, s, convertRawBigCounted(acc, fa, result, family, counters.result));
    }
    return out;
  };
}
