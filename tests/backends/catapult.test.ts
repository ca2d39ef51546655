/**
 * The Catapult backend (hls4ml-facts.md §6.4): layout, ac types only, includes, build_prj.tcl under
 * tclsh with stubbed Catapult commands, deterministic zips, refusals naming the kind, and C-sim parity:
 * the emulator with Catapult semantics (Vivado kernels on ac types, piecewise-linear sigmoid/tanh)
 * equals `make csim` of the zip raw for raw, on 1,000 rows (a quarter ×20 so that they overflow) for
 * hand-made models with random precisions, rounding/overflow modes, strategies and reuse factors, and
 * for the spatial parity suite's models. Each project is compiled once per content (tests/backends/csim).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import { CATAPULT_OPTIONS } from '../../src/core/backends/catapult/scripts';
import { checkCatapultFirmware } from '../../src/core/backends/catapult/support';
import { defaultConfig, withBackend, type DesignConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import type { ActivationFn, Layer, MergeOp, ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { validReuseFactors } from '../../src/core/passes/reuseFactor';
import { zipProject } from '../../src/core/project/zip';
import { loadGoldenCase } from '../golden/goldenCase';
import { configWith, parityInputs, runGraphParity, TypeDraw } from '../csim/elementwiseHarness';
import { PARITY_CASES, parityRows } from '../csim/parityCases';
import { RANDOM_SPATIAL_CASES, SPATIAL_CASES, spatialRows, type SpatialCase } from '../csim/spatialCases';
import { buildProject, makeCsim, parseResults } from './csim';
import * as G from './graphs';
import { runTclWithStubs, unresolvedIncludes } from './projectChecks';

const library = loadHlsLibraryFromDisk();
/** Catapult's own testbench header, used only when the tool puts it on the include path. */
const SCVERIFY = [/^mc_scverify\.h$/];
const CATAPULT = defaultConfig('Catapult');

function project(g: ModelGraph, config: DesignConfig = CATAPULT, options = {}): ProjectFiles {
  return generateProject(lower(g, config), library, options);
}

const src = (op: string, node: string) => ({ op, node });

/** 10 → 16 → relu → 12 → sigmoid → 8 → tanh → 6, three outputs. */
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

function paramAct(name: string, from: string, n: number, fn: ActivationFn, extra: object): Layer {
  return { ...G.activation(name, from, n, fn), ...extra } as Layer;
}

function merge(name: string, op: MergeOp, a: string, b: string, n: number): Layer {
  return { kind: 'Merge', name, op, inputs: [a, b], outputShape: [n], source: src('Merge', name) };
}

/** Merges, concatenation, dot, PReLU, the direct parametrised activations and PWL elu / selu / softsign. */
function elementwise(): ModelGraph {
  const r = G.rng(77);
  const layers: Layer[] = [
    G.input('x', 12),
    G.dense('a', 'x', 12, 12, 11, 0.9),
    G.dense('b', 'x', 12, 12, 12, 0.9),
    merge('m_add', 'add', 'a', 'b', 12),
    merge('m_sub', 'subtract', 'a', 'b', 12),
    merge('m_mul', 'multiply', 'a', 'b', 12),
    merge('m_avg', 'average', 'a', 'b', 12),
    merge('m_max', 'maximum', 'a', 'b', 12),
    merge('m_min', 'minimum', 'a', 'b', 12),
    {
      kind: 'Concatenate',
      name: 'cat',
      axis: 0,
      inputs: ['a', 'b'],
      outputShape: [24],
      source: src('Concat', 'cat'),
    },
    { kind: 'Dot', name: 'dot', inputs: ['a', 'b'], outputShape: [1], source: src('Dot', 'dot') },
    {
      kind: 'PReLU',
      name: 'prelu',
      inputs: ['a'],
      outputShape: [12],
      source: src('PRelu', 'prelu'),
      alpha: { shape: [12], data: Float32Array.from({ length: 12 }, () => r() * 0.7) },
    },
    paramAct('leaky', 'b', 12, 'leaky_relu', { alpha: 0.3 }),
    paramAct('relu6', 'a', 12, 'relu6', { maxValue: 6 }),
    paramAct('hsig', 'b', 12, 'hard_sigmoid', {}),
    paramAct('thr', 'a', 12, 'thresholded_relu', { theta: 0.4 }),
    paramAct('elu', 'a', 12, 'elu', { alpha: 0.7 }),
    paramAct('selu', 'b', 12, 'selu', {}),
    paramAct('softsign', 'a', 12, 'softsign', {}),
    paramAct('softplus', 'b', 12, 'softplus', {}),
    paramAct('htanh', 'a', 12, 'hard_tanh', {}),
    paramAct('btanh', 'b', 12, 'binary_tanh', {}),
    paramAct('ttanh', 'a', 12, 'ternary_tanh', {}),
  ];
  const outputs = ['m_add', 'm_sub', 'm_mul', 'm_avg', 'm_max', 'm_min', 'cat', 'dot', 'prelu'];
  return G.graph('elementwise', layers, [
    ...outputs,
    'leaky',
    'relu6',
    'hsig',
    'thr',
    'elu',
    'selu',
    'softsign',
    'softplus',
    'htanh',
    'btanh',
    'ttanh',
  ]);
}

function mlpConfig(seed: number): DesignConfig {
  const d = new TypeDraw(seed);
  const sizes: Record<string, [number, number]> = { fc1: [10, 16], fc2: [16, 12], fc3: [12, 8], fc4: [8, 6] };
  const settings: Record<string, Parameters<typeof configWith>[0][string]> = {
    x: { precision: { result: d.fixed(8, 16, 2, 6) } },
  };
  for (const [n, [nIn, nOut]] of Object.entries(sizes)) {
    const strategy = d.pick(['Latency', 'Resource', 'Latency'] as const);
    const rfs = validReuseFactors(nIn, nOut);
    settings[n] = {
      strategy,
      reuseFactor: strategy === 'Resource' ? d.pick(rfs) : 1,
      precision: {
        weight: d.fixed(6, 12, 1, 3),
        bias: d.fixed(6, 12, 1, 3),
        accum: d.fixed(10, 22, 3, 8),
        result: d.fixed(8, 18, 2, 7),
      },
    };
  }
  settings['relu1'] = { precision: { result: d.fixed(6, 14, 2, 5, true) } };
  settings['sig2'] = { precision: { result: d.fixed(4, 18, -1, 2, seed % 2 === 0) } };
  settings['tanh3'] = { precision: { result: d.fixed(4, 18, 0, 2) } };
  return configWith(settings, CATAPULT);
}

function elementwiseConfig(seed: number): DesignConfig {
  const d = new TypeDraw(seed);
  const settings: Record<string, Parameters<typeof configWith>[0][string]> = {
    x: { precision: { result: d.fixed(10, 16, 3, 6) } },
  };
  for (const n of ['a', 'b'])
    settings[n] = { precision: { result: d.fixed(8, 18, 2, 6), accum: d.fixed(16, 24, 5, 8) } };
  for (const n of [
    'm_add',
    'm_sub',
    'm_mul',
    'm_avg',
    'm_max',
    'm_min',
    'cat',
    'leaky',
    'relu6',
    'hsig',
    'thr',
  ]) {
    settings[n] = { precision: { result: d.fixed(6, 20, 2, 8) } };
  }
  settings['dot'] = { precision: { result: d.fixed(8, 20, 4, 8), accum: d.fixed(8, 22, 4, 9) } };
  settings['prelu'] = { precision: { result: d.fixed(6, 16, 2, 5), param: d.fixed(4, 12, 0, 2) } };
  settings['elu'] = { precision: { result: d.fixed(8, 22, 1, 4), param: d.fixed(4, 12, 0, 2) } };
  settings['selu'] = { precision: { result: d.fixed(8, 22, 1, 4) } };
  settings['softsign'] = { precision: { result: d.fixed(6, 20, 0, 3, seed === 2) } };
  settings['softplus'] = { precision: { result: d.fixed(6, 20, 1, 5, seed === 1) } };
  for (const n of ['htanh', 'btanh', 'ttanh']) settings[n] = { precision: { result: d.fixed(2, 8, 1, 3) } };
  return configWith(settings, CATAPULT);
}

/** The MLP with softmax (10 → 12 → relu → 8 → tanh → 5 → softmax), random precisions and implementation. */
function softmaxConfig(seed: number): DesignConfig {
  const d = new TypeDraw(seed);
  const layer = (a: number, b: number) => ({
    precision: { weight: d.fixed(6, 12, 1, 3), accum: d.fixed(12, 22, 4, 8), result: d.fixed(8, 18, a, b) },
  });
  return configWith(
    {
      x: { precision: { result: d.fixed(8, 16, 2, 6) } },
      fc1: layer(2, 7),
      relu1: { precision: { result: d.fixed(6, 14, 2, 5, true) } },
      fc2: layer(2, 6),
      tanh2: { precision: { result: d.fixed(6, 18, 0, 2) } },
      fc3: layer(1, 6),
      softmax: {
        implementation: d.pick(['stable', 'latency', 'legacy'] as const),
        precision: { result: d.fixed(6, 20, 0, 2, seed % 2 === 0) },
      },
    },
    CATAPULT,
  );
}

describe('Catapult backend: files', () => {
  it("has hls4ml's Catapult layout, ac types only, and the Catapult library", () => {
    const files = project(pwlMlp());
    const paths = [...files.keys()];
    expect(paths).toEqual([...paths].sort());
    for (const p of [
      'firmware/myproject.cpp',
      'firmware/myproject.h',
      'firmware/defines.h',
      'firmware/parameters.h',
      'firmware/layer_summary.txt',
      'firmware/weights/w2.h',
      'firmware/weights/w2.txt',
      'firmware/nnet_utils/ac_math_pwl.h',
      'firmware/nnet_utils/nnet_activation.h',
      'firmware/ac_types/ac_fixed.h',
      'myproject_test.cpp',
      'myproject_bridge.cpp',
      'build_prj.tcl',
      'build_lib.sh',
      'Makefile',
      'README.md',
      'hls4ml_config.yml',
    ]) {
      expect(files.has(p), p).toBe(true);
    }
    expect(paths.some((p) => p.includes('ap_types') || p === 'project.tcl')).toBe(false);
    expect(files.get('firmware/nnet_utils/nnet_activation.h')).toBe(
      library.get('catapult_nnet_utils/nnet_activation.h'),
    );
    for (const [path, text] of files) {
      if (!/\.(h|cpp)$/.test(path) || path.startsWith('firmware/ac_types/')) continue;
      const code = text.replace(/\/\/.*$/gm, '');
      expect(code, path).not.toMatch(/\bap_(u?fixed|u?int)\b|#pragma HLS/);
    }
    expect(files.get('firmware/defines.h')).toContain('typedef ac_fixed<16,6,true> input_t;');
    expect(files.get('firmware/myproject.cpp')).toContain('#pragma hls_design top\nvoid myproject(');
    expect(files.get('Makefile')).toContain('-std=c++17');
    const readme = files.get('README.md')!;
    expect(readme).toContain('make csim');
    expect(readme).toContain('catapult -product ultra -shell -f build_prj.tcl');
    expect(readme).toContain('cosim=1');
  });

  it('every #include resolves inside the project', () => {
    for (const g of [pwlMlp(), elementwise()]) {
      const files = project(g);
      expect(
        unresolvedIncludes(files, ['firmware', 'firmware/ac_types', 'firmware/nnet_utils'], SCVERIFY),
      ).toEqual([]);
    }
  });

  it('gives byte-identical zips for the same input', async () => {
    const a = project(pwlMlp(), CATAPULT, { inputs: G.rows(3, 10, 2, 1) });
    const b = project(pwlMlp(), CATAPULT, { inputs: G.rows(3, 10, 2, 1) });
    const [za, zb] = [await zipProject(a, 'myproject'), await zipProject(b, 'myproject')];
    expect(Buffer.from(za).equals(Buffer.from(zb))).toBe(true);
  });

  it('refuses kinds without a Catapult kernel, naming the layer and the kind', () => {
    const refused = (g: ModelGraph, config: DesignConfig = CATAPULT): StudioError => {
      try {
        project(g, config);
      } catch (e) {
        if (e instanceof StudioError) return e;
        throw e;
      }
      throw new Error('not refused');
    };
    const wide = configWith({ fc3: { precision: { result: 'ap_fixed<18,7>' } } }, CATAPULT);
    let sm: StudioError | null = null;
    try {
      project(G.mlp(), wide);
    } catch (e) {
      if (e instanceof StudioError) sm = e;
    }
    expect(sm?.message).toContain('7 integer bits');
    expect(sm?.location.node).toBe('softmax');
    expect(project(G.mlp()).get('firmware/myproject.cpp')).toContain('nnet::softmax<');
    // io_stream is generated too (catapultStream.test.ts)
    expect(project(G.mlp(), { ...CATAPULT, ioType: 'io_stream' }).get('firmware/myproject.cpp')).toContain(
      'static ac_channel<',
    );
    // the firmware check: a header the Catapult library lacks; the weight products are shared with Vivado
    const nnet = new Set(['nnet_dense.h']);
    expect(() => checkCatapultFirmware('#include "nnet_utils/nnet_dense.h"\n', nnet, 'x')).not.toThrow();
    expect(() => checkCatapultFirmware('#include "nnet_utils/nnet_lstm.h"\n', nnet, 'x')).toThrow(
      /needs nnet_utils\/nnet_lstm.h/,
    );
    expect(() =>
      checkCatapultFirmware('using product = nnet::product::weight_binary<a, b>;', nnet, 'x'),
    ).not.toThrow();
    const spGraph = G.graph('sp', [G.input('x', 4), paramAct('e', 'x', 4, 'softplus', {})], ['e']);
    const sp = refused(spGraph, configWith({ x: { precision: { result: 'ap_fixed<16,8>' } } }, CATAPULT));
    expect(sp.message).toContain('softplus input type has 8 integer bits');
    expect(sp.location.node).toBe('e');
    const ln = refused(
      G.graph(
        'ln',
        [
          G.input('x', 4),
          {
            kind: 'LayerNormalization',
            name: 'ln',
            inputs: ['x'],
            outputShape: [4],
            source: src('LayerNormalization', 'ln'),
            epsilon: 1e-3,
            gamma: { shape: [4], data: new Float32Array([1, 1, 1, 1]) },
            beta: { shape: [4], data: new Float32Array(4) },
          },
        ],
        ['ln'],
      ),
    );
    expect(ln.location.node).toBe('ln');
    expect(ln.message).toMatch(/LayerNormalization layer cannot be generated for the Catapult backend/);
  });
});

describe('Catapult backend: build_prj.tcl under tclsh with stubbed Catapult commands', () => {
  const COMMANDS = ['options', 'project', 'solution', 'go', 'directive', 'flow'];

  it('has the opt array of hls4ml (synth on by default) and runs the chosen steps', async () => {
    const files = project(pwlMlp());
    const tcl = files.get('build_prj.tcl')!;
    expect(CATAPULT_OPTIONS.map(([n]) => n)).toEqual([
      'reset',
      'csim',
      'synth',
      'cosim',
      'validation',
      'vhdl',
      'verilog',
      'export',
      'vsynth',
      'bitfile',
      'fifo_opt',
      'ran_frame',
      'sw_opt',
      'power',
      'da',
      'bup',
    ]);
    expect(tcl).toContain('options set Input/CppStandard c++17');
    const calls = await runTclWithStubs(files, 'build_prj.tcl', COMMANDS, 'catapult_default');
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
    expect(calls.some((l) => l.includes('/SCVerify/'))).toBe(false);
    expect(calls).toContain('CALL solution design set myproject -top');
    expect(calls.some((l) => l.includes('-part xcku115-flvb2104-2-i'))).toBe(true);

    const cosim = await runTclWithStubs(files, 'build_prj.tcl', COMMANDS, 'catapult_cosim', [
      'reset=1 csim=1 synth=1 cosim=1 nonsense=1',
    ]);
    expect(cosim).toContain('CALL project new -name myproject_prj');
    expect(cosim.filter((l) => l.includes('/SCVerify/launch_make'))).toHaveLength(2);
    expect(cosim.some((l) => l.startsWith('WARNING: unknown option nonsense'))).toBe(true);

    const none = await runTclWithStubs(files, 'build_prj.tcl', COMMANDS, 'catapult_nosynth', ['synth=0']);
    expect(none.filter((l) => l.startsWith('CALL go ')).map((l) => l.slice(8))).toEqual(['new', 'analyze']);
  });
});

describe('Catapult backend: C-sim parity (emulator == make csim, raw for raw)', () => {
  it('make csim writes tb_data/csim_results.log like the Vivado Makefile', async () => {
    const files = project(pwlMlp(), CATAPULT, { inputs: G.rows(5, 10, 4, 3) });
    const { results } = await makeCsim(files, 'catapult-makecsim');
    expect(results).toHaveLength(5);
    // SCVerify's entry points, plain C++ under g++, compiled without a warning
    const tb = files.get('myproject_test.cpp')!;
    expect(tb).toContain('#include "firmware/nnet_utils/nnet_scverify.h"');
    expect(tb).toContain('CCS_MAIN(int argc, char **argv) {');
    expect(tb).toContain('CCS_DESIGN(myproject)(');
    expect(tb).toContain('    CCS_RETURN(0);');
    expect((await buildProject(files, 'catapult-makecsim')).compilerOutput).not.toMatch(/warning/i);
    expect(results[0]).toHaveLength(6 + 12 + 8);
  }, 600_000);

  it('writes the traced layers like the Vivado project (nnet_trace.h), equal to the emulator trace', async () => {
    const config = configWith({ sig2: { trace: true } }, CATAPULT);
    const rows = G.rows(4, 10, 4, 9);
    const lowered = lower(pwlMlp(), config);
    const files = generateProject(lowered, library, { inputs: rows });
    expect(
      unresolvedIncludes(files, ['firmware', 'firmware/ac_types', 'firmware/nnet_utils'], SCVERIFY),
    ).toEqual([]);
    const { results } = await makeCsim(files, 'catapult-trace');
    expect(results).toHaveLength(4);
    const built = await buildProject(files, 'catapult-trace');
    const log = parseResults(readFileSync(join(built.dir, 'tb_data', 'sig2_trace.log'), 'utf8'));
    const traced = emulate(lowered, rows, { trace: true }).traces!['sig2']!;
    expect(log.flat()).toEqual(Array.from(traced));
  }, 600_000);

  describe.each([1, 2, 3, 4].map((s) => [s] as const))(
    'PWL MLP, random precisions, config seed %i',
    (seed) => {
      it('1,000 rows agree, with overflows', async () => {
        const rows = parityInputs(900 + seed, 10, 2);
        const r = await runGraphParity(`catapult-mlp${seed}`, pwlMlp(), mlpConfig(seed), rows);
        expect(r.rows).toBe(1000);
        expect(r.values).toBe(1000 * (6 + 12 + 8));
        expect(r.mismatches).toEqual([]);
        expect(r.overflowEvents).toBeGreaterThan(0);
      }, 600_000);
    },
  );

  describe.each([1, 2].map((s) => [s] as const))('merges and direct activations, config seed %i', (seed) => {
    it('1,000 rows agree, with overflows', async () => {
      const rows = parityInputs(700 + seed, 12, 1.5);
      const r = await runGraphParity(
        `catapult-elementwise${seed}`,
        elementwise(),
        elementwiseConfig(seed),
        rows,
      );
      expect(r.rows).toBe(1000);
      expect(r.values).toBe(1000 * (12 * 6 + 24 + 1 + 12 * 12));
      expect(r.mismatches).toEqual([]);
      expect(r.overflowEvents).toBeGreaterThan(0);
    }, 600_000);
  });

  describe.each([1, 2, 3].map((s) => [s] as const))('MLP with PWL softmax, config seed %i', (seed) => {
    it('1,000 rows agree, with overflows', async () => {
      const rows = parityInputs(500 + seed, 10, 2);
      const r = await runGraphParity(`catapult-softmax${seed}`, G.mlp(), softmaxConfig(seed), rows);
      expect(r.rows).toBe(1000);
      expect(r.values).toBe(1000 * 5);
      expect(r.mismatches).toEqual([]);
      expect(r.overflowEvents).toBeGreaterThan(0);
    }, 600_000);
  });

  describe.each(PARITY_CASES.map((c) => [c.name, c] as const))('parity case %s on Catapult', (_name, c) => {
    it('1,000 rows (the golden rows included) agree', async () => {
      const golden = await loadGoldenCase(c.golden);
      const config = c.configure(withBackend(golden.config, 'Catapult'));
      expect(config.backend).toBe('Catapult');
      const rows = parityRows(golden.inputs, golden.inputs[0]!.length, 1234);
      const r = await runGraphParity(`catapult-${c.name}`, golden.graph, config, rows);
      expect(r.rows).toBe(1000);
      expect(r.mismatches).toEqual([]);
      if (c.overflows) expect(r.overflowEvents).toBeGreaterThan(0);
    }, 600_000);
  });

  describe.each([1, 2].map((s) => [s] as const))('embedding (ac to_int floors), config seed %i', (seed) => {
    it('1,000 rows agree, with overflows', async () => {
      const r = G.rng(40 + seed);
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
          {
            kind: 'Embedding',
            name: 'e2',
            inputs: ['x'],
            outputShape: [6, 3],
            source: src('Embedding', 'e2'),
            vocab: 7,
            nOut: 3,
            weight: table(7, 3),
          },
        ],
        ['e1', 'e2'],
      );
      const d = new TypeDraw(seed);
      const config = configWith(
        {
          x: { precision: { result: d.fixed(8, 14, 5, 7, seed === 2) } },
          e1: { precision: { result: d.fixed(6, 14, 1, 2), embeddings: d.fixed(8, 16, 2, 3) } },
          e2: { precision: { result: d.fixed(6, 14, 1, 2), embeddings: d.fixed(8, 16, 2, 3) } },
        },
        CATAPULT,
      );
      // negative fractional inputs: ac's to_int floors where ap truncates toward zero
      const rows = parityInputs(300 + seed, 6, 8).map((row) => row.map((v) => v + 6));
      const res = await runGraphParity(`catapult-embed${seed}`, g, config, rows);
      expect(res.rows).toBe(1000);
      expect(res.values).toBe(1000 * 6 * 8);
      expect(res.mismatches).toEqual([]);
      expect(res.overflowEvents).toBeGreaterThan(0);
    }, 600_000);
  });

  const spatial: readonly SpatialCase[] = [...SPATIAL_CASES, ...RANDOM_SPATIAL_CASES.slice(0, 4)];
  describe.each(spatial.map((c) => [c.name, c] as const))('spatial case %s', (_name, c) => {
    it('1,000 rows agree', async () => {
      let g: ModelGraph;
      let base: DesignConfig;
      let rows: number[][];
      if (c.graph) {
        g = c.graph;
        base = CATAPULT;
        rows = spatialRows(
          g.layers[0]!.outputShape.reduce((a, b) => a * b, 1),
          4321,
        );
      } else {
        const golden = await loadGoldenCase(c.golden ?? '');
        g = golden.graph;
        base = withBackend(golden.config, 'Catapult');
        rows = parityRows(golden.inputs, golden.inputs[0]!.length, 4321);
      }
      const config = c.configure(base);
      expect(config.backend).toBe('Catapult');
      const r = await runGraphParity(`catapult-spatial-${c.name}`, g, config, rows);
      expect(r.rows).toBe(1000);
      expect(r.mismatches).toEqual([]);
    }, 600_000);
  });
});
