// HLS Studio layer template library: merge layers, io_stream.
//
// Element-wise merges (add, subtract, multiply, maximum, minimum) read one word of each input and apply
// the io_parallel kernel to it; average follows hls4ml's io_stream kernel (below). concatenate joins the
// two words of each pixel on the last axis, or whole tensors on another axis. dot1d reads both vectors.
// broadcast_stream expands the smaller operand of a broadcasting merge first (as hls4ml's io_stream).
#ifndef NNET_MERGE_STREAM_H_
#define NNET_MERGE_STREAM_H_

#include "nnet_merge.h"
#include "nnet_stream.h"

namespace nnet {

#define NNET_STREAM_MERGE(FN)                                                                                   \
    template <class input1_T, class input2_T, class res_T, typename CONFIG_T>                                   \
    void FN(stream_t<input1_T> &data1, stream_t<input2_T> &data2, stream_t<res_T> &res) {             \
        static_assert(input1_T::size == input2_T::size && input1_T::size == res_T::size,                       \
                      "an element-wise merge needs words of one size");                                         \
        static_assert(CONFIG_T::n_out % res_T::size == 0, "the tensor must be a whole number of words");         \
        typedef pixel_config<CONFIG_T, res_T::size> word_config;                                                \
        for (unsigned i = 0; i < CONFIG_T::n_out / res_T::size; i++) {                                         \
            NNET_PIPELINE() input1_T a = data1.read();                                                          \
            input2_T b = data2.read();                                                                          \
            res_T out;                                                                                          \
            FN<typename input1_T::value_type, typename input2_T::value_type, typename res_T::value_type,        \
               word_config>(a.data, b.data, out.data);                                                          \
            res.write(out);                                                                                     \
        }                                                                                                       \
    }

NNET_STREAM_MERGE(add)
NNET_STREAM_MERGE(subtract)
NNET_STREAM_MERGE(multiply)
NNET_STREAM_MERGE(maximum)
NNET_STREAM_MERGE(minimum)

#undef NNET_STREAM_MERGE

// average as hls4ml's io_stream kernel: (a + b) / res(2) -- the quotient keeps the sum's fractional bits,
// truncated toward zero -- then the result type (io_parallel multiplies by an exact 1/2 instead).
template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void average(stream_t<input1_T> &data1, stream_t<input2_T> &data2, stream_t<res_T> &res) {
    typedef typename res_T::value_type out_t;
    static_assert(input1_T::size == input2_T::size && input1_T::size == res_T::size,
                  "an element-wise merge needs words of one size");
    static_assert(CONFIG_T::n_out % res_T::size == 0, "the tensor must be a whole number of words");
    const out_t two = 2;
    for (unsigned i = 0; i < CONFIG_T::n_out / res_T::size; i++) {
        NNET_PIPELINE()
        const input1_T a = data1.read();
        const input2_T b = data2.read();
        res_T out;
        for (unsigned j = 0; j < res_T::size; j++) {
            NNET_UNROLL
            out[j] = (a[j] + b[j]) / two;
        }
        res.write(out);
    }
}

template <typename CONFIG_T> struct concat_word_config : CONFIG_T {
    static const unsigned n_outer = 1;
};

// Concatenation on the last axis joins the two words of each pixel; on another axis the two tensors are
// read whole, joined by the io_parallel kernel and written in words of the result (a reordering only).
template <class input1_T, class input2_T, class res_T, typename CONFIG_T,
          bool LAST = (input1_T::size == CONFIG_T::n_inner1 && input2_T::size == CONFIG_T::n_inner2 &&
                       res_T::size == CONFIG_T::n_inner1 + CONFIG_T::n_inner2)>
struct concatenate_stream {
    static void run(stream_t<input1_T> &data1, stream_t<input2_T> &data2, stream_t<res_T> &res) {
        for (unsigned i = 0; i < CONFIG_T::n_outer; i++) {
            NNET_PIPELINE()
            input1_T a = data1.read();
            input2_T b = data2.read();
            res_T out;
            concatenate<typename input1_T::value_type, typename input2_T::value_type, typename res_T::value_type,
                        concat_word_config<CONFIG_T> >(a.data, b.data, out.data);
            res.write(out);
        }
    }
};

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
struct concatenate_stream<input1_T, input2_T, res_T, CONFIG_T, false> {
    static void run(stream_t<input1_T> &data1, stream_t<input2_T> &data2, stream_t<res_T> &res) {
        static const unsigned n1 = CONFIG_T::n_outer * CONFIG_T::n_inner1;
        static const unsigned n2 = CONFIG_T::n_outer * CONFIG_T::n_inner2;
        static_assert(n1 % input1_T::size == 0 && n2 % input2_T::size == 0 && (n1 + n2) % res_T::size == 0,
                      "the tensors must be whole numbers of words");
        typename input1_T::value_type a[n1];
        typename input2_T::value_type b[n2];
        typename res_T::value_type out[n1 + n2];
        for (unsigned w = 0; w < n1 / input1_T::size; w++) {
            const input1_T word = data1.read();
            for (unsigned j = 0; j < input1_T::size; j++) a[w * input1_T::size + j] = word[j];
        }
        for (unsigned w = 0; w < n2 / input2_T::size; w++) {
            const input2_T word = data2.read();
            for (unsigned j = 0; j < input2_T::size; j++) b[w * input2_T::size + j] = word[j];
        }
        concatenate<typename input1_T::value_type, typename input2_T::value_type, typename res_T::value_type,
                    CONFIG_T>(a, b, out);
        for (unsigned w = 0; w < (n1 + n2) / res_T::size; w++) {
            res_T word;
            for (unsigned j = 0; j < res_T::size; j++) word[j] = out[w * res_T::size + j];
            res.write(word);
        }
    }
};

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void concatenate(stream_t<input1_T> &data1, stream_t<input2_T> &data2, stream_t<res_T> &res) {
    NNET_HLS(INLINE)
    concatenate_stream<input1_T, input2_T, res_T, CONFIG_T>::run(data1, data2, res);
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void dot1d(stream_t<input1_T> &data1, stream_t<input2_T> &data2, stream_t<res_T> &res) {
    static_assert(input1_T::size == CONFIG_T::n_in && input2_T::size == CONFIG_T::n_in && res_T::size == 1,
                  "dot1d: two words of n_in values give one word of one value");
    input1_T a = data1.read();
    input2_T b = data2.read();
    res_T out;
    dot1d<typename input1_T::value_type, typename input2_T::value_type, typename res_T::value_type, CONFIG_T>(
        a.data, b.data, out.data);
    res.write(out);
}

// The operand of a broadcasting merge, expanded to words of the other operand as hls4ml's io_stream does
// it (a Broadcast layer before the merge): PER_PIXEL reads one word of C values, (1, 1, C), and writes it
// for each of N_PIXELS pixels; otherwise each pixel's one value, (H, W, 1), fills a word of res_T::size
// channels. Every value is converted to res_T's value type (the broadcast layer's type).
template <class data_T, class res_T, unsigned N_PIXELS, bool PER_PIXEL>
void broadcast_stream(stream_t<data_T> &data, stream_t<res_T> &res) {
    static_assert(PER_PIXEL ? data_T::size == res_T::size : data_T::size == 1, "broadcast: (1, 1, C) or (H, W, 1)");
    data_T in;
    if (PER_PIXEL) in = data.read();
    for (unsigned p = 0; p < N_PIXELS; p++) {
        NNET_PIPELINE()
        if (!PER_PIXEL) in = data.read();
        res_T out;
        for (unsigned j = 0; j < res_T::size; j++) {
            NNET_UNROLL
            out[j] = in[PER_PIXEL ? j : 0];
        }
        res.write(out);
    }
}

} // namespace nnet

#endif
