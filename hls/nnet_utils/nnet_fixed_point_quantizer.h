// HLS Studio layer template library: HGQ's heterogeneous FixedPointQuantizer.
//
// Every element has its own fixed-point type (bits, integer bits, sign; the layer's rounding and overflow
// modes). C++ types are compile-time, so the layer's config carries a generated quantize() with one
// statement per element: quantize_element<elem_T>(x, y) converts x into elem_T, then assigns it to y
// (res_T's own conversion); an element with 0 bits is written as 0.
#ifndef NNET_FIXED_POINT_QUANTIZER_H_
#define NNET_FIXED_POINT_QUANTIZER_H_

#include "nnet_common.h"

namespace nnet {

struct fixed_point_quantizer_config {
    static const unsigned n_in = 1;
};

template <class elem_T, class data_T, class res_T> inline void quantize_element(const data_T &x, res_T &y) {
    #pragma HLS INLINE
    y = elem_T(x);
}

template <class data_T, class res_T, typename CONFIG_T>
void fixed_point_quantizer(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    CONFIG_T::template quantize<data_T, res_T>(data, res);
}

} // namespace nnet

#endif
