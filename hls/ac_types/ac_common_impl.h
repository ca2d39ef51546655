/*
 * HLS Studio ac_fixed / ac_int for host C-simulation with g++ (Quartus, oneAPI and Catapult projects).
 *
 * Written for HLS Studio from the published semantics of the Algorithmic C ac_fixed / ac_int types
 * (quantization, overflow, result types of arithmetic), as restated in the project's fixed-point
 * specification (§1–§5, §7.1). This is independent code, not derived from any vendor header; it shares
 * its limb arithmetic with HLS Studio's own hls/ap_types/ap_common_impl.h.
 *
 * Representation: the raw W-bit register is kept in ceil(W/64) 64-bit limbs, little-endian, always
 * normalized (bits above W are copies of bit W-1 for signed types, zero for unsigned types). All
 * arithmetic is exact at the widened result type; rounding and overflow only happen when a value is
 * converted into a type, once, from the exact source value. No heap allocation, no floating point in
 * fixed-to-fixed paths, no signed-integer overflow and no out-of-range shifts on builtin types.
 *
 * See README.md in this directory for what is implemented and what is deliberately left out.
 */
#ifndef HLS_STUDIO_AC_COMMON_IMPL_H
#define HLS_STUDIO_AC_COMMON_IMPL_H

#include <cmath>
#include <cstddef>
#include <cstring>
#include <ios>
#include <istream>
#include <limits>
#include <ostream>
#include <string>
#include <type_traits>

enum ac_q_mode { AC_TRN, AC_RND, AC_TRN_ZERO, AC_RND_ZERO, AC_RND_INF, AC_RND_MIN_INF, AC_RND_CONV, AC_RND_CONV_ODD };
enum ac_o_mode { AC_WRAP, AC_SAT, AC_SAT_ZERO, AC_SAT_SYM };

template <int W, int I, bool S = true, ac_q_mode Q = AC_TRN, ac_o_mode O = AC_WRAP>
class ac_fixed;
template <int W, bool S = true>
class ac_int;

// Hot paths are forced inline so that, per type pair, all the mode and width logic folds away.
// Define AC_IMPL_INLINE as plain `inline` before including to trade run time for compile time.
#ifndef AC_IMPL_INLINE
#if defined(__GNUC__)
#define AC_IMPL_INLINE inline __attribute__((always_inline))
#else
#define AC_IMPL_INLINE inline
#endif
#endif

namespace ac_impl {

typedef unsigned long long u64;
__extension__ typedef unsigned __int128 u128;

constexpr int limbs_for(int w) { return w <= 64 ? 1 : (w + 63) / 64; }
constexpr int imax(int a, int b) { return a > b ? a : b; }

// Shift helpers take the count as a run-time value so that no constant out-of-range shift is ever
// written, even in branches that a given instantiation never takes.
AC_IMPL_INLINE u64 low_mask(int n) { return n >= 64 ? ~0ULL : (n <= 0 ? 0ULL : ((1ULL << n) - 1ULL)); }
AC_IMPL_INLINE int floor_div64(int p) { return p >= 0 ? p / 64 : -((63 - p) / 64); }
AC_IMPL_INLINE u64 sign_word(u64 top) { return 0ULL - (top >> 63); }

// A read-only two's complement integer of unbounded width: limbs p[0..n-1], then `ext` repeated.
struct view {
  const u64* p;
  int n;
  u64 ext;
};

AC_IMPL_INLINE u64 limb(const view& x, int i) { return i < 0 ? 0ULL : (i < x.n ? x.p[i] : x.ext); }

// The 64 bits of x starting at bit position pos; positions below 0 read as 0 (a left shift).
AC_IMPL_INLINE u64 bits64(const view& x, int pos) {
  const int q = floor_div64(pos);
  const int r = pos - 64 * q;
  const u64 lo = limb(x, q);
  if (r == 0) return lo;
  return (lo >> r) | (limb(x, q + 1) << (64 - r));
}

AC_IMPL_INLINE bool bit_at(const view& x, int pos) {
  if (pos < 0) return false;
  return ((limb(x, pos / 64) >> (pos % 64)) & 1ULL) != 0;
}

// Any 1 among bit positions [0, pos).
AC_IMPL_INLINE bool any_below(const view& x, int pos) {
  if (pos <= 0) return false;
  const int q = pos / 64;
  const int r = pos % 64;
  const int full = q < x.n ? q : x.n;
  for (int i = 0; i < full; ++i)
    if (x.p[i] != 0) return true;
  if (q > x.n && x.ext != 0) return true;
  return r != 0 && (limb(x, q) & low_mask(r)) != 0;
}

AC_IMPL_INLINE bool is_zero(const view& x) {
  if (x.ext != 0) return false;
  for (int i = 0; i < x.n; ++i)
    if (x.p[i] != 0) return false;
  return true;
}

// All bits at positions >= p (p >= 0) equal the sign, i.e. floor(x / 2^p) is 0 or -1.
AC_IMPL_INLINE bool sign_run_from(const view& x, int p) {
  const int q = p / 64;
  if (q >= x.n) return true;
  if (((x.p[q] ^ x.ext) >> (p % 64)) != 0) return false;
  for (int i = q + 1; i < x.n; ++i)
    if (x.p[i] != x.ext) return false;
  return true;
}

AC_IMPL_INLINE void set_bit(u64* a, int pos, bool v) {
  if (pos < 0) return;
  const u64 m = 1ULL << (pos % 64);
  if (v)
    a[pos / 64] |= m;
  else
    a[pos / 64] &= ~m;
}

AC_IMPL_INLINE bool get_bit(const u64* a, int pos) {
  return pos >= 0 && ((a[pos / 64] >> (pos % 64)) & 1ULL) != 0;
}

// Re-establish the storage invariant: bits above W-1 copy bit W-1 (signed) or are zero (unsigned).
template <int W, bool S>
AC_IMPL_INLINE void normalize(u64* a) {
  const int L = limbs_for(W);
  const int b = W - 64 * (L - 1);
  if (b < 64) {
    const u64 m = low_mask(b);
    if (S && ((a[L - 1] >> (b - 1)) & 1ULL))
      a[L - 1] |= ~m;
    else
      a[L - 1] &= m;
  }
}

template <int W, bool S>
AC_IMPL_INLINE void set_max(u64* a) {
  const int L = limbs_for(W);
  for (int j = 0; j < L; ++j) a[j] = low_mask((S ? W - 1 : W) - 64 * j);
}

template <int W, bool S>
AC_IMPL_INLINE void set_min(u64* a) {
  const int L = limbs_for(W);
  for (int j = 0; j < L; ++j) a[j] = S ? ~low_mask(W - 1 - 64 * j) : 0ULL;
}

/*
 * The one conversion routine (spec §2–§3). x is the exact source integer, d = F_src − F_dst. The
 * floor-shifted value fl = floor(x / 2^d) is built in a buffer of T >= W+3 bits together with a flag
 * telling whether fl fits in T−1 signed bits; a value that does not fit is out of range for the
 * destination in any case, and its low W bits are still exact (arithmetic mod 2^T).
 */
template <int W, bool S, ac_q_mode Q, ac_o_mode O, int N>
AC_IMPL_INLINE void convert(const view& x, int d, u64* out) {
  const int L = limbs_for(W);
  const int LK = limbs_for(W + 3);
  u64 k[LK];
  for (int j = 0; j < LK; ++j) k[j] = bits64(x, d + 64 * j);
  const bool xneg = x.ext != 0;
  const int p = d + 64 * LK - 2;
  const bool fits = p >= 0 ? sign_run_from(x, p) : is_zero(x);

  bool inc = false;
  if (Q != AC_TRN && d > 0) {
    const bool qb = bit_at(x, d - 1);
    switch (Q) {
      case AC_RND:
        inc = qb;
        break;
      case AC_RND_ZERO:
        inc = qb && (xneg || any_below(x, d - 1));
        break;
      case AC_RND_MIN_INF:
        inc = qb && any_below(x, d - 1);
        break;
      case AC_RND_INF:
        inc = qb && (!xneg || any_below(x, d - 1));
        break;
      case AC_RND_CONV:
        inc = qb && ((k[0] & 1ULL) != 0 || any_below(x, d - 1));
        break;
      case AC_RND_CONV_ODD:
        inc = qb && ((k[0] & 1ULL) == 0 || any_below(x, d - 1));
        break;
      case AC_TRN_ZERO:
        inc = xneg && (qb || any_below(x, d - 1));
        break;
      default:
        break;
    }
  }
  if (inc) {
    for (int j = 0; j < LK; ++j)
      if (++k[j] != 0) break;
  }

  bool neg;
  bool in_range;
  if (fits) {
    neg = (k[LK - 1] >> 63) != 0;
    const view kv = {k, LK, neg ? ~0ULL : 0ULL};
    in_range = S ? sign_run_from(kv, W - 1) : (!neg && sign_run_from(kv, W));
  } else {
    neg = xneg;
    in_range = false;
  }

  for (int j = 0; j < L; ++j) out[j] = k[j];
  if (in_range) {
    // SAT_SYM never yields the most negative value, except for W = 1 where it is the only negative one.
    if (O == AC_SAT_SYM && S && W > 1 && neg && get_bit(out, W - 1) && !any_below(view{out, L, 0}, W - 1))
      out[0] |= 1ULL;
    return;
  }

  switch (O) {
    case AC_SAT:
      if (neg)
        set_min<W, S>(out);
      else
        set_max<W, S>(out);
      return;
    case AC_SAT_ZERO:
      for (int j = 0; j < L; ++j) out[j] = 0;
      return;
    case AC_SAT_SYM:
      if (!neg) {
        set_max<W, S>(out);
      } else {
        set_min<W, S>(out);
        if (S && W > 1) out[0] |= 1ULL;
      }
      return;
    case AC_WRAP:
      normalize<W, S>(out);
      return;
  }
}

// double -> fixed: the exact binary value m·2^e of the double, then convert (§4.2).
template <int W, int F, bool S, ac_q_mode Q, ac_o_mode O, int N>
inline void convert_double(double v, u64* out) {
  u64 b;
  std::memcpy(&b, &v, sizeof b);
  const bool neg = (b >> 63) != 0;
  const int e = static_cast<int>((b >> 52) & 0x7ffULL);
  u64 m = b & ((1ULL << 52) - 1ULL);
  int exp2;
  if (e == 0x7ff) {
    // ±inf (and NaN, by its sign bit) behave as ±2^1024.
    m = 1;
    exp2 = 1024;
  } else if (e == 0) {
    exp2 = -1074;
  } else {
    m |= 1ULL << 52;
    exp2 = e - 1075;
  }
  const bool sneg = neg && m != 0;
  const u64 l0 = sneg ? 0ULL - m : m;
  const view x = {&l0, 1, sneg ? ~0ULL : 0ULL};
  convert<W, S, Q, O, N>(x, -exp2 - F, out);
}

template <int L>
AC_IMPL_INLINE void add_aligned(const view& a, int sa, const view& b, int sb, u64* r) {
  u64 carry = 0;
  for (int j = 0; j < L; ++j) {
    const u64 x = bits64(a, 64 * j - sa);
    const u64 y = bits64(b, 64 * j - sb);
    const u64 s = x + y;
    const u64 t = s + carry;
    carry = static_cast<u64>(s < x) | static_cast<u64>(t < s);
    r[j] = t;
  }
}

template <int L>
AC_IMPL_INLINE void sub_aligned(const view& a, int sa, const view& b, int sb, u64* r) {
  u64 borrow = 0;
  for (int j = 0; j < L; ++j) {
    const u64 x = bits64(a, 64 * j - sa);
    const u64 y = bits64(b, 64 * j - sb);
    const u64 s = x - y;
    const u64 t = s - borrow;
    borrow = static_cast<u64>(x < y) | static_cast<u64>(s < borrow);
    r[j] = t;
  }
}

// Product modulo 2^(64L) of two sign/zero-extended integers; exact whenever the result type holds it.
template <int L>
AC_IMPL_INLINE void mul_wrap(const view& a, const view& b, u64* r) {
  if (L == 1) {
    r[0] = limb(a, 0) * limb(b, 0);
    return;
  }
  u64 x[L];
  u64 y[L];
  for (int j = 0; j < L; ++j) {
    x[j] = limb(a, j);
    y[j] = limb(b, j);
    r[j] = 0;
  }
  for (int i = 0; i < L; ++i) {
    u64 carry = 0;
    for (int j = 0; i + j < L; ++j) {
      const u128 t = static_cast<u128>(x[i]) * y[j] + r[i + j] + carry;
      r[i + j] = static_cast<u64>(t);
      carry = static_cast<u64>(t >> 64);
    }
  }
}

template <int L>
AC_IMPL_INLINE void negate_in_place(u64* a) {
  u64 carry = 1;
  for (int j = 0; j < L; ++j) {
    const u64 t = ~a[j] + carry;
    carry = (carry != 0 && t == 0) ? 1ULL : 0ULL;
    a[j] = t;
  }
}

// Unsigned long division of LN-limb num by LD-limb den (den != 0); quotient into q (LN limbs).
template <int LN, int LD>
inline void udiv(const u64* num, const u64* den, u64* q) {
  if (LN <= 2 && LD <= 2) {
    const u128 n = static_cast<u128>(num[0]) | (LN > 1 ? static_cast<u128>(num[LN > 1 ? 1 : 0]) << 64 : 0);
    const u128 dd = static_cast<u128>(den[0]) | (LD > 1 ? static_cast<u128>(den[LD > 1 ? 1 : 0]) << 64 : 0);
    const u128 qq = n / dd;
    q[0] = static_cast<u64>(qq);
    if (LN > 1) q[LN > 1 ? 1 : 0] = static_cast<u64>(qq >> 64);
    return;
  }
  u64 rem[LD + 1];
  for (int j = 0; j <= LD; ++j) rem[j] = 0;
  for (int j = 0; j < LN; ++j) q[j] = 0;
  for (int i = 64 * LN - 1; i >= 0; --i) {
    for (int j = LD; j > 0; --j) rem[j] = (rem[j] << 1) | (rem[j - 1] >> 63);
    rem[0] = (rem[0] << 1) | ((num[i / 64] >> (i % 64)) & 1ULL);
    bool ge = rem[LD] != 0;
    if (!ge) {
      ge = true;
      for (int j = LD - 1; j >= 0; --j) {
        if (rem[j] != den[j]) {
          ge = rem[j] > den[j];
          break;
        }
      }
    }
    if (ge) {
      u64 borrow = 0;
      for (int j = 0; j <= LD; ++j) {
        const u64 y = j < LD ? den[j] : 0ULL;
        const u64 s = rem[j] - y;
        const u64 t = s - borrow;
        borrow = static_cast<u64>(rem[j] < y) | static_cast<u64>(s < borrow);
        rem[j] = t;
      }
      q[i / 64] |= 1ULL << (i % 64);
    }
  }
}

// raw = trunc0((a << sh) / b), written into LR limbs (the caller normalizes). Division by zero gives 0.
template <int LN, int LD, int LR>
inline void div_trunc(const view& a, int sh, const view& b, u64* r) {
  u64 num[LN];
  u64 den[LD];
  for (int j = 0; j < LN; ++j) num[j] = bits64(a, 64 * j - sh);
  for (int j = 0; j < LD; ++j) den[j] = limb(b, j);
  const bool nneg = a.ext != 0;
  const bool dneg = b.ext != 0;
  if (nneg) negate_in_place<LN>(num);
  if (dneg) negate_in_place<LD>(den);
  bool dzero = true;
  for (int j = 0; j < LD; ++j)
    if (den[j] != 0) dzero = false;
  u64 q[LN];
  for (int j = 0; j < LN; ++j) q[j] = 0;
  if (!dzero) udiv<LN, LD>(num, den, q);
  if (nneg != dneg) negate_in_place<LN>(q);
  const u64 ext = sign_word(q[LN - 1]);
  for (int j = 0; j < LR; ++j) r[j] = j < LN ? q[j] : ext;
}

// Compare a·2^sa with b·2^sb (sa, sb >= 0) as signed integers of LC limbs: -1, 0 or 1.
template <int LC>
AC_IMPL_INLINE int compare_aligned(const view& a, int sa, const view& b, int sb) {
  for (int j = LC - 1; j >= 0; --j) {
    u64 x = bits64(a, 64 * j - sa);
    u64 y = bits64(b, 64 * j - sb);
    if (j == LC - 1) {
      x ^= 1ULL << 63;
      y ^= 1ULL << 63;
    }
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

// Correctly rounded (to nearest, ties to even) conversion of a raw integer times 2^-frac.
template <typename FP, int L>
inline FP to_floating(const u64* v, bool is_signed, int frac) {
  if (L == 1) {
    const FP m = is_signed ? static_cast<FP>(static_cast<long long>(v[0])) : static_cast<FP>(v[0]);
    return std::ldexp(m, -frac);
  }
  u64 mag[L];
  for (int j = 0; j < L; ++j) mag[j] = v[j];
  const bool neg = is_signed && (v[L - 1] >> 63) != 0;
  if (neg) negate_in_place<L>(mag);
  int top = -1;
  for (int j = L - 1; j >= 0 && top < 0; --j)
    if (mag[j] != 0) top = 64 * j + 63 - __builtin_clzll(mag[j]);
  if (top < 0) return FP(0);
  const view mv = {mag, L, 0ULL};
  const int lo = top >= 63 ? top - 63 : 0;
  u64 window = bits64(mv, lo);
  // A sticky bit below the 64-bit window keeps the single hardware rounding exact.
  if (any_below(mv, lo)) window |= 1ULL;
  const FP m = std::ldexp(static_cast<FP>(window), lo - frac);
  return neg ? -m : m;
}

// C integer types seen as ac_int of their width (bool is ac_int<1,false>, enums use their
// underlying type).
template <typename T, bool E = std::is_enum<T>::value>
struct cint_base {
  typedef T type;
};
template <typename T>
struct cint_base<T, true> {
  typedef typename std::underlying_type<T>::type type;
};

template <typename T>
struct is_cint {
  static const bool value = std::is_integral<T>::value || std::is_enum<T>::value;
};

template <typename T>
struct cint_info {
  typedef typename cint_base<T>::type U;
  static const bool is_bool = std::is_same<U, bool>::value;
  static const int bits = is_bool ? 1 : static_cast<int>(sizeof(U) * 8);
  static const bool sgn = !is_bool && std::numeric_limits<U>::is_signed;
};

template <int W, bool S>
struct int_type;
template <int W>
struct int_type<W, true> {
  typedef ac_int<W, true> type;
};
template <int W>
struct int_type<W, false> {
  typedef ac_int<W, false> type;
};

template <typename T>
struct cint_ac {
  typedef typename int_type<cint_info<T>::bits, cint_info<T>::sgn>::type type;
};

// The C++ type named by a result (W, I, signedness, integer-kind).
template <int W, int I, bool S, bool K>
struct pick;
template <int W, int I>
struct pick<W, I, true, false> {
  typedef ac_fixed<W, I, true> type;
};
template <int W, int I>
struct pick<W, I, false, false> {
  typedef ac_fixed<W, I, false> type;
};
template <int W, int I>
struct pick<W, I, true, true> {
  typedef ac_int<W, true> type;
};
template <int W, int I>
struct pick<W, I, false, true> {
  typedef ac_int<W, false> type;
};

// Exact result types of binary operators (spec §5).
template <class A, class B>
struct result {
  static const int F1 = A::width - A::iwidth;
  static const int F2 = B::width - B::iwidth;
  static const int F = imax(F1, F2);
  static const bool S1 = A::sign_flag;
  static const bool S2 = B::sign_flag;
  static const int Ix = imax(A::iwidth + (S2 && !S1 ? 1 : 0), B::iwidth + (S1 && !S2 ? 1 : 0));
  static const bool K = A::is_integer && B::is_integer;
  typedef typename pick<A::width + B::width, A::iwidth + B::iwidth, S1 || S2, K>::type mult;
  typedef typename pick<Ix + 1 + F, Ix + 1, S1 || S2, K>::type plus;
  typedef typename pick<Ix + 1 + F, Ix + 1, true, K>::type minus;
  typedef typename pick<Ix + F, Ix, S1 || S2, K>::type logic;
  typedef typename pick<A::width + imax(F2, 0) + (S2 ? 1 : 0), A::iwidth + F2 + (S2 ? 1 : 0), S1 || S2, K>::type div;
};

template <class T>
struct is_ac {
  static const bool value = false;
};
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O>
struct is_ac<ac_fixed<W, I, S, Q, O> > {
  static const bool value = true;
};
template <int W, bool S>
struct is_ac<ac_int<W, S> > {
  static const bool value = true;
};

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/*
 * Common base of ac_fixed (K = false) and ac_int (K = true). N is always 0 (ac has no saturation
 * bits). K marks integer results; conversions into ac_int floor (AC_TRN), like ac_fixed's default.
 */
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
class fixed_base {
  static_assert(W >= 1, "ac types need a width of at least 1 bit");
  static_assert(N == 0, "ac types have no saturation bits");

 public:
  static const int width = W;
  static const int iwidth = I;
  static const bool sign_flag = S;
  static const ac_q_mode qmode = Q;
  static const ac_o_mode omode = O;
  static const int sat_bits = N;
  static const bool is_integer = K;
  static const int frac_bits = W - I;
  static const int limb_count = limbs_for(W);

  // The raw register (internal; use the test-support functions below to read or set bit patterns).
  u64 raw_limbs[limbs_for(W)];

  fixed_base() {
    for (int j = 0; j < limb_count; ++j) raw_limbs[j] = 0;
  }

  template <int W2, int I2, bool S2, ac_q_mode Q2, ac_o_mode O2, int N2, bool K2>
  AC_IMPL_INLINE fixed_base(const fixed_base<W2, I2, S2, Q2, O2, N2, K2>& x) {
    convert<W, S, K ? AC_TRN : Q, O, N>(x.as_view(), (W2 - I2) - (W - I), raw_limbs);
  }

  fixed_base(double x) { convert_double<W, W - I, S, K ? AC_TRN : Q, O, N>(x, raw_limbs); }

  template <typename T, typename std::enable_if<is_cint<T>::value, int>::type = 0>
  AC_IMPL_INLINE fixed_base(T x) {
    typedef typename cint_base<T>::type U;
    const U u = static_cast<U>(x);
    const bool neg = cint_info<T>::sgn && u < U(0);
    const u64 l0 = cint_info<T>::sgn ? static_cast<u64>(static_cast<long long>(u)) : static_cast<u64>(u);
    const view v = {&l0, 1, neg ? ~0ULL : 0ULL};
    convert<W, S, K ? AC_TRN : Q, O, N>(v, -(W - I), raw_limbs);
  }

  AC_IMPL_INLINE view as_view() const {
    const view v = {raw_limbs, limb_count, S ? sign_word(raw_limbs[limb_count - 1]) : 0ULL};
    return v;
  }

  // ---- value access ---------------------------------------------------------------------------

  double to_double() const { return to_floating<double, limbs_for(W)>(raw_limbs, S, W - I); }
  float to_float() const { return to_floating<float, limbs_for(W)>(raw_limbs, S, W - I); }

  // Integer part floored (toward -inf, ac semantics, spec §4.3/§7.1), then the low 64 bits.
  AC_IMPL_INLINE u64 trunc_bits64() const {
    u64 t[1];
    convert<64, true, AC_TRN, AC_WRAP, 0>(as_view(), W - I, t);
    return t[0];
  }
  int to_int() const { return static_cast<int>(static_cast<unsigned>(trunc_bits64())); }
  unsigned to_uint() const { return static_cast<unsigned>(trunc_bits64()); }
  long to_long() const { return static_cast<long>(trunc_bits64()); }
  unsigned long to_ulong() const { return static_cast<unsigned long>(trunc_bits64()); }
  long long to_int64() const { return static_cast<long long>(trunc_bits64()); }
  unsigned long long to_uint64() const { return trunc_bits64(); }
  bool to_bool() const { return !is_zero(as_view()); }

  int length() const { return W; }
  bool is_neg() const { return S && (raw_limbs[limb_count - 1] >> 63) != 0; }
  bool is_zero() const { return ac_impl::is_zero(as_view()); }
  bool iszero() const { return is_zero(); }

  // ---- bit access (read-only views of the raw pattern, plus set_bit) --------------------------

  bool operator[](int i) const { return bit_at(as_view(), i); }
  bool get_bit(int i) const { return bit_at(as_view(), i); }
  void set_bit(int i, bool b) {
    if (i < 0 || i >= W) return;
    ac_impl::set_bit(raw_limbs, i, b);
    normalize<W, S>(raw_limbs);
  }

  // Bits hi..lo of the raw pattern as an unsigned integer (hi >= lo; otherwise 0).
  ac_int<W, false> range(int hi, int lo) const {
    ac_int<W, false> r;
    if (hi < lo || lo < 0) return r;
    const int n = hi - lo + 1;
    const view v = as_view();
    for (int j = 0; j < limb_count; ++j) r.raw_limbs[j] = bits64(v, lo + 64 * j) & low_mask(n - 64 * j);
    normalize<W, false>(r.raw_limbs);
    return r;
  }
  ac_int<W, false> range() const { return range(W - 1, 0); }

  // W2 bits starting at bit lsb, as ac_int<W2, S> (ac's slc; bits above W read as the sign).
  template <int W2>
  ac_int<W2, S> slc(int lsb) const {
    ac_int<W2, S> r;
    const view v = as_view();
    for (int j = 0; j < ac_int<W2, S>::limb_count; ++j) r.raw_limbs[j] = bits64(v, lsb + 64 * j);
    normalize<W2, S>(r.raw_limbs);
    return r;
  }

  // ---- test support: raw bit patterns ----------------------------------------------------------

  // 32-bit word i of the unsigned W-bit raw pattern (0 beyond the width).
  unsigned raw_word(int i) const {
    if (i < 0 || 32 * i >= W) return 0;
    const u64 l = raw_limbs[i / 2] >> (32 * (i % 2));
    const int left = W - 32 * i;
    return static_cast<unsigned>(l & low_mask(left < 32 ? left : 32));
  }

  // Set the raw pattern from n little-endian 32-bit words; the pattern is taken modulo 2^W.
  void set_raw_words(const unsigned* words, int n) {
    for (int j = 0; j < limb_count; ++j) raw_limbs[j] = 0;
    for (int i = 0; i < n && i < 2 * limb_count; ++i)
      raw_limbs[i / 2] |= static_cast<u64>(words[i]) << (32 * (i % 2));
    normalize<W, S>(raw_limbs);
  }

  // Set the raw integer from text: optional '-', then decimal digits or 0x-prefixed hex (mod 2^W).
  void set_raw_str(const char* s) {
    for (int j = 0; j < limb_count; ++j) raw_limbs[j] = 0;
    bool neg = false;
    if (*s == '-' || *s == '+') neg = *s++ == '-';
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
      base = 16;
      s += 2;
    }
    for (; *s; ++s) {
      const int dgt = hex_digit(*s);
      if (dgt < 0 || dgt >= base) break;
      u64 carry = static_cast<u64>(dgt);
      for (int j = 0; j < limb_count; ++j) {
        const u128 t = static_cast<u128>(raw_limbs[j]) * static_cast<unsigned>(base) + carry;
        raw_limbs[j] = static_cast<u64>(t);
        carry = static_cast<u64>(t >> 64);
      }
    }
    if (neg) negate_in_place<limbs_for(W)>(raw_limbs);
    normalize<W, S>(raw_limbs);
  }

  // The unsigned W-bit raw pattern in lowercase hex, no prefix, no leading zeros.
  std::string raw_hex() const {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (int i = (W + 3) / 4 - 1; i >= 0; --i) {
      const int pos = 4 * i;
      unsigned dgt = static_cast<unsigned>((raw_limbs[pos / 64] >> (pos % 64)) & 0xfULL);
      if (W - pos < 4) dgt &= (1u << (W - pos)) - 1u;
      if (out.empty() && dgt == 0 && i != 0) continue;
      out += digits[dgt];
    }
    return out;
  }
};

template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const int fixed_base<W, I, S, Q, O, N, K>::width;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const int fixed_base<W, I, S, Q, O, N, K>::iwidth;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const bool fixed_base<W, I, S, Q, O, N, K>::sign_flag;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const ac_q_mode fixed_base<W, I, S, Q, O, N, K>::qmode;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const ac_o_mode fixed_base<W, I, S, Q, O, N, K>::omode;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const int fixed_base<W, I, S, Q, O, N, K>::sat_bits;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const bool fixed_base<W, I, S, Q, O, N, K>::is_integer;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const int fixed_base<W, I, S, Q, O, N, K>::frac_bits;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O, int N, bool K>
const int fixed_base<W, I, S, Q, O, N, K>::limb_count;

// A C integer as its exact ac_int (no conversion logic needed: the value always fits).
template <typename T>
AC_IMPL_INLINE typename cint_ac<T>::type make_cint(T x) {
  typedef typename cint_base<T>::type U;
  typename cint_ac<T>::type r;
  const U u = static_cast<U>(x);
  r.raw_limbs[0] = cint_info<T>::sgn ? static_cast<u64>(static_cast<long long>(u)) : static_cast<u64>(u);
  return r;
}

}  // namespace ac_impl

#define AC_IMPL_TPL(n) int W##n, int I##n, bool S##n, ac_q_mode Q##n, ac_o_mode O##n, int N##n, bool K##n
#define AC_IMPL_BASE(n) ac_impl::fixed_base<W##n, I##n, S##n, Q##n, O##n, N##n, K##n>

#define AC_IMPL_CTORS(NAME)                                                                        \
  NAME() : Base() {}                                                                               \
  template <int W2, int I2, bool S2, ac_q_mode Q2, ac_o_mode O2, int N2, bool K2>                  \
  AC_IMPL_INLINE NAME(const ac_impl::fixed_base<W2, I2, S2, Q2, O2, N2, K2>& x) : Base(x) {}       \
  AC_IMPL_INLINE NAME(double x) : Base(x) {}                                                       \
  template <typename T, typename std::enable_if<ac_impl::is_cint<T>::value, int>::type = 0>        \
  AC_IMPL_INLINE NAME(T x) : Base(x) {}

template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O>
class ac_fixed : public ac_impl::fixed_base<W, I, S, Q, O, 0, false> {
  typedef ac_impl::fixed_base<W, I, S, Q, O, 0, false> Base;

 public:
  AC_IMPL_CTORS(ac_fixed)
};

template <int W, bool S>
class ac_int : public ac_impl::fixed_base<W, W, S, AC_TRN, AC_WRAP, 0, true> {
  typedef ac_impl::fixed_base<W, W, S, AC_TRN, AC_WRAP, 0, true> Base;

 public:
  typedef typename std::conditional<(W <= 32), typename std::conditional<S, int, unsigned>::type,
                                    typename std::conditional<S, long long, unsigned long long>::type>::type c_type;
  AC_IMPL_CTORS(ac_int)
  // The low bits as the smallest fitting C integer, so that ac_int works as an array index.
  operator c_type() const { return static_cast<c_type>(this->raw_limbs[0]); }
};

// ---- arithmetic between ac types (exact, spec §5) -------------------------------------------------

template <AC_IMPL_TPL(1), AC_IMPL_TPL(2)>
AC_IMPL_INLINE typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::mult operator*(const AC_IMPL_BASE(1) & a,
                                                                                       const AC_IMPL_BASE(2) & b) {
  typedef typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::mult R;
  R r;
  ac_impl::mul_wrap<R::limb_count>(a.as_view(), b.as_view(), r.raw_limbs);
  ac_impl::normalize<R::width, R::sign_flag>(r.raw_limbs);
  return r;
}

template <AC_IMPL_TPL(1), AC_IMPL_TPL(2)>
AC_IMPL_INLINE typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::plus operator+(const AC_IMPL_BASE(1) & a,
                                                                                       const AC_IMPL_BASE(2) & b) {
  typedef typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::plus R;
  R r;
  ac_impl::add_aligned<R::limb_count>(a.as_view(), R::frac_bits - (W1 - I1), b.as_view(), R::frac_bits - (W2 - I2),
                                      r.raw_limbs);
  ac_impl::normalize<R::width, R::sign_flag>(r.raw_limbs);
  return r;
}

template <AC_IMPL_TPL(1), AC_IMPL_TPL(2)>
AC_IMPL_INLINE typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::minus operator-(const AC_IMPL_BASE(1) & a,
                                                                                        const AC_IMPL_BASE(2) & b) {
  typedef typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::minus R;
  R r;
  ac_impl::sub_aligned<R::limb_count>(a.as_view(), R::frac_bits - (W1 - I1), b.as_view(), R::frac_bits - (W2 - I2),
                                      r.raw_limbs);
  ac_impl::normalize<R::width, R::sign_flag>(r.raw_limbs);
  return r;
}

// Quotient truncated toward zero: raw = trunc0((a.raw << max(F2,0)) / b.raw). b == 0 gives 0.
template <AC_IMPL_TPL(1), AC_IMPL_TPL(2)>
inline typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::div operator/(const AC_IMPL_BASE(1) & a,
                                                                              const AC_IMPL_BASE(2) & b) {
  typedef typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::div R;
  const int sh = ac_impl::imax(W2 - I2, 0);
  R r;
  ac_impl::div_trunc<ac_impl::limbs_for(W1 + sh + 1), ac_impl::limbs_for(W2 + 1), R::limb_count>(
      a.as_view(), sh, b.as_view(), r.raw_limbs);
  ac_impl::normalize<R::width, R::sign_flag>(r.raw_limbs);
  return r;
}

#define AC_IMPL_BITWISE(OP)                                                                                   \
  template <AC_IMPL_TPL(1), AC_IMPL_TPL(2)>                                                                   \
  AC_IMPL_INLINE typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::logic operator OP(               \
      const AC_IMPL_BASE(1) & a, const AC_IMPL_BASE(2) & b) {                                                  \
    typedef typename ac_impl::result<AC_IMPL_BASE(1), AC_IMPL_BASE(2)>::logic R;                              \
    R r;                                                                                                      \
    const ac_impl::view va = a.as_view();                                                                     \
    const ac_impl::view vb = b.as_view();                                                                     \
    for (int j = 0; j < R::limb_count; ++j)                                                                   \
      r.raw_limbs[j] = ac_impl::bits64(va, 64 * j - (R::frac_bits - (W1 - I1)))                               \
          OP ac_impl::bits64(vb, 64 * j - (R::frac_bits - (W2 - I2)));                                        \
    ac_impl::normalize<R::width, R::sign_flag>(r.raw_limbs);                                                  \
    return r;                                                                                                 \
  }
AC_IMPL_BITWISE(&)
AC_IMPL_BITWISE(|)
AC_IMPL_BITWISE(^)
#undef AC_IMPL_BITWISE

// -a: one more bit, always signed.
template <AC_IMPL_TPL(1)>
AC_IMPL_INLINE typename ac_impl::pick<W1 + 1, I1 + 1, true, K1>::type operator-(const AC_IMPL_BASE(1) & a) {
  typedef typename ac_impl::pick<W1 + 1, I1 + 1, true, K1>::type R;
  R r;
  const ac_impl::view va = a.as_view();
  for (int j = 0; j < R::limb_count; ++j) r.raw_limbs[j] = ac_impl::limb(va, j);
  ac_impl::negate_in_place<R::limb_count>(r.raw_limbs);
  ac_impl::normalize<R::width, true>(r.raw_limbs);
  return r;
}

template <class D>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D>::type operator+(const D& a) {
  return a;
}

// ~a: ac widens an unsigned operand by one bit and makes it signed (spec §5).
template <AC_IMPL_TPL(1)>
AC_IMPL_INLINE typename ac_impl::pick<W1 + (S1 ? 0 : 1), I1 + (S1 ? 0 : 1), true, K1>::type operator~(
    const AC_IMPL_BASE(1) & a) {
  typedef typename ac_impl::pick<W1 + (S1 ? 0 : 1), I1 + (S1 ? 0 : 1), true, K1>::type R;
  R r;
  const ac_impl::view va = a.as_view();
  for (int j = 0; j < R::limb_count; ++j) r.raw_limbs[j] = ~ac_impl::limb(va, j);
  ac_impl::normalize<R::width, true>(r.raw_limbs);
  return r;
}

template <class D>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, bool>::type operator!(const D& a) {
  return a.is_zero();
}

// ---- comparisons (exact between ap types and with C integers) ------------------------------------

namespace ac_impl {
template <AC_IMPL_TPL(1), AC_IMPL_TPL(2)>
AC_IMPL_INLINE int compare(const AC_IMPL_BASE(1) & a, const AC_IMPL_BASE(2) & b) {
  const int F = imax(W1 - I1, W2 - I2);
  const int sa = F - (W1 - I1);
  const int sb = F - (W2 - I2);
  return compare_aligned<limbs_for(imax(W1 + sa, W2 + sb) + 1)>(a.as_view(), sa, b.as_view(), sb);
}
}  // namespace ac_impl

#define AC_IMPL_CMP(OP)                                                                                       \
  template <AC_IMPL_TPL(1), AC_IMPL_TPL(2)>                                                                   \
  AC_IMPL_INLINE bool operator OP(const AC_IMPL_BASE(1) & a, const AC_IMPL_BASE(2) & b) {                     \
    return ac_impl::compare(a, b) OP 0;                                                                       \
  }                                                                                                           \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<ac_impl::is_cint<T>::value, bool>::type operator OP(                 \
      const AC_IMPL_BASE(1) & a, T b) {                                                                       \
    return ac_impl::compare(a, ac_impl::make_cint(b)) OP 0;                                                   \
  }                                                                                                           \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<ac_impl::is_cint<T>::value, bool>::type operator OP(                 \
      T a, const AC_IMPL_BASE(1) & b) {                                                                       \
    return ac_impl::compare(ac_impl::make_cint(a), b) OP 0;                                                   \
  }                                                                                                           \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<std::is_floating_point<T>::value, bool>::type operator OP(           \
      const AC_IMPL_BASE(1) & a, T b) {                                                                       \
    return a.to_double() OP static_cast<double>(b);                                                           \
  }                                                                                                           \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<std::is_floating_point<T>::value, bool>::type operator OP(           \
      T a, const AC_IMPL_BASE(1) & b) {                                                                       \
    return static_cast<double>(a) OP b.to_double();                                                           \
  }
AC_IMPL_CMP(==)
AC_IMPL_CMP(!=)
AC_IMPL_CMP(<)
AC_IMPL_CMP(<=)
AC_IMPL_CMP(>)
AC_IMPL_CMP(>=)
#undef AC_IMPL_CMP

// ---- mixing with C integers (seen as ac_int of their width) and floating point ---------
// Floating-point operands make the whole expression a double (the ap value goes through to_double()).

#define AC_IMPL_MIXED(OP, KIND)                                                                               \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<                                                                     \
      ac_impl::is_cint<T>::value,                                                                             \
      typename ac_impl::result<AC_IMPL_BASE(1), typename ac_impl::cint_ac<T>::type>::KIND>::type              \
  operator OP(const AC_IMPL_BASE(1) & a, T b) {                                                               \
    return a OP ac_impl::make_cint(b);                                                                        \
  }                                                                                                           \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<                                                                     \
      ac_impl::is_cint<T>::value,                                                                             \
      typename ac_impl::result<typename ac_impl::cint_ac<T>::type, AC_IMPL_BASE(1)>::KIND>::type              \
  operator OP(T a, const AC_IMPL_BASE(1) & b) {                                                               \
    return ac_impl::make_cint(a) OP b;                                                                        \
  }
AC_IMPL_MIXED(*, mult)
AC_IMPL_MIXED(+, plus)
AC_IMPL_MIXED(-, minus)
AC_IMPL_MIXED(/, div)
AC_IMPL_MIXED(&, logic)
AC_IMPL_MIXED(|, logic)
AC_IMPL_MIXED(^, logic)
#undef AC_IMPL_MIXED

#define AC_IMPL_FLOAT(OP)                                                                                     \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<std::is_floating_point<T>::value, double>::type operator OP(         \
      const AC_IMPL_BASE(1) & a, T b) {                                                                       \
    return a.to_double() OP static_cast<double>(b);                                                           \
  }                                                                                                           \
  template <AC_IMPL_TPL(1), class T>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<std::is_floating_point<T>::value, double>::type operator OP(         \
      T a, const AC_IMPL_BASE(1) & b) {                                                                       \
    return static_cast<double>(a) OP b.to_double();                                                           \
  }
AC_IMPL_FLOAT(*)
AC_IMPL_FLOAT(+)
AC_IMPL_FLOAT(-)
AC_IMPL_FLOAT(/)
#undef AC_IMPL_FLOAT

// ---- compound assignment: full-precision result, then one conversion into the left type --------

#define AC_IMPL_COMPOUND(OPEQ, OP)                                                                            \
  template <class D, AC_IMPL_TPL(2)>                                                                          \
  AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D&>::type operator OPEQ(                   \
      D& a, const AC_IMPL_BASE(2) & b) {                                                                      \
    a = D(a OP b);                                                                                            \
    return a;                                                                                                 \
  }                                                                                                           \
  template <class D, class T>                                                                                 \
  AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value && ac_impl::is_cint<T>::value, D&>::type    \
  operator OPEQ(D& a, T b) {                                                                                  \
    a = D(a OP ac_impl::make_cint(b));                                                                        \
    return a;                                                                                                 \
  }
AC_IMPL_COMPOUND(+=, +)
AC_IMPL_COMPOUND(-=, -)
AC_IMPL_COMPOUND(*=, *)
AC_IMPL_COMPOUND(/=, /)
AC_IMPL_COMPOUND(&=, &)
AC_IMPL_COMPOUND(|=, |)
AC_IMPL_COMPOUND(^=, ^)
#undef AC_IMPL_COMPOUND

#define AC_IMPL_COMPOUND_FLOAT(OPEQ, OP)                                                                      \
  template <class D, class T>                                                                                 \
  AC_IMPL_INLINE                                                                                              \
      typename std::enable_if<ac_impl::is_ac<D>::value && std::is_floating_point<T>::value, D&>::type         \
      operator OPEQ(D& a, T b) {                                                                              \
    a = D(a.to_double() OP static_cast<double>(b));                                                           \
    return a;                                                                                                 \
  }
AC_IMPL_COMPOUND_FLOAT(+=, +)
AC_IMPL_COMPOUND_FLOAT(-=, -)
AC_IMPL_COMPOUND_FLOAT(*=, *)
AC_IMPL_COMPOUND_FLOAT(/=, /)
#undef AC_IMPL_COMPOUND_FLOAT

namespace ac_impl {
// One LSB of D, as an unsigned fixed value.
template <class D>
AC_IMPL_INLINE ac_fixed<1, D::iwidth - D::width + 1, false> one_lsb() {
  ac_fixed<1, D::iwidth - D::width + 1, false> r;
  r.raw_limbs[0] = 1;
  return r;
}
}  // namespace ac_impl

// ++ / -- add or subtract one LSB (ac; ap steps by 1.0), then convert back into the type (spec §4.4).
template <class D>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D&>::type operator++(D& a) {
  a = D(a + ac_impl::one_lsb<D>());
  return a;
}
template <class D>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D&>::type operator--(D& a) {
  a = D(a - ac_impl::one_lsb<D>());
  return a;
}
template <class D>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D>::type operator++(D& a, int) {
  const D old = a;
  ++a;
  return old;
}
template <class D>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D>::type operator--(D& a, int) {
  const D old = a;
  --a;
  return old;
}

// ---- shifts keep the type: << wraps inside W, >> floors (signed) or is logical (unsigned) --------

namespace ac_impl {
template <class D>
AC_IMPL_INLINE D shift_left(const D& a, long long n) {
  // Shifting by W or more gives the same bits as shifting by W (+1 for safety); clamp to stay in int.
  const long long lim = static_cast<long long>(D::width) + 1;
  if (n > lim) n = lim;
  if (n < -lim) n = -lim;
  const int s = static_cast<int>(n);
  D r;
  const view v = a.as_view();
  for (int j = 0; j < D::limb_count; ++j) r.raw_limbs[j] = bits64(v, 64 * j - s);
  normalize<D::width, D::sign_flag>(r.raw_limbs);
  return r;
}
// -n without overflowing for the most negative count.
AC_IMPL_INLINE long long reverse_count(long long n) { return n < -(1LL << 40) ? (1LL << 40) : -n; }
template <class T>
AC_IMPL_INLINE long long shift_count(T n) {
  return static_cast<long long>(n);
}
template <AC_IMPL_TPL(1)>
AC_IMPL_INLINE long long shift_count(const AC_IMPL_BASE(1) & n) {
  return n.to_int64();
}
}  // namespace ac_impl

template <class D, class T>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value && ac_impl::is_cint<T>::value, D>::type operator<<(
    const D& a, T n) {
  return ac_impl::shift_left(a, ac_impl::shift_count(n));
}
template <class D, class T>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value && ac_impl::is_cint<T>::value, D>::type operator>>(
    const D& a, T n) {
  return ac_impl::shift_left(a, ac_impl::reverse_count(ac_impl::shift_count(n)));
}
template <class D, AC_IMPL_TPL(2)>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D>::type operator<<(const D& a,
                                                                                     const AC_IMPL_BASE(2) & n) {
  return ac_impl::shift_left(a, ac_impl::shift_count(n));
}
template <class D, AC_IMPL_TPL(2)>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D>::type operator>>(const D& a,
                                                                                     const AC_IMPL_BASE(2) & n) {
  return ac_impl::shift_left(a, ac_impl::reverse_count(ac_impl::shift_count(n)));
}
template <class D, class T>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D&>::type operator<<=(D& a, const T& n) {
  a = a << n;
  return a;
}
template <class D, class T>
AC_IMPL_INLINE typename std::enable_if<ac_impl::is_ac<D>::value, D&>::type operator>>=(D& a, const T& n) {
  a = a >> n;
  return a;
}

// ---- stream I/O ----------------------------------------------------------------------------------

template <AC_IMPL_TPL(1)>
inline std::ostream& operator<<(std::ostream& os, const AC_IMPL_BASE(1) & x) {
  if (K1 && W1 <= 64) {
    if (S1)
      os << x.to_int64();
    else
      os << x.to_uint64();
    return os;
  }
  // Enough significant digits that the printed text reads back as the same double.
  const std::ios_base::fmtflags ff = os.flags() & std::ios_base::floatfield;
  const std::streamsize p = os.precision();
  const bool general = ff != std::ios_base::fixed && ff != std::ios_base::scientific;
  if (general && p < 17) os.precision(17);
  os << x.to_double();
  os.precision(p);
  return os;
}

template <class D>
inline typename std::enable_if<ac_impl::is_ac<D>::value, std::istream&>::type operator>>(std::istream& is, D& x) {
  double d = 0;
  if (is >> d) x = D(d);
  return is;
}

#undef AC_IMPL_CTORS

#endif  // HLS_STUDIO_AC_COMMON_IMPL_H
