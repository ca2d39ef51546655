// HLS Studio layer template library: 1D convolution, io_parallel, channels-last ([width][channels]).
//
// A 1D convolution is the 2D kernel of nnet_conv2d.h with a height of one: the same im2col order
// (filter position, then channel), zeros for padding, and the dense kernel of the layer's strategy on each
// column (CONFIG_T::mult_config: n_in = filt_width * n_chan, n_out = n_filt). Weights are
// [filt_width][n_chan][n_filt].
#ifndef NNET_CONV1D_H_
#define NNET_CONV1D_H_

#include "nnet_common.h"
#include "nnet_conv2d.h"

namespace nnet {

struct conv1d_config {
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned out_width = 8;
    static const unsigned n_filt = 1;
    static const unsigned filt_width = 3;
    static const unsigned stride_width = 1;
    static const unsigned dilation = 1;
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const unsigned io_type = io_parallel;
    static const unsigned strategy = latency;
    static const unsigned reuse_factor = 1;
    typedef default_t accum_t;
    typedef default_t bias_t;
    typedef default_t weight_t;
    typedef dense_config mult_config;
};

// A 1D config seen as a 2D one of height 1.
template <typename CONFIG_T> struct conv1d_as_2d : CONFIG_T {
    static const unsigned in_height = 1;
    static const unsigned out_height = 1;
    static const unsigned filt_height = 1;
    static const unsigned stride_height = 1;
    static const unsigned dilation_height = 1;
    static const unsigned dilation_width = CONFIG_T::dilation;
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
};

template <class data_T, class res_T, typename CONFIG_T>
void conv_1d_cl(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::out_width * CONFIG_T::n_filt],
                typename CONFIG_T::weight_t weights[CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
                typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    NNET_HLS(INLINE)
    conv_2d_cl<data_T, res_T, conv1d_as_2d<CONFIG_T> >(data, res, weights, biases);
}

} // namespace nnet

#endif
