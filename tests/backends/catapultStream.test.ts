/**
 * Catapult io_stream projects: the layers stream through ac_channel<T> (our hls/ac_types/ac_channel.h
 * under g++), the FIFO depths of set_fifo_depths reach build_prj.tcl as FIFO_DEPTH directives, the
 * shared stream kernels of hls/nnet_utils are shipped with the Catapult flavour's nnet_channel.h, and
 * what Catapult does not stream is refused naming the layer and kind. C-sim parity: the emulator with
 * Catapult's stream semantics (Vivado's stream kernels on ac types, piecewise-linear activations per word)
 * equals `make csim` of the zip raw for raw, on 1,000 rows (a quarter ×20 so that they overflow), for a
 * handful of projects each compiled once (tests/backends/csim.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import { planProject } from '../../src/core/backends/vivado/plan';
import { defaultConfig, withBackend, type DesignConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import type { Layer, MergeOp, ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { zipProject } from '../../src/core/project/zip';
import { configWith, parityInputs, runGraphParity, TypeDraw } from '../csim/elementwiseHarness';
import { SPATIAL_CASES, spatialRows } from '../csim/spatialCases';
import {
  streamElementwiseConfig,
  streamElementwiseGraph,
  streamPoolingConfig,
  streamPoolingGraph,
} from '../csim/streamCases';
import { buildProject, CSIM_ROOT, makeCsim, parseResults, ROOT } from './csim';
import * as G from './graphs';
import { runTclWithStubs, unresolvedIncludes } from './projectChecks';

const library = loadHlsLibraryFromDisk();
const SCVERIFY = [/^mc_scverify\.h$/];
const INCLUDE_DIRS = ['firmware', 'firmware/ac_types', 'firmware/nnet_utils'];
const cat = (c: DesignConfig): DesignConfig => withBackend(c, 'Catapult');
const STREAM: DesignConfig = { ...defaultConfig('Catapult'), ioType: 'io_stream' };
const src = (op: string, node: string) => ({ op, node });

function project(g: ModelGraph, config: DesignConfig, options = {}): ProjectFiles {
  return generateProject(lower(g, { ...config, projectName: 'myproject' }), library, options);
}

function refused(g: ModelGraph, config: DesignConfig): StudioError {
  try {
    project(g, config);
  } catch (e) {
    if (e instanceof StudioError) return e;
    throw e;
  }
  throw new Error('not refused');
}

const count = (g: ModelGraph, names: readonly string[]): number =>
  names
    .map((n) => g.layers.find((l) => l.name === n)!.outputShape.reduce((a, b) => a * b, 1))
    .reduce((a, b) => a + b, 0);

const H = 4;
const W = 4;
const C = 3;

function merge(name: string, op: MergeOp, a: string, b: string): Layer {
  return { kind: 'Merge', name, op, inputs: [a, b], outputShape: [H, W, C], source: src(op, name) };
}

/**
 * The layout kinds and broadcasting merges: x [4,4,3] → ZeroPadding2D → Cropping2D back to [4,4,3] →
 * Transpose (H and W swapped); x also global-average pooled to a (1,1,3) operand and 1×1-convolved to a
 * (4,4,1) one, both broadcast into merges with the cropped tensor (hls4ml's Broadcast, default precision).
 */
function layoutGraph(): ModelGraph {
  const r = G.rng(313);
  const layers: Layer[] = [
    { kind: 'Input', name: 'x', inputs: [], outputShape: [H, W, C], source: src('input', 'x') },
    {
      kind: 'ZeroPadding',
      name: 'zpad',
      inputs: ['x'],
      outputShape: [H + 3, W + 1, C],
      source: src('ZeroPadding2D', 'zpad'),
      rank: 2,
      pads: [2, 1, 0, 1],
    },
    {
      kind: 'Cropping',
      name: 'crop',
      inputs: ['zpad'],
      outputShape: [H, W, C],
      source: src('Cropping2D', 'crop'),
      rank: 2,
      crops: [1, 2, 1, 0],
    },
    {
      kind: 'Transpose',
      name: 'tr',
      inputs: ['crop'],
      outputShape: [W, H, C],
      source: src('Transpose', 'tr'),
      perm: [1, 0, 2],
    },
    {
      kind: 'GlobalPooling',
      name: 'gp',
      inputs: ['x'],
      outputShape: [C],
      source: src('GlobalAveragePool', 'gp'),
      rank: 2,
      op: 'average',
      keepDims: false,
    },
    { kind: 'Reshape', name: 'gpr', inputs: ['gp'], outputShape: [1, 1, C], source: src('Reshape', 'gpr') },
    {
      kind: 'Conv',
      name: 'cv',
      inputs: ['x'],
      outputShape: [H, W, 1],
      source: src('Conv2D', 'cv'),
      rank: 2,
      kernel: [1, 1],
      strides: [1, 1],
      dilations: [1, 1],
      pads: [0, 0, 0, 0],
      nChan: C,
      nFilt: 1,
      weight: { shape: [1, 1, C, 1], data: Float32Array.from({ length: C }, () => r() * 0.8) },
      bias: { shape: [1], data: Float32Array.from([r() * 0.5]) },
    },
    merge('m_mul', 'multiply', 'crop', 'gpr'),
    merge('m_avg', 'average', 'cv', 'crop'),
    merge('m_sub', 'subtract', 'crop', 'x'),
  ];
  return G.graph('catapult_stream_layout', layers, ['tr', 'm_mul', 'm_avg', 'm_sub']);
}

function layoutConfig(seed: number): DesignConfig {
  const d = new TypeDraw(seed);
  const settings: Parameters<typeof configWith>[0] = {
    x: { precision: { result: d.fixed(8, 16, 3, 5) } },
    zpad: { precision: { result: d.fixed(6, 14, 2, 4) } },
    crop: { precision: { result: d.fixed(6, 14, 2, 4) } },
    tr: { precision: { result: d.fixed(6, 12, 2, 4) } },
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
  for (const m of ['m_mul', 'm_avg', 'm_sub']) settings[m] = { precision: { result: d.fixed(6, 14, 2, 5) } };
  const c = configWith(settings);
  // The broadcast operand is converted to the model's default precision: narrow, with random modes.
  const model = { ...c.model, precision: { ...c.model.precision, default: d.fixed(6, 10, 2, 3) } };
  return cat({ ...c, model, ioType: 'io_stream' });
}

/** 10 → 16 → relu → 12 → sigmoid → 8 → tanh → 6 (Catapult's PWL sigmoid and tanh per word). */
function pwlMlp(): ModelGraph {
  return G.graph(
    'pwl_mlp',
    [
      G.input('x', 10),
      G.dense('fc1', 'x', 10, 16, 1, 0.8),
      G.activation('relu1', 'fc1', 16, 'relu'),
      G.dense('fc2', 'relu1', 16, 12, 2, 0.8),
      G.activation('sig2', 'fc2', 12, 'sigmoid'),
      G.dense('fc3', 'sig2', 12, 8, 3, 1.5),
      G.activation('tanh3', 'fc3', 8, 'tanh'),
      G.dense('fc4', 'tanh3', 8, 6, 4, 1.2),
    ],
    ['fc4', 'sig2', 'tanh3'],
  );
}

const ew = (seed: number) => cat(streamElementwiseConfig(seed));

describe('Catapult io_stream: files', () => {
  it('streams through ac_channels: no hls::stream, no Vivado pragma, the channel headers shipped', () => {
    const files = project(streamElementwiseGraph(), ew(1));
    expect(files.get('firmware/ac_types/ac_channel.h')).toBe(library.get('ac_types/ac_channel.h'));
    expect(files.get('firmware/nnet_utils/nnet_channel.h')).toBe(
      library.get('catapult_nnet_utils/nnet_channel.h'),
    );
    expect(files.get('firmware/nnet_utils/nnet_stream.h')).toBe(library.get('nnet_utils/nnet_stream.h'));
    expect(files.get('firmware/nnet_utils/nnet_activation.h')).toBe(
      library.get('catapult_nnet_utils/nnet_activation.h'),
    );
    for (const [path, text] of files) {
      if (!/\.(h|cpp)$/.test(path) || path.startsWith('firmware/ac_types/')) continue;
      const code = text.replace(/\/\/.*$/gm, '');
      expect(code, path).not.toMatch(/hls::|hls_stream|#pragma HLS|_Pragma\("HLS|\bap_(u?fixed|u?int)\b/);
    }
    const top = files.get('firmware/myproject.cpp')!;
    expect(top).toContain('#pragma hls_design top\nvoid myproject(\n    ac_channel<input_t> &x,\n');
    expect(top).toMatch(/^ {4}static ac_channel<result_t> layer2_out_src; \/\/ FIFO depth \d+/m);
    expect(files.get('firmware/myproject.h')).toContain('#include "ac_channel.h"');
    expect(files.get('firmware/defines.h')).toMatch(
      /^typedef nnet::array<ac_fixed<\d+,\d+,true[^>]*>, N_INPUT_2_1> input_t;$/m,
    );
    expect(files.get('firmware/parameters.h')).toContain('#include "nnet_utils/nnet_activation_stream.h"');
    expect(files.get('myproject_test.cpp')).toMatch(/^ {8}ac_channel<input_t> tb_in0;$/m);
    // io_parallel Catapult projects do not carry the channel headers
    const parallel = project(streamElementwiseGraph(), { ...ew(1), ioType: 'io_parallel' });
    expect([...parallel.keys()].filter((k) => k.includes('channel'))).toEqual([]);
  });

  it('every #include resolves inside the project', () => {
    const cases: [ModelGraph, DesignConfig][] = [
      [streamElementwiseGraph(), ew(1)],
      [streamPoolingGraph(), cat(streamPoolingConfig(1))],
      [layoutGraph(), layoutConfig(3)],
      [pwlMlp(), configWith({ sig2: { trace: true } }, STREAM)],
    ];
    for (const [g, c] of cases) expect(unresolvedIncludes(project(g, c), INCLUDE_DIRS, SCVERIFY)).toEqual([]);
  });

  it('gives byte-identical zips for the same input', async () => {
    const a = project(layoutGraph(), layoutConfig(3), { inputs: G.rows(3, H * W * C, 2, 1) });
    const b = project(layoutGraph(), layoutConfig(3), { inputs: G.rows(3, H * W * C, 2, 1) });
    const [za, zb] = [await zipProject(a, 'myproject'), await zipProject(b, 'myproject')];
    expect(Buffer.from(za).equals(Buffer.from(zb))).toBe(true);
  });

  it('build_prj.tcl (tclsh, stubbed commands) sets the set_fifo_depths depth of every channel', async () => {
    const config = cat(streamPoolingConfig(2));
    const lowered = lower(streamPoolingGraph(), config);
    const files = generateProject(lowered, library, {});
    const top = files.get('firmware/myproject.cpp')!;
    const declared = [...top.matchAll(/static ac_channel<[^;]+> (\w+); \/\/ FIFO depth (\d+) /g)].map(
      (m) => `${m[1]!} ${m[2]!}`,
    );
    // every layer's own FIFO has the depth set_fifo_depths gave the layer
    const plan = planProject({ ...lowered, family: 'ap' });
    let layerFifos = 0;
    for (const p of plan.layers) {
      if (p.lowered.kind === 'Input') continue;
      const own = declared.find(
        (d) => d.startsWith(`${p.output.varName} `) || d.startsWith(`${p.output.varName}_src `),
      );
      if (!own) continue;
      layerFifos++;
      expect(own.split(' ')[1], p.lowered.name).toBe(String(p.lowered.fifoDepth));
    }
    expect(layerFifos).toBeGreaterThan(8);
    const commands = ['options', 'project', 'solution', 'go', 'directive', 'flow'];
    const calls = await runTclWithStubs(files, 'build_prj.tcl', commands, 'catapult_stream_fifo');
    const fifo = calls
      .filter((l) => l.includes('-FIFO_DEPTH'))
      .map((l) =>
        /^CALL directive set \/myproject\/(\w+):cns -FIFO_DEPTH (\d+)$/.exec(l)!.slice(1).join(' '),
      );
    expect(fifo).toEqual(declared);
    // the script keeps its shape: the same steps as io_parallel, the depths set before go assembly
    const gos = calls.filter((l) => l.startsWith('CALL go ')).map((l) => l.slice(8));
    expect(gos).toEqual([
      'new',
      'analyze',
      'compile',
      'libraries',
      'assembly',
      'architect',
      'allocate',
      'schedule',
      'extract',
    ]);
    const firstFifo = calls.findIndex((l) => l.includes('-FIFO_DEPTH'));
    expect(firstFifo).toBeGreaterThan(calls.indexOf('CALL go libraries'));
    expect(firstFifo).toBeLessThan(calls.indexOf('CALL go assembly'));
  });

  it('refuses what Catapult does not stream, naming the layer and the kind', () => {
    const t = (n: number) => ({ shape: [n], data: Float32Array.from({ length: n }, (_, i) => (i % 7) / 10) });
    // hls4ml's Catapult streams LSTM and GRU (catapultRecurrent.test.ts), but has no SimpleRNN kernel
    const simple: Layer = {
      kind: 'SimpleRNN',
      name: 'rnn',
      inputs: ['x'],
      outputShape: [4],
      source: src('SimpleRNN', 'rnn'),
      units: 4,
      returnSequences: false,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      resetAfter: true,
      kernel: t(3 * 4),
      recurrentKernel: t(4 * 4),
      bias: t(4),
      recurrentBias: t(4),
    };
    const seq = G.graph(
      'seq',
      [{ kind: 'Input', name: 'x', inputs: [], outputShape: [5, 3], source: src('input', 'x') }, simple],
      ['rnn'],
    );
    const e1 = refused(seq, STREAM);
    expect(e1.location.node).toBe('rnn');
    expect(e1.message).toBe('a SimpleRNN layer cannot be generated for the Catapult backend');

    // hls4ml's stream pooling: no padding, stride = window (the Vivado writer's refusal, layer named)
    const padded = G.graph(
      'padded',
      [
        { kind: 'Input', name: 'x', inputs: [], outputShape: [6, 6, 2], source: src('input', 'x') },
        {
          kind: 'Pooling',
          name: 'pool',
          inputs: ['x'],
          outputShape: [3, 3, 2],
          source: src('MaxPool2D', 'pool'),
          rank: 2,
          kernel: [3, 3],
          strides: [2, 2],
          dilations: [1, 1],
          pads: [1, 1, 1, 1],
          op: 'max',
          countPad: false,
        },
      ],
      ['pool'],
    );
    const e2 = refused(padded, STREAM);
    expect(e2.location.node).toBe('pool');
    expect(e2.message).toMatch(/io_stream pooling needs windows without padding/);

    // Catapult's PWL softmax bound holds per word too
    const wide = G.graph(
      'wide',
      [
        { kind: 'Input', name: 'x', inputs: [], outputShape: [3, 4], source: src('input', 'x') },
        {
          kind: 'Softmax',
          name: 'sm',
          inputs: ['x'],
          outputShape: [3, 4],
          source: src('Softmax', 'sm'),
          axis: -1,
        },
      ],
      ['sm'],
    );
    const e3 = refused(wide, configWith({ x: { precision: { result: 'ap_fixed<18,8>' } } }, STREAM));
    expect(e3.location.node).toBe('sm');
    expect(e3.message).toContain('8 integer bits');
  });
});

/** A g++ program over hls/ac_types/ac_channel.h: FIFO order, counts, initial tokens, non-blocking calls. */
const CHANNEL_PROGRAM = `#include "ac_channel.h"
#include <cstdio>
int main(int argc, char **) {
    ac_channel<int> c;
    std::printf("%d %u\\n", int(c.empty()), c.size());
    for (int i = 0; i < 5; i++) c.write(i * i);
    c << 7;
    std::printf("%u %d %d\\n", c.size(), int(c.available(6)), int(c.available(7)));
    int v = -1;
    c >> v;
    std::printf("%d ", v);
    std::printf("%d", c.read());
    while (c.nb_read(v)) std::printf(" %d", v);
    std::printf(" %d %d\\n", int(c.nb_read(v)), v);
    ac_channel<int> primed(2, 9);
    const unsigned primedSize = primed.size();
    const int first = primed.read();
    std::printf("%u %d %d\\n", primedSize, first, primed.read());
    if (argc > 1) primed.read(); // empty: aborts
    return 0;
}
`;

describe('ac_channel.h under g++', () => {
  it('is a FIFO with size / available / nb_read, initial tokens, and aborts on reading an empty channel', async () => {
    const run = promisify(execFile);
    const dir = join(CSIM_ROOT, 'ac-channel-check');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.cpp'), CHANNEL_PROGRAM);
    const exe = join(dir, 'main');
    await run(
      'nice',
      ['g++', '-std=c++17', '-Wall', '-Werror', `-I${join(ROOT, 'hls/ac_types')}`, 'main.cpp', '-o', exe],
      {
        cwd: dir,
      },
    );
    const { stdout } = await run(exe, []);
    expect(stdout).toBe('1 0\n6 1 0\n0 1 4 9 16 7 0 7\n2 9 9\n');
    const failed = await run(exe, ['empty']).then(
      () => null,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(failed?.stderr).toMatch(/ac_channel .* read while empty/);
  }, 120_000);
});

describe('Catapult io_stream: the emulator follows Catapult stream kernels', () => {
  it('pooling and ternary_tanh as the stream kernels (not io_parallel); selu piecewise linear in both', () => {
    const g = streamElementwiseGraph();
    const rows = parityInputs(77, 5 * 6, 1.5).slice(0, 200);
    const out = (c: DesignConfig, name: string) => {
      const r = emulate(lower(g, c), rows);
      return Array.from(r.outputs[r.outputNames.indexOf(name)]!);
    };
    const stream = ew(2);
    const parallel = { ...stream, ioType: 'io_parallel' as const };
    expect(out(stream, 'ttanh')).not.toEqual(out(parallel, 'ttanh'));
    expect(out(stream, 'selu')).toEqual(out(parallel, 'selu'));
    // Vivado's stream selu (table, λ in the input type) is not what Catapult computes
    expect(out(stream, 'selu')).not.toEqual(out(withBackend(stream, 'Vivado'), 'selu'));
    const pg = streamPoolingGraph();
    const prow = parityInputs(78, 8 * 7 * 3, 1.5).slice(0, 100);
    const pc = cat(streamPoolingConfig(1));
    const ps = emulate(lower(pg, pc), prow).outputs;
    const pp = emulate(lower(pg, { ...pc, ioType: 'io_parallel' }), prow).outputs;
    expect(ps.some((o, i) => o.some((v, k) => v !== pp[i]![k]))).toBe(true);
  });
});

describe('Catapult io_stream: C-sim parity (emulator == make csim, raw for raw)', () => {
  it('element-wise: every activation, softmax, merges, concatenate, PReLU, batch norm, Dot, fan-out', async () => {
    const g = streamElementwiseGraph();
    const rows = parityInputs(701, count(g, g.inputs), 1.5);
    const r = await runGraphParity('catapult-stream-elementwise1', g, ew(1), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * count(g, g.outputs));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);

  it('pooling: conv line buffers, stream pooling and global pooling, flatten, dense', async () => {
    const g = streamPoolingGraph();
    const rows = parityInputs(801, count(g, g.inputs), 1.5);
    const r = await runGraphParity('catapult-stream-pooling1', g, cat(streamPoolingConfig(1)), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * count(g, g.outputs));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);

  it('layout and broadcasting: zero padding, cropping, transpose, broadcast merges', async () => {
    const g = layoutGraph();
    const rows = parityInputs(313, count(g, g.inputs), 1.5);
    const r = await runGraphParity('catapult-stream-layout3', g, layoutConfig(3), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * count(g, g.outputs));
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);

  describe.each(['separable_sat_round', 'resize_nearest_conv'].map((n) => [n] as const))(
    'spatial case %s in io_stream',
    (name) => {
      it('1,000 rows agree', async () => {
        const c = SPATIAL_CASES.find((x) => x.name === name)!;
        const g = c.graph!;
        const config = c.configure(STREAM);
        expect(config.backend).toBe('Catapult');
        const rows = spatialRows(count(g, g.inputs), 4321);
        const r = await runGraphParity(`catapult-stream-${name}`, g, config, rows);
        expect(r.rows).toBe(1000);
        expect(r.mismatches).toEqual([]);
        expect(r.values).toBe(1000 * count(g, g.outputs));
      }, 600_000);
    },
  );

  it('embedding: one word of indices in, one word per table row out (ac to_int floors)', async () => {
    const r = G.rng(47);
    const table = (vocab: number, nOut: number) => ({
      shape: [vocab, nOut],
      data: Float32Array.from({ length: vocab * nOut }, () => r() * 3),
    });
    const g = G.graph(
      'embed',
      [
        G.input('x', 6),
        {
          kind: 'Embedding',
          name: 'e1',
          inputs: ['x'],
          outputShape: [6, 5],
          source: src('Embedding', 'e1'),
          vocab: 20,
          nOut: 5,
          weight: table(20, 5),
        },
      ],
      ['e1'],
    );
    const d = new TypeDraw(5);
    const config = configWith(
      {
        x: { precision: { result: d.fixed(8, 14, 5, 7) } },
        e1: { precision: { result: d.fixed(6, 14, 1, 2), embeddings: d.fixed(8, 16, 2, 3) } },
      },
      STREAM,
    );
    // negative fractional inputs: ac's to_int floors where ap truncates toward zero
    const rows = parityInputs(305, 6, 8).map((row) => row.map((v) => v + 6));
    const res = await runGraphParity('catapult-stream-embed5', g, config, rows);
    expect(res.rows).toBe(1000);
    expect(res.values).toBe(1000 * 6 * 5);
    expect(res.mismatches).toEqual([]);
    expect(res.overflowEvents).toBeGreaterThan(0);
  }, 600_000);

  it('make csim and the trace of a layer, equal to the emulator trace', async () => {
    const config = configWith({ sig2: { trace: true } }, STREAM);
    const rows = G.rows(6, 10, 4, 9);
    const lowered = lower(pwlMlp(), config);
    const files = generateProject(lowered, library, { inputs: rows });
    const { results } = await makeCsim(files, 'catapult-stream-trace');
    const expected = emulate(lowered, rows);
    expect(results).toHaveLength(6);
    expect(results.map((r) => r.length)).toEqual(Array(6).fill(6 + 12 + 8));
    results.forEach((row, s) => {
      let col = 0;
      for (const out of expected.outputs) {
        const n = out.length / rows.length;
        expect(row.slice(col, col + n)).toEqual(Array.from(out.slice(s * n, (s + 1) * n)));
        col += n;
      }
    });
    const built = await buildProject(files, 'catapult-stream-trace');
    expect(built.compilerOutput).not.toMatch(/warning/i);
    const log = parseResults(readFileSync(join(built.dir, 'tb_data', 'sig2_trace.log'), 'utf8'));
    const traced = emulate(lowered, rows, { trace: true }).traces!['sig2']!;
    expect(log.flat()).toEqual(Array.from(traced));
  }, 600_000);
});
