/** The test ONNX writer produces models the real frontend reads. */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/frontends/index';
import { mlpOnnx } from './onnxWriter';

describe('test ONNX writer', () => {
  it('writes an MLP that loadModel reads', async () => {
    const bytes = mlpOnnx(
      {
        graph: 'g',
        input: 'x',
        layers: [
          { node: 'fc1', weight: 'w1', bias: 'b1', out: 'h1', act: 'relu1', actOut: 'a1' },
          { node: 'fc2', weight: 'w2', bias: 'b2', out: 'h2', act: 'relu2', actOut: 'a2' },
        ],
        softmax: 'sm',
        output: 'y',
      },
      [4, 6, 3],
    );
    const g = await loadModel([{ name: 'm.onnx', bytes }]);
    expect(g.layers.map((l) => [l.name, l.kind, l.outputShape])).toEqual([
      ['x', 'Input', [4]],
      ['fc1', 'Dense', [6]],
      ['relu1', 'Activation', [6]],
      ['fc2', 'Dense', [3]],
      ['relu2', 'Activation', [3]],
      ['sm', 'Softmax', [3]],
    ]);
  });
});
