/**
 * What every int32 Dense kernel needs around it: the input raws (exact Float64 integers) copied into an
 * Int32Array, the accumulators cast into result_t one by one, the overflow counts added up. The kernel
 * itself (latency order, Resource orders, WebAssembly) only fills the accumulators.
 */
export type Int32Kernel = (
  x: Int32Array,
  bias: Int32Array,
  acc: Int32Array,
  samples: number,
) => { products: number; sums: number };

export type DenseLoop = (xr: Float64Array, or: Float64Array, samples: number, biasAcc: number[]) => void;

export function int32Loop(
  nOut: number,
  kernel: Int32Kernel,
  castRes: (raw: number) => number,
  counters: { readonly product: { count: number }; readonly accum: { count: number } },
  preCast?: (sample: number, out: number, accRaw: number | bigint) => void,
): DenseLoop {
  let xbuf = new Int32Array(0);
  return (xr, or, samples, biasAcc) => {
    if (xbuf.length < xr.length) xbuf = new Int32Array(xr.length);
    for (let k = 0; k < xr.length; k++) xbuf[k] = xr[k]!;
    const acc = new Int32Array(samples * nOut);
    const n = kernel(xbuf, Int32Array.from(biasAcc), acc, samples);
    counters.product.count += n.products;
    counters.accum.count += n.sums;
    for (let k = 0; k < acc.length; k++) {
      if (preCast) preCast(Math.floor(k / nOut), k % nOut, acc[k]!);
      or[k] = castRes(acc[k]!);
    }
  };
}
