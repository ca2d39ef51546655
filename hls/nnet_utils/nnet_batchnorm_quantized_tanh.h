// HLS Studio layer template library: batch normalization fused with a binary or ternary tanh
// (hls4ml's BatchNormalizationQuantizedTanh), io_parallel.
//
// The batch norm is folded into thresholds on the input's own grid (computed by the studio's
// merge_batch_norm_quantized_tanh pass), one per channel: c = i % n_filt (the last axis).
//  binary:  res = 1 when x > threshold[c], else 0 (res_T is ap_uint<1>, hls4ml's XNOR type); with
//           binary_ge the test is x >= threshold[c] (hls4ml's Vivado io_stream and Catapult io_parallel);
//  ternary: res = 1 when x > threshold_hi[c], -1 when x <= threshold_lo[c], else 0 (res_T is ap_int<2>).
// Comparisons are exact; there is no arithmetic.
#ifndef NNET_BATCHNORM_QUANTIZED_TANH_H_
#define NNET_BATCHNORM_QUANTIZED_TANH_H_

#include "nnet_common.h"

namespace nnet {

struct batchnorm_quantized_tanh_config {
    static const unsigned n_in = 10;
    static const unsigned n_filt = 10;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    static const bool binary_ge = false;
    typedef default_t threshold_t;
    typedef default_t threshold_hi_t;
    typedef default_t threshold_lo_t;
};

template <class data_T, class res_T, typename CONFIG_T>
void normalize_binary_tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
                           typename CONFIG_T::threshold_t threshold[CONFIG_T::n_filt]) {
    NNET_PIPELINE(II=CONFIG_T::reuse_factor)
    NNET_HLS(ARRAY_PARTITION variable=threshold complete)
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const unsigned c = i % CONFIG_T::n_filt;
        const bool on = CONFIG_T::binary_ge ? data[i] >= threshold[c] : data[i] > threshold[c];
        res[i] = on ? static_cast<res_T>(1) : static_cast<res_T>(0);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void normalize_ternary_tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
                            typename CONFIG_T::threshold_hi_t threshold_hi[CONFIG_T::n_filt],
                            typename CONFIG_T::threshold_lo_t threshold_lo[CONFIG_T::n_filt]) {
    NNET_PIPELINE(II=CONFIG_T::reuse_factor)
    NNET_HLS(ARRAY_PARTITION variable=threshold_hi complete)
    NNET_HLS(ARRAY_PARTITION variable=threshold_lo complete)
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const unsigned c = i % CONFIG_T::n_filt;
        if (data[i] > threshold_hi[c])
            res[i] = static_cast<res_T>(1);
        else if (data[i] <= threshold_lo[c])
            res[i] = static_cast<res_T>(-1);
        else
            res[i] = static_cast<res_T>(0);
    }
}

} // namespace nnet

#endif
