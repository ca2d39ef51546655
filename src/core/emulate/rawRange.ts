/**
 * The smallest and largest raw of a kernel's output, when the kernel found them anyway (the WebAssembly
 * Dense / Conv kernel, ReLU after it): the engine's per-layer range record reads them here instead of
 * scanning the output again. Keyed by the raws array, which nobody writes after its kernel returns. The
 * values are exactly what record's scan would find (first smallest, first largest).
 */
const known = new WeakMap<Float64Array, { readonly lo: number; readonly hi: number }>();

export function setRawRange(raws: Float64Array, lo: number, hi: number): void {
  if (raws.length > 0) known.set(raws, { lo, hi });
}

export function rawRange(raws: Float64Array): { readonly lo: number; readonly hi: number } | undefined {
  return known.get(raws);
}
