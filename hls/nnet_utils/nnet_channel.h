// HLS Studio layer template library: the FIFO type of the io_stream kernels, Vivado / Vitis flavour.
//
// The stream kernels (nnet_stream.h, *_stream.h) take and declare their FIFOs as nnet::stream_t<T>;
// here that is hls::stream<T>, in the Catapult flavour (hls/catapult_nnet_utils/nnet_channel.h)
// Catapult's ac_channel<T>. Both have read() and write(), all the kernels use.
#ifndef NNET_CHANNEL_H_
#define NNET_CHANNEL_H_

#include "hls_stream.h"

namespace nnet {

template <class T> using stream_t = hls::stream<T>;

} // namespace nnet

#endif
