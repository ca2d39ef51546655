// The fixed-point recurrent kernels follow torch's float semantics (gate order, both biases, GRU reset
// after the recurrent product): with wide types and 4096-entry tables the emulator stays within the
// table resolution of a float64 reference, over 5 time steps. (Bit-exactness against the C++ is the
// C-sim parity suite's job: tests/csim/elementwiseRecurrent.test.ts.)
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/designConfig';
import type { Layer, ModelGraph, RecurrentLayer } from '../ir/graph';
import { lower } from '../passes/lower';
import { emulate } from './engine';

const T = 5;
const NIN = 3;
const sig = (v: number) => 1 / (1 + Math.exp(-v));

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

function layer(kind: 'LSTM' | 'GRU' | 'SimpleRNN', units: number, seed: number): RecurrentLayer {
  const r = lcg(seed);
  const g = (kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1) * units;
  const t = (n: number) => ({ shape: [n], data: Float64Array.from({ length: n }, () => r() * 0.7) });
  return {
    kind,
    name: kind.toLowerCase(),
    inputs: ['x'],
    outputShape: [T, units],
    source: { op: kind, node: kind },
    units,
    returnSequences: true,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    resetAfter: true,
    kernel: t(NIN * g),
    recurrentKernel: t(units * g),
    bias: t(g),
    recurrentBias: t(g),
  };
}

/** float64 torch-style reference; gates in the IR's order (LSTM i, f, c, o; GRU z, r, h). */
function reference(l: RecurrentLayer, x: number[]): number[] {
  const U = l.units;
  const G = l.kernel.data.length / NIN;
  let h = new Array<number>(U).fill(0);
  let c = new Array<number>(U).fill(0);
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    const zx = Array.from({ length: G }, (_, j) => {
      let a = l.bias!.data[j]!;
      for (let i = 0; i < NIN; i++) a += x[t * NIN + i]! * l.kernel.data[i * G + j]!;
      return a;
    });
    const zh = Array.from({ length: G }, (_, j) => {
      let a = l.recurrentBias!.data[j]!;
      for (let k = 0; k < U; k++) a += h[k]! * l.recurrentKernel.data[k * G + j]!;
      return a;
    });
    const hn: number[] = [];
    for (let j = 0; j < U; j++) {
      if (l.kind === 'SimpleRNN') hn.push(Math.tanh(zx[j]! + zh[j]!));
      else if (l.kind === 'LSTM') {
        const i = sig(zx[j]! + zh[j]!);
        const f = sig(zx[U + j]! + zh[U + j]!);
        const g = Math.tanh(zx[2 * U + j]! + zh[2 * U + j]!);
        const o = sig(zx[3 * U + j]! + zh[3 * U + j]!);
        c[j] = f * c[j]! + i * g;
        hn.push(o * Math.tanh(c[j]!));
      } else {
        const z = sig(zx[j]! + zh[j]!);
        const r = sig(zx[U + j]! + zh[U + j]!);
        const n = Math.tanh(zx[2 * U + j]! + r * zh[2 * U + j]!);
        hn.push((1 - z) * n + z * h[j]!);
      }
    }
    h = hn;
    c = [...c];
    out.push(...h);
  }
  return out;
}

describe('recurrent kernels follow torch semantics', () => {
  it.each(['LSTM', 'GRU', 'SimpleRNN'] as const)('%s stays within table resolution of float64', (kind) => {
    const l = layer(kind, 3, kind.length * 7);
    const x: Layer = {
      kind: 'Input',
      name: 'x',
      inputs: [],
      outputShape: [T, NIN],
      source: { op: 'in', node: 'x' },
    };
    const g: ModelGraph = {
      name: 'r',
      format: 'test',
      layers: [x, l],
      inputs: ['x'],
      outputs: [l.name],
      metadata: {},
    };
    const base = defaultConfig();
    const config = {
      ...base,
      model: { ...base.model, precision: { default: 'ap_fixed<40,12>' } },
      layerName: { [l.name]: { tableSize: 4096, precision: { table: 'ap_fixed<32,4>' } } },
    };
    const r = lcg(99);
    const rows = Array.from({ length: 50 }, () =>
      Array.from({ length: T * NIN }, () => Math.fround(r() * 2)),
    );
    const res = emulate(lower(g, config), rows);
    let worst = 0;
    rows.forEach((row, s) => {
      const ref = reference(l, row);
      ref.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - res.outputs[0]![s * ref.length + k]!))));
    });
    expect(worst).toBeLessThan(0.02);
    expect(worst).toBeGreaterThan(0); // the tables really are quantized
  });
});
