/*
 * HLS Studio ap_fixed<W,I,Q,O,N> / ap_ufixed<W,I,Q,O,N> for host C-simulation with g++.
 * Written for HLS Studio from the published ap_fixed semantics; the implementation lives in
 * ap_common_impl.h (shared with ap_int.h).
 */
#ifndef HLS_STUDIO_AP_FIXED_H
#define HLS_STUDIO_AP_FIXED_H

#include "ap_int.h"

#endif  // HLS_STUDIO_AP_FIXED_H
