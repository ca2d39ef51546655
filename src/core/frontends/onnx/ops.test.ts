// The op families of the extended ONNX frontend, on the small models of scripts/make-onnx-fixtures.py.
import { describe, expect, it } from 'vitest';
import type { Layer, ModelGraph, RecurrentLayer } from '../../ir/graph';
import { parseOnnx } from './index';
import { expectStudioError, fixture, summary } from './testing';

const f32 = Math.fround;
function rnn(g: ModelGraph, name: string, kind: RecurrentLayer['kind']): RecurrentLayer {
  const l = g.layers.find((x) => x.name === name);
  if (!l || l.kind !== kind) throw new Error(`no ${kind} layer ${name}`);
  return l as RecurrentLayer;
}

const load = (name: string): ModelGraph => parseOnnx(fixture(name), name);

function layer<K extends Layer['kind']>(g: ModelGraph, name: string, kind: K): Extract<Layer, { kind: K }> {
  const l = g.layers.find((x) => x.name === name);
  if (!l || l.kind !== kind) throw new Error(`no ${kind} layer ${name}`);
  return l as Extract<Layer, { kind: K }>;
}

describe('Conv2D family, channels-first file (conv2d_family.onnx)', () => {
  const g = load('conv2d_family.onnx');

  it('keeps the NCHW input, transposes to channels-last once, and infers every shape', () => {
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 6, 5]],
      ['transpose_input_for_x', 'Transpose', [6, 5, 2]],
      ['/conv/Conv', 'Conv', [6, 5, 3]],
      ['/relu/Relu', 'Activation', [6, 5, 3]],
      ['/dw/Conv', 'DepthwiseConv', [3, 3, 6]],
      ['/bn/BN', 'BatchNormalization', [3, 3, 6]],
      ['/mp/MaxPool', 'Pooling', [2, 2, 6]],
      ['/ap/AveragePool', 'Pooling', [2, 2, 6]],
      ['/gap/GAP', 'GlobalPooling', [6]],
      ['/fc/Gemm', 'Dense', [2]],
    ]);
    expect(layer(g, 'transpose_input_for_x', 'Transpose').perm).toEqual([1, 2, 0]);
    expect(g.outputs).toEqual(['/fc/Gemm']);
  });

  it('Conv: OIHW weight → HWIO, pads per axis, bias', () => {
    const c = layer(g, '/conv/Conv', 'Conv');
    expect([c.rank, c.nChan, c.nFilt, c.kernel, c.strides, c.dilations, c.pads]).toEqual([
      2,
      2,
      3,
      [3, 3],
      [1, 1],
      [1, 1],
      [1, 1, 1, 1],
    ]);
    expect(c.weight.shape).toEqual([3, 3, 2, 3]);
    // w_ir[a][b][c][o] = W[o][c][a][b] = 18o + 9c + 3a + b
    expect(Array.from(c.weight.data.subarray(0, 3))).toEqual([0, 18, 36]);
    expect(c.weight.data[((0 * 3 + 1) * 2 + 1) * 3 + 0]).toBe(10);
    expect(c.weight.data[((2 * 3 + 2) * 2 + 1) * 3 + 2]).toBe(36 + 9 + 6 + 2);
    expect(Array.from(c.bias?.data ?? [])).toEqual([0.5, -0.5, 1]);
  });

  it('Conv with group = channels → DepthwiseConv [kh, kw, C, dm]; SAME_UPPER pads', () => {
    const d = layer(g, '/dw/Conv', 'DepthwiseConv');
    expect([d.nChan, d.depthMultiplier, d.strides, d.pads]).toEqual([3, 2, [2, 2], [0, 1, 1, 1]]);
    expect(d.weight.shape).toEqual([3, 3, 3, 2]);
    // w_ir[a][b][c][m] = W[2c + m][0][a][b] = 0.1·(9(2c + m) + 3a + b) in float32
    expect(d.weight.data[((1 * 3 + 2) * 3 + 2) * 2 + 1]).toBe(f32(50 * 0.1));
    expect(d.weight.data[1]).toBe(f32(9 * 0.1));
    expect(d.bias).toBeNull();
  });

  it('BatchNormalization folds to a per-channel scale and bias', () => {
    const bn = layer(g, '/bn/BN', 'BatchNormalization');
    expect(bn.scale.data[0]).toBe(1);
    expect(bn.scale.data[1]).toBe(2);
    expect(bn.scale.data[4]).toBe(2.5);
    expect(bn.scale.data[5]).toBe(3);
    expect(bn.bias.data[1]).toBe(-2);
    expect(bn.bias.data[5]).toBe(-2);
  });

  it('pooling attributes; global pooling drops the unit axes', () => {
    const mp = layer(g, '/mp/MaxPool', 'Pooling');
    expect([mp.op, mp.kernel, mp.strides, mp.pads, mp.countPad]).toEqual([
      'max',
      [2, 2],
      [1, 1],
      [0, 0, 0, 0],
      false,
    ]);
    const ap = layer(g, '/ap/AveragePool', 'Pooling');
    expect([ap.op, ap.pads, ap.countPad]).toEqual(['average', [1, 0, 0, 1], true]);
    const gp = layer(g, '/gap/GAP', 'GlobalPooling');
    expect([gp.op, gp.rank, gp.keepDims]).toEqual(['average', 2, false]);
    const fc = layer(g, '/fc/Gemm', 'Dense');
    expect(fc.inputs).toEqual(['/gap/GAP']);
    expect(Array.from(fc.weight.data.subarray(0, 4))).toEqual([0, 6, 1, 7]);
  });
});

describe('Conv1D → Flatten → Gemm keeps the file order (conv1d_flatten.onnx)', () => {
  const g = load('conv1d_flatten.onnx');

  it('reorders the Dense rows instead of transposing; a Flatten to an output transposes back', () => {
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 5]],
      ['transpose_input_for_x', 'Transpose', [5, 2]],
      ['/conv/Conv', 'Conv', [3, 3]],
      ['/flat/Flatten', 'Reshape', [9]],
      ['/fc/Gemm', 'Dense', [2]],
      ['transpose_for_/conv/Conv', 'Transpose', [3, 3]],
      ['/flat2/Flatten', 'Reshape', [9]],
    ]);
    expect(layer(g, '/conv/Conv', 'Conv').dilations).toEqual([2]);
    expect(layer(g, 'transpose_for_/conv/Conv', 'Transpose').perm).toEqual([1, 0]);
    expect(g.outputs).toEqual(['/fc/Gemm', '/flat2/Flatten']);
    const fc = layer(g, '/fc/Gemm', 'Dense');
    // IR row i = 3w + c reads the file's flat index 3c + w; W[L][j] = 9j + L.
    const row = (i: number): number[] => Array.from(fc.weight.data.subarray(2 * i, 2 * i + 2));
    expect(row(0)).toEqual([0, 9]);
    expect(row(1)).toEqual([3, 12]);
    expect(row(3)).toEqual([1, 10]);
    expect(row(8)).toEqual([8, 17]);
  });
});

describe('Conv1D family and Upsample (conv1d_family.onnx, upsample.onnx)', () => {
  it('SAME_LOWER pads, Concat on the channel axis → the last IR axis, 1D pooling', () => {
    const g = load('conv1d_family.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 8]],
      ['transpose_input_for_x', 'Transpose', [8, 2]],
      ['c1', 'Conv', [8, 3]],
      ['c2', 'Conv', [8, 2]],
      ['cat', 'Concatenate', [8, 5]],
      ['pool', 'Pooling', [4, 5]],
      ['gmp', 'GlobalPooling', [5]],
    ]);
    expect(layer(g, 'c1', 'Conv').pads).toEqual([2, 1]);
    expect(layer(g, 'cat', 'Concatenate').axis).toBe(1);
    const p = layer(g, 'pool', 'Pooling');
    expect([p.rank, p.op, p.kernel, p.strides]).toEqual([1, 'max', [2], [2]]);
    const gmp = layer(g, 'gmp', 'GlobalPooling');
    expect([gmp.rank, gmp.op]).toEqual([1, 'max']);
    // c2 is a 1×1 conv: W[o][c][0] = 2o + c → IR [0][c][o]
    expect(Array.from(layer(g, 'c2', 'Conv').weight.data)).toEqual([0, 2, 1, 3]);
  });

  it('Upsample (opset 9) → Resize bilinear with the scaled sizes', () => {
    const g = load('upsample.onnx');
    const r = layer(g, 'up', 'Resize');
    expect([r.outputShape, r.rank, r.method, r.alignCorners]).toEqual([[6, 9, 2], 2, 'bilinear', false]);
  });
});

describe('activations (activations.onnx)', () => {
  const g = load('activations.onnx');

  it('maps every activation with its parameters', () => {
    const described = g.layers
      .slice(1)
      .map((l) =>
        l.kind === 'Activation'
          ? [
              l.name,
              l.activation,
              l.alpha ?? null,
              l.theta ?? null,
              l.slope ?? null,
              l.shift ?? null,
              l.maxValue ?? null,
            ]
          : [l.name, l.kind],
      );
    expect(described).toEqual([
      ['leaky', 'leaky_relu', 0.25, null, null, null, null],
      ['elu', 'elu', 0.5, null, null, null, null],
      ['selu', 'selu', null, null, null, null, null],
      ['thr', 'thresholded_relu', null, 0.75, null, null, null],
      ['hsig', 'hard_sigmoid', null, null, 0.25, 0.375, null],
      ['ssign', 'softsign', null, null, null, null, null],
      ['splus', 'softplus', null, null, null, null, null],
      ['prelu', 'PReLU'],
      ['clip', 'relu6', null, null, null, null, 6],
      ['sm', 'Softmax'],
    ]);
    expect(Array.from(layer(g, 'prelu', 'PReLU').alpha.data)).toEqual([0.1, 0.2, 0.3].map(f32));
    expect(layer(g, 'sm', 'Softmax').inputs).toEqual(['clip']); // Dropout and Identity add no layer
  });
});

describe('merges, constant operands, concat (merge_scale.onnx)', () => {
  const g = load('merge_scale.onnx');

  it('two computed tensors → Merge; Sum of three chains two adds', () => {
    const merges = g.layers.filter((l) => l.kind === 'Merge').map((l) => [l.name, l.op, ...l.inputs]);
    expect(merges).toEqual([
      ['add', 'add', 'relu', 'sig'],
      ['sub', 'subtract', 'add', 'sig'],
      ['mul', 'multiply', 'sub', 'relu'],
      ['max', 'maximum', 'mul', 'sig'],
      ['min', 'minimum', 'max', 'relu'],
      ['mean', 'average', 'min', 'sig'],
      ['sum_1', 'add', 'mean', 'relu'],
      ['sum', 'add', 'sum_1', 'sig'],
    ]);
  });

  it('Add/Sub/Mul/Div with a constant → BatchNormalization scale and bias (hls4ml ApplyAlpha)', () => {
    const bn = (n: string): [number[], number[]] => {
      const l = layer(g, n, 'BatchNormalization');
      return [Array.from(l.scale.data), Array.from(l.bias.data)];
    };
    expect(bn('scale')).toEqual([
      [2, 3, 4],
      [0, 0, 0],
    ]);
    expect(bn('shift')).toEqual([
      [1, 1, 1],
      [0.5, 0.5, 0.5],
    ]);
    expect(bn('minus')).toEqual([
      [1, 1, 1],
      [-2, -3, -4],
    ]);
    expect(bn('rminus')).toEqual([
      [-1, -1, -1],
      [0.5, 0.5, 0.5],
    ]);
    expect(bn('div')).toEqual([
      [0.25, 0.25, 0.25],
      [0, 0, 0],
    ]);
    const cat = layer(g, 'cat', 'Concatenate');
    expect([cat.axis, cat.inputs, cat.outputShape]).toEqual([0, ['div', 'add'], [6]]);
  });
});

describe('shape subgraphs fold to constants (shape_fold.onnx)', () => {
  it('Shape → Gather → Unsqueeze → Concat → Reshape; Squeeze/Unsqueeze pairs add nothing', () => {
    const g = load('shape_fold.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 3]],
      ['tr', 'Transpose', [3, 2]],
      ['reshape', 'Reshape', [6]],
      ['mm', 'Dense', [2]],
    ]);
    expect(layer(g, 'tr', 'Transpose').perm).toEqual([1, 0]);
    expect(layer(g, 'mm', 'Dense').inputs).toEqual(['reshape']);
  });
});

describe('Pad and Resize (pad_resize.onnx)', () => {
  it('Pad → ZeroPadding with [top, bottom, left, right]; Resize nearest ×2', () => {
    const g = load('pad_resize.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 3, 4]],
      ['transpose_input_for_x', 'Transpose', [3, 4, 2]],
      ['pad', 'ZeroPadding', [5, 7, 2]],
      ['resize', 'Resize', [10, 14, 2]],
    ]);
    const p = layer(g, 'pad', 'ZeroPadding');
    expect([p.rank, p.pads]).toEqual([2, [1, 1, 2, 1]]);
    const r = layer(g, 'resize', 'Resize');
    expect([r.rank, r.method, r.alignCorners]).toEqual([2, 'nearest', false]);
  });
});

describe('LSTM / GRU / RNN (recurrent.onnx)', () => {
  const g = load('recurrent.onnx');

  it('shapes and return_sequences from the outputs used', () => {
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 2]],
      ['lstm', 'LSTM', [1]],
      ['gru', 'GRU', [2, 1]],
      ['rnn', 'SimpleRNN', [1]],
    ]);
  });

  it('LSTM gates i, o, f, c → Keras i, f, c, o; one bias Wb + Rb', () => {
    const l = rnn(g, 'lstm', 'LSTM');
    expect([l.units, l.returnSequences, l.activation, l.recurrentActivation]).toEqual([
      1,
      false,
      'tanh',
      'sigmoid',
    ]);
    expect(l.kernel.shape).toEqual([2, 4]);
    expect(Array.from(l.kernel.data)).toEqual([1, 5, 7, 3, 2, 6, 8, 4]);
    expect(Array.from(l.recurrentKernel.data)).toEqual([11, 13, 14, 12]);
    expect(Array.from(l.bias?.data ?? [])).toEqual([46, 50, 52, 48]);
    expect(l.recurrentBias).toBeNull();
  });

  it('GRU linear_before_reset=1 → resetAfter with both biases; RNN without bias', () => {
    const gru = rnn(g, 'gru', 'GRU');
    expect([gru.resetAfter, gru.returnSequences]).toEqual([true, true]);
    expect(Array.from(gru.kernel.data)).toEqual([31, 33, 35, 32, 34, 36]);
    expect(Array.from(gru.recurrentKernel.data)).toEqual([41, 42, 43]);
    expect(Array.from(gru.bias?.data ?? [])).toEqual([51, 52, 53]);
    expect(Array.from(gru.recurrentBias?.data ?? [])).toEqual([54, 55, 56]);
    const simple = rnn(g, 'rnn', 'SimpleRNN');
    expect(Array.from(simple.kernel.data)).toEqual([61, 62]);
    expect(Array.from(simple.recurrentKernel.data)).toEqual([71]);
    expect([simple.bias, simple.activation]).toEqual([null, 'tanh']);
  });
});

describe('sequence-first RNNs as PyTorch exports them (rnn_seq_first.onnx)', () => {
  it('Transpose → LSTM/GRU layout=0 → Squeeze (→ Transpose back) add no layers', () => {
    const g = load('rnn_seq_first.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [3, 2]],
      ['lstm', 'LSTM', [2]],
      ['fc', 'Dense', [1]],
      ['gru', 'GRU', [3, 2]],
    ]);
    expect(g.outputs).toEqual(['fc', 'gru']);
    expect([rnn(g, 'lstm', 'LSTM').returnSequences, rnn(g, 'gru', 'GRU').returnSequences]).toEqual([
      false,
      true,
    ]);
    expect(rnn(g, 'gru', 'GRU').resetAfter).toBe(false);
  });
});

describe('Gemm transA (gemm_transa.onnx, gemm_transa_batch.onnx)', () => {
  it('transA=1 on a [features, batch] tensor is an ordinary Dense', () => {
    const g = load('gemm_transa.onnx');
    expect(summary(g)).toEqual([
      ['x', 'Input', [3]],
      ['fc', 'Dense', [2]],
    ]);
    const fc = layer(g, 'fc', 'Dense');
    expect(fc.inputs).toEqual(['x']);
    expect(Array.from(fc.weight.data)).toEqual([2, 8, 4, 10, 6, 12]); // alpha 2, transB=1
    expect(Array.from(fc.bias?.data ?? [])).toEqual([0.5, -0.5]);
  });

  it('transA=1 on a batch-first input is refused', async () => {
    const file = 'gemm_transa_batch.onnx';
    await expectStudioError(
      () => load(file),
      { file, node: 'fc', op: 'Gemm' },
      'Gemm with transA=1 on an input whose batch is its first axis would multiply across the batch',
    );
  });
});

describe('QONNX quantizers (qonnx_quant.onnx, qonnx_channels_last.onnx, floatquant.onnx)', () => {
  const g = load('qonnx_quant.onnx');

  it('po2 Quant on a tensor → quantized linear Activation; non-po2 → scale, Activation, rescale', () => {
    expect(
      g.layers.map((l) => [l.name, l.kind === 'Activation' ? l.activation : l.kind, l.quantized ?? null]),
    ).toEqual([
      ['x', 'Input', null],
      ['quant_in', 'linear', { result: 'fixed<8,6,RND_CONV,SAT>' }],
      ['fc', 'Dense', { weight: 'fixed<4,3,RND_CONV,SAT_SYM>', bias: 'fixed<8,5,RND_CONV,SAT>' }],
      ['quant_act_scale', 'BatchNormalization', null],
      ['quant_act', 'linear', { result: 'ufixed<4,4,TRN,SAT>' }],
      ['quant_act_rescale', 'BatchNormalization', null],
      ['bipolar', 'binary_tanh', { result: 'fixed<2,2>' }],
      ['trunc', 'linear', { result: 'fixed<4,8,TRN,SAT>' }],
    ]);
    const s = f32(0.3);
    expect(Array.from(layer(g, 'quant_act_scale', 'BatchNormalization').scale.data)).toEqual([
      1 / s,
      1 / s,
      1 / s,
    ]);
    expect(Array.from(layer(g, 'quant_act_rescale', 'BatchNormalization').scale.data)).toEqual([s, s, s]);
    expect(Array.from(layer(g, 'quant_act_rescale', 'BatchNormalization').bias.data)).toEqual([0, 0, 0]);
  });

  it('weights behind a Quant are pre-quantized (round half even, narrow range clamps to ±7)', () => {
    const fc = layer(g, 'fc', 'Dense');
    expect(Array.from(fc.weight.data)).toEqual([0.5, -1, 2, 0, 0.5, -3.5]);
    expect(Array.from(fc.bias?.data ?? [])).toEqual([0.125, 0.25, -0.25]);
  });

  it('qonnx channels-last Conv ([O, kH, kW, I] weights) and MaxPool take NHWC as is', () => {
    const cl = load('qonnx_channels_last.onnx');
    expect(summary(cl)).toEqual([
      ['x', 'Input', [5, 5, 2]],
      ['cl_conv', 'Conv', [4, 4, 3]],
      ['cl_pool', 'Pooling', [2, 2, 3]],
    ]);
    const c = layer(cl, 'cl_conv', 'Conv');
    // file W[o][a][b][c] = 8o + 4a + 2b + c → IR [a][b][c][o]
    expect(c.weight.shape).toEqual([2, 2, 2, 3]);
    expect(Array.from(c.weight.data.subarray(0, 6))).toEqual([0, 8, 16, 1, 9, 17]);
    expect(c.weight.data[((1 * 2 + 1) * 2 + 1) * 3 + 2]).toBe(16 + 4 + 2 + 1);
  });

  it('FloatQuant is refused clearly', async () => {
    const file = 'floatquant.onnx';
    await expectStudioError(
      () => load(file),
      { file, node: 'fq', op: 'FloatQuant' },
      "error: floatquant.onnx: node 'fq' (FloatQuant): FloatQuant (a floating-point minifloat quantizer) is not supported",
    );
  });
});
