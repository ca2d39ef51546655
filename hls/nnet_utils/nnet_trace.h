// HLS Studio layer template library: per-layer trace output in C simulation (hls4ml's `Trace` option).
//
// The top function calls trace_output() after every layer whose Trace setting is on, inside
// #ifndef __SYNTHESIS__, so synthesis never sees it. Nothing is written until the testbench calls
// trace_enable(true): a shared library built from the same sources stays silent.
// Each traced layer gets tb_data/<layer>_trace.log, truncated at its first write in the process, with one
// line per call (= per sample): the layer's output values separated by single spaces, printed with %.17g
// of to_double(), so the fixed-point values are exact.
#ifndef NNET_TRACE_H_
#define NNET_TRACE_H_

#ifndef __SYNTHESIS__
#include <cstdio>
#include <map>
#include <string>

namespace nnet {

inline bool &trace_enabled() {
    static bool enabled = false;
    return enabled;
}

inline void trace_enable(bool on) { trace_enabled() = on; }

// One open file per layer name, kept for the life of the process (stdio flushes them at exit).
inline std::FILE *trace_file(const char *layer) {
    static std::map<std::string, std::FILE *> files;
    const std::string key(layer);
    std::map<std::string, std::FILE *>::iterator it = files.find(key);
    if (it != files.end()) return it->second;
    const std::string path = "tb_data/" + key + "_trace.log";
    std::FILE *f = std::fopen(path.c_str(), "w");
    if (!f) std::fprintf(stderr, "WARNING: cannot write %s (does the tb_data folder exist?)\n", path.c_str());
    files[key] = f;
    return f;
}

template <class T> void trace_output(const char *layer, const T *data, unsigned n) {
    if (!trace_enabled()) return;
    std::FILE *f = trace_file(layer);
    if (!f) return;
    for (unsigned i = 0; i < n; i++) std::fprintf(f, i == 0 ? "%.17g" : " %.17g", data[i].to_double());
    std::fprintf(f, "\n");
}

} // namespace nnet
#endif

#endif
