// HLS Studio layer template library: reshape (flatten) and transpose, io_parallel.
//
// Reshape keeps the row-major order and only converts each element to the result type. Transpose of a
// tensor of up to three axes: out[i0][i1][i2] = in[...] with output axis d taken from input axis perm_d
// (unused axes have size 1).
#ifndef NNET_TRANSPOSE_H_
#define NNET_TRANSPOSE_H_

#include "nnet_common.h"

namespace nnet {

struct reshape_config {
    static const unsigned n_in = 10;
};

struct transpose_config {
    // Input dimensions (row-major) and, per output axis, the input axis it reads.
    static const unsigned dim0 = 1;
    static const unsigned dim1 = 1;
    static const unsigned dim2 = 1;
    static const unsigned perm0 = 0;
    static const unsigned perm1 = 1;
    static const unsigned perm2 = 2;
    static const unsigned n_in = dim0 * dim1 * dim2;
};

template <class data_T, class res_T, typename CONFIG_T>
void reshape_cl(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) res[i] = static_cast<res_T>(data[i]);
}

template <class data_T, class res_T, typename CONFIG_T>
void transpose_cl(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    const unsigned dims[3] = {CONFIG_T::dim0, CONFIG_T::dim1, CONFIG_T::dim2};
    const unsigned stride[3] = {CONFIG_T::dim1 * CONFIG_T::dim2, CONFIG_T::dim2, 1};
    const unsigned perm[3] = {CONFIG_T::perm0, CONFIG_T::perm1, CONFIG_T::perm2};
    unsigned o = 0;
    for (unsigned i0 = 0; i0 < dims[perm[0]]; i0++) {
        for (unsigned i1 = 0; i1 < dims[perm[1]]; i1++) {
            for (unsigned i2 = 0; i2 < dims[perm[2]]; i2++) {
                const unsigned src = i0 * stride[perm[0]] + i1 * stride[perm[1]] + i2 * stride[perm[2]];
                res[o++] = static_cast<res_T>(data[src]);
            }
        }
    }
}

} // namespace nnet

#endif
