// HLS Studio: SeparableConv1D / SeparableConv2D for the oneAPI flavour, io_parallel. As in hls4ml's oneAPI
// flow, a separable convolution is its bias-free depthwise half (nnet_depthconv.h) into a
// depthwise_result_t array, then a 1x1 convolution (nnet_conv.h, Resource dense per pixel); the generated
// network function calls the two in turn. hls4ml's Quartus backend has no such kernels.
#ifndef NNET_QUARTUS_SEPCONV_H_
#define NNET_QUARTUS_SEPCONV_H_

#include "nnet_conv.h"
#include "nnet_depthconv.h"

#endif  // NNET_QUARTUS_SEPCONV_H_
