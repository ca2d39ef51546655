// HLS Studio layer template library: HGQ's UnaryLUT.
//
// A function of one element given as a table (computed by HGQ from the trained activation): the input's
// raw bit pattern, all data_T::width bits read as an unsigned number, is the index. A signed input's
// negative values therefore index the upper half of the table. The entry, in table_t, is assigned to res_T
// (the same type in hls4ml's flow, which sets result_t to table_t).
#ifndef NNET_UNARY_LUT_H_
#define NNET_UNARY_LUT_H_

#include "nnet_common.h"

namespace nnet {

struct unary_lut_config {
    static const unsigned n_in = 1;
    static const unsigned table_size = 2;
    static const unsigned reuse_factor = 1;
    typedef ap_fixed<18, 8> table_t;
};

template <class data_T> inline unsigned unary_lut_index(const data_T &x) {
    #pragma HLS INLINE
    ap_uint<data_T::width> bits = x.range(data_T::width - 1, 0);
    return bits.to_uint();
}

template <class data_T, class res_T, typename CONFIG_T>
void unary_lut(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
               typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS ARRAY_PARTITION variable=table complete
UnaryLutLoop:
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)table[unary_lut_index<data_T>(data[i])];
    }
}

} // namespace nnet

#endif
