// HLS Studio layer template library: definitions shared by every flavour (hls/nnet_utils for Vivado and
// Vitis, hls/catapult_nnet_utils for Catapult). Included by each flavour's nnet_common.h after the
// flavour's types and pragma macros, which are all this file may use.
#ifndef NNET_BASICS_H_
#define NNET_BASICS_H_

// Synthesis builds compute tables as local ROMs; C-simulation fills static tables once.
#if defined(__SYNTHESIS__) || defined(__HLS_SYN__)
#define NNET_SYNTHESIS 1
#else
#define NNET_SYNTHESIS 0
#endif

namespace nnet {


// Interface style of a layer (only io_parallel is generated today).
enum io_type { io_parallel = 0, io_stream = 1 };

// Dense strategy, as hls4ml's `strategy` config field.
enum strategy_kind { latency = 0, resource = 1, resource_unrolled = 2 };

// ---------------------------------------------------------------------------------------------
// Integer helpers usable in constant expressions (C++11: one return statement each).
// ---------------------------------------------------------------------------------------------

// Smallest k with 2^k >= n (0 for n <= 1).
constexpr int ceillog2(int n) { return n <= 1 ? 0 : 1 + ceillog2((n + 1) / 2); }

// Largest k with 2^k <= n (0 for n <= 1).
constexpr int floorlog2(int n) { return n <= 1 ? 0 : 1 + floorlog2(n / 2); }

constexpr int pow2(int k) { return k <= 0 ? 1 : 2 * pow2(k - 1); }

constexpr unsigned div_roundup(unsigned n, unsigned d) { return (n + d - 1) / d; }

constexpr unsigned min_unsigned(unsigned a, unsigned b) { return a < b ? a : b; }

// ---------------------------------------------------------------------------------------------
// Balanced reduction tree. A node over n > 2 values splits at L = the largest power of two below n
// (left: the first L values, right: the rest); every node's result is converted to T, so every
// partial sum rounds and saturates in T.
// ---------------------------------------------------------------------------------------------

template <class T> struct op_add {
    T operator()(const T &a, const T &b) const { return a + b; }
};

template <class T> struct op_max {
    T operator()(const T &a, const T &b) const { return a >= b ? a : b; }
};

template <class T, int N, class Op> struct reduce_tree {
    static const int left = pow2(floorlog2(N - 1));
    static T apply(const T *x, const Op &op) {
        NNET_HLS(INLINE)
        return op(reduce_tree<T, left, Op>::apply(x, op), reduce_tree<T, N - left, Op>::apply(x + left, op));
    }
};

template <class T, class Op> struct reduce_tree<T, 2, Op> {
    static T apply(const T *x, const Op &op) {
        NNET_HLS(INLINE)
        return op(x[0], x[1]);
    }
};

template <class T, class Op> struct reduce_tree<T, 1, Op> {
    static T apply(const T *x, const Op &) {
        NNET_HLS(INLINE)
        return x[0];
    }
};

template <class T, int N, class Op> T reduce(const T *x, const Op &op) {
    NNET_HLS(INLINE)
    return reduce_tree<T, N, Op>::apply(x, op);
}

} // namespace nnet

#endif
