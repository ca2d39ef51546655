// HLS Studio layer template library, Catapult flavour: activations with parameters.
//
// elu, selu, softplus and softsign piecewise linear (ac_math_pwl.h). relu_max (relu6), leaky_relu,
// thresholded_relu, prelu, hard_sigmoid, hard_tanh, binary_tanh and ternary_tanh are the Vivado
// library's nnet_activation_direct.h (included by nnet_activation.h).
#ifndef NNET_ACTIVATION_PARAM_H_
#define NNET_ACTIVATION_PARAM_H_

// The shared io_stream kernels (nnet_activation_stream.h) then stream this piecewise-linear selu per word.
#define NNET_PWL_SELU 1

#include "nnet_activation.h"
#include "nnet_common.h"
#include <cmath>

namespace nnet {

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

} // namespace nnet

#endif
