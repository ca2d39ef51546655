/**
 * Quartus io_stream (hls/quartus_stream_utils): the project's streaming component and kernels, its
 * refusals (writer and emulator), and C-sim parity — the emulator with Quartus io_stream semantics equals
 * `make csim` of the generated project raw for raw on 1,000 rows (a quarter ×20, overflowing) for
 * generated models with random precisions, modes, reuse factors and table settings. A few cases pin
 * where the stream kernels differ from io_parallel (so the parity would fail with io_parallel semantics).
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import type { ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { TypeDraw, parityInputs, runGraphParity } from '../csim/elementwiseHarness';
import { buildProject, makeCsim } from './csim';
import * as G from './graphs';
import { randomIntelConfig } from './intelConfigs';
import { unresolvedIncludes } from './projectChecks';
import { conv2dGraph, extrasGraph, movesGraph, poolingGraph, rnnGraph } from './quartusGraphs';
import {
  streamConv1dGraph,
  streamConvGraph,
  streamGruGraph,
  streamMergeGraph,
  streamTablesGraph,
} from './quartusStreamGraphs';

const library = loadHlsLibraryFromDisk();
const INCLUDE_DIRS = ['firmware', 'firmware/ac_types', 'firmware/nnet_utils'];
const VENDOR = [/^HLS\//, /^sycl\//];

function streamConfig(base: DesignConfig = defaultConfig('Quartus')): DesignConfig {
  return { ...base, ioType: 'io_stream' };
}

const random = (g: ModelGraph, seed: number): DesignConfig =>
  streamConfig(randomIntelConfig(g, seed, 'Quartus'));

function project(g: ModelGraph, config: DesignConfig = streamConfig(), options = {}): ProjectFiles {
  return generateProject(lower(g, config), library, options);
}

function inputWidth(g: ModelGraph): number {
  const x = g.layers.find((l) => l.kind === 'Input')!;
  return x.outputShape.reduce((a, b) => a * b, 1);
}

describe('Quartus io_stream: files', () => {
  it('has streaming ports, internal streams, clones and the stream kernels', () => {
    const files = project(streamConvGraph(), random(streamConvGraph(), 1));
    const h = files.get('firmware/myproject.h')!;
    expect(h).toContain('#include "nnet_utils/nnet_stream.h"');
    expect(h).toContain('nnet::stream_in<nnet::array<input_t, 2>, 72> &x');
    expect(h).toContain('nnet::stream_out<nnet::array<result2_t, 4>, 8> &layer6_out');
    const cpp = files.get('firmware/myproject.cpp')!;
    expect(cpp).toContain(
      'nnet::conv_stream<nnet::array<input_t, 2>, nnet::array<layer2_t, 3>, config2>(x, layer2_out, w2, b2);',
    );
    // t2 is an output read by three layers: produced into a source stream, cloned, copied to the port.
    expect(cpp).toContain('nnet::stream<nnet::array<result2_t, 4>, 8> layer6_out_src;');
    expect(cpp).toContain(
      'nnet::clone_stream<nnet::array<result2_t, 4>, 8, 5>(layer6_out_src, layer6_out_cpy);',
    );
    expect(cpp).toContain('nnet::copy_stream<nnet::array<result2_t, 4>, 8>(layer6_out_cpy[4], layer6_out);');
    expect(cpp).toContain('nnet::global_pooling_stream<');
    const params = files.get('firmware/parameters.h')!;
    expect(params).toContain('#include "nnet_utils/nnet_dense_stream.h"');
    expect(params).not.toContain('io_type = nnet::io_parallel');
    expect(params).toMatch(/struct config\d+ : nnet::pooling2d_config \{\n {4}typedef \w+ accum_t;/);
    for (const f of [
      'nnet_stream.h',
      'nnet_dense_stream.h',
      'nnet_pooling_stream.h',
      'nnet_merge_stream.h',
    ]) {
      expect(files.has(`firmware/nnet_utils/${f}`), f).toBe(true);
    }
    expect(files.get('hls4ml_config.yml')).toContain('IOType: io_stream');
  });

  it('ships the stream kernels only with io_stream projects', () => {
    const parallel = project(G.mlp(), defaultConfig('Quartus'));
    expect([...parallel.keys()].filter((p) => p.endsWith('_stream.h'))).toEqual([]);
  });

  it('every #include resolves inside the project (i++ headers aside), and the bytes are deterministic', () => {
    for (const g of [
      G.mlp(),
      streamConvGraph(),
      streamConv1dGraph(),
      streamMergeGraph(),
      streamTablesGraph(),
      streamGruGraph(),
      conv2dGraph(),
      movesGraph(),
      extrasNoDot(),
    ]) {
      expect(unresolvedIncludes(project(g), INCLUDE_DIRS, VENDOR), g.name).toEqual([]);
      const a = project(g, random(g, 9));
      const b = project(g, random(g, 9));
      expect([...a.entries()], g.name).toEqual([...b.entries()]);
    }
  });
});

describe('Quartus io_stream: refusals name the layer and kind (writer and emulator)', () => {
  const only = (names: string[]): ModelGraph =>
    G.graph(
      'r',
      rnnGraph().layers.filter((l) => ['x', ...names].includes(l.name)),
      names,
    );
  const cases: [string, ModelGraph, RegExp][] = [
    [
      'relu6',
      poolingGraph(),
      /^the relu6 activation is not supported by the Quartus io_stream backend: hls4ml's Quartus io_stream has no relu_max$/,
    ],
    [
      'SimpleRNN',
      only(['rt']),
      /^SimpleRNN is not supported by the Quartus io_stream backend: hls4ml's Quartus io_stream has no SimpleRNN$/,
    ],
    [
      'LSTM',
      only(['lt']),
      /^LSTM is not supported by the Quartus io_stream backend: hls4ml's Quartus io_stream has no LSTM$/,
    ],
    [
      'Dot',
      G.graph(
        'd',
        [...extrasGraph().layers.filter((l) => ['x', 'd', 'd2', 'dot'].includes(l.name))],
        ['dot'],
      ),
      /^Dot is not supported by the Quartus io_stream backend yet$/,
    ],
  ];
  for (const [name, g, message] of cases) {
    it(name, () => {
      const lowered = lower(g, streamConfig());
      expect(() => generateProject(lowered, library)).toThrow(message);
      expect(() => generateProject(lowered, library)).toThrow(StudioError);
      expect(() => emulate(lowered, [new Array<number>(inputWidth(g)).fill(0.5)])).toThrow(message);
      // io_parallel still takes the model where it did before.
      if (name !== 'relu6')
        expect(() =>
          emulate(lower(g, defaultConfig('Quartus')), [new Array<number>(inputWidth(g)).fill(0.5)]),
        ).not.toThrow();
    });
  }
});

interface Case {
  readonly name: string;
  readonly graph: ModelGraph;
  readonly config: DesignConfig;
  readonly scale: number;
}

/** A narrow, saturating accum_t for the global average (it sums in accum_t with io_stream). */
function conv1dConfig(seed: number): DesignConfig {
  const c = random(streamConv1dGraph(), seed);
  return withLayerSetting(c, 'ga', {
    precision: { accum: 'ap_fixed<9,3,AP_RND_CONV,AP_SAT>', result: 'ap_fixed<10,3>' },
  });
}

/** A saturating, narrow merge result (res_T(2) saturates, the stream average shows). */
function mergeConfig(seed: number): DesignConfig {
  let c = random(streamMergeGraph(), seed);
  c = withLayerSetting(c, 'm_average', { precision: { result: 'ap_fixed<8,2,AP_TRN,AP_SAT>' } });
  return c;
}

/** extrasGraph without its Dot (which hls4ml's Quartus does not stream): Embedding, Resize, PReLU, … */
function extrasNoDot(): ModelGraph {
  const g = extrasGraph();
  return {
    ...g,
    layers: g.layers.filter((l) => l.name !== 'dot'),
    outputs: g.outputs.filter((o) => o !== 'dot'),
  };
}

/** Narrow, saturating result types on the value-moving layers, so that their casts show. */
function movesConfig(seed: number): DesignConfig {
  const d = new TypeDraw(seed);
  let c = random(movesGraph(), seed);
  for (const name of ['zp', 'cr', 'tr', 'cat3', 'cat']) {
    c = withLayerSetting(c, name, { precision: { result: d.fixed(6, 10, 1, 3) } });
  }
  return c;
}

/**
 * Random table sizes and types; d2's result (the second group's data_T) narrow with one integer bit, so
 * elu's data_T(1) and selu's data_T(λ) saturate (AP_SAT) or wrap to −1 (AP_WRAP); d3 wide, so that the
 * softplus / elu index passes 16 bits (io_parallel's ac_int<16> wraps, io_stream's int does not).
 */
function tablesConfig(seed: number, mode: 'AP_SAT' | 'AP_WRAP'): DesignConfig {
  let c = random(streamTablesGraph(), seed);
  c = withLayerSetting(c, 'd2', { precision: { result: `ap_fixed<10,1,AP_RND,${mode}>` } });
  return withLayerSetting(c, 'd3', {
    precision: {
      weight: 'ap_fixed<18,10>',
      accum: 'ap_fixed<32,18>',
      result: 'ap_fixed<26,16,AP_RND,AP_SAT>',
    },
  });
}

/** Legacy softmax on layer `sm` with this table size; the rest random. */
function legacyConfig(g: ModelGraph, sm: string, seed: number, tableSize: number): DesignConfig {
  return withLayerSetting(random(g, seed), sm, { implementation: 'legacy', tableSize });
}

const CASES: readonly Case[] = [
  { name: 'qs_tables_sat', graph: streamTablesGraph(), config: tablesConfig(3707, 'AP_SAT'), scale: 3 },
  { name: 'qs_tables_wrap', graph: streamTablesGraph(), config: tablesConfig(3808, 'AP_WRAP'), scale: 3 },
  { name: 'qs_tables_default', graph: streamTablesGraph(), config: streamConfig(), scale: 3 },
  { name: 'qs_gru', graph: streamGruGraph(), config: random(streamGruGraph(), 3909), scale: 3 },
  { name: 'qs_mlp_legacy', graph: G.mlp(), config: legacyConfig(G.mlp(), 'softmax', 4010, 512), scale: 2 },
  {
    name: 'qs_extras_legacy',
    graph: extrasNoDot(),
    config: legacyConfig(extrasNoDot(), 'sm', 4111, 2048),
    scale: 3,
  },
  {
    name: 'qs_extras',
    graph: extrasNoDot(),
    config: withLayerSetting(random(extrasNoDot(), 3101), 'sm', { implementation: 'latency' }),
    scale: 3,
  },
  { name: 'qs_moves', graph: movesGraph(), config: movesConfig(3505), scale: 2 },
  { name: 'qs_conv', graph: streamConvGraph(), config: random(streamConvGraph(), 3202), scale: 2 },
  { name: 'qs_conv1d', graph: streamConv1dGraph(), config: conv1dConfig(3303), scale: 2 },
  { name: 'qs_merge', graph: streamMergeGraph(), config: mergeConfig(3404), scale: 2 },
];

describe.each(CASES.map((c) => [c.name, c] as const))('Quartus io_stream C-sim parity %s', (_name, c) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows, overflowing ones included', async () => {
    const rows = parityInputs(c.name.length * 7919 + 17, inputWidth(c.graph), c.scale);
    const r = await runGraphParity(c.name, c.graph, c.config, rows);
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  });
});

describe('Quartus io_stream: the stream semantics differ from io_parallel where hls4ml says so', () => {
  it('global pooling, sigmoid / tanh at 0, ternary_tanh and the merge average', () => {
    const g = streamMergeGraph();
    const cfg = mergeConfig(3404);
    const rows = parityInputs(99, inputWidth(g), 2);
    const s = emulate(lower(g, cfg), rows);
    const p = emulate(lower(g, { ...cfg, ioType: 'io_parallel' }), rows);
    const differs = (name: string): boolean => {
      const k = s.outputNames.indexOf(name);
      return s.outputs[k]!.some((v, i) => v !== p.outputs[k]![i]);
    };
    for (const name of ['m_average', 'tt']) expect(differs(name), name).toBe(true);
    for (const name of ['m_add', 'bt', 'ss']) expect(differs(name), name).toBe(false);
    const gc = streamConvGraph();
    const cc = random(gc, 3202);
    const rc = parityInputs(98, inputWidth(gc), 2);
    const sc = emulate(lower(gc, cc), rc);
    const pc = emulate(lower(gc, { ...cc, ioType: 'io_parallel' }), rc);
    const k = sc.outputNames.indexOf('ga');
    expect(sc.outputs[k]!.some((v, i) => v !== pc.outputs[k]![i])).toBe(true);
  });

  it('legacy softmax indexes with the exact difference and sums in table_t', () => {
    const g = G.mlp();
    const cfg = legacyConfig(g, 'softmax', 4010, 512);
    const rows = parityInputs(96, inputWidth(g), 2);
    const s = emulate(lower(g, cfg), rows);
    const p = emulate(lower(g, { ...cfg, ioType: 'io_parallel' }), rows);
    const k = s.outputNames.indexOf('softmax');
    expect(s.outputs[k]!.some((v, i) => v !== p.outputs[k]![i])).toBe(true);
  });

  it('elu / selu take alpha and λ in data_T, softplus / elu index in an int', () => {
    const g = streamTablesGraph();
    const cfg = tablesConfig(3808, 'AP_WRAP');
    const rows = parityInputs(97, inputWidth(g), 3);
    const s = emulate(lower(g, cfg), rows);
    const p = emulate(lower(g, { ...cfg, ioType: 'io_parallel' }), rows);
    for (const name of ['el', 'se', 'e2', 's2', 'p3', 'e3']) {
      const k = s.outputNames.indexOf(name);
      expect(
        s.outputs[k]!.some((v, i) => v !== p.outputs[k]![i]),
        name,
      ).toBe(true);
    }
  });
});

describe('Quartus io_stream: make csim as a user runs it', () => {
  it('runs the bundled tb_data and writes tb_data/csim_results.log', async () => {
    const rows = G.rows(4, 12, 2, 19);
    const g = streamMergeGraph();
    const lowered = lower(g, streamConfig());
    const want = emulate(lowered, rows);
    const files = generateProject(lowered, library, { inputs: rows });
    const { results } = await makeCsim(files, 'qs_make_csim');
    expect((await buildProject(files, 'qs_make_csim')).compilerOutput).not.toMatch(/warning|error/i);
    expect(results).toHaveLength(4);
    const first = want.outputs.flatMap((o) => Array.from(o.slice(0, o.length / rows.length)));
    expect(results[0]).toEqual(first);
  });
});

describe('oneAPI io_stream: the Quartus stream kernels behind word pipes', () => {
  const oneapi = (g: ModelGraph, seed: number): DesignConfig =>
    streamConfig(randomIntelConfig(g, seed, 'oneAPI'));
  const ONEAPI_DIRS = ['src', 'src/firmware', 'src/firmware/ac_types', 'src/firmware/nnet_utils'];

  it('streams the network, with one word pipe per port only under SYCL', () => {
    const g = streamConvGraph();
    const files = project(g, oneapi(g, 4));
    const h = files.get('src/firmware/myproject.h')!;
    const [plain, sycl] = h.split('#ifdef SYCL_LANGUAGE_VERSION');
    expect(plain).not.toContain('sycl');
    expect(plain).toContain('nnet::stream_in<nnet::array<input_t, 2>, 72> &x');
    expect(sycl).toContain(
      'using myproject_input_pipe = sycl::ext::intel::experimental::pipe<myproject_input_pipe_id, nnet::array<input_t, 2>, 72, nnet_pipe_props>;',
    );
    expect(sycl).toContain('using myproject_output4_pipe = ');
    const cpp = files.get('src/firmware/myproject.cpp')!;
    expect(cpp).toContain('for (unsigned i = 0; i < 72; i++) in0.write(myproject_input_pipe::read());');
    expect(cpp).toContain('nnet::conv_stream<');
    expect(files.has('src/firmware/nnet_utils/nnet_stream.h')).toBe(true);
    expect(files.get('src/myproject_test.cpp')).toContain('myproject_input_pipe::write(q, word);');
    for (const m of [G.mlp(), streamConvGraph(), streamMergeGraph(), movesGraph(), extrasNoDot()]) {
      expect(unresolvedIncludes(project(m, oneapi(m, 5)), ONEAPI_DIRS, VENDOR), m.name).toEqual([]);
      expect([...project(m, oneapi(m, 6)).entries()]).toEqual([...project(m, oneapi(m, 6)).entries()]);
    }
  });

  it('make csim prints exactly the emulator outputs (backend oneAPI, io_stream) for 1,000 rows', async () => {
    const g = streamConvGraph();
    const rows = parityInputs(4242, inputWidth(g), 2);
    const r = await runGraphParity('qs_oneapi_conv', g, oneapi(g, 3606), rows);
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  });
});
