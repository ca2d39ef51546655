/**
 * Small hand-made ModelGraphs for backend tests, with deterministic pseudo-random weights (no frontend
 * needed).
 */
import type { ActivationFn, DenseLayer, Layer, LayerNormLayer, ModelGraph } from '../../src/core/ir/graph';

/** Deterministic uniform numbers in [-1, 1) (a 32-bit LCG). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

export function rows(n: number, width: number, scale: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: width }, () => Math.fround(r() * scale)));
}

const source = (op: string, node: string) => ({ op, node });

export function input(name: string, size: number): Layer {
  return { kind: 'Input', name, inputs: [], outputShape: [size], source: source('input', name) };
}

export function dense(
  name: string,
  from: string,
  nIn: number,
  nOut: number,
  seed: number,
  scale = 0.5,
): DenseLayer {
  const r = rng(seed);
  return {
    kind: 'Dense',
    name,
    inputs: [from],
    outputShape: [nOut],
    source: source('Gemm', name),
    nIn,
    nOut,
    weight: { shape: [nIn, nOut], data: Float32Array.from({ length: nIn * nOut }, () => r() * scale) },
    bias: { shape: [nOut], data: Float32Array.from({ length: nOut }, () => r() * scale) },
  };
}

/** LayerNormalization of x over the last axis of `shape`, gamma 1 and beta 0 (for refusal tests). */
export function unitLayerNorm(name: string, shape: number[]): LayerNormLayer {
  const n = shape[shape.length - 1]!;
  return {
    kind: 'LayerNormalization',
    name,
    inputs: ['x'],
    outputShape: shape,
    source: { op: 'LayerNormalization', node: name },
    epsilon: 1e-3,
    gamma: { shape: [n], data: new Float32Array(n).fill(1) },
    beta: { shape: [n], data: new Float32Array(n) },
  };
}

export function activation(name: string, from: string, size: number, fn: ActivationFn): Layer {
  return {
    kind: 'Activation',
    name,
    inputs: [from],
    outputShape: [size],
    source: source(fn, name),
    activation: fn,
  };
}

export function softmax(name: string, from: string, size: number): Layer {
  return {
    kind: 'Softmax',
    name,
    inputs: [from],
    outputShape: [size],
    source: source('Softmax', name),
    axis: -1,
  };
}

export function graph(name: string, layers: Layer[], outputs: string[]): ModelGraph {
  return {
    name,
    format: 'test',
    layers,
    inputs: layers.filter((l) => l.kind === 'Input').map((l) => l.name),
    outputs,
    metadata: {},
  };
}

/** Names of the MLP's layers, so a test can swap in hostile ones. */
export interface MlpNames {
  readonly input: string;
  readonly fc1: string;
  readonly act1: string;
  readonly fc2: string;
  readonly act2: string;
  readonly fc3: string;
  readonly out: string;
}

export const PLAIN_NAMES: MlpNames = {
  input: 'x',
  fc1: 'fc1',
  act1: 'relu1',
  fc2: 'fc2',
  act2: 'tanh2',
  fc3: 'fc3',
  out: 'softmax',
};

/** 10 → 12 → relu → 8 → tanh → 5 → softmax. */
export function mlp(names: MlpNames = PLAIN_NAMES, model = 'mlp'): ModelGraph {
  return graph(
    model,
    [
      input(names.input, 10),
      dense(names.fc1, names.input, 10, 12, 1),
      activation(names.act1, names.fc1, 12, 'relu'),
      dense(names.fc2, names.act1, 12, 8, 2),
      activation(names.act2, names.fc2, 8, 'tanh'),
      dense(names.fc3, names.act2, 8, 5, 3, 1.5),
      softmax(names.out, names.fc3, 5),
    ],
    [names.out],
  );
}
