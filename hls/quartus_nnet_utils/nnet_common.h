// HLS Studio: common definitions of the Quartus / oneAPI flavour templates (ac_fixed types), written for
// HLS Studio from the behaviour described in the project's fixed-point spec §7; not derived from hls4ml.
//
// Under Intel's i++ the vendor's ac types, `component` and `hls_register` are used; under icpx -fsycl
// (oneAPI) the vendor's SYCL ac types; under g++ (C simulation) HLS Studio's own ac types from
// firmware/ac_types, and the two keywords expand to nothing.
#ifndef NNET_QUARTUS_COMMON_H_
#define NNET_QUARTUS_COMMON_H_

#ifdef __INTELFPGA_COMPILER__
#include "HLS/hls.h"
#include "HLS/ac_fixed.h"
#include "HLS/ac_int.h"
#elif defined(SYCL_LANGUAGE_VERSION)
// oneAPI (icpx -fsycl): the vendor's ac types; locals become registers, there are no components.
#include <sycl/ext/intel/ac_types/ac_fixed.hpp>
#include <sycl/ext/intel/ac_types/ac_int.hpp>
#ifndef hls_register
#define hls_register [[intel::fpga_register]]
#endif
#ifndef component
#define component
#endif
#else
#include "ac_fixed.h"
#include "ac_int.h"
#ifndef hls_register
#define hls_register
#endif
#ifndef component
#define component
#endif
#endif

namespace nnet {

enum io_type { io_parallel = 0, io_stream };

constexpr unsigned div_roundup(unsigned n, unsigned d) { return (n + d - 1) / d; }
constexpr unsigned min_of(unsigned a, unsigned b) { return a < b ? a : b; }
constexpr int ceil_log2(unsigned n) { return n <= 1 ? 0 : 1 + ceil_log2((n + 1) / 2); }

// The reuse-factor rule of the resource matrix multiply (the same three conditions the passes check).
constexpr bool valid_reuse_factor(unsigned n_in, unsigned n_out, unsigned rf) {
  return rf >= 1 && (n_in * n_out) % rf == 0 && (rf < n_in || rf % n_in == 0) &&
         (rf >= n_in || div_roundup(n_in * n_out, min_of(n_in, rf)) % n_out == 0);
}

}  // namespace nnet

#endif  // NNET_QUARTUS_COMMON_H_
