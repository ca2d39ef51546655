/**
 * The Quartus / oneAPI stable softmax (fixed-point.md §7.2), on ac_fixed types:
 *
 *   d_i = x_i − max(x) stored in ac_fixed<W,I,true,AC_RND,AC_SAT> (W, I of the input)
 *   index_i = bits W−2 … W−1−N of d_i (N = log2 T; sign bit skipped); 1 if d_i ≠ 0 and the slice is 0
 *   e_i = exp_table[index_i] in exp_table_t;  S = balanced tree sum of e in exp_table_t
 *   inv = invert_table[bits We−2 … We−1−N of S] in inv_table_t;  y_i = cast_res(e_i · inv)
 *
 * Tables are generated in float64 as hls4ml's Python writer does, rounded with round(v, 12), and stored
 * in the softmax config's table_t, which is the base activ_config's `ac_fixed<16,8>` (TRN, WRAP):
 * exp entry i > 0 is exp(−2^(I−1) + i·2^(I−1−N)), entry 0 is exp(0) = 1; invert entry i is
 * 1/(i·2^(Ie−1−N)), entry 0 is the largest double (which wraps to 0 in ac_fixed<16,8>). The writer
 * takes I from the input type and Ie from exp_table_t only when the layer is literally named
 * `softmax`; otherwise it uses I = 6 and Ie = 8 (fixed<16,6> / fixed<18,8>) — reproduced here.
 */
import { StudioError } from '../errors';
import { formatDecimal } from '../fixed/decimal';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, makeFixed, type FixedType } from '../fixed/types';
import { castTable } from './tables';
import { allocate, type FixedTensor } from './tensor';

/** The softmax table_t of the Quartus templates (activ_config's default). */
export const QUARTUS_SOFTMAX_TABLE_T = makeFixed(16, 8, true);

export const round12 = (v: number): number => Number(formatDecimal(v, 12));

export interface QuartusSoftmaxTypes {
  readonly result: FixedType;
  readonly expTable: FixedType;
  readonly invTable: FixedType;
}

export function log2Exact(tableSize: number, layerName: string): number {
  const n = Math.log2(tableSize);
  if (!Number.isInteger(n) || n < 1) {
    throw new StudioError(`softmax table size ${tableSize} is not a power of two`, 'Use e.g. 1024.', {
      node: layerName,
      op: 'Softmax',
    });
  }
  return n;
}

/** The float64 table entries (after round(v, 12)) that the .tb files hold. */
export function quartusSoftmaxTableValues(
  layerName: string,
  xType: FixedType,
  expTable: FixedType,
  tableSize: number,
): { exp: number[]; invert: number[] } {
  const n = log2Exact(tableSize, layerName);
  const named = layerName === 'softmax';
  const i = named ? xType.integer : 6;
  const ie = named ? expTable.integer : 8;
  const exp: number[] = [];
  const invert: number[] = [];
  for (let k = 0; k < tableSize; k++) {
    exp.push(round12(k === 0 ? 1 : Math.exp(-(2 ** (i - 1)) + k * 2 ** (i - 1 - n))));
    invert.push(round12(k === 0 ? 1.7976931348623157e308 : 1 / (k * 2 ** (ie - 1 - n))));
  }
  return { exp, invert };
}

/** Text of a .tb file: one float64 per line, shortest round-trip decimal. */
export function tableFileText(values: readonly number[]): string {
  return `${values
    .map((v) => {
      const s = String(v);
      return /[.e]/.test(s) ? s : `${s}.0`;
    })
    .join(',\n')}\n`;
}

export function treeSum(v: bigint[], lo: number, hi: number, t: FixedType, c: OverflowCounter): bigint {
  const n = hi - lo;
  if (n === 1) return v[lo]!;
  const f = fractionalBits(t);
  if (n === 2) return convertRawBigCounted(v[lo]! + v[lo + 1]!, f, t, 'ac', c);
  const split = 2 ** Math.floor(Math.log2(n - 1));
  return convertRawBigCounted(
    treeSum(v, lo, lo + split, t, c) + treeSum(v, lo + split, hi, t, c),
    f,
    t,
    'ac',
    c,
  );
}

/** Bits w−2 … w−1−n of the w-bit pattern of raw, as an unsigned integer. */
function slice(raw: bigint, w: number, n: number): number {
  const lsb = w - 1 - n;
  const p = BigInt.asUintN(w, raw);
  const s = lsb >= 0 ? p >> BigInt(lsb) : p << BigInt(-lsb);
  return Number(s & ((1n << BigInt(n)) - 1n));
}

export function prepareQuartusSoftmax(
  layerName: string,
  xType: FixedType,
  sliceLength: number,
  t: QuartusSoftmaxTypes,
  tableSize: number,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const n = log2Exact(tableSize, layerName);
  if (n > xType.width - 1 || n > t.expTable.width - 1) {
    throw new StudioError(
      `softmax table size ${tableSize} needs more than ${Math.min(xType.width, t.expTable.width) - 1} index bits`,
      'The Quartus softmax indexes with the bits below the sign bit: use a table of at most 2^(W−1) entries.',
      { node: layerName, op: 'Softmax' },
    );
  }
  const { exp, invert } = quartusSoftmaxTableValues(layerName, xType, t.expTable, tableSize);
  const ft = fractionalBits(QUARTUS_SOFTMAX_TABLE_T);
  const fe = fractionalBits(t.expTable);
  const fi = fractionalBits(t.invTable);
  const sink: OverflowCounter = { count: 0 };
  const big = (vals: number[]): bigint[] => {
    const tab = castTable(vals, QUARTUS_SOFTMAX_TABLE_T, 'ac');
    const out: bigint[] = [];
    for (let k = 0; k < tab.length; k++) out.push(BigInt(tab[k]!));
    return out;
  };
  const expRes = big(exp).map((r) => convertRawBigCounted(r, ft, t.expTable, 'ac', sink));
  const invRes = big(invert).map((r) => convertRawBigCounted(r, ft, t.invTable, 'ac', sink));
  const dType = makeFixed(xType.width, xType.integer, true, 'RND', 'SAT');
  const fx = fractionalBits(xType);
  return (x) => {
    const out = allocate(t.result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let base = 0; base < x.raws.length; base += sliceLength) {
      const xs: bigint[] = [];
      for (let k = 0; k < sliceLength; k++) xs.push(BigInt(x.raws[base + k]!));
      const max = xs.reduce((m, v) => (v > m ? v : m), xs[0]!);
      const e = xs.map((v) => {
        const d = convertRawBigCounted(v - max, fx, dType, 'ac', sink);
        let idx = slice(d, dType.width, n);
        if (d !== 0n && idx === 0) idx = 1;
        return expRes[idx]!;
      });
      const sum = treeSum(e, 0, e.length, t.expTable, sink);
      const inv = invRes[slice(sum, t.expTable.width, n)]!;
      e.forEach((v, k) => {
        const r = convertRawBigCounted(v * inv, fe + fi, t.result, 'ac', counter);
        if (narrow) (out.raws as Float64Array)[base + k] = Number(r);
        else (out.raws as bigint[])[base + k] = r;
      });
    }
    return out;
  };
}
