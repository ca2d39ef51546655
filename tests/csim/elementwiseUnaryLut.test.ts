// C-sim parity of HGQ's UnaryLUT: tables indexed by the raw bits of signed and unsigned inputs (random
// widths, integer bits and modes per seed; random entries written in a random table_t, which result_t
// follows), 1,000 rows per seed with overflowing rows; and the synthetic HGQ proxy model of testModels.ts.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config/designConfig';
import { unaryLutModel } from '../../src/core/frontends/keras/testModels';
import type { Layer, ModelGraph } from '../../src/core/ir/graph';
import { activation, graph, input, rng } from '../backends/graphs';
import { OVERFLOW, ROUNDING, TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

const N = 16;

function lut(name: string, from: string, bits: number, seed: number): Layer {
  const r = rng(seed);
  return {
    kind: 'UnaryLUT',
    name,
    inputs: [from],
    outputShape: [N],
    source: { op: 'UnaryLUT', node: name },
    table: { shape: [2 ** bits], data: Float32Array.from({ length: 2 ** bits }, () => r() * 5) },
  };
}

describe.each([1, 2].map((s) => [s] as const))('UnaryLUT parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const d = new TypeDraw(1300 + seed);
    const ws = d.int(3, 9);
    const wu = d.int(2, 8);
    const g: ModelGraph = graph(
      'lut',
      [
        input('x', N),
        lut('lut_s', 'x', ws, 40 + seed),
        activation('xu', 'x', N, 'linear'),
        lut('lut_u', 'xu', wu, 50 + seed),
      ],
      ['lut_s', 'lut_u'],
    );
    const fx = (w: number, iLo: number, iHi: number, unsigned = false): string =>
      `${unsigned ? 'ap_ufixed' : 'ap_fixed'}<${w},${d.int(iLo, iHi)},${d.pick(ROUNDING)},${d.pick(OVERFLOW)}>`;
    const config = configWith({
      x: { precision: { result: fx(ws, 1, 4) } },
      xu: { precision: { result: fx(wu, 0, 3, true) } },
      lut_s: { precision: { table: fx(d.int(6, 14), 2, 5) } },
      lut_u: { precision: { table: d.fixed(6, 14, 2, 5, true) } },
    });
    const res = await runGraphParity(`lut${seed}`, g, config, parityInputs(1400 + seed, N, 3));
    expect(res.rows).toBe(1000);
    expect(res.values).toBe(1000 * N * 2);
    expect(res.mismatches).toEqual([]);
    expect(res.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});

describe.each([
  ['Vivado', 'io_stream'],
  ['Catapult', 'io_parallel'],
  ['Catapult', 'io_stream'],
] as const)('UnaryLUT parity, %s %s', (backend, ioType) => {
  it('make csim prints exactly the emulator outputs for a [4, 4] tensor', async () => {
    const d = new TypeDraw(1500);
    const ws = d.int(4, 8);
    const x: Layer = {
      kind: 'Input',
      name: 'x',
      inputs: [],
      outputShape: [4, 4],
      source: { op: 'input', node: 'x' },
    };
    const table = lut('lut', 'x', ws, 60);
    const g = graph('lut_stream', [x, { ...table, outputShape: [4, 4] }], ['lut']);
    const config = configWith(
      {
        x: { precision: { result: `ap_fixed<${ws},${d.int(1, 4)},AP_RND,AP_SAT>` } },
        lut: { precision: { table: d.fixed(6, 14, 2, 5) } },
      },
      { ...defaultConfig(backend), ioType },
    );
    const res = await runGraphParity(`lut_${backend}_${ioType}`, g, config, parityInputs(1600, N, 3));
    expect(res.rows).toBe(1000);
    expect(res.values).toBe(1000 * N);
    expect(res.mismatches).toEqual([]);
  }, 600_000);
});

describe('HGQ proxy model with a UnaryLUT (synthetic)', () => {
  it('make csim prints exactly the emulator outputs', async () => {
    const rows = Array.from({ length: 300 }, (_, r) =>
      Array.from({ length: 6 }, (_, i) => Math.sin(r * 3.7 + i * 1.3) * (r % 5 === 0 ? 9 : 2.6)),
    );
    const res = await runGraphParity('hgq_lut', unaryLutModel({ dense: true }), defaultConfig(), rows);
    expect(res.rows).toBe(300);
    expect(res.values).toBe(600);
    expect(res.mismatches).toEqual([]);
  }, 600_000);
});
