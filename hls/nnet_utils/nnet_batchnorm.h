// HLS Studio layer template library: batch normalization (normalize), io_parallel.
//
// res[i] = res_T(data[i] * scale[c] + bias[c]) with c = i % n_filt (the channel, last axis). The product
// and the sum are exact (full-precision ap arithmetic); the only rounding is the conversion into res_T.
// There is no accumulator type.
#ifndef NNET_BATCHNORM_H_
#define NNET_BATCHNORM_H_

#include "nnet_common.h"

namespace nnet {

struct batchnorm_config {
    static const unsigned n_in = 10;
    static const unsigned n_filt = 10;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef default_t scale_t;
    typedef default_t bias_t;
};

template <class data_T, class res_T, typename CONFIG_T>
void normalize(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], typename CONFIG_T::scale_t scale[CONFIG_T::n_filt],
               typename CONFIG_T::bias_t bias[CONFIG_T::n_filt]) {
    NNET_PIPELINE(II=CONFIG_T::reuse_factor)
    NNET_HLS(ARRAY_PARTITION variable=scale complete)
    NNET_HLS(ARRAY_PARTITION variable=bias complete)
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const unsigned c = i % CONFIG_T::n_filt;
        res[i] = static_cast<res_T>(data[i] * scale[c] + bias[c]);
    }
}

} // namespace nnet

#endif
