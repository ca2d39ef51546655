// HLS Studio layer template library: dense layer with multipliers reused over `reuse_factor` cycles
// (strategy "resource").
//
// Weights are output-major (the transpose of the latency layout): w[j * n_in + i] connects input i to
// output j, so weight k belongs to input k % n_in and output k / n_in. Cycle r of the reuse loop handles
// the weights k = r, r + RF, r + 2 RF, ...
//
// The cast points are those of the latency kernel (product -> accum_t, every partial sum -> accum_t,
// final sum -> result type); only the order of the additions differs, and it is reproduced exactly:
//   RF <= n_in (RF divides n_in):   acc[j] gets its products one at a time, for r = 0 .. RF-1 and, within
//                                   a cycle, for i = r, r + RF, r + 2 RF, ...
//   RF >  n_in, RF % n_in == 0:     acc[j] gets its products one at a time in input order i = 0 .. n_in-1.
//   RF >  n_in otherwise:           per cycle, the products of one output are first summed into a
//                                   zero-initialised accum_t, which is then added to acc[j].
#ifndef NNET_DENSE_RESOURCE_H_
#define NNET_DENSE_RESOURCE_H_

#include "nnet_common.h"
#include "nnet_mult.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void dense_resource_rf_leq_nin(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                               typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                               typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::weight_t weight_t;
    static const unsigned rf = CONFIG_T::reuse_factor;
    static_assert(rf >= 1 && CONFIG_T::n_in % rf == 0, "a reuse factor <= n_in must divide n_in");
    // Products per cycle, and how many of them belong to one output.
    static const unsigned block = CONFIG_T::n_in * CONFIG_T::n_out / rf;
    static const unsigned per_output = CONFIG_T::n_in / rf;

    NNET_HLS(function_instantiate variable=weights,biases)
    NNET_HLS(ARRAY_RESHAPE variable=weights block factor=block)
    NNET_HLS(ARRAY_PARTITION variable=biases complete)

    accum_t acc[CONFIG_T::n_out];
    NNET_HLS(ARRAY_PARTITION variable=acc complete)

    // Start every sum from the bias
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        NNET_UNROLL
        acc[j] = static_cast<accum_t>(biases[j]);
    }

    // Reuse loop: one group of products per cycle
    for (unsigned r = 0; r < rf; r++) {
        NNET_PIPELINE(II=1 rewind)
        // Products
        for (unsigned m = 0; m < block; m++) {
            NNET_UNROLL
            const unsigned out = m / per_output;
            const unsigned in = r + rf * (m % per_output);
            const unsigned k = r + rf * m; // == out * n_in + in
            acc[out] += static_cast<accum_t>(CONFIG_T::template product<data_T, weight_t>::product(data[in], weights[k]));
        }
    }

    // Convert to the result type
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        NNET_UNROLL
        res[j] = cast<data_T, res_T, CONFIG_T>(acc[j]);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void dense_resource_rf_gt_nin_rem0(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                                   typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                                   typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::weight_t weight_t;
    static const unsigned total = CONFIG_T::n_in * CONFIG_T::n_out;
    static const unsigned rf = min_unsigned(CONFIG_T::reuse_factor, total);
    static_assert(rf % CONFIG_T::n_in == 0, "this kernel needs a reuse factor that is a multiple of n_in");
    static const unsigned block = div_roundup(total, CONFIG_T::reuse_factor);

    NNET_HLS(function_instantiate variable=weights,biases)
    NNET_HLS(ARRAY_RESHAPE variable=weights block factor=block)
    NNET_HLS(ARRAY_PARTITION variable=biases complete)

    accum_t acc[CONFIG_T::n_out];
    NNET_HLS(ARRAY_PARTITION variable=acc complete)

    // Start every sum from the bias
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        NNET_UNROLL
        acc[j] = static_cast<accum_t>(biases[j]);
    }

    // Reuse loop: one group of products per cycle
    for (unsigned r = 0; r < rf; r++) {
        NNET_PIPELINE(II=1 rewind)
        const unsigned in = r % CONFIG_T::n_in;
        // Products
        for (unsigned m = 0; m < block; m++) {
            NNET_UNROLL
            const unsigned k = r + rf * m;
            if (k < total) {
                acc[k / CONFIG_T::n_in] +=
                    static_cast<accum_t>(CONFIG_T::template product<data_T, weight_t>::product(data[in], weights[k]));
            }
        }
    }

    // Convert to the result type
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        NNET_UNROLL
        res[j] = cast<data_T, res_T, CONFIG_T>(acc[j]);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void dense_resource_rf_gt_nin(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                              typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                              typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::weight_t weight_t;
    static const unsigned total = CONFIG_T::n_in * CONFIG_T::n_out;
    static const unsigned rf = CONFIG_T::reuse_factor;
    static const unsigned block = div_roundup(total, rf);

    NNET_HLS(function_instantiate variable=weights,biases)
    NNET_HLS(ARRAY_RESHAPE variable=weights block factor=block)
    NNET_HLS(ARRAY_PARTITION variable=biases complete)

    accum_t acc[CONFIG_T::n_out];
    NNET_HLS(ARRAY_PARTITION variable=acc complete)

    // Start every sum from the bias
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        NNET_UNROLL
        acc[j] = static_cast<accum_t>(biases[j]);
    }

    // Reuse loop: one group of products per cycle
    for (unsigned r = 0; r < rf; r++) {
        NNET_PIPELINE(II=1 rewind)
        accum_t partial[CONFIG_T::n_out];
        NNET_HLS(ARRAY_PARTITION variable=partial complete)
        // Per-cycle partial sums start at zero
        for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
            NNET_UNROLL
            partial[j] = 0;
        }
        // Products
        for (unsigned m = 0; m < block; m++) {
            NNET_UNROLL
            const unsigned k = r + rf * m;
            if (k < total) {
                partial[k / CONFIG_T::n_in] += static_cast<accum_t>(
                    CONFIG_T::template product<data_T, weight_t>::product(data[k % CONFIG_T::n_in], weights[k]));
            }
        }
        // Add the partial sums
        for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
            NNET_UNROLL
            acc[j] += partial[j];
        }
    }

    // Convert to the result type
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        NNET_UNROLL
        res[j] = cast<data_T, res_T, CONFIG_T>(acc[j]);
    }
}

// Picks the kernel at compile time, so that only the one that fits the reuse factor is instantiated.
template <class data_T, class res_T, typename CONFIG_T, int KIND> struct dense_resource_kernel;

template <class data_T, class res_T, typename CONFIG_T> struct dense_resource_kernel<data_T, res_T, CONFIG_T, 0> {
    static void run(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
        NNET_HLS(INLINE)
        dense_resource_rf_leq_nin<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    }
};

template <class data_T, class res_T, typename CONFIG_T> struct dense_resource_kernel<data_T, res_T, CONFIG_T, 1> {
    static void run(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
        NNET_HLS(INLINE)
        dense_resource_rf_gt_nin_rem0<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    }
};

template <class data_T, class res_T, typename CONFIG_T> struct dense_resource_kernel<data_T, res_T, CONFIG_T, 2> {
    static void run(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
        NNET_HLS(INLINE)
        dense_resource_rf_gt_nin<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    }
};

template <class data_T, class res_T, typename CONFIG_T>
void dense_resource(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    NNET_HLS(INLINE recursive)
    static const int kind = CONFIG_T::reuse_factor <= CONFIG_T::n_in ? 0
                            : CONFIG_T::reuse_factor % CONFIG_T::n_in == 0 ? 1
                                                                           : 2;
    dense_resource_kernel<data_T, res_T, CONFIG_T, kind>::run(data, res, weights, biases);
}

} // namespace nnet

#endif
