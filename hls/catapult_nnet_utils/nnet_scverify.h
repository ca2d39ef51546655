// HLS Studio layer template library, Catapult flavour: the testbench's entry-point macros.
//
// Under Catapult, SCVerify drives the design from the testbench through CCS_MAIN / CCS_DESIGN /
// CCS_RETURN, defined by its mc_scverify.h. When that header is not on the include path (plain g++
// C-simulation with `make csim`), they become an ordinary main(), a direct call and a return.
#ifndef NNET_SCVERIFY_H_
#define NNET_SCVERIFY_H_

#if defined(__has_include)
#if __has_include(<mc_scverify.h>)
#include <mc_scverify.h>
#define NNET_HAVE_SCVERIFY 1
#endif
#endif

#ifndef NNET_HAVE_SCVERIFY
#define CCS_MAIN(...) int main(__VA_ARGS__)
#define CCS_DESIGN(f) f
#define CCS_RETURN(x) return (x)
#endif

#endif
