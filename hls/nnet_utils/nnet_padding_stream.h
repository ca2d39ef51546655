// HLS Studio layer template library: zero padding and cropping, io_stream.
//
// Output pixels leave in row-major order; a pixel inside the input copies the next input word (each value
// converted to the result type), a padded pixel is all zeros. Cropping reads every input word and
// forwards those inside the crop.
#ifndef NNET_PADDING_STREAM_H_
#define NNET_PADDING_STREAM_H_

#include "nnet_padding.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> void zeropad2d_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    static_assert(data_T::size == CONFIG_T::n_chan && res_T::size == CONFIG_T::n_chan, "one word per pixel");
    for (unsigned y = 0; y < CONFIG_T::out_height; y++) {
        for (unsigned x = 0; x < CONFIG_T::out_width; x++) {
            NNET_PIPELINE()
            const bool inside = y >= CONFIG_T::pad_top && y < CONFIG_T::pad_top + CONFIG_T::in_height &&
                                x >= CONFIG_T::pad_left && x < CONFIG_T::pad_left + CONFIG_T::in_width;
            res_T out;
            if (inside) {
                const data_T in = data.read();
                for (unsigned c = 0; c < CONFIG_T::n_chan; c++) out[c] = static_cast<typename res_T::value_type>(in[c]);
            } else {
                for (unsigned c = 0; c < CONFIG_T::n_chan; c++) out[c] = 0;
            }
            res.write(out);
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T> void cropping2d_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    static_assert(data_T::size == CONFIG_T::n_chan && res_T::size == CONFIG_T::n_chan, "one word per pixel");
    for (unsigned y = 0; y < CONFIG_T::in_height; y++) {
        for (unsigned x = 0; x < CONFIG_T::in_width; x++) {
            NNET_PIPELINE()
            const data_T in = data.read();
            if (y >= CONFIG_T::crop_top && y < CONFIG_T::crop_top + CONFIG_T::out_height && x >= CONFIG_T::crop_left &&
                x < CONFIG_T::crop_left + CONFIG_T::out_width) {
                res_T out;
                for (unsigned c = 0; c < CONFIG_T::n_chan; c++) out[c] = static_cast<typename res_T::value_type>(in[c]);
                res.write(out);
            }
        }
    }
}

} // namespace nnet

#endif
