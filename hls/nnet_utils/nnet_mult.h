// HLS Studio layer template library: the product of one input and one weight.
//
// A layer config selects the product through `template <class x_T, class w_T> using product = ...`.
// The result is at full precision; the caller converts it (e.g. into accum_t).
// The backend picks the product from the weight type as hls4ml does: weight_exponential for power-of-two
// weights, weight_binary for 1-bit XNOR weights, weight_ternary for 2-bit signed weights (which reads a
// weight of -2 as +1, like hls4ml), mult otherwise; with an XNOR input, both_binary for XNOR weights and
// data_binary for the others. Types are the flavour's (nnet_common.h): ap types for
// Vivado and Vitis, ac types for Catapult.
#ifndef NNET_MULT_H_
#define NNET_MULT_H_

#include "nnet_common.h"

#include <type_traits>

namespace nnet {
namespace product {

// Ordinary multiplication: the exact product a * w.
template <class x_T, class w_T> struct mult {
    static auto product(const x_T &a, const w_T &w) -> decltype(a * w) {
        NNET_HLS(INLINE)
        return a * w;
    }
};

// 1-bit XNOR weight (uint_t<1>): 0 stands for -1 and 1 for +1, so the product is -a or a, exactly.
template <class x_T, class w_T> struct weight_binary {
    static auto product(const x_T &a, const w_T &w) -> decltype(-a) {
        NNET_HLS(INLINE)
        typedef decltype(-a) r_T;
        return w == 0 ? static_cast<r_T>(-a) : static_cast<r_T>(a);
    }
};

// XNOR input (uint_t<1> from a binary batch-norm tanh), ordinary weight: 0 stands for -1 and 1 for +1,
// so the product is -w or w, exactly (the weight's own value: an int<2> weight of -2 gives +2 or -2).
template <class x_T, class w_T> struct data_binary {
    static auto product(const x_T &a, const w_T &w) -> decltype(-w) {
        NNET_HLS(INLINE)
        typedef decltype(-w) r_T;
        return a == 0 ? static_cast<r_T>(-w) : static_cast<r_T>(w);
    }
};

// XNOR input and XNOR weight: the product is a == w (1 when both stand for the same sign, else 0), in
// the input's 1-bit type; the layer counts the matches and its output conversion (cast below) turns
// the count into 2 * matches - n_in.
template <class x_T, class w_T> struct both_binary {
    static x_T product(const x_T &a, const w_T &w) {
        NNET_HLS(INLINE)
        return static_cast<x_T>(a == w ? 1 : 0);
    }
};

// 2-bit signed weight: 0 gives 0, -1 gives -a, any other value (1, and also -2) gives a.
template <class x_T, class w_T> struct weight_ternary {
    static auto product(const x_T &a, const w_T &w) -> decltype(-a) {
        NNET_HLS(INLINE)
        typedef decltype(-a) r_T;
        if (w == 0) return static_cast<r_T>(0);
        if (w == -1) return static_cast<r_T>(-a);
        return static_cast<r_T>(a);
    }
};

// Power-of-two weight w = (sign ? +1 : -1) * 2^exponent, stored as a struct with members `sign`
// (uint_t<1>) and `weight` (the exponent, int_t<We>). The input is converted to
// r_T = fixed_t<2*(We+Wx), We+Wx>, shifted by the exponent inside r_T (a negative exponent shifts
// right, dropping the bits below r_T's LSB), and negated in r_T for a negative weight.
template <class x_T, class w_T> struct weight_exponential {
    static const int we = decltype(w_T::weight)::width;
    typedef fixed_t<2 * (we + x_T::width), we + x_T::width> r_T;
    static r_T product(const x_T &a, const w_T &w) {
        NNET_HLS(INLINE)
        const r_T y = static_cast<r_T>(a) << w.weight;
        return w.sign == 1 ? y : static_cast<r_T>(-y);
    }
};

} // namespace product

// The conversion of a dense sum to the result type. When both the input and the weights are uint_t<1>
// (XNOR nets), hls4ml's kernels return 2 * (acc - n_in/2) in int_t<N>, N = ceillog2(n_in) + 2 (with
// ceillog2 of 1 or 2 being 1): the difference is converted to an integer (ap types truncate toward zero,
// ac types floor) and wrapped to N bits, doubled and wrapped again. Every other combination converts acc to res_T.
constexpr int xnor_bits(int n_in) { return (n_in <= 2 ? 1 : ceillog2(n_in)) + 2; }

template <class data_T, class res_T, typename CONFIG_T>
inline typename std::enable_if<std::is_same<data_T, uint_t<1> >::value &&
                                   std::is_same<typename CONFIG_T::weight_t, uint_t<1> >::value,
                               int_t<xnor_bits(CONFIG_T::n_in)> >::type
cast(typename CONFIG_T::accum_t x) {
    NNET_HLS(INLINE)
    typedef int_t<xnor_bits(CONFIG_T::n_in)> out_t;
    return static_cast<out_t>(static_cast<out_t>(x - CONFIG_T::n_in / 2) * 2);
}

template <class data_T, class res_T, typename CONFIG_T>
inline typename std::enable_if<!(std::is_same<data_T, uint_t<1> >::value &&
                                 std::is_same<typename CONFIG_T::weight_t, uint_t<1> >::value),
                               res_T>::type
cast(typename CONFIG_T::accum_t x) {
    NNET_HLS(INLINE)
    return static_cast<res_T>(x);
}
} // namespace nnet

#endif
