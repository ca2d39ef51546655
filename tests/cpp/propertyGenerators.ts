/**
 * The seeded generators of the fixed-point property tests (src/core/fixed/property.test.ts for the ap
 * headers, acProperty.test.ts for the ac ones). tests/cpp/property_driver.h implements the same PRNG and
 * generators in C++, so inputs never travel between the two sides: keep them in step.
 */
import type { FixedType } from '../../src/core/fixed/types';

export class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x9e3779b9) >>> 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
}

function randomWords(g: Rng, nw: number): bigint {
  if (nw === 1) return BigInt(g.next());
  let p = 0n;
  for (let i = 0; i < nw; i++) p |= BigInt(g.next()) << BigInt(32 * i);
  return p;
}

/** An unsigned w-bit pattern, as gen_pattern in the driver. */
export function genPattern(g: Rng, w: number, s: boolean): bigint {
  const nw = (w + 31) >> 5;
  const bw = BigInt(w);
  const all = (1n << bw) - 1n;
  const sel = g.next() % 16;
  if (sel === 0) return s ? 1n << (bw - 1n) : 0n;
  if (sel === 1) return s ? (1n << (bw - 1n)) - 1n : all;
  if (sel === 2) return 0n;
  if (sel === 3) return 1n;
  if (sel === 4) return all;
  if (sel <= 8) {
    const b = g.next() % (w + 1);
    let p = randomWords(g, nw) & ((1n << BigInt(b)) - 1n);
    if (s && g.next() & 1) p = BigInt.asUintN(w, -p);
    return p;
  }
  return randomWords(g, nw) & all;
}

const F64 = new DataView(new ArrayBuffer(8));
function fromBits(hi: number, lo: number): number {
  F64.setUint32(0, hi >>> 0);
  F64.setUint32(4, lo >>> 0);
  return F64.getFloat64(0);
}
export function doubleBitsHex(x: number): string {
  F64.setFloat64(0, x);
  return F64.getUint32(0).toString(16).padStart(8, '0') + F64.getUint32(4).toString(16).padStart(8, '0');
}
const pow2 = (e: number): number => fromBits((e + 1023) << 20, 0);

/** A double aimed at a w-bit type with i integer bits, as gen_double in the driver. */
export function genDouble(g: Rng, w: number, i: number): number {
  const sel = g.next() % 16;
  const sign = g.next() & 1;
  if (sel === 0) return fromBits((sign << 31) | (0x7ff << 20), 0);
  if (sel === 1) return fromBits(sign << 31, 0);
  if (sel >= 4 && sel <= 7) {
    const bits = Math.min(w + 1, 31);
    const m = g.next() % 2 ** bits;
    const v = (m + 0.5) * pow2(-(w - i));
    return sign ? -v : v;
  }
  let ef: number;
  if (sel === 2) ef = g.next() % 3;
  else if (sel === 3) ef = 2046 - (g.next() % 3);
  else if (sel <= 11) ef = Math.min(2046, Math.max(1, 1023 + i + (g.next() % 12) - 9));
  else ef = g.next() % 2047;
  const mhi = g.next() & 0xfffff;
  const mlo = g.next();
  return fromBits((sign << 31) | (ef << 20) | mhi, mlo);
}

export const FNV_START = 2166136261;
/** Fold the unsigned w-bit pattern of raw into the hash, 32 bits at a time from the bottom. */
export function foldValue(h: number, raw: bigint, w: number): number {
  let p = BigInt.asUintN(w, raw);
  if (w <= 32) return Math.imul(h ^ Number(p), 16777619) >>> 0;
  for (let i = 0; i < w; i += 32) {
    h = Math.imul(h ^ Number(p & 0xffffffffn), 16777619) >>> 0;
    p >>= 32n;
  }
  return h;
}

export const patternToRaw = (p: bigint, t: FixedType): bigint => (t.signed ? BigInt.asIntN(t.width, p) : p);
