/**
 * The other Quartus table activations (hls4ml's Quartus templates, restated in
 * hls/quartus_nnet_utils/README.md). Tables are float64 (hls4ml's Python writer), written to
 * activation_tables/*.tb and cast to table_t by the compiler; T = table size.
 *
 *   softsign: symmetric like sigmoid: entry i = c/(1+c), c = (i+½)·8/T, index floor(|x|·T/8), |x| ≥ 8
 *             reads the last entry; x < 0 → res_T(−t).
 *   softplus: entry i = log(e^x + 1), x = 16·(i − T/2)/T; index = floor(trunc0(x·T/16)) + T/2 in a 16-bit
 *             ac_int, clamped to [0, T−1] (x·T/16 truncates toward zero at x's LSB, to_int floors).
 *   elu:      x ≥ 0 → res_T(x); else entry i = e^(−8i/T) − 1, index = floor(trunc0(x·T/(−8))) in a 16-bit
 *             ac_int, above T−1 (or wrapped negative) → T−1; res = res_T(res_T(alpha) · table[index]).
 *   selu:     x ≥ 0 → res_T(res_T(λ) · x); else entry λ·(α·(e^x − 1)), index as elu, res_T(table[index]).
 *
 * io_stream (`stream`, hls4ml's Quartus nnet_activation_stream.h; the same tables and cast points): the
 * softplus / elu / selu index is a 32-bit int (no 16-bit ac_int), elu's alpha and selu's λ are data_T
 * constants (converted with data_T's modes) instead of res_T ones. A negative elu / selu index (only from a
 * 32-bit wrap, where hls4ml reads out of bounds) reads the last entry, as in io_parallel.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, fromDoubleBig, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import { castTable } from './tables';
import { allocate, type FixedTensor } from './tensor';

export type QuartusMoreFn = 'softsign' | 'softplus' | 'elu' | 'selu';

export const QUARTUS_MORE_FNS: readonly string[] = ['softsign', 'softplus', 'elu', 'selu'];

const SELU_LAMBDA = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

export function quartusMoreTableValues(fn: QuartusMoreFn, tableSize: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < tableSize; i++) {
    switch (fn) {
      case 'softsign': {
        const c = ((i + 0.5) * 8) / tableSize;
        out.push(c / (1 + c));
        break;
      }
      case 'softplus':
        out.push(Math.log(Math.exp((16 * (i - tableSize / 2)) / tableSize) + 1));
        break;
      case 'elu':
        out.push(Math.exp((-8 * i) / tableSize) - 1);
        break;
      case 'selu':
        out.push(SELU_LAMBDA * (SELU_ALPHA * (Math.exp((-8 * i) / tableSize) - 1)));
        break;
    }
  }
  return out;
}

export function quartusMoreTableText(fn: QuartusMoreFn, tableSize: number): string {
  return `${quartusMoreTableValues(fn, tableSize)
    .map((v) => {
      const s = String(v);
      return /[.e]/.test(s) ? s : `${s}.0`;
    })
    .join(',\n')}\n`;
}

/** floor(trunc0(v·m/d at x's LSB)): the raw v has `frac` fractional bits; m, d integers, d ≠ 0. */
function scaledIndex(v: bigint, frac: number, m: number, d: number): bigint {
  const q = (v * BigInt(m)) / BigInt(d); // raw at x's LSB, truncated toward zero
  return frac >= 0 ? q >> BigInt(frac) : q << BigInt(-frac);
}

export function prepareQuartusMoreActivation(
  fn: QuartusMoreFn,
  xType: FixedType,
  result: FixedType,
  table: FixedType,
  tableSize: number,
  alpha: number,
  counter: OverflowCounter,
  stream = false,
): (x: FixedTensor) => FixedTensor {
  if (!Number.isInteger(tableSize / 16) || tableSize < 16 || tableSize > 2 ** 14) {
    throw new StudioError(
      `table size ${tableSize} does not suit the Quartus ${fn} table`,
      'Use a power-of-two table_size between 16 and 16384 (default 1024).',
      { op: fn },
    );
  }
  const fx = fractionalBits(xType);
  const ft = fractionalBits(table);
  const fr = fractionalBits(result);
  const cast = castTable(quartusMoreTableValues(fn, tableSize), table, 'ac');
  const tab = Array.from({ length: tableSize }, (_, i) => BigInt(cast[i]!));
  const last = tableSize - 1;
  const toRes = (raw: bigint, frac: number): bigint => convertRawBigCounted(raw, frac, result, 'ac', counter);
  // |x| is data_T(−x): the negation is converted with data_T's modes, so the most negative value wraps to
  // itself (then reads the last entry) or saturates to the largest one.
  const negSink: OverflowCounter = { count: 0 };
  const wrapX = (v: bigint): bigint => convertRawBigCounted(v, fx, xType, 'ac', negSink);
  // elu's alpha and selu's λ are res_T constants in hls4ml's Quartus templates (data_T ones in io_stream).
  const scaleType = stream ? xType : result;
  const fs = fractionalBits(scaleType);
  const scale = fromDoubleBig(fn === 'selu' ? SELU_LAMBDA : alpha, scaleType, 'ac');
  // The index's width: ac_int<16> in io_parallel, int in io_stream.
  const bits = stream ? 32 : 16;
  const negIndex = (v: bigint): number => {
    const i = Number(BigInt.asIntN(bits, scaledIndex(v, fx, tableSize, -8)));
    return i < 0 || i > last ? last : i;
  };
  const kernel = (v: bigint): bigint => {
    switch (fn) {
      case 'softsign': {
        const a = v < 0n ? wrapX(-v) : v;
        const aScaled = fx >= 0 ? a : a << BigInt(-fx);
        let i: number;
        if (a < 0n || aScaled >= 8n << BigInt(Math.max(fx, 0))) i = last;
        else i = Math.min(Number(scaledIndex(a, fx, tableSize, 8)), last);
        const t = toRes(tab[i]!, ft);
        return v < 0n ? toRes(-t, fr) : t;
      }
      case 'softplus': {
        const round = BigInt.asIntN(bits, scaledIndex(v, fx, tableSize, 16));
        let i = Number(BigInt.asIntN(bits, round + BigInt(tableSize / 2)));
        if (i < 0) i = 0;
        if (i > last) i = last;
        return toRes(tab[i]!, ft);
      }
      case 'elu':
        return v >= 0n ? toRes(v, fx) : toRes(scale * tab[negIndex(v)]!, fs + ft);
      case 'selu':
        return v >= 0n ? toRes(scale * v, fs + fx) : toRes(tab[negIndex(v)]!, ft);
    }
  };
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let i = 0; i < x.raws.length; i++) {
      const r = kernel(BigInt(x.raws[i]!));
      if (narrow) (out.raws as Float64Array)[i] = Number(r);
      else (out.raws as bigint[])[i] = r;
    }
    return out;
  };
}
