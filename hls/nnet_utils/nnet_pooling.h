// HLS Studio layer template library: max and average pooling, io_parallel, channels-last.
//
// Window cells are visited in row-major order (window row, then column).
//   Max:     a running maximum with '>' starting from the first cell; a cell in the padding holds the
//            most-negative bit pattern of data_T (MSB set, other bits 0 -- for an unsigned data_T that is
//            the large value 2^(I-1), as hls4ml's kernels do). The winner is converted to accum_t, then
//            to the result type.
//   Average: y = 0 in accum_t; y += x per cell (each partial sum converted to accum_t; padded cells add
//            nothing); then y = y / count with count unsigned (the non-padded cells, or the whole window
//            when count_pad is set): the quotient truncates toward zero at accum_t's LSB. Then the result
//            type.
// Global pooling is the same over all pixels of a channel (no padding, count = all pixels).
#ifndef NNET_POOLING_H_
#define NNET_POOLING_H_

#include <cmath>

#include "nnet_common.h"

namespace nnet {

enum pool_op_kind { Max = 0, Average = 1 };

struct pooling2d_config {
    static const unsigned in_height = 10;
    static const unsigned in_width = 10;
    static const unsigned n_filt = 1; // channels
    static const unsigned out_height = 5;
    static const unsigned out_width = 5;
    static const unsigned pool_height = 2;
    static const unsigned pool_width = 2;
    static const unsigned stride_height = 2;
    static const unsigned stride_width = 2;
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const unsigned pool_op = Max;
    static const bool count_pad = false;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef default_t accum_t;
};

struct pooling1d_config {
    static const unsigned n_in = 10; // width
    static const unsigned n_filt = 1;
    static const unsigned n_out = 5;
    static const unsigned pool_width = 2;
    static const unsigned stride_width = 2;
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const unsigned pool_op = Max;
    static const bool count_pad = false;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef default_t accum_t;
};

struct global_pooling_config {
    static const unsigned n_pixels = 10; // in_height * in_width
    static const unsigned n_filt = 1;
    static const unsigned pool_op = Max;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef default_t accum_t;
};

// The most-negative bit pattern of T: -2^(I-1) when signed, +2^(I-1) when unsigned.
template <class T> T pool_pad_value() {
    const double magnitude = std::ldexp(1.0, fixed_traits<T>::iwidth - 1);
    return T(fixed_traits<T>::is_signed ? -magnitude : magnitude);
}

template <typename CONFIG_T> struct pooling1d_as_2d : CONFIG_T {
    static const unsigned in_height = 1;
    static const unsigned in_width = CONFIG_T::n_in;
    static const unsigned out_height = 1;
    static const unsigned out_width = CONFIG_T::n_out;
    static const unsigned pool_height = 1;
    static const unsigned stride_height = 1;
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
};

template <class data_T, class res_T, typename CONFIG_T>
void pooling2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_filt],
                  res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt]) {
    typedef typename CONFIG_T::accum_t accum_t;
    const data_T pad = pool_pad_value<data_T>();
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            for (unsigned c = 0; c < CONFIG_T::n_filt; c++) {
                data_T m = pad;
                accum_t y = 0;
                unsigned count = 0;
                bool first = true;
                for (unsigned py = 0; py < CONFIG_T::pool_height; py++) {
                    const int iy = int(oh * CONFIG_T::stride_height + py) - int(CONFIG_T::pad_top);
                    for (unsigned px = 0; px < CONFIG_T::pool_width; px++) {
                        const int ix = int(ow * CONFIG_T::stride_width + px) - int(CONFIG_T::pad_left);
                        const bool inside =
                            iy >= 0 && iy < int(CONFIG_T::in_height) && ix >= 0 && ix < int(CONFIG_T::in_width);
                        const data_T v =
                            inside ? data[(unsigned(iy) * CONFIG_T::in_width + unsigned(ix)) * CONFIG_T::n_filt + c]
                                   : pad;
                        if (CONFIG_T::pool_op == Max) {
                            if (first || v > m) m = v;
                        } else if (inside) {
                            y += v;
                            count++;
                        }
                        first = false;
                    }
                }
                accum_t out;
                if (CONFIG_T::pool_op == Max) {
                    out = m;
                } else {
                    const unsigned n =
                        CONFIG_T::count_pad ? CONFIG_T::pool_height * CONFIG_T::pool_width : (count > 0 ? count : 1);
                    out = y / n;
                }
                res[(oh * CONFIG_T::out_width + ow) * CONFIG_T::n_filt + c] = out;
            }
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void pooling1d_cl(data_T data[CONFIG_T::n_in * CONFIG_T::n_filt], res_T res[CONFIG_T::n_out * CONFIG_T::n_filt]) {
    NNET_HLS(INLINE)
    pooling2d_cl<data_T, res_T, pooling1d_as_2d<CONFIG_T> >(data, res);
}

template <class data_T, class res_T, typename CONFIG_T>
void global_pooling_cl(data_T data[CONFIG_T::n_pixels * CONFIG_T::n_filt], res_T res[CONFIG_T::n_filt]) {
    typedef typename CONFIG_T::accum_t accum_t;
    for (unsigned c = 0; c < CONFIG_T::n_filt; c++) {
        accum_t out;
        if (CONFIG_T::pool_op == Max) {
            data_T m = data[c];
            for (unsigned i = 1; i < CONFIG_T::n_pixels; i++) {
                if (data[i * CONFIG_T::n_filt + c] > m) m = data[i * CONFIG_T::n_filt + c];
            }
            out = m;
        } else {
            accum_t y = 0;
            for (unsigned i = 0; i < CONFIG_T::n_pixels; i++) y += data[i * CONFIG_T::n_filt + c];
            out = y / CONFIG_T::n_pixels;
        }
        res[c] = out;
    }
}

} // namespace nnet

#endif
