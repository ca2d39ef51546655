/**
 * Average as hls4ml's io_stream merge kernel computes it: (a + b) / R(2), where R(2) is the integer 2
 * converted to the result type (with its modes) and the quotient keeps the sum's fractional bits,
 * truncated toward zero (the ap_fixed division), before the one conversion to the result type.
 * io_parallel multiplies by an exact 0.5 instead (merge.ts), so the two differ whenever the sum's last
 * bit is set. A divisor that converts to 0 gives 0 (the ap division of our headers).
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import { allocate, type FixedTensor } from './tensor';

function big(raw: number | bigint): bigint {
  return typeof raw === 'bigint' ? raw : BigInt(raw);
}

export function prepareStreamAverage(
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
  const fr = fractionalBits(result);
  const two = convertRawBigCounted(2n, 0, result, family, { count: 0 });
  // quotient raw at fq = f + max(fr, 0) − fr fractional bits: trunc0(sum · 2^max(fr, 0) / two)
  const scale = 1n << BigInt(Math.max(fr, 0));
  const fq = f + Math.max(fr, 0) - fr;
  return (a, b) => {
    const out = allocate(result, nOut, a.samples);
    for (let s = 0; s < a.samples; s++) {
      for (let i = 0; i < nOut; i++) {
        const x = big(a.raws[s * a.size + (i % a.size)]!) << BigInt(f - f1);
        const y = big(b.raws[s * b.size + (i % b.size)]!) << BigInt(f - f2);
        const q = two === 0n ? 0n : ((x + y) * scale) / two; // BigInt division truncates toward zero
        const r = convertRawBigCounted(q, fq, result, family, counter);
        if (out.raws instanceof Float64Array) out.raws[s * nOut + i] = Number(r);
        else out.raws[s * nOut + i] = r;
      }
    }
    return out;
  };
}
