// HLS Studio: io_stream GRU of the Quartus flavour, written for HLS Studio (not derived from hls4ml).
//
// hls4ml's Quartus io_stream has a GRU only (no SimpleRNN or LSTM), and it computes each time step as its
// io_parallel GRU does: the step's input word in data_T, the state in res_T, starting at 0. So this
// kernel reads the sequence (one word of n_in features per step), runs our io_parallel `gru`
// (nnet_recurrent.h) on it, and writes every state (return_sequences: one word of n_out per step) or the
// last one (one word). The values are the io_parallel values.
#ifndef NNET_QUARTUS_RECURRENT_STREAM_H_
#define NNET_QUARTUS_RECURRENT_STREAM_H_

#include "nnet_recurrent.h"
#include "nnet_stream.h"

namespace nnet {

template <class in_W, class out_W, typename CONFIG_T, class in_S, class out_S>
void gru_stream(in_S& in, out_S& out,
                const typename CONFIG_T::weight_t kernel[CONFIG_T::n_in * 3 * CONFIG_T::n_out],
                const typename CONFIG_T::recurrent_weight_t rec_kernel[CONFIG_T::n_out * 3 * CONFIG_T::n_out],
                const typename CONFIG_T::bias_t bias[3 * CONFIG_T::n_out],
                const typename CONFIG_T::recurrent_bias_t rec_bias[3 * CONFIG_T::n_out]) {
  typedef typename in_W::value_type data_T;
  typedef typename out_W::value_type res_T;
  static_assert(in_W::size == CONFIG_T::n_in, "a GRU input word is one time step");
  static_assert(out_W::size == CONFIG_T::n_out, "a GRU output word is one state");
  const unsigned n_states = CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1;
  data_T x[CONFIG_T::n_timesteps * CONFIG_T::n_in];
  res_T y[(CONFIG_T::return_sequences ? CONFIG_T::n_timesteps : 1) * CONFIG_T::n_out];
  for (unsigned t = 0; t < CONFIG_T::n_timesteps; t++) {
    const in_W w = in.read();
#pragma unroll
    for (unsigned j = 0; j < CONFIG_T::n_in; j++) x[t * CONFIG_T::n_in + j] = w[j];
  }
  gru<data_T, res_T, CONFIG_T>(x, y, kernel, rec_kernel, bias, rec_bias);
  for (unsigned t = 0; t < n_states; t++) {
    out_W w;
#pragma unroll
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) w[i] = y[t * CONFIG_T::n_out + i];
    out.write(w);
  }
}

}  // namespace nnet

#endif  // NNET_QUARTUS_RECURRENT_STREAM_H_
