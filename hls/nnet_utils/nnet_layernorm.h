// HLS Studio layer template library: layer normalization over the last axis (io_parallel).
//
// Per slice of n_in values: sum in accum_t (each partial sum cast); mean = sum / n (fixed-point division,
// truncating toward zero at the sum's LSB); d_i = accum_t(x_i - mean); var = (sum of accum_t(d_i^2)) / n;
// inv_std = table[clamp(trunc0(var * T / 16), 0, T - 1)] with entry i = float(1 / sqrt(16 i / T + eps))
// in table_t; y_i = res_T(d_i * inv_std * gamma_i + beta_i), exact until that one rounding.
#ifndef NNET_LAYERNORM_H_
#define NNET_LAYERNORM_H_

#include "nnet_common.h"
#include <cmath>

namespace nnet {

struct layernorm_config {
    static const unsigned n_in = 10;
    static const unsigned n_slices = 1;
    static const unsigned table_size = 1024;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    static constexpr double epsilon = 0.001;
    typedef ap_fixed<16, 6> scale_t;
    typedef ap_fixed<16, 6> bias_t;
    typedef ap_fixed<16, 6> accum_t;
    typedef ap_fixed<18, 8> table_t;
};

template <class table_T, unsigned T> void fill_layernorm_table(table_T table[T], double epsilon) {
    for (unsigned i = 0; i < T; i++) {
        table[i] = static_cast<float>(1.0 / std::sqrt(16.0 * static_cast<double>(i) / static_cast<double>(T) + epsilon));
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void layernormalize(data_T data[CONFIG_T::n_slices * CONFIG_T::n_in], res_T res[CONFIG_T::n_slices * CONFIG_T::n_in],
                    const typename CONFIG_T::scale_t scale[CONFIG_T::n_in], const typename CONFIG_T::bias_t bias[CONFIG_T::n_in]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::table_t table_t;
#if NNET_SYNTHESIS
    bool ready = false;
    table_t table[CONFIG_T::table_size];
#else
    static bool ready = false;
    static table_t table[CONFIG_T::table_size];
#endif
    if (!ready) {
        fill_layernorm_table<table_t, CONFIG_T::table_size>(table, CONFIG_T::epsilon);
        ready = true;
    }
    const int n = static_cast<int>(CONFIG_T::n_in);
    const int range = 16;
    for (unsigned k = 0; k < CONFIG_T::n_slices; k++) {
        data_T *x = data + k * CONFIG_T::n_in;
        accum_t sum = 0;
        for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
            sum = sum + x[i];
        }
        const accum_t mean = sum / n;
        accum_t d[CONFIG_T::n_in];
        accum_t sq = 0;
        for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
            d[i] = x[i] - mean;
            const accum_t d2 = d[i] * d[i];
            sq = sq + d2;
        }
        const accum_t var = sq / n;
        int index = (var * CONFIG_T::table_size / range).to_int();
        if (index < 0) index = 0;
        if (index > static_cast<int>(CONFIG_T::table_size) - 1) index = static_cast<int>(CONFIG_T::table_size) - 1;
        const table_t inv_std = table[index];
        for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
            res[k * CONFIG_T::n_in + i] = d[i] * inv_std * scale[i] + bias[i];
        }
    }
}

} // namespace nnet

#endif
