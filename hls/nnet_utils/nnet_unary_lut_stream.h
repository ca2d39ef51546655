// HLS Studio layer template library: HGQ's UnaryLUT, io_stream.
//
// Every value of every word is looked up as in io_parallel (nnet_unary_lut.h): its raw bits index the table.
// Flavour-neutral: the Catapult flavour's nnet_unary_lut.h and stream_t (ac_channel) make it an ac kernel.
#ifndef NNET_UNARY_LUT_STREAM_H_
#define NNET_UNARY_LUT_STREAM_H_

#include "nnet_stream.h"
#include "nnet_unary_lut.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void unary_lut(stream_t<data_T> &data, stream_t<res_T> &res,
               typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    static_assert(CONFIG_T::n_in % data_T::size == 0, "the tensor must be a whole number of words");
    static_assert(data_T::size == res_T::size, "a lookup keeps the word size");
    NNET_HLS(ARRAY_PARTITION variable=table complete)
UnaryLutWordLoop:
    for (unsigned i = 0; i < CONFIG_T::n_in / data_T::size; i++) {
        NNET_PIPELINE()
        const data_T in = data.read();
        res_T out;
        for (unsigned j = 0; j < data_T::size; j++) {
            NNET_UNROLL
            out[j] = (typename res_T::value_type)table[unary_lut_index<typename data_T::value_type>(in[j])];
        }
        res.write(out);
    }
}

} // namespace nnet

#endif
