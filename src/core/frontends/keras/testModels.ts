/**
 * Synthetic Keras models for tests, built in memory (layer configs as Keras writes them, weights in a
 * WeightStore) and converted with convertKeras: an HGQ proxy model with a UnaryLUT, and TimeDistributed
 * wrappers around per-feature layers with their flat twin.
 */
import type { ModelGraph } from '../../ir/graph';
import type { FlatModel, KerasLayer } from './config';
import { convertKeras } from './convert';
import type { WeightStore } from './weights';

export type Tensors = Record<string, Map<string, { shape: number[]; data: Float32Array }>>;

/** A layer as the Keras reader flattens it from the model JSON. */
export const kerasLayer = (
  className: string,
  name: string,
  config: object,
  inbound: string[],
): KerasLayer => ({
  className,
  name,
  config: { name, ...config } as KerasLayer['config'],
  inbound,
  scope: [],
});
const L = kerasLayer;

/** A functional model `name` (file `name`.h5) of `layers` with input layers[0] and output `output`. */
export function buildKeras(name: string, layers: KerasLayer[], tensors: Tensors, output: string): ModelGraph {
  const weights: WeightStore = { weightsOf: (l) => tensors[l.name] ?? new Map() };
  const model: FlatModel = {
    className: 'Functional',
    name,
    layers,
    inputs: [layers[0]!.name],
    outputs: [output],
  };
  return convertKeras(model, weights, { file: `${name}.h5`, name, metadata: {} });
}

/**
 * A Sequential model's JSON as Keras 3 writes it without an InputLayer: Dense fc1 (4 → 3, linear; the
 * layer of tests/fixtures/keras/mlp_weights.h5) taking its input shape from build_config, then `more`.
 */
export function denseFirstSequentialJson(more: object[] = []): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          {
            class_name: 'Dense',
            config: { name: 'fc1', units: 3, activation: 'linear' },
            build_config: { input_shape: [null, 4] },
          },
          ...more,
        ],
      },
    }),
  );
}

/** HGQ's quantizer on a double: k sign, b bits, i integer bits (sign included), TRN or RND, WRAP or SAT. */
export function hgqQuantize(x: number, k: number, b: number, i: number, rnd: string, sat: string): number {
  const f = b - i;
  let m = Math.floor(x * 2 ** f + (rnd === 'RND' ? 0.5 : 0));
  const [lo, hi] = k ? [-(2 ** (b - 1)), 2 ** (b - 1) - 1] : [0, 2 ** b - 1];
  if (sat === 'SAT') m = Math.min(hi, Math.max(lo, m));
  else {
    const mod = 2 ** b;
    m = ((m % mod) + mod) % mod;
    if (k && m > hi) m -= mod;
  }
  return m / 2 ** f;
}

/**
 * HGQ's UnaryLUT.from_activation for kif_in = (k, i, f) (i without the sign): entry n is fn of the value
 * whose raw bit pattern is n, quantized into kif_out with TRN/WRAP (what the proxy model stores).
 */
export function hgqTable(kifIn: readonly number[], kifOut: readonly number[], fn: (x: number) => number) {
  const [k, i, f] = kifIn as [number, number, number];
  const n = 2 ** (k + i + f);
  const [ko, io, fo] = kifOut as [number, number, number];
  return Float32Array.from({ length: n }, (_, p) => {
    const x = (k && p >= n / 2 ? p - n : p) * 2 ** -f;
    return hgqQuantize(fn(x), ko, ko + io + fo, ko + io, 'TRN', 'WRAP');
  });
}

export const LUT_KIF_IN = [1, 1, 3] as const;
export const LUT_KIF_OUT = [1, 2, 5] as const;
export const lutFunction = (x: number): number => x * x - 1 + Math.sin(3 * x);

/**
 * Input(n) → FixedPointQuantizer (uniform fixed<5,2>, RND/SAT: kif_in (1, 1, 3)) → UnaryLUT (x² − 1 + sin 3x,
 * kif_out (1, 2, 5) = fixed<8,3>) → optionally Dense(2). With `wide`, the quantizer keeps 7 bits: an input
 * type wider than the table.
 */
export function unaryLutModel(opts: { n?: number; dense?: boolean; wide?: boolean } = {}): ModelGraph {
  const n = opts.n ?? 6;
  const b = opts.wide ? 7 : 5;
  const layers = [
    L('InputLayer', 'x', { batch_input_shape: [null, n] }, []),
    L('FixedPointQuantizer', 'xq', { RND: 'RND', SAT: 'SAT', fusible: false, overrides: { layers: {} } }, [
      'x',
    ]),
    L('UnaryLUT', 'lut', { kif_in: [...LUT_KIF_IN], kif_out: [...LUT_KIF_OUT] }, ['xq']),
    ...(opts.dense ? [L('Dense', 'out', { units: 2, activation: 'linear', use_bias: true }, ['lut'])] : []),
  ];
  const tensors: Tensors = {
    xq: new Map([
      ['keep_negative', { shape: [1, n], data: new Float32Array(n).fill(1) }],
      ['bits', { shape: [1, n], data: new Float32Array(n).fill(b) }],
      ['integers', { shape: [1, n], data: new Float32Array(n).fill(2) }],
    ]),
    lut: new Map([['table', { shape: [32], data: hgqTable(LUT_KIF_IN, LUT_KIF_OUT, lutFunction) }]]),
    out: new Map([
      ['kernel', { shape: [n, 2], data: Float32Array.from({ length: n * 2 }, (_, j) => ((j % 7) - 3) / 8) }],
      ['bias', { shape: [2], data: Float32Array.of(0.25, -0.5) }],
    ]),
  };
  return buildKeras('lut', layers, tensors, opts.dense ? 'out' : 'lut');
}

const BN = {
  gamma: Float32Array.of(1.5, 0.5, -1, 2, 0.75, 1, -0.5, 1.25),
  beta: Float32Array.of(0.1, -0.2, 0.3, 0, 0.5, -0.25, 0.125, 0),
  moving_mean: Float32Array.of(0.25, -0.5, 0.125, 0, 1, -1, 0.5, 0.2),
  moving_variance: Float32Array.of(0.64, 2, 0.3, 1, 0.5, 1.5, 0.9, 0.25),
};
const DENSE_K = Float32Array.from({ length: 16 }, (_, j) => ((j % 9) - 4) / 4);
const DENSE_B = Float32Array.of(0.125, -0.375);

/**
 * Input [3, 2, 4] → TimeDistributed(Flatten) [3, 8] → TimeDistributed(BatchNormalization) →
 * TimeDistributed(Dense(2)) → Flatten → (the flat twin: Reshape, BatchNormalization, Dense without wrappers).
 * With `wrapped` = false the same layers stand in the model unwrapped. `first` replaces the wrapped Flatten
 * (to test refusals); `pre` is one more wrapped layer before it, named 'pre'.
 */
type Inner = { class_name: string; config: object };
export function timeDistributedModel(
  wrapped: boolean,
  opts: { first?: Inner; pre?: Inner } = {},
): ModelGraph {
  const { first, pre } = opts;
  const td = (name: string, inner: { class_name: string; config: object }, inbound: string[]): KerasLayer =>
    wrapped
      ? L(
          'TimeDistributed',
          `td_${name}`,
          { layer: { ...inner, config: { name, ...inner.config } } },
          inbound,
        )
      : L(inner.class_name, name, inner.config, inbound);
  const inName = (name: string): string => (wrapped ? `td_${name}` : name);
  const layers = [
    L('InputLayer', 'frames', { batch_input_shape: [null, 3, 2, 4] }, []),
    ...(pre ? [td('pre', pre, ['frames'])] : []),
    wrapped
      ? td('flat', first ?? { class_name: 'Flatten', config: {} }, [pre ? inName('pre') : 'frames'])
      : L('Reshape', 'flat', { target_shape: [3, 8] }, ['frames']),
    td('bn', { class_name: 'BatchNormalization', config: { axis: wrapped ? 1 : 2, epsilon: 0.001 } }, [
      inName('flat'),
    ]),
    td('step', { class_name: 'Dense', config: { units: 2, activation: 'relu', use_bias: true } }, [
      inName('bn'),
    ]),
    L('Flatten', 'out', {}, [inName('step')]),
  ];
  const bn = new Map(Object.entries(BN).map(([k, v]) => [k, { shape: [8], data: v }]));
  const dense = new Map([
    ['kernel', { shape: [8, 2], data: DENSE_K }],
    ['bias', { shape: [2], data: DENSE_B }],
  ]);
  const tensors: Tensors = wrapped ? { td_bn: bn, td_step: dense } : { bn, step: dense };
  return buildKeras(wrapped ? 'td' : 'td_flat', layers, tensors, 'out');
}

/** A wrapped layer of frameModel: its Keras class and config, and its weights by Keras 2 name. */
export interface FrameLayer {
  readonly class_name: string;
  readonly config: object;
  readonly weights?: Record<string, { shape: number[]; data: Float32Array }>;
}

/** n input rows of `size` values in about ±3, every sixth row ×13 so that some values overflow. */
export const frameRows = (n: number, size: number): number[][] =>
  Array.from({ length: n }, (_, r) =>
    Array.from({ length: size }, (_, i) => Math.sin(r * 4.1 + i * 0.7) * (r % 6 === 0 ? 40 : 3)),
  );

/** Deterministic ramp weights of a shape: (i mod 11 − 5)·scale. */
export function rampTensor(shape: number[], scale: number): { shape: number[]; data: Float32Array } {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: n }, (_, i) => ((i % 11) - 5) * scale) };
}

/**
 * Input [steps, …frame] → TimeDistributed(layer) for each layer in turn (wrapped = true), or the per-frame
 * model Input [frame] → the same layers unwrapped (wrapped = false): one time step of the first.
 */
export function frameModel(
  wrapped: boolean,
  steps: number,
  frame: readonly number[],
  inner: readonly FrameLayer[],
): ModelGraph {
  const names = inner.map((_, k) => `l${k}`);
  const kerasName = (k: number): string => (wrapped ? `td_${names[k]}` : names[k]!);
  const layers = [
    L('InputLayer', 'frames', { batch_input_shape: [null, ...(wrapped ? [steps] : []), ...frame] }, []),
    ...inner.map((w, k) => {
      const from = k === 0 ? 'frames' : kerasName(k - 1);
      return wrapped
        ? L(
            'TimeDistributed',
            kerasName(k),
            { layer: { class_name: w.class_name, config: { name: names[k], ...w.config } } },
            [from],
          )
        : L(w.class_name, names[k]!, w.config, [from]);
    }),
  ];
  const tensors: Tensors = {};
  inner.forEach((w, k) => {
    if (w.weights) tensors[kerasName(k)] = new Map(Object.entries(w.weights));
  });
  return buildKeras(wrapped ? 'frames_td' : 'frame', layers, tensors, kerasName(inner.length - 1));
}

/** TimeDistributed(Conv2D 3×3 same, relu) then TimeDistributed(MaxPooling2D 2×2) on [5, 5, 2] frames. */
export const CONV2D_POOL: FrameLayer[] = [
  {
    class_name: 'Conv2D',
    config: {
      filters: 3,
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: 'same',
      activation: 'relu',
      use_bias: true,
    },
    weights: { kernel: rampTensor([3, 3, 2, 3], 0.0625), bias: rampTensor([3], 0.125) },
  },
  { class_name: 'MaxPooling2D', config: { pool_size: [2, 2], strides: [2, 2], padding: 'valid' } },
];

/** TimeDistributed(Conv1D k3 s2 valid), (ZeroPadding1D 1), (UpSampling1D 2) on [7, 2] frames: [5, 2] out. */
export const CONV1D_PAD_UP: FrameLayer[] = [
  {
    class_name: 'Conv1D',
    config: {
      filters: 2,
      kernel_size: [3],
      strides: [2],
      padding: 'valid',
      activation: 'linear',
      use_bias: true,
    },
    weights: { kernel: rampTensor([3, 2, 2], 0.1875), bias: rampTensor([2], 0.25) },
  },
  { class_name: 'ZeroPadding1D', config: { padding: [1, 1] } },
  { class_name: 'UpSampling1D', config: { size: 2 } },
];

/** TimeDistributed(SeparableConv1D k3 same), (Cropping1D 1), (GlobalAveragePooling1D) on [8, 3] frames: [4]. */
export const SEPCONV1D_CROP_GAP: FrameLayer[] = [
  {
    class_name: 'SeparableConv1D',
    config: {
      filters: 4,
      kernel_size: [3],
      strides: [1],
      padding: 'same',
      depth_multiplier: 1,
      use_bias: true,
    },
    weights: {
      depthwise_kernel: rampTensor([3, 3, 1], 0.25),
      pointwise_kernel: rampTensor([1, 3, 4], 0.1875),
      bias: rampTensor([4], 0.0625),
    },
  },
  { class_name: 'Cropping1D', config: { cropping: [1, 1] } },
  { class_name: 'GlobalAveragePooling1D', config: {} },
];

/** TimeDistributed(DepthwiseConv2D 2×2, depth multiplier 2) on [4, 4, 2] frames: [3, 3, 4]. */
export const DEPTHWISE2D: FrameLayer[] = [
  {
    class_name: 'DepthwiseConv2D',
    config: { kernel_size: [2, 2], strides: [1, 1], padding: 'valid', depth_multiplier: 2, use_bias: true },
    weights: { depthwise_kernel: rampTensor([2, 2, 2, 2], 0.3125), bias: rampTensor([4], 0.125) },
  },
];
