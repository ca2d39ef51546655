// HLS Studio layer template library: zero padding and cropping, io_parallel, channels-last.
//
// Both copy the input into a window of the output (each element converted to the result type); padded
// cells are 0. A 1D layer is the 2D one with a height of 1 (in_height = 1, no top/bottom).
#ifndef NNET_PADDING_H_
#define NNET_PADDING_H_

#include "nnet_common.h"

namespace nnet {

struct padding2d_config {
    static const unsigned in_height = 4;
    static const unsigned in_width = 4;
    static const unsigned n_chan = 1;
    static const unsigned out_height = 6;
    static const unsigned out_width = 6;
    static const unsigned pad_top = 1;
    static const unsigned pad_left = 1;
};

struct cropping2d_config {
    static const unsigned in_height = 6;
    static const unsigned in_width = 6;
    static const unsigned n_chan = 1;
    static const unsigned out_height = 4;
    static const unsigned out_width = 4;
    static const unsigned crop_top = 1;
    static const unsigned crop_left = 1;
};

template <class data_T, class res_T, typename CONFIG_T>
void zeropad2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                  res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan]) {
    for (unsigned y = 0; y < CONFIG_T::out_height; y++) {
        for (unsigned x = 0; x < CONFIG_T::out_width; x++) {
            const bool inside = y >= CONFIG_T::pad_top && y < CONFIG_T::pad_top + CONFIG_T::in_height &&
                                x >= CONFIG_T::pad_left && x < CONFIG_T::pad_left + CONFIG_T::in_width;
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                const unsigned o = (y * CONFIG_T::out_width + x) * CONFIG_T::n_chan + c;
                if (inside) {
                    const unsigned iy = y - CONFIG_T::pad_top;
                    const unsigned ix = x - CONFIG_T::pad_left;
                    res[o] = static_cast<res_T>(data[(iy * CONFIG_T::in_width + ix) * CONFIG_T::n_chan + c]);
                } else {
                    res[o] = 0;
                }
            }
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void cropping2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                   res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan]) {
    for (unsigned y = 0; y < CONFIG_T::out_height; y++) {
        for (unsigned x = 0; x < CONFIG_T::out_width; x++) {
            const unsigned iy = y + CONFIG_T::crop_top;
            const unsigned ix = x + CONFIG_T::crop_left;
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                res[(y * CONFIG_T::out_width + x) * CONFIG_T::n_chan + c] =
                    static_cast<res_T>(data[(iy * CONFIG_T::in_width + ix) * CONFIG_T::n_chan + c]);
            }
        }
    }
}

} // namespace nnet

#endif
