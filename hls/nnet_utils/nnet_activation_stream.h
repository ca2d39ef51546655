// HLS Studio layer template library: activations, io_stream.
//
// Each stream word (one pixel's channels) goes through the io_parallel kernel with the config seen for
// one word (pixel_config: n_in = the word size; softmax: one slice of the word's values, i.e. softmax over
// the last axis). Same tables, same cast points as io_parallel -- except selu and ternary_tanh, which
// follow hls4ml's io_stream kernels (below; the emulator does the same for io_stream). The Catapult
// flavour's activations are its io_parallel ones per word (piecewise-linear sigmoid, tanh, softmax, elu,
// selu, softplus, softsign), as hls4ml's Catapult stream kernels call ac_math per value.
#ifndef NNET_ACTIVATION_STREAM_H_
#define NNET_ACTIVATION_STREAM_H_

#include "nnet_activation.h"
#include "nnet_activation_param.h"
#include "nnet_stream.h"

namespace nnet {

// The number of words of a stream holding CONFIG_T::n_in values in words of data_T::size.
template <class data_T, typename CONFIG_T> struct stream_words {
    static_assert(CONFIG_T::n_in % data_T::size == 0, "the tensor must be a whole number of words");
    static const unsigned value = CONFIG_T::n_in / data_T::size;
};

// One stream overload per activation, forwarding each word to the array kernel FN.
#define NNET_STREAM_ACTIVATION(FN)                                                                              \
    template <class data_T, class res_T, typename CONFIG_T>                                                     \
    void FN(stream_t<data_T> &data, stream_t<res_T> &res) {                                              \
        typedef pixel_config<CONFIG_T, data_T::size> word_config;                                               \
        static_assert(data_T::size == res_T::size, "an activation keeps the word size");                      \
        for (unsigned i = 0; i < stream_words<data_T, CONFIG_T>::value; i++) {                                  \
            NNET_PIPELINE() data_T in = data.read();                                                            \
            res_T out;                                                                                          \
            FN<typename data_T::value_type, typename res_T::value_type, word_config>(in.data, out.data);        \
            res.write(out);                                                                                     \
        }                                                                                                       \
    }

#define NNET_STREAM_ACTIVATION_PARAM(FN)                                                                        \
    template <class data_T, class res_T, typename CONFIG_T>                                                     \
    void FN(stream_t<data_T> &data, typename CONFIG_T::param_t param, stream_t<res_T> &res) {            \
        typedef pixel_config<CONFIG_T, data_T::size> word_config;                                               \
        static_assert(data_T::size == res_T::size, "an activation keeps the word size");                      \
        for (unsigned i = 0; i < stream_words<data_T, CONFIG_T>::value; i++) {                                  \
            NNET_PIPELINE() data_T in = data.read();                                                            \
            res_T out;                                                                                          \
            FN<typename data_T::value_type, typename res_T::value_type, word_config>(in.data, param, out.data); \
            res.write(out);                                                                                     \
        }                                                                                                       \
    }

NNET_STREAM_ACTIVATION(linear)
NNET_STREAM_ACTIVATION(relu)
NNET_STREAM_ACTIVATION(sigmoid)
NNET_STREAM_ACTIVATION(tanh)
NNET_STREAM_ACTIVATION(softmax)
NNET_STREAM_ACTIVATION(relu_max)
NNET_STREAM_ACTIVATION(softplus)
NNET_STREAM_ACTIVATION(softsign)
NNET_STREAM_ACTIVATION(hard_sigmoid)
NNET_STREAM_ACTIVATION(hard_tanh)
NNET_STREAM_ACTIVATION(binary_tanh)
#ifdef NNET_PWL_SELU
// The Catapult flavour's selu is piecewise linear, value by value, in io_stream as in io_parallel.
NNET_STREAM_ACTIVATION(selu)
#endif
NNET_STREAM_ACTIVATION_PARAM(leaky_relu)
NNET_STREAM_ACTIVATION_PARAM(thresholded_relu)
NNET_STREAM_ACTIVATION_PARAM(elu)

#undef NNET_STREAM_ACTIVATION
#undef NNET_STREAM_ACTIVATION_PARAM

#ifndef NNET_PWL_SELU
// selu as hls4ml's io_stream kernel: x >= 0 -> data_T(lambda) * x (lambda converted to the input type,
// not to ap_ufixed<16,1> as in io_parallel); x < 0 -> the io_parallel table.
template <class data_T, class res_T, typename CONFIG_T> void selu(stream_t<data_T> &data, stream_t<res_T> &res) {
    typedef typename data_T::value_type in_t;
    typedef typename CONFIG_T::table_t table_t;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t table[CONFIG_T::table_size];
#else
    static bool ready = false;
    static table_t table[CONFIG_T::table_size];
#endif
    if (!ready) {
        fill_selu_table<table_t, CONFIG_T::table_size>(table);
        ready = true;
    }
    const in_t lambda = selu_lambda;
    for (unsigned i = 0; i < stream_words<data_T, CONFIG_T>::value; i++) {
        NNET_PIPELINE()
        const data_T in = data.read();
        res_T out;
        for (unsigned j = 0; j < data_T::size; j++) {
            NNET_UNROLL
            const in_t x = in[j];
            if (x >= 0) {
                out[j] = lambda * x;
            } else {
                out[j] = table[negative_table_index<CONFIG_T::table_size>(x)];
            }
        }
        res.write(out);
    }
}
#endif

// ternary_tanh as hls4ml's io_stream kernel: x > 1 -> 1, x <= -1 -> -1, else 0 (io_parallel compares 2x).
template <class data_T, class res_T, typename CONFIG_T>
void ternary_tanh(stream_t<data_T> &data, stream_t<res_T> &res) {
    for (unsigned i = 0; i < stream_words<data_T, CONFIG_T>::value; i++) {
        NNET_PIPELINE()
        const data_T in = data.read();
        res_T out;
        for (unsigned j = 0; j < data_T::size; j++) {
            NNET_UNROLL
            if (in[j] > 1) {
                out[j] = 1;
            } else if (in[j] <= -1) {
                out[j] = -1;
            } else {
                out[j] = 0;
            }
        }
        res.write(out);
    }
}

// PReLU: one alpha for all values, or one per value (word i uses alpha[i * size ...]).
template <typename CONFIG_T, unsigned N> struct prelu_word_config : pixel_config<CONFIG_T, N> {
    static const unsigned n_alpha = CONFIG_T::n_alpha == 1 ? 1 : N;
};

template <class data_T, class res_T, typename CONFIG_T>
void prelu(stream_t<data_T> &data, const typename CONFIG_T::param_t alpha[CONFIG_T::n_alpha],
           stream_t<res_T> &res) {
    typedef prelu_word_config<CONFIG_T, data_T::size> word_config;
    static_assert(CONFIG_T::n_alpha == 1 || CONFIG_T::n_alpha == CONFIG_T::n_in, "one alpha, or one per value");
    for (unsigned i = 0; i < stream_words<data_T, CONFIG_T>::value; i++) {
        NNET_PIPELINE()
        data_T in = data.read();
        res_T out;
        prelu<typename data_T::value_type, typename res_T::value_type, word_config>(
            in.data, CONFIG_T::n_alpha == 1 ? alpha : alpha + i * data_T::size, out.data);
        res.write(out);
    }
}

} // namespace nnet

#endif
