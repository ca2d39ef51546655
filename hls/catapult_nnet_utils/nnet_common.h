// HLS Studio layer template library, Catapult flavour: shared definitions.
//
// The kernels in this folder are HLS Studio's Vivado-flavour kernels (hls/nnet_utils) on Algorithmic C
// types (ac_fixed / ac_int): the same cast points and summation orders, as hls4ml's Catapult templates
// mirror its Vivado ones; the activations that hls4ml's Catapult templates compute with ac_math are
// piecewise linear (ac_math_pwl.h, see README.md). They compile as C++11 or later under Catapult and
// under g++ for C-simulation; g++ ignores the `#pragma hls_*` lines (build with -Wno-unknown-pragmas).
#ifndef NNET_COMMON_H_
#define NNET_COMMON_H_

#include "ac_fixed.h"
#include "ac_int.h"

// ---------------------------------------------------------------------------------------------
// The flavour: the names the shared templates of hls/nnet_utils take from their nnet_common.h, here on
// ac types and with Catapult's pragmas (hls/nnet_utils/nnet_common.h explains each).
// ---------------------------------------------------------------------------------------------

// Vivado directives (partitioning, inlining, ...) are Catapult Tcl directives, not source pragmas.
#define NNET_PRAGMA(...) _Pragma(#__VA_ARGS__)
#define NNET_HLS(...)
#define NNET_PIPELINE(...) NNET_PRAGMA(hls_pipeline_init_interval 1)
#define NNET_UNROLL NNET_PRAGMA(hls_unroll yes)

namespace nnet {

typedef ac_fixed<16, 6, true> default_t;

template <int W, int I> using fixed_t = ac_fixed<W, I, true>;
template <int W, int I> using ufixed_t = ac_fixed<W, I, false>;
template <int W> using int_t = ac_int<W, true>;
template <int W> using uint_t = ac_int<W, false>;

// ---------------------------------------------------------------------------------------------
// Width, integer bits and signedness of the ac types.
// ---------------------------------------------------------------------------------------------
template <class T> struct fixed_traits;

template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O> struct fixed_traits<ac_fixed<W, I, S, Q, O> > {
    static const int width = W;
    static const int iwidth = I;
    static const bool is_signed = S;
};

template <int W, bool S> struct fixed_traits<ac_int<W, S> > {
    static const int width = W;
    static const int iwidth = W;
    static const bool is_signed = S;
};

} // namespace nnet

// The shared part lives in the Vivado library (hls/nnet_utils). A Catapult project ships both folders
// flat in firmware/nnet_utils/, where this path names the same folder; in the repository it names the
// sibling folder, so the headers also compile in place.
#include "../nnet_utils/nnet_basics.h"

#endif
