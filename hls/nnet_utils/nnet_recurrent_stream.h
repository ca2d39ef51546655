// HLS Studio layer template library: LSTM and GRU, io_stream.
//
// Layout as hls4ml's lstm_stack / gru_stack stream overloads: one input word per timestep (n_in values),
// and one output word of n_units values per timestep with return_sequences, else one word at the end.
// hls4ml's stream overloads keep the state in the result's value type and run the same step as
// io_parallel, so the arithmetic here is recurrent() of nnet_recurrent.h unchanged: the sequence is
// gathered word by word, run through it, and written out word by word. (Unlike hls4ml this holds the
// whole sequence before the first step; the values are the same.)
#ifndef NNET_RECURRENT_STREAM_H_
#define NNET_RECURRENT_STREAM_H_

#include "nnet_recurrent.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void recurrent(stream_t<data_T> &data, stream_t<res_T> &res,
               const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::recurrent_weight_t recurrent_kernel[CONFIG_T::n_units * CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::bias_t bias[CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::recurrent_bias_t recurrent_bias[CONFIG_T::n_gates * CONFIG_T::n_units]) {
    static_assert(data_T::size == CONFIG_T::n_in, "an input word holds one timestep");
    static_assert(res_T::size == CONFIG_T::n_units, "an output word holds one state vector");
    static const unsigned n_words_out = CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1;
    typename data_T::value_type seq[CONFIG_T::n_timesteps * CONFIG_T::n_in];
    typename res_T::value_type out[n_words_out * CONFIG_T::n_units];
    for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
        const data_T in = data.read();
        for (unsigned i = 0; i < CONFIG_T::n_in; i++) seq[t * CONFIG_T::n_in + i] = in[i];
    }
    recurrent<typename data_T::value_type, typename res_T::value_type, CONFIG_T>(seq, out, kernel, recurrent_kernel,
                                                                                bias, recurrent_bias);
    for (unsigned t = 0; t < n_words_out; t++) {
        res_T word;
        for (unsigned j = 0; j < CONFIG_T::n_units; j++) word[j] = out[t * CONFIG_T::n_units + j];
        res.write(word);
    }
}

} // namespace nnet

#endif
