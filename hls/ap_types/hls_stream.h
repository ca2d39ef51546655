/*
 * HLS Studio hls::stream<T> for host C-simulation with g++: an unbounded FIFO backed by std::deque.
 * Written for HLS Studio from the published hls::stream interface. Reading an empty stream prints a
 * warning and returns a default-constructed value (hardware would stall).
 */
#ifndef HLS_STUDIO_HLS_STREAM_H
#define HLS_STUDIO_HLS_STREAM_H

#include <cstddef>
#include <deque>
#include <iostream>
#include <string>

namespace hls {

template <typename T>
class stream {
 public:
  stream() {}
  explicit stream(const char* name) : name_(name) {}
  explicit stream(const std::string& name) : name_(name) {}

  // A stream is a hardware channel: copying one would silently fork the data.
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  bool empty() const { return q_.empty(); }
  bool full() const { return false; }
  std::size_t size() const { return q_.size(); }
  const std::string& name() const { return name_; }

  T read() {
    if (q_.empty()) {
      std::cerr << "WARNING: hls::stream '" << name_ << "' read while empty; returning a default value\n";
      return T();
    }
    T v = q_.front();
    q_.pop_front();
    return v;
  }
  void read(T& v) { v = read(); }
  bool read_nb(T& v) {
    if (q_.empty()) return false;
    v = read();
    return true;
  }

  void write(const T& v) { q_.push_back(v); }
  bool write_nb(const T& v) {
    write(v);
    return true;
  }

  stream& operator>>(T& v) {
    read(v);
    return *this;
  }
  stream& operator<<(const T& v) {
    write(v);
    return *this;
  }

 private:
  std::deque<T> q_;
  std::string name_;
};

}  // namespace hls

#endif  // HLS_STUDIO_HLS_STREAM_H
