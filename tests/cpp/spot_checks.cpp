// Deterministic spot checks through hls/ap_types: the ap_fixed vectors of fixed-point.md §8 and the
// result types of §5. Prints "S <label> <raw pattern hex>" and "T <label> <W> <I> <signed>" lines;
// src/core/fixed/property.test.ts holds the expected values.
#include <cstdio>
#include <limits>

#include "ap_fixed.h"
#include "ap_int.h"

namespace {

template <class T>
void S(const char* label, const T& x) {
  std::printf("S %s %s\n", label, x.raw_hex().c_str());
}

void SI(const char* label, long long v) { std::printf("S %s %llx\n", label, static_cast<unsigned long long>(v)); }

template <class T>
void T_(const char* label, const T&) {
  std::printf("T %s %d %d %d\n", label, T::width, T::iwidth, T::sign_flag ? 1 : 0);
}

}  // namespace

void spot_checks() {
  S("1", ap_fixed<4, 2, AP_RND>(0.625));
  S("2", ap_fixed<4, 2, AP_RND>(-0.625));
  S("3", ap_fixed<4, 2, AP_RND_ZERO>(-0.625));
  S("4", ap_fixed<4, 2, AP_RND_MIN_INF>(-0.625));
  S("5", ap_fixed<4, 2, AP_RND_INF>(-0.625));
  S("6", ap_fixed<4, 2, AP_RND_CONV>(-0.625));
  S("7", ap_fixed<4, 2, AP_RND_CONV>(-0.375));
  S("8", ap_fixed<4, 2>(-0.1));
  S("9", ap_fixed<4, 2, AP_TRN_ZERO>(-0.1));
  S("10", ap_fixed<4, 2, AP_RND, AP_WRAP>(1.875));
  S("11", ap_fixed<4, 2, AP_RND, AP_SAT>(1.875));
  S("12", ap_fixed<4, 2, AP_TRN, AP_SAT_SYM>(-2.1));
  S("13", ap_fixed<4, 2, AP_TRN, AP_SAT_SYM>(-2.0));
  S("14", ap_fixed<4, 2, AP_TRN, AP_SAT_ZERO>(5.0));
  S("15", ap_ufixed<4, 2, AP_TRN, AP_SAT>(-1.0));
  S("16", ap_ufixed<4, 2>(-1.0));
  S("17", ap_fixed<4, 6>(100.0));
  S("18", ap_fixed<4, 6, AP_TRN, AP_SAT>(100.0));
  S("19a", ap_fixed<4, -2>(0.01));
  S("19b", ap_fixed<4, -2, AP_RND>(0.01));
  S("20", ap_fixed<4, -2, AP_RND, AP_SAT>(0.2));
  S("21", ap_fixed<8, 4>(-1e-300));
  S("22", ap_fixed<8, 4, AP_TRN, AP_WRAP, 2>(9.0));
  S("23", ap_ufixed<8, 4, AP_TRN, AP_WRAP, 2>(-1.0));
  S("24", ap_fixed<4, 2, AP_TRN, AP_WRAP_SM>(2.25));
  S("28", ap_fixed<1, 1, AP_TRN, AP_SAT_SYM>(-1.0));

  ap_fixed<8, 4> a;
  a.set_raw_str("-1");
  S("29", ap_fixed<4, 4, AP_RND, AP_SAT>(a));
  a.set_raw_str("127");
  S("30a", ap_fixed<4, 4, AP_RND, AP_SAT>(a));
  S("30b", ap_fixed<4, 4, AP_RND, AP_WRAP>(a));
  ap_fixed<6, 2> b;
  b.set_raw_str("-32");
  S("31", ap_fixed<4, 2, AP_TRN, AP_SAT_SYM>(b));
  S("32", ap_fixed<16, 6>(0.1));
  const double inf = std::numeric_limits<double>::infinity();
  S("33a", ap_fixed<18, 8, AP_RND, AP_SAT>(inf));
  S("33b", ap_fixed<18, 8>(inf));
  S("34a", ap_fixed<8, 6>(0.249));
  S("34b", ap_fixed<8, 6>(0.25));

  ap_fixed<8, 4> y = -0.3125;
  y /= 2u;
  S("35", y);
  ap_fixed<16, 6> x;
  x.set_raw_str("-11");
  const int data_round = x * 1024u / 16;
  SI("36", data_round);
  SI("38", ap_fixed<16, 6>(-2.6875).to_int());
  S("39", ap_int<8>(-2.7));
  const ap_fixed<8, 3> z = -2.6875;
  S("40a", z >> 3);
  S("40b", z << 2);

  // ++ adds 1.0 (§4.4); compound assignment converts once; to_int of a negative truncates.
  ap_fixed<8, 4> inc = 1.25;
  ++inc;
  S("inc", inc);
  ap_fixed<8, 4, AP_RND, AP_SAT> acc = 7.5;
  acc += ap_fixed<8, 4>(0.75);
  S("sat+=", acc);
  S("neg", -ap_ufixed<6, 2>(3.75));
  S("div", ap_fixed<8, 3>(-2.6875) / ap_ufixed<6, 2>(0.75));
  S("range", ap_uint<6>(ap_fixed<16, 6>(-3.25).range(15, 10)));

  const ap_fixed<8, 3> fa = 1.5;
  const ap_ufixed<6, 2> fu = 0.75;
  T_("a*u", fa * fu);
  T_("a+u", fa + fu);
  T_("u+u", fu + fu);
  T_("u-u", fu - fu);
  T_("-u", -fu);
  T_("a+f5m2", fa + ap_fixed<5, -2>(0));
  T_("a+f47", fa + ap_fixed<4, 7>(0));
  T_("a*f47", fa * ap_fixed<4, 7>(0));
  T_("a/u", fa / fu);
  T_("a*int", fa * 1);
  T_("a+int", fa + 1);
  T_("u*unsigned", fu * 1u);
  T_("a/int", fa / 1);
  T_("a/unsigned", fa / 1u);
  T_("a*i5", fa * ap_int<5>(1));
  T_("u+u4", fu + ap_uint<4>(1));
}
