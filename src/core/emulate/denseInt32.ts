/**
 * What every int32 Dense kernel needs around it: the input raws (exact Float64 integers) copied into an
 * Int32Array, the accumulators cast into result_t one by one, the overflow counts added up. The kernel
 * itself (latency order, Resource orders, WebAssembly) only fills the accumulators.
 */
import { fractionalBits, type FixedType } from '../fixed/types';

export type Int32Kernel = (
  x: Int32Array,
  bias: Int32Array,
  acc: Int32Array,
  samples: number,
) => { products: number; sums: number };

export type DenseLoop = (xr: Float64Array, or: Float64Array, samples: number, biasAcc: number[]) => void;

/**
 * Whether casting an int32-path accumulator (signed, at most 30 bits) into `result` changes nothing: the
 * same fractional bits and a range that holds every accumulator value (SAT_SYM's −2^(W−1) included), so
 * no rounding and no overflow. Then the cast is skipped.
 */
export function castKeepsAccum(accum: FixedType, result: FixedType): boolean {
  const modes = ['WRAP', 'SAT', 'SAT_ZERO', 'SAT_SYM'];
  return (
    accum.signed &&
    accum.width <= 30 &&
    result.signed &&
    result.kind === 'fixed' &&
    result.satBits === 0 &&
    modes.includes(result.overflow) &&
    fractionalBits(result) === fractionalBits(accum) &&
    (result.width > accum.width || (result.width === accum.width && result.overflow !== 'SAT_SYM'))
  );
}

export interface Int32Shape {
  /** Product raw → accum_t raw: an arithmetic shift right by d. */
  readonly d: number;
  /** 32 − accum_t width. */
  readonly sh: number;
}

/**
 * The int32 kernels' conditions on the types, or null when they do not hold: |x·w| below 2^31, accum_t a
 * signed WRAP ap_fixed of at most 30 bits, and a product's cast into accum_t a floor (an arithmetic shift).
 */
export function int32Shape(xType: FixedType, wType: FixedType, accum: FixedType): Int32Shape | null {
  const d = fractionalBits(xType) + fractionalBits(wType) - fractionalBits(accum);
  const ok =
    // |x·w| ≤ 2^((Wx−sx)+(Ww−sw)) stays below 2^31
    xType.width - (xType.signed ? 1 : 0) + wType.width - (wType.signed ? 1 : 0) <= 30 &&
    accum.width <= 30 &&
    accum.signed &&
    accum.kind === 'fixed' &&
    accum.satBits === 0 &&
    accum.overflow === 'WRAP' &&
    d >= 0 &&
    d < 31 &&
    (accum.rounding === 'TRN' || d === 0);
  return ok ? { d, sh: 32 - accum.width } : null;
}

/**
 * Inputs and accumulators of the int32 kernels, shared by every layer (kernels run one at a time and
 * never inside one another): a many-layer model runs thousands of small batches without allocating,
 * and a large one holds one layer's buffers, not every layer's.
 */
const scratch = { x: new Int32Array(0), acc: new Int32Array(0) };

/**
 * `preCast` is the profile's tracker of the largest |accumulator|: it is shown only the smallest and
 * the largest accumulator of each batch (one of them has the largest magnitude), not every one.
 */
export function int32Loop(
  nOut: number,
  kernel: Int32Kernel,
  castRes: (raw: number) => number,
  counters: { readonly product: { count: number }; readonly accum: { count: number } },
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
  /** castKeepsAccum(accum_t, result_t): the accumulators are the result raws. */
  keepsAccum = false,
): DenseLoop {
  let biasOf: number[] | null = null;
  let bias = new Int32Array(0);
  return (xr, or, samples, biasAcc) => {
    if (scratch.x.length < xr.length) scratch.x = new Int32Array(xr.length);
    const xbuf = scratch.x;
    for (let k = 0; k < xr.length; k++) xbuf[k] = xr[k]!;
    const total = samples * nOut;
    if (scratch.acc.length < total) scratch.acc = new Int32Array(total);
    const acc = scratch.acc;
    if (biasOf !== biasAcc) {
      bias = Int32Array.from(biasAcc);
      biasOf = biasAcc;
    }
    const n = kernel(xbuf, bias, acc, samples);
    counters.product.count += n.products;
    counters.accum.count += n.sums;
    // One pass: the results, and where the smallest and largest accumulators are.
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < total; k++) {
      const a = acc[k]!;
      or[k] = keepsAccum ? a : castRes(a);
      if (a < acc[lo]!) lo = k;
      else if (a > acc[hi]!) hi = k;
    }
    if (preCast && total > 0) {
      preCast(Math.floor(lo / nOut), lo % nOut, acc[lo]!);
      preCast(Math.floor(hi / nOut), hi % nOut, acc[hi]!);
    }
  };
}
