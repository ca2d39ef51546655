// C-sim parity of HGQ's heterogeneous FixedPointQuantizer: every element converted into its own type
// (random widths, integer bits, signs, 0-bit elements; each seed its own rounding and overflow modes),
// then into result_t; 1,000 rows per seeded config, two quantizers per graph.
import { describe, expect, it } from 'vitest';
import type { FixedPointQuantizerLayer, ModelGraph } from '../../src/core/ir/graph';
import { graph, input } from '../backends/graphs';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

const N = 24;
const MODES: readonly [string, string][] = [
  ['TRN', 'WRAP'],
  ['RND', 'SAT'],
  ['RND_CONV', 'WRAP'],
  ['TRN', 'SAT_SYM'],
];

function quantizer(
  name: string,
  from: string,
  d: TypeDraw,
  modes: readonly [string, string],
): FixedPointQuantizerLayer {
  const keepNegative: number[] = [];
  const bits: number[] = [];
  const integers: number[] = [];
  for (let e = 0; e < N; e++) {
    keepNegative.push(d.int(0, 1));
    bits.push(e % 7 === 3 ? 0 : d.int(1, 12));
    integers.push(d.int(-2, 8));
  }
  return {
    kind: 'FixedPointQuantizer',
    name,
    inputs: [from],
    outputShape: [N],
    source: { op: 'FixedPointQuantizer', node: name },
    keepNegative,
    bits,
    integers,
    rounding: modes[0],
    overflow: modes[1],
  };
}

describe.each([1, 2, 3, 4].map((s) => [s] as const))('FixedPointQuantizer parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const d = new TypeDraw(700 + seed);
    const modes = MODES[seed - 1]!;
    const g: ModelGraph = graph(
      'fpq',
      [input('x', N), quantizer('q1', 'x', d, modes), quantizer('q2', 'x', d, MODES[seed % 4]!)],
      ['q1', 'q2'],
    );
    const config = configWith({
      x: { precision: { result: d.fixed(14, 20, 5, 8) } },
      q1: { precision: { result: d.fixed(10, 16, 4, 8) } },
      q2: { precision: { result: d.fixed(10, 16, 4, 8) } },
    });
    const res = await runGraphParity(`fpq${seed}`, g, config, parityInputs(900 + seed, N, 6));
    expect(res.rows).toBe(1000);
    expect(res.values).toBe(1000 * N * 2);
    expect(res.mismatches).toEqual([]);
    expect(res.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});
