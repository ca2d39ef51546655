// HLS Studio: Conv1D / Conv2D for the Quartus / oneAPI flavour (ac_fixed types), io_parallel, written for
// HLS Studio from the behaviour described in the project's fixed-point spec §6.3 and §7.2; not derived
// from hls4ml's code.
//
// im2col: for each output pixel (row-major), the window is gathered kernel row, kernel column, channel
// (padded cells are 0) and goes through dense_resource with the layer's mult_config (weights transposed:
// w[filter * n_in + (ky * filt_width + kx) * n_chan + c]); the result of each pixel is cast to res_T
// there. A 1D convolution is a 2D one of height 1. No dilation (Quartus has none).
#ifndef NNET_QUARTUS_CONV_H_
#define NNET_QUARTUS_CONV_H_

#include "nnet_common.h"
#include "nnet_dense.h"

namespace nnet {

struct conv_config {
  static const unsigned in_height = 1;
  static const unsigned in_width = 10;
  static const unsigned n_chan = 1;
  static const unsigned filt_height = 1;
  static const unsigned filt_width = 3;
  static const unsigned stride_height = 1;
  static const unsigned stride_width = 1;
  static const unsigned pad_top = 0;
  static const unsigned pad_left = 0;
  static const unsigned out_height = 1;
  static const unsigned out_width = 8;
  static const unsigned n_filt = 1;
  static const unsigned io_type = io_parallel;
  static const unsigned reuse_factor = 1;
};

template <class data_T, typename CONFIG_T>
void im2col_cl(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
               data_T column[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan], unsigned oy,
               unsigned ox) {
  unsigned k = 0;
#pragma unroll
  for (unsigned ky = 0; ky < CONFIG_T::filt_height; ky++) {
#pragma unroll
    for (unsigned kx = 0; kx < CONFIG_T::filt_width; kx++) {
      const int y = int(oy * CONFIG_T::stride_height + ky) - int(CONFIG_T::pad_top);
      const int x = int(ox * CONFIG_T::stride_width + kx) - int(CONFIG_T::pad_left);
      const bool inside = y >= 0 && y < int(CONFIG_T::in_height) && x >= 0 && x < int(CONFIG_T::in_width);
#pragma unroll
      for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
        column[k++] = inside ? data[(unsigned(y) * CONFIG_T::in_width + unsigned(x)) * CONFIG_T::n_chan + c]
                             : data_T(0);
      }
    }
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_im2col_cl(
    const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
    res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
    const typename CONFIG_T::weight_t
        weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
    const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
  typedef typename CONFIG_T::mult_config mult_T;
  static_assert(mult_T::n_in == CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan,
                "mult_config::n_in must be the window size");
  static_assert(mult_T::n_out == CONFIG_T::n_filt, "mult_config::n_out must be n_filt");
  for (unsigned oy = 0; oy < CONFIG_T::out_height; oy++) {
    for (unsigned ox = 0; ox < CONFIG_T::out_width; ox++) {
      hls_register data_T column[mult_T::n_in];
      im2col_cl<data_T, CONFIG_T>(data, column, oy, ox);
      hls_register res_T pixel[CONFIG_T::n_filt];
      dense_resource<data_T, res_T, mult_T>(column, pixel, weights, biases);
#pragma unroll
      for (unsigned f = 0; f < CONFIG_T::n_filt; f++)
        res[(oy * CONFIG_T::out_width + ox) * CONFIG_T::n_filt + f] = pixel[f];
    }
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_1d_cl(const data_T data[CONFIG_T::in_width * CONFIG_T::n_chan],
                res_T res[CONFIG_T::out_width * CONFIG_T::n_filt],
                const typename CONFIG_T::weight_t weights[CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
                const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
  static_assert(CONFIG_T::in_height == 1 && CONFIG_T::filt_height == 1, "a 1D convolution has height 1");
  conv_im2col_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_2d_cl(
    const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
    res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
    const typename CONFIG_T::weight_t
        weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
    const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
  conv_im2col_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_CONV_H_
