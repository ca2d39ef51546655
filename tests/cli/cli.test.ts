/**
 * The CLI is a public interface: its flags, outputs and error lines are tested as a user sees them,
 * by running bin/hls-studio in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/hls-studio');
const JET = join(ROOT, 'tests/golden/a_jet_mlp_latency');
const TMP = join(ROOT, 'tests/tmp/cli');
mkdirSync(TMP, { recursive: true });

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('hls-studio inspect', () => {
  it('lists the layers, shapes and types', async () => {
    const r = await cli('inspect', join(JET, 'model.onnx'));
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('model (onnx): 9 layers, backend Vivado, io_parallel');
    expect(lines.filter((l) => l.startsWith('/fc')).length).toBe(4);
    expect(r.stdout).toMatch(/\/fc1\/Gemm\s+Dense\s+\[64\]\s+ap_fixed<16,6>\s+1\s+latency/);
  });

  it('--json gives the graph after the passes with C++ type strings', async () => {
    const r = await cli('inspect', join(JET, 'model.onnx'), '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      layers: { name: string; types: Record<string, string> }[];
      passes: unknown[];
    };
    expect(doc.layers.map((l) => l.name)).toEqual([
      'x',
      '/fc1/Gemm',
      '/relu1/Relu',
      '/fc2/Gemm',
      '/relu2/Relu',
      '/fc3/Gemm',
      '/relu3/Relu',
      '/fc4/Gemm',
      '/softmax/Softmax',
    ]);
    expect(doc.layers[8]!.types).toEqual({
      result_t: 'ap_fixed<16,6>',
      table_t: 'ap_fixed<18,8>',
      exp_table_t: 'ap_fixed<18,8,AP_RND,AP_SAT>',
      inv_table_t: 'ap_fixed<18,8,AP_RND,AP_SAT>',
      inv_inp_t: 'ap_fixed<18,8,AP_RND,AP_SAT>',
      accum_t: 'ap_fixed<16,6>',
      inp_norm_t: 'ap_ufixed<15,5>',
    });
    expect(doc.passes.length).toBeGreaterThan(0);
  });
});

describe('hls-studio emulate', () => {
  it('reproduces hls4ml on the jet tagger', async () => {
    const out = join(TMP, 'jet_out.json');
    const r = await cli('emulate', join(JET, 'model.onnx'), '--input', join(JET, 'input.json'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: 200 rows\n`);
    const ours = JSON.parse(readFileSync(out, 'utf8')) as number[][];
    const ref = JSON.parse(readFileSync(join(JET, 'hls4ml_output.json'), 'utf8')) as number[][];
    expect(ours).toEqual(ref);
  });

  it('--float runs the float reference (onnxruntime) and matches torch to float32 precision', async () => {
    const out = join(TMP, 'jet_float.json');
    const r = await cli(
      'emulate',
      join(JET, 'model.onnx'),
      '--input',
      join(JET, 'input.json'),
      '-o',
      out,
      '--float',
    );
    expect(r.code).toBe(0);
    const ours = JSON.parse(readFileSync(out, 'utf8')) as number[][];
    const torch = JSON.parse(readFileSync(join(JET, 'float_output.json'), 'utf8')) as number[][];
    let worst = 0;
    ours.forEach((row, i) => row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - torch[i]![k]!)))));
    // Two float32 runtimes may order sums differently; a few ulps at most.
    expect(worst).toBeLessThan(1e-5);
  });

  it('--float on a TorchScript file uses the IR float reference and matches torch too', async () => {
    const out = join(TMP, 'jet_pt_float.json');
    const r = await cli(
      'emulate',
      join(JET, 'model.pt'),
      '--input',
      join(JET, 'input.json'),
      '-o',
      out,
      '--float',
    );
    expect(r.code).toBe(0);
    const ours = JSON.parse(readFileSync(out, 'utf8')) as number[][];
    const torch = JSON.parse(readFileSync(join(JET, 'float_output.json'), 'utf8')) as number[][];
    let worst = 0;
    ours.forEach((row, i) => row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - torch[i]![k]!)))));
    expect(ours).toHaveLength(torch.length);
    expect(worst).toBeLessThan(1e-5);
  });

  it('--float on a QONNX file (custom quantizer ops onnxruntime cannot run) falls back to the IR', async () => {
    const out = join(TMP, 'qonnx_float.json');
    const model = join(ROOT, 'public/examples/jet_tagger_qonnx.onnx');
    const r = await cli('emulate', model, '--input', join(JET, 'input.json'), '-o', out, '--float');
    expect(r.code).toBe(0);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as number[][];
    expect(rows).toHaveLength(200);
    for (const row of rows) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  });
});

describe('hls-studio errors', () => {
  const oneLine = /^error: .+\n$/;

  it('unreadable file: exit 2, one line naming the file', async () => {
    const r = await cli('inspect', join(TMP, 'nope.onnx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(oneLine);
    expect(r.stderr).toContain('nope.onnx: cannot read the file (ENOENT)');
  });

  it('unsupported op names the file, node and op', async () => {
    const model = join(ROOT, 'tests/fixtures/onnx/unsupported_op.onnx');
    const r = await cli('inspect', model);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(oneLine);
    expect(r.stderr).toMatch(
      /^error: unsupported_op\.onnx: node '\/act\/Erf' \(Erf\): unsupported ONNX op 'Erf'\. .+/,
    );
  });

  it('bad precision in a config names the key', async () => {
    const cfg = join(TMP, 'bad.yml');
    writeFileSync(cfg, 'HLSConfig:\n  Model:\n    Precision: ap_fixed<4,9,FOO>\n');
    const r = await cli('inspect', join(JET, 'model.onnx'), '--config', cfg);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(oneLine);
    expect(r.stderr).toContain(
      "bad.yml: (HLSConfig.Model.Precision): 'ap_fixed<4,9,FOO>': unknown rounding mode 'FOO'",
    );
  });

  it('malformed input rows', async () => {
    const rows = join(TMP, 'rows.json');
    writeFileSync(rows, '[[1,2,3]]');
    const r = await cli('emulate', join(JET, 'model.onnx'), '--input', rows, '-o', join(TMP, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(oneLine);
    expect(r.stderr).toContain("input row 0 has 3 values but input 'x' takes 16");
  });

  it('unknown options are refused', async () => {
    const r = await cli('inspect', join(JET, 'model.onnx'), '--jsn');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: (--jsn): unknown option --jsn. Options here are --config, --backend, --io-type, --weights, --input-shape, --json.\n',
    );
  });
});

describe('hls-studio convert', () => {
  it('writes a Vivado project zip with the emulator predictions', async () => {
    const out = join(TMP, 'jet.zip');
    const r = await cli('convert', join(JET, 'model.onnx'), '--input', join(JET, 'input.json'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*jet\.zip: \d+ files, \d+ bytes \(Vivado, io_parallel\)\n$/);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const names = Object.keys(zip.files);
    for (const f of [
      'firmware/myproject.cpp',
      'firmware/parameters.h',
      'tb_data/tb_input_features.dat',
      'Makefile',
    ]) {
      expect(names.some((n) => n.endsWith(f))).toBe(true);
    }
    const pred = names.find((n) => n.endsWith('tb_data/tb_output_predictions.dat'))!;
    const lines = (await zip.file(pred)!.async('string')).trim().split('\n');
    expect(lines.length).toBe(200);
    const ref = JSON.parse(readFileSync(join(JET, 'hls4ml_output.json'), 'utf8')) as number[][];
    expect(lines[5]!.trim().split(/\s+/).map(Number)).toEqual(ref[5]);
  });
});

describe('hls-studio emulate --trace', () => {
  it('writes every layer output per sample; the last layer is the output', async () => {
    const out = join(TMP, 'jet_trace.json');
    const r = await cli(
      'emulate',
      join(JET, 'model.onnx'),
      '--input',
      join(JET, 'input.json'),
      '-o',
      out,
      '--trace',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: 200 rows with per-layer traces\n`);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      outputs: number[][];
      trace: Record<string, number[][]>;
    };
    expect(Object.keys(doc.trace)).toHaveLength(9);
    expect(doc.trace['/softmax/Softmax']).toEqual(doc.outputs);
    expect(doc.trace['/fc1/Gemm']![0]!.length).toBe(64);
    // relu never lets a negative through
    expect(doc.trace['/relu1/Relu']!.flat().every((v) => v >= 0)).toBe(true);
  });
});

describe('hls-studio with other formats', () => {
  it('reads a TorchScript archive; layer names are the torch modules', async () => {
    const model = join(ROOT, 'tests/golden/d_conv1d_relu_flatten_dense/model.pt');
    const r = await cli('inspect', model, '--input-shape', '4,16', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { layers: { name: string; shape: number[] }[] };
    expect(doc.layers.map((l) => [l.name, l.shape])).toEqual([
      ['x', [4, 16]],
      ['transpose_input_for_x', [16, 4]],
      ['conv1', [14, 8]],
      ['relu1', [14, 8]],
      ['conv2', [14, 8]],
      ['relu2', [14, 8]],
      ['flatten', [112]],
      ['fc', [5]],
    ]);
  });
  it('a bad --input-shape is refused with the flag named', async () => {
    const model = join(ROOT, 'tests/golden/d_conv1d_relu_flatten_dense/model.pt');
    const r = await cli('inspect', model, '--input-shape', '4,x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("(--input-shape): --input-shape '4,x' is not a list of positive integers.");
  });
});
