// io_stream selu and ternary_tanh follow hls4ml's stream kernels, which differ from io_parallel:
// ternary_tanh compares x itself (not 2x) with ±1; selu's λ is converted to the input type.
import { describe, expect, it } from 'vitest';
import { makeFixed } from '../fixed/types';
import type { ActivationLayer } from '../ir/graph';
import { prepareParamActivation } from './paramActivations';
import { allocate, tensorValues, type FixedTensor } from './tensor';

const act = (activation: 'selu' | 'ternary_tanh'): ActivationLayer => ({
  kind: 'Activation',
  name: 'a',
  inputs: ['x'],
  outputShape: [4],
  source: { op: activation, node: 'a' },
  activation,
});

function run(layer: ActivationLayer, xType: ReturnType<typeof makeFixed>, values: number[], stream: boolean) {
  const x: FixedTensor = allocate(xType, values.length, 1);
  const scale = 2 ** (xType.width - xType.integer);
  values.forEach((v, i) => ((x.raws as Float64Array)[i] = v * scale));
  const result = makeFixed(16, 6);
  const types = { result, table: makeFixed(18, 8), param: result };
  const k = prepareParamActivation(layer, xType, types, 1024, 'ap', { count: 0 }, stream);
  return Array.from(tensorValues(k(x)));
}

describe('io_stream parametrized activations', () => {
  it('ternary_tanh: x > 1 → 1, x ≤ −1 → −1, else 0 (io_parallel doubles x first)', () => {
    const x = [0.75, 1.25, -0.75, -1];
    expect(run(act('ternary_tanh'), makeFixed(8, 4), x, true)).toEqual([0, 1, 0, -1]);
    expect(run(act('ternary_tanh'), makeFixed(8, 4), x, false)).toEqual([1, 1, -1, -1]);
  });

  it('selu: λ in the input type (ap_fixed<8,4>: 1.0) times x, for x ≥ 0', () => {
    // λ = 1.0507… floors to 1.0 at 4 fractional bits; in ap_ufixed<16,1> it is 1.0506896972656250.
    expect(run(act('selu'), makeFixed(8, 4), [2, 0.5], true)).toEqual([2, 0.5]);
    const parallel = run(act('selu'), makeFixed(8, 4), [2, 0.5], false);
    expect(parallel[0]).toBeGreaterThan(2);
  });
});
