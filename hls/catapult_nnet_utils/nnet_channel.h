// HLS Studio layer template library, Catapult flavour: the FIFO type of the io_stream kernels.
//
// The shared stream kernels of hls/nnet_utils take and declare their FIFOs as nnet::stream_t<T>; a
// Catapult project streams through ac_channel<T> (hls/ac_types/ac_channel.h for g++ C-simulation,
// Catapult's own header for synthesis).
#ifndef NNET_CHANNEL_H_
#define NNET_CHANNEL_H_

#include "ac_channel.h"

namespace nnet {

template <class T> using stream_t = ac_channel<T>;

} // namespace nnet

#endif
