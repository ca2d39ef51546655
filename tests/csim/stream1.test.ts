// io_stream C-sim parity, part 2 of 2: the element-wise case (every activation, softmax in all four
// implementations, merges, concatenate, PReLU, batch norm, Dot, fan-out through clone_stream, several
// output streams) and the pooling case (hls4ml's stream pooling arithmetic, which differs from
// io_parallel), each with seeded random configurations.
import { describe, expect, it } from 'vitest';
import { emulate } from '../../src/core/emulate/engine';
import type { ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import {
  streamElementwiseConfig,
  streamElementwiseGraph,
  streamPoolingConfig,
  streamPoolingGraph,
} from './streamCases';
import { parityInputs, runGraphParity } from './elementwiseHarness';

const valuesPerRow = (g: ModelGraph): number =>
  g.outputs
    .map((n) => g.layers.find((l) => l.name === n)!.outputShape.reduce((a, b) => a * b, 1))
    .reduce((a, b) => a + b, 0);

const inputsPerRow = (g: ModelGraph): number =>
  g.inputs
    .map((n) => g.layers.find((l) => l.name === n)!.outputShape.reduce((a, b) => a * b, 1))
    .reduce((a, b) => a + b, 0);

describe.each([1, 2].map((s) => [s] as const))(
  'C-sim parity (io_stream) element-wise, config seed %i',
  (seed) => {
    it('make csim of the io_stream project prints exactly the emulator outputs for 1,000 rows', async () => {
      const g = streamElementwiseGraph();
      const rows = parityInputs(700 + seed, inputsPerRow(g), 1.5);
      const r = await runGraphParity(`stream_elementwise${seed}`, g, streamElementwiseConfig(seed), rows);
      expect(r.rows).toBe(1000);
      expect(r.values).toBe(1000 * valuesPerRow(g));
      expect(r.mismatches).toEqual([]);
      expect(r.overflowEvents).toBeGreaterThan(0);
    }, 600_000);
  },
);

describe.each([1, 2].map((s) => [s] as const))('C-sim parity (io_stream) pooling, config seed %i', (seed) => {
  const g = streamPoolingGraph();
  const rows = parityInputs(800 + seed, inputsPerRow(g), 1.5);

  it('make csim of the io_stream project prints exactly the emulator outputs for 1,000 rows', async () => {
    const r = await runGraphParity(`stream_pooling${seed}`, g, streamPoolingConfig(seed), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * valuesPerRow(g));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);

  it('the emulator follows the stream arithmetic: io_parallel gives other values on the same rows', () => {
    const config = streamPoolingConfig(seed);
    const stream = emulate(lower(g, config), rows);
    const parallel = emulate(lower(g, { ...config, ioType: 'io_parallel' }), rows);
    let differ = 0;
    stream.outputs.forEach((out, o) => {
      for (let i = 0; i < out.length; i++) if (out[i] !== parallel.outputs[o]![i]) differ++;
    });
    expect(differ).toBeGreaterThan(0);
  });
});
