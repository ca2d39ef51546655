// HLS Studio layer template library: convolutions, io_stream (line buffer).
//
// The input image arrives one pixel (all channels) per word in row-major order and is kept in a line
// buffer of the window's height (nnet_stream.h). Output pixels are produced in row-major order; for each,
// the window is gathered exactly as the io_parallel kernels do (cells row-major, channels innermost,
// padding reads 0) and computed with the same arithmetic:
//   conv_1d_cl / conv_2d_cl: the window column through the dense kernel of CONFIG_T::mult_config;
//   depthwise_conv_2d_cl: per channel and multiplier, the product/partial-sum casts of nnet_depthwise.h;
//   separable_conv_2d_cl: depthwise into an internal stream of dw_res_t words, then a 1x1 convolution.
// Padding is applied inside the window (no separate zero-padding step is needed: a padded cell is 0).
#ifndef NNET_CONV_STREAM_H_
#define NNET_CONV_STREAM_H_

#include "nnet_conv1d.h"
#include "nnet_conv2d.h"
#include "nnet_depthwise.h"
#include "nnet_sepconv.h"
#include "nnet_stream.h"

namespace nnet {

// Rows a window spans, dilation included.
template <typename CONFIG_T> struct window_rows {
    static const unsigned value = (CONFIG_T::filt_height - 1) * CONFIG_T::dilation_height + 1;
};

template <class data_T, class res_T, typename CONFIG_T>
void conv_2d_cl(stream_t<data_T> &data, stream_t<res_T> &res,
                typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan *
                                                    CONFIG_T::n_filt],
                typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    typedef typename data_T::value_type in_t;
    typedef typename res_T::value_type out_t;
    typedef typename CONFIG_T::mult_config mult_config;
    static_assert(data_T::size == CONFIG_T::n_chan && res_T::size == CONFIG_T::n_filt, "one word per pixel");
    static_assert(mult_config::n_in == CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan,
                  "mult_config::n_in must be the window size times the channels");
    line_buffer<in_t, CONFIG_T::in_height, CONFIG_T::in_width, CONFIG_T::n_chan, window_rows<CONFIG_T>::value> lines;
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            const int y0 = int(oh * CONFIG_T::stride_height) - int(CONFIG_T::pad_top);
            const int x0 = int(ow * CONFIG_T::stride_width) - int(CONFIG_T::pad_left);
            lines.need(data, y0, x0, window_rows<CONFIG_T>::value,
                       int((CONFIG_T::filt_width - 1) * CONFIG_T::dilation_width + 1));
            in_t col[mult_config::n_in];
            NNET_HLS(ARRAY_PARTITION variable=col complete)
            unsigned k = 0;
            for (unsigned fy = 0; fy < CONFIG_T::filt_height; fy++) {
                const int y = y0 + int(fy * CONFIG_T::dilation_height);
                for (unsigned fx = 0; fx < CONFIG_T::filt_width; fx++) {
                    const int x = x0 + int(fx * CONFIG_T::dilation_width);
                    const bool in = lines.inside(y, x);
                    for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                        if (in) {
                            col[k] = lines.at(y, x, c);
                        } else {
                            col[k] = 0;
                        }
                        k++;
                    }
                }
            }
            res_T out;
            dense<in_t, out_t, mult_config>(col, out.data, weights, biases);
            res.write(out);
        }
    }
    lines.drain(data);
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_1d_cl(stream_t<data_T> &data, stream_t<res_T> &res,
                typename CONFIG_T::weight_t weights[CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
                typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    NNET_HLS(INLINE)
    conv_2d_cl<data_T, res_T, conv1d_as_2d<CONFIG_T> >(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_2d_cl(
    stream_t<data_T> &data, stream_t<res_T> &res,
    typename CONFIG_T::weight_t
        weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::depth_multiplier],
    typename CONFIG_T::bias_t biases[CONFIG_T::n_chan * CONFIG_T::depth_multiplier]) {
    typedef typename data_T::value_type in_t;
    typedef typename res_T::value_type out_t;
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::weight_t weight_t;
    static const unsigned dm = CONFIG_T::depth_multiplier;
    static_assert(data_T::size == CONFIG_T::n_chan && res_T::size == CONFIG_T::n_chan * dm, "one word per pixel");
    line_buffer<in_t, CONFIG_T::in_height, CONFIG_T::in_width, CONFIG_T::n_chan, window_rows<CONFIG_T>::value> lines;
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            const int y0 = int(oh * CONFIG_T::stride_height) - int(CONFIG_T::pad_top);
            const int x0 = int(ow * CONFIG_T::stride_width) - int(CONFIG_T::pad_left);
            lines.need(data, y0, x0, window_rows<CONFIG_T>::value,
                       int((CONFIG_T::filt_width - 1) * CONFIG_T::dilation_width + 1));
            res_T out;
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                for (unsigned m = 0; m < dm; m++) {
                    accum_t acc = static_cast<accum_t>(biases[c * dm + m]);
                    unsigned cell = 0;
                    for (unsigned fy = 0; fy < CONFIG_T::filt_height; fy++) {
                        const int y = y0 + int(fy * CONFIG_T::dilation_height);
                        for (unsigned fx = 0; fx < CONFIG_T::filt_width; fx++) {
                            const int x = x0 + int(fx * CONFIG_T::dilation_width);
                            in_t v = 0;
                            if (lines.inside(y, x)) v = lines.at(y, x, c);
                            const unsigned k = (cell * CONFIG_T::n_chan + c) * dm + m;
                            acc += static_cast<accum_t>(
                                CONFIG_T::template product<in_t, weight_t>::product(v, weights[k]));
                            cell++;
                        }
                    }
                    out[c * dm + m] = static_cast<out_t>(acc);
                }
            }
            res.write(out);
        }
    }
    lines.drain(data);
}

template <class data_T, class res_T, typename CONFIG_T>
void separable_conv_2d_cl(
    stream_t<data_T> &data, stream_t<res_T> &res,
    typename CONFIG_T::depthwise_config::weight_t
        depthwise_weights[CONFIG_T::depthwise_config::filt_height * CONFIG_T::depthwise_config::filt_width *
                          CONFIG_T::depthwise_config::n_chan * CONFIG_T::depthwise_config::depth_multiplier],
    typename CONFIG_T::pointwise_config::weight_t
        pointwise_weights[CONFIG_T::pointwise_config::n_chan * CONFIG_T::pointwise_config::n_filt],
    typename CONFIG_T::pointwise_config::bias_t biases[CONFIG_T::pointwise_config::n_filt]) {
    NNET_HLS(DATAFLOW)
    typedef typename CONFIG_T::depthwise_config dw;
    typedef typename CONFIG_T::pointwise_config pw;
    typedef array<typename CONFIG_T::dw_res_t, dw::n_chan * dw::depth_multiplier> mid_t;
    typename dw::bias_t zero_bias[dw::n_chan * dw::depth_multiplier];
    for (unsigned i = 0; i < dw::n_chan * dw::depth_multiplier; i++) zero_bias[i] = 0;
    // The depthwise output can wait whole in the FIFO, so the two halves never block each other.
    static const unsigned mid_depth = dw::out_height * dw::out_width;
    stream_t<mid_t> mid;
    NNET_HLS(STREAM variable=mid depth=mid_depth)
    depthwise_conv_2d_cl<data_T, mid_t, dw>(data, mid, depthwise_weights, zero_bias);
    conv_2d_cl<mid_t, res_T, pw>(mid, res, pointwise_weights, biases);
}

} // namespace nnet

#endif
