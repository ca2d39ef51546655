// HLS Studio layer template library, Catapult flavour: activations with parameters.
//
// relu_max (relu6), leaky_relu, thresholded_relu, prelu, hard_sigmoid, hard_tanh, binary_tanh,
// ternary_tanh as the Vivado flavour; elu, selu, softplus and softsign piecewise linear (ac_math_pwl.h).
// Scalar parameters arrive as param_t values (the caller's double literal converted with param_t's
// modes); every product and sum is an exact fixed-point expression and the single rounding is the
// store into res_T.
#ifndef NNET_ACTIVATION_PARAM_H_
#define NNET_ACTIVATION_PARAM_H_

#include "nnet_activation.h"
#include "nnet_common.h"
#include <cmath>

namespace nnet {

struct param_activ_config : activ_config {
    typedef ac_fixed<16, 6, true> param_t;
    static const int max_value = 6;
    static const int binary_negative = -1;
    typedef ac_fixed<16, 0, false> slope_t;
    typedef ac_fixed<2, 0, false> shift_t;
    static constexpr double slope = 0.2;
    static constexpr double shift = 0.5;
};

// relu with an integer maximum: x < 0 -> 0, x > MAX -> MAX, else x.
template <class data_T, class res_T, typename CONFIG_T> void relu_max(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma hls_pipeline_init_interval 1
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
    #pragma hls_pipeline_init_interval 1
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
    #pragma hls_pipeline_init_interval 1
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
    #pragma hls_pipeline_init_interval 1
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        if (x > 0) {
            res[i] = x;
        } else {
            res[i] = alpha[i % CONFIG_T::n_alpha] * x;
        }
    }
}

// elu and selu: piecewise linear (ac_math_pwl.h), as hls4ml's Catapult templates call ac_elu_pwl and
// ac_selu_pwl; their tables and table_t are unused.
template <class data_T, class res_T, typename CONFIG_T>
void elu(data_T data[CONFIG_T::n_in], typename CONFIG_T::param_t alpha, res_T res[CONFIG_T::n_in]) {
    #pragma hls_pipeline_init_interval 1
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = pwl::elu<res_T>(data[i], alpha);
    }
}

template <class data_T, class res_T, typename CONFIG_T> void selu(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma hls_pipeline_init_interval 1
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = pwl::selu<res_T>(data[i]);
    }
}

// softplus: piecewise linear (ac_softplus_pwl scheme); table_t is unused.
template <class data_T, class res_T, typename CONFIG_T> void softplus(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma hls_pipeline_init_interval 1
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = pwl::softplus<res_T>(data[i]);
    }
}

// softsign: piecewise linear (ac_softsign_pwl scheme); table_t is unused.
template <class data_T, class res_T, typename CONFIG_T> void softsign(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma hls_pipeline_init_interval 1
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = pwl::softsign<res_T>(data[i]);
    }
}

// hard_sigmoid: t = slope * x + shift at full precision, clipped to [0, 1], then stored.
template <class data_T, class res_T, typename CONFIG_T> void hard_sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    const typename CONFIG_T::slope_t slope = CONFIG_T::slope;
    const typename CONFIG_T::shift_t shift = CONFIG_T::shift;
    #pragma hls_pipeline_init_interval 1
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
    #pragma hls_pipeline_init_interval 1
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
    #pragma hls_pipeline_init_interval 1
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
    #pragma hls_pipeline_init_interval 1
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
