// HLS Studio: Reshape / Flatten for the Quartus / oneAPI flavour (ac_fixed types), io_parallel, written
// for HLS Studio; not derived from hls4ml's code. Channels-last tensors are stored row-major, so a
// reshape keeps the element order: res[i] = res_T(data[i]) (the identity when the types are equal, as
// precision inference makes them).
#ifndef NNET_QUARTUS_RESHAPE_H_
#define NNET_QUARTUS_RESHAPE_H_

#include "nnet_common.h"

namespace nnet {

struct reshape_config {
  static const unsigned n_in = 10;
};

template <class data_T, class res_T, typename CONFIG_T>
void reshape(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#pragma unroll
  for (unsigned i = 0; i < CONFIG_T::n_in; i++) res[i] = res_T(data[i]);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_RESHAPE_H_
