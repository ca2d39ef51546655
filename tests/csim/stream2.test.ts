// io_stream C-sim parity, part 3: the kinds hls4ml also streams beyond the first two parts — Embedding
// (one word of indices in, one word per table row out), LSTM / GRU (one word per timestep in, one word
// per timestep or one at the end out) and broadcasting merges ((1, 1, C) and (H, W, 1) operands expanded
// in the model's default precision, as hls4ml's Broadcast layer), with seeded random precisions and
// 1,000 rows each, some of which overflow. The kinds hls4ml does not stream (LayerNormalization,
// SimpleRNN, HGQ's quantizer) are refused with that said.
import { describe, expect, it } from 'vitest';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import type { EmbeddingLayer, Layer, MergeOp, ModelGraph, RecurrentLayer } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { graph, input, rng, unitLayerNorm } from '../backends/graphs';
import { sideBySide, torchRecurrentOn } from '../backends/recurrentLayers';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

const T = 5;
const N_IN = 3;
const N_IDS = 6;

const rnn = torchRecurrentOn(T, N_IN);

function embedding(name: string, vocab: number, nOut: number, seed: number): EmbeddingLayer {
  const r = rng(seed);
  return {
    kind: 'Embedding',
    name,
    inputs: ['ids'],
    outputShape: [N_IDS, nOut],
    source: { op: 'Embedding', node: name },
    vocab,
    nOut,
    weight: { shape: [vocab, nOut], data: Float32Array.from({ length: vocab * nOut }, () => r() * 3) },
  };
}

const sequence: Layer = {
  kind: 'Input',
  name: 'x',
  inputs: [],
  outputShape: [T, N_IN],
  source: { op: 'input', node: 'x' },
};

const RECURRENT: RecurrentLayer[] = [
  rnn('lstm_seq', 'LSTM', 4, true, 'tanh', 141),
  rnn('lstm_last', 'LSTM', 3, false, 'tanh', 142),
  rnn('gru_seq', 'GRU', 4, true, 'tanh', 143),
  rnn('gru_last', 'GRU', 3, false, 'relu', 144),
  rnn('gru_keras', 'GRU', 3, true, 'tanh', 147, false), // Keras reset_after=False
];
const EMBEDDINGS: EmbeddingLayer[] = [embedding('e1', 20, 5, 131), embedding('e2', 7, 3, 132)];

const seqModel = (): ModelGraph => sideBySide('stream_seq', T, N_IN, RECURRENT);

function idsModel(): ModelGraph {
  return graph(
    'stream_ids',
    [input('ids', N_IDS), ...EMBEDDINGS],
    EMBEDDINGS.map((l) => l.name),
  );
}

function config(seed: number) {
  const d = new TypeDraw(seed);
  const settings: Parameters<typeof configWith>[0] = {
    x: { precision: { result: d.fixed(10, 16, 3, 6) } },
    ids: { precision: { result: d.fixed(8, 14, 5, 7, seed === 2) } },
  };
  for (const l of RECURRENT) {
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
  for (const l of EMBEDDINGS) {
    settings[l.name] = { precision: { result: d.fixed(6, 14, 1, 2), embeddings: d.fixed(8, 16, 2, 3) } };
  }
  return { ...configWith(settings), ioType: 'io_stream' as const };
}

const seqRows = (seed: number): number[][] => parityInputs(900 + seed, T * N_IN, 1.2);
// Indices around the vocabularies, some negative or past the end (clamped), some overflowing the input type.
const idsRows = (seed: number): number[][] =>
  parityInputs(950 + seed, N_IDS, 8).map((r) => r.map((v) => v + 6));

describe.each([1].map((s) => [s] as const))('C-sim parity (io_stream) LSTM and GRU, seed %i', (seed) => {
  it('make csim of the io_stream project prints exactly the emulator outputs for 1,000 rows', async () => {
    const r = await runGraphParity(`stream_seq${seed}`, seqModel(), config(seed), seqRows(seed));
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * (T * 4 + 3 + T * 4 + 3 + T * 3));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 900_000);
});

describe('C-sim parity (io_stream) embedding, seed 3', () => {
  it('make csim of the io_stream project prints exactly the emulator outputs for 1,000 rows', async () => {
    const r = await runGraphParity('stream_ids3', idsModel(), config(3), idsRows(3));
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * N_IDS * (5 + 3));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 900_000);
});

const H = 4;
const W = 4;
const C = 3;

function merge(name: string, op: MergeOp, a: string, b: string): Layer {
  return { kind: 'Merge', name, op, inputs: [a, b], outputShape: [H, W, C], source: { op, node: name } };
}

/** x [4,4,3]; a (1,1,3) operand from global average pooling, an (4,4,1) one from a 1×1 conv to one filter. */
function broadcastModel(): ModelGraph {
  const r = rng(161);
  const x: Layer = {
    kind: 'Input',
    name: 'x',
    inputs: [],
    outputShape: [H, W, C],
    source: { op: 'input', node: 'x' },
  };
  const gp: Layer = {
    kind: 'GlobalPooling',
    name: 'gp',
    inputs: ['x'],
    outputShape: [C],
    source: { op: 'GlobalAveragePool', node: 'gp' },
    rank: 2,
    op: 'average',
    keepDims: false,
  };
  const gpr: Layer = {
    kind: 'Reshape',
    name: 'gpr',
    inputs: ['gp'],
    outputShape: [1, 1, C],
    source: { op: 'Reshape', node: 'gpr' },
  };
  const cv: Layer = {
    kind: 'Conv',
    name: 'cv',
    inputs: ['x'],
    outputShape: [H, W, 1],
    source: { op: 'Conv2D', node: 'cv' },
    rank: 2,
    kernel: [1, 1],
    strides: [1, 1],
    dilations: [1, 1],
    pads: [0, 0, 0, 0],
    nChan: C,
    nFilt: 1,
    weight: { shape: [1, 1, C, 1], data: Float32Array.from({ length: C }, () => r() * 0.8) },
    bias: { shape: [1], data: Float32Array.from([r() * 0.5]) },
  };
  const merges = [
    merge('m_mul', 'multiply', 'x', 'gpr'),
    merge('m_max', 'maximum', 'gpr', 'x'),
    merge('m_add', 'add', 'cv', 'x'),
    merge('m_avg', 'average', 'x', 'cv'),
  ];
  return graph(
    'stream_bcast',
    [x, gp, gpr, cv, ...merges],
    merges.map((m) => m.name),
  );
}

function broadcastConfig(seed: number) {
  const d = new TypeDraw(seed);
  const settings: Parameters<typeof configWith>[0] = {
    x: { precision: { result: d.fixed(8, 16, 3, 5) } },
    gp: { precision: { result: d.fixed(8, 16, 3, 5), accum: d.fixed(14, 22, 6, 8) } },
    gpr: { precision: { result: d.fixed(8, 16, 3, 5) } },
    cv: {
      precision: {
        result: d.fixed(8, 16, 3, 5),
        weight: d.fixed(6, 10, 1, 2),
        bias: d.fixed(6, 10, 1, 2),
        accum: d.fixed(14, 22, 5, 7),
      },
    },
  };
  for (const m of ['m_mul', 'm_max', 'm_add', 'm_avg'])
    settings[m] = { precision: { result: d.fixed(8, 16, 2, 5) } };
  const c = configWith(settings);
  // The broadcast operand is converted to the model's default precision: make it narrow, with random modes.
  const model = { ...c.model, precision: { ...c.model.precision, default: d.fixed(6, 10, 2, 3) } };
  return { ...c, model, ioType: 'io_stream' as const };
}

const broadcastRows = (seed: number): number[][] => parityInputs(980 + seed, H * W * C, 1.5);

describe('C-sim parity (io_stream) broadcasting merges, seed 4', () => {
  it('make csim of the io_stream project prints exactly the emulator outputs for 1,000 rows', async () => {
    const r = await runGraphParity('stream_bcast4', broadcastModel(), broadcastConfig(4), broadcastRows(4));
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * 4 * H * W * C);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 900_000);

  it('the emulator follows the stream broadcast: io_parallel gives other values on the same rows', () => {
    const c = broadcastConfig(4);
    const rows = broadcastRows(4).slice(0, 200);
    const stream = emulate(lower(broadcastModel(), c), rows);
    const parallel = emulate(lower(broadcastModel(), { ...c, ioType: 'io_parallel' }), rows);
    const bc = stream.layers.find((l) => l.name === 'm_add')?.overflows['broadcast_t'];
    expect(bc).toBeGreaterThan(0);
    let differ = 0;
    stream.outputs.forEach((out, o) => {
      for (let i = 0; i < out.length; i++) if (out[i] !== parallel.outputs[o]![i]) differ++;
    });
    expect(differ).toBeGreaterThan(0);
  });

  it('writes one broadcast_stream per broadcasting merge, in the default precision', () => {
    const c = broadcastConfig(4);
    const files = generateProject(
      lower(broadcastModel(), { ...c, projectName: 'myproject' }),
      loadHlsLibraryFromDisk(),
      {},
    );
    const top = files.get('firmware/myproject.cpp') ?? '';
    expect(top.match(/nnet::broadcast_stream</g)?.length).toBe(4);
    expect(top).toContain(', 16, true>(');
    expect(top).toContain(', 16, false>(');
  });
});

describe('io_stream embedding and recurrent projects', () => {
  const project = (g: ModelGraph) =>
    generateProject(lower(g, { ...config(1), projectName: 'myproject' }), loadHlsLibraryFromDisk(), {});

  it('streams one word per timestep and per table row, through the stream kernels', () => {
    const seq = project(seqModel());
    const ids = project(idsModel());
    expect(seq.get('firmware/parameters.h')).toContain('#include "nnet_utils/nnet_recurrent_stream.h"');
    expect(ids.get('firmware/parameters.h')).toContain('#include "nnet_utils/nnet_embed_stream.h"');
    expect(seq.get('firmware/parameters.h')).not.toContain('nnet::io_parallel');
    expect(seq.get('firmware/myproject.cpp')).toMatch(/hls::stream<\w+> &x/);
  });

  it('hls4ml streams these kinds with the io_parallel arithmetic: the emulator gives the same raws', () => {
    for (const [g, rows] of [
      [seqModel(), seqRows(2)],
      [idsModel(), idsRows(2)],
    ] as const) {
      const c = config(2);
      const stream = emulate(lower(g, c), rows.slice(0, 200));
      const parallel = emulate(lower(g, { ...c, ioType: 'io_parallel' }), rows.slice(0, 200));
      expect(stream.outputs.map((o) => Array.from(o))).toEqual(parallel.outputs.map((o) => Array.from(o)));
    }
  });
});

describe('io_stream refusals of kinds hls4ml does not stream', () => {
  const refused = (g: ModelGraph): StudioError => {
    try {
      generateProject(
        lower(g, { ...defaultConfig(), ioType: 'io_stream', projectName: 'myproject' }),
        loadHlsLibraryFromDisk(),
        {},
      );
    } catch (e) {
      if (e instanceof StudioError) return e;
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('refuses SimpleRNN, naming the layer and saying hls4ml has no stream kernel either', () => {
    const g: ModelGraph = graph(
      'rnn',
      [sequence, rnn('simple', 'SimpleRNN', 3, true, 'tanh', 5)],
      ['simple'],
    );
    const e = refused(g);
    expect(e.message).toContain('hls4ml does not support them in io_stream either');
    expect(e.message).toContain('SimpleRNN');
    expect(e.location.node).toBe('simple');
  });

  it('refuses LayerNormalization the same way', () => {
    const e = refused(graph('ln', [sequence, unitLayerNorm('norm', [T, N_IN])], ['norm']));
    expect(e.message).toContain('hls4ml does not support them in io_stream either');
    expect(e.location.node).toBe('norm');
  });

  it('refuses a broadcast hls4ml cannot stream, naming both shapes', () => {
    const x: Layer = {
      kind: 'Input',
      name: 'x',
      inputs: [],
      outputShape: [H, W, C],
      source: { op: 'input', node: 'x' },
    };
    const row: Layer = {
      kind: 'Reshape',
      name: 'row',
      inputs: ['x'],
      outputShape: [H, W * C],
      source: { op: 'Reshape', node: 'row' },
    };
    const sum: Layer = {
      kind: 'Merge',
      name: 'odd',
      op: 'add',
      inputs: ['x', 'row'],
      outputShape: [H, W, C],
      source: { op: 'add', node: 'odd' },
    };
    const e = refused(graph('odd', [x, row, sum], ['odd']));
    expect(e.message).toContain('no broadcasting of [4, 4, 3] and [4, 12]');
    expect(e.location.node).toBe('odd');
  });

  it('refuses an LSTM whose input is not [timesteps, features]', () => {
    const flat = input('flat', T * N_IN);
    const l = { ...rnn('lstm_flat', 'LSTM', 3, false, 'tanh', 6), inputs: ['flat'] };
    const e = refused(graph('flat', [flat, l], ['lstm_flat']));
    expect(e.message).toContain('one timestep per word');
  });
});
