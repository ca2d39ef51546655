/*
 * HLS Studio ac_fixed<W,I,S,Q,O> / ac_int<W,S> for host C-simulation with g++.
 * Written for HLS Studio from the published ac_fixed/ac_int semantics; the implementation lives in
 * ac_common_impl.h (either header gives both types).
 */
#ifndef HLS_STUDIO_AC_INT_H
#define HLS_STUDIO_AC_INT_H

#include "ac_common_impl.h"

#endif  // HLS_STUDIO_AC_INT_H
