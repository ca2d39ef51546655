/*
 * HLS Studio ap_int<W> / ap_uint<W> for host C-simulation with g++.
 * Written for HLS Studio from the published ap_int semantics; the implementation lives in
 * ap_common_impl.h (shared with ap_fixed.h).
 */
#ifndef HLS_STUDIO_AP_INT_H
#define HLS_STUDIO_AP_INT_H

#include "ap_common_impl.h"

#endif  // HLS_STUDIO_AP_INT_H
