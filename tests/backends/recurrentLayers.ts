/**
 * Recurrent layers with seeded random weights for the C-sim parity tests (SimpleRNN / LSTM / GRU on an
 * input x of [steps, nIn]), and the graph that runs several of them side by side on x.
 */
import type { ActivationFn, Layer, ModelGraph, RecurrentLayer } from '../../src/core/ir/graph';
import { graph, rng } from './graphs';
import { inputND } from './quartusGraphs';

export interface RecurrentDraw {
  readonly steps: number;
  readonly nIn: number;
  readonly returnSequences: boolean;
  readonly activation: ActivationFn;
  /** Default sigmoid. */
  readonly recurrentActivation?: ActivationFn;
  /** Default true (PyTorch's GRU; false is Keras' reset_after=False). */
  readonly resetAfter?: boolean;
  /** Whether the layer has the second (recurrent) bias. */
  readonly recurrentBias: boolean;
  /** Scales of the kernel, recurrent kernel and bias draws (the recurrent bias as the bias). */
  readonly scales?: readonly [number, number, number];
}

/** Weights drawn from rng(seed) in the order kernel, recurrent kernel, bias, recurrent bias. */
export function randomRecurrent(
  name: string,
  kind: RecurrentLayer['kind'],
  units: number,
  seed: number,
  d: RecurrentDraw,
): RecurrentLayer {
  const r = rng(seed);
  const g = (kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1) * units;
  const [kernel, recurrentKernel, bias] = d.scales ?? [0.6, 0.6, 0.3];
  const t = (n: number, s: number) => ({ shape: [n], data: Float32Array.from({ length: n }, () => r() * s) });
  return {
    kind,
    name,
    inputs: ['x'],
    outputShape: d.returnSequences ? [d.steps, units] : [units],
    source: { op: kind, node: name },
    units,
    returnSequences: d.returnSequences,
    activation: d.activation,
    recurrentActivation: d.recurrentActivation ?? 'sigmoid',
    resetAfter: d.resetAfter ?? true,
    kernel: t(d.nIn * g, kernel),
    recurrentKernel: t(units * g, recurrentKernel),
    bias: t(g, bias),
    recurrentBias: d.recurrentBias ? t(g, bias) : null,
  };
}

/**
 * PyTorch-style layers on [steps, nIn]: sigmoid recurrent activation, both biases except on SimpleRNN and
 * on a reset_after=False GRU (Keras' own).
 */
export function torchRecurrentOn(steps: number, nIn: number) {
  return (
    name: string,
    kind: RecurrentLayer['kind'],
    units: number,
    returnSequences: boolean,
    activation: ActivationFn,
    seed: number,
    resetAfter = true,
  ): RecurrentLayer =>
    randomRecurrent(name, kind, units, seed, {
      steps,
      nIn,
      returnSequences,
      activation,
      resetAfter,
      recurrentBias: kind !== 'SimpleRNN' && resetAfter,
    });
}

/** Input x ([steps, nIn]) and `layers` reading it, every one of them an output. */
export function sideBySide(name: string, steps: number, nIn: number, layers: readonly Layer[]): ModelGraph {
  return graph(
    name,
    [inputND('x', [steps, nIn]), ...layers],
    layers.map((l) => l.name),
  );
}
