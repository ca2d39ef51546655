// HLS Studio: pooling for the Quartus / oneAPI flavour (ac_fixed types), io_parallel, written for HLS
// Studio from the behaviour described in the project's fixed-point spec §6.5 and §7.2 and
// hls/quartus_nnet_utils/README.md; not derived from hls4ml's code.
//
// Windows of pool_height x pool_width cells (pool size equal to the stride: the project writer refuses
// anything else), row-major. Max: a padded cell holds data_T's most negative bit pattern (MSB set, the
// rest 0); the running maximum uses a strict >. Average: padded cells are 0, see window_average. There is
// no accum_t: the result is cast from data_T straight to res_T. Global pooling is one window over the
// whole image (the writer sets pool = stride = the input size).
#ifndef NNET_QUARTUS_POOLING_H_
#define NNET_QUARTUS_POOLING_H_

#include "nnet_common.h"

namespace nnet {

enum pool_operation { pool_max = 0, pool_average = 1 };

struct pooling2d_config {
  static const unsigned in_height = 1;
  static const unsigned in_width = 10;
  static const unsigned n_filt = 1;
  static const unsigned pool_height = 1;
  static const unsigned pool_width = 2;
  static const unsigned stride_height = 1;
  static const unsigned stride_width = 2;
  static const unsigned pad_top = 0;
  static const unsigned pad_left = 0;
  static const unsigned out_height = 1;
  static const unsigned out_width = 5;
  static const pool_operation pool_op = pool_max;
  static const bool wide_sum = false;
};

template <class T>
inline T pool_pad_value() {
  T x = 0;
  x.set_bit(T::width - 1, true);
  return x;
}

// The average of N window cells: a wide exact sum for signed data_T with AC_TRN / AC_WRAP (wide_sum), else
// a running sum in data_T; then a division by N that truncates toward zero at data_T's LSB.
template <class data_T, bool WIDE, unsigned N>
struct window_average;

template <class data_T, unsigned N>
struct window_average<data_T, true, N> {
  static data_T of(const data_T (&x)[N]) {
    typedef ac_fixed<data_T::width + ceil_log2(N), data_T::iwidth + ceil_log2(N), true> wide_T;
    wide_T s = 0;
    for (unsigned i = 0; i < N; i++) s += x[i];
    s /= int(N);
    return data_T(s);
  }
};

template <class data_T, unsigned N>
struct window_average<data_T, false, N> {
  static data_T of(const data_T (&x)[N]) {
    data_T y = 0;
    for (unsigned i = 0; i < N; i++) y += x[i];
    y /= int(N);
    return y;
  }
};

template <class data_T, class res_T, typename CONFIG_T>
void pooling_cl(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_filt],
                res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt]) {
  static_assert(CONFIG_T::pool_height == CONFIG_T::stride_height && CONFIG_T::pool_width == CONFIG_T::stride_width,
                "Quartus pooling windows have the stride's size");
  const unsigned N = CONFIG_T::pool_height * CONFIG_T::pool_width;
  for (unsigned oy = 0; oy < CONFIG_T::out_height; oy++) {
    for (unsigned ox = 0; ox < CONFIG_T::out_width; ox++) {
#pragma unroll
      for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        hls_register data_T window[N];
        for (unsigned ky = 0; ky < CONFIG_T::pool_height; ky++) {
          for (unsigned kx = 0; kx < CONFIG_T::pool_width; kx++) {
            const int y = int(oy * CONFIG_T::stride_height + ky) - int(CONFIG_T::pad_top);
            const int x = int(ox * CONFIG_T::stride_width + kx) - int(CONFIG_T::pad_left);
            const bool inside =
                y >= 0 && y < int(CONFIG_T::in_height) && x >= 0 && x < int(CONFIG_T::in_width);
            window[ky * CONFIG_T::pool_width + kx] =
                inside ? data[(unsigned(y) * CONFIG_T::in_width + unsigned(x)) * CONFIG_T::n_filt + f]
                       : (CONFIG_T::pool_op == pool_max ? pool_pad_value<data_T>() : data_T(0));
          }
        }
        data_T v;
        if (CONFIG_T::pool_op == pool_max) {
          v = window[0];
          for (unsigned i = 1; i < N; i++)
            if (window[i] > v) v = window[i];
        } else {
          v = window_average<data_T, CONFIG_T::wide_sum, N>::of(window);
        }
        res[(oy * CONFIG_T::out_width + ox) * CONFIG_T::n_filt + f] = res_T(v);
      }
    }
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_POOLING_H_
