/**
 * Quartus / oneAPI recurrent gaps: GRU at reuse factors above 1 (the resource multiply's product order,
 * which shows when accum_t saturates), SimpleRNN and LSTM with PyTorch's recurrent bias (hls4ml's
 * simple_rnn_pytorch; our lstm_pytorch, as hls4ml's Quartus LSTM has one bias), and the refusals that stay
 * (LayerNormalization, GRU reuse factors invalid for its multiplications). C-sim parity: emulator raws ==
 * `make csim` raws on 1,000 rows, overflowing ones included.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { resourceOrder } from '../../src/core/emulate/quartusRecurrent';
import { StudioError } from '../../src/core/errors';
import type { ActivationFn, Layer, ModelGraph, RecurrentLayer } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { parityInputs, runGraphParity } from '../csim/elementwiseHarness';
import { graph, unitLayerNorm } from './graphs';
import { randomIntelConfig } from './intelConfigs';
import { inputND } from './quartusGraphs';
import { randomRecurrent } from './recurrentLayers';

const library = loadHlsLibraryFromDisk();
const STEPS = 5;
const N_IN = 6;

function rnn(
  name: string,
  kind: RecurrentLayer['kind'],
  units: number,
  fn: ActivationFn,
  returnSequences: boolean,
  recurrentBias: boolean,
  seed: number,
): RecurrentLayer {
  const d = { steps: STEPS, nIn: N_IN, scales: [0.8, 0.6, 0.4] as const };
  return randomRecurrent(name, kind, units, seed, { ...d, returnSequences, activation: fn, recurrentBias });
}

/** GRUs at reuse factors 2 (x order 0,2,4,1,3,5; h order 0,2,1,3) and 3; SimpleRNNs and an LSTM with b_hh. */
function gapsGraph(): ModelGraph {
  const layers: Layer[] = [
    inputND('x', [STEPS, N_IN]),
    rnn('gru_rf2', 'GRU', 4, 'tanh', true, true, 601),
    rnn('gru_rf3', 'GRU', 3, 'relu', false, true, 602),
    rnn('rnn_b', 'SimpleRNN', 4, 'tanh', true, true, 603),
    rnn('rnn_relu_b', 'SimpleRNN', 3, 'relu', false, true, 604),
    rnn('lstm_b', 'LSTM', 3, 'tanh', false, true, 605),
  ];
  return graph('gaps', layers, ['gru_rf2', 'gru_rf3', 'rnn_b', 'rnn_relu_b', 'lstm_b']);
}

/** Random types (intelConfigs.ts), the GRUs' reuse factors, and optionally saturating accumulators. */
function gapsConfig(
  seed: number,
  saturate: boolean,
  backend: 'Quartus' | 'oneAPI' = 'Quartus',
): DesignConfig {
  let c = randomIntelConfig(gapsGraph(), seed, backend);
  c = withLayerSetting(c, 'gru_rf2', { reuseFactor: 2 });
  c = withLayerSetting(c, 'gru_rf3', { reuseFactor: 3 });
  if (saturate) {
    for (const n of ['gru_rf2', 'gru_rf3']) {
      c = withLayerSetting(c, n, { precision: { accum: 'ap_fixed<10,3,AP_TRN,AP_SAT>' } });
    }
  }
  return c;
}

function refusal(g: ModelGraph, config: DesignConfig): StudioError {
  const lowered = lower(g, config);
  let writer: unknown = null;
  try {
    generateProject(lowered, library);
  } catch (e) {
    writer = e;
  }
  expect(() => emulate(lowered, [new Array<number>(STEPS * N_IN).fill(0.5)])).toThrow(StudioError);
  if (!(writer instanceof StudioError)) throw new Error('not refused');
  return writer;
}

describe('Quartus recurrent gaps: emulator and writer', () => {
  it('orders the products like the resource multiply (ir + R·k), input order for R = 1 or R ≥ n', () => {
    expect(resourceOrder(6, 1)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(resourceOrder(6, 2)).toEqual([0, 2, 4, 1, 3, 5]);
    expect(resourceOrder(6, 3)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(resourceOrder(4, 8)).toEqual([0, 1, 2, 3]);
  });

  it('a saturating GRU differs between reuse factors 1 and 2 (the order is observable)', () => {
    const g = graph(
      'g',
      [inputND('x', [STEPS, N_IN]), rnn('gru_rf2', 'GRU', 4, 'tanh', true, true, 601)],
      ['gru_rf2'],
    );
    const sat = withLayerSetting(defaultConfig('Quartus'), 'gru_rf2', {
      precision: { accum: 'ap_fixed<10,3,AP_TRN,AP_SAT>' },
    });
    const rows = parityInputs(77, STEPS * N_IN, 3).slice(0, 200);
    const rf1 = emulate(lower(g, sat), rows).outputs[0]!;
    const rf2 = emulate(lower(g, withLayerSetting(sat, 'gru_rf2', { reuseFactor: 2 })), rows).outputs[0]!;
    let differ = 0;
    for (let i = 0; i < rf1.length; i++) if (rf1[i] !== rf2[i]) differ++;
    expect(differ).toBeGreaterThan(0);
  });

  it('writes simple_rnn_pytorch with br for a SimpleRNN with a recurrent bias, simple_rnn without', () => {
    const files = generateProject(lower(gapsGraph(), gapsConfig(1, false)), library);
    const top = files.get('firmware/myproject.cpp')!;
    expect(top).toMatch(/nnet::simple_rnn_pytorch<[^;]*, br4\);/);
    expect(top).toMatch(/nnet::simple_rnn_pytorch<[^;]*, br5\);/);
    const params = files.get('firmware/parameters.h')!;
    expect(params).toContain('#include "weights/br4.h"');
    expect(params).toContain('#include "weights/br5.h"');
    expect(top).toMatch(/nnet::lstm_pytorch<[^;]*, br6\);/);
    expect(params).toMatch(/static const unsigned reuse_factor = 2;/);
    const plain = graph(
      'p',
      [inputND('x', [STEPS, N_IN]), rnn('r', 'SimpleRNN', 3, 'tanh', false, false, 9)],
      ['r'],
    );
    const plainFiles = generateProject(lower(plain, defaultConfig('Quartus')), library);
    expect(plainFiles.get('firmware/myproject.cpp')).toMatch(/nnet::simple_rnn<[^;]*, b2\);/);
    expect(plainFiles.get('firmware/parameters.h')).not.toContain('weights/br2.h');
  });

  it('refuses a GRU reuse factor invalid for its multiplications, naming the valid ones', () => {
    // 6×12 and 4×12: 5 divides neither size
    const g = graph(
      'g',
      [inputND('x', [STEPS, N_IN]), rnn('gru', 'GRU', 4, 'tanh', false, true, 5)],
      ['gru'],
    );
    const e = refusal(g, withLayerSetting(defaultConfig('Quartus'), 'gru', { reuseFactor: 5 }));
    expect(e.message).toBe(
      'GRU reuse factor 5 is not valid for its 6×12 and 4×12 multiplications on the Quartus / oneAPI backends',
    );
    expect(e.hint).toMatch(/^Use one of 1, 2, /);
    expect(e.location.node).toBe('gru');
  });

  it('refuses LayerNormalization on Quartus and oneAPI (hls4ml has no kernel for it)', () => {
    const g = graph('ln', [inputND('x', [STEPS, N_IN]), unitLayerNorm('ln', [STEPS, N_IN])], ['ln']);
    for (const backend of ['Quartus', 'oneAPI'] as const) {
      const e = refusal(g, defaultConfig(backend));
      expect(e.message).toBe(`LayerNormalization is not supported by the ${backend} backend`);
      expect(e.hint).toContain('no LayerNormalization kernel');
      expect(e.location.node).toBe('ln');
    }
  });
});

describe.each([
  ['Quartus, random modes', 1, false, 'Quartus'],
  ['Quartus, saturating GRU accumulators', 2, true, 'Quartus'],
  ['oneAPI, saturating GRU accumulators', 3, true, 'oneAPI'],
] as const)('C-sim parity of the recurrent gaps, %s', (_what, seed, saturate, backend) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows, overflowing ones included', async () => {
    const rows = parityInputs(6100 + seed, STEPS * N_IN, 2);
    const config = gapsConfig(seed, saturate, backend);
    const r = await runGraphParity(`q_rnn_gaps${seed}`, gapsGraph(), config, rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * (STEPS * 4 + 3 + STEPS * 4 + 3 + 3));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});
