// HLS Studio: two-input merges for the Quartus / oneAPI flavour (ac_fixed types), written for HLS Studio
// from the behaviour described in the project's fixed-point spec §6.6 and §7.2; not derived from hls4ml.
//
// Each output is one rounding of the exact result into res_T: a + b, a - b, a * b, (a + b) * 0.5 (0.5 as
// ac_fixed<1,0,false>), and the larger (strict >) or smaller (strict <) input. Inputs of different sizes
// broadcast by index modulo their size: a[i % n_elem1], b[i % n_elem2]. dot1d: see below.
#ifndef NNET_QUARTUS_MERGE_H_
#define NNET_QUARTUS_MERGE_H_

#include "nnet_common.h"

namespace nnet {

struct merge_config {
  static const unsigned n_elem = 10;
  static const unsigned n_elem1 = 10;
  static const unsigned n_elem2 = 10;
};

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void add(const input1_T data1[CONFIG_T::n_elem1], const input2_T data2[CONFIG_T::n_elem2],
         res_T res[CONFIG_T::n_elem]) {
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_elem; i++) {
    const input1_T& a = data1[i % CONFIG_T::n_elem1];
    const input2_T& b = data2[i % CONFIG_T::n_elem2];
    res[i] = res_T(a + b);
  }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void subtract(const input1_T data1[CONFIG_T::n_elem1], const input2_T data2[CONFIG_T::n_elem2],
              res_T res[CONFIG_T::n_elem]) {
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_elem; i++) {
    const input1_T& a = data1[i % CONFIG_T::n_elem1];
    const input2_T& b = data2[i % CONFIG_T::n_elem2];
    res[i] = res_T(a - b);
  }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void multiply(const input1_T data1[CONFIG_T::n_elem1], const input2_T data2[CONFIG_T::n_elem2],
              res_T res[CONFIG_T::n_elem]) {
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_elem; i++) {
    const input1_T& a = data1[i % CONFIG_T::n_elem1];
    const input2_T& b = data2[i % CONFIG_T::n_elem2];
    res[i] = res_T(a * b);
  }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void average(const input1_T data1[CONFIG_T::n_elem1], const input2_T data2[CONFIG_T::n_elem2],
             res_T res[CONFIG_T::n_elem]) {
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_elem; i++) {
    const input1_T& a = data1[i % CONFIG_T::n_elem1];
    const input2_T& b = data2[i % CONFIG_T::n_elem2];
    res[i] = res_T((a + b) * ac_fixed<1, 0, false>(0.5));
  }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void maximum(const input1_T data1[CONFIG_T::n_elem1], const input2_T data2[CONFIG_T::n_elem2],
             res_T res[CONFIG_T::n_elem]) {
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_elem; i++) {
    const input1_T& a = data1[i % CONFIG_T::n_elem1];
    const input2_T& b = data2[i % CONFIG_T::n_elem2];
    res[i] = a > b ? res_T(a) : res_T(b);
  }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void minimum(const input1_T data1[CONFIG_T::n_elem1], const input2_T data2[CONFIG_T::n_elem2],
             res_T res[CONFIG_T::n_elem]) {
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_elem; i++) {
    const input1_T& a = data1[i % CONFIG_T::n_elem1];
    const input2_T& b = data2[i % CONFIG_T::n_elem2];
    res[i] = a < b ? res_T(a) : res_T(b);
  }
}

struct dot_config {
  static const unsigned n_in = 10;
  static const unsigned n_out = 1;
  static const unsigned reuse_factor = 1;
  typedef ac_fixed<32, 16, true> accum_t;
};

// Dot of two 1-D inputs: each product cast to accum_t, summed in order in accum_t (a cast at every
// step, from 0), the sum cast to res_T.
template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void dot1d(const input1_T data1[CONFIG_T::n_in], const input2_T data2[CONFIG_T::n_in],
           res_T res[CONFIG_T::n_out]) {
  typedef typename CONFIG_T::accum_t accum_T;
  accum_T mult[CONFIG_T::n_in];
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) mult[i] = accum_T(data1[i] * data2[i]);
  accum_T acc = 0;
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) acc = accum_T(acc + mult[i]);
  res[0] = res_T(acc);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_MERGE_H_
