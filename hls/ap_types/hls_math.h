/*
 * HLS Studio hls_math.h for host C-simulation with g++: the C math library under namespace hls.
 * Written for HLS Studio. ap_fixed arguments convert to double (exact for W <= 53), so hls::exp(x)
 * computes the double-precision std::exp of x's value; no fixed-point approximations are modelled.
 */
#ifndef HLS_STUDIO_HLS_MATH_H
#define HLS_STUDIO_HLS_MATH_H

#include <cmath>

#include "ap_fixed.h"

namespace hls {
using std::abs;
using std::ceil;
using std::cos;
using std::exp;
using std::fabs;
using std::floor;
using std::log;
using std::pow;
using std::sin;
using std::sqrt;
using std::tanh;
}  // namespace hls

#endif  // HLS_STUDIO_HLS_MATH_H
