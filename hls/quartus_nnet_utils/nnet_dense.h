// HLS Studio: Dense for the Quartus / oneAPI flavour (ac_fixed types), written for HLS Studio from the
// behaviour described in the project's fixed-point spec §6.2 and §7.2; not derived from hls4ml's code.
//
// Quartus has only the resource-style matrix multiply. Weights are transposed: w[j * n_in + i].
// acc[j] starts at accum_t(bias[j]); every product x[i] * w is exact and cast to accum_t, every partial
// sum is cast to accum_t, and the sum is cast to res_T once. With R = min(reuse_factor, n_in) the
// products of output j are added in the order of the reuse loop: for ir in [0, R), for k in
// [0, n_in / R), input i = ir + R * k. (For a reuse factor above n_in, valid only as a multiple of n_in,
// the products of one output are added one at a time in input order; an intermediate zero-initialised
// per-output sum of one product is exact and therefore left out.)
#ifndef NNET_QUARTUS_DENSE_H_
#define NNET_QUARTUS_DENSE_H_

#include "nnet_common.h"

namespace nnet {

struct dense_config {
  typedef ac_fixed<16, 6, true> weight_t;
  typedef ac_fixed<16, 6, true> bias_t;
  typedef ac_fixed<32, 12, true> accum_t;
  static const unsigned n_in = 10;
  static const unsigned n_out = 10;
  static const unsigned io_type = io_parallel;
  static const unsigned reuse_factor = 1;
  static const unsigned n_zeros = 0;
};

template <class data_T, class res_T, typename CONFIG_T>
void dense_resource(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
  typedef typename CONFIG_T::accum_t acc_T;
  static_assert(valid_reuse_factor(CONFIG_T::n_in, CONFIG_T::n_out, CONFIG_T::reuse_factor),
                "the reuse factor is not valid for this layer size");
  const unsigned R = min_of(CONFIG_T::reuse_factor, CONFIG_T::n_in);
  const unsigned per_step = CONFIG_T::n_in / R;

  hls_register acc_T acc[CONFIG_T::n_out];
#pragma unroll
  for (unsigned j = 0; j < CONFIG_T::n_out; j++) acc[j] = acc_T(biases[j]);

  for (unsigned ir = 0; ir < R; ir++) {
#pragma unroll
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
#pragma unroll
      for (unsigned k = 0; k < per_step; k++) {
        const unsigned i = ir + R * k;
        const acc_T product = acc_T(data[i] * weights[j * CONFIG_T::n_in + i]);
        acc[j] = acc_T(acc[j] + product);
      }
    }
  }

#pragma unroll
  for (unsigned j = 0; j < CONFIG_T::n_out; j++) res[j] = res_T(acc[j]);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_DENSE_H_
