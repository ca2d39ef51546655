// HLS Studio: layers that only move values, for the Quartus / oneAPI flavour (ac_fixed types),
// io_parallel, written for HLS Studio; not derived from hls4ml's code.
//
// gather: Transpose, ZeroPadding and Cropping as one table-driven copy. The configuration's index()
// lists, for each output element, the input element it copies (-1 = a padded zero); the project writer
// computes it from the layer's shapes. res[k] = res_T(data[index[k]]) (the identity for inferred types).
// concatenate: per outer index, the n_inner1 elements of the first input, then the n_inner2 of the
// second, each cast to res_T.
#ifndef NNET_QUARTUS_GATHER_H_
#define NNET_QUARTUS_GATHER_H_

#include "nnet_common.h"

namespace nnet {

struct gather_config {
  static const unsigned n_in = 10;
  static const unsigned n_out = 10;
};

template <class data_T, class res_T, typename CONFIG_T>
void gather(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out]) {
  const int* index = CONFIG_T::index();
#pragma unroll
  for (unsigned k = 0; k < CONFIG_T::n_out; k++) res[k] = index[k] < 0 ? res_T(0) : res_T(data[index[k]]);
}

struct concat_config {
  static const unsigned n_outer = 1;
  static const unsigned n_inner1 = 10;
  static const unsigned n_inner2 = 10;
};

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void concatenate(const input1_T data1[CONFIG_T::n_outer * CONFIG_T::n_inner1],
                 const input2_T data2[CONFIG_T::n_outer * CONFIG_T::n_inner2],
                 res_T res[CONFIG_T::n_outer * (CONFIG_T::n_inner1 + CONFIG_T::n_inner2)]) {
  unsigned o = 0;
#pragma unroll
  for (unsigned k = 0; k < CONFIG_T::n_outer; k++) {
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_inner1; i++) res[o++] = res_T(data1[k * CONFIG_T::n_inner1 + i]);
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_inner2; i++) res[o++] = res_T(data2[k * CONFIG_T::n_inner2 + i]);
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_GATHER_H_
