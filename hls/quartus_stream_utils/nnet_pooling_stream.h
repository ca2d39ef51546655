// HLS Studio: io_stream pooling of the Quartus flavour, written for HLS Studio (not derived from hls4ml).
//
// pooling_stream (max / average, pool size == stride, no padding: what hls4ml's Quartus stream pooling
// takes): a band of pool_height rows is buffered; when it is complete, each window (kernel row, kernel
// column) is reduced exactly as io_parallel pooling_cl does (strict > running maximum; window_average
// with the wide or data_T sum) and cast to res_T. Rows or columns past the last whole window are read and
// dropped (valid padding).
//
// global_pooling_stream (hls4ml's Quartus stream global pooling, which differs from its io_parallel one):
// per channel, a running value in CONFIG_T::accum_t. Max starts at accum_t's MSB-only pattern (its most
// negative value; for an unsigned accum_t a large positive one) and takes accum_t(x) whenever x > it;
// average adds each x exactly and casts the sum to accum_t at every step. The result is res_T(max) or
// res_T(sum / n) with n the pixel count (the quotient truncated toward zero at accum_t's LSB).
#ifndef NNET_QUARTUS_POOLING_STREAM_H_
#define NNET_QUARTUS_POOLING_STREAM_H_

#include "nnet_pooling.h"
#include "nnet_stream.h"

namespace nnet {

template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void pooling_stream(in_S& in, out_S& out) {
  typedef typename in_W::value_type data_T;
  typedef typename out_W::value_type res_T;
  static_assert(CONFIG_T::pool_height == CONFIG_T::stride_height && CONFIG_T::pool_width == CONFIG_T::stride_width,
                "Quartus pooling windows have the stride's size");
  static_assert(CONFIG_T::pad_top == 0 && CONFIG_T::pad_left == 0, "io_stream pooling has no padding");
  static_assert(in_W::size == CONFIG_T::n_filt && out_W::size == CONFIG_T::n_filt, "a word is one pixel");
  const unsigned N = CONFIG_T::pool_height * CONFIG_T::pool_width;

  hls_register data_T band[CONFIG_T::pool_height][CONFIG_T::in_width][CONFIG_T::n_filt];
  for (unsigned r = 0; r < CONFIG_T::in_height; r++) {
    for (unsigned c = 0; c < CONFIG_T::in_width; c++) {
      const in_W pixel = in.read();
#pragma unroll
      for (unsigned f = 0; f < CONFIG_T::n_filt; f++) band[r % CONFIG_T::pool_height][c][f] = pixel[f];
    }
    if ((r + 1) % CONFIG_T::pool_height != 0 || r / CONFIG_T::pool_height >= CONFIG_T::out_height) continue;
    for (unsigned ox = 0; ox < CONFIG_T::out_width; ox++) {
      out_W y;
#pragma unroll
      for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        hls_register data_T window[N];
        for (unsigned ky = 0; ky < CONFIG_T::pool_height; ky++)
          for (unsigned kx = 0; kx < CONFIG_T::pool_width; kx++)
            window[ky * CONFIG_T::pool_width + kx] = band[ky][ox * CONFIG_T::pool_width + kx][f];
        data_T v;
        if (CONFIG_T::pool_op == pool_max) {
          v = window[0];
          for (unsigned i = 1; i < N; i++)
            if (window[i] > v) v = window[i];
        } else {
          v = window_average<data_T, CONFIG_T::wide_sum, N>::of(window);
        }
        y[f] = res_T(v);
      }
      out.write(y);
    }
  }
}

template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void global_pooling_stream(in_S& in, out_S& out) {
  typedef typename CONFIG_T::accum_t acc_T;
  typedef typename out_W::value_type res_T;
  static_assert(in_W::size == CONFIG_T::n_filt && out_W::size == CONFIG_T::n_filt, "a word is one pixel");
  const unsigned n = CONFIG_T::in_height * CONFIG_T::in_width;

  hls_register acc_T acc[CONFIG_T::n_filt];
#pragma unroll
  for (unsigned f = 0; f < CONFIG_T::n_filt; f++) acc[f] = CONFIG_T::pool_op == pool_max ? pool_pad_value<acc_T>() : acc_T(0);
  for (unsigned i = 0; i < n; i++) {
    const in_W x = in.read();
#pragma unroll
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
      if (CONFIG_T::pool_op == pool_max) {
        if (x[f] > acc[f]) acc[f] = acc_T(x[f]);
      } else {
        acc[f] = acc_T(x[f] + acc[f]);
      }
    }
  }
  out_W y;
#pragma unroll
  for (unsigned f = 0; f < CONFIG_T::n_filt; f++)
    y[f] = CONFIG_T::pool_op == pool_max ? res_T(acc[f]) : res_T(acc[f] / int(n));
  out.write(y);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_POOLING_STREAM_H_
