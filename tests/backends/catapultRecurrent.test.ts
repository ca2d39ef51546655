/**
 * Catapult LSTM and GRU (hls4ml's Catapult cast points, piecewise-linear sigmoid / tanh; emulate/
 * catapultRecurrent.ts, hls/catapult_nnet_utils/nnet_recurrent.h), the refusals of what hls4ml's Catapult
 * lacks (SimpleRNN, GRU reset_after=False, a linear recurrent activation, LayerNormalization), and C-sim
 * parity: emulator raws == `make csim` raws on 1,000 rows with random precisions and modes, overflowing
 * rows included, in io_parallel and io_stream (hls4ml's lstm_stack / gru_stack ac_channel overloads: one
 * timestep per word, the io_parallel step; ours the shared nnet_recurrent_stream.h wrapper).
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import { defaultConfig, type DesignConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import type { ActivationFn, Layer, ModelGraph, RecurrentLayer } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { TypeDraw, configWith, parityInputs, runGraphParity } from '../csim/elementwiseHarness';
import { graph, rng } from './graphs';
import { unresolvedIncludes } from './projectChecks';

const library = loadHlsLibraryFromDisk();
const CATAPULT = defaultConfig('Catapult');
const STREAM: DesignConfig = { ...CATAPULT, ioType: 'io_stream' };
const T = 5;
const N_IN = 3;

function rnn(
  name: string,
  kind: RecurrentLayer['kind'],
  units: number,
  returnSequences: boolean,
  activation: ActivationFn,
  recurrentActivation: ActivationFn,
  seed: number,
  resetAfter = true,
): RecurrentLayer {
  const r = rng(seed);
  const g = (kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1) * units;
  const t = (n: number, s: number) => ({ shape: [n], data: Float32Array.from({ length: n }, () => r() * s) });
  return {
    kind,
    name,
    inputs: ['x'],
    outputShape: returnSequences ? [T, units] : [units],
    source: { op: kind, node: name },
    units,
    returnSequences,
    activation,
    recurrentActivation,
    resetAfter,
    kernel: t(N_IN * g, 0.8),
    recurrentKernel: t(units * g, 0.6),
    bias: t(g, 0.3),
    recurrentBias: kind === 'LSTM' && seed % 2 === 0 ? null : t(g, 0.3),
  };
}

const X: Layer = {
  kind: 'Input',
  name: 'x',
  inputs: [],
  outputShape: [T, N_IN],
  source: { op: 'input', node: 'x' },
};

const LAYERS: RecurrentLayer[] = [
  rnn('lstm_seq', 'LSTM', 4, true, 'tanh', 'sigmoid', 51),
  rnn('lstm_last', 'LSTM', 3, false, 'relu', 'sigmoid', 52),
  rnn('gru_seq', 'GRU', 4, true, 'tanh', 'sigmoid', 53),
  rnn('gru_last', 'GRU', 3, false, 'relu', 'tanh', 54),
];

function model(): ModelGraph {
  return graph(
    'crnn',
    [X, ...LAYERS],
    LAYERS.map((l) => l.name),
  );
}

function randomConfig(seed: number, base: DesignConfig = CATAPULT): DesignConfig {
  const d = new TypeDraw(seed);
  const settings: Parameters<typeof configWith>[0] = { x: { precision: { result: d.fixed(10, 16, 3, 6) } } };
  for (const l of LAYERS) {
    settings[l.name] = {
      precision: {
        result: d.fixed(8, 18, 2, 5),
        weight: d.fixed(6, 12, 1, 2),
        recurrent_weight: d.fixed(6, 12, 1, 2),
        bias: d.fixed(6, 12, 1, 2),
        recurrent_bias: d.fixed(6, 12, 1, 2),
        accum: d.fixed(12, 22, 3, 6),
      },
    };
  }
  return configWith(settings, base);
}

const unresolved = (files: ProjectFiles): string[] =>
  unresolvedIncludes(files, ['firmware', 'firmware/ac_types', 'firmware/nnet_utils'], [/^mc_scverify\.h$/]);

function refused(g: ModelGraph): StudioError {
  const lowered = lower(g, CATAPULT);
  let e: unknown = null;
  try {
    generateProject(lowered, library);
  } catch (err) {
    e = err;
  }
  if (!(e instanceof StudioError)) throw new Error('not refused');
  return e;
}

describe('Catapult recurrent layers: files and refusals', () => {
  it('writes nnet::recurrent with the Catapult nnet_recurrent.h; every include resolves', () => {
    const files = generateProject(lower(model(), CATAPULT), library);
    expect(files.get('firmware/myproject.cpp')).toMatch(/nnet::recurrent<[^;]*, br5\);/);
    expect(files.get('firmware/nnet_utils/nnet_recurrent.h')).toContain('rnn_cell<4>');
    expect(files.get('firmware/parameters.h')).toContain('#include "nnet_utils/nnet_recurrent.h"');
    for (const f of ['firmware/myproject.cpp', 'firmware/parameters.h', 'firmware/defines.h']) {
      expect(files.get(f)).not.toMatch(/\bap_(fixed|int|uint)</);
    }
    expect(unresolved(files)).toEqual([]);
  });

  it('io_stream: the shared stream wrapper over the Catapult kernels, ac_channels, includes resolve', () => {
    const files = generateProject(lower(model(), STREAM), library);
    const top = files.get('firmware/myproject.cpp')!;
    expect(top.match(/nnet::recurrent<[^;]*, br\d+\);/g)).toHaveLength(4);
    expect(top).toMatch(/^ {4}static ac_channel<[^;]+;/m);
    expect(files.get('firmware/parameters.h')).toContain('#include "nnet_utils/nnet_recurrent_stream.h"');
    expect(files.get('firmware/nnet_utils/nnet_recurrent_stream.h')).toBe(
      library.get('nnet_utils/nnet_recurrent_stream.h'),
    );
    expect(files.get('firmware/nnet_utils/nnet_recurrent.h')).toBe(
      library.get('catapult_nnet_utils/nnet_recurrent.h'),
    );
    expect(unresolved(files)).toEqual([]);
    // projects without a recurrent layer do not carry the recurrent headers
    const flat: Layer = {
      kind: 'Reshape',
      name: 'f',
      inputs: ['x'],
      outputShape: [T * N_IN],
      source: { op: 'Flatten', node: 'f' },
    };
    const dense = graph('d', [X, flat], ['f']);
    const plain = generateProject(lower(dense, STREAM), library);
    expect([...plain.keys()].filter((k) => k.includes('recurrent'))).toEqual([]);
    // hls4ml's Catapult stream overloads run the io_parallel step per word: the same values
    const rows = parityInputs(8899, T * N_IN, 1.5).slice(0, 50);
    const s = emulate(lower(model(), randomConfig(3, STREAM)), rows).outputs;
    const p = emulate(lower(model(), randomConfig(3)), rows).outputs;
    expect(s.map((o) => Array.from(o))).toEqual(p.map((o) => Array.from(o)));
  });

  it("refuses what hls4ml's Catapult has no kernel for, in the writer and the emulator", () => {
    const cases: [Layer, RegExp][] = [
      [
        rnn('r', 'SimpleRNN', 3, false, 'tanh', 'sigmoid', 61),
        /^a SimpleRNN layer cannot be generated for the Catapult backend$/,
      ],
      [
        rnn('g', 'GRU', 3, false, 'tanh', 'sigmoid', 62, false),
        /^a GRU with reset_after=False cannot be generated for the Catapult backend$/,
      ],
      [
        rnn('l', 'LSTM', 3, false, 'linear', 'sigmoid', 63),
        /^a LSTM with a linear activation cannot be generated for the Catapult backend$/,
      ],
    ];
    for (const [layer, message] of cases) {
      const g = graph('r', [X, layer], [layer.name]);
      const e = refused(g);
      expect(e.message).toMatch(message);
      expect(e.hint).toContain("hls4ml's Catapult");
      expect(e.location.node).toBe(layer.name);
      expect(() => emulate(lower(g, CATAPULT), [new Array<number>(T * N_IN).fill(0.5)])).toThrow(message);
    }
    const ln = {
      kind: 'LayerNormalization',
      name: 'ln',
      inputs: ['x'],
      outputShape: [T, N_IN],
      source: { op: 'LayerNormalization', node: 'ln' },
      epsilon: 1e-3,
      gamma: { shape: [N_IN], data: new Float32Array(N_IN).fill(1) },
      beta: { shape: [N_IN], data: new Float32Array(N_IN) },
    } as Layer;
    const e = refused(graph('ln', [X, ln], ['ln']));
    expect(e.message).toBe('a LayerNormalization layer cannot be generated for the Catapult backend yet');
    expect(e.hint).toContain('no LayerNormalization kernel');
  });
});

describe.each([1, 2].map((s) => [s] as const))('Catapult recurrent C-sim parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows, overflowing ones included', async () => {
    const rows = parityInputs(8800 + seed, T * N_IN, 1.5);
    const r = await runGraphParity(`catapult-rnn${seed}`, model(), randomConfig(seed), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * (T * 4 + 3 + T * 4 + 3));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});

describe('Catapult recurrent io_stream C-sim parity', () => {
  it('make csim prints exactly the emulator outputs for 1,000 rows, overflowing ones included', async () => {
    const rows = parityInputs(8810, T * N_IN, 1.5);
    const r = await runGraphParity('catapult-rnn-stream3', model(), randomConfig(3, STREAM), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * (T * 4 + 3 + T * 4 + 3));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});
