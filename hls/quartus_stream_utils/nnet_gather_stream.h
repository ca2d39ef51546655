// HLS Studio: io_stream Transpose, ZeroPadding, Cropping and nearest Resize of the Quartus flavour, and
// Embedding; written for HLS Studio (not derived from hls4ml).
//
// gather_stream buffers the input tensor (all its words), then writes the output word by word from the
// configuration's index table: value k is res_T(data[index[k]]), or 0 where the index is negative (a
// padded cell) — the io_parallel gather, so the values are the io_parallel ones.
//
// embedding_stream reads the 1-d input (one word) and writes one word of n_out values per token: the
// io_parallel embedding (floored index, clamped to the table).
#ifndef NNET_QUARTUS_GATHER_STREAM_H_
#define NNET_QUARTUS_GATHER_STREAM_H_

#include "nnet_embed.h"
#include "nnet_gather.h"
#include "nnet_stream.h"

namespace nnet {

template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void gather_stream(in_S& in, out_S& out) {
  typedef typename in_W::value_type data_T;
  typedef typename out_W::value_type res_T;
  static_assert(CONFIG_T::n_in % in_W::size == 0 && CONFIG_T::n_out % out_W::size == 0, "words must tile the tensors");
  hls_register data_T data[CONFIG_T::n_in];
  for (unsigned i = 0; i < CONFIG_T::n_in / in_W::size; i++) {
    const in_W w = in.read();
#pragma unroll
    for (unsigned j = 0; j < in_W::size; j++) data[i * in_W::size + j] = w[j];
  }
  const int* index = CONFIG_T::index();
  for (unsigned i = 0; i < CONFIG_T::n_out / out_W::size; i++) {
    out_W y;
#pragma unroll
    for (unsigned j = 0; j < out_W::size; j++) {
      const int k = index[i * out_W::size + j];
      y[j] = k < 0 ? res_T(0) : res_T(data[k]);
    }
    out.write(y);
  }
}

template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void embedding_stream(in_S& in, out_S& out,
                      const typename CONFIG_T::embeddings_t embeddings[CONFIG_T::vocab_size * CONFIG_T::n_out]) {
  typedef typename in_W::value_type data_T;
  typedef typename out_W::value_type res_T;
  static_assert(in_W::size == CONFIG_T::n_in && out_W::size == CONFIG_T::n_out,
                "the tokens are one word; each output word is one embedding");
  const in_W x = in.read();
  hls_register res_T res[CONFIG_T::n_in * CONFIG_T::n_out];
  embedding<data_T, res_T, CONFIG_T>(x.data, res, embeddings);
  for (unsigned j = 0; j < CONFIG_T::n_in; j++) {
    out_W y;
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) y[i] = res[j * CONFIG_T::n_out + i];
    out.write(y);
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_GATHER_STREAM_H_
