/**
 * Embedding: each input value is an index (converted to int with truncation toward zero, ap's to_int;
 * ac floors), clamped to [0, vocab − 1] (hls4ml reads out of bounds there; we do not), and selects a row
 * of the embeddings table (already quantized into embeddings_t); each value is cast to result_t.
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import { allocate, type FixedTensor } from './tensor';

/** The table row an input raw selects. */
export function embeddingIndex(raw: bigint, frac: number, vocab: number, family: TypeFamily): number {
  let q: bigint;
  if (frac <= 0) q = raw << BigInt(-frac);
  else {
    const den = 1n << BigInt(frac);
    q = raw / den; // truncates toward zero
    if (family === 'ac' && raw < 0n && q * den !== raw) q -= 1n;
  }
  if (q < 0n) return 0;
  if (q > BigInt(vocab - 1)) return vocab - 1;
  return Number(q);
}

export function prepareEmbedding(
  table: readonly bigint[],
  vocab: number,
  nOut: number,
  xType: FixedType,
  embT: FixedType,
  result: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const fe = fractionalBits(embT);
  return (x) => {
    const size = x.size * nOut;
    const out = allocate(result, size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let s = 0; s < x.samples; s++) {
      for (let j = 0; j < x.size; j++) {
        const raw = x.raws[s * x.size + j]!;
        const row = embeddingIndex(typeof raw === 'bigint' ? raw : BigInt(raw), fx, vocab, family);
        for (let i = 0; i < nOut; i++) {
          const v = convertRawBigCounted(table[row * nOut + i]!, fe, result, family, counter);
          const o = s * size + j * nOut + i;
          if (narrow) (out.raws as Float64Array)[o] = Number(v);
          else (out.raws as bigint[])[o] = v;
        }
      }
    }
    return out;
  };
}
