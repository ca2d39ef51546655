// HLS Studio: piecewise-linear sigmoid, tanh, softmax, elu, selu, softplus and softsign on ac_fixed,
// for the Catapult flavour of the library.
//
// HLS Studio's own code. The segment counts, domains, slopes, intercepts and internal precisions are
// the published ones of Siemens' ac_math PWL functions (ac_sigmoid_pwl, ac_tanh_pwl, ac_softmax_pwl
// with ac_exp_pwl and ac_reciprocal_pwl, ac_elu_pwl, ac_selu_pwl, ac_softplus_pwl with ac_log_pwl,
// ac_softsign_pwl; facts, see README.md); the implementation is written here from those numbers. Every
// step is exact fixed-point arithmetic followed by documented conversions, so the TypeScript emulator
// (src/core/emulate/catapultPwl.ts, catapultSoftmax.ts, catapultParamPwl.ts) reproduces it bit for bit.
//
// sigmoid and tanh:
//   a      = |x| as an unsigned value of x's width (exact)
//   s      = a scaled to the segment grid in ac_fixed<14,4,false> (10 fractional bits, floor, wrap)
//   k, f   = integer part of s (segment), fractional part of s (10 bits)
//   p      = slope[k] * f + intercept[k]   (slopes and intercepts on a 2^-10 grid, p exact)
//   beyond the domain, p is the largest value below 1 (1 - 2^-20)
//   sigmoid: [0, 5), 8 segments, s = trunc10(a) * 1.599609375; p in ac_fixed<20,0,false>; x < 0 -> 1 - p
//   tanh:    [0, 3), 12 segments, s = a * 4;                   p in ac_fixed<21,1,true>;  x < 0 -> -p
#ifndef NNET_AC_MATH_PWL_H_
#define NNET_AC_MATH_PWL_H_

#include "ac_fixed.h"
#include "ac_int.h"
#include "nnet_common.h"

namespace nnet {
namespace pwl {

// Slopes and intercepts as integers in units of 2^-10.
static const int sigmoid_slope_q10[8] = {155, 130, 92, 58, 34, 19, 10, 6};
static const int sigmoid_icpt_q10[8] = {513, 668, 798, 890, 948, 982, 1001, 1012};
static const int tanh_slope_q10[12] = {251, 224, 177, 129, 88, 57, 37, 23, 14, 9, 5, 3};
static const int tanh_icpt_q10[12] = {1, 252, 476, 653, 783, 871, 928, 965, 988, 1002, 1011, 1016};

typedef ac_fixed<10, 0, false> q10_t;     // a slope, an intercept or a segment fraction
typedef ac_fixed<14, 4, false> grid_t;    // the scaled input (segment . fraction)
typedef ac_fixed<20, 0, false> sig_out_t; // sigmoid's internal result
typedef ac_fixed<21, 1, true> tanh_out_t; // tanh's internal result

// An integer count of 2^-10 steps as an exact q10_t (k < 1024).
inline q10_t q10(int k) { return q10_t(static_cast<double>(k) / 1024.0); }

// |x| as an unsigned type of the same width and integer bits (exact for every value of x).
template <class data_T>
inline ac_fixed<fixed_traits<data_T>::width, fixed_traits<data_T>::iwidth, false> magnitude(const data_T &x) {
    typedef ac_fixed<fixed_traits<data_T>::width, fixed_traits<data_T>::iwidth, false> mag_t;
    if (fixed_traits<data_T>::is_signed && x < 0) return mag_t(-x);
    return mag_t(x);
}

// Segment index and fraction of a grid value.
inline int segment_of(const grid_t &s) { return s.to_int(); }
inline q10_t fraction_of(const grid_t &s) { return q10_t(s - ac_int<4, false>(s.to_int())); }

template <class data_T> sig_out_t sigmoid(const data_T &x) {
    const bool negative = fixed_traits<data_T>::is_signed && x < 0;
    const auto a = magnitude(x);
    sig_out_t p;
    if (a >= 5) {
        p = sig_out_t(1.0 - 1.0 / 1048576.0);
    } else {
        const grid_t a_grid = a; // floor to 10 fractional bits
        const ac_fixed<10, 1, false> scale = 1.599609375;
        const grid_t s = a_grid * scale;
        const int k = segment_of(s);
        p = q10(sigmoid_slope_q10[k]) * fraction_of(s) + q10(sigmoid_icpt_q10[k]);
    }
    if (negative) p = ac_fixed<1, 1, false>(1) - p;
    return p;
}

template <class data_T> tanh_out_t tanh(const data_T &x) {
    const bool negative = fixed_traits<data_T>::is_signed && x < 0;
    const auto a = magnitude(x);
    tanh_out_t p;
    if (a >= 3) {
        p = tanh_out_t(1.0 - 1.0 / 1048576.0);
    } else {
        const grid_t s = a * ac_int<3, false>(4); // floor to 10 fractional bits
        const int k = segment_of(s);
        p = q10(tanh_slope_q10[k]) * fraction_of(s) + q10(tanh_icpt_q10[k]);
    }
    if (negative) p = -p;
    return p;
}

// ---------------------------------------------------------------------------------------------
// Softmax (ac_math's ac_softmax_pwl scheme): e_i = 2^(x_i log2 e) by a 4-segment PWL of 2^f on the
// fraction f and a shift by the integer part; s = sum of e_i (exact); r = 1/s by an 8-segment PWL on
// s normalised to [0.5, 1) and a shift back; y_i = r * e_i. The intermediate types follow ac_math's
// defaults (softmax_types below). No max subtraction: inputs need I - S <= 5 (exp_int <= 64).
// ---------------------------------------------------------------------------------------------

static const int pow2_slope_q10[4] = {194, 230, 273, 325};
static const int pow2_icpt_q10[4] = {1022, 1216, 1446, 1719};
static const int recip_slope_q10[8] = {-228, -181, -148, -124, -105, -90, -77, -68};
static const int recip_icpt_q10[8] = {2045, 1817, 1636, 1488, 1364, 1259, 1169, 1092};

typedef ac_fixed<13, 3, true> coef_t;     // a slope or an intercept, |v| < 4, on the 2^-10 grid
typedef ac_fixed<21, 1, false> unit_t;    // a PWL result in [0, 2) with 20 fractional bits
typedef ac_fixed<149, 65, false> wide_t;  // 84 fractional bits: p * 2^k exactly for k in [-64, 63]

inline coef_t coef(int k) { return coef_t(static_cast<double>(k) / 1024.0); }

constexpr int imax(int a, int b) { return a > b ? a : b; }
constexpr int imin(int a, int b) { return a < b ? a : b; }

// out_T(p * 2^k) for an out_T with AC_TRN and at most 84 fractional bits (nested floors = one floor).
template <class out_T> out_T times_pow2(const unit_t &p, int k) {
    wide_t w = p;
    if (k >= 0) {
        w = w << k;
    } else if (k >= -84) {
        w = w >> (-k);
    } else {
        w = 0;
    }
    return out_T(w);
}

template <class data_T, unsigned K> struct softmax_types {
    static const int W = fixed_traits<data_T>::width;
    static const int I = fixed_traits<data_T>::iwidth;
    static const bool S = fixed_traits<data_T>::is_signed;
    // x * log2(e): the input's integer bits + 1, at least 12 fractional bits (ac_exp_pwl)
    static const int inter_frac = imax(W - I, 12);
    static const int inter_int = I + 1;
    // exponentials: 10 + min(10, W - I - 2) (at least 11) fractional bits, floor(1.443 * 2^(I - S)) + 1
    // integer bits (ac_softmax_pwl's defaults)
    static const int exp_frac = imax(1, imin(10, W - I - 2)) + 10;
    static constexpr int exp_int = (I - int(S) >= 0 ? int(1.443 * double(pow2(I - int(S)))) : 0) + 1;
    static const int sum_bits = ceillog2(K);
    typedef ac_fixed<inter_frac + inter_int, inter_int, S> inter_t;
    typedef ac_fixed<exp_frac + exp_int, exp_int, false> exp_t;
    typedef ac_fixed<exp_frac + exp_int + sum_bits, exp_int + sum_bits, false> sum_t;
    // 1 / sum: the sum's width + 20 bits, its fractional bits + 1 integer bits
    typedef ac_fixed<exp_frac + exp_int + sum_bits + 20, exp_frac + 1, false> recip_t;
};

// 2^(x log2 e) in exp_T.
template <class exp_T, class inter_T, int inter_frac, class data_T> exp_T exp_pwl(const data_T &x) {
    const ac_fixed<17, 3, true> log2e = 1.44269504089;
    const inter_T t = x * log2e; // floor to inter_frac fractional bits
    const int k = t.to_int();    // floor
    const ac_fixed<inter_frac, 0, false> fraction = t - ac_int<32, true>(k);
    const ac_fixed<12, 2, false> s = fraction * ac_int<3, false>(4); // floor to 10 fractional bits
    const int seg = s.to_int();
    const q10_t f = s - ac_int<3, false>(seg);
    const unit_t p = coef(pow2_slope_q10[seg]) * f + coef(pow2_icpt_q10[seg]);
    return times_pow2<exp_T>(p, k);
}

// 1 / s in recip_T (the largest recip_T for s = 0).
template <class recip_T, class sum_T> recip_T reciprocal_pwl(const sum_T &s) {
    const int W = fixed_traits<sum_T>::width;
    const int F = W - fixed_traits<sum_T>::iwidth;
    int msb = -1;
    for (int b = W - 1; b >= 0 && msb < 0; b--) {
        if (s[b]) msb = b;
    }
    recip_T r = 0;
    if (msb < 0) {
        for (int b = 0; b < fixed_traits<recip_T>::width; b++) r.set_bit(b, true);
        return r;
    }
    // s = n * 2^e with n in [0.5, 1): the 3 bits after the leading one pick the segment, the next 10
    // are the position in it (missing bits below the LSB are 0)
    const int e = msb + 1 - F;
    int seg = 0;
    int f = 0;
    for (int j = 1; j <= 13; j++) {
        const int b = msb - j;
        const int bit = b >= 0 && s[b] ? 1 : 0;
        if (j <= 3) {
            seg = 2 * seg + bit;
        } else {
            f = 2 * f + bit;
        }
    }
    const unit_t p = coef(recip_slope_q10[seg]) * q10(f) + coef(recip_icpt_q10[seg]);
    return times_pow2<recip_T>(p, -e);
}

// The type of x * log2(e) for an input type (ac_exp_pwl's choice, as in softmax_types).
template <class data_T> struct exp_input {
    static const int frac = imax(fixed_traits<data_T>::width - fixed_traits<data_T>::iwidth, 12);
    static const int ibits = fixed_traits<data_T>::iwidth + 1;
    typedef ac_fixed<frac + ibits, ibits, fixed_traits<data_T>::is_signed> type;
};

// e^x for x < 0 with 20 fractional bits (ac_elu_pwl's exponential; the value is below 1).
template <class data_T> ac_fixed<20, 0, false> exp_negative(const data_T &x) {
    typedef exp_input<data_T> in;
    return exp_pwl<ac_fixed<20, 0, false>, typename in::type, in::frac>(x);
}

// ELU (ac_elu_pwl): x >= 0 ? x : alpha * (e^x - 1), converted once to out_T.
template <class out_T, class data_T, class alpha_T> out_T elu(const data_T &x, const alpha_T &alpha) {
    if (x >= 0) return out_T(x);
    return out_T(alpha * (exp_negative(x) - ac_fixed<1, 1, false>(1)));
}

// SELU (ac_selu_pwl): lambda and alpha in ac_fixed<22,2,false>; x >= 0 ? lambda * x :
// lambda * out_T(alpha * (e^x - 1)) (the ELU part is converted to out_T first).
template <class out_T, class data_T> out_T selu(const data_T &x) {
    const ac_fixed<22, 2, false> lambda = 1.0507009873554805;
    const ac_fixed<22, 2, false> alpha = 1.6732632423543772;
    if (x >= 0) return out_T(lambda * x);
    return out_T(lambda * elu<out_T>(x, alpha));
}


// softsign (ac_softsign_pwl): x * r, r = the PWL reciprocal of d = |x| + 1 in ac_fixed<W'+1, |I|+1,
// false> (W' = W, or W + |I| when W < |I|; floor, wrap), r with max(1, min(10, W - 4)) + 10
// fractional bits and out_T's signedness.
template <class out_T, class data_T> out_T softsign(const data_T &x) {
    const int W = fixed_traits<data_T>::width;
    const int I = fixed_traits<data_T>::iwidth;
    const int Iw = I < 0 ? -I : I;
    const int Ww = W < Iw ? W + Iw : W;
    typedef ac_fixed<Ww + 1, Iw + 1, false> rec_in_t;
    typedef ac_fixed<imax(1, imin(10, W - 4)) + 11, 1, fixed_traits<out_T>::is_signed> rec_out_t;
    const rec_in_t d = magnitude(x) + ac_fixed<1, 1, false>(1);
    const rec_out_t r = reciprocal_pwl<rec_out_t>(d);
    return out_T(x * r);
}

// softplus (ac_softplus_pwl): ln(1 + e^x). e^x by the PWL exponential into
// ac_fixed<P + 20, P, false> with P = (|I| + 2)(|I| + 1) (floor, wrap), then the natural log of 1 + e^x:
// log2 by 8 segments over the normalised m in [0.5, 1) (11 fractional bits; slopes x2048 348 310 281
// 256 236 218 204 191, intercepts x2048 -2045 -1697 -1387 -1105 -849 -612 -394 -190) plus the
// exponent, times ln2 in ac_fixed<12,0,false> (2839 / 4096). Inputs need I - S <= 5.
static const int log2_slope_q11[8] = {348, 310, 281, 256, 236, 218, 204, 191};
static const int log2_icpt_q11[8] = {-2045, -1697, -1387, -1105, -849, -612, -394, -190};

template <class data_T> struct softplus_types {
    static const int I = fixed_traits<data_T>::iwidth;
    static const int P = ((I < 0 ? -I : I) + 2) * ((I < 0 ? -I : I) + 1);
    typedef ac_fixed<P + 20, P, false> pow_t;
};

// log2(v) for v >= 1 with 22 fractional bits (exact given the segments).
template <class in_T> ac_fixed<22 + 16, 16, true> log2_pwl(const in_T &v) {
    const int W = fixed_traits<in_T>::width;
    const int F = W - fixed_traits<in_T>::iwidth;
    int msb = -1;
    for (int b = W - 1; b >= 0 && msb < 0; b--) {
        if (v[b]) msb = b;
    }
    int seg = 0;
    int f = 0;
    for (int j = 1; j <= 14; j++) {
        const int b = msb - j;
        const int bit = b >= 0 && v[b] ? 1 : 0;
        if (j <= 3) {
            seg = 2 * seg + bit;
        } else {
            f = 2 * f + bit;
        }
    }
    const ac_fixed<11, 0, false> fraction = static_cast<double>(f) / 2048.0;
    const ac_fixed<13, 2, true> slope = static_cast<double>(log2_slope_q11[seg]) / 2048.0;
    const ac_fixed<13, 2, true> icpt = static_cast<double>(log2_icpt_q11[seg]) / 2048.0;
    return slope * fraction + icpt + ac_int<16, true>(msb + 1 - F);
}

template <class out_T, class data_T> out_T softplus(const data_T &x) {
    static_assert(fixed_traits<data_T>::iwidth - int(fixed_traits<data_T>::is_signed) <= 5,
                  "softplus: the input type has too many integer bits (I - S must be at most 5)");
    typedef typename softplus_types<data_T>::pow_t pow_t;
    typedef exp_input<data_T> in;
    const pow_t e = exp_pwl<pow_t, typename in::type, in::frac>(x);
    const ac_fixed<pow_t::width + 1, softplus_types<data_T>::P + 1, false> v = e + ac_fixed<1, 1, false>(1);
    const ac_fixed<12, 0, false> ln2 = 0.693145751953125;
    return out_T(log2_pwl(v) * ln2);
}

// The unsigned type with the width, integer bits and modes of T (the sigmoid result passes through it).
template <class T> struct unsigned_like;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O> struct unsigned_like<ac_fixed<W, I, S, Q, O> > {
    typedef ac_fixed<W, I, false, Q, O> type;
};
template <int W, bool S> struct unsigned_like<ac_int<W, S> > {
    typedef ac_int<W, false> type;
};

} // namespace pwl
} // namespace nnet

#endif
