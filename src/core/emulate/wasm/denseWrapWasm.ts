/**
 * The calls into dense_wrap and dense_wrap_replay (dense_int32.c; denseWrap.ts describes the method).
 * Everything a call needs is copied into the module's memory above its heap base, the inputs as f64 raws
 * (the kernel converts them), and the accumulators come back as f64.
 */
import { load } from './denseWasm';

/** A flattened summation order: per output a run of groups, per group a run of products. */
export interface ReplayPlan {
  readonly outGroups: Int32Array;
  readonly groupAt: Int32Array;
  readonly input: Int32Array;
  readonly weight: Int32Array;
}

export interface WrapCounts {
  readonly products: number;
  readonly sums: number;
  /** The smallest and largest accumulator and their indices (row · n_out + output). */
  readonly lo: number;
  readonly loAt: number;
  readonly hi: number;
  readonly hiAt: number;
}

const align = (n: number): number => (n + 15) & ~15;

function ensure(memory: WebAssembly.Memory, end: number): void {
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / 65536));
}

/** Bytes of module memory one call uses at most for its rows (inputs, outputs, flags). */
const BLOCK_BYTES = 1 << 26;

function run(
  xr: Float64Array,
  gather: { readonly index: Int32Array; readonly pixels: number; readonly inSize: number } | undefined,
  w: Int32Array,
  bias: Int32Array,
  or: Float64Array,
  rows: number,
  nIn: number,
  nOut: number,
  shape: { readonly d: number; readonly sh: number },
  wrapProducts: boolean,
  /** Every input and weight raw fits in int16: the kernel multiplies with the i16 dot product. */
  narrow: boolean,
  plan: () => ReplayPlan,
  /** Tests make it small to run several blocks. */
  blockBytes = BLOCK_BYTES,
): WrapCounts {
  const k = load();
  if (!k) throw new Error('dense_wrap: WebAssembly is not available (callers check denseWrapWasm.available)');
  // Rows go in blocks of whole samples (a gathered sample's rows read one input row), so that a big
  // layer never needs more module memory than BLOCK_BYTES.
  const pixels = gather?.pixels ?? 1;
  const inSize = gather?.inSize ?? nIn;
  const samples = rows / pixels;
  const perSample = inSize * 8 + pixels * nOut * 12;
  const block = Math.max(1, Math.min(samples, Math.floor(blockBytes / perSample)));
  const px = align(k.heapBase);
  const pidx = align(px + block * inSize * 8);
  const pw = align(pidx + (gather ? gather.index.length * 4 : 0));
  const pb = align(pw + w.length * 4);
  const pout = align(pb + bias.length * 4);
  const pflag = align(pout + block * pixels * nOut * 8);
  const pcol = align(pflag + block * pixels * nOut * 4);
  const pres = align(pcol + nIn * 4);
  const pplan = align(pres + 32);
  ensure(k.memory, pplan);
  const buf = k.memory.buffer;
  if (gather) new Int32Array(buf, pidx, gather.index.length).set(gather.index);
  new Int32Array(buf, pw, w.length).set(w);
  new Int32Array(buf, pb, bias.length).set(bias);
  let products = 0;
  let sums = 0;
  let lo = 0;
  let loAt = -1;
  let hi = 0;
  let hiAt = -1;
  let planCopied = false;
  for (let s0 = 0; s0 < samples; s0 += block) {
    const n = Math.min(block, samples - s0);
    const r0 = s0 * pixels;
    const blockRows = n * pixels;
    const mem = k.memory.buffer;
    new Float64Array(mem, px, n * inSize).set(xr.subarray(s0 * inSize, (s0 + n) * inSize));
    k.wrap(
      px,
      gather ? pidx : 0,
      pixels,
      inSize,
      pw,
      pb,
      pout,
      pflag,
      pcol,
      blockRows,
      nIn,
      nOut,
      shape.d,
      shape.sh,
      wrapProducts ? 1 : 0,
      narrow ? 1 : 0,
      pres,
    );
    const res = new Int32Array(mem, pres, 6);
    products += res[0]! >>> 0;
    // The first smallest and largest over the blocks (a later block wins only when strictly beyond).
    if (loAt < 0 || res[2]! < lo) {
      lo = res[2]!;
      loAt = r0 * nOut + res[3]!;
    }
    if (hiAt < 0 || res[4]! > hi) {
      hi = res[4]!;
      hiAt = r0 * nOut + res[5]!;
    }
    const flagged = res[1]!;
    or.set(new Float64Array(mem, pout, blockRows * nOut), r0 * nOut);
    if (flagged === 0) continue;
    // Replay the flagged outputs in the kernel's order; the plan goes above the results, once.
    const p = plan();
    const pog = pplan;
    const pga = align(pog + p.outGroups.length * 4);
    const pin = align(pga + p.groupAt.length * 4);
    const ppw = align(pin + p.input.length * 4);
    if (!planCopied) {
      ensure(k.memory, ppw + p.weight.length * 4);
      const b2 = k.memory.buffer;
      new Int32Array(b2, pog, p.outGroups.length).set(p.outGroups);
      new Int32Array(b2, pga, p.groupAt.length).set(p.groupAt);
      new Int32Array(b2, pin, p.input.length).set(p.input);
      new Int32Array(b2, ppw, p.weight.length).set(p.weight);
      planCopied = true;
    }
    sums +=
      k.replay(
        px,
        gather ? pidx : 0,
        pixels,
        inSize,
        pog,
        pga,
        pin,
        ppw,
        pb,
        pflag,
        flagged,
        pcol,
        nIn,
        nOut,
        shape.d,
        shape.sh,
      ) >>> 0;
  }
  return { products, sums, lo, loAt, hi, hiAt };
}

export const denseWrapWasm = {
  available: (): boolean => load() !== null,
  run,
};
