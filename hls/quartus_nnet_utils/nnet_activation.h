// HLS Studio: activations for the Quartus / oneAPI flavour (ac_fixed types), written for HLS Studio
// from the behaviour described in the project's fixed-point spec §7.2; not derived from hls4ml's code.
//
// linear, relu, relu_max, leaky_relu and thresholded_relu are comparisons and one cast into res_T;
// hard_sigmoid / hard_tanh clip an exact slope * x + shift
// (leaky_relu / thresholded_relu take their parameter as data_T, as hls4ml's Quartus templates do).
// sigmoid and tanh (hls4ml's dense_tanh) read symmetric, bin-centred tables indexed with |x|: the
// configuration supplies `table()`, the table_t entries that the project writer generates in float64
// (activation_tables/*.tb, cast to table_t by the compiler). softsign uses the same symmetric scheme;
// softplus, elu and selu read hls4ml's Quartus tables with floor indices (README.md).
// Index = floor(|x| * table_size / R), R = 8 (sigmoid) or 4 (tanh), |x| = data_T(-x) with data_T's modes;
// |x| >= R, and the most negative input of a wrapping type (whose negation wraps to itself), read the last
// entry (hls4ml reads out of bounds there); a saturating type's negation saturates to its largest value.
#ifndef NNET_QUARTUS_ACTIVATION_H_
#define NNET_QUARTUS_ACTIVATION_H_

#include "nnet_common.h"

namespace nnet {

struct activ_config {
  static const unsigned n_in = 10;
  static const unsigned table_size = 1024;
  static const unsigned io_type = 0;
  static const unsigned reuse_factor = 1;
  typedef ac_fixed<16, 8, true> table_t;
};

template <class data_T, class res_T, typename CONFIG_T>
void linear(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) res[ii] = res_T(data[ii]);
}

template <class data_T, class res_T, typename CONFIG_T>
void relu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    if (data[ii] > 0)
      res[ii] = res_T(data[ii]);
    else
      res[ii] = res_T(0);
  }
}

// 0 below zero, MAX above MAX (an integer, cast to res_T), x otherwise (relu6 is MAX = 6).
template <class data_T, class res_T, int MAX, typename CONFIG_T>
void relu_max(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    if (data[ii] < 0)
      res[ii] = res_T(0);
    else if (data[ii] > MAX)
      res[ii] = res_T(MAX);
    else
      res[ii] = res_T(data[ii]);
  }
}

// The parameter arrives as data_T (the call passes a double literal, converted with data_T's modes);
// alpha * x is exact and cast once to res_T.
template <class data_T, class res_T, typename CONFIG_T>
void leaky_relu(const data_T data[CONFIG_T::n_in], const data_T alpha, res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    if (data[ii] > 0)
      res[ii] = res_T(data[ii]);
    else
      res[ii] = res_T(alpha * data[ii]);
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void thresholded_relu(const data_T data[CONFIG_T::n_in], const data_T theta, res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    if (data[ii] > theta)
      res[ii] = res_T(data[ii]);
    else
      res[ii] = res_T(0);
  }
}

// hard_sigmoid: t = slope * x + shift at full precision (slope in ac_fixed<16,0,false>, shift in
// ac_fixed<2,0,false>, from the configuration), clipped to [0, 1] in t's own type, cast once to res_T.
// hard_tanh returns res_T(2 * t - 1).
template <class data_T, class res_T, typename CONFIG_T>
void hard_sigmoid(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    auto t = CONFIG_T::slope() * data[ii] + CONFIG_T::shift();
    if (t > 1)
      t = 1;
    else if (t < 0)
      t = 0;
    res[ii] = res_T(t);
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void hard_tanh(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    auto t = CONFIG_T::slope() * data[ii] + CONFIG_T::shift();
    if (t > 1)
      t = 1;
    else if (t < 0)
      t = 0;
    res[ii] = res_T(2 * t - 1);
  }
}

// Index of |x| into a symmetric table over [0, R).
template <class data_T, typename CONFIG_T, int R>
inline unsigned symmetric_index(const data_T& x) {
  static_assert(CONFIG_T::table_size % R == 0, "the table size must be a multiple of the table range");
  data_T a = x;
  if (x < 0) a = data_T(-x);
  if (a < 0 || a >= R) return CONFIG_T::table_size - 1;
  const int index = (a * (CONFIG_T::table_size / R)).to_int();
  return index > int(CONFIG_T::table_size - 1) ? CONFIG_T::table_size - 1 : static_cast<unsigned>(index);
}

template <class data_T, class res_T, typename CONFIG_T>
void sigmoid(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  const typename CONFIG_T::table_t* table = CONFIG_T::table();
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    const res_T t = res_T(table[symmetric_index<data_T, CONFIG_T, 8>(data[ii])]);
    if (data[ii] < 0)
      res[ii] = res_T(1 - t);
    else
      res[ii] = t;
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void dense_tanh(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  const typename CONFIG_T::table_t* table = CONFIG_T::table();
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    const res_T t = res_T(table[symmetric_index<data_T, CONFIG_T, 4>(data[ii])]);
    if (data[ii] < 0)
      res[ii] = res_T(-t);
    else
      res[ii] = t;
  }
}

template <class data_T, class res_T, typename CONFIG_T>
void softsign(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  const typename CONFIG_T::table_t* table = CONFIG_T::table();
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    const res_T t = res_T(table[symmetric_index<data_T, CONFIG_T, 8>(data[ii])]);
    if (data[ii] < 0)
      res[ii] = res_T(-t);
    else
      res[ii] = t;
  }
}

// floor(x * table_size / d) where the quotient first truncates toward zero at x's LSB (ac division),
// kept in a 16-bit ac_int as hls4ml does.
template <class data_T, typename CONFIG_T, int D>
inline ac_int<16, true> scaled_index(const data_T& x) {
  return ac_int<16, true>((x * CONFIG_T::table_size / D).to_int());
}

// Table over [-8, 8) at bin lower edges; index = floor(x * T / 16) + T / 2, clamped to the table.
template <class data_T, class res_T, typename CONFIG_T>
void softplus(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  const typename CONFIG_T::table_t* table = CONFIG_T::table();
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    ac_int<16, true> index = scaled_index<data_T, CONFIG_T, 16>(data[ii]) + CONFIG_T::table_size / 2;
    if (index < 0) index = 0;
    if (index > int(CONFIG_T::table_size - 1)) index = CONFIG_T::table_size - 1;
    res[ii] = res_T(table[index.to_int()]);
  }
}

// Index of a negative x into the elu / selu tables (entry i at -8 i / T); beyond the table -> last entry.
template <class data_T, typename CONFIG_T>
inline unsigned negative_index(const data_T& x) {
  const ac_int<16, true> index = scaled_index<data_T, CONFIG_T, -8>(x);
  return index < 0 || index > int(CONFIG_T::table_size - 1) ? CONFIG_T::table_size - 1 : index.to_uint();
}

// x >= 0: res_T(x); else res_T(alpha * table[index]) with alpha a res_T constant.
template <class data_T, class res_T, typename CONFIG_T>
void elu(const data_T data[CONFIG_T::n_in], const res_T alpha, res_T res[CONFIG_T::n_in]) {
  const typename CONFIG_T::table_t* table = CONFIG_T::table();
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    if (data[ii] >= 0)
      res[ii] = res_T(data[ii]);
    else
      res[ii] = res_T(alpha * table[negative_index<data_T, CONFIG_T>(data[ii])]);
  }
}

// x >= 0: res_T(res_T(lambda) * x); else res_T(table[index]) (the table holds lambda * alpha * (e^x - 1)).
template <class data_T, class res_T, typename CONFIG_T>
void selu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  const typename CONFIG_T::table_t* table = CONFIG_T::table();
  const res_T lambda = res_T(1.0507009873554805);
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    if (data[ii] >= 0)
      res[ii] = res_T(lambda * data[ii]);
    else
      res[ii] = res_T(table[negative_index<data_T, CONFIG_T>(data[ii])]);
  }
}

// PReLU: one alpha per element (or one shared, n_alpha = 1), held in data_T like leaky_relu's parameter
// (hls4ml's Quartus signature takes the alphas as data_T); alpha * x is exact and cast once to res_T.
struct prelu_config : activ_config {
  static const unsigned n_alpha = 10;
};

template <class data_T, class res_T, typename CONFIG_T>
void prelu(const data_T data[CONFIG_T::n_in], const data_T alpha[CONFIG_T::n_alpha], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    if (data[ii] > 0)
      res[ii] = res_T(data[ii]);
    else
      res[ii] = res_T(alpha[ii % CONFIG_T::n_alpha] * data[ii]);
  }
}

// binary_tanh: 1 for x > 0 (strictly: x = 0 gives -1, unlike Vivado's x >= 0), else -1, each an int
// converted to res_T with its modes (an unsigned res_T wraps or saturates the -1).
template <class data_T, class res_T, typename CONFIG_T>
void binary_tanh(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) res[ii] = data[ii] > 0 ? res_T(1) : res_T(-1);
}

// ternary_tanh: y = data_T(2 * x) (the doubled value goes back into data_T with its modes), then
// y > 1 -> 1, -1 < y <= 1 -> 0, else -1, converted to res_T.
template <class data_T, class res_T, typename CONFIG_T>
void ternary_tanh(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned ii = 0; ii < CONFIG_T::n_in; ii++) {
    const data_T y = data_T(2 * data[ii]);
    if (y > 1)
      res[ii] = res_T(1);
    else if (y > -1)
      res[ii] = res_T(0);
    else
      res[ii] = res_T(-1);
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_ACTIVATION_H_
