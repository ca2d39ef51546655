// HLS Studio layer template library: transpose and nearest resize, io_stream.
//
// Both reorder a whole tensor, so the stream kernel unpacks every input word into a buffer, runs the
// io_parallel kernel (each value converted to the result type, nothing else), and repacks the result into
// words of res_T::size values.
#ifndef NNET_TRANSPOSE_STREAM_H_
#define NNET_TRANSPOSE_STREAM_H_

#include "nnet_image.h"
#include "nnet_stream.h"
#include "nnet_transpose.h"

namespace nnet {

template <class data_T, unsigned N> void unpack_stream(stream_t<data_T> &in, typename data_T::value_type out[N]) {
    static_assert(N % data_T::size == 0, "the tensor must be a whole number of words");
    for (unsigned w = 0; w < N / data_T::size; w++) {
        NNET_PIPELINE()
        const data_T word = in.read();
        for (unsigned j = 0; j < data_T::size; j++) out[w * data_T::size + j] = word[j];
    }
}

template <class res_T, unsigned N> void pack_stream(const typename res_T::value_type in[N], stream_t<res_T> &out) {
    static_assert(N % res_T::size == 0, "the tensor must be a whole number of words");
    for (unsigned w = 0; w < N / res_T::size; w++) {
        NNET_PIPELINE()
        res_T word;
        for (unsigned j = 0; j < res_T::size; j++) word[j] = in[w * res_T::size + j];
        out.write(word);
    }
}

template <class data_T, class res_T, typename CONFIG_T> void transpose_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    typename data_T::value_type in[CONFIG_T::n_in];
    typename res_T::value_type out[CONFIG_T::n_in];
    unpack_stream<data_T, CONFIG_T::n_in>(data, in);
    transpose_cl<typename data_T::value_type, typename res_T::value_type, CONFIG_T>(in, out);
    pack_stream<res_T, CONFIG_T::n_in>(out, res);
}

template <class data_T, class res_T, typename CONFIG_T>
void resize_nearest_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    static const unsigned n_in = CONFIG_T::height * CONFIG_T::width * CONFIG_T::n_chan;
    static const unsigned n_out = CONFIG_T::new_height * CONFIG_T::new_width * CONFIG_T::n_chan;
    typename data_T::value_type in[n_in];
    typename res_T::value_type out[n_out];
    unpack_stream<data_T, n_in>(data, in);
    resize_nearest_cl<typename data_T::value_type, typename res_T::value_type, CONFIG_T>(in, out);
    pack_stream<res_T, n_out>(out, res);
}

} // namespace nnet

#endif
