// HLS Studio layer template library: nnet::array, the element of an io_stream stream.
//
// In io_stream a tensor travels as a sequence of words, one word per pixel holding that pixel's
// channels (channels-last), or the whole vector for a 1-d tensor. A word is an nnet::array<T, N>.
#ifndef NNET_TYPES_H_
#define NNET_TYPES_H_

#include <cstddef>

namespace nnet {

template <typename T, unsigned N> struct array {
    typedef T value_type;
    static const unsigned size = N;

    T data[N];

    T &operator[](std::size_t pos) { return data[pos]; }
    const T &operator[](std::size_t pos) const { return data[pos]; }
};

} // namespace nnet

#endif
