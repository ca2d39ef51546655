/**
 * The Quartus backend (hls4ml-facts.md §6.2): the project's layout, includes and determinism, refusals
 * of what it does not support (in the writer and in the emulator), and C-sim parity: the emulator run
 * with Quartus semantics equals `make csim` of the generated project (plain g++, our ac types and
 * Quartus templates) raw for raw, on 1,000 rows (a quarter ×20, overflowing) for generated models with
 * random precisions, rounding and overflow modes, reuse factors and table settings.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import {
  defaultConfig,
  withBackend,
  withLayerSetting,
  type DesignConfig,
} from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import type { Layer, ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { TypeDraw, parityInputs, runGraphParity } from '../csim/elementwiseHarness';
import { parityRows } from '../csim/parityCases';
import { loadGoldenCase } from '../golden/goldenCase';
import { makeCsim } from './csim';
import * as G from './graphs';
import { randomIntelConfig } from './intelConfigs';
import { unresolvedIncludes } from './projectChecks';
import {
  MERGE_OPS,
  tablesGraph,
  hardGraph,
  movesGraph,
  average1dGraph,
  averageGraph,
  bnMergeGraph,
  conv,
  conv1dGraph,
  conv2dGraph,
  extrasGraph,
  inputND,
  rnnGraph,
  maxPool,
  pool1dGraph,
  poolingGraph,
} from './quartusGraphs';

const library = loadHlsLibraryFromDisk();
const INCLUDE_DIRS = ['firmware', 'firmware/ac_types', 'firmware/nnet_utils'];
// i++ headers, and icpx's in the oneAPI branch of the shared nnet_common.h.
const VENDOR = [/^HLS\//, /^sycl\//];

function quartus(): DesignConfig {
  return defaultConfig('Quartus');
}

function project(g: ModelGraph, config: DesignConfig = quartus(), options = {}): ProjectFiles {
  return generateProject(lower(g, config), library, options);
}

const randomConfig = (g: ModelGraph, seed: number): DesignConfig => randomIntelConfig(g, seed, 'Quartus');

function inputWidth(g: ModelGraph): number {
  const x = g.layers.find((l) => l.kind === 'Input')!;
  return x.outputShape.reduce((a, b) => a * b, 1);
}

describe('Quartus backend: files', () => {
  const files = project(G.mlp(), quartus(), { inputs: G.rows(3, 10, 2, 7), predictions: G.rows(3, 5, 1, 8) });

  it("has hls4ml's Quartus layout with our templates, ac types and the activation tables", () => {
    const paths = [...files.keys()];
    expect(paths).toEqual([...paths].sort());
    for (const p of [
      'firmware/myproject.cpp',
      'firmware/myproject.h',
      'firmware/defines.h',
      'firmware/parameters.h',
      'firmware/weights/w2.h',
      'firmware/weights/b2.h',
      'firmware/nnet_utils/nnet_common.h',
      'firmware/nnet_utils/nnet_dense.h',
      'firmware/nnet_utils/nnet_softmax.h',
      'firmware/nnet_utils/activation_tables/tanh_table5.tb',
      'firmware/nnet_utils/activation_tables/exp_table7.tb',
      'firmware/nnet_utils/activation_tables/invert_table7.tb',
      'firmware/ac_types/ac_fixed.h',
      'firmware/ac_types/ac_int.h',
      'myproject_test.cpp',
      'myproject_bridge.cpp',
      'tb_data/tb_input_features.dat',
      'tb_data/tb_output_predictions.dat',
      'Makefile',
      'build_lib.sh',
      'hls4ml_config.yml',
      'README.md',
    ]) {
      expect(files.has(p), p).toBe(true);
    }
    // No Vivado pieces: no ap types, no Tcl, no .txt weights.
    expect(paths.filter((p) => /ap_types|\.tcl$|\.txt$/.test(p))).toEqual([]);
    const mk = files.get('Makefile')!;
    expect(mk).toMatch(/^PART \?= Arria10$/m);
    expect(mk).toMatch(/^myproject-fpga: /m);
    expect(mk).toContain('$(IXX) $(IXXFLAGS) -march=$(PART)');
    expect(mk).toMatch(/^csim: /m);
    expect(files.get('firmware/myproject.h')).toContain('component outputdat myproject(inputdat inputs);');
    expect(files.get('firmware/myproject.cpp')).toContain(
      'nnet::dense_resource<input_t, layer2_t, config2>(inputs.x, layer2_out, w2, b2);',
    );
    expect(files.get('firmware/defines.h')).toMatch(/typedef ac_fixed<16,6,true> layer2_t;/);
    expect(files.get('hls4ml_config.yml')).toContain('Backend: Quartus');
    expect(files.get('README.md')).toContain('make myproject-fpga');
  });

  it('every #include resolves inside the project (i++ headers aside)', () => {
    for (const g of [
      G.mlp(),
      bnMergeGraph(),
      conv2dGraph(),
      conv1dGraph(),
      poolingGraph(),
      pool1dGraph(),
      averageGraph(),
      average1dGraph(),
      movesGraph(),
      hardGraph(),
      tablesGraph(),
    ]) {
      expect(unresolvedIncludes(project(g), INCLUDE_DIRS, VENDOR), g.name).toEqual([]);
    }
  });

  it('is deterministic, and a different part reaches the Makefile', () => {
    const g = conv2dGraph();
    const a = project(g, randomConfig(g, 5));
    const b = project(g, randomConfig(g, 5));
    expect([...a.entries()]).toEqual([...b.entries()]);
    const other = project(g, { ...quartus(), part: 'Stratix10' });
    expect(other.get('Makefile')).toMatch(/^PART \?= Stratix10$/m);
    expect(() => project(g, { ...quartus(), part: 'A10; rm -rf ~' })).toThrow(/not a valid Intel device/);
  });

  it('writes a Resize whose index table has millions of entries (no argument-list overflow)', () => {
    // 3·512·512 → 3·1536·1536 pixels: 7 M indices, 440 k lines of the parameters file (a spread of them
    // overflowed the call stack; ESPCN's 300×300 upscaler hit it).
    const up: Layer = {
      kind: 'Resize',
      name: 'up',
      inputs: ['x'],
      outputShape: [1536, 1536, 3],
      source: { op: 'Upsample', node: 'up' },
      rank: 2,
      method: 'nearest',
      alignCorners: false,
    };
    const files = project(G.graph('big_up', [inputND('x', [512, 512, 3]), up], ['up']));
    const params = files.get('firmware/parameters.h') ?? '';
    expect(params).toMatch(/static const int t\[7077888\] = \{/);
  });

  it('puts every Dense and Conv on the Resource strategy (the only one Quartus has)', () => {
    const cfg = withLayerSetting(quartus(), 'fc1', { strategy: 'Latency', reuseFactor: 5 });
    const lowered = lower(G.mlp(), cfg);
    const fc1 = lowered.layers.find((l) => l.name === 'fc1')!;
    expect(fc1.strategy).toBe('resource');
    expect(fc1.reuseFactor).toBe(5);
    const report = lowered.reports.find((r) => r.pass === 'quartus:init_dense')!;
    expect(report.changes.map((c) => c.layer)).toEqual(['fc1', 'fc2', 'fc3']);
    expect(lower(G.mlp(), defaultConfig()).layers.find((l) => l.name === 'fc1')!.strategy).toBe('latency');
  });
});

describe('Quartus backend: refusals name the layer kind (writer and emulator)', () => {
  const overlapping: Layer = { ...maxPool('pool', 'x', [5, 5, 2], [2, 2]), strides: [1, 1] } as Layer;
  const cases: [string, ModelGraph, DesignConfig, RegExp][] = [
    [
      'pooling with a stride other than the pool size',
      G.graph('p', [inputND('x', [6, 6, 2]), overlapping], ['pool']),
      quartus(),
      /^Pooling2D with a pool size other than its stride is not supported by the Quartus backend yet$/,
    ],
    [
      'padded average pooling without count_pad',
      G.graph(
        'p',
        [inputND('x', [6, 2]), maxPool('p', 'x', [3, 2], [2], [0, 0], 'average')].map((l, i) =>
          i === 1 ? ({ ...l, pads: [1, 1], outputShape: [4, 2] } as Layer) : l,
        ),
        ['p'],
      ),
      quartus(),
      /^padded average Pooling1D that does not count the padding is not supported/,
    ],
    [
      'average pooling whose input type cannot hold the pool size',
      G.graph('p', [inputND('x', [6, 2]), maxPool('p', 'x', [3, 2], [2], [0, 0], 'average')], ['p']),
      withLayerSetting(quartus(), 'x', { precision: { result: 'ap_fixed<8,1>' } }),
      /^average Pooling1D whose input type cannot hold the pool size is not supported/,
    ],
    [
      'XNOR weights',
      G.graph(
        'w',
        [G.input('x', 4), { ...G.dense('d', 'x', 4, 2, 1), weightEncoding: 'xnor' } as Layer],
        ['d'],
      ),
      quartus(),
      /^Dense with binary \(XNOR\) weights is not supported by the Quartus backend yet$/,
    ],
    [
      'LayerNormalization',
      G.graph(
        'ln',
        [
          G.input('x', 4),
          {
            kind: 'LayerNormalization',
            name: 'ln',
            inputs: ['x'],
            outputShape: [4],
            source: { op: 'LayerNormalization', node: 'ln' },
            epsilon: 0.001,
            gamma: { shape: [4], data: Float32Array.from([1, 0.5, 2, 1]) },
            beta: { shape: [4], data: Float32Array.from([0, 0.1, -0.1, 0]) },
          } as Layer,
        ],
        ['ln'],
      ),
      quartus(),
      /^LayerNormalization is not supported by the Quartus backend$/,
    ],
    [
      'GRU with reset_after=False',
      G.graph(
        'g',
        [inputND('x', [6, 3]), { ...(rnnGraph().layers[5] as Layer & { kind: 'GRU' }), resetAfter: false }],
        ['gt'],
      ),
      quartus(),
      /^GRU with reset_after=False is not supported by the Quartus backend yet$/,
    ],
    [
      'GRU with a reuse factor invalid for its multiplications',
      G.graph('g', [inputND('x', [6, 3]), rnnGraph().layers[5]!], ['gt']),
      withLayerSetting(quartus(), 'gt', { reuseFactor: 2 }),
      /^GRU reuse factor 2 is not valid for its 3×12 and 4×12 multiplications on the Quartus \/ oneAPI backends$/,
    ],
    [
      'dilated conv',
      G.graph(
        'd',
        [inputND('x', [9, 2]), conv('c', 'x', [9, 2], 2, [3], { dilations: [2], seed: 1 })],
        ['c'],
      ),
      quartus(),
      /^a dilated Conv1D \(Quartus convolutions have no dilation\) is not supported/,
    ],
  ];
  it('io_stream is generated (its own tests: quartusStream.test.ts)', () => {
    const h = project(G.mlp(), { ...quartus(), ioType: 'io_stream' }).get('firmware/myproject.h')!;
    expect(h).toContain('component void myproject(');
  });
  for (const [name, g, cfg, message] of cases) {
    it(name, () => {
      const lowered = lower(g, cfg);
      expect(() => generateProject(lowered, library)).toThrow(message);
      expect(() => emulate(lowered, [new Array<number>(inputWidth(g)).fill(0.5)])).toThrow(message);
      expect(() => generateProject(lowered, library)).toThrow(StudioError);
      // Vivado still takes the same model.
      expect(() =>
        emulate(lower(g, { ...cfg, backend: 'Vivado' }), [new Array<number>(inputWidth(g)).fill(0.5)]),
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

/** Saturating accumulators with every reuse-loop shape: the summation order shows in the outputs. */
function satOrderConfig(): DesignConfig {
  let c = withLayerSetting(quartus(), 'fc1', {
    reuseFactor: 5,
    precision: { accum: 'ap_fixed<9,3,AP_RND,AP_SAT>', result: 'ap_fixed<10,4,AP_RND,AP_SAT>' },
  });
  c = withLayerSetting(c, 'fc2', {
    reuseFactor: 3,
    precision: { accum: 'ap_fixed<10,2,AP_TRN,AP_SAT_SYM>', weight: 'ap_fixed<8,1,AP_RND_CONV>' },
  });
  return withLayerSetting(c, 'fc3', {
    reuseFactor: 40,
    precision: { accum: 'ap_fixed<9,2,AP_RND_ZERO,AP_SAT>' },
  });
}

/** leaky_relu's alpha 0.15 lands on different values in data_T (ac_fixed<16,6>) and in the coarse param_t. */
function leakyConfig(): DesignConfig {
  const c = withLayerSetting(randomConfig(pool1dGraph(), 707), 'x', {
    precision: { result: 'ap_fixed<16,6>' },
  });
  return withLayerSetting(c, 'l', { precision: { param: 'ap_fixed<4,1>', result: 'ap_fixed<18,6>' } });
}

/** The conv feeding the average pool: a wrapping type (the wide sum) or a saturating one (a data_T sum). */
function averageConfig(seed: number, convResult: string): DesignConfig {
  return withLayerSetting(randomConfig(averageGraph(), seed), 'c1', { precision: { result: convResult } });
}

/** Narrow, saturating result types on the value-moving layers, so that their casts show. */
function movesConfig(): DesignConfig {
  const d = new TypeDraw(1212);
  let c = randomConfig(movesGraph(), 1212);
  for (const name of ['zp', 'cr', 'tr', 'cat3', 'cat']) {
    c = withLayerSetting(c, name, { precision: { result: d.fixed(6, 10, 1, 3) } });
  }
  return c;
}

const CASES: readonly Case[] = [
  { name: 'q_mlp_default', graph: G.mlp(), config: quartus(), scale: 2 },
  { name: 'q_mlp_sat_order', graph: G.mlp(), config: satOrderConfig(), scale: 2 },
  {
    name: 'q_mlp_argmax',
    graph: G.mlp(),
    config: withLayerSetting(randomConfig(G.mlp(), 303), 'softmax', { implementation: 'argmax' }),
    scale: 2,
  },
  { name: 'q_mlp_r1', graph: G.mlp(), config: randomConfig(G.mlp(), 101), scale: 2 },
  { name: 'q_mlp_r2', graph: G.mlp(), config: randomConfig(G.mlp(), 202), scale: 3 },
  { name: 'q_bn_merge', graph: bnMergeGraph(), config: randomConfig(bnMergeGraph(), 303), scale: 2 },
  { name: 'q_conv2d', graph: conv2dGraph(), config: randomConfig(conv2dGraph(), 404), scale: 1.5 },
  { name: 'q_conv1d', graph: conv1dGraph(), config: randomConfig(conv1dGraph(), 505), scale: 1.5 },
  { name: 'q_pooling', graph: poolingGraph(), config: randomConfig(poolingGraph(), 606), scale: 1.5 },
  { name: 'q_pooling_default', graph: poolingGraph(), config: quartus(), scale: 2 },
  { name: 'q_pool1d', graph: pool1dGraph(), config: leakyConfig(), scale: 2 },
  { name: 'q_moves', graph: movesGraph(), config: movesConfig(), scale: 2 },
  { name: 'q_hard', graph: hardGraph(), config: randomConfig(hardGraph(), 1313), scale: 2 },
  { name: 'q_tables', graph: tablesGraph(), config: randomConfig(tablesGraph(), 1414), scale: 3 },
  { name: 'q_tables_default', graph: tablesGraph(), config: quartus(), scale: 3 },
  { name: 'q_avg_wide', graph: averageGraph(), config: averageConfig(808, 'ap_fixed<10,3>'), scale: 2 },
  {
    name: 'q_avg_sat',
    graph: averageGraph(),
    config: averageConfig(909, 'ap_fixed<10,3,AP_RND_CONV,AP_SAT>'),
    scale: 2,
  },
  { name: 'q_avg_random', graph: averageGraph(), config: randomConfig(averageGraph(), 1010), scale: 2 },
  {
    name: 'q_extras',
    graph: extrasGraph(),
    config: withLayerSetting(randomConfig(extrasGraph(), 1515), 'sm', { implementation: 'latency' }),
    scale: 3,
  },
  {
    name: 'q_extras_default',
    graph: extrasGraph(),
    config: withLayerSetting(quartus(), 'sm', { implementation: 'legacy' }),
    scale: 3,
  },
  { name: 'q_rnn', graph: rnnGraph(), config: randomConfig(rnnGraph(), 2020), scale: 3 },
  { name: 'q_rnn_default', graph: rnnGraph(), config: quartus(), scale: 3 },
  {
    name: 'q_mlp_latency',
    graph: G.mlp(),
    config: withLayerSetting(randomConfig(G.mlp(), 1717), 'softmax', { implementation: 'latency' }),
    scale: 2,
  },
  {
    name: 'q_mlp_legacy',
    graph: G.mlp(),
    config: withLayerSetting(randomConfig(G.mlp(), 1818), 'softmax', { implementation: 'legacy' }),
    scale: 2,
  },
  {
    name: 'q_avg1d',
    graph: average1dGraph(),
    config: withLayerSetting(randomConfig(average1dGraph(), 1111), 'fc', {
      precision: { result: 'ap_fixed<8,2,AP_RND,AP_SAT>' },
    }),
    scale: 2,
  },
];

describe.each(CASES.map((c) => [c.name, c] as const))('Quartus C-sim parity %s', (_name, c) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows, overflowing ones included', async () => {
    const rows = parityInputs(c.name.length * 7919, inputWidth(c.graph), c.scale);
    const r = await runGraphParity(c.name, c.graph, c.config, rows);
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  });
});

/** hls4ml's four reference models (tests/golden), switched to Quartus with their own configurations. */
const GOLDEN = [
  'a_jet_mlp_latency',
  'd_conv1d_relu_flatten_dense',
  'f_dense_batchnorm_relu',
  'g_sigmoid_tanh_lut',
];

describe.each(GOLDEN)('Quartus C-sim parity of the reference model %s', (name) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const g = await loadGoldenCase(name);
    const config = withBackend(g.config.backend ? g.config : defaultConfig(), 'Quartus');
    const rows = parityRows(g.inputs, g.inputs[0]!.length, 4321);
    const r = await runGraphParity(`q_golden_${name}`, g.graph, config, rows);
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
  });
});

describe('Quartus backend: make csim as a user runs it', () => {
  it('runs the bundled tb_data and writes tb_data/csim_results.log', async () => {
    const rows = G.rows(4, 12, 2, 9);
    const g = bnMergeGraph();
    const lowered = lower(g, quartus());
    const want = emulate(lowered, rows);
    const files = generateProject(lowered, library, { inputs: rows });
    const { results } = await makeCsim(files, 'q_make_csim');
    expect(results).toHaveLength(4);
    expect(results[0]).toHaveLength(8 * (1 + MERGE_OPS.length));
    const first = want.outputs.flatMap((o) => Array.from(o.slice(0, 8)));
    expect(results[0]).toEqual(first);
  });
});
