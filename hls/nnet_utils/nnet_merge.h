// HLS Studio layer template library: two-input layers.
//
// Merge ops compute the exact result of the two operands (a fixed-point expression never rounds) and
// round once, into res_T. Operands broadcast by index: element i reads data1[i % n_elem1] and
// data2[i % n_elem2]. Concatenate copies (each element converted to res_T) along any axis: for each of
// n_outer blocks, n_inner1 elements of data1 then n_inner2 of data2. Dot casts each product to accum_t,
// sums from 0 in accum_t, and stores the sum in res_T.
#ifndef NNET_MERGE_H_
#define NNET_MERGE_H_

#include "nnet_common.h"

namespace nnet {

struct merge_config {
    static const unsigned n_elem1 = 10;
    static const unsigned n_elem2 = 10;
    static const unsigned n_out = 10;
};

struct concat_config {
    static const unsigned n_outer = 1;
    static const unsigned n_inner1 = 10;
    static const unsigned n_inner2 = 10;
};

struct dot_config {
    static const unsigned n_in = 10;
    static const unsigned reuse_factor = 1;
    typedef default_t accum_t;
};

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void add(input1_T data1[CONFIG_T::n_elem1], input2_T data2[CONFIG_T::n_elem2], res_T res[CONFIG_T::n_out]) {
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        res[i] = data1[i % CONFIG_T::n_elem1] + data2[i % CONFIG_T::n_elem2];
    }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void subtract(input1_T data1[CONFIG_T::n_elem1], input2_T data2[CONFIG_T::n_elem2], res_T res[CONFIG_T::n_out]) {
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        res[i] = data1[i % CONFIG_T::n_elem1] - data2[i % CONFIG_T::n_elem2];
    }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void multiply(input1_T data1[CONFIG_T::n_elem1], input2_T data2[CONFIG_T::n_elem2], res_T res[CONFIG_T::n_out]) {
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        res[i] = data1[i % CONFIG_T::n_elem1] * data2[i % CONFIG_T::n_elem2];
    }
}

// average: (a + b) * 1/2 with the half as an exact ufixed_t<1,0>.
template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void average(input1_T data1[CONFIG_T::n_elem1], input2_T data2[CONFIG_T::n_elem2], res_T res[CONFIG_T::n_out]) {
    const ufixed_t<1, 0> half = 0.5;
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        res[i] = (data1[i % CONFIG_T::n_elem1] + data2[i % CONFIG_T::n_elem2]) * half;
    }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void maximum(input1_T data1[CONFIG_T::n_elem1], input2_T data2[CONFIG_T::n_elem2], res_T res[CONFIG_T::n_out]) {
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        const input1_T a = data1[i % CONFIG_T::n_elem1];
        const input2_T b = data2[i % CONFIG_T::n_elem2];
        if (a > b) {
            res[i] = a;
        } else {
            res[i] = b;
        }
    }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void minimum(input1_T data1[CONFIG_T::n_elem1], input2_T data2[CONFIG_T::n_elem2], res_T res[CONFIG_T::n_out]) {
    NNET_PIPELINE()
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        const input1_T a = data1[i % CONFIG_T::n_elem1];
        const input2_T b = data2[i % CONFIG_T::n_elem2];
        if (a < b) {
            res[i] = a;
        } else {
            res[i] = b;
        }
    }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void concatenate(input1_T data1[CONFIG_T::n_outer * CONFIG_T::n_inner1], input2_T data2[CONFIG_T::n_outer * CONFIG_T::n_inner2],
                 res_T res[CONFIG_T::n_outer * (CONFIG_T::n_inner1 + CONFIG_T::n_inner2)]) {
    NNET_PIPELINE()
    for (unsigned o = 0; o < CONFIG_T::n_outer; o++) {
        const unsigned base = o * (CONFIG_T::n_inner1 + CONFIG_T::n_inner2);
        for (unsigned i = 0; i < CONFIG_T::n_inner1; i++) {
            res[base + i] = data1[o * CONFIG_T::n_inner1 + i];
        }
        for (unsigned i = 0; i < CONFIG_T::n_inner2; i++) {
            res[base + CONFIG_T::n_inner1 + i] = data2[o * CONFIG_T::n_inner2 + i];
        }
    }
}

template <class input1_T, class input2_T, class res_T, typename CONFIG_T>
void dot1d(input1_T data1[CONFIG_T::n_in], input2_T data2[CONFIG_T::n_in], res_T res[1]) {
    typedef typename CONFIG_T::accum_t accum_t;
    NNET_PIPELINE(II = CONFIG_T::reuse_factor)
    accum_t acc = 0;
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        const accum_t product = data1[i] * data2[i];
        acc = acc + product;
    }
    res[0] = acc;
}

} // namespace nnet

#endif
