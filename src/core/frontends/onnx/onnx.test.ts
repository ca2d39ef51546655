import { describe, expect, it } from 'vitest';
import { onnxInputOutputNames, parseOnnx } from './index';
import { dense, expectStudioError, fixture, repoFile, summary } from './testing';

const f32 = Math.fround;
const JET = 'public/examples/jet_tagger.onnx';
const SUPPORTED = 'Supported ONNX ops are Gemm, MatMul, Conv, pooling, BatchNormalization';

describe('jet_tagger.onnx (the a_jet_mlp_latency reference model)', () => {
  const g = parseOnnx(repoFile(JET), 'jet_tagger.onnx');

  it('has the Input x and the 8 layers with their shapes, in order', () => {
    expect(summary(g)).toEqual([
      ['x', 'Input', [16]],
      ['/fc1/Gemm', 'Dense', [64]],
      ['/relu1/Relu', 'Activation', [64]],
      ['/fc2/Gemm', 'Dense', [32]],
      ['/relu2/Relu', 'Activation', [32]],
      ['/fc3/Gemm', 'Dense', [32]],
      ['/relu3/Relu', 'Activation', [32]],
      ['/fc4/Gemm', 'Dense', [5]],
      ['/softmax/Softmax', 'Softmax', [5]],
    ]);
    expect(g.layers.map((l) => l.inputs)).toEqual([
      [],
      ['x'],
      ['/fc1/Gemm'],
      ['/relu1/Relu'],
      ['/fc2/Gemm'],
      ['/relu2/Relu'],
      ['/fc3/Gemm'],
      ['/relu3/Relu'],
      ['/fc4/Gemm'],
    ]);
    expect(g.inputs).toEqual(['x']);
    expect(g.outputs).toEqual(['/softmax/Softmax']);
    expect(g.name).toBe('jet_tagger');
    expect(g.format).toBe('onnx');
    expect(g.metadata).toEqual({
      producer: 'pytorch',
      producer_version: '1.13.0',
      opset: '13',
      ir_version: '7',
      graph_name: 'torch_jit',
    });
  });

  it('maps activations and softmax', () => {
    const kinds = g.layers.map((l) =>
      l.kind === 'Activation' ? l.activation : l.kind === 'Softmax' ? `softmax ${l.axis}` : l.kind,
    );
    expect(kinds).toEqual([
      'Input',
      'Dense',
      'relu',
      'Dense',
      'relu',
      'Dense',
      'relu',
      'Dense',
      'softmax -1',
    ]);
    expect(g.layers[1]?.source).toEqual({ op: 'Gemm', node: '/fc1/Gemm' });
  });

  it('stores fc1 input-major: ONNX B is [64, 16] with transB=1, the IR weight is [16, 64]', () => {
    const fc1 = dense(g, '/fc1/Gemm');
    expect([fc1.nIn, fc1.nOut]).toEqual([16, 64]);
    expect(fc1.weight.shape).toEqual([16, 64]);
    expect(fc1.weight.data).toBeInstanceOf(Float32Array);
    const w = (i: number, j: number): number => fc1.weight.data[i * 64 + j] as number;
    // B[0..2][0] in the file = weight[0][0..2]
    expect([w(0, 0), w(0, 1), w(0, 2)]).toEqual([
      -0.09053269028663635, 0.09092056751251221, 0.0731629729270935,
    ]);
    // B[0][0..2] in the file = weight[0..2][0]
    expect([w(0, 0), w(1, 0), w(2, 0)]).toEqual([
      -0.09053269028663635, 0.05678054690361023, -0.029111653566360474,
    ]);
    expect(w(15, 63)).toBe(0.08214893937110901); // B[63][15]
    expect(fc1.bias?.shape).toEqual([64]);
  });

  it('reads fc4.bias exactly', () => {
    const fc4 = dense(g, '/fc4/Gemm');
    expect([fc4.nIn, fc4.nOut]).toEqual([32, 5]);
    expect(Array.from(fc4.bias?.data ?? [])).toEqual([
      0.010141858831048012, 0.05394773185253143, 0.12248493731021881, 0.11202172935009003,
      -0.1334863156080246,
    ]);
  });

  it('reads raw_data from an unaligned view the same way', () => {
    const bytes = repoFile(JET);
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes, 1);
    const g2 = parseOnnx(padded.subarray(1), 'jet_tagger.onnx');
    for (const name of ['/fc1/Gemm', '/fc2/Gemm', '/fc3/Gemm', '/fc4/Gemm']) {
      expect(dense(g2, name).weight.data).toEqual(dense(g, name).weight.data);
      expect(dense(g2, name).bias?.data).toEqual(dense(g, name).bias?.data);
    }
  });

  it('names graph inputs and outputs for the float reference', () => {
    expect(onnxInputOutputNames(repoFile(JET))).toEqual({ inputs: ['x'], outputs: ['y'] });
  });
});

describe('MatMul + Add, unnamed nodes, opset 11 Softmax (matmul_add.onnx)', () => {
  const g = parseOnnx(fixture('matmul_add.onnx'), 'matmul_add.onnx');

  it('fuses MatMul + Add into one Dense named after the MatMul; MatMul alone has no bias', () => {
    expect(summary(g)).toEqual([
      ['x', 'Input', [4]],
      ['/fc1/MatMul', 'Dense', [3]],
      ['Relu_2', 'Activation', [3]],
      ['MatMul_3', 'Dense', [2]],
      ['Softmax_4', 'Softmax', [2]],
    ]);
    expect(g.outputs).toEqual(['Softmax_4']);
    expect(g.metadata.opset).toBe('11');
    const fc1 = dense(g, '/fc1/MatMul');
    expect(fc1.source).toEqual({ op: 'MatMul+Add', node: '/fc1/MatMul' });
    expect(Array.from(fc1.weight.data)).toEqual(
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2].map(f32),
    );
    expect(Array.from(fc1.bias?.data ?? [])).toEqual([0.01, 0.02, 0.03].map(f32));
    const fc2 = dense(g, 'MatMul_3');
    expect(fc2.bias).toBeNull();
    expect(Array.from(fc2.weight.data)).toEqual([1.5, -1.5, 2.5, -2.5, 3.5, -3.5]);
    const sm = g.layers[4];
    expect(sm?.kind === 'Softmax' && sm.axis).toBe(-1);
  });
});

describe('Gemm variants (gemm_variants.onnx)', () => {
  const g = parseOnnx(fixture('gemm_variants.onnx'), 'gemm_variants.onnx');

  it('skips initializers listed as inputs, drops a fixed batch of 1 and dedupes names', () => {
    expect(summary(g)).toEqual([
      ['x', 'Input', [3]],
      ['dup', 'Dense', [2]],
      ['dup_1', 'Activation', [2]],
      ['x_1', 'Dense', [4]],
      ['act', 'Activation', [4]],
    ]);
    expect(g.inputs).toEqual(['x']);
    expect(g.outputs).toEqual(['dup_1', 'act']);
    expect(g.layers[2]?.source).toEqual({ op: 'Sigmoid', node: 'dup' });
    expect(onnxInputOutputNames(fixture('gemm_variants.onnx'))).toEqual({
      inputs: ['x'],
      outputs: ['t2', 'y'],
    });
  });

  it('folds alpha and beta into weight and bias exactly in float64 (transB=0, C of shape [1, 2])', () => {
    const d = dense(g, 'dup');
    expect(d.weight.data).toBeInstanceOf(Float64Array);
    expect(d.weight.shape).toEqual([3, 2]);
    expect(Array.from(d.weight.data)).toEqual([0.1, -0.2, 0.3, 0.4, -0.5, 0.6].map((v) => f32(v) * 0.5));
    expect(Array.from(d.bias?.data ?? [])).toEqual([f32(0.7) * 2, f32(-0.8) * 2]);
  });

  it('transposes B for transB=1 and leaves the bias out when C is absent', () => {
    const d = dense(g, 'x_1');
    expect(d.source).toEqual({ op: 'Gemm', node: 'x' });
    expect([d.nIn, d.nOut]).toEqual([2, 4]);
    expect(d.weight.data).toBeInstanceOf(Float32Array);
    expect(Array.from(d.weight.data)).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
    expect(d.bias).toBeNull();
  });
});

describe('Constant and Identity (constant_identity.onnx)', () => {
  it('uses a later Constant as the bias and adds no layers for Identity', () => {
    const g = parseOnnx(fixture('constant_identity.onnx'), 'constant_identity.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [2]],
      ['/fc/MatMul', 'Dense', [2]],
    ]);
    expect(g.outputs).toEqual(['/fc/MatMul']);
    const d = dense(g, '/fc/MatMul');
    expect(Array.from(d.weight.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(d.bias?.data ?? [])).toEqual([0.25, -0.25]);
  });
});

describe('double weights (double_weights.onnx)', () => {
  it('keeps double_data in float64', () => {
    const d = dense(parseOnnx(fixture('double_weights.onnx'), 'double_weights.onnx'), '/fc/Gemm');
    expect(d.weight.data).toBeInstanceOf(Float64Array);
    expect(Array.from(d.weight.data)).toEqual([0.1, 0.3, 0.5, 0.2, 0.4, 0.6]);
    expect(Array.from(d.bias?.data ?? [])).toEqual([0.7, 0.8, 0.9]);
  });
});

describe('errors are StudioErrors located at the file, node and op', () => {
  const load = (name: string) => () => parseOnnx(fixture(name), name);

  it('unsupported op', async () => {
    const file = 'unsupported_op.onnx';
    const e = await expectStudioError(
      load(file),
      { file, node: '/act/Erf', op: 'Erf' },
      "node '/act/Erf' (Erf): unsupported ONNX op 'Erf'",
      SUPPORTED,
    );
    expect(e.hint).toContain('Re-export the model with only these ops or open an issue');
  });

  it('missing initializer', async () => {
    const file = 'missing_initializer.onnx';
    await expectStudioError(
      load(file),
      { file, node: '/fc/Gemm', op: 'Gemm' },
      "Gemm weight B 'fc.weight' is missing: it is not an initializer in the file",
    );
  });

  it('Gemm K mismatch', async () => {
    const file = 'gemm_k_mismatch.onnx';
    await expectStudioError(
      load(file),
      { file, node: '/fc/Gemm', op: 'Gemm' },
      'Gemm weight B has shape [3, 5] (transB=1), so it expects 5 input features, but its input has shape [4]',
    );
  });

  it('unknown tensor', async () => {
    const file = 'unknown_tensor.onnx';
    await expectStudioError(
      load(file),
      { file, node: '/act/Relu', op: 'Relu' },
      "Relu input 'ghost' is not produced by an earlier node, a graph input or an initializer",
    );
  });

  it('integer weights', async () => {
    const file = 'int_weights.onnx';
    await expectStudioError(
      load(file),
      { file, node: '/fc/MatMul', op: 'MatMul' },
      "MatMul weight B 'W' has data type int32; only float32 and float64 weights are supported",
    );
  });

  it('Add of two computed tensors is now a Merge layer (residual_add.onnx)', () => {
    const g = parseOnnx(fixture('residual_add.onnx'), 'residual_add.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [4]],
      ['/fc/Gemm', 'Dense', [3]],
      ['/act/Relu', 'Activation', [3]],
      ['/add/Add', 'Merge', [3]],
    ]);
    const add = g.layers[3];
    expect(add?.kind === 'Merge' && [add.op, add.inputs]).toEqual(['add', ['/fc/Gemm', '/act/Relu']]);
  });

  it('truncated file', async () => {
    const bytes = repoFile(JET);
    for (const cut of [bytes.length >> 1, bytes.length - 5, 40]) {
      const e = await expectStudioError(
        () => parseOnnx(bytes.subarray(0, cut), 'cut.onnx'),
        { file: 'cut.onnx' },
        'error: cut.onnx: the file is not a valid ONNX model (',
        'Re-export it with torch.onnx.export or check the download.',
      );
      expect(e.message).toMatch(/protobuf decode failed at byte \d+ of \d+|no graph|no valid IR version/);
    }
    await expectStudioError(
      () => parseOnnx(bytes.subarray(0, bytes.length >> 1), 'cut.onnx'),
      { file: 'cut.onnx' },
      `protobuf decode failed at byte`,
    );
  });

  it('empty file and a protobuf without a graph', async () => {
    await expectStudioError(
      () => parseOnnx(new Uint8Array(0), 'empty.onnx'),
      { file: 'empty.onnx' },
      'not a valid ONNX',
    );
    // field 1 (ir_version) = 7, and nothing else
    await expectStudioError(
      () => parseOnnx(new Uint8Array([0x08, 0x07]), 'nograph.onnx'),
      { file: 'nograph.onnx' },
      'not a valid ONNX model (it has no graph)',
    );
  });
});
