// The four hls4ml reference models of ../shared/reference, read in place (skipped when it is absent).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOnnx } from './index';
import { dense, repoFile, SHARED_REFERENCE, summary } from './testing';

const present = existsSync(SHARED_REFERENCE);
if (!present)
  console.warn(`../shared is absent (${SHARED_REFERENCE}): skipping the reference-model frontend tests`);

const model = (c: string): Uint8Array => repoFile(`../shared/reference/${c}/model.onnx`);

describe.skipIf(!present)('../shared/reference models', () => {
  it('a_jet_mlp_latency equals public/examples/jet_tagger.onnx byte for byte', () => {
    expect(model('a_jet_mlp_latency')).toEqual(repoFile('public/examples/jet_tagger.onnx'));
  });

  it('a_jet_mlp_latency: Input x + 8 layers', () => {
    const g = parseOnnx(model('a_jet_mlp_latency'), 'model.onnx');
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
    expect(Array.from(dense(g, '/fc1/Gemm').weight.data.subarray(0, 3))).toEqual([
      -0.09053269028663635, 0.09092056751251221, 0.0731629729270935,
    ]);
  });

  it('g_sigmoid_tanh_lut: Gemm, Sigmoid, Gemm, Tanh, Gemm', () => {
    const g = parseOnnx(model('g_sigmoid_tanh_lut'), 'model.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [8]],
      ['/fc1/Gemm', 'Dense', [16]],
      ['/sigmoid/Sigmoid', 'Activation', [16]],
      ['/fc2/Gemm', 'Dense', [16]],
      ['/tanh/Tanh', 'Activation', [16]],
      ['/fc3/Gemm', 'Dense', [3]],
    ]);
    expect(g.layers.map((l) => (l.kind === 'Activation' ? l.activation : l.kind))).toEqual([
      'Input',
      'Dense',
      'sigmoid',
      'Dense',
      'tanh',
      'Dense',
    ]);
    expect(g.outputs).toEqual(['/fc3/Gemm']);
    const fc1 = dense(g, '/fc1/Gemm');
    expect([fc1.nIn, fc1.nOut]).toEqual([8, 16]);
    const w = (i: number, j: number): number => fc1.weight.data[i * 16 + j] as number;
    // ONNX B is [16, 8] (transB=1): B[0..2][0] = weight[0][0..2], B[0][0..2] = weight[0..2][0]
    expect([w(0, 0), w(0, 1), w(0, 2)]).toEqual([
      -0.5502575635910034, 0.2521926164627075, -0.034538500010967255,
    ]);
    expect([w(0, 0), w(1, 0), w(2, 0)]).toEqual([
      -0.5502575635910034, -0.5899997353553772, 0.9856256246566772,
    ]);
    expect(w(7, 15)).toBe(0.4641997814178467);
    expect(Array.from(dense(g, '/fc3/Gemm').bias?.data ?? [])).toEqual([
      -0.17200574278831482, -0.12124356627464294, 0.1703709363937378,
    ]);
  });

  // hls4ml_graph_after_optimization (config.json): x Input [4, 16] → transpose_input_for_x [16, 4] → conv1
  // Conv1D [14, 8] → relu1 → conv2 Conv1D [14, 8] (pads 1, 1) → relu2 → flatten Reshape [112] → fc Dense [5].
  // hls4ml removes the Transpose before the flatten and reorders fc's weights; so do we.
  it('d_conv1d_relu_flatten_dense: the layers and shapes of hls4ml_graph_after_optimization', () => {
    const g = parseOnnx(model('d_conv1d_relu_flatten_dense'), 'model.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [4, 16]],
      ['transpose_input_for_x', 'Transpose', [16, 4]],
      ['/conv1/Conv', 'Conv', [14, 8]],
      ['/relu1/Relu', 'Activation', [14, 8]],
      ['/conv2/Conv', 'Conv', [14, 8]],
      ['/relu2/Relu', 'Activation', [14, 8]],
      ['/flatten/Flatten', 'Reshape', [112]],
      ['/fc/Gemm', 'Dense', [5]],
    ]);
    const t = g.layers[1];
    expect(t?.kind === 'Transpose' && t.perm).toEqual([1, 0]);
    const conv = (i: number) => {
      const l = g.layers[i];
      if (l?.kind !== 'Conv') throw new Error('not a Conv');
      return [l.nChan, l.nFilt, l.kernel, l.strides, l.dilations, l.pads];
    };
    expect(conv(2)).toEqual([4, 8, [3], [1], [1], [0, 0]]);
    expect(conv(4)).toEqual([8, 8, [3], [1], [1], [1, 1]]);
    const fc = dense(g, '/fc/Gemm');
    expect([fc.nIn, fc.nOut]).toEqual([112, 5]);
  });

  // hls4ml: x [10] → fc1 Dense [16] → relu1 → fc2 Dense [4]; it fuses bn1 into fc1 (a pass), the frontend keeps it.
  it('f_dense_batchnorm_relu: Dense, BatchNormalization, ReLU, Dense', () => {
    const g = parseOnnx(model('f_dense_batchnorm_relu'), 'model.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [10]],
      ['/fc1/Gemm', 'Dense', [16]],
      ['/bn1/BatchNormalization', 'BatchNormalization', [16]],
      ['/relu1/Relu', 'Activation', [16]],
      ['/fc2/Gemm', 'Dense', [4]],
    ]);
    const bn = g.layers[2];
    if (bn?.kind !== 'BatchNormalization') throw new Error('not a BN');
    expect(bn.scale.shape).toEqual([16]);
    expect(bn.bias.shape).toEqual([16]);
  });
});
