// HLS Studio: DepthwiseConv1D / DepthwiseConv2D for the oneAPI flavour (ac_fixed types), io_parallel,
// written for HLS Studio from the behaviour of hls4ml's oneAPI depthwise kernels as described in the
// project's notes; not derived from hls4ml's code. hls4ml's Quartus backend has no depthwise kernel, so
// only oneAPI projects include this header.
//
// Input channel c has depth_multiplier = n_filt / n_chan filters; output channel c * dm + m. Weights are
// filter-major: w[m * (filt_height * filt_width * n_chan) + (ky * filt_width + kx) * n_chan + c]. Padded
// cells are skipped (not multiplied). Products are exact (data_T * weight_t at full precision).
//
// The two hls4ml kernels accumulate differently, and so do these:
//  * 2D: directly in res_T. res = res_T(bias); per window cell res = res_T(res + x * w) (the result type's
//    own quantization and overflow at every step); accum_t is not used.
//  * 1D: in accum_t. acc = accum_t(bias); per window cell acc = accum_t(acc + x * w); res = res_T(acc).
#ifndef NNET_QUARTUS_DEPTHCONV_H_
#define NNET_QUARTUS_DEPTHCONV_H_

#include "nnet_common.h"

namespace nnet {

struct depthconv_config {
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

// One output value: T(bias), then T(sum + x * w) for every window cell inside the image; T is res_T for
// the 2D kernel and accum_t for the 1D one.
template <class T, class data_T, typename CONFIG_T>
T depthconv_point(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                  const typename CONFIG_T::weight_t
                      weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_filt],
                  const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt], unsigned oy, unsigned ox,
                  unsigned c, unsigned m) {
  const unsigned dm = CONFIG_T::n_filt / CONFIG_T::n_chan;
  const unsigned per_filter = CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan;
  T sum = T(biases[c * dm + m]);
#pragma unroll
  for (unsigned ky = 0; ky < CONFIG_T::filt_height; ky++) {
#pragma unroll
    for (unsigned kx = 0; kx < CONFIG_T::filt_width; kx++) {
      const int y = int(oy * CONFIG_T::stride_height + ky) - int(CONFIG_T::pad_top);
      const int x = int(ox * CONFIG_T::stride_width + kx) - int(CONFIG_T::pad_left);
      if (y < 0 || y >= int(CONFIG_T::in_height) || x < 0 || x >= int(CONFIG_T::in_width)) continue;
      const data_T v = data[(unsigned(y) * CONFIG_T::in_width + unsigned(x)) * CONFIG_T::n_chan + c];
      const typename CONFIG_T::weight_t w =
          weights[m * per_filter + (ky * CONFIG_T::filt_width + kx) * CONFIG_T::n_chan + c];
      sum = T(sum + v * w);
    }
  }
  return sum;
}

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_2d_cl(
    const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
    res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
    const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_filt],
    const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
  static_assert(CONFIG_T::n_filt % CONFIG_T::n_chan == 0, "n_filt must be n_chan times the depth multiplier");
  const unsigned dm = CONFIG_T::n_filt / CONFIG_T::n_chan;
  for (unsigned oy = 0; oy < CONFIG_T::out_height; oy++) {
    for (unsigned ox = 0; ox < CONFIG_T::out_width; ox++) {
#pragma unroll
      for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
#pragma unroll
        for (unsigned m = 0; m < dm; m++) {
          res[(oy * CONFIG_T::out_width + ox) * CONFIG_T::n_filt + c * dm + m] =
              depthconv_point<res_T, data_T, CONFIG_T>(data, weights, biases, oy, ox, c, m);
        }
      }
    }
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_1d_cl(const data_T data[CONFIG_T::in_width * CONFIG_T::n_chan],
                          res_T res[CONFIG_T::out_width * CONFIG_T::n_filt],
                          const typename CONFIG_T::weight_t weights[CONFIG_T::filt_width * CONFIG_T::n_filt],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
  static_assert(CONFIG_T::in_height == 1 && CONFIG_T::filt_height == 1, "a 1D convolution has height 1");
  static_assert(CONFIG_T::n_filt % CONFIG_T::n_chan == 0, "n_filt must be n_chan times the depth multiplier");
  typedef typename CONFIG_T::accum_t acc_T;
  const unsigned dm = CONFIG_T::n_filt / CONFIG_T::n_chan;
  for (unsigned ox = 0; ox < CONFIG_T::out_width; ox++) {
#pragma unroll
    for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
#pragma unroll
      for (unsigned m = 0; m < dm; m++) {
        const acc_T acc = depthconv_point<acc_T, data_T, CONFIG_T>(data, weights, biases, 0, ox, c, m);
        res[ox * CONFIG_T::n_filt + c * dm + m] = res_T(acc);
      }
    }
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_DEPTHCONV_H_
