// HLS Studio layer template library: 2D convolution, io_parallel, channels-last.
//
// For each output pixel (oh, ow) the window is gathered into one column (im2col): cells in row-major
// window order (filter row, then filter column), channels innermost; a cell that falls into the padding
// reads 0. The column goes through the dense kernel of the layer's strategy with CONFIG_T::mult_config
// (n_in = filt_height * filt_width * n_chan, n_out = n_filt), so the cast points are exactly those of
// the dense layer: every product -> accum_t, every partial sum -> accum_t, the sum -> the result type.
// Weights are [filt_height][filt_width][n_chan][n_filt] (input-major for latency, transposed for the
// resource strategy, as for dense). A 1x1 (pointwise) convolution is the same code with a one-cell window.
#ifndef NNET_CONV2D_H_
#define NNET_CONV2D_H_

#include "nnet_common.h"
#include "nnet_dense.h"

namespace nnet {

struct conv2d_config {
    // Input and output geometry
    static const unsigned in_height = 10;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned out_height = 8;
    static const unsigned out_width = 8;
    static const unsigned n_filt = 1;

    // Window
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

    // Implementation
    static const unsigned io_type = io_parallel;
    static const unsigned strategy = latency;
    static const unsigned reuse_factor = 1;

    // Types
    typedef default_t accum_t;
    typedef default_t bias_t;
    typedef default_t weight_t;

    // The per-pixel matrix-vector product
    typedef dense_config mult_config;
};

// Gathers the window of output pixel (oh, ow) into col[filt_height * filt_width * n_chan].
template <class data_T, typename CONFIG_T>
void im2col_2d_cl(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                  data_T col[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan], unsigned oh,
                  unsigned ow) {
    NNET_HLS(INLINE)
    unsigned k = 0;
    for (unsigned fy = 0; fy < CONFIG_T::filt_height; fy++) {
        const int y = int(oh * CONFIG_T::stride_height + fy * CONFIG_T::dilation_height) - int(CONFIG_T::pad_top);
        for (unsigned fx = 0; fx < CONFIG_T::filt_width; fx++) {
            const int x = int(ow * CONFIG_T::stride_width + fx * CONFIG_T::dilation_width) - int(CONFIG_T::pad_left);
            const bool inside = y >= 0 && y < int(CONFIG_T::in_height) && x >= 0 && x < int(CONFIG_T::in_width);
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                if (inside) {
                    col[k] = data[(unsigned(y) * CONFIG_T::in_width + unsigned(x)) * CONFIG_T::n_chan + c];
                } else {
                    col[k] = 0;
                }
                k++;
            }
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan *
                                                    CONFIG_T::n_filt],
                typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    typedef typename CONFIG_T::mult_config mult_config;
    static_assert(mult_config::n_in == CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan,
                  "mult_config::n_in must be the window size times the channels");
    static_assert(mult_config::n_out == CONFIG_T::n_filt, "mult_config::n_out must be n_filt");

    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            data_T col[mult_config::n_in];
            NNET_HLS(ARRAY_PARTITION variable=col complete)
            im2col_2d_cl<data_T, CONFIG_T>(data, col, oh, ow);
            dense<data_T, res_T, mult_config>(col, &res[(oh * CONFIG_T::out_width + ow) * CONFIG_T::n_filt], weights,
                                              biases);
        }
    }
}

} // namespace nnet

#endif
