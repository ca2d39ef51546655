/**
 * The oneAPI backend (hls4ml-facts.md §6.3): the layout under src/, the CMakeLists.txt targets and
 * device, includes, determinism, that its layer code is the Quartus one, that CMake configures (when
 * cmake is installed), and C-sim parity: the emulator with backend oneAPI equals `make csim` of the
 * generated project (plain g++, no SYCL) raw for raw on 1,000 rows, overflowing rows included.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
import { fractionalBits } from '../../src/core/fixed/types';
import type { Layer, ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { parityInputs, runGraphParity } from '../csim/elementwiseHarness';
import { ROOT, makeCsim, writeProjectTo } from './csim';
import * as G from './graphs';
import { randomIntelConfig } from './intelConfigs';
import { unresolvedIncludes } from './projectChecks';
import {
  average1dGraph,
  averageGraph,
  bnMergeGraph,
  conv1dGraph,
  conv2dGraph,
  extrasGraph,
  hardGraph,
  rnnGraph,
  maxPool,
  inputND,
  movesGraph,
  pool1dGraph,
  poolingGraph,
  tablesGraph,
} from './quartusGraphs';

const run = promisify(execFile);
const library = loadHlsLibraryFromDisk();
const INCLUDE_DIRS = ['src', 'src/firmware', 'src/firmware/ac_types', 'src/firmware/nnet_utils'];
/** sycl/... under icpx; HLS/... is the i++ branch of the shared nnet_common.h. */
const VENDOR = [/^sycl\//, /^HLS\//];

function oneapi(): DesignConfig {
  return defaultConfig('oneAPI');
}

function project(g: ModelGraph, config: DesignConfig = oneapi(), options = {}): ProjectFiles {
  return generateProject(lower(g, config), library, options);
}

const randomConfig = (g: ModelGraph, seed: number): DesignConfig => randomIntelConfig(g, seed, 'oneAPI');

function inputWidth(g: ModelGraph): number {
  const x = g.layers.find((l) => l.kind === 'Input')!;
  return x.outputShape.reduce((a, b) => a * b, 1);
}

const GRAPHS: readonly (() => ModelGraph)[] = [
  G.mlp,
  bnMergeGraph,
  conv2dGraph,
  conv1dGraph,
  poolingGraph,
  pool1dGraph,
  averageGraph,
  average1dGraph,
  movesGraph,
  hardGraph,
  tablesGraph,
  extrasGraph,
  rnnGraph,
];

describe('oneAPI backend: files', () => {
  const files = project(G.mlp(), oneapi(), { inputs: G.rows(3, 10, 2, 7), predictions: G.rows(3, 5, 1, 8) });

  it("has hls4ml's oneAPI layout: every source under src/, CMakeLists.txt on top", () => {
    const paths = [...files.keys()];
    expect(paths).toEqual([...paths].sort());
    for (const p of [
      'src/firmware/myproject.cpp',
      'src/firmware/myproject.h',
      'src/firmware/defines.h',
      'src/firmware/parameters.h',
      'src/firmware/weights/w2.h',
      'src/firmware/weights/b2.h',
      'src/firmware/nnet_utils/nnet_common.h',
      'src/firmware/nnet_utils/nnet_dense.h',
      'src/firmware/nnet_utils/nnet_softmax.h',
      'src/firmware/nnet_utils/nnet_code_gen.h',
      'src/firmware/nnet_utils/activation_tables/tanh_table5.tb',
      'src/firmware/nnet_utils/activation_tables/exp_table7.tb',
      'src/firmware/nnet_utils/activation_tables/invert_table7.tb',
      'src/firmware/ac_types/ac_fixed.h',
      'src/firmware/ac_types/ac_int.h',
      'src/myproject_test.cpp',
      'src/myproject_bridge.cpp',
      'src/exception_handler.hpp',
      'tb_data/tb_input_features.dat',
      'tb_data/tb_output_predictions.dat',
      'CMakeLists.txt',
      'Makefile',
      'hls4ml_config.yml',
      'README.md',
    ]) {
      expect(files.has(p), p).toBe(true);
    }
    // C++ only under src/; no ap types, Tcl, .txt weights or Quartus scripts.
    const top = paths.filter((p) => !p.startsWith('src/') && !p.startsWith('tb_data/'));
    expect(top).toEqual(['CMakeLists.txt', 'Makefile', 'README.md', 'hls4ml_config.yml']);
    expect(paths.filter((p) => /ap_types|\.tcl$|weights\/.*\.txt$|build_lib\.sh/.test(p))).toEqual([]);
  });

  it('CMakeLists.txt has the fpga_emu, fpga_sim, report, fpga and lib targets and FPGA_DEVICE Agilex7', () => {
    const cmake = files.get('CMakeLists.txt')!;
    expect(cmake).toContain('set(FPGA_DEVICE "Agilex7" CACHE STRING');
    for (const t of ['fpga_emu', 'fpga_sim', 'report', 'fpga', 'lib', 'csim']) {
      expect(cmake, t).toMatch(new RegExp(`^ *add_custom_target\\(${t} DEPENDS `, 'm'));
    }
    expect(cmake).toContain('-Xstarget=${FPGA_DEVICE}');
    expect(cmake).toContain('-DFPGA_EMULATOR');
    expect(cmake).toContain('-DFPGA_SIMULATOR');
    expect(cmake).toContain('-Xssimulation');
    expect(cmake).toContain('-fsycl-link=early');
    expect(cmake).toContain('-Xshardware');
    const mk = files.get('Makefile')!;
    expect(mk).toMatch(/^PROJECT := myproject$/m);
    expect(mk).toMatch(/^csim: /m);
    expect(mk).toMatch(/^csim-build: /m);
    expect(files.get('hls4ml_config.yml')).toContain('Backend: oneAPI');
    const readme = files.get('README.md')!;
    for (const cmd of ['make csim', 'make fpga_emu', 'make report', 'make fpga_sim', 'make fpga ']) {
      expect(readme, cmd).toContain(cmd);
    }
  });

  it('wraps the network in a SYCL kernel with host pipes only under SYCL_LANGUAGE_VERSION', () => {
    const h = files.get('src/firmware/myproject.h')!;
    const cpp = files.get('src/firmware/myproject.cpp')!;
    expect(h).toContain('outputdat myproject(inputdat inputs);');
    const sycl = h.slice(h.indexOf('#ifdef SYCL_LANGUAGE_VERSION'));
    expect(sycl).toContain('#include <sycl/sycl.hpp>');
    expect(sycl).toContain('struct myproject_kernel {');
    expect(sycl).toContain('sycl::ext::intel::experimental::pipe<myproject_input_pipe_id, inputdat, 0');
    expect(h.slice(0, h.indexOf('#ifdef SYCL_LANGUAGE_VERSION'))).not.toContain('sycl');
    expect(cpp).toContain('nnet::dense_resource<input_t, layer2_t, config2>(inputs.x, layer2_out, w2, b2);');
    expect(cpp).toMatch(
      /#ifdef SYCL_LANGUAGE_VERSION\nvoid myproject_kernel::operator\(\)\(\) const \{\n {4}const inputdat inputs = myproject_input_pipe::read\(\);\n {4}myproject_output_pipe::write\(myproject\(inputs\)\);\n\}\n#endif\n$/,
    );
    const tb = files.get('src/myproject_test.cpp')!;
    for (const sel of ['fpga_emulator_selector_v', 'fpga_simulator_selector_v', 'fpga_selector_v']) {
      expect(tb).toContain(`sycl::ext::intel::${sel}`);
    }
    expect(files.get('src/firmware/nnet_utils/nnet_common.h')).toContain(
      '#include <sycl/ext/intel/ac_types/ac_fixed.hpp>',
    );
  });

  it("has the Quartus project's layer code: templates, defines, configurations, weights and tables", () => {
    const g = conv2dGraph();
    const cfg = randomConfig(g, 17);
    const ours = project(g, cfg);
    const quartus = project(g, withBackend(cfg, 'Quartus'));
    let compared = 0;
    for (const [path, text] of quartus) {
      if (
        !path.startsWith('firmware/') ||
        path === 'firmware/myproject.cpp' ||
        path === 'firmware/myproject.h'
      )
        continue;
      expect(ours.get(`src/${path}`), path).toBe(text);
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  });

  it('every #include resolves inside the project (sycl headers aside)', () => {
    for (const g of GRAPHS) {
      expect(unresolvedIncludes(project(g()), INCLUDE_DIRS, VENDOR), g.name).toEqual([]);
    }
  });

  it('is deterministic; a different part reaches FPGA_DEVICE; a bad part is refused', () => {
    const g = conv2dGraph();
    const a = project(g, randomConfig(g, 5));
    const b = project(g, randomConfig(g, 5));
    expect([...a.entries()]).toEqual([...b.entries()]);
    const other = project(g, { ...oneapi(), part: 'Stratix10' });
    expect(other.get('CMakeLists.txt')).toContain('set(FPGA_DEVICE "Stratix10" CACHE STRING');
    expect(() => project(g, { ...oneapi(), part: 'Agilex7) ; rm -rf ~' })).toThrow(
      /not a valid Intel device/,
    );
  });
});

describe('oneAPI backend: the emulator uses the Quartus semantics and flow', () => {
  it('runs every Quartus test graph with raws equal to backend Quartus', () => {
    GRAPHS.forEach((g, k) => {
      const cfg = randomConfig(g(), 40 + k);
      const rows = parityInputs(k + 1, inputWidth(g()), 2).slice(0, 60);
      const ours = emulate(lower(g(), cfg), rows);
      const quartus = emulate(lower(g(), withBackend(cfg, 'Quartus')), rows);
      expect(ours.outputs, g.name).toEqual(quartus.outputs);
      expect(ours.outputTypes, g.name).toEqual(quartus.outputTypes);
    });
  });

  it('puts every Dense and Conv on the Resource strategy', () => {
    const cfg = withLayerSetting(oneapi(), 'fc1', { strategy: 'Latency', reuseFactor: 5 });
    const lowered = lower(G.mlp(), cfg);
    expect(lowered.layers.find((l) => l.name === 'fc1')!.strategy).toBe('resource');
    expect(lowered.reports.find((r) => r.pass === 'quartus:init_dense')!.changes.length).toBe(3);
  });

  it('refuses what the templates lack, naming oneAPI, in the writer and the emulator', () => {
    const overlapping: Layer = { ...maxPool('pool', 'x', [5, 5, 2], [2, 2]), strides: [1, 1] } as Layer;
    const g = G.graph('p', [inputND('x', [6, 6, 2]), overlapping], ['pool']);
    const lowered = lower(g, oneapi());
    const message =
      /^Pooling2D with a pool size other than its stride is not supported by the oneAPI backend yet$/;
    expect(() => generateProject(lowered, library)).toThrow(message);
    expect(() => emulate(lowered, [new Array<number>(72).fill(0.5)])).toThrow(message);
    // io_stream is generated (quartusStream.test.ts), with the stream refusals naming oneAPI.
    expect(() => project(poolingGraph(), { ...oneapi(), ioType: 'io_stream' })).toThrow(
      /^the relu6 activation is not supported by the oneAPI io_stream backend: hls4ml's Quartus io_stream has no relu_max$/,
    );
  });
});

const hasCmake = (() => {
  try {
    execFileSync('which', ['cmake'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe('oneAPI backend: CMake', () => {
  if (!hasCmake)
    console.warn('cmake is not installed: skipping the CMake configure test of the oneAPI project');
  it.skipIf(!hasCmake)('CMakeLists.txt configures, and every target is defined', async () => {
    const dir = join(ROOT, 'tests/tmp/cmake', `oneapi-${process.pid}-${Date.now()}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      writeProjectTo(project(G.mlp()), dir);
      const configured = await run('cmake', ['-S', '.', '-B', 'build'], { cwd: dir, timeout: 120_000 });
      expect(configured.stdout).toContain('Build files have been written to');
      const help = await run('cmake', ['--build', 'build', '--target', 'help'], {
        cwd: dir,
        timeout: 60_000,
      });
      for (const t of ['fpga_emu', 'fpga_sim', 'report', 'fpga', 'lib', 'csim']) {
        expect(help.stdout, t).toMatch(new RegExp(`^\\.\\.\\. ${t}$`, 'm'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Case {
  readonly name: string;
  readonly graph: ModelGraph;
  readonly config: DesignConfig;
  readonly scale: number;
}

/** Saturating accumulators with three reuse-loop shapes, so that the summation order shows. */
function satOrderConfig(): DesignConfig {
  let c = withLayerSetting(oneapi(), 'fc1', {
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

/**
 * Five compiled projects: Dense order + tanh + softmax, the table activations, pooling, averages, and the
 * extras (PReLU, binary/ternary tanh, latency softmax, Resize, Dot, Embedding).
 */
const CASES: readonly Case[] = [
  { name: 'oneapi_mlp_sat_order', graph: G.mlp(), config: satOrderConfig(), scale: 2 },
  { name: 'oneapi_tables', graph: tablesGraph(), config: randomConfig(tablesGraph(), 1414), scale: 3 },
  {
    name: 'oneapi_pool1d',
    graph: pool1dGraph(),
    config: withLayerSetting(randomConfig(pool1dGraph(), 707), 'l', {
      precision: { param: 'ap_fixed<4,1>', result: 'ap_fixed<18,6>' },
    }),
    scale: 2,
  },
  {
    name: 'oneapi_average',
    graph: averageGraph(),
    config: withLayerSetting(randomConfig(averageGraph(), 808), 'c1', {
      precision: { result: 'ap_fixed<10,3>' },
    }),
    scale: 2,
  },
  {
    name: 'oneapi_extras',
    graph: extrasGraph(),
    config: withLayerSetting(randomConfig(extrasGraph(), 1919), 'sm', { implementation: 'latency' }),
    scale: 3,
  },
];

describe.each(CASES.map((c) => [c.name, c] as const))('oneAPI C-sim parity %s', (_name, c) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows, overflowing ones included', async () => {
    expect(c.config.backend).toBe('oneAPI');
    const rows = parityInputs(c.name.length * 7919, inputWidth(c.graph), c.scale);
    const r = await runGraphParity(c.name, c.graph, c.config, rows);
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  });
});

describe('oneAPI backend: make csim as a user runs it', () => {
  it('runs one all-zero sample without tb_data and writes tb_data/csim_results.log', async () => {
    // The first parity project (same files, so no new compile).
    const c = CASES[0]!;
    const lowered = lower(c.graph, { ...c.config, projectName: 'myproject' });
    const files = generateProject(lowered, library, {});
    const { output, results } = await makeCsim(files, c.name);
    expect(output).toContain('running one all-zero sample');
    const want = emulate(lowered, [new Array<number>(inputWidth(c.graph)).fill(0)]);
    const scale = 2 ** fractionalBits(want.outputTypes[0]!);
    expect(results).toHaveLength(1);
    expect(results[0]!.map((v) => v * scale)).toEqual(Array.from(want.outputs[0]!).map((v) => v * scale));
  });
});
