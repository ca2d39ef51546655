// HLS Studio: the Dense latency kernel in int32 arithmetic, vectorised over four outputs at a time with
// WebAssembly SIMD. Same semantics as int32DenseKernel in ../dense.ts (which documents when it applies):
//   acc = bias; for each input i in order: p = wrap(floor(x·w / 2^d)); acc = wrap(acc + p)
// where wrap keeps the low W bits, sign-extended (shift left by sh = 32 − W, arithmetic shift back).
// Products fit in int32 by the caller's contract; sums are done in uint32 to avoid C's signed overflow.
// Build: scripts/build-wasm.sh (clang --target=wasm32 -O3 -msimd128); the .wasm is committed.
#include <stdint.h>
#include <wasm_simd128.h>

static inline int32_t wrap32(uint32_t v, int sh) { return (int32_t)(v << sh) >> sh; }

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
        v128_t f0 = wasm_i32x4_shr(wasm_i32x4_mul(xv, wasm_v128_load(wi)), d);
        v128_t f1 = wasm_i32x4_shr(wasm_i32x4_mul(xv, wasm_v128_load(wi + 4)), d);
        v128_t p0 = wasm_i32x4_shr(wasm_i32x4_shl(f0, sh), sh);
        v128_t p1 = wasm_i32x4_shr(wasm_i32x4_shl(f1, sh), sh);
        v128_t s0 = wasm_i32x4_add(a0, p0), s1 = wasm_i32x4_add(a1, p1);
        a0 = wasm_i32x4_shr(wasm_i32x4_shl(s0, sh), sh);
        a1 = wasm_i32x4_shr(wasm_i32x4_shl(s1, sh), sh);
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
        v128_t full = wasm_i32x4_shr(wasm_i32x4_mul(xv, wasm_v128_load(w + i * n_out + j)), d);
        v128_t p = wasm_i32x4_shr(wasm_i32x4_shl(full, sh), sh);
        v128_t sum = wasm_i32x4_add(acc, p);
        acc = wasm_i32x4_shr(wasm_i32x4_shl(sum, sh), sh);
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
