// HLS Studio layer template library: activations (linear, relu, sigmoid, tanh) and softmax.
// linear, relu and the other activations without tables are in nnet_activation_direct.h.
//
// Lookup tables are filled once, at the first call, with single-precision libm (std::exp / std::tanh on
// float, i.e. expf / tanhf), and every entry is converted into the table type with that type's own
// rounding and overflow modes. Index arithmetic uses exact fixed-point expressions and truncation toward
// zero, so a C-simulation reproduces the tables and lookups bit for bit.
#ifndef NNET_ACTIVATION_H_
#define NNET_ACTIVATION_H_

#include "nnet_activation_direct.h"
#include "nnet_common.h"
#include <cmath>

namespace nnet {

// ---------------------------------------------------------------------------------------------
// Table lookups of sigmoid and tanh.
// A table of T entries covers [-R/2, R/2): entry i holds f(R * (i - T/2) / T) (the bin's lower edge).
// index = clamp(trunc0(x * T / R) + T/2, 0, T - 1); the product and the division are exact fixed-point
// expressions (the division truncates toward zero), and the conversion to int truncates toward zero.
// ---------------------------------------------------------------------------------------------

// The grid point of entry i, computed in double and stored as float.
template <unsigned T, int R> inline float table_grid_point(unsigned i) {
    return static_cast<float>(R * (static_cast<double>(i) - static_cast<double>(T) / 2.0) / static_cast<double>(T));
}

template <unsigned T, int R, class data_T> inline int table_index(const data_T &x) {
    const int bin = (x * T / R).to_int();
    const int index = bin + static_cast<int>(T / 2);
    if (index < 0) return 0;
    if (index > static_cast<int>(T) - 1) return static_cast<int>(T) - 1;
    return index;
}

// sigmoid(x) = 1 / (1 + e^-x): expf, the division in double, the result rounded to float.
inline float sigmoid_float(float x) { return static_cast<float>(1.0 / (1 + std::exp(-x))); }

template <class table_T, unsigned T> void fill_sigmoid_table(table_T table[T]) {
    for (unsigned i = 0; i < T; i++) {
        table[i] = sigmoid_float(table_grid_point<T, 16>(i));
    }
}

template <class table_T, unsigned T> void fill_tanh_table(table_T table[T]) {
    for (unsigned i = 0; i < T; i++) {
        table[i] = std::tanh(table_grid_point<T, 8>(i));
    }
}

template <class data_T, class res_T, typename CONFIG_T> void sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    typedef typename CONFIG_T::table_t table_t;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t table[CONFIG_T::table_size];
#else
    static bool ready = false;
    static table_t table[CONFIG_T::table_size];
#endif
    if (!ready) {
        fill_sigmoid_table<table_t, CONFIG_T::table_size>(table);
        ready = true;
    }

    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = static_cast<res_T>(table[table_index<CONFIG_T::table_size, 16>(data[i])]);
    }
}

template <class data_T, class res_T, typename CONFIG_T> void tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    typedef typename CONFIG_T::table_t table_t;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t table[CONFIG_T::table_size];
#else
    static bool ready = false;
    static table_t table[CONFIG_T::table_size];
#endif
    if (!ready) {
        fill_tanh_table<table_t, CONFIG_T::table_size>(table);
        ready = true;
    }

    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        res[i] = static_cast<res_T>(table[table_index<CONFIG_T::table_size, 8>(data[i])]);
    }
}

// ---------------------------------------------------------------------------------------------
// Softmax
// ---------------------------------------------------------------------------------------------

enum class softmax_implementation { latency = 0, legacy = 1, stable = 2, argmax = 3 };

struct softmax_config {
    static const unsigned n_in = 10;
    static const unsigned n_slice = 10;
    static const unsigned n_outer = 1;
    static const unsigned n_inner = 1;
    static const unsigned table_size = 1024;
    static const unsigned exp_table_size = 1024;
    static const unsigned inv_table_size = 1024;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    static const softmax_implementation implementation = softmax_implementation::stable;
    static constexpr float exp_scale = 1.0f;
    typedef ap_fixed<18, 8> table_t;
    typedef ap_fixed<18, 8, AP_RND, AP_SAT> exp_table_t;
    typedef ap_fixed<18, 8, AP_RND, AP_SAT> inv_table_t;
    typedef ap_fixed<18, 8, AP_RND, AP_SAT> accum_t;
    typedef ap_fixed<18, 8, AP_RND, AP_SAT> inv_inp_t;
    typedef ap_ufixed<17, 7> inp_norm_t;
};

// Table address of x for a table of SIZE entries: the top log2(SIZE) bits of x's raw bit pattern, read
// as an unsigned number (the sign bit is the address MSB for signed types). A table larger than 2^W
// (never produced by the passes) is addressed with the whole pattern shifted up.
template <class T, int N, int W, bool FITS = (N <= W)> struct softmax_address {
    static unsigned of(const T &x) {
        const ap_uint<N> top = x.range(W - 1, W - N);
        return top.to_uint();
    }
};

template <class T, int N, int W> struct softmax_address<T, N, W, false> {
    static unsigned of(const T &x) {
        const ap_uint<W> all = x.range(W - 1, 0);
        return all.to_uint() << (N - W);
    }
};

template <class T, int W> struct softmax_address<T, 0, W, true> {
    static unsigned of(const T &) { return 0; }
};

template <class T, unsigned SIZE> inline unsigned softmax_index(const T &x) {
    return softmax_address<T, ceillog2(SIZE), fixed_traits<T>::width>::of(x);
}

// The value of type T whose top log2(SIZE) bits are i and whose other bits are 0 (the lower edge of
// bin i), as a float: the N-bit pattern i (two's complement for a signed T) times 2^(I - N).
template <class T, unsigned SIZE> inline float softmax_bin_value(unsigned i) {
    static const int N = ceillog2(SIZE);
    static const int W = fixed_traits<T>::width;
    static const int I = fixed_traits<T>::iwidth;
    if (N == 0) return 0.0f;
    const int bits = N <= W ? N : W;
    const unsigned pattern = i >> (N > W ? N - W : 0);
    double top = static_cast<double>(pattern);
    if (fixed_traits<T>::is_signed && pattern >= (1u << (bits - 1))) top -= std::ldexp(1.0, bits);
    return static_cast<float>(std::ldexp(top, I - bits));
}

// exp table addressed by a value of type in_T: entry i = exp(scale * v_i) (or exp(-(scale * v_i)) for
// the stable implementation, whose table is addressed by the non-negative max(x) - x).
template <class in_T, class table_T, unsigned SIZE> void fill_softmax_exp_table(table_T table[SIZE], float scale, bool negate) {
    for (unsigned i = 0; i < SIZE; i++) {
        float x = softmax_bin_value<in_T, SIZE>(i) * scale;
        if (negate) x = -x;
        table[i] = std::exp(x);
    }
}

// Reciprocal table addressed by a value of type in_T: entry i = 1 / v_i in float (entry 0: 1/0 = +inf,
// which the table type saturates or wraps).
template <class in_T, class table_T, unsigned SIZE> void fill_softmax_inv_table(table_T table[SIZE]) {
    for (unsigned i = 0; i < SIZE; i++) {
        const float x = softmax_bin_value<in_T, SIZE>(i);
        table[i] = 1 / x;
    }
}

// e_i = exp_table[idx(x_i)] in accum_t; s = tree sum of e in accum_t, converted to inv_inp_t;
// res_i = res_T(e_i * inv_table[idx(s)]).
template <class data_T, class res_T, typename CONFIG_T>
void softmax_latency(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    typedef typename CONFIG_T::exp_table_t exp_table_t;
    typedef typename CONFIG_T::inv_table_t inv_table_t;
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::inv_inp_t inv_inp_t;
    #pragma HLS PIPELINE
#if NNET_SYNTHESIS
    bool ready = false;
    exp_table_t exp_table[CONFIG_T::exp_table_size];
    inv_table_t inv_table[CONFIG_T::inv_table_size];
#else
    static bool ready = false;
    static exp_table_t exp_table[CONFIG_T::exp_table_size];
    static inv_table_t inv_table[CONFIG_T::inv_table_size];
#endif
    if (!ready) {
        fill_softmax_exp_table<data_T, exp_table_t, CONFIG_T::exp_table_size>(exp_table, CONFIG_T::exp_scale, false);
        fill_softmax_inv_table<inv_inp_t, inv_table_t, CONFIG_T::inv_table_size>(inv_table);
        ready = true;
    }

    accum_t e[CONFIG_T::n_slice];
    #pragma HLS ARRAY_PARTITION variable=e complete
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        e[i] = exp_table[softmax_index<data_T, CONFIG_T::exp_table_size>(data[i])];
    }

    const inv_inp_t sum = reduce<accum_t, CONFIG_T::n_slice, op_add<accum_t> >(e, op_add<accum_t>());
    const inv_table_t inv = inv_table[softmax_index<inv_inp_t, CONFIG_T::inv_table_size>(sum)];
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        res[i] = static_cast<res_T>(e[i] * inv);
    }
}

// As latency, but on d_i = inp_norm_t(max(x) - x_i) (inp_norm_t is unsigned and wraps), with an exp
// table of exp(-v).
template <class data_T, class res_T, typename CONFIG_T>
void softmax_stable(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    typedef typename CONFIG_T::exp_table_t exp_table_t;
    typedef typename CONFIG_T::inv_table_t inv_table_t;
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::inv_inp_t inv_inp_t;
    typedef typename CONFIG_T::inp_norm_t inp_norm_t;
    #pragma HLS PIPELINE
#if NNET_SYNTHESIS
    bool ready = false;
    exp_table_t exp_table[CONFIG_T::exp_table_size];
    inv_table_t inv_table[CONFIG_T::inv_table_size];
#else
    static bool ready = false;
    static exp_table_t exp_table[CONFIG_T::exp_table_size];
    static inv_table_t inv_table[CONFIG_T::inv_table_size];
#endif
    if (!ready) {
        fill_softmax_exp_table<inp_norm_t, exp_table_t, CONFIG_T::exp_table_size>(exp_table, CONFIG_T::exp_scale, true);
        fill_softmax_inv_table<inv_inp_t, inv_table_t, CONFIG_T::inv_table_size>(inv_table);
        ready = true;
    }

    const data_T x_max = reduce<data_T, CONFIG_T::n_slice, op_max<data_T> >(data, op_max<data_T>());

    accum_t e[CONFIG_T::n_slice];
    #pragma HLS ARRAY_PARTITION variable=e complete
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        const inp_norm_t d = x_max - data[i];
        e[i] = exp_table[softmax_index<inp_norm_t, CONFIG_T::exp_table_size>(d)];
    }

    const inv_inp_t sum = reduce<accum_t, CONFIG_T::n_slice, op_add<accum_t> >(e, op_add<accum_t>());
    const inv_table_t inv = inv_table[softmax_index<inv_inp_t, CONFIG_T::inv_table_size>(sum)];
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        res[i] = static_cast<res_T>(e[i] * inv);
    }
}

// The original implementation: tables in table_t over fixed ranges. exp entry k = e^(16 (k - T/2) / T);
// reciprocal entry k = 1 / (64 k / T) (double division, entry 0 = 0). For each i the sum over j of
// e^(x_j - x_i) is accumulated in table_t (the term for j == i is 1), then res_i = 1 / sum by lookup.
template <class table_T, unsigned T> void fill_softmax_legacy_tables(table_T exp_table[T], table_T inv_table[T]) {
    for (unsigned i = 0; i < T; i++) {
        exp_table[i] = std::exp(table_grid_point<T, 16>(i));
        const float x = static_cast<float>(64.0 * static_cast<double>(i) / static_cast<double>(T));
        if (x > 0.0) {
            inv_table[i] = 1.0 / x;
        } else {
            inv_table[i] = 0.0;
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_legacy(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    typedef typename CONFIG_T::table_t table_t;
    static const unsigned T = CONFIG_T::table_size;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t exp_table[T];
    table_t inv_table[T];
#else
    static bool ready = false;
    static table_t exp_table[T];
    static table_t inv_table[T];
#endif
    if (!ready) {
        fill_softmax_legacy_tables<table_t, T>(exp_table, inv_table);
        ready = true;
    }

    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        table_t sum = 0;
        for (unsigned j = 0; j < CONFIG_T::n_slice; j++) {
            table_t term;
            if (i == j) {
                term = 1;
            } else {
                term = exp_table[table_index<T, 16>(data[j] - data[i])];
            }
            sum += term;
        }
        int index = (sum * T / 64).to_int();
        if (index < 0) index = 0;
        if (index > static_cast<int>(T) - 1) index = static_cast<int>(T) - 1;
        res[i] = static_cast<res_T>(inv_table[index]);
    }
}

// One-hot of the first maximum (strict > scan: ties go to the lowest index).
template <class data_T, class res_T, typename CONFIG_T>
void softmax_argmax(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        res[i] = static_cast<res_T>(0);
    }
    data_T best = data[0];
    unsigned best_index = 0;
    for (unsigned i = 1; i < CONFIG_T::n_slice; i++) {
        #pragma HLS PIPELINE
        if (data[i] > best) {
            best = data[i];
            best_index = i;
        }
    }
    res[best_index] = static_cast<res_T>(1);
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_slice(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    #pragma HLS INLINE
    switch (CONFIG_T::implementation) {
    case softmax_implementation::latency:
        softmax_latency<data_T, res_T, CONFIG_T>(data, res);
        break;
    case softmax_implementation::stable:
        softmax_stable<data_T, res_T, CONFIG_T>(data, res);
        break;
    case softmax_implementation::legacy:
        softmax_legacy<data_T, res_T, CONFIG_T>(data, res);
        break;
    case softmax_implementation::argmax:
        softmax_argmax<data_T, res_T, CONFIG_T>(data, res);
        break;
    }
}

// Softmax over n_outer x n_inner slices of n_slice elements; element k of slice (o, n) is
// data[(o * n_slice + k) * n_inner + n]. A single slice is processed in place.
template <class data_T, class res_T, typename CONFIG_T> void softmax(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    if (CONFIG_T::n_outer * CONFIG_T::n_inner == 1) {
        softmax_slice<data_T, res_T, CONFIG_T>(data, res);
        return;
    }
    for (unsigned o = 0; o < CONFIG_T::n_outer; o++) {
        for (unsigned n = 0; n < CONFIG_T::n_inner; n++) {
            data_T slice_in[CONFIG_T::n_slice];
            res_T slice_out[CONFIG_T::n_slice];
            for (unsigned k = 0; k < CONFIG_T::n_slice; k++) {
                slice_in[k] = data[(o * CONFIG_T::n_slice + k) * CONFIG_T::n_inner + n];
            }
            softmax_slice<data_T, res_T, CONFIG_T>(slice_in, slice_out);
            for (unsigned k = 0; k < CONFIG_T::n_slice; k++) {
                res[(o * CONFIG_T::n_slice + k) * CONFIG_T::n_inner + n] = slice_out[k];
            }
        }
    }
}

} // namespace nnet

#endif
