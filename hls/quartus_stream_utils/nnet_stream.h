// HLS Studio: the io_stream plumbing of the Quartus flavour templates, written for HLS Studio (not derived
// from hls4ml). A tensor travels as words of nnet::array<T, N>: one pixel's channels for a tensor of two or
// more axes, the whole vector for a 1-d one (hls4ml's io_stream layout).
//
// Under Intel's i++, stream / stream_in / stream_out are ihc::stream (with a buffer of D words), ihc::stream_in
// and ihc::stream_out (the component's internal FIFOs and its streaming ports). Under icpx -fsycl (oneAPI)
// all three are a FIFO of D words inside the kernel. Under g++ (C simulation) all three are one
// deterministic FIFO backed by std::deque; reading an empty stream is a design error (hardware would stall
// forever), so it prints the stream's address and aborts instead of continuing with made-up data.
#ifndef NNET_QUARTUS_STREAM_H_
#define NNET_QUARTUS_STREAM_H_

#include "nnet_common.h"

#if !defined(__INTELFPGA_COMPILER__) && !defined(SYCL_LANGUAGE_VERSION)
#include <cstdio>
#include <cstdlib>
#include <deque>
#endif

namespace nnet {

// One word of a stream: N values of T.
template <class T, unsigned N>
struct array {
  typedef T value_type;
  static const unsigned size = N;
  T data[N];
  T& operator[](unsigned i) { return data[i]; }
  const T& operator[](unsigned i) const { return data[i]; }
};

// D is the capacity a stream needs: the producer writes all its words before the consumer starts.
#ifdef __INTELFPGA_COMPILER__
template <class T, unsigned D = 1>
using stream = ihc::stream<T, ihc::buffer<D> >;
template <class T, unsigned D = 1>
using stream_in = ihc::stream_in<T>;
template <class T, unsigned D = 1>
using stream_out = ihc::stream_out<T>;
#elif defined(SYCL_LANGUAGE_VERSION)
// oneAPI: a FIFO of capacity D in the kernel's own memory (the kernel feeds and drains the host pipes).
template <class T, unsigned D = 1>
class stream {
 public:
  stream() : head_(0), count_(0) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;
  T read() {
    const T v = buf_[head_];
    head_ = head_ + 1 == D ? 0 : head_ + 1;
    count_--;
    return v;
  }
  void write(const T& v) {
    const unsigned tail = head_ + count_ >= D ? head_ + count_ - D : head_ + count_;
    buf_[tail] = v;
    count_++;
  }
  bool empty() const { return count_ == 0; }
  unsigned size() const { return count_; }

 private:
  T buf_[D];
  unsigned head_;
  unsigned count_;
};
template <class T, unsigned D = 1>
using stream_in = stream<T, D>;
template <class T, unsigned D = 1>
using stream_out = stream<T, D>;
#else
template <class T, unsigned D = 1>
class stream {
 public:
  stream() {}
  // A stream is a hardware FIFO: copying one would silently fork the data.
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  T read() {
    if (q_.empty()) {
      std::fprintf(stderr, "ERROR: stream %p read while empty\n", static_cast<const void*>(this));
      std::abort();
    }
    T v = q_.front();
    q_.pop_front();
    return v;
  }
  void write(const T& v) { q_.push_back(v); }
  bool empty() const { return q_.empty(); }
  unsigned size() const { return static_cast<unsigned>(q_.size()); }

 private:
  std::deque<T> q_;
};
template <class T, unsigned D = 1>
using stream_in = stream<T, D>;
template <class T, unsigned D = 1>
using stream_out = stream<T, D>;
#endif

// A tensor of WORDS words read once and written to each of the K copies (hls4ml's clone_stream, for a
// tensor with more than one consumer).
template <class word_T, unsigned WORDS, unsigned K, class in_S, class out_S>
void clone_stream(in_S& in, out_S (&copies)[K]) {
  for (unsigned i = 0; i < WORDS; i++) {
    const word_T w = in.read();
#pragma unroll
    for (unsigned k = 0; k < K; k++) copies[k].write(w);
  }
}

// WORDS words moved from one stream to another (a model output that other layers also read).
template <class word_T, unsigned WORDS, class in_S, class out_S>
void copy_stream(in_S& in, out_S& out) {
  for (unsigned i = 0; i < WORDS; i++) out.write(in.read());
}

// The configuration of a layer seen one word at a time: n_in is the word's size, all else is kept.
template <class CONFIG_T, unsigned N>
struct word_config : CONFIG_T {
  static const unsigned n_in = N;
};

}  // namespace nnet

#endif  // NNET_QUARTUS_STREAM_H_
