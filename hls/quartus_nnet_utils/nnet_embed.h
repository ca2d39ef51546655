// HLS Studio: Embedding for the Quartus / oneAPI flavour (ac_fixed types), io_parallel, written for
// HLS Studio; not derived from hls4ml's code. Each input value is an index: its integer part floored
// (ac's to_long), clamped to [0, vocab_size - 1] (hls4ml reads out of bounds there; we do not), selects
// a row of the embeddings table, and every value of the row is cast to res_T.
#ifndef NNET_QUARTUS_EMBED_H_
#define NNET_QUARTUS_EMBED_H_

#include "nnet_common.h"

namespace nnet {

struct embed_config {
  static const unsigned n_in = 10;
  static const unsigned n_out = 16;
  static const unsigned vocab_size = 50;
  static const unsigned io_type = 0;
  static const unsigned reuse_factor = 1;
  typedef ac_fixed<16, 6, true> embeddings_t;
};

template <class data_T, class res_T, typename CONFIG_T>
void embedding(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in * CONFIG_T::n_out],
               const typename CONFIG_T::embeddings_t embeddings[CONFIG_T::vocab_size * CONFIG_T::n_out]) {
#pragma unroll
  for (unsigned j = 0; j < CONFIG_T::n_in; j++) {
    long row = data[j].to_long();
    if (row < 0) row = 0;
    if (row > long(CONFIG_T::vocab_size) - 1) row = long(CONFIG_T::vocab_size) - 1;
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
      res[j * CONFIG_T::n_out + i] = res_T(embeddings[row * CONFIG_T::n_out + i]);
    }
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_EMBED_H_
