// C-sim parity of the parametrized and table activations: one project per seeded config, every activation
// a model output, 1,000 rows (a quarter of them ×20 so that inputs and results overflow).
import { describe, expect, it } from 'vitest';
import type { ActivationFn, ActivationLayer, Layer, ModelGraph } from '../../src/core/ir/graph';
import { dense, graph, input } from '../backends/graphs';
import { TypeDraw, configWith, parityInputs, runGraphParity } from './elementwiseHarness';

const N = 12;

function act(name: string, from: string, fn: ActivationFn, extra: Partial<ActivationLayer> = {}): Layer {
  return {
    kind: 'Activation',
    name,
    inputs: [from],
    outputShape: [N],
    source: { op: fn, node: name },
    activation: fn,
    ...extra,
  };
}

const ACTS: readonly [string, ActivationFn, Partial<ActivationLayer>][] = [
  ['relu6', 'relu6', {}],
  ['relu_max3', 'relu', { maxValue: 3 }],
  ['leaky', 'leaky_relu', { alpha: 0.3 }],
  ['leaky_odd', 'leaky_relu', { alpha: 0.1234567 }],
  ['thresh', 'thresholded_relu', { theta: 0.7 }],
  ['elu', 'elu', { alpha: 1.0 }],
  ['elu_a', 'elu', { alpha: 0.45 }],
  ['selu', 'selu', {}],
  ['softplus', 'softplus', {}],
  ['softsign', 'softsign', {}],
  ['hsig', 'hard_sigmoid', {}],
  ['hsig_torch', 'hard_sigmoid', { slope: 1 / 6, shift: 0.5 }],
  ['htanh', 'hard_tanh', {}],
  ['btanh', 'binary_tanh', {}],
  ['ttanh', 'ternary_tanh', {}],
  ['tanh_wide', 'tanh', {}],
  ['sigmoid_wide', 'sigmoid', {}],
];

function model(): ModelGraph {
  const layers: Layer[] = [input('x', N), dense('d', 'x', N, N, 7, 0.8)];
  for (const [name, fn, extra] of ACTS) layers.push(act(name, name.endsWith('_x') ? 'x' : 'd', fn, extra));
  return graph(
    'acts',
    layers,
    ACTS.map(([n]) => n),
  );
}

const TABLED = new Set(['elu', 'selu', 'softplus', 'softsign', 'tanh', 'sigmoid']);

function drawConfig(seed: number) {
  const d = new TypeDraw(seed);
  const settings: Record<string, Parameters<typeof configWith>[0][string]> = {
    x: { precision: { result: d.fixed(10, 18, 3, 7) } },
    d: { precision: { result: d.fixed(10, 20, 3, 7), accum: d.fixed(18, 26, 6, 9) } },
  };
  for (const [name, fn] of ACTS) {
    const precision: Record<string, string> = {
      result: d.fixed(6, 20, 1, 6, fn === 'binary_tanh' && seed % 2 === 1),
    };
    // Wide tables and results show every ulp of the float32 libm values (glibc tanhf/expf vs ours).
    if (name.endsWith('_wide')) {
      precision['table'] = 'ap_fixed<40,4>';
      precision['result'] = 'ap_fixed<40,4>';
    } else if (TABLED.has(fn)) precision['table'] = d.fixed(10, 32, 3, 8);
    if (fn === 'leaky_relu' || fn === 'elu' || fn === 'thresholded_relu') {
      precision['param'] = seed % 3 === 0 ? 'auto' : d.fixed(6, 18, 1, 3);
    }
    settings[name] = {
      precision,
      tableSize: d.pick([256, 512, 1024, 2048, 4096]),
    };
  }
  return configWith(settings);
}

describe.each([1, 2, 3].map((s) => [s] as const))('activation parity, config seed %i', (seed) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
    const rows = parityInputs(100 + seed, N, 1.5);
    const r = await runGraphParity(`acts${seed}`, model(), drawConfig(seed), rows);
    expect(r.rows).toBe(1000);
    expect(r.values).toBe(1000 * N * ACTS.length);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 600_000);
});
