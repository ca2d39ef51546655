// HLS Studio layer template library: the activations without tables or piecewise-linear
// approximations, the same in every flavour (types and pragmas from the flavour's nnet_common.h):
// linear, relu, relu_max (relu6), leaky_relu, thresholded_relu, prelu, hard_sigmoid, hard_tanh,
// binary_tanh, ternary_tanh, and the activation configs. Scalar parameters arrive as param_t values
// (the caller's double literal converted with param_t's modes); every product and sum is an exact
// fixed-point expression and the single rounding is the store into res_T. Included by each flavour's
// nnet_activation.h, which adds the table (Vivado) or piecewise-linear (Catapult) ones.
#ifndef NNET_ACTIVATION_DIRECT_H_
#define NNET_ACTIVATION_DIRECT_H_

#include "nnet_common.h"

namespace nnet {

struct activ_config {
    static const unsigned n_in = 10;
    static const unsigned table_size = 1024;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef fixed_t<18, 8> table_t;
};

// ---------------------------------------------------------------------------------------------
// linear: res = res_T(x)
// ---------------------------------------------------------------------------------------------
template <class data_T, class res_T, typename CONFIG_T> void linear(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = static_cast<res_T>(data[i]);
    }
}

// ---------------------------------------------------------------------------------------------
// relu: res = x > 0 ? res_T(x) : 0
// ---------------------------------------------------------------------------------------------
template <class data_T, class res_T, typename CONFIG_T> void relu(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x > 0) {
            res[i] = static_cast<res_T>(x);
        } else {
            res[i] = 0;
        }
    }
}

struct param_activ_config : activ_config {
    typedef default_t param_t;
    static const int max_value = 6;
    static const int binary_negative = -1;
    typedef ufixed_t<16, 0> slope_t;
    typedef ufixed_t<2, 0> shift_t;
    static constexpr double slope = 0.2;
    static constexpr double shift = 0.5;
};

// relu with an integer maximum: x < 0 -> 0, x > MAX -> MAX, else x.
template <class data_T, class res_T, typename CONFIG_T> void relu_max(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    NNET_PIPELINE()
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
    NNET_PIPELINE()
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
    NNET_PIPELINE()
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
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x > 0) {
            res[i] = x;
        } else {
            res[i] = alpha[i % CONFIG_T::n_alpha] * x;
        }
    }
}

// hard_sigmoid: t = slope * x + shift at full precision, clipped to [0, 1], then stored.
template <class data_T, class res_T, typename CONFIG_T> void hard_sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    const typename CONFIG_T::slope_t slope = CONFIG_T::slope;
    const typename CONFIG_T::shift_t shift = CONFIG_T::shift;
    NNET_PIPELINE()
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
    NNET_PIPELINE()
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
    NNET_PIPELINE()
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
    NNET_PIPELINE()
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
