// HLS Studio layer template library: embedding lookup.
//
// Each input value is converted to an int (truncation toward zero) and clamped to [0, vocab_size - 1];
// it selects a row of n_out embeddings, each stored into res_T.
#ifndef NNET_EMBED_H_
#define NNET_EMBED_H_

#include "nnet_common.h"

namespace nnet {

struct embed_config {
    static const unsigned n_in = 10;
    static const unsigned n_out = 16;
    static const unsigned vocab_size = 50;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef default_t embeddings_t;
};

template <class data_T, class res_T, typename CONFIG_T>
void embedding(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in * CONFIG_T::n_out],
               const typename CONFIG_T::embeddings_t embeddings[CONFIG_T::vocab_size * CONFIG_T::n_out]) {
    NNET_PIPELINE()
    for (unsigned j = 0; j < CONFIG_T::n_in; j++) {
        int row = data[j].to_int();
        if (row < 0) row = 0;
        if (row > static_cast<int>(CONFIG_T::vocab_size) - 1) row = static_cast<int>(CONFIG_T::vocab_size) - 1;
        for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
            res[j * CONFIG_T::n_out + i] = embeddings[row * CONFIG_T::n_out + i];
        }
    }
}

} // namespace nnet

#endif
