// HLS Studio layer template library: SimpleRNN, LSTM and GRU (io_parallel), torch semantics.
//
// Gate order: LSTM i, f, c, o; GRU z, r, h (reset gate after the recurrent product as torch does, or
// before it for Keras reset_after=False: the h-gate projection then reads accum_t(r * h)). Casts:
// every projection is a Dense-latency sum in accum_t (bias cast first, each product cast, each partial
// sum cast); the pre-activation zx + zh is cast to accum_t; sigmoid and tanh are table lookups (table_t,
// table_size, index = clamp(trunc0(x * T / R) + T/2)); relu and linear stay in accum_t. LSTM's cell state
// is accum_t(f * c + i * g); h is res_T(o * act(c)) (LSTM), res_T((1 - z) * n + z * h) (GRU) or
// res_T(act(zx + zh)) (SimpleRNN). Initial states are 0. Weights are input-major:
// kernel[i * n_gates * n_units + j], recurrent_kernel[k * n_gates * n_units + j].
#ifndef NNET_RECURRENT_H_
#define NNET_RECURRENT_H_

#include "nnet_activation.h"
#include "nnet_common.h"
#include "nnet_recurrent_common.h"

namespace nnet {

// rnn_activation, recurrent_config and rnn_project (the gate projection): nnet_recurrent_common.h.

// The type an activation's value is kept in: table_t for the table lookups, accum_t otherwise.
template <int ACT, class accum_T, class table_T> struct rnn_value { typedef table_T type; };
template <class accum_T, class table_T> struct rnn_value<rnn_linear, accum_T, table_T> { typedef accum_T type; };
template <class accum_T, class table_T> struct rnn_value<rnn_relu, accum_T, table_T> { typedef accum_T type; };

template <int ACT, typename CONFIG_T> struct rnn_activate {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::table_t table_t;
    typedef typename rnn_value<ACT, accum_t, table_t>::type value_t;
    static value_t apply(const accum_t &x, const table_t *sig, const table_t *tnh) {
        value_t v;
        if (ACT == rnn_sigmoid) {
            v = sig[table_index<CONFIG_T::table_size, 16>(x)];
        } else if (ACT == rnn_tanh) {
            v = tnh[table_index<CONFIG_T::table_size, 8>(x)];
        } else if (ACT == rnn_relu) {
            if (x > 0) {
                v = x;
            } else {
                v = 0;
            }
        } else {
            v = x;
        }
        return v;
    }
};

template <typename CONFIG_T> struct rnn_tables {
    typedef typename CONFIG_T::table_t table_t;
    table_t sig[CONFIG_T::table_size];
    table_t tnh[CONFIG_T::table_size];
    rnn_tables() {
        fill_sigmoid_table<table_t, CONFIG_T::table_size>(sig);
        fill_tanh_table<table_t, CONFIG_T::table_size>(tnh);
    }
};

template <class data_T, class res_T, typename CONFIG_T>
void recurrent(data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
               res_T res[CONFIG_T::return_sequences ? CONFIG_T::n_timesteps * CONFIG_T::n_units : CONFIG_T::n_units],
               const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::recurrent_weight_t recurrent_kernel[CONFIG_T::n_units * CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::bias_t bias[CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::recurrent_bias_t recurrent_bias[CONFIG_T::n_gates * CONFIG_T::n_units]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef rnn_activate<CONFIG_T::activation, CONFIG_T> act;
    typedef rnn_activate<CONFIG_T::recurrent_activation, CONFIG_T> ract;
    const unsigned U = CONFIG_T::n_units;
#if NNET_SYNTHESIS
    rnn_tables<CONFIG_T> tables;
#else
    static rnn_tables<CONFIG_T> tables;
#endif
    res_T h[U];
    accum_t c[U];
    for (unsigned j = 0; j < U; j++) {
        h[j] = 0;
        c[j] = 0;
    }
    accum_t zx[CONFIG_T::n_gates * U];
    accum_t zh[CONFIG_T::n_gates * U];
    for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
        rnn_project<data_T, typename CONFIG_T::weight_t, typename CONFIG_T::bias_t, CONFIG_T, CONFIG_T::n_in>(
            data + t * CONFIG_T::n_in, kernel, bias, zx);
        rnn_project<res_T, typename CONFIG_T::recurrent_weight_t, typename CONFIG_T::recurrent_bias_t, CONFIG_T, U>(
            h, recurrent_kernel, recurrent_bias, zh);
        res_T hn[U];
        if (CONFIG_T::n_gates == 1) {
            for (unsigned j = 0; j < U; j++) {
                const accum_t pre = zx[j] + zh[j];
                hn[j] = act::apply(pre, tables.sig, tables.tnh);
            }
        } else if (CONFIG_T::n_gates == 4) {
            for (unsigned j = 0; j < U; j++) {
                const accum_t pi = zx[j] + zh[j];
                const accum_t pf = zx[U + j] + zh[U + j];
                const accum_t pg = zx[2 * U + j] + zh[2 * U + j];
                const accum_t po = zx[3 * U + j] + zh[3 * U + j];
                const typename ract::value_t iv = ract::apply(pi, tables.sig, tables.tnh);
                const typename ract::value_t fv = ract::apply(pf, tables.sig, tables.tnh);
                const typename act::value_t gv = act::apply(pg, tables.sig, tables.tnh);
                const typename ract::value_t ov = ract::apply(po, tables.sig, tables.tnh);
                c[j] = fv * c[j] + iv * gv;
                const typename act::value_t tc = act::apply(c[j], tables.sig, tables.tnh);
                hn[j] = ov * tc;
            }
        } else {
            typename ract::value_t zv[U];
            typename ract::value_t rv[U];
            for (unsigned j = 0; j < U; j++) {
                const accum_t pz = zx[j] + zh[j];
                const accum_t pr = zx[U + j] + zh[U + j];
                zv[j] = ract::apply(pz, tables.sig, tables.tnh);
                rv[j] = ract::apply(pr, tables.sig, tables.tnh);
            }
            accum_t pn[U];
            if (CONFIG_T::reset_after) {
                for (unsigned j = 0; j < U; j++) {
                    pn[j] = zx[2 * U + j] + rv[j] * zh[2 * U + j];
                }
            } else {
                // Reset before the recurrent product: accum_t(r * h), then its own projection.
                const unsigned n_cols = CONFIG_T::n_gates * U;
                accum_t rh[U];
                for (unsigned k = 0; k < U; k++) {
                    rh[k] = rv[k] * h[k];
                }
                for (unsigned j = 0; j < U; j++) {
                    accum_t a = recurrent_bias[2 * U + j];
                    for (unsigned k = 0; k < U; k++) {
                        const accum_t p = rh[k] * recurrent_kernel[k * n_cols + 2 * U + j];
                        a = a + p;
                    }
                    pn[j] = zx[2 * U + j] + a;
                }
            }
            for (unsigned j = 0; j < U; j++) {
                const typename act::value_t nv = act::apply(pn[j], tables.sig, tables.tnh);
                hn[j] = (1 - zv[j]) * nv + zv[j] * h[j];
            }
        }
        for (unsigned j = 0; j < U; j++) {
            h[j] = hn[j];
            if (CONFIG_T::return_sequences) res[t * U + j] = hn[j];
        }
    }
    if (!CONFIG_T::return_sequences) {
        for (unsigned j = 0; j < U; j++) res[j] = h[j];
    }
}

// Bidirectional(LSTM|GRU), merge_mode concat, io_parallel. Each direction is nnet::recurrent with its own
// config (CONFIG_T::forward_config, CONFIG_T::backward_config: own weight types, shared accum_t/table_t).
// The backward direction reads the input reversed in time. With return sequences, time step t of the
// output holds [forward h_t, backward state after reading x[T-1] ... x[t]]; otherwise [forward last,
// backward last].
template <class data_T, class res_T, typename CONFIG_T>
void bidirectional(
    data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
    res_T res[CONFIG_T::return_sequences ? CONFIG_T::n_timesteps * CONFIG_T::n_out : CONFIG_T::n_out],
    const typename CONFIG_T::forward_config::weight_t f_kernel[CONFIG_T::n_in * CONFIG_T::forward_config::n_gates * CONFIG_T::forward_config::n_units],
    const typename CONFIG_T::forward_config::recurrent_weight_t f_recurrent_kernel[CONFIG_T::forward_config::n_units * CONFIG_T::forward_config::n_gates * CONFIG_T::forward_config::n_units],
    const typename CONFIG_T::forward_config::bias_t f_bias[CONFIG_T::forward_config::n_gates * CONFIG_T::forward_config::n_units],
    const typename CONFIG_T::forward_config::recurrent_bias_t f_recurrent_bias[CONFIG_T::forward_config::n_gates * CONFIG_T::forward_config::n_units],
    const typename CONFIG_T::backward_config::weight_t b_kernel[CONFIG_T::n_in * CONFIG_T::backward_config::n_gates * CONFIG_T::backward_config::n_units],
    const typename CONFIG_T::backward_config::recurrent_weight_t b_recurrent_kernel[CONFIG_T::backward_config::n_units * CONFIG_T::backward_config::n_gates * CONFIG_T::backward_config::n_units],
    const typename CONFIG_T::backward_config::bias_t b_bias[CONFIG_T::backward_config::n_gates * CONFIG_T::backward_config::n_units],
    const typename CONFIG_T::backward_config::recurrent_bias_t b_recurrent_bias[CONFIG_T::backward_config::n_gates * CONFIG_T::backward_config::n_units]) {
    typedef typename CONFIG_T::forward_config F;
    typedef typename CONFIG_T::backward_config B;
    const unsigned T = CONFIG_T::n_timesteps;
    const unsigned N = CONFIG_T::n_in;
    const unsigned STEPS_OUT = CONFIG_T::return_sequences ? T : 1;
    data_T reversed[T * N];
    for (unsigned t = 0; t < T; t++) {
        for (unsigned i = 0; i < N; i++) reversed[t * N + i] = data[(T - 1 - t) * N + i];
    }
    res_T fwd[STEPS_OUT * F::n_units];
    res_T bwd[STEPS_OUT * B::n_units];
    recurrent<data_T, res_T, F>(data, fwd, f_kernel, f_recurrent_kernel, f_bias, f_recurrent_bias);
    recurrent<data_T, res_T, B>(reversed, bwd, b_kernel, b_recurrent_kernel, b_bias, b_recurrent_bias);
    const unsigned W = F::n_units + B::n_units;
    for (unsigned t = 0; t < STEPS_OUT; t++) {
        const unsigned bt = CONFIG_T::return_sequences ? T - 1 - t : 0;
        for (unsigned j = 0; j < F::n_units; j++) res[t * W + j] = fwd[t * F::n_units + j];
        for (unsigned j = 0; j < B::n_units; j++) res[t * W + F::n_units + j] = bwd[bt * B::n_units + j];
    }
}

} // namespace nnet

#endif
