/*
 * HLS Studio ac_channel<T> for host C-simulation with g++: an unbounded FIFO backed by std::deque.
 * Written for HLS Studio from the published Algorithmic C channel interface (read, write, nb_read,
 * nb_write, available, size, empty); it is not Siemens' header. Deterministic: no threads, no clocks.
 * Reading an empty channel is a design error (hardware would stall forever): it prints the channel's
 * address and aborts, so a C-simulation never continues with made-up data.
 */
#ifndef HLS_STUDIO_AC_CHANNEL_H
#define HLS_STUDIO_AC_CHANNEL_H

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <deque>

template <class T> class ac_channel {
  public:
    ac_channel() {}
    // A channel that starts with `init` copies of `val` (Catapult's initial tokens of a feedback channel).
    explicit ac_channel(int init) : q_(init > 0 ? std::size_t(init) : 0u, T()) {}
    ac_channel(int init, const T &val) : q_(init > 0 ? std::size_t(init) : 0u, val) {}

    // A channel is a hardware FIFO: copying one would silently fork the data.
    ac_channel(const ac_channel &) = delete;
    ac_channel &operator=(const ac_channel &) = delete;

    T read() {
        if (q_.empty()) {
            std::fprintf(stderr, "ERROR: ac_channel %p read while empty\n", static_cast<const void *>(this));
            std::abort();
        }
        T v = q_.front();
        q_.pop_front();
        return v;
    }
    void read(T &v) { v = read(); }
    bool nb_read(T &v) {
        if (q_.empty()) return false;
        v = read();
        return true;
    }

    void write(const T &v) { q_.push_back(v); }
    bool nb_write(const T &v) {
        write(v);
        return true;
    }

    // True when at least k values are waiting.
    bool available(unsigned k) const { return q_.size() >= k; }
    unsigned size() const { return static_cast<unsigned>(q_.size()); }
    bool empty() const { return q_.empty(); }

    ac_channel &operator>>(T &v) {
        read(v);
        return *this;
    }
    ac_channel &operator<<(const T &v) {
        write(v);
        return *this;
    }

  private:
    std::deque<T> q_;
};

#endif // HLS_STUDIO_AC_CHANNEL_H
