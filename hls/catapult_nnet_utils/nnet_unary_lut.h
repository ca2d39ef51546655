// HLS Studio layer template library, Catapult flavour: HGQ's UnaryLUT (hls/nnet_utils/nnet_unary_lut.h on
// ac types). The input's raw bits, all W of them read as an unsigned number, index the table; the entry,
// in table_t, is assigned to res_T.
#ifndef NNET_UNARY_LUT_H_
#define NNET_UNARY_LUT_H_

#include "nnet_common.h"

namespace nnet {

struct unary_lut_config {
    static const unsigned n_in = 1;
    static const unsigned table_size = 2;
    static const unsigned reuse_factor = 1;
    typedef ac_fixed<18, 8, true> table_t;
};

template <class T> struct unary_lut_width;
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O> struct unary_lut_width<ac_fixed<W, I, S, Q, O> > {
    static const int value = W;
};
template <int W, bool S> struct unary_lut_width<ac_int<W, S> > {
    static const int value = W;
};

template <class data_T> inline unsigned unary_lut_index(const data_T &x) {
    // slc keeps the source's signedness; the unsigned ac_int reads the same bits as a pattern.
    const ac_int<unary_lut_width<data_T>::value, false> bits = x.template slc<unary_lut_width<data_T>::value>(0);
    return bits.to_uint();
}

template <class data_T, class res_T, typename CONFIG_T>
void unary_lut(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
               typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma hls_unroll yes
UnaryLutLoop:
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = (res_T)table[unary_lut_index<data_T>(data[i])];
    }
}

} // namespace nnet

#endif
