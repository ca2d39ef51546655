/**
 * Softmax, Vivado/Vitis flavour (fixed-point.md §6.8.4): stable (default), latency, legacy and argmax.
 * Tables are indexed by the top log2(size) bits of a value's raw pattern; sums use the balanced adder
 * tree with a cast at every node. All arithmetic is on BigInt raws: softmax slices are short, and the
 * tables make the intermediate widths depend on user types.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, makeCaster, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { SoftmaxSettings } from '../passes/lowered';
import { expf } from './libmFloat32';
import { castTable } from './tables';
import { allocate, rawAsBig, type FixedTensor } from './tensor';

const f32 = Math.fround;

export interface SoftmaxTypes {
  readonly result: FixedType;
  readonly table: FixedType;
  readonly expTable: FixedType;
  readonly invTable: FixedType;
  readonly invInp: FixedType;
  readonly accum: FixedType;
  readonly inpNorm: FixedType | null;
}

function log2Exact(size: number, what: string, layer: string): number {
  const n = Math.log2(size);
  if (!Number.isInteger(n)) {
    throw new StudioError(`${what} size ${size} is not a power of two`, 'Use a power-of-two table size.', {
      node: layer,
      op: 'Softmax',
    });
  }
  return n;
}

/** idx(x): the top `bits` bits of x's W-bit raw pattern, read as unsigned. */
function topBits(raw: bigint, t: FixedType, bits: number): number {
  const pattern = BigInt.asUintN(t.width, raw);
  return Number(pattern >> BigInt(t.width - bits));
}

/** val_T(i): the value whose top `bits` bits are i and lower bits 0, as a double (exact for W ≤ 53). */
function valueFromIndex(i: number, t: FixedType, bits: number): number {
  let raw = BigInt(i) << BigInt(t.width - bits);
  if (t.signed) raw = BigInt.asIntN(t.width, raw);
  return Number(raw) * 2 ** -fractionalBits(t);
}

function bigTable(values: number[], t: FixedType, family: TypeFamily): bigint[] {
  const tab = castTable(values, t, family);
  return tab instanceof Float64Array ? Array.from(tab, (v) => BigInt(v)) : tab;
}

/** Balanced tree sum with a cast into `t` at every node (n=2 → cast(v0+v1); split at 2^floor(log2(n−1))). */
function treeSum(
  v: bigint[],
  lo: number,
  hi: number,
  t: FixedType,
  family: TypeFamily,
  c: OverflowCounter,
): bigint {
  const n = hi - lo;
  if (n === 1) return v[lo]!;
  const f = fractionalBits(t);
  if (n === 2) return convertRawBigCounted(v[lo]! + v[lo + 1]!, f, t, family, c);
  const split = 2 ** Math.floor(Math.log2(n - 1));
  const a = treeSum(v, lo, lo + split, t, family, c);
  const b = treeSum(v, lo + split, hi, t, family, c);
  return convertRawBigCounted(a + b, f, t, family, c);
}

export function prepareSoftmax(
  layerName: string,
  xType: FixedType,
  sliceLength: number,
  t: SoftmaxTypes,
  settings: SoftmaxSettings,
  tableSize: number,
  family: TypeFamily,
  counters: { result: OverflowCounter; accum: OverflowCounter },
  /** Tests use this to check the number fast path against the BigInt reference path. */
  bigIntOnly = false,
): (x: FixedTensor) => FixedTensor {
  const n = sliceLength;
  const fx = fractionalBits(xType);
  /** Run `body` over every slice of a batch, writing results through `put`. */
  const over =
    (body: (x: FixedTensor, base: number, put: (i: number, v: bigint) => void) => void) =>
    (x: FixedTensor): FixedTensor => {
      const out = allocate(t.result, x.size, x.samples);
      const put = (i: number, v: bigint): void => {
        if (out.raws instanceof Float64Array) out.raws[i] = Number(v);
        else out.raws[i] = v;
      };
      const slices = (x.size / n) * x.samples;
      for (let s = 0; s < slices; s++) body(x, s * n, put);
      return out;
    };
  const cast = (raw: bigint, frac: number, dst: FixedType, c: OverflowCounter): bigint =>
    convertRawBigCounted(raw, frac, dst, family, c);
  const scratch = { count: 0 };

  if (settings.implementation === 'argmax') {
    const one = cast(1n, 0, t.result, counters.result);
    return over((x, base, put) => {
      let best = 0;
      for (let i = 1; i < n; i++) if (rawAsBig(x, base + i) > rawAsBig(x, base + best)) best = i;
      for (let i = 0; i < n; i++) put(base + i, i === best ? one : 0n);
    });
  }

  if (settings.implementation === 'legacy') {
    const T = tableSize;
    const expTab = bigTable(
      Array.from({ length: T }, (_, i) => expf(f32((16 * (i - T / 2)) / T))),
      t.table,
      family,
    );
    const invTab = bigTable(
      Array.from({ length: T }, (_, i) => (i === 0 ? 0 : 1.0 / f32((64 * i) / T))),
      t.table,
      family,
    );
    const ft = fractionalBits(t.table);
    const clampIdx = (q: bigint): number => Math.min(Math.max(Number(q), 0), T - 1);
    const one = cast(1n, 0, t.table, scratch);
    return over((x, base, put) => {
      for (let i = 0; i < n; i++) {
        let acc = 0n;
        for (let j = 0; j < n; j++) {
          let term: bigint;
          if (j === i) term = one;
          else {
            const diff = rawAsBig(x, base + j) - rawAsBig(x, base + i); // frac fx
            // trunc0((x_j − x_i)·T/16) + T/2, clamped
            const num = diff * BigInt(T);
            const den = 16n << BigInt(Math.max(fx, 0));
            const q = (fx < 0 ? num << BigInt(-fx) : num) / den;
            term = expTab[clampIdx(q + BigInt(T / 2))]!;
          }
          acc = cast(acc + term, ft, t.table, scratch);
        }
        const num = acc * BigInt(T);
        const den = 64n << BigInt(Math.max(ft, 0));
        const q = (ft < 0 ? num << BigInt(-ft) : num) / den;
        put(base + i, cast(invTab[clampIdx(q)]!, ft, t.result, counters.result));
      }
    });
  }

  const expSize = settings.expTableSize;
  const invSize = settings.invTableSize;
  const nExp = log2Exact(expSize, 'exp table', layerName);
  const nInv = log2Exact(invSize, 'inverse table', layerName);
  const stable = settings.implementation === 'stable';
  const idxType = stable ? t.inpNorm! : xType;
  if (nExp > idxType.width || nInv > t.invInp.width) {
    throw new StudioError(
      `softmax table of ${expSize} entries needs ${nExp} index bits but the indexed type has ${idxType.width}`,
      'Use a smaller table size or wider types.',
      { node: layerName, op: 'Softmax' },
    );
  }
  const expVals: number[] = [];
  for (let i = 0; i < expSize; i++) {
    const v = f32(valueFromIndex(i, idxType, nExp));
    expVals.push(expf(stable ? -v : v));
  }
  const expTab = bigTable(expVals, t.expTable, family);
  const invVals: number[] = [];
  for (let i = 0; i < invSize; i++) invVals.push(f32(1 / f32(valueFromIndex(i, t.invInp, nInv))));
  const invTab = bigTable(invVals, t.invTable, family);
  const fe = fractionalBits(t.expTable);
  const fa = fractionalBits(t.accum);
  const fi = fractionalBits(t.invTable);

  const fast = bigIntOnly
    ? null
    : numberSoftmax(xType, idxType, t, n, nExp, nInv, stable, expTab, invTab, family, counters);
  if (fast) return fast;
  const e: bigint[] = new Array<bigint>(n).fill(0n);
  return over((x, base, put) => {
    let m = 0n;
    if (stable) {
      m = rawAsBig(x, base);
      for (let i = 1; i < n; i++) {
        const v = rawAsBig(x, base + i);
        if (v > m) m = v;
      }
    }
    for (let i = 0; i < n; i++) {
      const xi = rawAsBig(x, base + i);
      const key = stable ? cast(m - xi, fx, t.inpNorm!, scratch) : xi;
      e[i] = cast(expTab[topBits(key, idxType, nExp)]!, fe, t.accum, counters.accum);
    }
    const sum = cast(treeSum(e, 0, n, t.accum, family, counters.accum), fa, t.invInp, scratch);
    const inv = invTab[topBits(sum, t.invInp, nInv)]!;
    for (let i = 0; i < n; i++) put(base + i, cast(e[i]! * inv, fa + fi, t.result, counters.result));
  });
}

/**
 * The stable/latency softmax on number raws, for the usual case where every intermediate fits in 53
 * bits (the default 18-bit tables do). Same steps and casts as the BigInt version above.
 */
function numberSoftmax(
  xType: FixedType,
  idxType: FixedType,
  t: SoftmaxTypes,
  n: number,
  nExp: number,
  nInv: number,
  stable: boolean,
  expTab: bigint[],
  invTab: bigint[],
  family: TypeFamily,
  counters: { result: OverflowCounter; accum: OverflowCounter },
): ((x: FixedTensor) => FixedTensor) | null {
  const types = [xType, idxType, t.result, t.accum, t.invInp, t.expTable, t.invTable];
  if (types.some((ty) => ty.width > 52) || t.accum.width + t.invTable.width > 53) return null;
  const scratch = { count: 0 };
  const fx = fractionalBits(xType);
  const fa = fractionalBits(t.accum);
  const castNorm = stable ? makeCaster(fx, idxType, family, scratch) : (v: number) => v;
  const castAcc = makeCaster(fractionalBits(t.expTable), t.accum, family, counters.accum);
  const castSum = makeCaster(fa, t.accum, family, counters.accum);
  const castInvInp = makeCaster(fa, t.invInp, family, scratch);
  const castRes = makeCaster(fa + fractionalBits(t.invTable), t.result, family, counters.result);
  const exp = Float64Array.from(expTab, Number);
  const inv = Float64Array.from(invTab, Number);
  const top = (raw: number, ty: FixedType, bits: number): number =>
    Math.floor((raw < 0 ? raw + 2 ** ty.width : raw) / 2 ** (ty.width - bits));
  const tree = (v: Float64Array, lo: number, hi: number): number => {
    const m = hi - lo;
    if (m === 1) return v[lo]!;
    if (m === 2) return castSum(v[lo]! + v[lo + 1]!);
    const split = 2 ** Math.floor(Math.log2(m - 1));
    return castSum(tree(v, lo, lo + split) + tree(v, lo + split, hi));
  };
  const e = new Float64Array(n);
  return (x) => {
    const out = allocate(t.result, x.size, x.samples);
    const xr = x.raws as Float64Array;
    const or = out.raws as Float64Array;
    const slices = (x.size / n) * x.samples;
    for (let s = 0; s < slices; s++) {
      const base = s * n;
      let m = xr[base]!;
      if (stable) for (let i = 1; i < n; i++) if (xr[base + i]! > m) m = xr[base + i]!;
      for (let i = 0; i < n; i++) {
        const key = stable ? castNorm(m - xr[base + i]!) : xr[base + i]!;
        e[i] = castAcc(exp[top(key, idxType, nExp)]!);
      }
      const sum = castInvInp(tree(e, 0, n));
      const k = inv[top(sum, t.invInp, nInv)]!;
      for (let i = 0; i < n; i++) or[base + i] = castRes(e[i]! * k);
    }
    return out;
  };
}
