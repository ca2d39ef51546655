// HLS Studio layer template library, Catapult flavour: activations (linear, relu, sigmoid, tanh) and
// softmax.
//
// linear and relu are the Vivado library's (nnet_activation_direct.h) on ac types. sigmoid and tanh are
// piecewise-linear (ac_math_pwl.h), as hls4ml's Catapult templates call ac_math's PWL functions instead
// of tables; they have no table, so table_size and table_t are unused here. The sigmoid result passes through the
// unsigned type with the result's width, integer bits and modes before it is assigned to res_T.
#ifndef NNET_ACTIVATION_H_
#define NNET_ACTIVATION_H_

#include "ac_math_pwl.h"
#include "nnet_common.h"
// the Vivado library's (see nnet_common.h for the path)
#include "../nnet_utils/nnet_activation_direct.h"
#include <cmath>

namespace nnet {

// ---------------------------------------------------------------------------------------------
// sigmoid and tanh: piecewise linear (ac_math_pwl.h).
// ---------------------------------------------------------------------------------------------
template <class data_T, class res_T, typename CONFIG_T> void sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma hls_pipeline_init_interval 1
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const typename pwl::unsigned_like<res_T>::type y = pwl::sigmoid(data[i]);
        res[i] = y;
    }
}

template <class data_T, class res_T, typename CONFIG_T> void tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma hls_pipeline_init_interval 1
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = pwl::tanh(data[i]);
    }
}

// ---------------------------------------------------------------------------------------------
// Softmax: piecewise linear (ac_math_pwl.h) for the latency, stable and legacy implementations, as
// hls4ml's Catapult templates call ac_softmax_pwl for all of them; its tables and table types are
// unused. argmax stays the one-hot of the first maximum.
// ---------------------------------------------------------------------------------------------

enum class softmax_implementation { latency = 0, legacy = 1, stable = 2, argmax = 3 };

struct softmax_config {
    static const unsigned n_in = 10;
    static const unsigned n_slice = 10;
    static const unsigned n_outer = 1;
    static const unsigned n_inner = 1;
    static const unsigned table_size = 1024;
    static const unsigned exp_table_size = 1024;
    static const unsigned inv_table_size = 1024;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    static const softmax_implementation implementation = softmax_implementation::stable;
    static constexpr float exp_scale = 1.0f;
};

template <class data_T, class res_T, typename CONFIG_T> void softmax_pwl_slice(const data_T *data, res_T *res) {
    typedef pwl::softmax_types<data_T, CONFIG_T::n_slice> T;
    static_assert(T::exp_int <= 64, "softmax_pwl: the input type has too many integer bits (I - S must be at most 5)");
    typename T::exp_t e[CONFIG_T::n_slice];
    typename T::sum_t sum = 0;
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        e[i] = pwl::exp_pwl<typename T::exp_t, typename T::inter_t, T::inter_frac>(data[i]);
        sum += e[i];
    }
    const typename T::recip_t r = pwl::reciprocal_pwl<typename T::recip_t>(sum);
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        res[i] = r * e[i];
    }
}

template <class data_T, class res_T, typename CONFIG_T> void softmax_argmax_slice(const data_T *data, res_T *res) {
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) res[i] = static_cast<res_T>(0);
    data_T best = data[0];
    unsigned best_index = 0;
    for (unsigned i = 1; i < CONFIG_T::n_slice; i++) {
        if (data[i] > best) {
            best = data[i];
            best_index = i;
        }
    }
    res[best_index] = static_cast<res_T>(1);
}

template <bool ARGMAX> struct softmax_slice_of {
    template <class data_T, class res_T, typename CONFIG_T> static void run(const data_T *data, res_T *res) {
        softmax_pwl_slice<data_T, res_T, CONFIG_T>(data, res);
    }
};

template <> struct softmax_slice_of<true> {
    template <class data_T, class res_T, typename CONFIG_T> static void run(const data_T *data, res_T *res) {
        softmax_argmax_slice<data_T, res_T, CONFIG_T>(data, res);
    }
};

// n_outer slices of n_slice elements (the writer only generates softmax over the last axis).
template <class data_T, class res_T, typename CONFIG_T> void softmax(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    static_assert(CONFIG_T::n_inner == 1, "softmax over an inner axis is not supported");
    typedef softmax_slice_of<CONFIG_T::implementation == softmax_implementation::argmax> slice;
    for (unsigned o = 0; o < CONFIG_T::n_outer; o++) {
        slice::template run<data_T, res_T, CONFIG_T>(data + o * CONFIG_T::n_slice, res + o * CONFIG_T::n_slice);
    }
}

} // namespace nnet

#endif
