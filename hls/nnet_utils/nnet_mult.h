// HLS Studio layer template library: the product of one input and one weight.
//
// A layer config selects the product through `template <class x_T, class w_T> using product = ...`.
// The result is at full precision; the caller converts it (e.g. into accum_t).
// hls4ml switches to a "ternary" product for ap_int<2> weights, which reads a weight of -2 as +1; HLS
// Studio always multiplies, which is the same for weights in {-1, 0, 1} and exact for -2.
#ifndef NNET_MULT_H_
#define NNET_MULT_H_

#include "nnet_common.h"

namespace nnet {
namespace product {

// Ordinary multiplication: the exact product a * w.
template <class x_T, class w_T> struct mult {
    static auto product(const x_T &a, const w_T &w) -> decltype(a * w) {
        #pragma HLS INLINE
        return a * w;
    }
};

} // namespace product
} // namespace nnet

#endif
