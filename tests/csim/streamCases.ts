/**
 * io_stream C-sim parity cases. The stream kernels compute every value with the io_parallel arithmetic,
 * so the emulator (which has no io_stream variant) must equal `make csim` of the io_stream project raw
 * for raw. Spatial cases reuse the io_parallel spatial graphs (line-buffer conv, depthwise, separable,
 * pooling, global pooling, batch norm, flatten, dense); the element-wise case streams a [5, 6] tensor
 * (one word per pixel) through every activation, softmax, merges, concatenate, PReLU, batch norm, Dot and
 * tensors that fan out to many readers (clone_stream) and to model outputs.
 */
import type { DesignConfig } from '../../src/core/config/designConfig';
import type {
  ActivationFn,
  ActivationLayer,
  Layer,
  MergeOp,
  ModelGraph,
  SoftmaxImplementation,
} from '../../src/core/ir/graph';
import { dense, graph, rng } from '../backends/graphs';
import { TypeDraw, configWith } from './elementwiseHarness';
import { SPATIAL_CASES, type SpatialCase } from './spatialCases';

const streamed = (c: SpatialCase): SpatialCase => ({
  ...c,
  name: `stream_${c.name}`,
  configure: (x: DesignConfig) => ({ ...c.configure(x), ioType: 'io_stream' }),
});

const SPATIAL_NAMES = [
  'separable_sat_round',
  'depthwise2d_dm2_sat',
  'pointwise_bn_gap',
  'd_conv1d_resource_sat',
  'resize_nearest_conv',
];

/**
 * io_parallel spatial graphs that io_stream can run (their pooling layers are padded or overlap, which
 * hls4ml's stream pooling refuses, so the pooling graphs of io_stream are the ones below).
 */
export const STREAM_SPATIAL_CASES: readonly SpatialCase[] = SPATIAL_NAMES.map((n) => {
  const c = SPATIAL_CASES.find((x) => x.name === n);
  if (!c) throw new Error(`no spatial case ${n}`);
  return streamed(c);
});

const srcOf = (op: string, node: string) => ({ op, node });

function convLayer(
  name: string,
  from: string,
  inShape: number[],
  nFilt: number,
  kernel: number[],
  pads: number[],
  seed: number,
): Layer {
  const r = rng(seed);
  const nChan = inShape[inShape.length - 1]!;
  const out = kernel.map((k, d) => inShape[d]! + pads[2 * d]! + pads[2 * d + 1]! - k + 1);
  const nW = kernel.reduce((a, b) => a * b, 1) * nChan * nFilt;
  return {
    kind: 'Conv',
    name,
    inputs: [from],
    outputShape: [...out, nFilt],
    source: srcOf(`Conv${kernel.length}D`, name),
    rank: kernel.length as 1 | 2,
    kernel,
    strides: kernel.map(() => 1),
    dilations: kernel.map(() => 1),
    pads,
    nChan,
    nFilt,
    weight: { shape: [...kernel, nChan, nFilt], data: Float32Array.from({ length: nW }, () => r() * 0.6) },
    bias: { shape: [nFilt], data: Float32Array.from({ length: nFilt }, () => r() * 0.5) },
  };
}

function poolLayer(
  name: string,
  from: string,
  inShape: number[],
  op: 'max' | 'average',
  kernel: number[],
): Layer {
  const out = kernel.map((k, d) => Math.floor(inShape[d]! / k));
  return {
    kind: 'Pooling',
    name,
    inputs: [from],
    outputShape: [...out, inShape[inShape.length - 1]!],
    source: srcOf(`${op}Pool${kernel.length}D`, name),
    rank: kernel.length as 1 | 2,
    kernel,
    strides: kernel,
    dilations: kernel.map(() => 1),
    pads: kernel.flatMap(() => [0, 0]),
    op,
    countPad: false,
  };
}

function globalPool(name: string, from: string, rank: 1 | 2, op: 'max' | 'average', c: number): Layer {
  return {
    kind: 'GlobalPooling',
    name,
    inputs: [from],
    outputShape: [c],
    source: srcOf(op === 'max' ? 'GlobalMaxPool' : 'GlobalAveragePool', name),
    rank,
    op,
    keepDims: false,
  };
}

/**
 * The pooling kinds as hls4ml streams them: x [8,7,3] → Conv2D 3×3 same → ReLU → MaxPool 2×2 → AvgPool
 * 2×1 → Flatten → Dense, the conv output also global-max and global-average pooled (fan-out); and
 * x reshaped to [56,3] → Conv1D k3 same → AvgPool 3 → MaxPool 2 → Flatten → Dense, with global pooling.
 */
export function streamPoolingGraph(): ModelGraph {
  return graph(
    'stream_pooling',
    [
      { kind: 'Input', name: 'x', inputs: [], outputShape: [8, 7, 3], source: srcOf('input', 'x') },
      convLayer('conv', 'x', [8, 7, 3], 4, [3, 3], [1, 1, 1, 1], 41),
      { ...act('relu', 'conv', 'relu'), outputShape: [8, 7, 4] },
      poolLayer('mp', 'relu', [8, 7, 4], 'max', [2, 2]),
      poolLayer('ap', 'mp', [4, 3, 4], 'average', [2, 1]),
      { kind: 'Reshape', name: 'flat', inputs: ['ap'], outputShape: [24], source: srcOf('Flatten', 'flat') },
      dense('fc', 'flat', 24, 5, 42, 0.5),
      globalPool('gmax', 'conv', 2, 'max', 4),
      globalPool('gavg', 'conv', 2, 'average', 4),
      { kind: 'Reshape', name: 'y', inputs: ['x'], outputShape: [56, 3], source: srcOf('Reshape', 'y') },
      convLayer('conv1', 'y', [56, 3], 5, [3], [1, 1], 43),
      poolLayer('ap1', 'conv1', [56, 5], 'average', [3]),
      poolLayer('mp1', 'ap1', [18, 5], 'max', [2]),
      {
        kind: 'Reshape',
        name: 'flat1',
        inputs: ['mp1'],
        outputShape: [45],
        source: srcOf('Flatten', 'flat1'),
      },
      dense('fc1', 'flat1', 45, 4, 44, 0.5),
      globalPool('gmax1', 'conv1', 1, 'max', 5),
      globalPool('gavg1', 'conv1', 1, 'average', 5),
    ],
    ['fc', 'gmax', 'gavg', 'fc1', 'gmax1', 'gavg1', 'mp'],
  );
}

/** Random precisions; the pooling accumulators are narrower than their inputs so that casting first matters. */
export function streamPoolingConfig(seed: number): DesignConfig {
  const d = new TypeDraw(seed);
  const settings: Record<string, Parameters<typeof configWith>[0][string]> = {
    x: { precision: { result: d.fixed(10, 16, 3, 6) } },
    y: { precision: { result: d.fixed(10, 16, 3, 6) } },
  };
  for (const n of ['conv', 'conv1']) {
    settings[n] = {
      strategy: seed % 2 === 0 ? 'Resource' : 'Latency',
      reuseFactor: seed % 2 === 0 ? d.pick([3, 9]) : 1,
      precision: { accum: d.fixed(14, 22, 4, 7), result: d.fixed(10, 16, 3, 6) },
    };
  }
  settings['relu'] = { precision: { result: d.fixed(8, 14, 2, 5) } };
  for (const n of ['mp', 'ap', 'gmax', 'gavg', 'ap1', 'mp1', 'gmax1', 'gavg1']) {
    settings[n] = { precision: { accum: d.fixed(6, 10, 2, 5), result: d.fixed(6, 14, 2, 6) } };
  }
  for (const n of ['flat', 'flat1']) settings[n] = { precision: { result: d.fixed(8, 14, 2, 5) } };
  for (const n of ['fc', 'fc1']) {
    settings[n] = { precision: { accum: d.fixed(12, 20, 4, 7), result: d.fixed(10, 16, 3, 6) } };
  }
  return { ...configWith(settings), ioType: 'io_stream' };
}

const H = 5;
const C = 6;
const SHAPE = [H, C];
const src = (op: string, node: string) => ({ op, node });

function act(name: string, from: string, fn: ActivationFn, extra: Partial<ActivationLayer> = {}): Layer {
  return {
    kind: 'Activation',
    name,
    inputs: [from],
    outputShape: SHAPE,
    source: src(fn, name),
    activation: fn,
    ...extra,
  };
}

function pointwise(name: string, from: string, kernel: number, seed: number): Layer {
  const r = rng(seed);
  const pad = (kernel - 1) / 2;
  return {
    kind: 'Conv',
    name,
    inputs: [from],
    outputShape: SHAPE,
    source: src('Conv1D', name),
    rank: 1,
    kernel: [kernel],
    strides: [1],
    dilations: [1],
    pads: [pad, pad],
    nChan: C,
    nFilt: C,
    weight: { shape: [kernel, C, C], data: Float32Array.from({ length: kernel * C * C }, () => r() * 0.7) },
    bias: { shape: [C], data: Float32Array.from({ length: C }, () => r() * 0.5) },
  };
}

export const STREAM_ACTS: readonly [string, ActivationFn, Partial<ActivationLayer>][] = [
  ['linear', 'linear', {}],
  ['relu', 'relu', {}],
  ['sigmoid', 'sigmoid', {}],
  ['tanh', 'tanh', {}],
  ['relu6', 'relu6', {}],
  ['leaky', 'leaky_relu', { alpha: 0.3 }],
  ['thresh', 'thresholded_relu', { theta: 0.7 }],
  ['elu', 'elu', { alpha: 0.45 }],
  ['selu', 'selu', {}],
  ['softplus', 'softplus', {}],
  ['softsign', 'softsign', {}],
  ['hsig', 'hard_sigmoid', {}],
  ['htanh', 'hard_tanh', {}],
  ['btanh', 'binary_tanh', {}],
  ['ttanh', 'ternary_tanh', {}],
];

const OPS: readonly MergeOp[] = ['add', 'subtract', 'multiply', 'average', 'maximum', 'minimum'];
const TABLED = new Set<ActivationFn>(['sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'softsign']);
const PARAM = new Set<ActivationFn>(['leaky_relu', 'elu', 'thresholded_relu']);
export const SOFTMAXES: readonly SoftmaxImplementation[] = ['stable', 'latency', 'legacy', 'argmax'];

/**
 * x [5,6] → a (pointwise Conv1D, itself a model output and read by ~30 layers) and b (Conv1D k3 pad 1);
 * every activation of a, the four softmaxes of b, the six merges of a and b, a‖b concatenated on the last
 * and the first axis, PReLU per value and shared, batch norm of b per channel and per value, flatten →
 * two Dense → Dot and their concatenation.
 */
export function streamElementwiseGraph(): ModelGraph {
  const r = rng(99);
  const layers: Layer[] = [
    { kind: 'Input', name: 'x', inputs: [], outputShape: SHAPE, source: src('input', 'x') },
    pointwise('a', 'x', 1, 11),
    pointwise('b', 'x', 3, 12),
  ];
  const outputs = ['a'];
  for (const [name, fn, extra] of STREAM_ACTS) {
    layers.push(act(name, 'a', fn, extra));
    outputs.push(name);
  }
  for (const impl of SOFTMAXES) {
    layers.push({
      kind: 'Softmax',
      name: `sm_${impl}`,
      inputs: ['b'],
      outputShape: SHAPE,
      source: src('Softmax', `sm_${impl}`),
      axis: -1,
    });
    outputs.push(`sm_${impl}`);
  }
  for (const op of OPS) {
    layers.push({
      kind: 'Merge',
      name: `m_${op}`,
      op,
      inputs: ['a', 'b'],
      outputShape: SHAPE,
      source: src(op, op),
    });
    outputs.push(`m_${op}`);
  }
  layers.push({
    kind: 'Concatenate',
    name: 'cat',
    axis: -1,
    inputs: ['a', 'b'],
    outputShape: [H, 2 * C],
    source: src('Concat', 'cat'),
  });
  const alphas = (n: number) => ({ shape: [n], data: Float32Array.from({ length: n }, () => r() * 0.7) });
  layers.push(
    {
      kind: 'PReLU',
      name: 'prelu',
      inputs: ['a'],
      outputShape: SHAPE,
      source: src('PRelu', 'p'),
      alpha: alphas(H * C),
    },
    {
      kind: 'PReLU',
      name: 'prelu1',
      inputs: ['b'],
      outputShape: SHAPE,
      source: src('PRelu', 'p1'),
      alpha: alphas(1),
    },
    {
      kind: 'BatchNormalization',
      name: 'bn',
      inputs: ['b'],
      outputShape: SHAPE,
      source: src('BatchNormalization', 'bn'),
      scale: { shape: [C], data: Float64Array.from({ length: C }, () => 1 + r() * 0.9) },
      bias: { shape: [C], data: Float64Array.from({ length: C }, () => r() * 0.7) },
    },
    {
      kind: 'BatchNormalization',
      name: 'bnv',
      inputs: ['b'],
      outputShape: SHAPE,
      source: src('BatchNormalization', 'bnv'),
      scale: { shape: SHAPE, data: Float64Array.from({ length: H * C }, () => 1 + r() * 0.9) },
      bias: { shape: SHAPE, data: Float64Array.from({ length: H * C }, () => r() * 0.7) },
    },
    { kind: 'Reshape', name: 'flat', inputs: ['a'], outputShape: [H * C], source: src('Flatten', 'flat') },
    dense('d1', 'flat', H * C, 8, 31, 0.4),
    dense('d2', 'flat', H * C, 8, 32, 0.4),
    { kind: 'Dot', name: 'dot', inputs: ['d1', 'd2'], outputShape: [1], source: src('Dot', 'dot') },
  );
  layers.push(
    {
      kind: 'Concatenate',
      name: 'cat0',
      axis: 0,
      inputs: ['a', 'b'],
      outputShape: [2 * H, C],
      source: src('Concat', 'cat0'),
    },
    {
      kind: 'Concatenate',
      name: 'cat1d',
      axis: 0,
      inputs: ['d1', 'd2'],
      outputShape: [16],
      source: src('Concat', 'cat1d'),
    },
  );
  outputs.push('cat', 'cat0', 'cat1d', 'prelu', 'prelu1', 'bn', 'bnv', 'd1', 'dot');
  return graph('stream_elementwise', layers, outputs);
}

/** Random precisions and modes for every layer, table sizes, Dense strategies and reuse factors. */
export function streamElementwiseConfig(seed: number): DesignConfig {
  const d = new TypeDraw(seed);
  const settings: Record<string, Parameters<typeof configWith>[0][string]> = {
    x: { precision: { result: d.fixed(10, 16, 3, 6) } },
    a: { precision: { result: d.fixed(10, 18, 3, 6), accum: d.fixed(16, 24, 5, 8) } },
    b: {
      strategy: seed % 2 === 0 ? 'Resource' : 'Latency',
      reuseFactor: seed % 2 === 0 ? d.pick([2, 3, 6, 9]) : 1,
      precision: { result: d.fixed(8, 16, 2, 5), accum: d.fixed(14, 22, 4, 7) },
    },
  };
  for (const [name, fn] of STREAM_ACTS) {
    const precision: Record<string, string> = { result: d.fixed(6, 18, 1, 6) };
    if (TABLED.has(fn)) precision['table'] = d.fixed(10, 24, 3, 8);
    if (PARAM.has(fn)) precision['param'] = d.fixed(6, 18, 1, 3);
    settings[name] = { precision, tableSize: d.pick([256, 512, 1024, 2048]) };
  }
  for (const impl of SOFTMAXES) {
    settings[`sm_${impl}`] = {
      implementation: impl,
      precision: { result: d.fixed(8, 18, 1, 3) },
      tableSize: d.pick([256, 1024]),
    };
  }
  for (const op of OPS) settings[`m_${op}`] = { precision: { result: d.fixed(6, 18, 2, 7) } };
  for (const n of ['cat', 'cat0', 'cat1d']) settings[n] = { precision: { result: d.fixed(6, 14, 2, 5) } };
  settings['prelu'] = { precision: { result: d.fixed(6, 16, 2, 5), param: d.fixed(6, 12, 1, 2) } };
  settings['prelu1'] = { precision: { result: d.fixed(6, 16, 2, 5) } };
  settings['bnv'] = { precision: { scale: d.fixed(6, 10, 1, 3), result: d.fixed(8, 14, 2, 5) } };
  settings['bn'] = {
    precision: { scale: d.fixed(6, 10, 1, 3), bias: d.fixed(6, 10, 1, 3), result: d.fixed(8, 14, 2, 5) },
  };
  settings['flat'] = { precision: { result: d.fixed(8, 14, 2, 5) } };
  for (const n of ['d1', 'd2']) {
    settings[n] = {
      strategy: seed % 2 === 1 ? 'Resource' : 'Latency',
      reuseFactor: seed % 2 === 1 ? d.pick([2, 4, 5, 8, 10, 16, 40]) : 1,
      precision: { result: d.fixed(8, 16, 3, 6), accum: d.fixed(12, 20, 4, 7) },
    };
  }
  settings['dot'] = { precision: { result: d.fixed(8, 18, 3, 8), accum: d.fixed(10, 20, 4, 8) } };
  return { ...configWith(settings), ioType: 'io_stream' };
}
