// HLS Studio layer template library: shared definitions.
//
// The kernels in this folder follow the arithmetic that hls4ml's Vivado templates perform (every cast
// point, every summation order), written from the specification in HLS Studio's fixed-point notes.
// They compile as C++11 (Vivado HLS: -std=c++0x) and under g++ for C-simulation; g++ ignores the
// `#pragma HLS` lines (build with -Wno-unknown-pragmas to silence -Wall about them). The templates write
// their pragmas through the macros below, which expand to the same `#pragma HLS` lines.
#ifndef NNET_COMMON_H_
#define NNET_COMMON_H_

#include "ap_fixed.h"
#include "ap_int.h"

// ---------------------------------------------------------------------------------------------
// The flavour: what the shared templates (nnet_basics.h, nnet_dense.h, nnet_conv2d.h, ...) take from this
// file. The Catapult flavour (hls/catapult_nnet_utils/nnet_common.h) declares the same names on ac types.
// ---------------------------------------------------------------------------------------------

// Pragmas. NNET_HLS(x) is the Vivado HLS directive `#pragma HLS x` (partitioning, inlining, ...; Catapult
// takes those from its Tcl script, so its flavour drops them). NNET_PIPELINE(args) and NNET_UNROLL are
// `#pragma HLS PIPELINE args` and `#pragma HLS UNROLL` here, Catapult's pipeline and unroll pragmas there.
#define NNET_PRAGMA(...) _Pragma(#__VA_ARGS__)
#define NNET_HLS(...) NNET_PRAGMA(HLS __VA_ARGS__)
#define NNET_PIPELINE(...) NNET_PRAGMA(HLS PIPELINE __VA_ARGS__)
#define NNET_UNROLL NNET_PRAGMA(HLS UNROLL)

namespace nnet {

// Default of the configs' type members (hls4ml's ap_fixed<16,6>).
typedef ap_fixed<16, 6> default_t;

// Fixed-point and integer types by width (signed / unsigned), for the templates' own types.
template <int W, int I> using fixed_t = ap_fixed<W, I>;
template <int W, int I> using ufixed_t = ap_ufixed<W, I>;
template <int W> using int_t = ap_int<W>;
template <int W> using uint_t = ap_uint<W>;

// ---------------------------------------------------------------------------------------------
// Width, integer bits and signedness of the ap types (the same for every ap_fixed implementation).
// ---------------------------------------------------------------------------------------------
template <class T> struct fixed_traits;

template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct fixed_traits<ap_fixed<W, I, Q, O, N> > {
    static const int width = W;
    static const int iwidth = I;
    static const bool is_signed = true;
};

template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct fixed_traits<ap_ufixed<W, I, Q, O, N> > {
    static const int width = W;
    static const int iwidth = I;
    static const bool is_signed = false;
};

template <int W> struct fixed_traits<ap_int<W> > {
    static const int width = W;
    static const int iwidth = W;
    static const bool is_signed = true;
};

template <int W> struct fixed_traits<ap_uint<W> > {
    static const int width = W;
    static const int iwidth = W;
    static const bool is_signed = false;
};

} // namespace nnet

#include "nnet_basics.h"

#endif
