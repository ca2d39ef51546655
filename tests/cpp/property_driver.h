// Driver for src/core/fixed/property.test.ts: runs random conversions and arithmetic through the
// hls/ap_types headers. Inputs are not passed in: this file and the test implement the same PRNG and
// the same input generators, so each case is just (types, seed, count) and the program prints one
// hash per case. `dump` mode prints every input and result of one case, for mismatch reports.
#ifndef HLS_STUDIO_PROPERTY_DRIVER_H
#define HLS_STUDIO_PROPERTY_DRIVER_H

#include <stdint.h>

#include <cstdio>
#include <cstring>

#include "ap_fixed.h"

namespace prop {

// 32-bit splitmix-style generator; the test has the same one (Math.imul arithmetic).
struct Rng {
  uint32_t s;
  uint32_t next() {
    s += 0x9e3779b9u;
    uint32_t z = s;
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    return z ^ (z >> 16);
  }
};

inline void mask_low(uint32_t* w, int nw, int bits) {
  for (int i = 0; i < nw; ++i) {
    const int left = bits - 32 * i;
    if (left <= 0)
      w[i] = 0;
    else if (left < 32)
      w[i] &= (1u << left) - 1u;
  }
}

// An unsigned W-bit pattern: extremes, 0, ±1, small magnitudes of either sign, or uniform bits.
inline void gen_pattern(Rng& g, int w, bool s, uint32_t* out) {
  const int nw = (w + 31) / 32;
  for (int i = 0; i < nw; ++i) out[i] = 0;
  const uint32_t sel = g.next() % 16;
  if (sel == 0) {
    if (s) out[(w - 1) / 32] |= 1u << ((w - 1) % 32);
  } else if (sel == 1 || sel == 4) {
    for (int i = 0; i < nw; ++i) out[i] = ~0u;
    mask_low(out, nw, w);
    if (sel == 1 && s) out[(w - 1) / 32] &= ~(1u << ((w - 1) % 32));
  } else if (sel == 3) {
    out[0] = 1;
  } else if (sel >= 5 && sel <= 8) {
    const int b = static_cast<int>(g.next() % static_cast<uint32_t>(w + 1));
    for (int i = 0; i < nw; ++i) out[i] = g.next();
    mask_low(out, nw, b);
    if (s && (g.next() & 1u)) {
      uint32_t carry = 1;
      for (int i = 0; i < nw; ++i) {
        out[i] = ~out[i] + carry;
        carry = (carry != 0 && out[i] == 0) ? 1u : 0u;
      }
      mask_low(out, nw, w);
    }
  } else if (sel >= 9) {
    for (int i = 0; i < nw; ++i) out[i] = g.next();
    mask_low(out, nw, w);
  }
}

inline double from_bits(uint32_t hi, uint32_t lo) {
  const uint64_t b = (static_cast<uint64_t>(hi) << 32) | lo;
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

inline uint64_t to_bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

inline double pow2(int e) { return from_bits(static_cast<uint32_t>(e + 1023) << 20, 0); }

// A double aimed at a destination with w bits and i integer bits: ±inf, ±0, tiny, huge, exact ties
// at half an LSB of the destination, values around its range, and arbitrary finite doubles.
inline double gen_double(Rng& g, int w, int i) {
  const uint32_t sel = g.next() % 16;
  const uint32_t sign = g.next() & 1u;
  uint32_t ef;
  if (sel == 0) return from_bits((sign << 31) | (0x7ffu << 20), 0);
  if (sel == 1) return from_bits(sign << 31, 0);
  if (sel >= 4 && sel <= 7) {
    const int bits = w + 1 < 31 ? w + 1 : 31;
    const uint32_t m = g.next() % (1u << bits);
    const double v = (static_cast<double>(m) + 0.5) * pow2(-(w - i));
    return sign ? -v : v;
  }
  if (sel == 2) {
    ef = g.next() % 3;
  } else if (sel == 3) {
    ef = 2046 - g.next() % 3;
  } else if (sel <= 11) {
    int e = 1023 + i + static_cast<int>(g.next() % 12) - 9;
    e = e < 1 ? 1 : (e > 2046 ? 2046 : e);
    ef = static_cast<uint32_t>(e);
  } else {
    ef = g.next() % 2047;
  }
  const uint32_t mhi = g.next() & 0xfffffu;
  const uint32_t mlo = g.next();
  return from_bits((sign << 31) | (ef << 20) | mhi, mlo);
}

inline uint32_t fold(uint32_t h, uint32_t c) { return (h ^ c) * 16777619u; }

template <class T>
inline uint32_t fold_value(uint32_t h, const T& x) {
  for (int i = 0; i < (T::width + 31) / 32; ++i) h = fold(h, x.raw_word(i));
  return h;
}

template <class T>
inline void set_random(Rng& g, T& x) {
  uint32_t w[(T::width + 31) / 32];
  gen_pattern(g, T::width, T::sign_flag, w);
  x.set_raw_words(w, (T::width + 31) / 32);
}

// Dump output: the unsigned raw pattern in hex. Only the word extraction depends on the type, so the
// formatting code is compiled once rather than per instantiation.
inline void print_words(const uint32_t* w, int nw, char end) {
  int i = nw - 1;
  while (i > 0 && w[i] == 0) --i;
  std::printf("%x", w[i]);
  while (--i >= 0) std::printf("%08x", w[i]);
  std::putchar(end);
}

template <class T>
inline void print_hex(const T& x, char end) {
  uint32_t w[(T::width + 31) / 32];
  for (int i = 0; i < (T::width + 31) / 32; ++i) w[i] = x.raw_word(i);
  print_words(w, (T::width + 31) / 32, end);
}

template <class T>
inline void type_info(int* info) {
  info[0] = T::width;
  info[1] = T::iwidth;
  info[2] = T::sign_flag ? 1 : 0;
}

typedef uint32_t (*CaseFn)(uint32_t seed, int n, bool dump, int* info);

struct Case {
  CaseFn fn;
  uint32_t seed;
  int n;
};

template <class A, class D>
uint32_t run_conv(uint32_t seed, int n, bool dump, int* info) {
  Rng g = {seed};
  uint32_t h = 2166136261u;
  for (int k = 0; k < n; ++k) {
    A a;
    set_random(g, a);
    const D d = a;
    h = fold_value(h, d);
    if (dump) {
      print_hex(a, ' ');
      print_hex(d, '\n');
    }
  }
  type_info<D>(info);
  return h;
}

template <class D>
uint32_t run_double(uint32_t seed, int n, bool dump, int* info) {
  Rng g = {seed};
  uint32_t h = 2166136261u;
  for (int k = 0; k < n; ++k) {
    const double x = gen_double(g, D::width, D::iwidth);
    const D d = x;
    h = fold_value(h, d);
    if (dump) {
      std::printf("%016llx ", static_cast<unsigned long long>(to_bits(x)));
      print_hex(d, '\n');
    }
  }
  type_info<D>(info);
  return h;
}

// The exact result (at the operator's own type) and its conversion into D are both hashed.
#define PROP_BINARY(NAME, OP)                                                                      \
  template <class A, class B, class D>                                                             \
  uint32_t NAME(uint32_t seed, int n, bool dump, int* info) {                                      \
    Rng g = {seed};                                                                                \
    uint32_t h = 2166136261u;                                                                      \
    for (int k = 0; k < n; ++k) {                                                                  \
      A a;                                                                                         \
      B b;                                                                                         \
      set_random(g, a);                                                                            \
      set_random(g, b);                                                                            \
      const auto m = a OP b;                                                                       \
      const D d = m;                                                                               \
      h = fold_value(fold_value(h, m), d);                                                         \
      if (dump) {                                                                                  \
        print_hex(a, ' ');                                                                         \
        print_hex(b, ' ');                                                                         \
        print_hex(m, ' ');                                                                         \
        print_hex(d, '\n');                                                                        \
      }                                                                                            \
    }                                                                                              \
    type_info<decltype(A() OP B())>(info);                                                          \
    return h;                                                                                      \
  }
PROP_BINARY(run_mul, *)
PROP_BINARY(run_add, +)
PROP_BINARY(run_sub, -)
#undef PROP_BINARY

}  // namespace prop

#endif  // HLS_STUDIO_PROPERTY_DRIVER_H
