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
  const int n4 = n_out & ~3;
  for (int s = 0; s < samples; s++) {
    const int32_t *xs = x + s * n_in;
    int32_t *os = out + s * n_out;
    for (int j = 0; j < n4; j += 4) {
      v128_t acc = wasm_v128_load(bias + j);
      for (int i = 0; i < n_in; i++) {
        v128_t xv = wasm_i32x4_splat(xs[i]);
        v128_t full = wasm_i32x4_shr(wasm_i32x4_mul(xv, wasm_v128_load(w + i * n_out + j)), d);
        v128_t p = wasm_i32x4_shr(wasm_i32x4_shl(full, sh), sh);
        v128_t sum = wasm_i32x4_add(acc, p);
        acc = wasm_i32x4_shr(wasm_i32x4_shl(sum, sh), sh);
        products += __builtin_popcount(wasm_i32x4_bitmask(wasm_i32x4_ne(p, full)));
        sums += __builtin_popcount(wasm_i32x4_bitmask(wasm_i32x4_ne(acc, sum)));
      }
      wasm_v128_store(os + j, acc);
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
