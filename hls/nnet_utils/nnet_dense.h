// HLS Studio layer template library: dense layer entry point.
//
// A layer config derives from dense_config and sets sizes, types and the strategy:
//   struct config2 : nnet::dense_config {
//       static const unsigned n_in = 16, n_out = 64, strategy = nnet::latency, reuse_factor = 1, ...;
//       typedef fixed<16,6> accum_t; typedef ... weight_t; typedef ... bias_t;
//       template <class x_T, class w_T> using product = nnet::product::mult<x_T, w_T>;
//   };
// Latency weights are input-major (w[i*n_out + j]); resource weights are output-major (w[j*n_in + i]).
#ifndef NNET_DENSE_H_
#define NNET_DENSE_H_

#include "nnet_common.h"
#include "nnet_dense_latency.h"
#include "nnet_dense_resource.h"
#include "nnet_mult.h"

namespace nnet {

struct dense_config {
    // Sizes
    static const unsigned n_in = 10;
    static const unsigned n_out = 10;
    static const unsigned n_weights = n_in * n_out;
    static const unsigned n_zeros = 0;

    // Implementation
    static const unsigned io_type = io_parallel;
    static const unsigned strategy = latency;
    static const unsigned reuse_factor = 1;
    static const unsigned multiplier_limit = n_in * n_out;
    static const bool store_weights_in_bram = false;

    // Types
    typedef default_t accum_t;
    typedef default_t bias_t;
    typedef default_t weight_t;
    typedef uint_t<1> index_t;

    template <class x_T, class w_T> using product = nnet::product::mult<x_T, w_T>;
};

// Chooses the kernel at compile time from CONFIG_T::strategy, so only the one in use is instantiated.
template <class data_T, class res_T, typename CONFIG_T, bool LATENCY> struct dense_kernel {
    static void run(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
        NNET_HLS(INLINE)
        dense_latency<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    }
};

// resource and resource_unrolled share the reuse-loop arithmetic.
template <class data_T, class res_T, typename CONFIG_T> struct dense_kernel<data_T, res_T, CONFIG_T, false> {
    static void run(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
        NNET_HLS(INLINE)
        dense_resource<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    }
};

template <class data_T, class res_T, typename CONFIG_T>
void dense(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
           typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
           typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    NNET_HLS(INLINE)
    dense_kernel<data_T, res_T, CONFIG_T, CONFIG_T::strategy == latency>::run(data, res, weights, biases);
}

} // namespace nnet

#endif
