/**
 * The Quartus / oneAPI latency and legacy softmax (fixed-point.md §7.2), on ac_fixed types. Tables are
 * float64 as hls4ml's Python writer makes them, written to activation_tables/*.tb and stored in the
 * softmax config's table_t, the base activ_config's `ac_fixed<16,8>` (TRN, WRAP), like the stable ones.
 *
 * latency: index_i = the top N = log2 T bits of x_i's bit pattern (sign bit included);
 *   e_i = exp_table[index_i] in exp_table_t; S = balanced tree sum in exp_table_t;
 *   inv = invert_table[top N bits of S] in inv_table_t; y_i = res_T(e_i · inv).
 *   Entry k of the exp table is round(exp(v), 12) of the value v whose top N bits are k (the rest 0) in
 *   the input type (W, I, signedness); the invert table does the same with 1/v in exp_table_t (v = 0 →
 *   the largest double). As for stable, the writer takes those types only when the layer is literally
 *   named `softmax`, otherwise ac_fixed<16,6> and ac_fixed<18,8>.
 * legacy: r_i = floor(trunc0(x_i · T / 16)) (ac to_int floors); for each i, s = 0 in exp_table_t, and for
 *   each j in order s += 1 (j = i) or s += exp_table_t(exp_table[clamp(r_j − r_i + T/2)]), cast to
 *   exp_table_t at every step; y_i = res_T(invert_table[clamp(floor(trunc0(s · T / 64)))]) (the table_t
 *   entry straight to res_T). Entries exp(16(k − T/2)/T) and 64k/T → its inverse (0 for k = 0).
 * legacy, io_stream (`stream`; hls4ml's Quartus nnet_activation_stream.h, one word = the 1-d input): the
 *   index takes the exact difference, clamp(floor(trunc0((x_j − x_i) · T / 16)) + T/2), and s sums the
 *   table_t entries in table_t (1 for j = i), cast to table_t at every step (no exp_table_t); the output
 *   rule is the same.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, makeFixed, type FixedType } from '../fixed/types';
import { QUARTUS_SOFTMAX_TABLE_T, log2Exact, round12, treeSum } from './quartusSoftmax';
import { castTable } from './tables';
import { allocate, type FixedTensor } from './tensor';

const MAX_DOUBLE = 1.7976931348623157e308;

/** The value whose top n bits (of w) are k, in a type of width w, integer bits i (two's complement if signed). */
function topBitsValue(k: number, n: number, w: number, i: number, signed: boolean): number {
  const pattern = BigInt(k) << BigInt(w - n);
  const raw = signed ? BigInt.asIntN(w, pattern) : pattern;
  return Number(raw) * 2 ** (i - w);
}

function writerType(layerName: string, t: FixedType, fallback: FixedType): FixedType {
  return layerName === 'softmax' ? t : fallback;
}

/** The float64 entries of exp_table_latency / invert_table_latency. */
export function quartusLatencyTableValues(
  layerName: string,
  xType: FixedType,
  expTable: FixedType,
  tableSize: number,
): { exp: number[]; invert: number[] } {
  const n = log2Exact(tableSize, layerName);
  const xt = writerType(layerName, xType, makeFixed(16, 6, true));
  const et = writerType(layerName, expTable, makeFixed(18, 8, true));
  for (const t of [xt, et]) {
    if (t.integer < 1 || n > t.width) {
      throw new StudioError(
        `the latency softmax tables cannot be built from ${t.signed ? '' : 'u'}fixed<${t.width},${t.integer}>`,
        'hls4ml builds them from the input and exp_table types, which need an integer bit and at least ' +
          'log2(table_size) bits: widen the type or use a smaller table.',
        { node: layerName, op: 'Softmax' },
      );
    }
  }
  const exp: number[] = [];
  const invert: number[] = [];
  for (let k = 0; k < tableSize; k++) {
    const e = Math.exp(topBitsValue(k, n, xt.width, xt.integer, xt.signed));
    exp.push(round12(Number.isFinite(e) ? e : MAX_DOUBLE));
    const v = topBitsValue(k, n, et.width, et.integer, et.signed);
    invert.push(round12(v !== 0 ? 1 / v : MAX_DOUBLE));
  }
  return { exp, invert };
}

/** The float64 entries of exp_table_legacy / invert_table_legacy. */
export function quartusLegacyTableValues(tableSize: number): { exp: number[]; invert: number[] } {
  const exp: number[] = [];
  const invert: number[] = [];
  for (let k = 0; k < tableSize; k++) {
    exp.push(Math.exp((16 * (k - tableSize / 2)) / tableSize));
    const v = (64 * k) / tableSize;
    invert.push(v > 0 ? 1 / v : 0);
  }
  return { exp, invert };
}

export interface QuartusSoftmaxVariantTypes {
  readonly result: FixedType;
  readonly expTable: FixedType;
  readonly invTable: FixedType;
}

/** Raw table_t entries of a float64 table. */
function stored(values: number[]): bigint[] {
  const tab = castTable(values, QUARTUS_SOFTMAX_TABLE_T, 'ac');
  return Array.from({ length: values.length }, (_, k) => BigInt(tab[k]!));
}

/** Top n bits of the w-bit pattern of raw, unsigned. */
function topBits(raw: bigint, w: number, n: number): number {
  return Number(BigInt.asUintN(w, raw) >> BigInt(w - n));
}

/** floor(trunc0(v·m/d at v's LSB)) as ac's to_int gives it (low 32 bits). */
function scaledInt(v: bigint, frac: number, m: number, d: number): number {
  const q = (v * BigInt(m)) / BigInt(d);
  return Number(BigInt.asIntN(32, frac >= 0 ? q >> BigInt(frac) : q << BigInt(-frac)));
}

export function prepareQuartusSoftmaxVariant(
  implementation: 'latency' | 'legacy',
  layerName: string,
  xType: FixedType,
  sliceLength: number,
  t: QuartusSoftmaxVariantTypes,
  tableSize: number,
  counter: OverflowCounter,
  stream = false,
): (x: FixedTensor) => FixedTensor {
  const n = log2Exact(tableSize, layerName);
  const ft = fractionalBits(QUARTUS_SOFTMAX_TABLE_T);
  const fe = fractionalBits(t.expTable);
  const fi = fractionalBits(t.invTable);
  const fx = fractionalBits(xType);
  const sink: OverflowCounter = { count: 0 };
  const toExp = (raw: bigint, frac: number): bigint =>
    convertRawBigCounted(raw, frac, t.expTable, 'ac', sink);
  let row: (xs: bigint[]) => bigint[];
  if (implementation === 'latency') {
    if (n > xType.width || n > t.expTable.width) {
      throw new StudioError(
        `softmax table size ${tableSize} needs more than ${Math.min(xType.width, t.expTable.width)} index bits`,
        'The Quartus latency softmax indexes with the top bits: use a table of at most 2^W entries.',
        { node: layerName, op: 'Softmax' },
      );
    }
    const v = quartusLatencyTableValues(layerName, xType, t.expTable, tableSize);
    const expRes = stored(v.exp).map((r) => toExp(r, ft));
    const invRes = stored(v.invert).map((r) => convertRawBigCounted(r, ft, t.invTable, 'ac', sink));
    row = (xs) => {
      const e = xs.map((x) => expRes[topBits(x, xType.width, n)]!);
      const inv = invRes[topBits(treeSum(e, 0, e.length, t.expTable, sink), t.expTable.width, n)]!;
      return e.map((ei) => convertRawBigCounted(ei * inv, fe + fi, t.result, 'ac', counter));
    };
  } else {
    const v = quartusLegacyTableValues(tableSize);
    const expRes = stored(v.exp).map((r) => toExp(r, ft));
    const invRaw = stored(v.invert);
    const last = tableSize - 1;
    const clamp = (k: number): number => (k < 0 ? 0 : k > last ? last : k);
    // 1 and the accumulator on a common grid.
    const f1 = Math.max(fe, 0);
    const one = 1n << BigInt(f1);
    const up = BigInt(f1 - fe);
    const toTable = (raw: bigint): bigint =>
      convertRawBigCounted(raw, ft, QUARTUS_SOFTMAX_TABLE_T, 'ac', sink);
    const tab = stored(v.exp);
    const streamRow = (xs: bigint[]): bigint[] =>
      xs.map((xi, i) => {
        let s = 0n;
        for (let j = 0; j < xs.length; j++) {
          // int + unsigned T/2 wraps at 32 bits (only for a difference near 2^31)
          const k = Number(
            BigInt.asIntN(32, BigInt(scaledInt(xs[j]! - xi, fx, tableSize, 16) + tableSize / 2)),
          );
          s = toTable(s + (i === j ? 1n << BigInt(ft) : tab[clamp(k)]!));
        }
        return convertRawBigCounted(
          invRaw[clamp(scaledInt(s, ft, tableSize, 64))]!,
          ft,
          t.result,
          'ac',
          counter,
        );
      });
    row = (xs) => {
      if (stream) return streamRow(xs);
      const r = xs.map((x) => scaledInt(x, fx, tableSize, 16));
      return xs.map((_, i) => {
        let s = 0n;
        for (let j = 0; j < xs.length; j++) {
          s =
            i === j
              ? toExp((s << up) + one, f1)
              : toExp(s + expRes[clamp(r[j]! - r[i]! + tableSize / 2)]!, fe);
        }
        const k = clamp(scaledInt(s, fe, tableSize, 64));
        return convertRawBigCounted(invRaw[k]!, ft, t.result, 'ac', counter);
      });
    };
  }
  return (x) => {
    const out = allocate(t.result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let base = 0; base < x.raws.length; base += sliceLength) {
      const xs: bigint[] = [];
      for (let k = 0; k < sliceLength; k++) xs.push(BigInt(x.raws[base + k]!));
      row(xs).forEach((y, k) => {
        if (narrow) (out.raws as Float64Array)[base + k] = Number(y);
        else (out.raws as bigint[])[base + k] = y;
      });
    }
    return out;
  };
}
