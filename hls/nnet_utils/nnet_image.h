// HLS Studio layer template library: nearest-neighbour resize (UpSampling), io_parallel, channels-last.
//
// Output pixel (i, j) copies input pixel ((i * y_ratio) >> 16, (j * x_ratio) >> 16) with
// ratio = (in << 16) / out + 1 in integer arithmetic (hls4ml's rule; exact floor(i * in / out) for
// integer upsampling factors). Each element is converted to the result type.
#ifndef NNET_IMAGE_H_
#define NNET_IMAGE_H_

#include "nnet_common.h"

namespace nnet {

struct resize_config {
    static const unsigned height = 10;
    static const unsigned width = 10;
    static const unsigned n_chan = 1;
    static const unsigned new_height = 20;
    static const unsigned new_width = 20;
};

template <class data_T, class res_T, typename CONFIG_T>
void resize_nearest_cl(data_T image[CONFIG_T::height * CONFIG_T::width * CONFIG_T::n_chan],
                       res_T resized[CONFIG_T::new_height * CONFIG_T::new_width * CONFIG_T::n_chan]) {
    const unsigned y_ratio = ((CONFIG_T::height << 16) / CONFIG_T::new_height) + 1;
    const unsigned x_ratio = ((CONFIG_T::width << 16) / CONFIG_T::new_width) + 1;
    for (unsigned i = 0; i < CONFIG_T::new_height; i++) {
        const unsigned y = (i * y_ratio) >> 16;
        for (unsigned j = 0; j < CONFIG_T::new_width; j++) {
            const unsigned x = (j * x_ratio) >> 16;
            for (unsigned k = 0; k < CONFIG_T::n_chan; k++) {
                resized[(i * CONFIG_T::new_width + j) * CONFIG_T::n_chan + k] =
                    static_cast<res_T>(image[(y * CONFIG_T::width + x) * CONFIG_T::n_chan + k]);
            }
        }
    }
}

} // namespace nnet

#endif
