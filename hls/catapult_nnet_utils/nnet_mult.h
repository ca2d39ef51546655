// HLS Studio layer template library, Catapult flavour: the product of one input and one weight.
//
// A layer config selects the product through `template <class x_T, class w_T> using product = ...`.
// The result is at full precision; the caller converts it (e.g. into accum_t).
// Only the plain multiplication is here: the Catapult writer refuses binary, ternary and power-of-two
// weights for now (src/core/backends/catapult/support.ts).
#ifndef NNET_MULT_H_
#define NNET_MULT_H_

#include "nnet_common.h"

namespace nnet {
namespace product {

// Ordinary multiplication: the exact product a * w.
template <class x_T, class w_T> struct mult {
    static auto product(const x_T &a, const w_T &w) -> decltype(a * w) {
        return a * w;
    }
};

} // namespace product
} // namespace nnet

#endif
