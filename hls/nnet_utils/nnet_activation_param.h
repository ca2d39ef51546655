// HLS Studio layer template library: activations with parameters or their own tables.
//
// relu_max (relu6), leaky_relu, thresholded_relu, prelu, elu, selu, softplus, softsign, hard_sigmoid,
// hard_tanh, binary_tanh, ternary_tanh. Scalar parameters arrive as param_t values (the caller's double
// literal converted with param_t's modes); every product and sum is an exact fixed-point expression and
// the single rounding is the store into res_T. Tables are filled once with single-precision libm
// (expf), double arithmetic where the formula promotes, and are converted into table_t.
#ifndef NNET_ACTIVATION_PARAM_H_
#define NNET_ACTIVATION_PARAM_H_

#include "nnet_activation.h"
#include "nnet_common.h"
#include <cmath>

namespace nnet {

struct param_activ_config : activ_config {
    typedef ap_fixed<16, 6> param_t;
    static const int max_value = 6;
    static const int binary_negative = -1;
    typedef ap_ufixed<16, 0> slope_t;
    typedef ap_ufixed<2, 0> shift_t;
    static constexpr double slope = 0.2;
    static constexpr double shift = 0.5;
};

// relu with an integer maximum: x < 0 -> 0, x > MAX -> MAX, else x.
template <class data_T, class res_T, typename CONFIG_T> void relu_max(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x < 0) {
            res[i] = 0;
        } else if (x > CONFIG_T::max_value) {
            res[i] = CONFIG_T::max_value;
        } else {
            res[i] = x;
        }
    }
}

// leaky_relu: x > 0 ? x : alpha * x (exact product, one rounding).
template <class data_T, class res_T, typename CONFIG_T>
void leaky_relu(data_T data[CONFIG_T::n_in], typename CONFIG_T::param_t alpha, res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x > 0) {
            res[i] = x;
        } else {
            res[i] = alpha * x;
        }
    }
}

// thresholded_relu: x > theta ? x : 0.
template <class data_T, class res_T, typename CONFIG_T>
void thresholded_relu(data_T data[CONFIG_T::n_in], typename CONFIG_T::param_t theta, res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x > theta) {
            res[i] = x;
        } else {
            res[i] = 0;
        }
    }
}

// prelu: one alpha per element (alpha[i % n_alpha], so a single shared alpha broadcasts).
template <class data_T, class res_T, typename CONFIG_T>
void prelu(data_T data[CONFIG_T::n_in], const typename CONFIG_T::param_t alpha[CONFIG_T::n_alpha], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x > 0) {
            res[i] = x;
        } else {
            res[i] = alpha[i % CONFIG_T::n_alpha] * x;
        }
    }
}

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

// hard_sigmoid: t = slope * x + shift at full precision, clipped to [0, 1], then stored.
template <class data_T, class res_T, typename CONFIG_T> void hard_sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    const typename CONFIG_T::slope_t slope = CONFIG_T::slope;
    const typename CONFIG_T::shift_t shift = CONFIG_T::shift;
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        auto t = slope * data[i] + shift;
        if (t > 1) {
            t = 1;
        } else if (t < 0) {
            t = 0;
        }
        res[i] = t;
    }
}

// hard_tanh: 2 * hard_sigmoid(x) - 1 before the one rounding.
template <class data_T, class res_T, typename CONFIG_T> void hard_tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    const typename CONFIG_T::slope_t slope = CONFIG_T::slope;
    const typename CONFIG_T::shift_t shift = CONFIG_T::shift;
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        auto t = slope * data[i] + shift;
        if (t > 1) {
            t = 1;
        } else if (t < 0) {
            t = 0;
        }
        res[i] = 2 * t - 1;
    }
}

// binary_tanh: x >= 0 ? 1 : -1 (0 for an unsigned result, given as binary_negative).
template <class data_T, class res_T, typename CONFIG_T> void binary_tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        if (data[i] >= 0) {
            res[i] = 1;
        } else {
            res[i] = CONFIG_T::binary_negative;
        }
    }
}

// ternary_tanh: y = data_T(2 * x); y > 1 -> 1, -1 < y <= 1 -> 0, else -1.
template <class data_T, class res_T, typename CONFIG_T> void ternary_tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T y = 2 * data[i];
        if (y > 1) {
            res[i] = 1;
        } else if (y > -1) {
            res[i] = 0;
        } else {
            res[i] = -1;
        }
    }
}

} // namespace nnet

#endif
