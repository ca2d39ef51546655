// C-sim parity of SimpleRNN, LSTM and GRU (torch semantics: both biases, GRU reset after the recurrent
// product, or before it as Keras reset_after=False), with and without return_sequences; 1,000 rows per
// seeded config.
import { describe, expect, it } from 'vitest';
import type { ModelGraph, RecurrentLayer } from '../../src/core/ir/graph';
import { sideBySide, torchRecurrentOn } from '../backends/recurrentLayers';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

const T = 5;
const N_IN = 3;

const rnn = torchRecurrentOn(T, N_IN);

const LAYERS: RecurrentLayer[] = [
  rnn('lstm_seq', 'LSTM', 4, true, 'tanh', 41),
  rnn('lstm_last', 'LSTM', 3, false, 'tanh', 42),
  rnn('gru_seq', 'GRU', 4, true, 'tanh', 43),
  rnn('gru_last', 'GRU', 3, false, 'relu', 44),
  rnn('gru_keras', 'GRU', 3, true, 'tanh', 47, false), // Keras reset_after=False
  rnn('rnn_seq', 'SimpleRNN', 4, true, 'tanh', 45),
  rnn('rnn_relu', 'SimpleRNN', 3, false, 'relu', 46),
];

const model = (): ModelGraph => sideBySide('rnns', T, N_IN, LAYERS);

describe.each([1, 2, 3].map((s) => [s] as const))('recurrent parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const d = new TypeDraw(seed);
    const settings: Parameters<typeof configWith>[0] = {
      x: { precision: { result: d.fixed(10, 16, 3, 6) } },
    };
    for (const l of LAYERS) {
      settings[l.name] = {
        tableSize: d.pick([256, 512, 1024, 2048]),
        precision: {
          result: d.fixed(8, 18, 2, 5),
          weight: d.fixed(6, 12, 1, 2),
          recurrent_weight: d.fixed(6, 12, 1, 2),
          bias: d.fixed(6, 12, 1, 2),
          recurrent_bias: d.fixed(6, 12, 1, 2),
          accum: d.fixed(12, 24, 3, 7),
          table: d.fixed(8, 20, 2, 3),
        },
      };
    }
    const rows = parityInputs(400 + seed, T * N_IN, 1.2);
    const r = await runGraphParity(`rnns${seed}`, model(), configWith(settings), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * (T * 4 + 3 + T * 4 + 3 + T * 3 + T * 4 + 3));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});
