// HLS Studio layer template library: batch normalization fused with a binary or ternary tanh, io_stream.
//
// Word by word (one pixel's channels, or the whole vector of a 1-d tensor); value j of word i belongs
// to channel (i * size + j) % n_filt. The binary test is the config's (binary_ge: x >= threshold, which the
// studio sets for Vivado/Vitis io_stream as hls4ml's stream kernel has it; hls4ml's Catapult stream kernel
// tests x > threshold). Ternary is the same as io_parallel: 1 when x > hi, -1 when x <= lo, else 0.
// Flavour-neutral (stream_t, NNET_ pragma macros), so the Catapult projects ship it too. (hls4ml's
// Catapult stream kernel indexes the thresholds by the flat position, i * size + j: the same index for
// the 1-d tensors it is written for.)
#ifndef NNET_BATCHNORM_QUANTIZED_TANH_STREAM_H_
#define NNET_BATCHNORM_QUANTIZED_TANH_STREAM_H_

#include "nnet_batchnorm_quantized_tanh.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void normalize_binary_tanh(stream_t<data_T> &data, stream_t<res_T> &res,
                           typename CONFIG_T::threshold_t threshold[CONFIG_T::n_filt]) {
    static_assert(CONFIG_T::n_in % data_T::size == 0, "the tensor must be a whole number of words");
    for (unsigned i = 0; i < CONFIG_T::n_in / data_T::size; i++) {
        NNET_PIPELINE()
        const data_T in = data.read();
        res_T out;
        for (unsigned j = 0; j < data_T::size; j++) {
            const unsigned c = (i * data_T::size + j) % CONFIG_T::n_filt;
            const bool on = CONFIG_T::binary_ge ? in[j] >= threshold[c] : in[j] > threshold[c];
            out[j] = on ? 1 : 0;
        }
        res.write(out);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void normalize_ternary_tanh(stream_t<data_T> &data, stream_t<res_T> &res,
                            typename CONFIG_T::threshold_hi_t threshold_hi[CONFIG_T::n_filt],
                            typename CONFIG_T::threshold_lo_t threshold_lo[CONFIG_T::n_filt]) {
    static_assert(CONFIG_T::n_in % data_T::size == 0, "the tensor must be a whole number of words");
    for (unsigned i = 0; i < CONFIG_T::n_in / data_T::size; i++) {
        NNET_PIPELINE()
        const data_T in = data.read();
        res_T out;
        for (unsigned j = 0; j < data_T::size; j++) {
            const unsigned c = (i * data_T::size + j) % CONFIG_T::n_filt;
            if (in[j] > threshold_hi[c])
                out[j] = 1;
            else if (in[j] <= threshold_lo[c])
                out[j] = -1;
            else
                out[j] = 0;
        }
        res.write(out);
    }
}

} // namespace nnet

#endif
