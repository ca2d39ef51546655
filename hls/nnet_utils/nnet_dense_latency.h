// HLS Studio layer template library: fully parallel dense layer (strategy "latency").
//
// Weights are input-major: w[i * n_out + j] connects input i to output j.
// For each output j:   acc = accum_t(bias[j])
//                      for i = 0 .. n_in-1:  acc = accum_t(acc + accum_t(x[i] * w[i*n_out + j]))
//                      res[j] = res_T(acc)   (nnet::cast: XNOR inputs and weights differ, nnet_mult.h)
// i.e. every product is converted to accum_t once, every partial sum is converted to accum_t, and the
// final sum is converted to the result type.
#ifndef NNET_DENSE_LATENCY_H_
#define NNET_DENSE_LATENCY_H_

#include "nnet_common.h"
#include "nnet_mult.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void dense_latency(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                   typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                   typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::weight_t weight_t;

    // One accumulator-typed register per product: the conversion into accum_t happens here.
    accum_t products[CONFIG_T::n_in * CONFIG_T::n_out];
    accum_t acc[CONFIG_T::n_out];

    NNET_PIPELINE(II=CONFIG_T::reuse_factor)
    NNET_HLS(function_instantiate variable=weights,biases)
    NNET_HLS(ARRAY_RESHAPE variable=weights complete)
    NNET_HLS(ARRAY_PARTITION variable=biases complete)
    NNET_HLS(ARRAY_PARTITION variable=products complete)
    NNET_HLS(ARRAY_PARTITION variable=acc complete)
    NNET_HLS(ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit)

    // Products
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const data_T x = data[i];
        for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
            const unsigned k = i * CONFIG_T::n_out + j;
            products[k] = CONFIG_T::template product<data_T, weight_t>::product(x, weights[k]);
        }
    }

    // Start every sum from the bias
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        acc[j] = static_cast<accum_t>(biases[j]);
    }

    // Sums, input by input
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
            acc[j] += products[i * CONFIG_T::n_out + j];
        }
    }

    // Convert to the result type
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        res[j] = cast<data_T, res_T, CONFIG_T>(acc[j]);
    }
}

} // namespace nnet

#endif
