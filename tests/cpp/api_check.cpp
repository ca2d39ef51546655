// Compile-and-run check of the hls/ap_types API surface that generated projects use: every line
// must compile without warnings under -std=c++14 and -std=c++17 with -Wall -Wextra, and each CHECK
// must hold. Prints "FAIL <line> <expr>" per failure and "DONE <failures>" at the end.
#include <cstdio>
#include <sstream>
#include <string>

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_math.h"
#include "hls_stream.h"

static int failures = 0;
#define CHECK(...)                                         \
  do {                                                     \
    if (!(__VA_ARGS__)) {                                  \
      std::printf("FAIL %d %s\n", __LINE__, #__VA_ARGS__); \
      ++failures;                                          \
    }                                                      \
  } while (0)

enum small_enum { SEVEN = 7 };

struct config {
  static const unsigned n_in = 16;
  static const int table_size = 1024;
  typedef ap_fixed<18, 8> table_t;
  typedef ap_fixed<38, 18> accum_t;
};

template <class T>
static std::string str(const T& x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

int main() {
  typedef ap_fixed<16, 6> data_t;

  // Construction from every C scalar type, and implicit conversion back to double.
  data_t a = 1.5;
  data_t b = 2;
  data_t c = 3u;
  data_t d = 4L;
  data_t e = 5ULL;
  data_t f = 1.25f;
  data_t g = true;
  data_t h = static_cast<char>(6);
  data_t i = static_cast<short>(-7);
  data_t j = SEVEN;
  double dd = a;
  float ff = a.to_float();
  CHECK(dd == 1.5 && ff == 1.5f);
  CHECK(b.to_int() == 2 && c.to_int() == 3 && d.to_int() == 4 && e.to_int() == 5 && f == 1.25);
  CHECK(g == 1 && h == 6 && i == -7 && j == 7);

  // Arithmetic with ap types and C scalars; compound assignment converts once into the left type.
  config::accum_t acc = 0;
  for (unsigned k = 0; k < config::n_in; ++k) acc += a * b;
  CHECK(acc == 48);
  acc -= 8;
  acc *= 2;
  acc /= 4;
  CHECK(acc == 20);
  acc = acc + 1 - 2u;
  CHECK(acc == 19);
  acc = 2 * acc;
  CHECK(acc == 38 && acc > 37 && acc >= 38 && acc < 39.0 && 37 < acc && acc != 0);
  const int data_round = data_t(-0.0107421875) * config::table_size / 16;
  CHECK(data_round == 0);
  CHECK(a * 2.0 == 3.0 && 2.0 * a == 3.0 && a + 0.5 == 2.0 && a / 3.0 == 0.5);
  data_t m = a;
  m += 0.25;
  CHECK(m == 1.75);
  CHECK(-a == -1.5 && +a == 1.5 && !data_t(0) && !!a);
  CHECK((a & data_t(1.0)) == 1.0 && (a | data_t(0.25)) == 1.75 && (a ^ a) == 0);
  CHECK((ap_uint<8>(0xf0) & 0x3c) == 0x30 && (ap_uint<8>(0xf0) | 1) == 0xf1);
  CHECK(~ap_uint<4>(5) == 10);

  // Same-type copy is a raw copy; a conversion quantizes and saturates per the target's modes.
  ap_fixed<4, 2, AP_TRN, AP_SAT_SYM> sym;
  sym.set_raw_str("-8");
  ap_fixed<4, 2, AP_TRN, AP_SAT_SYM> sym2 = sym;
  CHECK(sym2.raw_hex() == "8");
  ap_fixed<8, 4, AP_RND_CONV, AP_SAT> sat = ap_fixed<12, 6>(9.96875);
  CHECK(sat.raw_hex() == "7f");

  // ++/-- step by 1.0; shifts keep the type.
  ap_fixed<8, 4> step = 1.25;
  ++step;
  step++;
  CHECK(step == 3.25);
  --step;
  step--;
  CHECK(step == 1.25);
  ap_fixed<8, 3> sh = -2.6875;
  CHECK((sh >> 3) == -0.34375 && (sh << 2) == -2.75 && (sh >> -2) == -2.75);
  sh >>= 1;
  CHECK(sh == -1.34375);
  ap_uint<8> u8 = 0x81;
  CHECK((u8 << 1) == 2 && (u8 >> 7) == 1 && (u8 << ap_uint<3>(4)) == 0x10);

  // Integers: truncation toward zero, wrapping, indexing, bit access and ranges.
  ap_int<8> i8 = -2.7;
  CHECK(i8 == -2);
  ap_int<8> wrap = 200;
  CHECK(wrap == -56);
  int table[8] = {0, 10, 20, 30, 40, 50, 60, 70};
  ap_uint<3> idx = 5;
  CHECK(table[idx] == 50);
  for (ap_uint<4> k = 0; k < 10; ++k) idx = k;
  CHECK(idx == 1);
  data_t neg = -3.25;  // raw 0xf300
  CHECK(neg.range(15, 10) == 60 && neg[15] && !neg[0] && neg.range() == 0xf300);
  ap_uint<6> top = neg.range(15, 10);
  CHECK(table[top.range(2, 0)] == 40);
  ap_uint<16> bits = 0;
  bits.set_bit(3, true);
  CHECK(bits == 8 && bits.get_bit(3) && bits.length() == 16);
  CHECK(ap_fixed<16, 6>(-2.6875).to_int() == -2 && ap_fixed<16, 6>(2.6875).to_int() == 2);
  CHECK(ap_uint<40>(0x123456789ULL).to_uint64() == 0x123456789ULL && ap_int<40>(-5).to_int64() == -5);

  // Static type information.
  CHECK(data_t::width == 16 && data_t::iwidth == 6 && data_t::sign_flag && data_t::qmode == AP_TRN &&
        data_t::omode == AP_WRAP);
  CHECK(ap_ufixed<8, 4, AP_RND, AP_SAT>::qmode == AP_RND && !ap_ufixed<8, 4>::sign_flag);

  // Wide types: exact products and sums beyond 128 bits.
  ap_fixed<100, 60> w1 = -123456789.125;
  ap_fixed<100, 60> w2 = 987654321.5;
  ap_fixed<200, 120> wp = w1 * w2;
  CHECK(wp == w1 * w2 && wp.to_double() == -123456789.125 * 987654321.5);
  ap_fixed<256, 200> wide = w1;
  wide = wide * wide - wide;
  CHECK(wide > 0 && (wide + 1) > wide);
  CHECK(ap_fixed<130, 129>(-1.0) / 3 == 0 && ap_fixed<130, 129>(-7.0) / 4 == -1.5);  // trunc0 at the dividend LSB

  // Stream I/O.
  CHECK(str(data_t(0.099609375)) == "0.099609375" && str(ap_int<8>(-5)) == "-5" && str(ap_uint<8>(200)) == "200");
  std::istringstream in("0.1 -3");
  data_t r1, r2;
  in >> r1 >> r2;
  CHECK(r1.raw_hex() == "66" && r2 == -3);

  // hls::stream and hls_math.
  hls::stream<data_t> s("s");
  s.write(a);
  s << b;
  CHECK(s.size() == 2 && !s.empty());
  data_t x1 = s.read();
  data_t x2;
  s >> x2;
  CHECK(x1 == 1.5 && x2 == 2 && s.empty());
  CHECK(hls::exp(data_t(0)) == 1.0 && hls::sqrt(ap_ufixed<8, 4>(4)) == 2.0);

  std::printf("DONE %d\n", failures);
  return failures == 0 ? 0 : 1;
}
