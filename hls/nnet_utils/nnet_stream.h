// HLS Studio layer template library: io_stream helpers.
//
// pixel_config: a layer config seen for one stream word of N values, so that the element-wise kernels
// of the io_parallel library run unchanged (the same cast points) on each word.
// line_buffer: the last ROWS rows of an image arriving pixel by pixel in row-major order, for the
// windowed layers (convolution, depthwise, pooling). clone_stream copies a stream for every consumer;
// reshape_cl regroups the values into words of the output's size (row-major order is unchanged).
#ifndef NNET_STREAM_H_
#define NNET_STREAM_H_

#include "nnet_channel.h"
#include "nnet_common.h"
#include "nnet_types.h"

namespace nnet {

template <typename CONFIG_T, unsigned N> struct pixel_config : CONFIG_T {
    static const unsigned n_in = N;
    static const unsigned n_slice = N;
    static const unsigned n_outer = 1;
    static const unsigned n_inner = 1;
    static const unsigned n_elem1 = N;
    static const unsigned n_elem2 = N;
    static const unsigned n_out = N;
};

// Rows of an IN_H x IN_W x CHAN image, read from a stream on demand and kept in ROWS circular rows.
// Windows are requested in row-major order of their bottom-right cell, so a window never needs a row
// that has been overwritten (ROWS = the window's height including dilation).
template <class T, unsigned IN_H, unsigned IN_W, unsigned CHAN, unsigned ROWS> class line_buffer {
  public:
    line_buffer() : next_(0) {}

    // Reads pixels until the one at row-major index `last` is in the buffer (nothing when last < next).
    template <class data_T> void read_until(stream_t<data_T> &in, int last) {
        while (int(next_) <= last && next_ < IN_H * IN_W) {
            const data_T px = in.read();
            const unsigned y = next_ / IN_W;
            const unsigned x = next_ % IN_W;
            for (unsigned c = 0; c < CHAN; c++) {
                NNET_UNROLL
                buf_[y % ROWS][x][c] = px[c];
            }
            next_++;
        }
    }

    // Reads the rest of the image (pixels no window uses).
    template <class data_T> void drain(stream_t<data_T> &in) { read_until(in, int(IN_H * IN_W) - 1); }

    // Makes sure every in-image cell of the window with top-left (y0, x0) and extent (h, w) is buffered.
    template <class data_T> void need(stream_t<data_T> &in, int y0, int x0, int h, int w) {
        int yl = y0 + h - 1;
        int xl = x0 + w - 1;
        if (yl > int(IN_H) - 1) yl = int(IN_H) - 1;
        if (xl > int(IN_W) - 1) xl = int(IN_W) - 1;
        if (yl < 0) return;
        if (xl < 0) xl = -1;
        read_until(in, yl * int(IN_W) + xl);
    }

    static bool inside(int y, int x) { return y >= 0 && y < int(IN_H) && x >= 0 && x < int(IN_W); }

    const T &at(int y, int x, unsigned c) const { return buf_[unsigned(y) % ROWS][unsigned(x)][c]; }

  private:
    T buf_[ROWS][IN_W][CHAN];
    unsigned next_;
};

// Copies every word of `in` to each of the output streams (hls4ml inserts the same step where a tensor
// fans out: a stream can be read once).
template <class data_T> void clone_word(const data_T &) {}

template <class data_T, class... streams_T>
void clone_word(const data_T &w, stream_t<data_T> &first, streams_T &...rest) {
    NNET_HLS(INLINE)
    first.write(w);
    clone_word(w, rest...);
}

template <class data_T, unsigned N_WORDS, class... streams_T>
void clone_stream(stream_t<data_T> &in, streams_T &...outs) {
    for (unsigned i = 0; i < N_WORDS; i++) {
        NNET_PIPELINE()
        const data_T w = in.read();
        clone_word(w, outs...);
    }
}

// Reads n_in values in words of data_T::size and writes them in words of res_T::size, converting each
// value to the result type (Reshape / Flatten).
template <class data_T, class res_T, typename CONFIG_T> void reshape_cl(stream_t<data_T> &data, stream_t<res_T> &res) {
    static_assert(CONFIG_T::n_in % data_T::size == 0 && CONFIG_T::n_in % res_T::size == 0,
                  "reshape: the tensor must be a whole number of words on both sides");
    data_T in;
    res_T out;
    unsigned j = data_T::size;
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        NNET_PIPELINE()
        if (j == data_T::size) {
            in = data.read();
            j = 0;
        }
        out[i % res_T::size] = static_cast<typename res_T::value_type>(in[j++]);
        if (i % res_T::size == res_T::size - 1) res.write(out);
    }
}

} // namespace nnet

#endif
