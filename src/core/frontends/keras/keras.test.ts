/**
 * The Keras frontend on small models written by scripts/make-keras-fixtures.py (h5py, in Keras's own
 * layouts; weights are deterministic ramps, so values are stated exactly), and on the real Keras files of
 * ../shared/models/keras read in place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConvLayer, Layer, ModelGraph, RecurrentLayer } from '../../ir/graph';
import { loadModel, sniffFormat } from '../index';
import { REPO_ROOT, expectStudioError, repoFile, summary } from '../onnx/testing';
import { denseFirstSequentialJson } from './testModels';

const fx = (name: string): { name: string; bytes: Uint8Array } => ({
  name,
  bytes: repoFile(`tests/fixtures/keras/${name}`),
});

/** (i mod 17 − 8)·scale + offset, rounded to float32: the generator's ramp. */
const ramp = (n: number, scale: number, offset = 0): number[] =>
  Array.from({ length: n }, (_, i) => Math.fround(((i % 17) - 8) * scale + offset));

function get<K extends Layer['kind']>(g: ModelGraph, name: string, kind: K): Extract<Layer, { kind: K }> {
  const l = g.layers.find((x) => x.name === name);
  if (!l || l.kind !== kind) throw new Error(`no ${kind} layer ${name}`);
  return l as Extract<Layer, { kind: K }>;
}

describe('Keras 2 JSON + save_weights .h5', () => {
  it('pairs the files in either order, splits inline activations, skips Dropout, folds BN', async () => {
    for (const files of [
      [fx('mlp.json'), fx('mlp_weights.h5')],
      [fx('mlp_weights.h5'), fx('mlp.json')],
    ]) {
      const g = await loadModel(files);
      expect(g.format).toBe('keras');
      expect(g.name).toBe('mlp');
      expect(summary(g)).toEqual([
        ['in', 'Input', [4]],
        ['fc1', 'Dense', [3]],
        ['fc1_relu', 'Activation', [3]],
        ['bn', 'BatchNormalization', [3]],
        ['lrelu', 'Activation', [3]],
        ['out', 'Dense', [2]],
        ['out_softmax', 'Softmax', [2]],
      ]);
      expect(g.inputs).toEqual(['in']);
      expect(g.outputs).toEqual(['out_softmax']);
      const fc1 = get(g, 'fc1', 'Dense');
      expect([fc1.nIn, fc1.nOut]).toEqual([4, 3]);
      expect(Array.from(fc1.weight.data)).toEqual(ramp(12, 0.125));
      expect(Array.from(fc1.bias?.data ?? [])).toEqual(ramp(3, 0.25));
      expect(get(g, 'lrelu', 'Activation')).toMatchObject({
        activation: 'leaky_relu',
        alpha: 0.1,
        inputs: ['bn'],
      });
      // Dropout is skipped: 'out' reads the LeakyReLU directly.
      expect(get(g, 'out', 'Dense').inputs).toEqual(['lrelu']);
      // scale = γ/√(var+ε), bias = β − mean·scale, in float32 like hls4ml's numpy arithmetic.
      const bn = get(g, 'bn', 'BatchNormalization');
      const f = Math.fround;
      const gamma = [1, 2, 0.5];
      const beta = [0.1, -0.2, 0.3];
      const mean = [0.5, -1, 0];
      const variance = [4, 0.25, 1];
      const scale = gamma.map((x, i) => f(x / f(Math.sqrt(f(variance[i]! + f(0.001))))));
      expect(Array.from(bn.scale.data)).toEqual(scale);
      expect(Array.from(bn.bias.data)).toEqual(beta.map((b, i) => f(f(b) - f(mean[i]! * scale[i]!))));
      expect(bn.scale.data[0]).toBeCloseTo(1 / Math.sqrt(4.001), 7);
    }
  });

  it('a JSON without weights, or a weights-only h5, says which file is missing', async () => {
    await expectStudioError(
      () => loadModel([fx('mlp.json')]),
      { file: 'mlp.json' },
      'has no weights file with it',
      'mlp_weights.h5',
    );
    await expectStudioError(
      () => loadModel([fx('mlp_weights.h5')]),
      { file: 'mlp_weights.h5' },
      'holds weights only',
      'architecture .json',
    );
  });

  it('an unsupported layer names the file, the layer and its class', async () => {
    await expectStudioError(
      () => loadModel([fx('lambda.json'), fx('mlp_weights.h5')]),
      { file: 'lambda.json', node: 'double_it', op: 'Lambda' },
      "error: lambda.json: node 'double_it' (Lambda): layer class Lambda is not supported.",
      'replace it with built-in Keras layers',
    );
  });

  it('weights from another model: the missing weight is named', async () => {
    const json = new TextEncoder().encode(
      JSON.stringify({
        class_name: 'Sequential',
        config: [{ class_name: 'Dense', config: { name: 'fc9', units: 2, batch_input_shape: [null, 4] } }],
      }),
    );
    await expectStudioError(
      () => loadModel([{ name: 'other.json', bytes: json }, fx('mlp_weights.h5')]),
      { file: 'other.json', node: 'fc9', op: 'Dense' },
      "weight 'kernel' is missing from the weights file (no weights stored for this layer)",
    );
  });
});

describe('Keras 2 single-file .h5 (model_config + model_weights)', () => {
  it('reads conv/depthwise with hls4ml padding, pooling, merges, padding/cropping, upsampling', async () => {
    const g = await loadModel([fx('cnn_full.h5')]);
    expect(g.name).toBe('cnn_full');
    expect(g.metadata.keras_version).toBe('2.11.0');
    expect(summary(g)).toEqual([
      ['img', 'Input', [7, 7, 2]],
      ['conv', 'Conv', [4, 4, 4]],
      ['dw', 'DepthwiseConv', [4, 4, 4]],
      ['dw_relu', 'Activation', [4, 4, 4]],
      ['add', 'Merge', [4, 4, 4]],
      ['pool', 'Pooling', [2, 2, 4]],
      ['pad', 'ZeroPadding', [3, 3, 4]],
      ['up', 'Resize', [2, 2, 4]],
      ['crop', 'Cropping', [2, 2, 4]],
      ['cat', 'Concatenate', [2, 2, 8]],
      ['flat', 'Reshape', [32]],
      ['fc', 'Dense', [3]],
      ['fc_sigmoid', 'Activation', [3]],
    ]);
    const conv = get(g, 'conv', 'Conv') as ConvLayer;
    // 'same', 7 wide, stride 2, kernel 3: 7 % 2 ≠ 0 → pad along = 3 − 1 = 2 → 1 before, 1 after.
    expect(conv).toMatchObject({
      rank: 2,
      kernel: [3, 3],
      strides: [2, 2],
      pads: [1, 1, 1, 1],
      nChan: 2,
      nFilt: 4,
    });
    expect(conv.weight.shape).toEqual([3, 3, 2, 4]);
    expect(Array.from(conv.weight.data.slice(0, 20))).toEqual(ramp(20, 0.03125));
    const dw = get(g, 'dw', 'DepthwiseConv');
    expect(dw).toMatchObject({ pads: [1, 1, 1, 1], depthMultiplier: 1, bias: null });
    expect(get(g, 'add', 'Merge')).toMatchObject({ op: 'add', inputs: ['conv', 'dw_relu'] });
    expect(get(g, 'pool', 'Pooling')).toMatchObject({
      op: 'max',
      kernel: [2, 2],
      strides: [2, 2],
      pads: [0, 0, 0, 0],
    });
    expect(get(g, 'pad', 'ZeroPadding').pads).toEqual([1, 0, 0, 1]);
    expect(get(g, 'crop', 'Cropping').crops).toEqual([1, 0, 0, 1]);
    expect(get(g, 'up', 'Resize')).toMatchObject({ method: 'nearest', rank: 2 });
    expect(get(g, 'cat', 'Concatenate')).toMatchObject({ axis: 2, inputs: ['crop', 'up'] });
    expect(get(g, 'fc', 'Dense').weight.shape).toEqual([32, 3]);
  });

  it('refuses a dataset whose declared size the file cannot hold, before allocating it', async () => {
    await expectStudioError(
      () => loadModel([fx('huge_declared.h5')]),
      { file: 'huge_declared.h5', node: 'wide', op: 'Dense' },
      "HDF5 dataset '/model_weights/wide/wide/kernel:0' declares 100000000 values (400000000 bytes), more than a",
    );
  });

  it('truncated HDF5: a located error, not a crash', async () => {
    const bytes = fx('cnn_full.h5').bytes.subarray(0, 3000);
    expect(sniffFormat(bytes)).toBe('hdf5');
    const err = await expectStudioError(() => loadModel([{ name: 'cut.h5', bytes }]), { file: 'cut.h5' });
    expect(err.hint).toContain('damaged or truncated');
  });
});

describe('QKeras and nested Sequential', () => {
  it('precisions per slot, weights pre-quantized, nested block expanded, quantizer activations split', async () => {
    const g = await loadModel([fx('qkeras_nested.h5')]);
    expect(summary(g)).toEqual([
      ['fc1_input', 'Input', [3]],
      ['fc1', 'Dense', [4]],
      ['act1', 'Activation', [4]],
      ['qd', 'Dense', [2]],
      ['qd_quantized_relu', 'Activation', [2]],
      ['act2', 'Activation', [2]],
    ]);
    const fc1 = get(g, 'fc1', 'Dense');
    expect(fc1.quantized).toEqual({ weight: 'fixed<6,1>', bias: 'fixed<5,3>' });
    // quantized_bits(6,0): step 2^-5, range [-1, 1 - 2^-5]; kernel ramp 0.1 + 0.01 → -0.79 → -0.78125.
    expect(Array.from(fc1.weight.data.slice(0, 4))).toEqual([-0.78125, -0.6875, -0.59375, -0.5]);
    // quantized_bits(5,2) given as a string: step 0.25; -2.4 → -2.5 (nearest), -2.1 → -2, -1.8 → -1.75.
    expect(Array.from(fc1.bias?.data ?? [])).toEqual([-2.5, -2, -1.75, -1.5]);
    expect(get(g, 'act1', 'Activation')).toMatchObject({
      activation: 'relu',
      quantized: { result: 'ufixed<6,2,RND_CONV,SAT>' },
    });
    const qd = get(g, 'qd', 'Dense');
    expect(qd.quantized).toEqual({ weight: 'fixed<4,2>' });
    expect(Array.from(qd.weight.data)).toEqual([-1.5, -1.5, -1.25, -1, -0.75, -0.5, -0.5, -0.25]);
    expect(get(g, 'qd_quantized_relu', 'Activation').quantized).toEqual({
      result: 'ufixed<3,1,RND_CONV,SAT>',
    });
    expect(get(g, 'act2', 'Activation')).toMatchObject({
      activation: 'hard_tanh',
      slope: 0.5,
      shift: 0.5,
      quantized: { result: 'fixed<8,1,RND_CONV,SAT_SYM>' },
    });
    expect(g.outputs).toEqual(['act2']);
  });
});

describe('Keras 3 .keras zip', () => {
  it('reads __keras_tensor__ wiring and layers/<key>/(cell/)vars weights; GRU reset_after splits the bias', async () => {
    const g = await loadModel([fx('rnn.keras')]);
    expect(g.metadata.keras_version).toBe('3.5.0');
    expect(summary(g)).toEqual([
      ['seq', 'Input', [5, 2]],
      ['lstm', 'LSTM', [5, 3]],
      ['gru', 'GRU', [2]],
      ['head', 'Dense', [1]],
      ['head_tanh', 'Activation', [1]],
    ]);
    const lstm = get(g, 'lstm', 'LSTM') as RecurrentLayer;
    expect(lstm).toMatchObject({ units: 3, returnSequences: true, resetAfter: false, recurrentBias: null });
    expect(lstm.kernel.shape).toEqual([2, 12]);
    expect(Array.from(lstm.recurrentKernel.data)).toEqual(ramp(36, 0.04));
    const gru = get(g, 'gru', 'GRU') as RecurrentLayer;
    expect(gru).toMatchObject({ units: 2, returnSequences: false, resetAfter: true });
    const both = ramp(12, 0.02);
    expect(Array.from(gru.bias?.data ?? [])).toEqual(both.slice(0, 6));
    expect(Array.from(gru.recurrentBias?.data ?? [])).toEqual(both.slice(6));
    expect(Array.from(get(g, 'head', 'Dense').weight.data)).toEqual([-4, -3.5]);
  });
});

// --- the real files, read in place --------------------------------------------------------------------

const SHARED = resolve(REPO_ROOT, '../shared/models/keras');
const haveShared = existsSync(SHARED);
if (!haveShared)
  console.warn(`keras tests: ../shared/models/keras is absent (${SHARED}); those tests are skipped`);
const shared = (rel: string): { name: string; bytes: Uint8Array } => ({
  name: rel.split('/').pop() as string,
  bytes: new Uint8Array(readFileSync(resolve(SHARED, rel))),
});

describe.skipIf(!haveShared)('../shared/models/keras', () => {
  it('KERAS_3layer: names, shapes, first weights as stored', async () => {
    const g = await loadModel([shared('KERAS_3layer.json'), shared('KERAS_3layer_weights.h5')]);
    expect(summary(g).map(([n, k]) => `${n}:${k}`)).toEqual([
      'input_1:Input',
      'fc1_relu:Dense',
      'fc1_relu_relu:Activation',
      'fc2_relu:Dense',
      'fc2_relu_relu:Activation',
      'fc3_relu:Dense',
      'fc3_relu_relu:Activation',
      'output_softmax:Dense',
      'output_softmax_softmax:Softmax',
    ]);
    const fc1 = get(g, 'fc1_relu', 'Dense');
    expect(fc1.weight.shape).toEqual([16, 64]);
    expect(Array.from(fc1.weight.data.slice(0, 3))).toEqual([
      Math.fround(0.2731347382068634),
      Math.fround(-0.12113316357135773),
      Math.fround(0.4952146112918854),
    ]);
  });

  it('the CLI-style pairing and a single-file model agree (conv1d_1layer)', async () => {
    const a = await loadModel([
      shared('conv1d_1layer/conv1d_1layer.json'),
      shared('conv1d_1layer/conv1d_1layer_weights.h5'),
    ]);
    const b = await loadModel([shared('conv1d_1layer/conv1d_1layer.h5')]);
    expect(summary(a)).toEqual([
      ['input_1', 'Input', [5, 5]],
      ['conv1d', 'Conv', [3, 1]],
    ]);
    expect(summary(b)).toEqual(summary(a));
    const ca = get(a, 'conv1d', 'Conv');
    expect(Array.from(ca.weight.data)).toEqual(Array.from(get(b, 'conv1d', 'Conv').weight.data));
    expect(ca.weight.shape).toEqual([3, 5, 1]);
  });

  it('hostpipe_parallel_keras_model.keras is HDF5 despite its name', async () => {
    const f = shared('hostpipe_parallel_keras_model.keras');
    expect(sniffFormat(f.bytes)).toBe('hdf5');
    const g = await loadModel([f]);
    expect(summary(g)).toEqual([
      ['conv1d_input', 'Input', [32, 3]],
      ['conv1d', 'Conv', [32, 16]],
      ['relu1', 'Activation', [32, 16]],
      ['gru', 'GRU', [16]],
    ]);
    expect(get(g, 'gru', 'GRU')).toMatchObject({
      resetAfter: true,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
    });
  });

  it('QKeras 3-layer, Keras 2 h5 and Keras 3 zip: same precisions, weights on the 2^-5 grid', async () => {
    for (const g of [
      await loadModel([shared('QKERAS_3layer.h5')]),
      await loadModel([shared('qkeras-v3_3layer.keras')]),
    ]) {
      const fc1 = get(g, 'fc1', 'Dense');
      expect(fc1.quantized).toEqual({ weight: 'fixed<6,1>', bias: 'fixed<6,1>' });
      expect(Array.from(fc1.weight.data).every((v) => Number.isInteger(v * 32) && v >= -1 && v < 1)).toBe(
        true,
      );
      expect(get(g, 'relu1', 'Activation').quantized).toEqual({ result: 'ufixed<6,0,RND_CONV,SAT>' });
    }
  });

  it('BinaryDense weights become ±1 with int<2>; binary_tanh activations', async () => {
    const g = await loadModel([shared('keras_bnn.json'), shared('keras_bnn_weights.h5')]);
    const d = get(g, 'binary_dense_2', 'Dense');
    expect(d.quantized).toEqual({ weight: 'int<2>' });
    expect(new Set(d.weight.data)).toEqual(new Set([1, -1]));
    expect(get(g, 'activation_1', 'Activation').activation).toBe('binary_tanh');
  });

  it('refusals name file, layer, class', async () => {
    await expectStudioError(
      () => loadModel([shared('garnet_1layer.json'), shared('garnet_1layer_weights.h5')]),
      { file: 'garnet_1layer.json', node: 'gar_1', op: 'GarNet' },
      'layer class GarNet is not supported',
    );
  });

  it('quantized_po2 kernels become power-of-two weights with the exponent type int<bits>', async () => {
    const g = await loadModel([shared('qkeras_mnist_dense.json'), shared('qkeras_mnist_dense_weights.h5')]);
    const d = get(g, 'q_dense_2', 'Dense');
    expect(d.weightEncoding).toBe('exponent');
    expect(d.quantized).toEqual({ weight: 'int<4>', bias: 'fixed<2,1>' });
    // quantized_po2(4, max_value=1): exponents −8…0 (max_value caps them at 0), signs kept
    const exps = new Set(Array.from(d.weight.data, (v) => Math.log2(Math.abs(v))));
    for (const e of exps) expect(Number.isInteger(e) && e >= -8 && e <= 0).toBe(true);
    expect(exps.size).toBeGreaterThan(3);
    expect(Array.from(d.weight.data).some((v) => v < 0)).toBe(true);
    expect(get(g, 'q_dense_3', 'Dense').weightEncoding).toBeUndefined();
  });
});

describe('the remaining layer classes (misc_full.h5: two inputs, three outputs)', () => {
  it('maps every class to its IR kind with the right attributes, shapes and weights', async () => {
    const g = await loadModel([fx('misc_full.h5')]);
    expect(g.inputs).toEqual(['x', 'tok']);
    expect(g.outputs).toEqual(['dot', 'sm', 'flat']);
    expect(summary(g)).toEqual([
      ['x', 'Input', [6, 4]],
      ['tok', 'Input', [5]],
      ['sep', 'SeparableConv', [6, 3]],
      ['avg', 'Pooling', [3, 3]],
      ['zp', 'ZeroPadding', [6, 3]],
      ['crop', 'Cropping', [4, 3]],
      ['up', 'Resize', [8, 3]],
      ['perm', 'Transpose', [3, 8]],
      ['ln', 'LayerNormalization', [3, 8]],
      ['rnn', 'SimpleRNN', [2]],
      ['prelu', 'PReLU', [2]],
      ['gap', 'GlobalPooling', [3]],
      ['dense2', 'Dense', [2]],
      ['sub', 'Merge', [2]],
      ['dot', 'Dot', [1]],
      ['thr', 'Activation', [2]],
      ['elu', 'Activation', [2]],
      ['sm', 'Softmax', [2]],
      ['emb', 'Embedding', [5, 3]],
      ['flat', 'Reshape', [15]],
    ]);
    expect(get(g, 'tok', 'Input').quantized).toEqual({ result: 'int<32>' });
    const sep = get(g, 'sep', 'SeparableConv');
    expect(sep).toMatchObject({ nChan: 4, nFilt: 3, depthMultiplier: 2, pads: [1, 1], kernel: [3] });
    expect(sep.depthwise.shape).toEqual([3, 4, 2]);
    expect(sep.pointwise.shape).toEqual([8, 3]);
    expect(Array.from(sep.pointwise.data)).toEqual(ramp(24, 0.05));
    expect(get(g, 'avg', 'Pooling')).toMatchObject({
      op: 'average',
      kernel: [2],
      strides: [2],
      countPad: false,
    });
    expect(get(g, 'zp', 'ZeroPadding').pads).toEqual([1, 2]);
    expect(get(g, 'crop', 'Cropping').crops).toEqual([1, 1]);
    expect(get(g, 'perm', 'Transpose').perm).toEqual([1, 0]);
    const ln = get(g, 'ln', 'LayerNormalization');
    expect(ln.epsilon).toBe(0.001);
    expect(Array.from(ln.gamma.data)).toEqual(ramp(8, 0.1, 1));
    expect(get(g, 'rnn', 'SimpleRNN')).toMatchObject({
      units: 2,
      returnSequences: false,
      activation: 'tanh',
    });
    expect(Array.from(get(g, 'prelu', 'PReLU').alpha.data)).toEqual([0.25, 0.5]);
    expect(get(g, 'gap', 'GlobalPooling')).toMatchObject({ op: 'average', rank: 1, keepDims: false });
    expect(get(g, 'sub', 'Merge')).toMatchObject({ op: 'subtract', inputs: ['prelu', 'dense2'] });
    expect(get(g, 'dot', 'Dot').inputs).toEqual(['sub', 'dense2']);
    expect(get(g, 'thr', 'Activation')).toMatchObject({ activation: 'thresholded_relu', theta: 0.5 });
    expect(get(g, 'elu', 'Activation')).toMatchObject({ activation: 'elu', alpha: 0.7 });
    const emb = get(g, 'emb', 'Embedding');
    expect(emb).toMatchObject({ vocab: 10, nOut: 3 });
    expect(Array.from(emb.weight.data)).toEqual(ramp(30, 0.125));
  });
});

describe('JSON that is not a Keras model', () => {
  it('is refused as such, not as a missing weights file', async () => {
    const bytes = new TextEncoder().encode('{"Model": {"Precision": "fixed<16,6>", "ReuseFactor": 1}}');
    await expectStudioError(
      () => loadModel([{ name: 'hls4ml_config.json', bytes }]),
      { file: 'hls4ml_config.json' },
      "error: hls4ml_config.json: the JSON is not a Keras model configuration (class_name '?'",
    );
    await expectStudioError(
      () => loadModel([{ name: 'bad.json', bytes: new TextEncoder().encode('{"class_name": ') }]),
      { file: 'bad.json' },
      'error: bad.json: the architecture file is not valid JSON',
    );
  });
});

describe('Sequential without an InputLayer', () => {
  it("takes the input shape from the first layer's build_config (Keras 3) and names the input <layer>_input", async () => {
    const g = await loadModel([{ name: 's.json', bytes: denseFirstSequentialJson() }, fx('mlp_weights.h5')]);
    expect(summary(g)).toEqual([
      ['fc1_input', 'Input', [4]],
      ['fc1', 'Dense', [3]],
    ]);
    expect(g.outputs).toEqual(['fc1']);
    expect(Array.from(get(g, 'fc1', 'Dense').weight.data)).toEqual(ramp(12, 0.125));
  });
});

describe('a layer applied twice (shared weights)', () => {
  it('is refused by name', async () => {
    const inb = (n: string): unknown[] => [[n, 0, 0, {}]];
    const json = new TextEncoder().encode(
      JSON.stringify({
        class_name: 'Functional',
        config: {
          name: 'shared',
          layers: [
            {
              class_name: 'InputLayer',
              config: { name: 'x', batch_input_shape: [null, 4] },
              inbound_nodes: [],
            },
            { class_name: 'Dense', config: { name: 'fc1', units: 4 }, inbound_nodes: [inb('x'), inb('x')] },
          ],
          input_layers: [['x', 0, 0]],
          output_layers: [['fc1', 1, 0]],
        },
      }),
    );
    await expectStudioError(
      () => loadModel([{ name: 'shared.json', bytes: json }, fx('mlp_weights.h5')]),
      { file: 'shared.json', node: 'fc1', op: 'Dense' },
      'the layer is applied 2 times (a shared layer)',
    );
  });
});
