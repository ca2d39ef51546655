// HLS Studio layer template library: Keras TimeDistributed (hls4ml's time_distributed loop).
//
// The top function loops over the first axis: read_time_step copies step ts of the input into a local
// array, the wrapped layer runs on it, and write_time_step copies its output into step ts of the result.
// Both copies keep the type, so no value changes. Flavour-neutral (pragmas from nnet_common.h).
#ifndef NNET_TIME_DISTRIBUTED_H_
#define NNET_TIME_DISTRIBUTED_H_

#include "nnet_common.h"

namespace nnet {

template <class data_T, unsigned N_STEPS, unsigned N_STEP>
void read_time_step(unsigned ts, data_T data[N_STEPS * N_STEP], data_T res[N_STEP]) {
    NNET_HLS(INLINE)
ReadStepLoop:
    for (unsigned i = 0; i < N_STEP; i++) {
        NNET_UNROLL
        res[i] = data[ts * N_STEP + i];
    }
}

template <class data_T, unsigned N_STEPS, unsigned N_STEP>
void write_time_step(unsigned ts, data_T data[N_STEP], data_T res[N_STEPS * N_STEP]) {
    NNET_HLS(INLINE)
WriteStepLoop:
    for (unsigned i = 0; i < N_STEP; i++) {
        NNET_UNROLL
        res[ts * N_STEP + i] = data[i];
    }
}

} // namespace nnet

#endif
