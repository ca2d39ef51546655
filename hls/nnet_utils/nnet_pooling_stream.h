// HLS Studio layer template library: pooling, io_stream (line buffer).
//
// The arithmetic of hls4ml's io_stream pooling, which differs from io_parallel (nnet_pooling.h):
//   pooling1d_cl / pooling2d_cl (no padding, window = stride): every window value is converted to
//     accum_t first; Max keeps the largest converted value; Average is the balanced tree sum of the
//     converted values (reduce(), every node in accum_t) divided by the window size (the quotient truncates
//     toward zero at accum_t's LSB). Then the result type.
//   global_pooling_cl: one running accum_t per channel over the pixels in arrival order; Max starts at
//     accum_t's most negative value and keeps the larger of it and the converted pixel; Average adds the
//     converted pixel to the running sum, then divides by the pixel count.
#ifndef NNET_POOLING_STREAM_H_
#define NNET_POOLING_STREAM_H_

#include "nnet_pooling.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void pooling2d_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    typedef typename data_T::value_type in_t;
    typedef typename res_T::value_type out_t;
    typedef typename CONFIG_T::accum_t accum_t;
    static const unsigned n = CONFIG_T::pool_height * CONFIG_T::pool_width;
    static_assert(data_T::size == CONFIG_T::n_filt && res_T::size == CONFIG_T::n_filt, "one word per pixel");
    static_assert(CONFIG_T::pad_top == 0 && CONFIG_T::pad_bottom == 0 && CONFIG_T::pad_left == 0 &&
                      CONFIG_T::pad_right == 0,
                  "io_stream pooling has no padding");
    static_assert(CONFIG_T::pool_height == CONFIG_T::stride_height && CONFIG_T::pool_width == CONFIG_T::stride_width,
                  "io_stream pooling windows do not overlap (stride = window)");
    line_buffer<in_t, CONFIG_T::in_height, CONFIG_T::in_width, CONFIG_T::n_filt, CONFIG_T::pool_height> lines;
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            const int y0 = int(oh * CONFIG_T::stride_height);
            const int x0 = int(ow * CONFIG_T::stride_width);
            lines.need(data, y0, x0, int(CONFIG_T::pool_height), int(CONFIG_T::pool_width));
            res_T out;
            for (unsigned c = 0; c < CONFIG_T::n_filt; c++) {
                NNET_PIPELINE()
                accum_t window[n];
                NNET_HLS(ARRAY_PARTITION variable=window complete)
                for (unsigned py = 0; py < CONFIG_T::pool_height; py++) {
                    for (unsigned px = 0; px < CONFIG_T::pool_width; px++) {
                        window[py * CONFIG_T::pool_width + px] = lines.at(y0 + int(py), x0 + int(px), c);
                    }
                }
                accum_t r;
                if (CONFIG_T::pool_op == Max) {
                    r = reduce<accum_t, n, op_max<accum_t> >(window, op_max<accum_t>());
                } else {
                    const accum_t sum = reduce<accum_t, n, op_add<accum_t> >(window, op_add<accum_t>());
                    r = sum / n;
                }
                out[c] = static_cast<out_t>(r);
            }
            res.write(out);
        }
    }
    lines.drain(data);
}

template <class data_T, class res_T, typename CONFIG_T>
void pooling1d_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    NNET_HLS(INLINE)
    pooling2d_cl<data_T, res_T, pooling1d_as_2d<CONFIG_T> >(data, res);
}

template <class data_T, class res_T, typename CONFIG_T>
void global_pooling_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    typedef typename res_T::value_type out_t;
    typedef typename CONFIG_T::accum_t accum_t;
    static_assert(data_T::size == CONFIG_T::n_filt && res_T::size == CONFIG_T::n_filt, "one word per pixel");
    accum_t acc[CONFIG_T::n_filt];
    NNET_HLS(ARRAY_PARTITION variable=acc complete)
    // Max starts at accum_t's most negative value (0 for an unsigned accum_t), Average at 0.
    accum_t init = 0;
    if (CONFIG_T::pool_op == Max && fixed_traits<accum_t>::is_signed) init = pool_pad_value<accum_t>();
    for (unsigned c = 0; c < CONFIG_T::n_filt; c++) acc[c] = init;
    for (unsigned i = 0; i < CONFIG_T::n_pixels; i++) {
        NNET_PIPELINE()
        const data_T px = data.read();
        for (unsigned c = 0; c < CONFIG_T::n_filt; c++) {
            NNET_UNROLL
            const accum_t v = px[c];
            if (CONFIG_T::pool_op == Max) {
                acc[c] = acc[c] > v ? acc[c] : v;
            } else {
                acc[c] = acc[c] + v;
            }
        }
    }
    res_T out;
    for (unsigned c = 0; c < CONFIG_T::n_filt; c++) {
        NNET_UNROLL
        if (CONFIG_T::pool_op == Max) {
            out[c] = static_cast<out_t>(acc[c]);
        } else {
            out[c] = static_cast<out_t>(acc[c] / CONFIG_T::n_pixels);
        }
    }
    res.write(out);
}

} // namespace nnet

#endif
