// HLS Studio layer template library: dense layer, io_stream.
//
// The n_in inputs arrive in words of data_T::size values; once all are read, the dense kernel of the
// layer's strategy (nnet_dense.h, the same cast points as io_parallel) computes the n_out results, which
// leave in words of res_T::size values.
#ifndef NNET_DENSE_STREAM_H_
#define NNET_DENSE_STREAM_H_

#include "nnet_dense.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void dense(stream_t<data_T> &data_stream, stream_t<res_T> &res_stream,
           typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
           typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    typedef typename data_T::value_type in_t;
    typedef typename res_T::value_type out_t;
    static_assert(CONFIG_T::n_in % data_T::size == 0, "dense: n_in must be a whole number of input words");
    static_assert(CONFIG_T::n_out % res_T::size == 0, "dense: n_out must be a whole number of output words");
    in_t data[CONFIG_T::n_in];
    NNET_HLS(ARRAY_PARTITION variable=data complete)
    out_t res[CONFIG_T::n_out];
    NNET_HLS(ARRAY_PARTITION variable=res complete)
    for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
        const data_T word = data_stream.read();
        for (unsigned j = 0; j < data_T::size; j++) {
            NNET_UNROLL
            data[w * data_T::size + j] = word[j];
        }
    }
    dense<in_t, out_t, CONFIG_T>(data, res, weights, biases);
    for (unsigned w = 0; w < CONFIG_T::n_out / res_T::size; w++) {
        res_T word;
        for (unsigned j = 0; j < res_T::size; j++) {
            NNET_UNROLL
            word[j] = res[w * res_T::size + j];
        }
        res_stream.write(word);
    }
}

} // namespace nnet

#endif
