// HLS Studio layer template library: embedding lookup, io_stream.
//
// Layout as hls4ml's io_stream embedding: the index vector arrives as one word (a 1-d input), and every
// index produces one output word of n_out values (one row of the table). Each lookup is the io_parallel
// one of nnet_embed.h: truncation toward zero, clamped to the vocabulary, stored into res_T's value type.
#ifndef NNET_EMBED_STREAM_H_
#define NNET_EMBED_STREAM_H_

#include "nnet_embed.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void embedding(stream_t<data_T> &data, stream_t<res_T> &res,
               const typename CONFIG_T::embeddings_t embeddings[CONFIG_T::vocab_size * CONFIG_T::n_out]) {
    static_assert(res_T::size == CONFIG_T::n_out, "an output word holds one row of the table");
    static_assert(CONFIG_T::n_in % data_T::size == 0, "the indices must be a whole number of words");
    for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
        const data_T in = data.read();
        for (unsigned j = 0; j < data_T::size; j++) {
            NNET_PIPELINE(II = CONFIG_T::reuse_factor)
            int row = in[j].to_int();
            if (row < 0) row = 0;
            if (row > static_cast<int>(CONFIG_T::vocab_size) - 1) row = static_cast<int>(CONFIG_T::vocab_size) - 1;
            res_T out;
            for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
                out[i] = embeddings[row * CONFIG_T::n_out + i];
            }
            res.write(out);
        }
    }
}

} // namespace nnet

#endif
