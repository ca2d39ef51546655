/**
 * Single-precision libm functions as glibc computes them, so that activation tables filled by the C++
 * (float `tanhf`, `expm1f`) are reproduced bit for bit even for table types with many fractional bits.
 *
 * tanhf and expm1f follow the published fdlibm single-precision algorithms (Sun Microsystems, used by
 * glibc's sysdeps/ieee754/flt-32): every float operation is rounded to float32 with Math.fround, and the
 * bit-level steps (exponent adjustments) are done on the float's IEEE pattern. Verified against g++ and
 * glibc over every table input of sizes 256…4096 and 200,000 random floats (tests/csim/elementwiseLibm).
 */

const f = Math.fround;
const buf = new DataView(new ArrayBuffer(4));

function bitsOf(x: number): number {
  buf.setFloat32(0, x);
  return buf.getUint32(0);
}

function fromBits(u: number): number {
  buf.setUint32(0, u >>> 0);
  return buf.getFloat32(0);
}

const ln2Hi = fromBits(0x3f317180);
const ln2Lo = fromBits(0x3717f7d1);
const invLn2 = fromBits(0x3fb8aa3b);
const Q1 = fromBits(0xbd088889);
const Q2 = fromBits(0x3ad00d01);
const Q3 = fromBits(0xb8a670cd);
const Q4 = fromBits(0x36867e54);
const Q5 = fromBits(0xb457edbb);

/** e^x − 1 in float32, fdlibm's expm1f. */
export function expm1f(xIn: number): number {
  let x = f(xIn);
  let hx = bitsOf(x);
  const negative = (hx & 0x80000000) !== 0;
  hx &= 0x7fffffff;
  if (Number.isNaN(x)) return x;
  if (hx >= 0x4195b844) {
    // |x| ≥ 27·ln2
    if (hx >= 0x42b17218 && !negative) {
      return hx > 0x7f800000 ? x : x === Infinity ? Infinity : Infinity;
    }
    if (negative) return -1;
  }
  let k: number;
  let c = 0;
  if (hx > 0x3eb17218) {
    // |x| > 0.5·ln2
    let hi: number;
    let lo: number;
    if (hx < 0x3f851592) {
      // and |x| < 1.5·ln2
      if (!negative) {
        hi = f(x - ln2Hi);
        lo = ln2Lo;
        k = 1;
      } else {
        hi = f(x + ln2Hi);
        lo = -ln2Lo;
        k = -1;
      }
    } else {
      // k = (int)(invln2·x ± 0.5): float arithmetic, conversion truncates toward zero
      k = Math.trunc(f(f(invLn2 * x) + (negative ? -0.5 : 0.5)));
      const t = k;
      hi = f(x - f(t * ln2Hi));
      lo = f(t * ln2Lo);
    }
    x = f(hi - lo);
    c = f(f(hi - x) - lo);
  } else if (hx < 0x33000000) {
    // |x| < 2^-25
    return x;
  } else {
    k = 0;
  }
  const hfx = f(0.5 * x);
  const hxs = f(x * hfx);
  const r1 = f(1 + f(hxs * f(Q1 + f(hxs * f(Q2 + f(hxs * f(Q3 + f(hxs * f(Q4 + f(hxs * Q5))))))))));
  let t = f(3 - f(r1 * hfx));
  let e = f(hxs * f(f(r1 - t) / f(6 - f(x * t))));
  if (k === 0) return f(x - f(f(x * e) - hxs));
  e = f(f(x * f(e - c)) - c);
  e = f(e - hxs);
  if (k === -1) return f(f(0.5 * f(x - e)) - 0.5);
  if (k === 1) {
    if (x < -0.25) return f(-2 * f(e - f(x + 0.5)));
    return f(1 + f(2 * f(x - e)));
  }
  let y: number;
  if (k <= -2 || k > 56) {
    y = f(1 - f(e - x));
    y = fromBits(bitsOf(y) + (k << 23));
    return f(y - 1);
  }
  if (k < 23) {
    t = fromBits(0x3f800000 - (0x1000000 >> k)); // 1 − 2^-k
    y = f(t - f(e - x));
    y = fromBits(bitsOf(y) + (k << 23));
  } else {
    t = fromBits((0x7f - k) << 23); // 2^-k
    y = f(x - f(e + t));
    y = f(y + 1);
    y = fromBits(bitsOf(y) + (k << 23));
  }
  return y;
}

/** tanh in float32, fdlibm's tanhf (through expm1f), as glibc's `tanhf` computes it. */
export function tanhf(xIn: number): number {
  const x = f(xIn);
  if (Number.isNaN(x)) return x;
  const jx = bitsOf(x);
  const ix = jx & 0x7fffffff;
  const positive = (jx & 0x80000000) === 0;
  if (ix >= 0x7f800000) return positive ? 1 : -1;
  let z: number;
  if (ix < 0x41b00000) {
    // |x| < 22
    if (ix === 0) return x;
    if (ix < 0x24000000) return f(x * f(1 + x)); // |x| < 2^-55
    const ax = Math.abs(x);
    if (ix >= 0x3f800000) {
      // |x| ≥ 1
      const t = expm1f(f(2 * ax));
      z = f(1 - f(2 / f(t + 2)));
    } else {
      const t = expm1f(f(-2 * ax));
      z = f(-t / f(t + 2));
    }
  } else {
    z = 1; // 1 − tiny rounds to 1
  }
  return positive ? z : -z;
}

// ---------------------------------------------------------------------------------------------
// expf: glibc's (Szabolcs Nagy, ARM optimized-routines) algorithm: x·N/ln2 = k + r in double, a
// 32-entry table of 2^(i/32) and a cubic polynomial, rounded once to float. On x86-64 CPUs with FMA
// glibc runs the FMA build of the same source, where the compiler fuses each a·b + c into one rounding.
// ---------------------------------------------------------------------------------------------

const N = 32;

/** A C hexadecimal float literal 0x<hex digits>p<exp> (exact: at most 53 significant bits). */
function hexFloat(mantissa: string, exp: number): number {
  const [int, frac = ''] = mantissa.split('.');
  return Number.parseInt(int! + frac, 16) * 2 ** (exp - 4 * frac.length);
}

const INV_LN2_N = hexFloat('1.71547652b82fe', 0) * N;
const SHIFT = hexFloat('1.8', 52);
const C0 = hexFloat('1.c6af84b912394', -5) / N / N / N;
const C1 = hexFloat('1.ebfce50fac4f3', -3) / N / N;
const C2 = hexFloat('1.62e42ff0c52d6', -1) / N;

/** Integer k-th root (floor) of a non-negative BigInt, by Newton's method. */
function iroot(a: bigint, k: bigint): bigint {
  if (a < 2n) return a;
  let x = 1n << (BigInt(a.toString(2).length) / k + 1n);
  for (;;) {
    const y = ((k - 1n) * x + a / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

/** 2^(i/32) correctly rounded to double, for i = 0 … 31 (the table glibc stores). */
const EXP2_TABLE: readonly number[] = Array.from({ length: N }, (_, i) => {
  const K = 120n;
  const root = iroot(1n << (BigInt(i) + 32n * K), 32n); // floor(2^(i/32) · 2^K)
  // Round to 53 significant bits; 2^(i/32) is irrational for i > 0, so the floor decides the tie side.
  return Number(root) * 2 ** -Number(K);
});

function exactOf(x: number): { raw: bigint; frac: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (exp !== 0) {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return { raw: hi >>> 31 ? -mant : mant, frac: -e };
}

/** a·b + c with one rounding to double (IEEE fma), exact through BigInt. */
export function fma(a: number, b: number, c: number): number {
  if (a === 0 || b === 0) return a * b + c;
  if (c === 0) return a * b;
  const ea = exactOf(a);
  const eb = exactOf(b);
  const ec = exactOf(c);
  const pf = ea.frac + eb.frac;
  const frac = Math.max(pf, ec.frac);
  const sum = ((ea.raw * eb.raw) << BigInt(frac - pf)) + (ec.raw << BigInt(frac - ec.frac));
  if (sum === 0n) return 0;
  // Number(bigint) rounds to nearest-even once; keep the significand in range before scaling.
  const bits = sum < 0n ? (-sum).toString(2).length : sum.toString(2).length;
  const drop = Math.max(0, bits - 64);
  let s = sum >> BigInt(drop);
  // Sticky bit: make the shifted value odd if anything non-zero was dropped, so ties are not faked.
  if (drop > 0 && s << BigInt(drop) !== sum) s |= 1n;
  const e = drop - frac;
  const half = Math.trunc(e / 2);
  return Number(s) * 2 ** half * 2 ** (e - half);
}

function expfWith(xIn: number, fused: boolean): number {
  const xd = f(xIn);
  if (Number.isNaN(xd)) return xd;
  if (xd > 88.72283935546875) return Infinity;
  if (xd < -103.97208404541016) return 0;
  const z = INV_LN2_N * xd;
  const kdShifted = fused ? fma(INV_LN2_N, xd, SHIFT) : z + SHIFT;
  const ki = kdShifted - SHIFT; // an integer (|ki| < 2^31), exact
  const kd = ki;
  const r = z - kd;
  const idx = ((ki % N) + N) % N;
  const s = EXP2_TABLE[idx]! * 2 ** ((ki - idx) / N);
  const r2 = r * r;
  let y: number;
  if (fused) {
    const zz = fma(C0, r, C1);
    y = fma(C2, r, 1);
    y = fma(zz, r2, y);
  } else {
    const zz = C0 * r + C1;
    y = C2 * r + 1;
    y = zz * r2 + y;
  }
  return f(y * s);
}

/** e^x in float32 as glibc's expf computes it (FMA build, as on x86-64 CPUs with FMA). */
export function expf(x: number): number {
  return expfWith(x, true);
}

/** The non-FMA build of glibc's expf (CPUs without FMA). */
export function expfNoFma(x: number): number {
  return expfWith(x, false);
}
