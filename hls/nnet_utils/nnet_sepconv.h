// HLS Studio layer template library: separable convolution, io_parallel, channels-last.
//
// A depthwise convolution with a zero bias (CONFIG_T::depthwise_config, result in CONFIG_T::dw_res_t)
// followed by a 1x1 convolution (CONFIG_T::pointwise_config, a conv2d config with a one-cell window and
// the layer's bias). Each half keeps its own cast points (nnet_depthwise.h, nnet_conv2d.h). A 1D layer
// uses the same configs with a height of 1.
#ifndef NNET_SEPCONV_H_
#define NNET_SEPCONV_H_

#include "nnet_common.h"
#include "nnet_conv2d.h"
#include "nnet_depthwise.h"

namespace nnet {

struct separable_config {
    typedef depthwise2d_config depthwise_config;
    typedef conv2d_config pointwise_config;
    typedef default_t dw_res_t;
};

template <class data_T, class res_T, typename CONFIG_T>
void separable_conv_2d_cl(
    data_T data[CONFIG_T::depthwise_config::in_height * CONFIG_T::depthwise_config::in_width *
                CONFIG_T::depthwise_config::n_chan],
    res_T res[CONFIG_T::pointwise_config::out_height * CONFIG_T::pointwise_config::out_width *
              CONFIG_T::pointwise_config::n_filt],
    typename CONFIG_T::depthwise_config::weight_t
        depthwise_weights[CONFIG_T::depthwise_config::filt_height * CONFIG_T::depthwise_config::filt_width *
                          CONFIG_T::depthwise_config::n_chan * CONFIG_T::depthwise_config::depth_multiplier],
    typename CONFIG_T::pointwise_config::weight_t
        pointwise_weights[CONFIG_T::pointwise_config::n_chan * CONFIG_T::pointwise_config::n_filt],
    typename CONFIG_T::pointwise_config::bias_t biases[CONFIG_T::pointwise_config::n_filt]) {
    typedef typename CONFIG_T::depthwise_config dw;
    typedef typename CONFIG_T::pointwise_config pw;
    typedef typename CONFIG_T::dw_res_t dw_res_t;
    static const unsigned n_mid = dw::out_height * dw::out_width * dw::n_chan * dw::depth_multiplier;
    static_assert(pw::in_height * pw::in_width * pw::n_chan == n_mid, "pointwise input must be the depthwise output");

    typename dw::bias_t zero_bias[dw::n_chan * dw::depth_multiplier];
    for (unsigned i = 0; i < dw::n_chan * dw::depth_multiplier; i++) zero_bias[i] = 0;
    dw_res_t mid[n_mid];
    NNET_HLS(ARRAY_PARTITION variable=mid complete)
    depthwise_conv_2d_cl<data_T, dw_res_t, dw>(data, mid, depthwise_weights, zero_bias);
    conv_2d_cl<dw_res_t, res_T, pw>(mid, res, pointwise_weights, biases);
}

} // namespace nnet

#endif
