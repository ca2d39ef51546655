/**
 * The Quartus / oneAPI flavour of the table activations (fixed-point.md §7.2): symmetric, bin-centred
 * tables generated in float64 (as hls4ml's Python writer does, then written to activation_tables/*.tb
 * and cast to table_t by the C++ compiler), indexed with |x|.
 *
 *   sigmoid: range 8, entry i = 1/(1+e^(−c_i)), c_i = (i+½)·8/T; t = cast_res(table[index]);
 *            res = x < 0 ? cast_res(1 − t) : t
 *   tanh:    (hls4ml's dense_tanh) range 4, entry tanh(c_i), c_i = (i+½)·4/T; res = x < 0 ? cast_res(−t) : t
 *
 * a = data_T(−x) for negative x (with data_T's modes: wraps or saturates), index = floor(a·T/R) (ac to_int floors; a ≥ 0 here), and any
 * index outside [0, T−1] reads entry T−1. hls4ml reads out of bounds for a == R exactly and for the most
 * negative input (whose negation wraps to itself); HLS Studio does not reproduce that defect: both read
 * the last entry, in this emulator and in our C++ (hls/quartus_nnet_utils/nnet_activation.h).
 * Linear and relu are the same as Vivado's and are not handled here.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { ActivationFn } from '../ir/graph';
import { castTable } from './tables';
import { allocate, type FixedTensor } from './tensor';

export type QuartusTableFn = 'sigmoid' | 'tanh';

export const QUARTUS_TABLE_RANGE: Record<QuartusTableFn, number> = { sigmoid: 8, tanh: 4 };

/** The float64 entries hls4ml's writer computes (also what the .tb files hold). */
export function quartusTableValues(fn: QuartusTableFn, tableSize: number): number[] {
  const range = QUARTUS_TABLE_RANGE[fn];
  const out: number[] = [];
  for (let i = 0; i < tableSize; i++) {
    const c = ((i + 0.5) * range) / tableSize;
    out.push(fn === 'sigmoid' ? 1 / (1 + Math.exp(-c)) : Math.tanh(c));
  }
  return out;
}

/** Text of activation_tables/<fn>_table.tb: the float64 entries, shortest round-trip decimal, one per line. */
export function quartusTableText(fn: QuartusTableFn, tableSize: number): string {
  return `${quartusTableValues(fn, tableSize)
    .map((v) => {
      const s = String(v);
      return /[.e]/.test(s) ? s : `${s}.0`;
    })
    .join(',\n')}\n`;
}

/** floor(raw · 2^−frac · m) for a non-negative raw, m a positive integer. */
function floorScaled(raw: bigint, frac: number, m: number): bigint {
  const p = raw * BigInt(m);
  return frac >= 0 ? p >> BigInt(frac) : p << BigInt(-frac);
}

/**
 * The Quartus kernel for sigmoid/tanh, or null when `fn` has no Quartus-specific behaviour; `stream` picks
 * the io_stream kernel's sign handling (x ≤ 0 → 1 − entry / −entry straight from table_t).
 */
export function prepareQuartusActivation(
  fn: ActivationFn,
  xType: FixedType,
  result: FixedType,
  table: FixedType,
  tableSize: number,
  counter: OverflowCounter,
  stream = false,
): ((x: FixedTensor) => FixedTensor) | null {
  if (fn !== 'sigmoid' && fn !== 'tanh') return null;
  const range = QUARTUS_TABLE_RANGE[fn];
  const perUnit = tableSize / range;
  if (!Number.isInteger(perUnit) || perUnit < 1) {
    throw new StudioError(
      `table size ${tableSize} is not a multiple of the ${fn} table range ${range}`,
      'Use a power-of-two table_size of at least 8 (default 1024).',
      { op: fn },
    );
  }
  const fx = fractionalBits(xType);
  const ft = fractionalBits(table);
  const fr = fractionalBits(result);
  const cast = castTable(quartusTableValues(fn, tableSize), table, 'ac');
  const tab: bigint[] = [];
  for (let i = 0; i < cast.length; i++) tab.push(BigInt(cast[i]!));
  // |x| is data_T(−x): the negation is converted with data_T's modes, so the most negative value wraps to
  // itself (then reads the last entry) or saturates to the largest one.
  const negSink: OverflowCounter = { count: 0 };
  const wrapX = (v: bigint): bigint => convertRawBigCounted(v, fx, xType, 'ac', negSink);
  const limit = BigInt(range) << BigInt(Math.max(fx, 0));
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let i = 0; i < x.raws.length; i++) {
      const v = BigInt(x.raws[i]!);
      const neg = v < 0n;
      const a = neg ? wrapX(-v) : v;
      let index: number;
      // a > R (compared exactly) or a negative wrap-around reads the last entry.
      const aScaled = fx >= 0 ? a : a << BigInt(-fx);
      if (a < 0n || aScaled >= limit) index = tableSize - 1;
      else index = Math.min(Number(floorScaled(a, fx, perUnit)), tableSize - 1);
      let r: bigint;
      if (stream) {
        // hls4ml's Quartus stream kernel: only x > 0 takes the entry as is; otherwise 1 − entry / −entry,
        // exact from the table_t entry, then one cast (quartusStream.ts).
        const e = tab[index]!;
        const f = Math.max(ft, 0);
        const ee = e << BigInt(f - ft);
        if (v > 0n) r = convertRawBigCounted(e, ft, result, 'ac', counter);
        else if (fn === 'sigmoid') r = convertRawBigCounted((1n << BigInt(f)) - ee, f, result, 'ac', counter);
        else r = convertRawBigCounted(-ee, f, result, 'ac', counter);
        if (narrow) (out.raws as Float64Array)[i] = Number(r);
        else (out.raws as bigint[])[i] = r;
        continue;
      }
      const t = convertRawBigCounted(tab[index]!, ft, result, 'ac', counter);
      if (!neg) r = t;
      else if (fn === 'sigmoid') {
        // 1 − t exactly, at t's fractional bits (fr may be negative: align both to max(fr, 0)).
        const f = Math.max(fr, 0);
        const one = 1n << BigInt(f);
        const tt = t << BigInt(f - fr);
        r = convertRawBigCounted(one - tt, f, result, 'ac', counter);
      } else {
        r = convertRawBigCounted(-t, fr, result, 'ac', counter);
      }
      if (narrow) (out.raws as Float64Array)[i] = Number(r);
      else (out.raws as bigint[])[i] = r;
    }
    return out;
  };
}
