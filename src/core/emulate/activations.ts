/**
 * Element-wise activations (fixed-point.md §6.7–6.8): linear, relu, and the table-based sigmoid and tanh
 * with index = clamp(trunc0(x·T/R) + T/2, 0, T−1), R = 16 (sigmoid) or 8 (tanh).
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, makeCaster, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { ActivationFn } from '../ir/graph';
import { sigmoidTable, tanhTable } from './tables';
import { allocate, type FixedTensor } from './tensor';
import { rawRange, setRawRange } from './rawRange';

function store(out: FixedTensor, i: number, v: number | bigint): void {
  if (out.raws instanceof Float64Array) out.raws[i] = Number(v);
  else out.raws[i] = typeof v === 'bigint' ? v : BigInt(v);
}

/** A converter from `srcFrac` into `dst` over number or BigInt raws. */
function caster(srcFrac: number, src: FixedType, dst: FixedType, family: TypeFamily, c: OverflowCounter) {
  const fast = src.width <= 53 && dst.width <= 53 ? makeCaster(srcFrac, dst, family, c) : null;
  return (raw: number | bigint): number | bigint =>
    fast && typeof raw === 'number' ? fast(raw) : convertRawBigCounted(BigInt(raw), srcFrac, dst, family, c);
}

/**
 * Whether every positive raw of `src` is the same raw in `dst`: the same fractional bits, a top value at
 * least as large, and a plain overflow mode (positives never meet SAT_SYM's −2^(W−1) change).
 */
function castKeepsPositives(src: FixedType, dst: FixedType): boolean {
  const top = (t: FixedType): number => 2 ** (t.width - (t.signed ? 1 : 0)) - 1;
  return (
    src.width <= 53 &&
    dst.width <= 53 &&
    dst.satBits === 0 &&
    ['WRAP', 'SAT', 'SAT_ZERO', 'SAT_SYM'].includes(dst.overflow) &&
    fractionalBits(src) === fractionalBits(dst) &&
    top(dst) >= top(src)
  );
}

/** Table index of the Vivado activations; ap `to int` truncates toward zero, ac floors (§7.1). */
export function tableIndex(
  raw: number | bigint,
  frac: number,
  tableSize: number,
  range: number,
  family: TypeFamily,
): number {
  let idx: number;
  if (typeof raw === 'number' && Math.abs(raw * tableSize) < 2 ** 53) {
    const q = (raw * tableSize) / (range * 2 ** frac);
    idx = family === 'ap' ? Math.trunc(q) : Math.floor(q);
  } else {
    const num = BigInt(raw) * BigInt(tableSize);
    const den = BigInt(range) << BigInt(Math.max(frac, 0));
    const scaled = frac < 0 ? num << BigInt(-frac) : num;
    let q = scaled / den;
    if (family === 'ac' && scaled < 0n && q * den !== scaled) q -= 1n;
    idx = Number(q);
  }
  idx += tableSize / 2;
  return Math.min(Math.max(idx, 0), tableSize - 1);
}

export function prepareActivation(
  fn: ActivationFn,
  xType: FixedType,
  result: FixedType,
  table: FixedType,
  tableSize: number,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const fx = fractionalBits(xType);
  const map = (x: FixedTensor, f: (raw: number | bigint) => number | bigint): FixedTensor => {
    const out = allocate(result, x.size, x.samples);
    if (x.raws instanceof Float64Array && out.raws instanceof Float64Array) {
      // The common case, without the per-element type checks of store().
      const xr = x.raws;
      const or = out.raws;
      for (let i = 0; i < xr.length; i++) or[i] = Number(f(xr[i]!));
      return out;
    }
    for (let i = 0; i < x.raws.length; i++) store(out, i, f(x.raws[i]!));
    return out;
  };
  switch (fn) {
    case 'linear': {
      const cast = caster(fx, xType, result, family, counter);
      return (x) => map(x, cast);
    }
    case 'relu': {
      const cast = caster(fx, xType, result, family, counter);
      if (castKeepsPositives(xType, result)) {
        // Every positive input is already its result raw: no cast, no overflow to count.
        return (x) => {
          if (!(x.raws instanceof Float64Array)) return map(x, (v) => (v > 0 ? cast(v) : 0));
          const out = allocate(result, x.size, x.samples);
          const xr = x.raws;
          const or = out.raws as Float64Array;
          if (xType.width <= 31) {
            // Raws are int32: max(v, 0) without a branch (a data-dependent branch mispredicts half the time).
            for (let i = 0; i < xr.length; i++) {
              const v = xr[i]! | 0;
              or[i] = v & ~(v >> 31);
            }
            const range = rawRange(xr);
            if (range) setRawRange(or, range.lo > 0 ? range.lo : 0, range.hi > 0 ? range.hi : 0);
            return out;
          }
          for (let i = 0; i < xr.length; i++) {
            const v = xr[i]!;
            or[i] = v > 0 ? v : 0;
          }
          return out;
        };
      }
      return (x) => map(x, (v) => (v > 0 ? cast(v) : 0));
    }
    case 'sigmoid':
    case 'tanh': {
      const range = fn === 'sigmoid' ? 16 : 8;
      const tab =
        fn === 'sigmoid' ? sigmoidTable(tableSize, table, family) : tanhTable(tableSize, table, family);
      const cast = caster(fractionalBits(table), table, result, family, counter);
      return (x) => map(x, (v) => cast(tab[tableIndex(v, fx, tableSize, range, family)]!));
    }
    default:
      throw new StudioError(
        `the ${fn} activation is not supported by the fixed-point emulator yet`,
        'It arrives with the layer issue.',
        {
          op: fn,
        },
      );
  }
}
