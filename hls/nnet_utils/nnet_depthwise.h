// HLS Studio layer template library: depthwise convolution, io_parallel, channels-last.
//
// Every input channel c has its own depth_multiplier filters. For output pixel (oh, ow) and m:
//   acc = accum_t(bias[c*dm + m]);
//   for each window cell (row-major), acc = accum_t(acc + accum_t(x * w[(cell*n_chan + c)*dm + m]));
//   res[(pixel*n_chan + c)*dm + m] = res_T(acc)
// i.e. the cast points of the dense kernel with n_in = the window cells; padded cells read 0.
// Weights are [filt_height][filt_width][n_chan][depth_multiplier]. A 1D layer has a height of 1.
#ifndef NNET_DEPTHWISE_H_
#define NNET_DEPTHWISE_H_

#include "nnet_common.h"
#include "nnet_mult.h"

namespace nnet {

struct depthwise2d_config {
    static const unsigned in_height = 10;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned depth_multiplier = 1;
    static const unsigned out_height = 8;
    static const unsigned out_width = 8;
    static const unsigned filt_height = 3;
    static const unsigned filt_width = 3;
    static const unsigned stride_height = 1;
    static const unsigned stride_width = 1;
    static const unsigned dilation_height = 1;
    static const unsigned dilation_width = 1;
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef default_t accum_t;
    typedef default_t bias_t;
    typedef default_t weight_t;
    template <class x_T, class w_T> using product = nnet::product::mult<x_T, w_T>;
};

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_2d_cl(
    data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
    res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan * CONFIG_T::depth_multiplier],
    typename CONFIG_T::weight_t
        weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::depth_multiplier],
    typename CONFIG_T::bias_t biases[CONFIG_T::n_chan * CONFIG_T::depth_multiplier]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::weight_t weight_t;
    static const unsigned dm = CONFIG_T::depth_multiplier;
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                for (unsigned m = 0; m < dm; m++) {
                    accum_t acc = static_cast<accum_t>(biases[c * dm + m]);
                    unsigned cell = 0;
                    for (unsigned fy = 0; fy < CONFIG_T::filt_height; fy++) {
                        const int y = int(oh * CONFIG_T::stride_height + fy * CONFIG_T::dilation_height) -
                                      int(CONFIG_T::pad_top);
                        for (unsigned fx = 0; fx < CONFIG_T::filt_width; fx++) {
                            const int x = int(ow * CONFIG_T::stride_width + fx * CONFIG_T::dilation_width) -
                                          int(CONFIG_T::pad_left);
                            const bool inside =
                                y >= 0 && y < int(CONFIG_T::in_height) && x >= 0 && x < int(CONFIG_T::in_width);
                            data_T v = 0;
                            if (inside) v = data[(unsigned(y) * CONFIG_T::in_width + unsigned(x)) * CONFIG_T::n_chan + c];
                            const unsigned k = (cell * CONFIG_T::n_chan + c) * dm + m;
                            acc += static_cast<accum_t>(
                                CONFIG_T::template product<data_T, weight_t>::product(v, weights[k]));
                            cell++;
                        }
                    }
                    res[((oh * CONFIG_T::out_width + ow) * CONFIG_T::n_chan + c) * dm + m] = static_cast<res_T>(acc);
                }
            }
        }
    }
}

} // namespace nnet

#endif
