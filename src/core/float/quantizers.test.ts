// The float reference applies the model's own quantizers (weights, biases, quantized outputs, HGQ's
// per-element quantizer) exactly as their precisions say; without them it is the plain float network.
import { describe, expect, it } from 'vitest';
import type { Layer, ModelGraph } from '../ir/graph';
import { prepareFloatReference } from './irFloat';

const source = (op: string) => ({ op, node: op });

function graph(layers: Layer[]): ModelGraph {
  return {
    name: 'q',
    format: 'onnx',
    layers,
    inputs: ['x'],
    outputs: [layers[layers.length - 1]!.name],
    metadata: {},
  };
}

const input: Layer = { kind: 'Input', name: 'x', inputs: [], outputShape: [4], source: source('input') };

describe('the float reference with the model quantizers', () => {
  const layers: Layer[] = [
    input,
    {
      kind: 'Activation',
      name: 'quant',
      inputs: ['x'],
      outputShape: [4],
      source: source('Quant'),
      activation: 'linear',
      // step 0.25, [−2, 1.75], round half to even, saturate
      quantized: { result: 'fixed<4,2,RND_CONV,SAT>' },
    },
    {
      kind: 'Dense',
      name: 'fc',
      inputs: ['quant'],
      outputShape: [1],
      source: source('Gemm'),
      nIn: 4,
      nOut: 1,
      weight: { shape: [4, 1], data: Float64Array.from([0.6, -0.3, 0.9, 0.2]) },
      bias: { shape: [1], data: Float64Array.from([0.3]) },
      // weights: step 0.25 in [−1, 0.75], floored; bias: step 0.25
      quantized: { weight: 'fixed<3,1>', bias: 'fixed<4,2>' },
    },
  ];
  const rows = [[0.3, -3.1, 1.126, 5]];

  it('rounds and saturates the quantized output, and rounds weights and bias to their precisions', () => {
    const run = prepareFloatReference(graph(layers))(rows, true);
    // 0.3 → 0.25, −3.1 → −2 (saturated), 1.126 → 1.25, 5 → 1.75
    expect(Array.from(run.layers.get('quant')!.data)).toEqual([0.25, -2, 1.25, 1.75]);
    // weights 0.5, −0.5, 0.75, 0; bias 0.25
    expect(Array.from(run.outputs[0]!.data)).toEqual([0.25 + 0.25 * 0.5 + 2 * 0.5 + 1.25 * 0.75]);
    // The input batch itself is left as it was (the identity kernel shares it).
    expect(Array.from(run.layers.get('x')!.data)).toEqual(rows[0]);
  });

  it('without them it is the plain float network', () => {
    const out = prepareFloatReference(graph(layers), false)(rows).outputs[0]!.data[0]!;
    expect(out).toBeCloseTo(0.3 + 0.3 * 0.6 + 3.1 * 0.3 + 1.126 * 0.9 + 5 * 0.2, 12);
  });

  it("applies HGQ's per-element quantizer, 0 bits giving 0", () => {
    const hgq: Layer = {
      kind: 'FixedPointQuantizer',
      name: 'fpq',
      inputs: ['x'],
      outputShape: [4],
      source: source('FixedPointQuantizer'),
      keepNegative: [1, 0, 1, 1],
      bits: [3, 2, 0, 5],
      integers: [1, 1, 0, 3],
      rounding: 'RND',
      overflow: 'SAT',
    };
    const out = prepareFloatReference(graph([input, hgq]))([[0.3, -0.7, 9, 2.2]]).outputs[0]!.data;
    // fixed<3,1,RND,SAT>: 0.25; ufixed<2,1,SAT>: 0; 0 bits: 0; fixed<5,3,RND>: 2.25
    expect(Array.from(out)).toEqual([0.25, 0, 0, 2.25]);
  });
});
