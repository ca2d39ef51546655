// HLS Studio: activations for the Quartus / oneAPI flavour (ac_fixed types), written for HLS Studio
// from the behaviour described in the project's fixed-point spec §7.2; not derived from hls4ml's code.
//
// relu and linear are plain casts. sigmoid and tanh (hls4ml's dense_tanh) read symmetric, bin-centred
// tables indexed with |x|: the configuration supplies `table()`, the table_t entries that the project
// writer generates in float64 (activation_tables/*.tb, cast to table_t by the compiler).
// Index = floor(|x| * table_size / R), R = 8 (sigmoid) or 4 (tanh); |x| >= R, and the most negative
// input (whose negation wraps), read the last entry (hls4ml reads out of bounds there).
#ifndef NNET_QUARTUS_ACTIVATION_H_
#define NNET_QUARTUS_ACTIVATION_H_

#include "ac_fixed.h"
#include "ac_int.h"

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

}  // namespace nnet

#endif  // NNET_QUARTUS_ACTIVATION_H_
