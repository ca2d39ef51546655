// HLS Studio: BatchNormalization for the Quartus / oneAPI flavour (ac_fixed types), written for HLS Studio
// from the behaviour described in the project's fixed-point spec §6.4 and §7.2; not derived from hls4ml.
//
// res[i] = res_T(x[i] * scale[c] + bias[c]) with c = i mod n_filt (n_filt = channels, the last axis):
// the product and the sum are exact; there is one rounding, into res_T.
#ifndef NNET_QUARTUS_BATCHNORM_H_
#define NNET_QUARTUS_BATCHNORM_H_

#include "nnet_common.h"

namespace nnet {

struct batchnorm_config {
  typedef ac_fixed<16, 6, true> scale_t;
  typedef ac_fixed<16, 6, true> bias_t;
  static const unsigned n_in = 10;
  static const unsigned n_filt = 10;
  static const unsigned io_type = io_parallel;
  static const unsigned reuse_factor = 1;
};

template <class data_T, class res_T, typename CONFIG_T>
void normalize(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
               const typename CONFIG_T::scale_t scale[CONFIG_T::n_filt],
               const typename CONFIG_T::bias_t bias[CONFIG_T::n_filt]) {
  static_assert(CONFIG_T::n_in % CONFIG_T::n_filt == 0, "n_in must be a multiple of n_filt");
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
    const unsigned c = i % CONFIG_T::n_filt;
    res[i] = res_T(data[i] * scale[c] + bias[c]);
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_BATCHNORM_H_
