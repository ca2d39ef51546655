// HLS Studio: io_stream activations and softmax of the Quartus flavour, written for HLS Studio (not
// derived from hls4ml). Each word is handled on its own (softmax: a 1-d vector is one word).
//
// Where hls4ml's Quartus stream kernels compute as its io_parallel ones, a word goes through our
// io_parallel kernel (nnet_activation.h, nnet_softmax.h) with n_in set to the word's size: linear,
// relu, leaky_relu, thresholded_relu, hard_sigmoid, hard_tanh, softsign, binary_tanh, PReLU and the
// stable / latency / argmax softmax. Where they differ, the stream semantics are here (README.md):
//   sigmoid / dense_tanh: the same symmetric table index, but only x > 0 takes the table entry as is;
//     x <= 0 returns res_T(1 - entry) / res_T(-entry), computed from the table_t entry (no res_T cast
//     first), so x = 0 gives 1 - sigmoid(0) and -tanh(0) of the first bin.
//   ternary_tanh: compares x itself (not 2x): x > 1 -> 1, x <= -1 -> -1, else 0.
//   softplus / elu / selu: the io_parallel tables and index arithmetic, but the index is an int (not a
//     16-bit ac_int), and elu's alpha and selu's lambda are data_T constants (not res_T ones).
//   legacy softmax: the index takes the exact difference x[j] - x[i] (not the difference of floored
//     values), and the sum stays in table_t (no exp_table_t).
#ifndef NNET_QUARTUS_ACTIVATION_STREAM_H_
#define NNET_QUARTUS_ACTIVATION_STREAM_H_

#include "nnet_activation.h"
#include "nnet_softmax.h"
#include "nnet_stream.h"

namespace nnet {

// The io_parallel kernels, callable on one word.
struct act_linear {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { linear<D, R, C>(x, y); }
};
struct act_relu {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { relu<D, R, C>(x, y); }
};
struct act_hard_sigmoid {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { hard_sigmoid<D, R, C>(x, y); }
};
struct act_hard_tanh {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { hard_tanh<D, R, C>(x, y); }
};
struct act_softsign {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { softsign<D, R, C>(x, y); }
};
struct act_binary_tanh {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { binary_tanh<D, R, C>(x, y); }
};
struct act_leaky_relu {
  template <class D, class R, class C>
  static void run(const D* x, const D p, R* y) { leaky_relu<D, R, C>(x, p, y); }
};
struct act_thresholded_relu {
  template <class D, class R, class C>
  static void run(const D* x, const D p, R* y) { thresholded_relu<D, R, C>(x, p, y); }
};
struct act_softmax_stable {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { softmax_stable<D, R, C>(x, y); }
};
struct act_softmax_latency {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { softmax_latency<D, R, C>(x, y); }
};
struct act_softmax_argmax {
  template <class D, class R, class C>
  static void run(const D* x, R* y) { softmax_argmax<D, R, C>(x, y); }
};

// The stream-only kernels.
template <int R, bool SIGMOID>
struct act_symmetric_stream {
  template <class D, class Res, class C>
  static void run(const D* x, Res* y) {
    const typename C::table_t* table = C::table();
#pragma unroll
    for (unsigned j = 0; j < C::n_in; j++) {
      const typename C::table_t t = table[symmetric_index<D, C, R>(x[j])];
      if (x[j] > 0)
        y[j] = Res(t);
      else if (SIGMOID)
        y[j] = Res(1 - t);
      else
        y[j] = Res(-t);
    }
  }
};
typedef act_symmetric_stream<8, true> act_sigmoid_stream;
typedef act_symmetric_stream<4, false> act_tanh_stream;

struct act_ternary_tanh_stream {
  template <class D, class R, class C>
  static void run(const D* x, R* y) {
#pragma unroll
    for (unsigned j = 0; j < C::n_in; j++) {
      if (x[j] > 1)
        y[j] = R(1);
      else if (x[j] <= -1)
        y[j] = R(-1);
      else
        y[j] = R(0);
    }
  }
};

// floor(x * table_size / D) as an int: the quotient truncates toward zero at x's LSB, to_int floors.
template <class D, typename C, int DIV>
inline int stream_table_index(const D& x) {
  return (x * C::table_size / DIV).to_int();
}

// softplus: index floor(x * T / 16) + T / 2, clamped to the table.
struct act_softplus_stream {
  template <class D, class R, class C>
  static void run(const D* x, R* y) {
    const typename C::table_t* table = C::table();
    const int last = int(C::table_size) - 1;
#pragma unroll
    for (unsigned j = 0; j < C::n_in; j++) {
      // int + unsigned wraps as unsigned (hls4ml adds T / 2 that way)
      int index = int(unsigned(stream_table_index<D, C, 16>(x[j])) + C::table_size / 2);
      if (index < 0) index = 0;
      if (index > last) index = last;
      y[j] = R(table[index]);
    }
  }
};

// elu / selu below zero: index floor(x * T / -8); past the table -> the last entry (a negative index, only
// from an int wrap, too: hls4ml would read out of bounds there).
template <class D, typename C>
inline int stream_negative_index(const D& x) {
  const int index = stream_table_index<D, C, -8>(x);
  const int last = int(C::table_size) - 1;
  return index < 0 || index > last ? last : index;
}

// elu: x >= 0 -> res_T(x); else res_T(alpha * table[index]), alpha a data_T constant.
struct act_elu_stream {
  template <class D, class R, class C>
  static void run(const D* x, const D alpha, R* y) {
    const typename C::table_t* table = C::table();
#pragma unroll
    for (unsigned j = 0; j < C::n_in; j++) {
      if (x[j] >= 0)
        y[j] = R(x[j]);
      else
        y[j] = R(alpha * table[stream_negative_index<D, C>(x[j])]);
    }
  }
};

// selu: x >= 0 -> res_T(data_T(lambda) * x); else res_T(table[index]).
struct act_selu_stream {
  template <class D, class R, class C>
  static void run(const D* x, R* y) {
    const typename C::table_t* table = C::table();
    const D lambda = D(1.0507009873554805);
#pragma unroll
    for (unsigned j = 0; j < C::n_in; j++) {
      if (x[j] >= 0)
        y[j] = R(lambda * x[j]);
      else
        y[j] = R(table[stream_negative_index<D, C>(x[j])]);
    }
  }
};

// legacy softmax over one word: for each i, s = 0 in table_t, and for each j in order s += 1 (j = i) or
// s += exp_table[clamp(floor((x[j] - x[i]) * T / 16) + T / 2)], cast to table_t at every step; then
// res_T(invert_table[clamp(floor(s * T / 64))]).
struct act_softmax_legacy_stream {
  template <class D, class R, class C>
  static void run(const D* x, R* y) {
    typedef typename C::table_t table_T;
    const table_T* exp_table = C::exp_table();
    const table_T* invert_table = C::invert_table();
    const int last = int(C::table_size) - 1;
    for (unsigned i = 0; i < C::n_in; i++) {
      table_T s = 0;
      for (unsigned j = 0; j < C::n_in; j++) {
        if (i == j) {
          s = table_T(s + table_T(1));
        } else {
          int index = int(unsigned(((x[j] - x[i]) * C::table_size / 16).to_int()) + C::table_size / 2);
          if (index < 0) index = 0;
          if (index > last) index = last;
          s = table_T(s + exp_table[index]);
        }
      }
      int k = (s * C::table_size / 64).to_int();
      if (k < 0) k = 0;
      if (k > last) k = last;
      y[i] = R(invert_table[k]);
    }
  }
};

template <class in_W, class out_W, typename CONFIG_T, class OP, class in_S, class out_S>
void activation_stream(in_S& in, out_S& out) {
  static_assert(in_W::size == out_W::size, "an activation keeps the word size");
  for (unsigned i = 0; i < CONFIG_T::n_in / in_W::size; i++) {
    const in_W x = in.read();
    out_W y;
    OP::template run<typename in_W::value_type, typename out_W::value_type, word_config<CONFIG_T, in_W::size> >(
        x.data, y.data);
    out.write(y);
  }
}

// leaky_relu / thresholded_relu / elu: the parameter arrives as data_T (as in io_parallel for the first two).
template <class in_W, class out_W, typename CONFIG_T, class OP, class in_S, class out_S>
void activation_param_stream(in_S& in, const typename in_W::value_type param, out_S& out) {
  static_assert(in_W::size == out_W::size, "an activation keeps the word size");
  for (unsigned i = 0; i < CONFIG_T::n_in / in_W::size; i++) {
    const in_W x = in.read();
    out_W y;
    OP::template run<typename in_W::value_type, typename out_W::value_type, word_config<CONFIG_T, in_W::size> >(
        x.data, param, y.data);
    out.write(y);
  }
}

// PReLU: element k of the tensor takes alpha[k % n_alpha], as in io_parallel.
template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void prelu_stream(in_S& in, const typename in_W::value_type alpha[CONFIG_T::n_alpha], out_S& out) {
  typedef typename out_W::value_type res_T;
  for (unsigned i = 0; i < CONFIG_T::n_in / in_W::size; i++) {
    const in_W x = in.read();
    out_W y;
#pragma unroll
    for (unsigned j = 0; j < in_W::size; j++) {
      if (x[j] > 0)
        y[j] = res_T(x[j]);
      else
        y[j] = res_T(alpha[(i * in_W::size + j) % CONFIG_T::n_alpha] * x[j]);
    }
    out.write(y);
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_ACTIVATION_STREAM_H_
