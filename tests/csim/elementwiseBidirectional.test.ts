// C-sim parity of Bidirectional(LSTM|GRU) (io_parallel, merge_mode concat): return sequences or the last
// output, equal and different directions (LSTM/GRU, units, reset_after), every direction's weight types
// drawn separately; 1,000 rows per seeded config, a quarter of them ×20 so that narrow types overflow.
import { describe, expect, it } from 'vitest';
import type { ActivationFn, BidirectionalLayer, ModelGraph, RecurrentLayer } from '../../src/core/ir/graph';
import { randomRecurrent, sideBySide } from '../backends/recurrentLayers';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

const T = 4;
const N_IN = 3;

function direction(
  kind: 'LSTM' | 'GRU',
  units: number,
  activation: ActivationFn,
  seed: number,
  resetAfter = true,
): RecurrentLayer {
  return randomRecurrent(`${kind.toLowerCase()}_${seed}`, kind, units, seed, {
    steps: T,
    nIn: N_IN,
    returnSequences: false,
    activation,
    resetAfter,
    recurrentBias: kind === 'GRU' && resetAfter,
  });
}

function bidirectional(
  name: string,
  seq: boolean,
  forward: RecurrentLayer,
  backward: RecurrentLayer,
): BidirectionalLayer {
  const width = forward.units + backward.units;
  return {
    kind: 'Bidirectional',
    name,
    inputs: ['x'],
    outputShape: seq ? [T, width] : [width],
    source: { op: 'Bidirectional', node: name },
    mergeMode: 'concat',
    returnSequences: seq,
    forward: { ...forward, returnSequences: seq },
    backward: { ...backward, returnSequences: seq },
  };
}

const LAYERS: BidirectionalLayer[] = [
  bidirectional('bi_lstm_seq', true, direction('LSTM', 3, 'tanh', 61), direction('LSTM', 3, 'tanh', 62)),
  bidirectional('bi_lstm_last', false, direction('LSTM', 2, 'tanh', 63), direction('LSTM', 2, 'tanh', 64)),
  bidirectional('bi_gru_seq', true, direction('GRU', 3, 'tanh', 65), direction('GRU', 2, 'tanh', 66, false)),
  bidirectional('bi_gru_last', false, direction('GRU', 2, 'relu', 67), direction('GRU', 2, 'tanh', 68)),
  bidirectional('bi_mixed_seq', true, direction('LSTM', 2, 'tanh', 69), direction('GRU', 3, 'tanh', 70)),
];

const model = (): ModelGraph => sideBySide('bidirectional', T, N_IN, LAYERS);

const valuesPerRow = LAYERS.reduce(
  (a, l) => a + (l.returnSequences ? T : 1) * (l.forward.units + l.backward.units),
  0,
);

describe.each([1, 2].map((s) => [s] as const))('bidirectional parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const d = new TypeDraw(700 + seed);
    const settings: Parameters<typeof configWith>[0] = {
      x: { precision: { result: d.fixed(10, 16, 3, 6) } },
    };
    for (const l of LAYERS) {
      const precision: Record<string, string> = {
        result: d.fixed(8, 18, 2, 5),
        accum: d.fixed(12, 24, 3, 7),
        table: d.fixed(8, 20, 2, 3),
      };
      for (const dir of ['forward', 'backward']) {
        precision[`${dir}_weight`] = d.fixed(6, 12, 1, 2);
        precision[`${dir}_recurrent_weight`] = d.fixed(6, 12, 1, 2);
        precision[`${dir}_bias`] = d.fixed(6, 12, 1, 2);
        precision[`${dir}_recurrent_bias`] = d.fixed(6, 12, 1, 2);
      }
      settings[l.name] = { tableSize: d.pick([256, 512, 1024, 2048]), precision };
    }
    const rows = parityInputs(800 + seed, T * N_IN, 1.2);
    const r = await runGraphParity(`bidir${seed}`, model(), configWith(settings), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * valuesPerRow);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 900_000);
});
