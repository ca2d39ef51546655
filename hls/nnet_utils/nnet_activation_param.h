// HLS Studio layer template library: activations with parameters or their own tables.
//
// elu, selu, softplus and softsign by tables; the direct ones with parameters (relu_max, leaky_relu,
// thresholded_relu, prelu, hard_sigmoid, hard_tanh, binary_tanh, ternary_tanh) are shared with the
// Catapult flavour in nnet_activation_direct.h. Tables are filled once with single-precision libm
// (expf), double arithmetic where the formula promotes, and are converted into table_t.
#ifndef NNET_ACTIVATION_PARAM_H_
#define NNET_ACTIVATION_PARAM_H_

#include "nnet_activation.h"
#include "nnet_common.h"
#include <cmath>

namespace nnet {

// elu / selu tables cover x in (-8, 0]: entry i belongs to x_i = -8 i / T (float).
template <unsigned T> inline float negative_grid_point(unsigned i) {
    return static_cast<float>(-8.0 * static_cast<double>(i) / static_cast<double>(static_cast<float>(T)));
}

// Index of x < 0: min(trunc0(x * T / -8), T - 1), with the exact-then-truncate fixed-point chain.
template <unsigned T, class data_T> inline int negative_table_index(const data_T &x) {
    const int minus8 = -8;
    const int index = (x * T / minus8).to_int();
    if (index < 0) return 0;
    if (index > static_cast<int>(T) - 1) return static_cast<int>(T) - 1;
    return index;
}

template <class table_T, unsigned T> void fill_elu_table(table_T table[T]) {
    for (unsigned i = 0; i < T; i++) {
        const float e = std::exp(negative_grid_point<T>(i));
        table[i] = static_cast<float>(static_cast<double>(e) - 1.0);
    }
}

static const double selu_lambda = 1.0507009873554805;
static const double selu_alpha = 1.6732632423543772;

template <class table_T, unsigned T> void fill_selu_table(table_T table[T]) {
    for (unsigned i = 0; i < T; i++) {
        const float e = std::exp(negative_grid_point<T>(i));
        table[i] = static_cast<float>(selu_lambda * (selu_alpha * (static_cast<double>(e) - 1.0)));
    }
}

template <class table_T, unsigned T> void fill_softplus_table(table_T table[T]) {
    for (unsigned i = 0; i < T; i++) {
        const float e = std::exp(table_grid_point<T, 16>(i));
        table[i] = static_cast<float>(std::log(static_cast<double>(e) + 1.0));
    }
}

template <class table_T, unsigned T> void fill_softsign_table(table_T table[T]) {
    for (unsigned i = 0; i < T; i++) {
        const float x = table_grid_point<T, 16>(i);
        table[i] = static_cast<float>(x / (std::fabs(x) + 1.0));
    }
}

// elu: x >= 0 ? x : alpha * table[index(x)].
template <class data_T, class res_T, typename CONFIG_T>
void elu(data_T data[CONFIG_T::n_in], typename CONFIG_T::param_t alpha, res_T res[CONFIG_T::n_in]) {
    typedef typename CONFIG_T::table_t table_t;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t table[CONFIG_T::table_size];
#else
    static bool ready = false;
    static table_t table[CONFIG_T::table_size];
#endif
    if (!ready) {
        fill_elu_table<table_t, CONFIG_T::table_size>(table);
        ready = true;
    }
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x >= 0) {
            res[i] = x;
        } else {
            res[i] = alpha * table[negative_table_index<CONFIG_T::table_size>(x)];
        }
    }
}

// selu: x >= 0 ? lambda * x (lambda as ap_ufixed<16,1>) : table[index(x)] (the scale is in the table).
template <class data_T, class res_T, typename CONFIG_T> void selu(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
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
    const ap_ufixed<16, 1> lambda = selu_lambda;
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x >= 0) {
            res[i] = lambda * x;
        } else {
            res[i] = table[negative_table_index<CONFIG_T::table_size>(x)];
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T> void softplus(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    typedef typename CONFIG_T::table_t table_t;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t table[CONFIG_T::table_size];
#else
    static bool ready = false;
    static table_t table[CONFIG_T::table_size];
#endif
    if (!ready) {
        fill_softplus_table<table_t, CONFIG_T::table_size>(table);
        ready = true;
    }
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = table[table_index<CONFIG_T::table_size, 16>(data[i])];
    }
}

template <class data_T, class res_T, typename CONFIG_T> void softsign(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    typedef typename CONFIG_T::table_t table_t;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t table[CONFIG_T::table_size];
#else
    static bool ready = false;
    static table_t table[CONFIG_T::table_size];
#endif
    if (!ready) {
        fill_softsign_table<table_t, CONFIG_T::table_size>(table);
        ready = true;
    }
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = table[table_index<CONFIG_T::table_size, 16>(data[i])];
    }
}

} // namespace nnet

#endif
