// HLS Studio: io_stream BatchNormalization, element-wise merges, Concatenate and Reshape of the Quartus
// flavour, written for HLS Studio (not derived from hls4ml). Word by word, with one cast of the exact
// result as in io_parallel, except the merge average: hls4ml's Quartus stream kernel divides the exact
// sum by res_T(2) (the constant 2 converted to res_T with its modes) instead of multiplying by 0.5; the
// quotient is truncated toward zero at the sum's LSB, then cast to res_T (README.md).
#ifndef NNET_QUARTUS_MERGE_STREAM_H_
#define NNET_QUARTUS_MERGE_STREAM_H_

#include "nnet_stream.h"

namespace nnet {

// BatchNormalization: element k of the tensor takes scale / bias [k % n_filt] (n_filt is the channel
// count or the whole size), res_T(x * scale + bias) exact then one cast.
template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void normalize_stream(in_S& in, out_S& out, const typename CONFIG_T::scale_t scale[CONFIG_T::n_filt],
                      const typename CONFIG_T::bias_t bias[CONFIG_T::n_filt]) {
  typedef typename out_W::value_type res_T;
  for (unsigned i = 0; i < CONFIG_T::n_in / in_W::size; i++) {
    const in_W x = in.read();
    out_W y;
#pragma unroll
    for (unsigned j = 0; j < in_W::size; j++) {
      const unsigned c = (i * in_W::size + j) % CONFIG_T::n_filt;
      y[j] = res_T(x[j] * scale[c] + bias[c]);
    }
    out.write(y);
  }
}

enum merge_op { merge_add = 0, merge_subtract, merge_multiply, merge_average, merge_maximum, merge_minimum };

// Two inputs of the output's shape and word size.
template <class in1_W, class in2_W, class out_W, typename CONFIG_T, merge_op OP, class in1_S, class in2_S, class out_S>
void merge_stream(in1_S& in1, in2_S& in2, out_S& out) {
  typedef typename out_W::value_type res_T;
  static_assert(in1_W::size == out_W::size && in2_W::size == out_W::size, "merge inputs keep the word size");
  for (unsigned i = 0; i < CONFIG_T::n_elem / out_W::size; i++) {
    const in1_W a = in1.read();
    const in2_W b = in2.read();
    out_W y;
#pragma unroll
    for (unsigned j = 0; j < out_W::size; j++) {
      switch (OP) {
        case merge_add: y[j] = res_T(a[j] + b[j]); break;
        case merge_subtract: y[j] = res_T(a[j] - b[j]); break;
        case merge_multiply: y[j] = res_T(a[j] * b[j]); break;
        case merge_average: y[j] = res_T((a[j] + b[j]) / res_T(2)); break;
        case merge_maximum: y[j] = a[j] > b[j] ? res_T(a[j]) : res_T(b[j]); break;
        case merge_minimum: y[j] = a[j] < b[j] ? res_T(a[j]) : res_T(b[j]); break;
      }
    }
    out.write(y);
  }
}

// Concatenate along the last axis: per outer index one word of each input, the first's values first.
template <class in1_W, class in2_W, class out_W, typename CONFIG_T, class in1_S, class in2_S, class out_S>
void concatenate_stream(in1_S& in1, in2_S& in2, out_S& out) {
  typedef typename out_W::value_type res_T;
  static_assert(in1_W::size == CONFIG_T::n_inner1 && in2_W::size == CONFIG_T::n_inner2 &&
                    out_W::size == CONFIG_T::n_inner1 + CONFIG_T::n_inner2,
                "an io_stream concatenation joins words along the last axis");
  for (unsigned i = 0; i < CONFIG_T::n_outer; i++) {
    const in1_W a = in1.read();
    const in2_W b = in2.read();
    out_W y;
#pragma unroll
    for (unsigned j = 0; j < in1_W::size; j++) y[j] = res_T(a[j]);
#pragma unroll
    for (unsigned j = 0; j < in2_W::size; j++) y[in1_W::size + j] = res_T(b[j]);
    out.write(y);
  }
}

// Reshape / Flatten: the values in order, re-cut into the output's words, each cast to res_T.
template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void reshape_stream(in_S& in, out_S& out) {
  typedef typename out_W::value_type res_T;
  static_assert(CONFIG_T::n_in % in_W::size == 0 && CONFIG_T::n_in % out_W::size == 0, "words must tile the tensor");
  out_W y;
  unsigned k = 0;
  for (unsigned i = 0; i < CONFIG_T::n_in / in_W::size; i++) {
    const in_W x = in.read();
    for (unsigned j = 0; j < in_W::size; j++) {
      y[k++] = res_T(x[j]);
      if (k == out_W::size) {
        out.write(y);
        k = 0;
      }
    }
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_MERGE_STREAM_H_
