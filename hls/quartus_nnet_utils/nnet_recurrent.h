// HLS Studio: SimpleRNN, GRU and LSTM (below) for the Quartus / oneAPI flavour (ac_fixed types),
// io_parallel, written for HLS Studio from facts read in hls4ml's Quartus backend (cast points, summation
// order); not derived from hls4ml's code. SimpleRNN, per time step and unit i, with h = 0 at the start:
//   w = 0, w = accum_t(w + x[j] * W[j][i]) in j order; b = accum_t(w + bias[i]);
//   u = 0, u = accum_t(u + h[j] * U[j][i]) in j order; p = accum_t(b + u);
//   h[i] = activation(p) into res_T (the activation kernels of nnet_activation.h with ACT_CONFIG_T).
// Kernel [n_in][n_out] and recurrent kernel [n_out][n_out] are input-major (the IR's layout).
#ifndef NNET_QUARTUS_RECURRENT_H_
#define NNET_QUARTUS_RECURRENT_H_

#include "nnet_activation.h"
#include "nnet_common.h"

namespace nnet {

// activation codes: 0 linear, 1 relu, 2 sigmoid, 3 tanh
template <int A>
struct rnn_activation;
template <>
struct rnn_activation<0> {
  template <class x_T, class y_T, class C>
  static void run(const x_T x[C::n_in], y_T y[C::n_in]) { linear<x_T, y_T, C>(x, y); }
};
template <>
struct rnn_activation<1> {
  template <class x_T, class y_T, class C>
  static void run(const x_T x[C::n_in], y_T y[C::n_in]) { relu<x_T, y_T, C>(x, y); }
};
template <>
struct rnn_activation<2> {
  template <class x_T, class y_T, class C>
  static void run(const x_T x[C::n_in], y_T y[C::n_in]) { sigmoid<x_T, y_T, C>(x, y); }
};
template <>
struct rnn_activation<3> {
  template <class x_T, class y_T, class C>
  static void run(const x_T x[C::n_in], y_T y[C::n_in]) { dense_tanh<x_T, y_T, C>(x, y); }
};

struct simple_rnn_config {
  static const unsigned n_in = 1;
  static const unsigned n_out = 1;
  static const unsigned n_timesteps = 1;
  static const bool return_sequences = false;
  static const int activation = 3;
  static const unsigned io_type = 0;
  static const unsigned reuse_factor = 1;
  typedef ac_fixed<16, 6, true> weight_t;
  typedef ac_fixed<16, 6, true> recurrent_weight_t;
  typedef ac_fixed<16, 6, true> bias_t;
  typedef ac_fixed<16, 6, true> recurrent_bias_t;
  typedef ac_fixed<32, 16, true> accum_t;
  typedef activ_config ACT_CONFIG_T;
};

template <class data_T, class res_T, typename CONFIG_T>
void simple_rnn(const data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
                res_T res[(CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1) * CONFIG_T::n_out],
                const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * CONFIG_T::n_out],
                const typename CONFIG_T::recurrent_weight_t rec_kernel[CONFIG_T::n_out * CONFIG_T::n_out],
                const typename CONFIG_T::bias_t bias[CONFIG_T::n_out]) {
  typedef typename CONFIG_T::accum_t accum_T;
  res_T h[CONFIG_T::n_out];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_out; i++) h[i] = 0;
  for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
    accum_T pre[CONFIG_T::n_out];
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
      accum_T w = 0;
      for (unsigned j = 0; j < CONFIG_T::n_in; j++)
        w = accum_T(w + data[t * CONFIG_T::n_in + j] * kernel[j * CONFIG_T::n_out + i]);
      const accum_T b = accum_T(w + bias[i]);
      accum_T u = 0;
      for (unsigned j = 0; j < CONFIG_T::n_out; j++) u = accum_T(u + h[j] * rec_kernel[j * CONFIG_T::n_out + i]);
      pre[i] = accum_T(b + u);
    }
    rnn_activation<CONFIG_T::activation>::template run<accum_T, res_T, typename CONFIG_T::ACT_CONFIG_T>(pre, h);
    if (CONFIG_T::return_sequences) {
#pragma unroll
      for (unsigned i = 0; i < CONFIG_T::n_out; i++) res[t * CONFIG_T::n_out + i] = h[i];
    }
  }
  if (!CONFIG_T::return_sequences) {
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) res[i] = h[i];
  }
}

// SimpleRNN with a recurrent bias (PyTorch's b_hh): as simple_rnn, with the recurrent sum
// u = accum_t(u + rec_bias[i]) before p = accum_t(b + u).
template <class data_T, class res_T, typename CONFIG_T>
void simple_rnn_pytorch(const data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
                        res_T res[(CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1) * CONFIG_T::n_out],
                        const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * CONFIG_T::n_out],
                        const typename CONFIG_T::recurrent_weight_t rec_kernel[CONFIG_T::n_out * CONFIG_T::n_out],
                        const typename CONFIG_T::bias_t bias[CONFIG_T::n_out],
                        const typename CONFIG_T::recurrent_bias_t rec_bias[CONFIG_T::n_out]) {
  typedef typename CONFIG_T::accum_t accum_T;
  res_T h[CONFIG_T::n_out];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_out; i++) h[i] = 0;
  for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
    accum_T pre[CONFIG_T::n_out];
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
      accum_T w = 0;
      for (unsigned j = 0; j < CONFIG_T::n_in; j++)
        w = accum_T(w + data[t * CONFIG_T::n_in + j] * kernel[j * CONFIG_T::n_out + i]);
      const accum_T b = accum_T(w + bias[i]);
      accum_T u = 0;
      for (unsigned j = 0; j < CONFIG_T::n_out; j++) u = accum_T(u + h[j] * rec_kernel[j * CONFIG_T::n_out + i]);
      const accum_T ub = accum_T(u + rec_bias[i]);
      pre[i] = accum_T(b + ub);
    }
    rnn_activation<CONFIG_T::activation>::template run<accum_T, res_T, typename CONFIG_T::ACT_CONFIG_T>(pre, h);
    if (CONFIG_T::return_sequences) {
#pragma unroll
      for (unsigned i = 0; i < CONFIG_T::n_out; i++) res[t * CONFIG_T::n_out + i] = h[i];
    }
  }
  if (!CONFIG_T::return_sequences) {
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) res[i] = h[i];
  }
}

// GRU (gates z, r, h; reset gate after the recurrent product): per step, xw[k] = accum_t(b[k]) then
// accum_t(acc + accum_t(x[j] * W[j][k])) in the order of the resource multiply (nnet_dense.h) with the
// layer's reuse factor R: for ir in [0, min(R, n)), for k in [0, n / min(R, n)), j = ir + min(R, n) * k
// (input order for R = 1); hw[k] likewise from h, U and br; z, r = recurrent activation of
// accum_t(xw + hw) into accum_t; n = activation of accum_t(xw_h + accum_t(r * hw_h)) into accum_t;
// h = res_T(n * (1 - z) + h * z). Kernels are input-major [n_in][3 n_out] and [n_out][3 n_out].
struct gru_config {
  static const unsigned n_in = 1;
  static const unsigned n_out = 1;
  static const unsigned n_timesteps = 1;
  static const bool return_sequences = false;
  static const int activation = 3;
  static const int recurrent_activation = 2;
  static const unsigned io_type = 0;
  static const unsigned reuse_factor = 1;
  typedef ac_fixed<16, 6, true> weight_t;
  typedef ac_fixed<16, 6, true> recurrent_weight_t;
  typedef ac_fixed<16, 6, true> bias_t;
  typedef ac_fixed<16, 6, true> recurrent_bias_t;
  typedef ac_fixed<32, 16, true> accum_t;
  typedef activ_config ACT_CONFIG_T;
  typedef activ_config ACT_CONFIG_RECURRENT_T;
};

template <class data_T, class res_T, typename CONFIG_T>
void gru(const data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
         res_T res[(CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1) * CONFIG_T::n_out],
         const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * 3 * CONFIG_T::n_out],
         const typename CONFIG_T::recurrent_weight_t rec_kernel[CONFIG_T::n_out * 3 * CONFIG_T::n_out],
         const typename CONFIG_T::bias_t bias[3 * CONFIG_T::n_out],
         const typename CONFIG_T::recurrent_bias_t rec_bias[3 * CONFIG_T::n_out]) {
  typedef typename CONFIG_T::accum_t accum_T;
  const unsigned U = CONFIG_T::n_out;
  const unsigned G = 3 * CONFIG_T::n_out;
  res_T h[CONFIG_T::n_out];
#pragma unroll
  for (unsigned i = 0; i < U; i++) h[i] = 0;
  for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
    accum_T xw[3 * CONFIG_T::n_out];
    accum_T hw[3 * CONFIG_T::n_out];
#pragma unroll
    for (unsigned k = 0; k < G; k++) {
      const unsigned RX = min_of(CONFIG_T::reuse_factor, CONFIG_T::n_in);
      accum_T a = bias[k];
      for (unsigned ir = 0; ir < RX; ir++) {
        for (unsigned s = 0; s < CONFIG_T::n_in / RX; s++) {
          const unsigned j = ir + RX * s;
          const accum_T p = data[t * CONFIG_T::n_in + j] * kernel[j * G + k];
          a = accum_T(a + p);
        }
      }
      xw[k] = a;
      const unsigned RH = min_of(CONFIG_T::reuse_factor, U);
      accum_T r = rec_bias[k];
      for (unsigned ir = 0; ir < RH; ir++) {
        for (unsigned s = 0; s < U / RH; s++) {
          const unsigned j = ir + RH * s;
          const accum_T p = h[j] * rec_kernel[j * G + k];
          r = accum_T(r + p);
        }
      }
      hw[k] = r;
    }
    accum_T zr_in[2 * CONFIG_T::n_out];
    accum_T zr[2 * CONFIG_T::n_out];
#pragma unroll
    for (unsigned i = 0; i < 2 * U; i++) zr_in[i] = accum_T(xw[i] + hw[i]);
    rnn_activation<CONFIG_T::recurrent_activation>::template run<accum_T, accum_T,
                                                                 typename CONFIG_T::ACT_CONFIG_RECURRENT_T>(zr_in, zr);
    accum_T cand_in[CONFIG_T::n_out];
    accum_T cand[CONFIG_T::n_out];
#pragma unroll
    for (unsigned i = 0; i < U; i++) {
      const accum_T rh = zr[U + i] * hw[2 * U + i];
      cand_in[i] = accum_T(xw[2 * U + i] + rh);
    }
    rnn_activation<CONFIG_T::activation>::template run<accum_T, accum_T, typename CONFIG_T::ACT_CONFIG_T>(cand_in,
                                                                                                        cand);
#pragma unroll
    for (unsigned i = 0; i < U; i++) h[i] = res_T(cand[i] * (1 - zr[i]) + h[i] * zr[i]);
    if (CONFIG_T::return_sequences) {
#pragma unroll
      for (unsigned i = 0; i < U; i++) res[t * U + i] = h[i];
    }
  }
  if (!CONFIG_T::return_sequences) {
#pragma unroll
    for (unsigned i = 0; i < U; i++) res[i] = h[i];
  }
}

// LSTM (gates i, f, c, o; one bias; h = c = 0 at the start): per step and gate, w = 0,
// w = accum_t(w + x[j] * W[j][k]); b = accum_t(w + bias[k]); u = 0, u = accum_t(u + h[j] * U[j][k]);
// p = accum_t(b + u) (lstm_pytorch: u = accum_t(u + rec_bias[k]) first); i, f, o = recurrent
// activation, g = activation (ACT_CONFIG_T: its table), into
// accum_t; c' = accum_t(accum_t(i * g) + accum_t(f * c)); h = res_T(accum_t(o * act(c'))); c = res_T(c').
// Kernels are input-major [n_in][4 n_out] and [n_out][4 n_out].
struct lstm_config : gru_config {
  static const int recurrent_activation = 2;
};

// The LSTM body; rec_bias is null for hls4ml's lstm (one bias), else PyTorch's b_hh, added as
// r = accum_t(r + rec_bias[k]) after the recurrent products, as simple_rnn_pytorch does.
template <class data_T, class res_T, typename CONFIG_T, class rb_T>
void lstm_impl(const data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
               res_T res[(CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1) * CONFIG_T::n_out],
               const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * 4 * CONFIG_T::n_out],
               const typename CONFIG_T::recurrent_weight_t rec_kernel[CONFIG_T::n_out * 4 * CONFIG_T::n_out],
               const typename CONFIG_T::bias_t bias[4 * CONFIG_T::n_out], const rb_T *rec_bias) {
  typedef typename CONFIG_T::accum_t accum_T;
  const unsigned U = CONFIG_T::n_out;
  const unsigned G = 4 * CONFIG_T::n_out;
  res_T h[CONFIG_T::n_out];
  res_T c[CONFIG_T::n_out];
#pragma unroll
  for (unsigned i = 0; i < U; i++) {
    h[i] = 0;
    c[i] = 0;
  }
  for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
    accum_T pre[4][CONFIG_T::n_out];
#pragma unroll
    for (unsigned k = 0; k < G; k++) {
      accum_T w = 0;
      for (unsigned j = 0; j < CONFIG_T::n_in; j++)
        w = accum_T(w + data[t * CONFIG_T::n_in + j] * kernel[j * G + k]);
      const accum_T b = accum_T(w + bias[k]);
      accum_T r = 0;
      for (unsigned j = 0; j < U; j++) r = accum_T(r + h[j] * rec_kernel[j * G + k]);
      if (rec_bias) r = accum_T(r + rec_bias[k]);
      pre[k / U][k % U] = accum_T(b + r);
    }
    accum_T gi[CONFIG_T::n_out], gf[CONFIG_T::n_out], gc[CONFIG_T::n_out], go[CONFIG_T::n_out];
    typedef typename CONFIG_T::ACT_CONFIG_RECURRENT_T REC;
    typedef typename CONFIG_T::ACT_CONFIG_T ACT;
    rnn_activation<CONFIG_T::recurrent_activation>::template run<accum_T, accum_T, REC>(pre[0], gi);
    rnn_activation<CONFIG_T::recurrent_activation>::template run<accum_T, accum_T, REC>(pre[1], gf);
    rnn_activation<CONFIG_T::activation>::template run<accum_T, accum_T, ACT>(pre[2], gc);
    rnn_activation<CONFIG_T::recurrent_activation>::template run<accum_T, accum_T, REC>(pre[3], go);
    accum_T c_new[CONFIG_T::n_out];
    accum_T c_act[CONFIG_T::n_out];
#pragma unroll
    for (unsigned i = 0; i < U; i++) {
      const accum_T ig = gi[i] * gc[i];
      const accum_T fc = gf[i] * c[i];
      c_new[i] = accum_T(ig + fc);
    }
    rnn_activation<CONFIG_T::activation>::template run<accum_T, accum_T, ACT>(c_new, c_act);
#pragma unroll
    for (unsigned i = 0; i < U; i++) {
      const accum_T oh = go[i] * c_act[i];
      h[i] = res_T(oh);
      c[i] = res_T(c_new[i]);
    }
    if (CONFIG_T::return_sequences) {
#pragma unroll
      for (unsigned i = 0; i < U; i++) res[t * U + i] = h[i];
    }
  }
  if (!CONFIG_T::return_sequences) {
#pragma unroll
    for (unsigned i = 0; i < U; i++) res[i] = h[i];
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void lstm(const data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
          res_T res[(CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1) * CONFIG_T::n_out],
          const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * 4 * CONFIG_T::n_out],
          const typename CONFIG_T::recurrent_weight_t rec_kernel[CONFIG_T::n_out * 4 * CONFIG_T::n_out],
          const typename CONFIG_T::bias_t bias[4 * CONFIG_T::n_out]) {
  lstm_impl<data_T, res_T, CONFIG_T, typename CONFIG_T::bias_t>(data, res, kernel, rec_kernel, bias, 0);
}

// LSTM with PyTorch's recurrent bias b_hh (hls4ml's Quartus LSTM has one bias per gate; we follow torch).
template <class data_T, class res_T, typename CONFIG_T>
void lstm_pytorch(const data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in],
                  res_T res[(CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1) * CONFIG_T::n_out],
                  const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * 4 * CONFIG_T::n_out],
                  const typename CONFIG_T::recurrent_weight_t rec_kernel[CONFIG_T::n_out * 4 * CONFIG_T::n_out],
                  const typename CONFIG_T::bias_t bias[4 * CONFIG_T::n_out],
                  const typename CONFIG_T::recurrent_bias_t rec_bias[4 * CONFIG_T::n_out]) {
  lstm_impl<data_T, res_T, CONFIG_T, typename CONFIG_T::recurrent_bias_t>(data, res, kernel, rec_kernel, bias,
                                                                          rec_bias);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_RECURRENT_H_
