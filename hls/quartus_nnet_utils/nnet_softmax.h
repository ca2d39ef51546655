// HLS Studio: stable, latency, legacy and argmax softmax for the Quartus / oneAPI flavour (ac_fixed
// types), written for HLS Studio from the behaviour described in the project's fixed-point spec §7.2;
// not derived from hls4ml's code.
//
// d = x - max(x) in ac_fixed<W,I,true,AC_RND,AC_SAT>; index = the N = log2(table_size) bits below d's
// sign bit (1 when d != 0 and those bits are 0); e = exp_table[index] in exp_table_t; the sum is a
// balanced tree in exp_table_t; inv = invert_table[N bits below the sum's sign bit] in inv_table_t;
// res = e * inv. The configuration supplies exp_table() and invert_table(): table_t entries that the
// project writer generates in float64 (activation_tables/*.tb).
#ifndef NNET_QUARTUS_SOFTMAX_H_
#define NNET_QUARTUS_SOFTMAX_H_

#include "nnet_activation.h"

namespace nnet {

struct softmax_config : activ_config {
  typedef ac_fixed<18, 8, true, AC_RND, AC_SAT> exp_table_t;
  typedef ac_fixed<18, 8, true, AC_RND, AC_SAT> inv_table_t;
};

// Sum of x[0..N) with a cast into T at every node; split at the largest power of two below N.
template <class T, int N>
struct softmax_tree {
  static constexpr int pow2_below(int n, int p) { return p * 2 >= n ? p : pow2_below(n, p * 2); }
  static T sum(const T* x) {
    const int left = pow2_below(N, 1);
    return T(softmax_tree<T, left>::sum(x) + softmax_tree<T, N - left>::sum(x + left));
  }
};
template <class T>
struct softmax_tree<T, 1> {
  static T sum(const T* x) { return x[0]; }
};

template <class data_T, class res_T, typename CONFIG_T>
void softmax_stable(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  typedef typename CONFIG_T::exp_table_t exp_T;
  typedef ac_fixed<data_T::width, data_T::iwidth, true, AC_RND, AC_SAT> diff_T;
  const int N = ceil_log2(CONFIG_T::table_size);
  static_assert(N <= data_T::width - 1 && N <= exp_T::width - 1, "table_size needs too many index bits");
  const typename CONFIG_T::table_t* exp_table = CONFIG_T::exp_table();
  const typename CONFIG_T::table_t* invert_table = CONFIG_T::invert_table();

  data_T x_max = data[0];
  for (unsigned i = 1; i < CONFIG_T::n_in; i++)
    if (data[i] > x_max) x_max = data[i];

  exp_T exp_res[CONFIG_T::n_in];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
    const diff_T d = data[i] - x_max;
    ac_int<N, false> index = d.template slc<N>(diff_T::width - 1 - N);
    if (d != 0 && index == 0) index = 1;
    exp_res[i] = exp_T(exp_table[index]);
  }
  const exp_T exp_sum = softmax_tree<exp_T, CONFIG_T::n_in>::sum(exp_res);
  const ac_int<N, false> sum_index = exp_sum.template slc<N>(exp_T::width - 1 - N);
  const typename CONFIG_T::inv_table_t inv = invert_table[sum_index];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) res[i] = res_T(exp_res[i] * inv);
}

// latency: index = the top N bits of x's pattern (sign bit included); the rest as stable, with
// exp_table() / invert_table() built from those patterns (README.md).
template <class data_T, class res_T, typename CONFIG_T>
void softmax_latency(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  typedef typename CONFIG_T::exp_table_t exp_T;
  const int N = ceil_log2(CONFIG_T::table_size);
  static_assert(N <= data_T::width && N <= exp_T::width, "table_size needs too many index bits");
  const typename CONFIG_T::table_t* exp_table = CONFIG_T::exp_table();
  const typename CONFIG_T::table_t* invert_table = CONFIG_T::invert_table();
  exp_T exp_res[CONFIG_T::n_in];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
    const ac_int<N, false> index = data[i].template slc<N>(data_T::width - N);
    exp_res[i] = exp_T(exp_table[index]);
  }
  const exp_T exp_sum = softmax_tree<exp_T, CONFIG_T::n_in>::sum(exp_res);
  const ac_int<N, false> sum_index = exp_sum.template slc<N>(exp_T::width - N);
  const typename CONFIG_T::inv_table_t inv = invert_table[sum_index];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) res[i] = res_T(exp_res[i] * inv);
}

// legacy: r = floor(x * T / 16) per element (the quotient truncates toward zero at x's LSB, to_int
// floors); for each i a running sum in exp_table_t of 1 (j = i) or exp_table[clamp(r[j] - r[i] + T/2)];
// res = invert_table[clamp(floor(sum * T / 64))], the table_t entry cast straight to res_T.
template <class data_T, class res_T, typename CONFIG_T>
void softmax_legacy(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  typedef typename CONFIG_T::exp_table_t exp_T;
  const int T = CONFIG_T::table_size;
  const typename CONFIG_T::table_t* exp_table = CONFIG_T::exp_table();
  const typename CONFIG_T::table_t* invert_table = CONFIG_T::invert_table();
  int data_round[CONFIG_T::n_in];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) data_round[i] = (data[i] * CONFIG_T::table_size / 16).to_int();
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
    exp_T sum = 0;
    for (unsigned j = 0; j < CONFIG_T::n_in; j++) {
      if (i == j) {
        sum = exp_T(sum + 1);
      } else {
        int index = data_round[j] - data_round[i] + T / 2;
        if (index < 0) index = 0;
        if (index > T - 1) index = T - 1;
        const exp_T e = exp_T(exp_table[index]);
        sum = exp_T(sum + e);
      }
    }
    int k = (sum * CONFIG_T::table_size / 64).to_int();
    if (k < 0) k = 0;
    if (k > T - 1) k = T - 1;
    res[i] = res_T(invert_table[k]);
  }
}

// argmax: 1 at the first index of the maximum (strict >), 0 elsewhere.
template <class data_T, class res_T, typename CONFIG_T>
void softmax_argmax(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
  unsigned best = 0;
  for (unsigned i = 1; i < CONFIG_T::n_in; i++)
    if (data[i] > data[best]) best = i;
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) res[i] = res_T(i == best ? 1 : 0);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_SOFTMAX_H_
