// HLS Studio layer template library, Catapult flavour: LSTM and GRU (io_parallel; io_stream runs this
// recurrent() per sequence through the shared nnet_recurrent_stream.h), with the cast points
// of hls4ml's Catapult recurrent kernels (lstm_static / gru_static, read from its facts; not derived from
// its code). hls4ml's Catapult library has no SimpleRNN kernel; the writer refuses it.
//
// Per time step (h, and LSTM's cell state s, are res_T and start at 0):
//   zx[j] = accum_t(bias[j]) then accum_t(acc + accum_t(x[i] * W[i][j])) for i in order (Dense latency);
//   zh likewise from h, the recurrent kernel and the recurrent bias.
// LSTM (gates i, f, c, o): i, f, o = recurrent activation of accum_t(zx + zh), c = activation of
//   accum_t(zx_c + zh_c), each into accum_t; s = res_T(c * i + s * f); h = res_T(o * act(s)) with act(s)
//   in accum_t.
// GRU (gates z, r, h; reset gate after the recurrent product): z, r = recurrent activation of
//   accum_t(zx + zh) into accum_t; n = activation of accum_t(zx_h + accum_t(r * zh_h)) into accum_t;
//   h = res_T(n * (1 - z) + h * z), the expression exact.
// The activations are this library's: sigmoid and tanh piecewise linear (ac_math_pwl.h, as hls4ml's
// Catapult calls ac_math), relu direct; hls4ml's Catapult recurrent kernels have no linear activation.
// hls4ml's kernels compile only when the activations' input and output types equal accum_t; ours take
// accum_t (res_T for act(s)) in and give accum_t out, the same wherever hls4ml's compile.
// Weights are input-major: kernel[i * n_gates * n_units + j], recurrent_kernel[k * n_gates * n_units + j].
#ifndef NNET_RECURRENT_H_
#define NNET_RECURRENT_H_

#include "nnet_activation.h"
#include "nnet_common.h"
#include "nnet_recurrent_common.h"

namespace nnet {

// rnn_activation, recurrent_config and rnn_project (the zx / zh projections above): the shared
// nnet_recurrent_common.h. Its table_size and table_t are unused here (the activations are piecewise
// linear).

template <unsigned N> struct rnn_activ_config {
    static const unsigned n_in = N;
};

// The activation with code ACT over N values.
template <int ACT> struct rnn_act;
template <> struct rnn_act<rnn_relu> {
    template <class x_T, class y_T, unsigned N> static void run(x_T x[N], y_T y[N]) {
        relu<x_T, y_T, rnn_activ_config<N> >(x, y);
    }
};
template <> struct rnn_act<rnn_sigmoid> {
    template <class x_T, class y_T, unsigned N> static void run(x_T x[N], y_T y[N]) {
        sigmoid<x_T, y_T, rnn_activ_config<N> >(x, y);
    }
};
template <> struct rnn_act<rnn_tanh> {
    template <class x_T, class y_T, unsigned N> static void run(x_T x[N], y_T y[N]) {
        tanh<x_T, y_T, rnn_activ_config<N> >(x, y);
    }
};

template <unsigned GATES> struct rnn_cell;

// LSTM: one step on zx, zh (gates i, f, c, o).
template <> struct rnn_cell<4> {
    template <class res_T, typename CONFIG_T>
    static void step(const typename CONFIG_T::accum_t zx[4 * CONFIG_T::n_units],
                     const typename CONFIG_T::accum_t zh[4 * CONFIG_T::n_units], res_T h[CONFIG_T::n_units],
                     res_T s[CONFIG_T::n_units]) {
        typedef typename CONFIG_T::accum_t acc_T;
        const unsigned U = CONFIG_T::n_units;
        acc_T in_ifo[3 * U];
        acc_T act_ifo[3 * U];
        acc_T in_c[U];
        acc_T act_c[U];
        acc_T act_s[U];
        for (unsigned i = 0; i < 3 * U; i++) {
            const unsigned k = i < 2 * U ? i : i + U;
            in_ifo[i] = zx[k] + zh[k];
        }
        for (unsigned i = 0; i < U; i++) in_c[i] = zx[2 * U + i] + zh[2 * U + i];
        rnn_act<CONFIG_T::recurrent_activation>::template run<acc_T, acc_T, 3 * U>(in_ifo, act_ifo);
        rnn_act<CONFIG_T::activation>::template run<acc_T, acc_T, U>(in_c, act_c);
        for (unsigned i = 0; i < U; i++) s[i] = act_c[i] * act_ifo[i] + s[i] * act_ifo[U + i];
        rnn_act<CONFIG_T::activation>::template run<res_T, acc_T, U>(s, act_s);
        for (unsigned i = 0; i < U; i++) h[i] = act_ifo[2 * U + i] * act_s[i];
    }
};

// GRU: one step on zx, zh (gates z, r, h), reset gate after the recurrent product.
template <> struct rnn_cell<3> {
    template <class res_T, typename CONFIG_T>
    static void step(const typename CONFIG_T::accum_t zx[3 * CONFIG_T::n_units],
                     const typename CONFIG_T::accum_t zh[3 * CONFIG_T::n_units], res_T h[CONFIG_T::n_units],
                     res_T s[CONFIG_T::n_units]) {
        typedef typename CONFIG_T::accum_t acc_T;
        const unsigned U = CONFIG_T::n_units;
        (void)s;
        acc_T in_zr[2 * U];
        acc_T zr[2 * U];
        acc_T in_h[U];
        acc_T act_h[U];
        for (unsigned i = 0; i < 2 * U; i++) in_zr[i] = zx[i] + zh[i];
        rnn_act<CONFIG_T::recurrent_activation>::template run<acc_T, acc_T, 2 * U>(in_zr, zr);
        for (unsigned i = 0; i < U; i++) {
            const acc_T rh = zr[U + i] * zh[2 * U + i];
            in_h[i] = zx[2 * U + i] + rh;
        }
        rnn_act<CONFIG_T::activation>::template run<acc_T, acc_T, U>(in_h, act_h);
        for (unsigned i = 0; i < U; i++) h[i] = act_h[i] * (1 - zr[i]) + h[i] * zr[i];
    }
};

template <class data_T, class res_T, typename CONFIG_T>
void recurrent(data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
               res_T res[CONFIG_T::return_sequences ? CONFIG_T::n_timesteps * CONFIG_T::n_units : CONFIG_T::n_units],
               const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::recurrent_weight_t recurrent_kernel[CONFIG_T::n_units * CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::bias_t bias[CONFIG_T::n_gates * CONFIG_T::n_units],
               const typename CONFIG_T::recurrent_bias_t recurrent_bias[CONFIG_T::n_gates * CONFIG_T::n_units]) {
    typedef typename CONFIG_T::accum_t acc_T;
    const unsigned U = CONFIG_T::n_units;
    const unsigned G = CONFIG_T::n_gates * U;
    res_T h[U];
    res_T s[U];
    for (unsigned j = 0; j < U; j++) {
        h[j] = 0;
        s[j] = 0;
    }
    for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
        acc_T zx[G];
        acc_T zh[G];
        rnn_project<data_T, typename CONFIG_T::weight_t, typename CONFIG_T::bias_t, CONFIG_T, CONFIG_T::n_in>(
            data + t * CONFIG_T::n_in, kernel, bias, zx);
        rnn_project<res_T, typename CONFIG_T::recurrent_weight_t, typename CONFIG_T::recurrent_bias_t, CONFIG_T, U>(
            h, recurrent_kernel, recurrent_bias, zh);
        rnn_cell<CONFIG_T::n_gates>::template step<res_T, CONFIG_T>(zx, zh, h, s);
        if (CONFIG_T::return_sequences) {
            for (unsigned j = 0; j < U; j++) res[t * U + j] = h[j];
        }
    }
    if (!CONFIG_T::return_sequences) {
        for (unsigned j = 0; j < U; j++) res[j] = h[j];
    }
}

} // namespace nnet

#endif
