// HLS Studio layer template library: batch normalization, io_stream.
//
// Each word (one pixel's channels) goes through normalize() of nnet_batchnorm.h: one rounding of
// x * scale + bias per value. With one scale per channel the word uses scale[0 .. n_filt); with one
// scale per value, word i takes the scales of its own values.
#ifndef NNET_BATCHNORM_STREAM_H_
#define NNET_BATCHNORM_STREAM_H_

#include "nnet_batchnorm.h"
#include "nnet_stream.h"

namespace nnet {

// One scale per value of the whole tensor: word i uses scale[i * size ...].
template <typename CONFIG_T, unsigned N> struct batchnorm_word_config : pixel_config<CONFIG_T, N> {
    static const unsigned n_filt = CONFIG_T::n_filt == CONFIG_T::n_in ? N : CONFIG_T::n_filt;
};

template <class data_T, class res_T, typename CONFIG_T>
void normalize(stream_t<data_T> &data, stream_t<res_T> &res, typename CONFIG_T::scale_t scale[CONFIG_T::n_filt],
               typename CONFIG_T::bias_t bias[CONFIG_T::n_filt]) {
    typedef batchnorm_word_config<CONFIG_T, data_T::size> word_config;
    static const bool per_value = CONFIG_T::n_filt == CONFIG_T::n_in;
    static_assert(data_T::size % word_config::n_filt == 0, "a word must hold whole groups of the scaled channels");
    static_assert(CONFIG_T::n_in % data_T::size == 0, "the tensor must be a whole number of words");
    for (unsigned i = 0; i < CONFIG_T::n_in / data_T::size; i++) {
        NNET_PIPELINE()
        data_T in = data.read();
        res_T out;
        const unsigned offset = per_value ? i * data_T::size : 0;
        normalize<typename data_T::value_type, typename res_T::value_type, word_config>(in.data, out.data, scale + offset,
                                                                                      bias + offset);
        res.write(out);
    }
}

} // namespace nnet

#endif
