/**
 * The Vivado backend: project layout, determinism (files and zip), the sanitizer on hostile names, and
 * C simulation with g++ (`make csim`), including hls4ml's own outputs for the reference models. Each
 * generated project is compiled once per content hash (tests/backends/csim.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import { commentText } from '../../src/core/backends/sanitize';
import { generateVivadoProject } from '../../src/core/backends/vivado';
import { weightText } from '../../src/core/backends/vivado/writeWeights';
import {
  defaultConfig,
  withBackend,
  withLayerSetting,
  type DesignConfig,
} from '../../src/core/config/designConfig';
import { StudioError } from '../../src/core/errors';
import type { ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { unzipProject, zipProject } from '../../src/core/project/zip';
import { bundledHlsLibrary } from '../../src/workers/hlsLibrary';
import { loadGoldenCase } from '../golden/goldenCase';
import { buildProject, makeCsim, runCsim } from './csim';
import * as G from './graphs';

const library = loadHlsLibraryFromDisk();

function project(g: ModelGraph, config: DesignConfig = defaultConfig('Vivado'), options = {}): ProjectFiles {
  return generateProject(lower(g, config), library, options);
}

/** C++ without its // comments (the only place model names may appear). */
function code(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trimEnd())
    .join('\n');
}

describe('HLS library loader', () => {
  it('maps every header under hls/ by its path relative to hls/, sorted', () => {
    const keys = [...library.keys()];
    expect(keys).toContain('nnet_utils/nnet_dense.h');
    expect(keys).toContain('nnet_utils/nnet_activation.h');
    expect(keys).toContain('ap_types/ap_fixed.h');
    expect(keys).toEqual([...keys].sort());
    expect(keys.every((k) => k.endsWith('.h') && !k.startsWith('/'))).toBe(true);
  });

  it("matches the browser's Vite-bundled map", () => {
    expect([...bundledHlsLibrary().entries()]).toEqual([...library.entries()]);
  });
});

describe('generateVivadoProject: layout', () => {
  it("writes hls4ml's Vivado layout for the jet tagger, in sorted path order", async () => {
    const golden = await loadGoldenCase('a_jet_mlp_latency');
    const files = generateVivadoProject(lower(golden.graph, golden.config), library);
    const paths = [...files.keys()];
    expect(paths).toEqual([...paths].sort());
    const expected = [
      'firmware/myproject.cpp',
      'firmware/myproject.h',
      'firmware/defines.h',
      'firmware/parameters.h',
      ...[2, 4, 6, 8].flatMap((n) =>
        [`w${n}.h`, `w${n}.txt`, `b${n}.h`, `b${n}.txt`].map((f) => `firmware/weights/${f}`),
      ),
      'firmware/nnet_utils/nnet_common.h',
      'firmware/nnet_utils/nnet_dense.h',
      'firmware/nnet_utils/nnet_dense_latency.h',
      'firmware/nnet_utils/nnet_dense_resource.h',
      'firmware/nnet_utils/nnet_activation.h',
      'firmware/ap_types/ap_fixed.h',
      'firmware/ap_types/ap_int.h',
      'myproject_test.cpp',
      'myproject_bridge.cpp',
      'project.tcl',
      'build_prj.tcl',
      'vivado_synth.tcl',
      'build_lib.sh',
      'hls4ml_config.yml',
      'Makefile',
      'README.md',
    ];
    for (const p of expected) expect(paths, p).toContain(p);
    // Every Vivado library header (nnet_utils/, ap_types/) is shipped, the ac_ and Quartus ones are
    // not; tb_data only when rows are given.
    for (const k of library.keys()) {
      if (k.startsWith('nnet_utils/') || k.startsWith('ap_types/')) expect(paths).toContain(`firmware/${k}`);
      else expect(paths).not.toContain(`firmware/${k}`);
    }
    expect([...library.keys()].some((k) => k.startsWith('ac_types/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('tb_data/'))).toBe(false);
    const withData = generateVivadoProject(lower(golden.graph, golden.config), library, {
      inputs: golden.inputs.slice(0, 3),
      predictions: golden.expected.slice(0, 3),
    });
    expect(withData.get('tb_data/tb_input_features.dat')!.trim().split('\n')).toHaveLength(3);
    expect(withData.get('tb_data/tb_output_predictions.dat')!.trim().split('\n')).toHaveLength(3);
  });

  it('writes the top function, config structs and build scripts hls4ml users expect', async () => {
    const golden = await loadGoldenCase('a_jet_mlp_latency');
    const files = generateVivadoProject(lower(golden.graph, golden.config), library);
    const top = files.get('firmware/myproject.cpp')!;
    expect(top).toContain(
      'void myproject(\n    input_t x[N_INPUT_1_1],\n    result_t layer9_out[N_LAYER_9]\n)',
    );
    expect(top).toContain('nnet::dense<input_t, layer2_t, config2>(x, layer2_out, w2, b2);');
    expect(top).toContain('nnet::relu<layer2_t, layer3_t, relu_config3>(layer2_out, layer3_out);');
    expect(top).toContain('nnet::softmax<layer8_t, result_t, softmax_config9>(layer8_out, layer9_out);');
    expect(top).toContain('#pragma HLS PIPELINE');
    const params = files.get('firmware/parameters.h')!;
    expect(params).toContain('struct config2 : nnet::dense_config {');
    expect(params).toContain('    static const unsigned strategy = nnet::latency;');
    expect(params).toContain('nnet::softmax_implementation::stable');
    const defines = files.get('firmware/defines.h')!;
    expect(defines).toContain('#define N_INPUT_1_1 16');
    expect(defines).toContain('typedef ap_ufixed<15,5> inp_norm9_t;');
    expect(defines).toContain('typedef ap_fixed<18,8,AP_RND,AP_SAT> exp_table9_t;');
    const build = files.get('build_prj.tcl')!;
    for (const opt of ['reset', 'csim', 'synth', 'cosim', 'validation', 'export', 'vsynth']) {
      expect(build).toMatch(new RegExp(`^    ${opt} +[01]$`, 'm'));
    }
    expect(build).toContain('add_files firmware/${project_name}.cpp -cflags "-std=c++0x"');
    for (const cmd of [
      'set_top',
      'open_solution',
      'set_part',
      'create_clock',
      'csim_design',
      'csynth_design',
      'cosim_design',
      'export_design',
    ]) {
      expect(build).toContain(cmd);
    }
    expect(files.get('project.tcl')).toContain('set part "xcvu13p-flga2577-2-e"');
    expect(files.get('project.tcl')).toContain('set clock_uncertainty 12.5%');
    expect(files.get('Makefile')).toMatch(/^csim: \$\(CSIM\)\n\t@mkdir -p tb_data\n\t\.\/\$\(CSIM\)$/m);
    expect(files.get('Makefile')).toContain('-std=c++14');
    expect(files.get('README.md')).toContain('make csim');
    expect(files.get('hls4ml_config.yml')).toContain('Backend: Vivado');
  });

  it('prints weights with F decimals; resource weights are transposed', () => {
    const g = G.graph('w', [G.input('x', 3), G.dense('d', 'x', 3, 2, 4)], ['d']);
    const layer = g.layers[1]!;
    if (layer.kind !== 'Dense') throw new Error('fixture');
    const w = Array.from(layer.weight.data);
    const t = {
      width: 16,
      integer: 6,
      signed: true,
      rounding: 'TRN',
      overflow: 'WRAP',
      satBits: 0,
      kind: 'fixed',
    } as const;
    const latency = project(g).get('firmware/weights/w2.txt')!.trim().split(',');
    expect(latency).toEqual(w.map((v) => weightText(v, t)));
    expect(latency[0]).toMatch(/^-?\d+\.\d{10}$/);
    const resource = project(
      g,
      withLayerSetting(defaultConfig(), 'd', { strategy: 'Resource', reuseFactor: 3 }),
    )
      .get('firmware/weights/w2.txt')!
      .trim()
      .split(',');
    // w[i*n_out + j] → w[j*n_in + i]
    expect(resource).toEqual([0, 2, 4, 1, 3, 5].map((k) => weightText(w[k]!, t)));
    const top = project(
      g,
      withLayerSetting(defaultConfig(), 'd', { strategy: 'Resource', reuseFactor: 3 }),
    ).get('firmware/myproject.cpp')!;
    expect(top).toContain('#pragma HLS DATAFLOW');
  });

  it('refuses what it cannot generate with a StudioError', () => {
    const g = G.mlp();
    // io_stream is generated (tests/backends/stream.test.ts); a kind without a stream kernel is refused.
    expect(() => project(g, { ...defaultConfig(), ioType: 'io_stream' })).not.toThrow();
    expect(() => project(g, { ...defaultConfig(), ioType: 'io_fast' as never })).toThrow(StudioError);
    // Every backend generates now (oneAPI: tests/backends/oneapi.test.ts).
    expect(project(g, withBackend(defaultConfig(), 'oneAPI')).has('CMakeLists.txt')).toBe(true);
    expect(() => project(g, { ...defaultConfig(), part: 'xc7"; exec rm -rf ~; "' })).toThrow(
      /not a valid FPGA part/,
    );
    expect(() => project(g, defaultConfig(), { inputs: [[1, 2, 3]] })).toThrow(
      /input row 1 has 3 values, expected 10/,
    );
    const bad = G.mlp();
    const fc1 = bad.layers[1]!;
    if (fc1.kind === 'Dense') (fc1.weight.data as Float32Array)[3] = NaN;
    expect(() => project(bad)).toThrow(/cannot be written as a fixed-point constant/);
  });
});

describe('determinism', () => {
  it('gives byte-identical files and zips for the same input', async () => {
    const cfg = withLayerSetting(defaultConfig(), 'fc2', { strategy: 'Resource', reuseFactor: 4 });
    const a = project(G.mlp(), cfg, { inputs: G.rows(4, 10, 2, 1) });
    const b = project(G.mlp(), cfg, { inputs: G.rows(4, 10, 2, 1) });
    expect([...a.entries()]).toEqual([...b.entries()]);
    const za = await zipProject(a, 'myproject');
    await new Promise((r) => setTimeout(r, 2100)); // DOS timestamps have a 2-second resolution
    const zb = await zipProject(b, 'myproject');
    expect(Buffer.from(za).equals(Buffer.from(zb))).toBe(true);
    const back = await unzipProject(za);
    expect([...back.entries()]).toEqual([...a.entries()].map(([p, t]) => [`myproject/${p}`, t]));
    expect(za[0]).toBe(0x50); // PK
  });

  it('writes fixed dates and makes shell scripts executable', async () => {
    const files = project(G.mlp());
    const bytes = await zipProject(files, 'proj');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    let entries = 0;
    while (view.getUint32(offset, true) === 0x04034b50) {
      expect(view.getUint16(offset + 10, true)).toBe(0); // 00:00:00
      expect(view.getUint16(offset + 12, true)).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
      offset +=
        30 +
        view.getUint16(offset + 26, true) +
        view.getUint16(offset + 28, true) +
        view.getUint32(offset + 18, true);
      entries++;
    }
    expect(entries).toBeGreaterThan(files.size); // files plus folder entries
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(bytes);
    expect((zip.files['proj/build_lib.sh']!.unixPermissions as number) & 0o777).toBe(0o755);
    expect((zip.files['proj/Makefile']!.unixPermissions as number) & 0o777).toBe(0o644);
    const odd = await unzipProject(await zipProject(files, '../my project"'));
    expect([...odd.keys()].every((k) => k.startsWith('_my_project_/'))).toBe(true);
  });
});

const HOSTILE: G.MlpNames = {
  input: 'x',
  fc1: 'fc1"; system("rm -rf /"); //',
  act1: '*/ #include <evil.h> /* ',
  fc2: 'line\nbreak\r\n#define layer4_t int\\',
  act2: 'class',
  fc3: 'w'.repeat(10_000),
  out: 'out??/ñandú😀 N_LAYER_9 layer9_out',
};

describe('hostile model names', () => {
  it('reach the files only inside comments, through commentText', () => {
    const clean = project(G.mlp());
    const hostile = project(G.mlp(HOSTILE, '"; rm -rf ~; echo "'));
    expect([...hostile.keys()]).toEqual([...clean.keys()]);
    for (const [path, text] of hostile) {
      if (path === 'README.md') continue;
      const isCpp = /\.(h|cpp)$/.test(path);
      // Apart from comments, the project is the same as with plain names.
      expect(isCpp ? code(text) : text, path).toBe(isCpp ? code(clean.get(path)!) : clean.get(path));
    }
    // The names are there, escaped, for the reader.
    const top = hostile.get('firmware/myproject.cpp')!;
    expect(top).toContain(commentText(HOSTILE.fc1));
    expect(top).toContain('line\\u{a}break\\u{d}\\u{a}#define layer4_t int\\u{5c}');
    expect(top).toContain('*\\/ #include <evil.h> /\\* ');
    expect(top).not.toContain('w'.repeat(200));
    for (const text of hostile.values()) expect(text).not.toContain('line\nbreak');
  });

  it('still compile and simulate exactly like the plain model, with hostile input and project names', async () => {
    const names: G.MlpNames = { ...HOSTILE, input: 'N_INPUT_1_1' };
    const hostileCfg = { ...defaultConfig(), projectName: 'input_t' };
    const inputs = G.rows(20, 10, 3, 7);
    const clean = await runCsim(project(G.mlp()), 'mlp', inputs);
    const files = project(G.mlp(names), hostileCfg);
    expect(files.has('firmware/input_t_top.cpp')).toBe(true);
    expect(files.get('firmware/input_t_top.cpp')).toContain('    input_t N_INPUT_1_1_in[N_INPUT_1_1],');
    const built = await buildProject(files, 'mlp_hostile');
    expect(built.compilerOutput).not.toMatch(/warning|error/i);
    expect(await runCsim(files, 'mlp_hostile', inputs)).toEqual(clean);
  });
});

describe('C simulation with g++', () => {
  it('make csim builds without warnings and writes one line of exact outputs per sample', async () => {
    const inputs = G.rows(50, 10, 3, 11);
    const files = project(G.mlp(), defaultConfig(), { inputs });
    const built = await buildProject(files, 'mlp_tb');
    expect(built.compilerOutput).not.toMatch(/warning|error/i);
    const { output, results } = await makeCsim(files, 'mlp_tb');
    expect(output).toContain('50 samples written to tb_data/csim_results.log');
    expect(results).toHaveLength(50);
    for (const row of results) {
      expect(row).toHaveLength(5);
      for (const v of row) expect(Number.isInteger(v * 2 ** 10)).toBe(true); // on the ap_fixed<16,6> grid
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.25); // a (table-based) softmax
    }
    // The same rows through runCsim (another folder, same binary) give the same values.
    expect(await runCsim(files, 'mlp_tb', inputs)).toEqual(results);
  });

  it('runs one all-zero sample when there is no input file', async () => {
    const files = project(G.mlp());
    const zeros = await runCsim(files, 'mlp', [new Array<number>(10).fill(0)]);
    const { results } = await makeCsim(files, 'mlp');
    expect(results).toEqual(zeros);
  });

  it("reproduces hls4ml's C simulation of the reference models bit for bit", async () => {
    for (const [name, key] of [
      ['a_jet_mlp_latency', 'jet_golden'],
      ['g_sigmoid_tanh_lut', 'lut_golden'],
    ] as const) {
      const golden = await loadGoldenCase(name);
      // Same files as the C-sim parity suite, so the compiled binary is shared.
      const lowered = lower(golden.graph, { ...golden.config, projectName: 'myproject' });
      const files = generateProject(lowered, library, {});
      expect(await runCsim(files, key, golden.inputs), name).toEqual(golden.expected);
    }
  });

  it('resource kernels add in their own order but agree with latency when nothing overflows', async () => {
    const layers = [
      G.input('x', 8),
      G.dense('lat', 'x', 8, 6, 5),
      G.dense('res2', 'x', 8, 6, 5),
      G.dense('res8', 'x', 8, 6, 5),
      G.dense('res16', 'x', 8, 6, 5),
    ];
    const g = G.graph('orders', layers, ['lat', 'res2', 'res8', 'res16']);
    let cfg = defaultConfig();
    for (const [name, rf] of [
      ['res2', 2],
      ['res8', 8],
      ['res16', 16],
    ] as const) {
      cfg = withLayerSetting(cfg, name, { strategy: 'Resource', reuseFactor: rf });
    }
    const lowered = lower(g, cfg);
    expect(lowered.layers.map((l) => l.reuseFactor)).toEqual([1, 1, 2, 8, 16]);
    const out = await runCsim(generateProject(lowered, library), 'orders', G.rows(30, 8, 2, 3));
    for (const row of out) {
      const lat = row.slice(0, 6);
      expect(row.slice(6, 12)).toEqual(lat);
      expect(row.slice(12, 18)).toEqual(lat);
      expect(row.slice(18, 24)).toEqual(lat);
    }
  });
});
