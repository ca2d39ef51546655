/**
 * Hand-made graphs for the Quartus backend tests: every kind the backend supports (Dense, Conv1D/2D,
 * activations, stable softmax, BatchNormalization, Merge, Reshape), with deterministic weights.
 */
import type {
  ActivationFn,
  ActivationLayer,
  ConvLayer,
  Layer,
  MergeOp,
  ModelGraph,
} from '../../src/core/ir/graph';
import { activation, dense, graph, input, rng, softmax } from './graphs';

const src = (op: string, node: string) => ({ op, node });

export function inputND(name: string, shape: number[]): Layer {
  return { kind: 'Input', name, inputs: [], outputShape: shape, source: src('input', name) };
}

export function conv(
  name: string,
  from: string,
  inShape: number[],
  nFilt: number,
  kernel: number[],
  opts: { strides?: number[]; pads?: number[]; dilations?: number[]; seed: number },
): ConvLayer {
  const rank = kernel.length as 1 | 2;
  const strides = opts.strides ?? kernel.map(() => 1);
  const dilations = opts.dilations ?? kernel.map(() => 1);
  const pads = opts.pads ?? kernel.flatMap(() => [0, 0]);
  const nChan = inShape[inShape.length - 1]!;
  const out = kernel.map(
    (k, d) =>
      Math.floor(
        (inShape[d]! + pads[2 * d]! + pads[2 * d + 1]! - dilations[d]! * (k - 1) - 1) / strides[d]!,
      ) + 1,
  );
  const r = rng(opts.seed);
  const nW = kernel.reduce((a, b) => a * b, 1) * nChan * nFilt;
  return {
    kind: 'Conv',
    name,
    inputs: [from],
    outputShape: [...out, nFilt],
    source: src(`Conv${rank}D`, name),
    rank,
    kernel,
    strides,
    dilations,
    pads,
    nChan,
    nFilt,
    weight: { shape: [...kernel, nChan, nFilt], data: Float32Array.from({ length: nW }, () => r() * 0.6) },
    bias: { shape: [nFilt], data: Float32Array.from({ length: nFilt }, () => r() * 0.5) },
  };
}

export function batchnorm(name: string, from: string, shape: number[], seed: number): Layer {
  const r = rng(seed);
  const c = shape[shape.length - 1]!;
  return {
    kind: 'BatchNormalization',
    name,
    inputs: [from],
    outputShape: shape,
    source: src('BatchNormalization', name),
    scale: { shape: [c], data: Float64Array.from({ length: c }, () => 1 + r() * 0.9) },
    bias: { shape: [c], data: Float64Array.from({ length: c }, () => r() * 0.7) },
  };
}

export function merge(name: string, a: string, b: string, size: number, op: MergeOp): Layer {
  return { kind: 'Merge', name, inputs: [a, b], outputShape: [size], source: src(op, name), op };
}

export function reshape(name: string, from: string, shape: number[]): Layer {
  return { kind: 'Reshape', name, inputs: [from], outputShape: shape, source: src('Reshape', name) };
}

export function actND(
  name: string,
  from: string,
  shape: number[],
  fn: ActivationFn,
  params: { alpha?: number; theta?: number; maxValue?: number } = {},
): Layer {
  return { ...(activation(name, from, 1, fn) as ActivationLayer), outputShape: shape, ...params };
}

export function maxPool(
  name: string,
  from: string,
  outShape: number[],
  size: number[],
  pads?: number[],
  op: 'max' | 'average' = 'max',
  countPad = false,
): Layer {
  return {
    kind: 'Pooling',
    name,
    inputs: [from],
    outputShape: outShape,
    source: src(`${op === 'max' ? 'Max' : 'Average'}Pooling${size.length}D`, name),
    rank: size.length as 1 | 2,
    kernel: size,
    strides: size,
    dilations: size.map(() => 1),
    pads: pads ?? size.flatMap(() => [0, 0]),
    op,
    countPad,
  };
}

export function globalMaxPool(
  name: string,
  from: string,
  rank: 1 | 2,
  chan: number,
  op: 'max' | 'average' = 'max',
): Layer {
  return {
    kind: 'GlobalPooling',
    name,
    inputs: [from],
    outputShape: [chan],
    source: src(`Global${op === 'max' ? 'Max' : 'Average'}Pooling${rank}D`, name),
    rank,
    op,
    keepDims: false,
  };
}

export const MERGE_OPS: readonly MergeOp[] = ['add', 'subtract', 'multiply', 'average', 'maximum', 'minimum'];

/** x(12) → d1 → relu → bn → sigmoid; x → d2; the six merges of bn and d2; all of them are outputs. */
export function bnMergeGraph(): ModelGraph {
  return graph(
    'bn_merge',
    [
      input('x', 12),
      dense('d1', 'x', 12, 8, 31),
      activation('r1', 'd1', 8, 'relu'),
      batchnorm('bn', 'r1', [8], 32),
      activation('s1', 'bn', 8, 'sigmoid'),
      dense('d2', 'x', 12, 8, 33, 0.8),
      ...MERGE_OPS.map((op) => merge(`m_${op}`, 'bn', 'd2', 8, op)),
    ],
    ['s1', ...MERGE_OPS.map((op) => `m_${op}`)],
  );
}

/** x[7,7,2] → Conv2D 3×3 'same' → relu → Conv2D 2×2 stride 2 → flatten → dense → softmax. */
export function conv2dGraph(): ModelGraph {
  return graph(
    'conv2d',
    [
      inputND('x', [7, 7, 2]),
      conv('c1', 'x', [7, 7, 2], 4, [3, 3], { pads: [1, 1, 1, 1], seed: 41 }),
      actND('r1', 'c1', [7, 7, 4], 'relu'),
      conv('c2', 'r1', [7, 7, 4], 3, [2, 2], { strides: [2, 2], seed: 42 }),
      reshape('flat', 'c2', [27]),
      dense('fc', 'flat', 27, 5, 43),
      softmax('softmax', 'fc', 5),
    ],
    ['softmax'],
  );
}

/** x[12,3] → Conv1D k3 stride 2 pads 1,1 → tanh → Conv1D k1 (pointwise) → flatten → dense. */
export function conv1dGraph(): ModelGraph {
  return graph(
    'conv1d',
    [
      inputND('x', [12, 3]),
      conv('c1', 'x', [12, 3], 5, [3], { strides: [2], pads: [1, 1], seed: 51 }),
      actND('t1', 'c1', [6, 5], 'tanh'),
      conv('pw', 't1', [6, 5], 4, [1], { seed: 52 }),
      reshape('flat', 'pw', [24]),
      dense('fc', 'flat', 24, 3, 53),
    ],
    ['fc'],
  );
}

/**
 * x[8,8,2] → Conv2D 3×3 'same' → leaky_relu → max pool 2×2 → relu6 → max pool 3×3 padded by 1 →
 * thresholded_relu (also an output) → global max pool → dense; a second branch x → flatten → capped relu
 * (max 3) → dense.
 */
export function poolingGraph(): ModelGraph {
  return graph(
    'pooling',
    [
      inputND('x', [8, 8, 2]),
      conv('c1', 'x', [8, 8, 2], 3, [3, 3], { pads: [1, 1, 1, 1], seed: 61 }),
      actND('lr', 'c1', [8, 8, 3], 'leaky_relu', { alpha: 0.15 }),
      maxPool('p1', 'lr', [4, 4, 3], [2, 2]),
      actND('r6', 'p1', [4, 4, 3], 'relu6'),
      maxPool('p2', 'r6', [2, 2, 3], [3, 3], [1, 1, 1, 1]),
      actND('th', 'p2', [2, 2, 3], 'thresholded_relu', { theta: 0.4 }),
      globalMaxPool('g', 'th', 2, 3),
      dense('fc', 'g', 3, 4, 62),
      reshape('flat', 'x', [128]),
      actND('cap', 'flat', [128], 'relu', { maxValue: 3 }),
      dense('fc2', 'cap', 128, 2, 63, 0.2),
    ],
    ['fc', 'fc2', 'th'],
  );
}

/** x[10,3] → max pool 1D 2 → leaky_relu (also an output) → global max pool 1D → dense. */
export function pool1dGraph(): ModelGraph {
  return graph(
    'pool1d',
    [
      inputND('x', [10, 3]),
      maxPool('p', 'x', [5, 3], [2]),
      actND('l', 'p', [5, 3], 'leaky_relu', { alpha: 0.15 }),
      globalMaxPool('g', 'l', 1, 3),
      dense('fc', 'g', 3, 2, 71),
    ],
    ['fc', 'l'],
  );
}

/** x[6,6,2] → Conv2D 3×3 'same' → average pool 2×2 (an output) → global average pool (an output). */
export function averageGraph(): ModelGraph {
  return graph(
    'average',
    [
      inputND('x', [6, 6, 2]),
      conv('c1', 'x', [6, 6, 2], 4, [3, 3], { pads: [1, 1, 1, 1], seed: 81 }),
      maxPool('p', 'c1', [3, 3, 4], [2, 2], undefined, 'average'),
      globalMaxPool('g', 'p', 2, 4, 'average'),
    ],
    ['p', 'g'],
  );
}

/** x[9,2] → average pool 1D of 3 with padding 1,2 counted (count_pad) → dense. */
export function average1dGraph(): ModelGraph {
  return graph(
    'average1d',
    [
      inputND('x', [9, 2]),
      maxPool('p', 'x', [4, 2], [3], [1, 2], 'average', true),
      reshape('flat', 'p', [8]),
      dense('fc', 'flat', 8, 3, 91),
    ],
    ['p', 'fc'],
  );
}

/**
 * x[4,5,2] → ZeroPadding2D (1,0,2,1) → Cropping2D (0,1,1,0) → Transpose (1,0,2) → flatten, concatenated
 * with itself on the channel axis and with a Dense branch of x: every value-moving kind, with casts.
 */
export function movesGraph(): ModelGraph {
  const src2 = (op: string, node: string) => ({ op, node });
  return graph(
    'moves',
    [
      inputND('x', [4, 5, 2]),
      {
        kind: 'ZeroPadding',
        name: 'zp',
        inputs: ['x'],
        outputShape: [5, 8, 2],
        source: src2('ZeroPadding2D', 'zp'),
        rank: 2,
        pads: [1, 0, 2, 1],
      },
      {
        kind: 'Cropping',
        name: 'cr',
        inputs: ['zp'],
        outputShape: [4, 7, 2],
        source: src2('Cropping2D', 'cr'),
        rank: 2,
        crops: [0, 1, 1, 0],
      },
      {
        kind: 'Transpose',
        name: 'tr',
        inputs: ['cr'],
        outputShape: [7, 4, 2],
        source: src2('Transpose', 'tr'),
        perm: [1, 0, 2],
      },
      {
        kind: 'Concatenate',
        name: 'cat3',
        inputs: ['tr', 'tr'],
        outputShape: [7, 4, 4],
        source: src2('Concatenate', 'cat3'),
        axis: 2,
      },
      reshape('flat', 'cat3', [112]),
      reshape('xflat', 'x', [40]),
      dense('d', 'xflat', 40, 6, 101),
      {
        kind: 'Concatenate',
        name: 'cat',
        inputs: ['d', 'flat'],
        outputShape: [118],
        source: src2('Concatenate', 'cat'),
        axis: 0,
      },
    ],
    ['cat', 'cat3'],
  );
}

/** x(10) → dense → hard_sigmoid (an output); dense → hard_tanh with its own slope and shift (an output). */
export function hardGraph(): ModelGraph {
  return graph(
    'hard',
    [
      input('x', 10),
      dense('d1', 'x', 10, 6, 111, 1.5),
      activation('hs', 'd1', 6, 'hard_sigmoid'),
      dense('d2', 'x', 10, 5, 112, 1.5),
      { ...(activation('ht', 'd2', 5, 'hard_tanh') as ActivationLayer), slope: 0.3, shift: 0.25 },
    ],
    ['hs', 'ht'],
  );
}

/** x(8) → dense → softsign, softplus, elu (alpha 0.7), selu: all four are outputs. */
export function tablesGraph(): ModelGraph {
  return graph(
    'tables',
    [
      input('x', 8),
      dense('d', 'x', 8, 6, 121, 2),
      activation('ss', 'd', 6, 'softsign'),
      activation('sp', 'd', 6, 'softplus'),
      { ...(activation('el', 'd', 6, 'elu') as ActivationLayer), alpha: 0.7 },
      activation('se', 'd', 6, 'selu'),
    ],
    ['ss', 'sp', 'el', 'se'],
  );
}

/**
 * x(8) → dense → binary_tanh, ternary_tanh, PReLU (one alpha per element) and PReLU (one shared alpha);
 * dense → relu → binary_tanh (many exact zeros: Quartus maps 0 to −1); x → Embedding (vocab 6, the
 * inputs below 0 and above 5 clamp); dense → softmax `sm` (not named `softmax`: hls4ml builds the latency
 * tables from default types then); dense → [3, 2] → nearest Resize to [7, 2]; Dot of dense and a second dense. All nine are outputs.
 */
export function extrasGraph(): ModelGraph {
  const r = rng(161);
  const prelu = (name: string, alphas: number[]): Layer => ({
    kind: 'PReLU',
    name,
    inputs: ['d'],
    outputShape: [6],
    source: src('PReLU', name),
    alpha: { shape: [alphas.length], data: Float32Array.from(alphas) },
  });
  return graph(
    'extras',
    [
      input('x', 8),
      dense('d', 'x', 8, 6, 131, 2),
      activation('bt', 'd', 6, 'binary_tanh'),
      activation('tt', 'd', 6, 'ternary_tanh'),
      prelu('pr', [0.15, -0.3, 0.7, 1.3, 0.05, -1.1]),
      prelu('ps', [0.35]),
      activation('r', 'd', 6, 'relu'),
      activation('bz', 'r', 6, 'binary_tanh'),
      softmax('sm', 'd', 6),
      dense('d2', 'x', 8, 6, 132, 2),
      { kind: 'Dot', name: 'dot', inputs: ['d', 'd2'], outputShape: [1], source: src('Dot', 'dot') },
      reshape('rs', 'd', [3, 2]),
      {
        kind: 'Resize',
        name: 'up',
        inputs: ['rs'],
        outputShape: [7, 2],
        source: src('UpSampling1D', 'up'),
        rank: 1,
        method: 'nearest',
        alignCorners: false,
      },
      {
        kind: 'Embedding',
        name: 'emb',
        inputs: ['x'],
        outputShape: [8, 3],
        source: src('Embedding', 'emb'),
        vocab: 6,
        nOut: 3,
        weight: { shape: [6, 3], data: Float32Array.from({ length: 18 }, () => r() * 3) },
      },
    ],
    ['bt', 'tt', 'pr', 'ps', 'bz', 'sm', 'up', 'dot', 'emb'],
  );
}

function simpleRnn(
  name: string,
  steps: number,
  nIn: number,
  units: number,
  fn: ActivationFn,
  returnSequences: boolean,
  seed: number,
): Layer {
  const r = rng(seed);
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, () => r() * scale);
  return {
    kind: 'SimpleRNN',
    name,
    inputs: ['x'],
    outputShape: returnSequences ? [steps, units] : [units],
    source: src('SimpleRNN', name),
    units,
    returnSequences,
    activation: fn,
    recurrentActivation: 'sigmoid',
    resetAfter: false,
    kernel: { shape: [nIn, units], data: values(nIn * units, 0.8) },
    recurrentKernel: { shape: [units, units], data: values(units * units, 0.6) },
    bias: { shape: [units], data: values(units, 0.4) },
    recurrentBias: null,
  };
}

/** A Keras GRU (reset_after: two biases) over x, gates z, r, h. */
function gru(
  name: string,
  nIn: number,
  units: number,
  fn: ActivationFn,
  recurrentFn: ActivationFn,
  returnSequences: boolean,
  seed: number,
): Layer {
  const r = rng(seed);
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, () => r() * scale);
  return {
    kind: 'GRU',
    name,
    inputs: ['x'],
    outputShape: returnSequences ? [6, units] : [units],
    source: src('GRU', name),
    units,
    returnSequences,
    activation: fn,
    recurrentActivation: recurrentFn,
    resetAfter: true,
    kernel: { shape: [nIn, 3 * units], data: values(nIn * 3 * units, 0.8) },
    recurrentKernel: { shape: [units, 3 * units], data: values(units * 3 * units, 0.6) },
    bias: { shape: [3 * units], data: values(3 * units, 0.4) },
    recurrentBias: { shape: [3 * units], data: values(3 * units, 0.3) },
  };
}

/** A Keras LSTM (one bias) over x, gates i, f, c, o. */
function lstm(name: string, units: number, fn: ActivationFn, returnSequences: boolean, seed: number): Layer {
  const r = rng(seed);
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, () => r() * scale);
  return {
    kind: 'LSTM',
    name,
    inputs: ['x'],
    outputShape: returnSequences ? [6, units] : [units],
    source: src('LSTM', name),
    units,
    returnSequences,
    activation: fn,
    recurrentActivation: 'sigmoid',
    resetAfter: false,
    kernel: { shape: [3, 4 * units], data: values(3 * 4 * units, 0.8) },
    recurrentKernel: { shape: [units, 4 * units], data: values(units * 4 * units, 0.6) },
    bias: { shape: [4 * units], data: values(4 * units, 0.4) },
    recurrentBias: null,
  };
}

/**
 * x [6 steps, 3 features] → SimpleRNN tanh (last state), relu (every state), sigmoid, linear; GRU
 * tanh/sigmoid (last state) and relu/tanh (every state); LSTM tanh (last state) and relu (every state):
 * all outputs.
 */
export function rnnGraph(): ModelGraph {
  return graph(
    'rnn',
    [
      inputND('x', [6, 3]),
      simpleRnn('rt', 6, 3, 4, 'tanh', false, 171),
      simpleRnn('rr', 6, 3, 3, 'relu', true, 172),
      simpleRnn('rs', 6, 3, 2, 'sigmoid', false, 173),
      simpleRnn('rl', 6, 3, 2, 'linear', true, 174),
      gru('gt', 3, 4, 'tanh', 'sigmoid', false, 175),
      gru('gr', 3, 2, 'relu', 'tanh', true, 176),
      lstm('lt', 3, 'tanh', false, 177),
      lstm('lr', 2, 'relu', true, 178),
    ],
    ['rt', 'rr', 'rs', 'rl', 'gt', 'gr', 'lt', 'lr'],
  );
}
