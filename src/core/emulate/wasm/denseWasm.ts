/**
 * The WebAssembly SIMD Dense kernel (dense_int32.c), loaded once from its embedded bytes. It runs the
 * same int32 arithmetic as int32DenseKernel in ../dense.ts, four outputs at a time. Where WebAssembly or
 * SIMD is unavailable (or a CSP forbids compiling), `denseInt32Wasm` returns null and the caller uses
 * the JavaScript kernel.
 */
import { WASM_BASE64 } from './dense_int32.wasm';

export interface Kernel {
  readonly memory: WebAssembly.Memory;
  readonly heapBase: number;
  readonly run: (...args: number[]) => void;
  /** dense_wrap and dense_wrap_replay (denseWrapWasm.ts). */
  readonly wrap: (...args: number[]) => void;
  readonly replay: (...args: number[]) => number;
}

let kernel: Kernel | null | undefined;

/** The instance, loaded on first use; null where WebAssembly SIMD cannot run. */
export function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bin = atob(WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const exports = instance.exports as unknown as {
      memory: WebAssembly.Memory;
      __heap_base: WebAssembly.Global;
      dense_int32: (...args: number[]) => void;
      dense_wrap: (...args: number[]) => void;
      dense_wrap_replay: (...args: number[]) => number;
    };
    kernel = {
      memory: exports.memory,
      heapBase: Number(exports.__heap_base.value),
      run: exports.dense_int32,
      wrap: exports.dense_wrap,
      replay: exports.dense_wrap_replay,
    };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether the WebAssembly kernel can run here (tests use it to say which path they exercised). */
export function wasmAvailable(): boolean {
  return load() !== null;
}

const align = (n: number): number => (n + 15) & ~15;

/**
 * out[s·nOut + j] = the wrapped accumulation for sample s, output j; `w` is input-major [nIn × nOut].
 * Returns how many product and partial-sum casts overflowed, or null without WebAssembly.
 */
export function denseInt32Wasm(
  x: Int32Array,
  w: Int32Array,
  bias: Int32Array,
  out: Int32Array,
  samples: number,
  nIn: number,
  nOut: number,
  d: number,
  sh: number,
): { products: number; sums: number } | null {
  const k = load();
  if (!k) return null;
  const px = align(k.heapBase);
  const pw = align(px + samples * nIn * 4);
  const pb = align(pw + nIn * nOut * 4);
  const po = align(pb + nOut * 4);
  const pc = align(po + samples * nOut * 4);
  const end = pc + 8;
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536));
  const mem = new Int32Array(k.memory.buffer);
  mem.set(x.subarray(0, samples * nIn), px >> 2);
  mem.set(w, pw >> 2);
  mem.set(bias, pb >> 2);
  k.run(px, pw, pb, po, samples, nIn, nOut, d, sh, pc);
  const after = new Int32Array(k.memory.buffer);
  out.set(after.subarray(po >> 2, (po >> 2) + samples * nOut));
  return { products: after[pc >> 2]!, sums: after[(pc >> 2) + 1]! };
}
