// HLS Studio: the Dense latency kernel in int32 arithmetic, vectorised over four outputs at a time with
// WebAssembly SIMD. Same semantics as int32DenseKernel in ../dense.ts (which documents when it applies):
//   acc = bias; for each input i in order: p = wrap(floor(x·w / 2^d)); acc = wrap(acc + p)
// where wrap keeps the low W bits, sign-extended (shift left by sh = 32 − W, arithmetic shift back).
// Products fit in int32 by the caller's contract; sums are done in uint32 to avoid C's signed overflow.
// Build: scripts/build-wasm.sh (clang --target=wasm32 -O3 -msimd128); the .wasm is committed.
#include <stdint.h>
#include <wasm_simd128.h>

static inline int32_t wrap32(uint32_t v, int sh) { return (int32_t)(v << sh) >> sh; }

// clang 14 hoists the splat of a loop-invariant shift count out of a loop and then shifts lane by lane
// (extract, shift, replace). An empty asm statement makes the count opaque at each use, so every vector
// shift stays one i32x4.shl / i32x4.shr_s.
static inline __attribute__((always_inline)) int opaque(int v) {
  __asm__ volatile("" : "+r"(v));
  return v;
}

// x: samples×n_in (row-major); w: n_in×n_out (input-major, as the IR stores it); bias: n_out;
// out: samples×n_out. Returns overflow counts in counts[0] (products) and counts[1] (partial sums).
__attribute__((export_name("dense_int32"))) void dense_int32(const int32_t *x, const int32_t *w, const int32_t *bias,
                                                           int32_t *out, int samples, int n_in, int n_out, int d, int sh,
                                                           int32_t *counts) {
  uint32_t products = 0, sums = 0;
  const int n8 = n_out & ~7;
  const int n4 = n_out & ~3;
  for (int s = 0; s < samples; s++) {
    const int32_t *xs = x + s * n_in;
    int32_t *os = out + s * n_out;
    // Eight outputs at a time: two independent accumulator chains keep the SIMD unit busy.
    for (int j = 0; j < n8; j += 8) {
      v128_t a0 = wasm_v128_load(bias + j), a1 = wasm_v128_load(bias + j + 4);
      v128_t po0 = wasm_i32x4_splat(0), po1 = po0, so0 = po0, so1 = po0;
      for (int i = 0; i < n_in; i++) {
        v128_t xv = wasm_i32x4_splat(xs[i]);
        const int32_t *wi = w + i * n_out + j;
        v128_t f0 = wasm_i32x4_shr(wasm_i32x4_mul(xv, wasm_v128_load(wi)), opaque(d));
        v128_t f1 = wasm_i32x4_shr(wasm_i32x4_mul(xv, wasm_v128_load(wi + 4)), opaque(d));
        v128_t p0 = wasm_i32x4_shr(wasm_i32x4_shl(f0, opaque(sh)), opaque(sh));
        v128_t p1 = wasm_i32x4_shr(wasm_i32x4_shl(f1, opaque(sh)), opaque(sh));
        v128_t s0 = wasm_i32x4_add(a0, p0), s1 = wasm_i32x4_add(a1, p1);
        a0 = wasm_i32x4_shr(wasm_i32x4_shl(s0, opaque(sh)), opaque(sh));
        a1 = wasm_i32x4_shr(wasm_i32x4_shl(s1, opaque(sh)), opaque(sh));
        po0 = wasm_i32x4_sub(po0, wasm_i32x4_ne(p0, f0));
        po1 = wasm_i32x4_sub(po1, wasm_i32x4_ne(p1, f1));
        so0 = wasm_i32x4_sub(so0, wasm_i32x4_ne(a0, s0));
        so1 = wasm_i32x4_sub(so1, wasm_i32x4_ne(a1, s1));
      }
      wasm_v128_store(os + j, a0);
      wasm_v128_store(os + j + 4, a1);
      v128_t po = wasm_i32x4_add(po0, po1), so = wasm_i32x4_add(so0, so1);
      products += (uint32_t)(wasm_i32x4_extract_lane(po, 0) + wasm_i32x4_extract_lane(po, 1) +
                             wasm_i32x4_extract_lane(po, 2) + wasm_i32x4_extract_lane(po, 3));
      sums += (uint32_t)(wasm_i32x4_extract_lane(so, 0) + wasm_i32x4_extract_lane(so, 1) +
                         wasm_i32x4_extract_lane(so, 2) + wasm_i32x4_extract_lane(so, 3));
    }
    for (int j = n8; j < n4; j += 4) {
      v128_t acc = wasm_v128_load(bias + j);
      // Overflow flags are counted per lane (a true comparison is −1) and reduced once per output block.
      v128_t prod_ovf = wasm_i32x4_splat(0);
      v128_t sum_ovf = wasm_i32x4_splat(0);
      for (int i = 0; i < n_in; i++) {
        v128_t xv = wasm_i32x4_splat(xs[i]);
        v128_t full = wasm_i32x4_shr(wasm_i32x4_mul(xv, wasm_v128_load(w + i * n_out + j)), opaque(d));
        v128_t p = wasm_i32x4_shr(wasm_i32x4_shl(full, opaque(sh)), opaque(sh));
        v128_t sum = wasm_i32x4_add(acc, p);
        acc = wasm_i32x4_shr(wasm_i32x4_shl(sum, opaque(sh)), opaque(sh));
        prod_ovf = wasm_i32x4_sub(prod_ovf, wasm_i32x4_ne(p, full));
        sum_ovf = wasm_i32x4_sub(sum_ovf, wasm_i32x4_ne(acc, sum));
      }
      wasm_v128_store(os + j, acc);
      products += (uint32_t)(wasm_i32x4_extract_lane(prod_ovf, 0) + wasm_i32x4_extract_lane(prod_ovf, 1) +
                             wasm_i32x4_extract_lane(prod_ovf, 2) + wasm_i32x4_extract_lane(prod_ovf, 3));
      sums += (uint32_t)(wasm_i32x4_extract_lane(sum_ovf, 0) + wasm_i32x4_extract_lane(sum_ovf, 1) +
                         wasm_i32x4_extract_lane(sum_ovf, 2) + wasm_i32x4_extract_lane(sum_ovf, 3));
    }
    for (int j = n4; j < n_out; j++) {
      int32_t acc = bias[j];
      for (int i = 0; i < n_in; i++) {
        int32_t full = (xs[i] * w[i * n_out + j]) >> d;
        int32_t p = wrap32((uint32_t)full, sh);
        uint32_t sum = (uint32_t)acc + (uint32_t)p;
        acc = wrap32(sum, sh);
        products += (p != full);
        sums += ((uint32_t)acc != sum);
      }
      os[j] = acc;
    }
  }
  counts[0] = (int32_t)products;
  counts[1] = (int32_t)sums;
}

// ---------------------------------------------------------------------------------------------------------
// dense_wrap: the same Dense arithmetic for a wrapping accumulator, without an overflow check per step.
// With WRAP every cast keeps the value modulo 2^W, so the accumulator is wrap(bias + Σ p) whatever the
// order of the sums; only the count of overflowing partial sums depends on the order. The kernel adds the
// products unwrapped (exact in int32 by the caller's contract: (n_in + 1)·2^(W−1) < 2^31) together with
// their positive parts, which bound every partial sum of any order:
//   min(bias, 0) + Σ min(p, 0) ≤ partial sum ≤ max(bias, 0) + Σ max(p, 0).
// Outputs whose bounds stay in accum_t cannot overflow (count 0); the others are listed in `flagged` and
// dense_wrap_replay counts their overflows by replaying the kernel's exact order. Products are wrapped and
// counted (order-free) only when `wrap_products`: otherwise the caller proved that none can overflow.
// With `narrow` (every input and weight raw fits in int16) the products use the i16 dot product.
// Rows: `x` holds f64 raws; without `idx` row r is x[r·n_in …]; with `idx` (im2col) row r = s·pixels + p
// reads x[s·in_size + idx[p·n_in + k]] (−1 = padding, 0). out: rows×n_out accumulators as f64.
// result: [0] product overflows, [1] flagged count, [2] smallest accumulator, [3] its index (first one),
// [4] largest, [5] its index.

#define ALWAYS static inline __attribute__((always_inline))

// A row's inputs as int32; with `narrow` the low 16 bits zero-extended (see product()).
static void gather(const double *x, const int32_t *idx, int row, int pixels, int in_size, int n_in,
                   int32_t *col, int narrow) {
  const uint32_t mask = narrow ? 0xFFFFu : 0xFFFFFFFFu;
  if (!idx) {
    const double *xr = x + row * n_in;
    for (int k = 0; k < n_in; k++) col[k] = (int32_t)((uint32_t)(int32_t)xr[k] & mask);
    return;
  }
  const int s = row / pixels;
  const double *xs = x + s * in_size;
  const int32_t *ix = idx + (row - s * pixels) * n_in;
  for (int k = 0; k < n_in; k++) {
    const int i = ix[k];
    col[k] = i < 0 ? 0 : (int32_t)((uint32_t)(int32_t)xs[i] & mask);
  }
}

// x (splat) times four weights, shifted right by d. With `narrow`, x's i16 lanes are (raw, 0) and the
// weight's (raw, sign), so each 32-bit lane of the i16 dot product is x·w + 0·sign = x·w.
ALWAYS v128_t product(v128_t xv, v128_t wv, int d, int narrow) {
  return wasm_i32x4_shr(narrow ? wasm_i32x4_dot_i16x8(xv, wv) : wasm_i32x4_mul(xv, wv), opaque(d));
}

ALWAYS v128_t wrap4(v128_t v, int sh) { return wasm_i32x4_shr(wasm_i32x4_shl(v, opaque(sh)), opaque(sh)); }

ALWAYS uint32_t lanes_sum(v128_t v) {
  return (uint32_t)(wasm_i32x4_extract_lane(v, 0) + wasm_i32x4_extract_lane(v, 1) +
                    wasm_i32x4_extract_lane(v, 2) + wasm_i32x4_extract_lane(v, 3));
}

typedef struct {
  v128_t lo, lo_at, hi, hi_at; // per lane: the first smallest / largest accumulator and its index
  int32_t nflag;
  uint32_t products; // product overflows (negated lane counts are added per block)
} WrapState;

// Stores four accumulators (unwrapped sums a, positive parts q, biases b) at out[base…], flags the lanes
// whose partial sums might have left accum_t and tracks the extremes.
ALWAYS void finish4(v128_t a, v128_t q, v128_t b, int sh, int base, double *out, int32_t *flagged,
                    WrapState *st) {
  const v128_t zero = wasm_i32x4_splat(0);
  const v128_t kmax = wasm_i32x4_splat((int32_t)((1u << (31 - sh)) - 1));
  const v128_t kmin = wasm_i32x4_splat(-(int32_t)(1u << (31 - sh)));
  const v128_t hi = wasm_i32x4_add(wasm_i32x4_max(b, zero), q);
  const v128_t lo = wasm_i32x4_add(wasm_i32x4_min(b, zero), wasm_i32x4_sub(wasm_i32x4_sub(a, b), q));
  const v128_t bad = wasm_v128_or(wasm_i32x4_gt(hi, kmax), wasm_i32x4_lt(lo, kmin));
  const v128_t v = wrap4(a, sh);
  wasm_v128_store(out + base, wasm_f64x2_convert_low_i32x4(v));
  wasm_v128_store(out + base + 2, wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3)));
  if (wasm_v128_any_true(bad)) {
    int32_t flag[4];
    wasm_v128_store(flag, bad);
    for (int l = 0; l < 4; l++)
      if (flag[l]) flagged[st->nflag++] = base + l;
  }
  const v128_t at = wasm_i32x4_add(wasm_i32x4_splat(base), wasm_i32x4_make(0, 1, 2, 3));
  const v128_t below = wasm_i32x4_lt(v, st->lo);
  st->lo = wasm_v128_bitselect(v, st->lo, below);
  st->lo_at = wasm_v128_bitselect(at, st->lo_at, below);
  const v128_t above = wasm_i32x4_gt(v, st->hi);
  st->hi = wasm_v128_bitselect(v, st->hi, above);
  st->hi_at = wasm_v128_bitselect(at, st->hi_at, above);
}

// Outputs j … j+7 of one row.
ALWAYS void block8(const int32_t *col, const int32_t *w, const int32_t *bias, int j, int n_in, int n_out,
                   int d, int sh, int narrow, int wrap_products, int base, double *out, int32_t *flagged,
                   WrapState *st) {
  const v128_t zero = wasm_i32x4_splat(0);
  const v128_t b0 = wasm_v128_load(bias + j), b1 = wasm_v128_load(bias + j + 4);
  v128_t a0 = b0, a1 = b1, q0 = zero, q1 = zero, po = zero;
  for (int i = 0; i < n_in; i++) {
    const v128_t xv = wasm_v128_load32_splat(col + i);
    const int32_t *wi = w + i * n_out + j;
    v128_t p0 = product(xv, wasm_v128_load(wi), d, narrow);
    v128_t p1 = product(xv, wasm_v128_load(wi + 4), d, narrow);
    if (wrap_products) {
      const v128_t f0 = p0, f1 = p1;
      p0 = wrap4(f0, sh);
      p1 = wrap4(f1, sh);
      po = wasm_i32x4_add(po, wasm_i32x4_add(wasm_i32x4_ne(p0, f0), wasm_i32x4_ne(p1, f1)));
    }
    a0 = wasm_i32x4_add(a0, p0);
    a1 = wasm_i32x4_add(a1, p1);
    q0 = wasm_i32x4_add(q0, wasm_i32x4_max(p0, zero));
    q1 = wasm_i32x4_add(q1, wasm_i32x4_max(p1, zero));
  }
  if (wrap_products) st->products -= lanes_sum(po);
  finish4(a0, q0, b0, sh, base + j, out, flagged, st);
  finish4(a1, q1, b1, sh, base + j + 4, out, flagged, st);
}

// Outputs j … j+3 of one row.
ALWAYS void block4(const int32_t *col, const int32_t *w, const int32_t *bias, int j, int n_in, int n_out,
                   int d, int sh, int narrow, int wrap_products, int base, double *out, int32_t *flagged,
                   WrapState *st) {
  const v128_t zero = wasm_i32x4_splat(0);
  const v128_t b = wasm_v128_load(bias + j);
  v128_t a = b, q = zero, po = zero;
  for (int i = 0; i < n_in; i++) {
    v128_t p = product(wasm_v128_load32_splat(col + i), wasm_v128_load(w + i * n_out + j), d, narrow);
    if (wrap_products) {
      const v128_t f = p;
      p = wrap4(f, sh);
      po = wasm_i32x4_add(po, wasm_i32x4_ne(p, f));
    }
    a = wasm_i32x4_add(a, p);
    q = wasm_i32x4_add(q, wasm_i32x4_max(p, zero));
  }
  if (wrap_products) st->products -= lanes_sum(po);
  finish4(a, q, b, sh, base + j, out, flagged, st);
}

// One row: blocks of eight and four outputs, then the last n_out mod 4 one by one.
ALWAYS void wrap_row(const int32_t *col, const int32_t *w, const int32_t *bias, int n_in, int n_out, int d,
                     int sh, int narrow, int wrap_products, int base, double *out, int32_t *flagged,
                     WrapState *st, int32_t *lo, int32_t *lo_at, int32_t *hi, int32_t *hi_at) {
  const int n8 = n_out & ~7;
  const int n4 = n_out & ~3;
  for (int j = 0; j < n8; j += 8)
    block8(col, w, bias, j, n_in, n_out, d, sh, narrow, wrap_products, base, out, flagged, st);
  if (n8 < n4) block4(col, w, bias, n8, n_in, n_out, d, sh, narrow, wrap_products, base, out, flagged, st);
  const int32_t kmax = (int32_t)((1u << (31 - sh)) - 1), kmin = -(int32_t)(1u << (31 - sh));
  for (int j = n4; j < n_out; j++) {
    const int32_t b = bias[j];
    uint32_t a = (uint32_t)b, q = 0;
    for (int i = 0; i < n_in; i++) {
      const int32_t x = narrow ? (int16_t)col[i] : col[i];
      const int32_t f = (x * w[i * n_out + j]) >> d;
      const int32_t p = wrap32((uint32_t)f, sh);
      st->products += (p != f);
      a += (uint32_t)p;
      q += p > 0 ? (uint32_t)p : 0;
    }
    const int32_t hib = (b > 0 ? b : 0) + (int32_t)q;
    const int32_t lob = (b < 0 ? b : 0) + (int32_t)(a - (uint32_t)b - q);
    const int32_t val = wrap32(a, sh);
    out[base + j] = (double)val;
    if (hib > kmax || lob < kmin) flagged[st->nflag++] = base + j;
    if (val < *lo || (val == *lo && base + j < *lo_at)) *lo = val, *lo_at = base + j;
    if (val > *hi || (val == *hi && base + j < *hi_at)) *hi = val, *hi_at = base + j;
  }
}

__attribute__((export_name("dense_wrap"))) void dense_wrap(
    const double *x, const int32_t *idx, int pixels, int in_size, const int32_t *w, const int32_t *bias,
    double *out, int32_t *flagged, int32_t *col, int rows, int n_in, int n_out, int d, int sh,
    int wrap_products, int narrow, int32_t *result) {
  WrapState st;
  st.lo = wasm_i32x4_splat(INT32_MAX);
  st.hi = wasm_i32x4_splat(INT32_MIN);
  st.lo_at = st.hi_at = wasm_i32x4_splat(INT32_MAX);
  st.nflag = 0;
  st.products = 0;
  int32_t lo = INT32_MAX, lo_at = INT32_MAX, hi = INT32_MIN, hi_at = INT32_MAX;
  for (int r = 0; r < rows; r++) {
    gather(x, idx, r, pixels, in_size, n_in, col, narrow);
    const int base = r * n_out;
    // Constant flags, so that each call below is its own specialised loop.
    if (narrow && wrap_products)
      wrap_row(col, w, bias, n_in, n_out, d, sh, 1, 1, base, out, flagged, &st, &lo, &lo_at, &hi, &hi_at);
    else if (narrow)
      wrap_row(col, w, bias, n_in, n_out, d, sh, 1, 0, base, out, flagged, &st, &lo, &lo_at, &hi, &hi_at);
    else if (wrap_products)
      wrap_row(col, w, bias, n_in, n_out, d, sh, 0, 1, base, out, flagged, &st, &lo, &lo_at, &hi, &hi_at);
    else
      wrap_row(col, w, bias, n_in, n_out, d, sh, 0, 0, base, out, flagged, &st, &lo, &lo_at, &hi, &hi_at);
  }
  // The extremes over the lanes and the scalar tail: the smallest value, the first index among equals.
  int32_t v[4], at[4];
  wasm_v128_store(v, st.lo);
  wasm_v128_store(at, st.lo_at);
  for (int l = 0; l < 4; l++)
    if (v[l] < lo || (v[l] == lo && at[l] < lo_at)) lo = v[l], lo_at = at[l];
  wasm_v128_store(v, st.hi);
  wasm_v128_store(at, st.hi_at);
  for (int l = 0; l < 4; l++)
    if (v[l] > hi || (v[l] == hi && at[l] < hi_at)) hi = v[l], hi_at = at[l];
  result[0] = (int32_t)st.products;
  result[1] = st.nflag;
  result[2] = lo;
  result[3] = lo_at;
  result[4] = hi;
  result[5] = hi_at;
}

// Counts the partial-sum overflows of the flagged outputs in the kernel's own order: out_groups[j] …
// out_groups[j+1]−1 are output j's groups, group_at[g] … group_at[g+1]−1 group g's products (input index
// `pin`, weight raw `pw`). A group of one is added straight into the accumulator; a longer one is first
// summed into a zeroed temporary (densePlan.ts).
__attribute__((export_name("dense_wrap_replay"))) int32_t dense_wrap_replay(
    const double *x, const int32_t *idx, int pixels, int in_size, const int32_t *out_groups,
    const int32_t *group_at, const int32_t *pin, const int32_t *pw, const int32_t *bias,
    const int32_t *flagged, int n_flagged, int32_t *col, int n_in, int n_out, int d, int sh) {
  uint32_t sums = 0;
  int last = -1;
  for (int f = 0; f < n_flagged; f++) {
    const int row = flagged[f] / n_out;
    const int j = flagged[f] - row * n_out;
    if (row != last) gather(x, idx, row, pixels, in_size, n_in, col, 0), last = row;
    int32_t acc = bias[j];
    for (int g = out_groups[j]; g < out_groups[j + 1]; g++) {
      const int a = group_at[g], b = group_at[g + 1];
      int32_t part = 0;
      for (int e = a; e < b; e++) {
        const int32_t p = wrap32((uint32_t)((col[pin[e]] * pw[e]) >> d), sh);
        if (b - a == 1) {
          part = p;
        } else {
          const uint32_t t = (uint32_t)part + (uint32_t)p;
          part = wrap32(t, sh);
          sums += ((uint32_t)part != t);
        }
      }
      const uint32_t s = (uint32_t)acc + (uint32_t)part;
      acc = wrap32(s, sh);
      sums += ((uint32_t)acc != s);
    }
  }
  return (int32_t)sums;
}
