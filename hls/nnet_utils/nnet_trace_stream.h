// HLS Studio layer template library: trace output of an io_stream layer in C simulation.
//
// C simulation runs the functions of a DATAFLOW region one after the other, so when the top function
// traces a layer right after its call, the layer's whole output is waiting in the stream: it is read
// word by word, written to the trace (nnet_trace.h, the same file format as io_parallel), and written
// back in the same order for the next layer. Only compiled outside synthesis.
#ifndef NNET_TRACE_STREAM_H_
#define NNET_TRACE_STREAM_H_

#ifndef __SYNTHESIS__
#include <vector>

#include "nnet_channel.h"
#include "nnet_trace.h"

namespace nnet {

template <class T> void trace_output(const char *layer, stream_t<T> &s, unsigned n_words) {
    std::vector<T> words;
    std::vector<typename T::value_type> values;
    for (unsigned w = 0; w < n_words; w++) {
        const T word = s.read();
        words.push_back(word);
        for (unsigned j = 0; j < T::size; j++) values.push_back(word[j]);
    }
    for (unsigned w = 0; w < n_words; w++) s.write(words[w]);
    trace_output(layer, values.data(), static_cast<unsigned>(values.size()));
}

} // namespace nnet
#endif

#endif
