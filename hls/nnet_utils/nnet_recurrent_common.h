// HLS Studio layer template library: what the LSTM / GRU kernels of the Vivado/Vitis flavour
// (nnet_recurrent.h) and the Catapult flavour (catapult_nnet_utils/nnet_recurrent.h) share, the same
// text and the same arithmetic in both: the activation codes, the config's members (every generated
// config sets each of them) and the gate projection. Flavour-neutral: its default types come from the
// flavour's nnet_common.h.
#ifndef NNET_RECURRENT_COMMON_H_
#define NNET_RECURRENT_COMMON_H_

#include "nnet_common.h"

namespace nnet {

enum rnn_activation { rnn_linear = 0, rnn_relu = 1, rnn_sigmoid = 2, rnn_tanh = 3 };

struct recurrent_config {
    static const unsigned n_in = 4;
    static const unsigned n_units = 4;
    static const unsigned n_timesteps = 4;
    static const unsigned n_gates = 1;
    static const bool return_sequences = false;
    static const bool reset_after = true;
    static const int activation = rnn_tanh;
    static const int recurrent_activation = rnn_sigmoid;
    static const unsigned table_size = 1024;
    static const unsigned reuse_factor = 1;
    typedef default_t weight_t;
    typedef default_t bias_t;
    typedef default_t recurrent_weight_t;
    typedef default_t recurrent_bias_t;
    typedef default_t accum_t;
    typedef fixed_t<18, 8> table_t;
};

// out[j] = accum(bias[j]) + sum_i accum(v[i] * m[i * n_cols + j]) in input order (Dense latency), every
// partial sum cast to accum_t; m is input-major with n_cols = n_gates * n_units.
template <class v_T, class m_T, class b_T, typename CONFIG_T, unsigned N_ROWS>
void rnn_project(const v_T v[N_ROWS], const m_T m[N_ROWS * CONFIG_T::n_gates * CONFIG_T::n_units],
                 const b_T bias[CONFIG_T::n_gates * CONFIG_T::n_units],
                 typename CONFIG_T::accum_t out[CONFIG_T::n_gates * CONFIG_T::n_units]) {
    typedef typename CONFIG_T::accum_t accum_t;
    const unsigned n_cols = CONFIG_T::n_gates * CONFIG_T::n_units;
    for (unsigned j = 0; j < n_cols; j++) {
        accum_t a = bias[j];
        for (unsigned i = 0; i < N_ROWS; i++) {
            const accum_t p = v[i] * m[i * n_cols + j];
            a = a + p;
        }
        out[j] = a;
    }
}

} // namespace nnet

#endif
