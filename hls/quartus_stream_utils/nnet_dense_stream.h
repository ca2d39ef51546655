// HLS Studio: io_stream Dense and Conv1D/Conv2D of the Quartus flavour, written for HLS Studio (not derived
// from hls4ml). Every output value goes through the io_parallel dense_resource (nnet_dense.h), so the
// numerics are those of the io_parallel kernels (README.md).
//
// dense_stream: the input vector (1-d, n_in values in words of in_W::size) is gathered, multiplied once,
// and written out in words of out_W::size.
//
// conv_stream: a line buffer holds the last filt_height rows of the padded image (padded cells are 0);
// each input pixel is read once, row-major, and every time a window is complete at a stride position its
// im2col column (kernel row, kernel column, channel) goes through dense_resource with the layer's
// mult_config, giving one output pixel (n_filt values) per word, row-major.
#ifndef NNET_QUARTUS_DENSE_STREAM_H_
#define NNET_QUARTUS_DENSE_STREAM_H_

#include "nnet_conv.h"
#include "nnet_dense.h"
#include "nnet_stream.h"

namespace nnet {

template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void dense_stream(in_S& in, out_S& out,
                  const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                  const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
  typedef typename in_W::value_type data_T;
  typedef typename out_W::value_type res_T;
  static_assert(CONFIG_T::n_in % in_W::size == 0 && CONFIG_T::n_out % out_W::size == 0,
                "dense words must tile the vectors");
  hls_register data_T data[CONFIG_T::n_in];
  hls_register res_T res[CONFIG_T::n_out];
  for (unsigned i = 0; i < CONFIG_T::n_in / in_W::size; i++) {
    const in_W w = in.read();
#pragma unroll
    for (unsigned j = 0; j < in_W::size; j++) data[i * in_W::size + j] = w[j];
  }
  dense_resource<data_T, res_T, CONFIG_T>(data, res, weights, biases);
  for (unsigned i = 0; i < CONFIG_T::n_out / out_W::size; i++) {
    out_W w;
#pragma unroll
    for (unsigned j = 0; j < out_W::size; j++) w[j] = res[i * out_W::size + j];
    out.write(w);
  }
}

template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void conv_stream(in_S& in, out_S& out,
                 const typename CONFIG_T::weight_t
                     weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
                 const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
  typedef typename in_W::value_type data_T;
  typedef typename out_W::value_type res_T;
  typedef typename CONFIG_T::mult_config mult_T;
  static_assert(in_W::size == CONFIG_T::n_chan, "an input word is one pixel");
  static_assert(out_W::size == CONFIG_T::n_filt, "an output word is one pixel");
  static_assert(mult_T::n_in == CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan,
                "mult_config::n_in must be the window size");
  const unsigned FH = CONFIG_T::filt_height;
  const unsigned FW = CONFIG_T::filt_width;
  const unsigned PH = CONFIG_T::in_height + CONFIG_T::pad_top + CONFIG_T::pad_bottom;
  const unsigned PW = CONFIG_T::in_width + CONFIG_T::pad_left + CONFIG_T::pad_right;

  hls_register data_T lines[FH][PW][CONFIG_T::n_chan];
  for (unsigned r = 0; r < PH; r++) {
    for (unsigned c = 0; c < PW; c++) {
      const bool inside = r >= CONFIG_T::pad_top && r < CONFIG_T::pad_top + CONFIG_T::in_height &&
                          c >= CONFIG_T::pad_left && c < CONFIG_T::pad_left + CONFIG_T::in_width;
      in_W pixel;
      if (inside) pixel = in.read();
#pragma unroll
      for (unsigned ch = 0; ch < CONFIG_T::n_chan; ch++) lines[r % FH][c][ch] = inside ? pixel[ch] : data_T(0);

      if (r + 1 < FH || c + 1 < FW) continue;
      const unsigned top = r + 1 - FH;
      const unsigned left = c + 1 - FW;
      if (top % CONFIG_T::stride_height != 0 || left % CONFIG_T::stride_width != 0) continue;
      if (top / CONFIG_T::stride_height >= CONFIG_T::out_height ||
          left / CONFIG_T::stride_width >= CONFIG_T::out_width)
        continue;

      hls_register data_T column[mult_T::n_in];
      unsigned k = 0;
#pragma unroll
      for (unsigned ky = 0; ky < FH; ky++) {
#pragma unroll
        for (unsigned kx = 0; kx < FW; kx++) {
#pragma unroll
          for (unsigned ch = 0; ch < CONFIG_T::n_chan; ch++) column[k++] = lines[(top + ky) % FH][left + kx][ch];
        }
      }
      hls_register res_T res[CONFIG_T::n_filt];
      dense_resource<data_T, res_T, mult_T>(column, res, weights, biases);
      out_W w;
#pragma unroll
      for (unsigned f = 0; f < CONFIG_T::n_filt; f++) w[f] = res[f];
      out.write(w);
    }
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_DENSE_STREAM_H_
