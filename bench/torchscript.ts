/**
 * The parse benchmark's network as a TorchScript archive (what torch.jit.trace(model).save writes for an
 * nn.Module with fc1…fc5 Linear children and functional relu/softmax), built with the test fixtures'
 * byte-level pickler, so no torch is needed.
 */
import { moduleCode, torchZip, type ModuleSpec } from '../tests/fixtures/pytorch/build';

const NN = 'torch.nn.modules';

/** Same weight pattern as the Keras writer: (k mod 17 − 8) · 0.01. */
function weights(n: number): number[] {
  const w = new Float32Array(n);
  for (let k = 0; k < n; k++) w[k] = ((k % 17) - 8) * 0.01;
  // torchZip copies the values with Float32Array.from, which takes a typed array as well.
  return w as unknown as number[];
}

export function mlpTorchScript(sizes: readonly number[]): Uint8Array {
  const names = sizes.slice(1).map((_, i) => `fc${i + 1}`);
  const root: ModuleSpec = {
    module: 'big',
    cls: 'Net',
    attrs: names.map((name, i) => [
      name,
      {
        module: `${NN}.linear`,
        cls: 'Linear',
        attrs: [
          ['weight', { shape: [sizes[i + 1]!, sizes[i]!], data: weights(sizes[i + 1]! * sizes[i]!) }],
          ['bias', { shape: [sizes[i + 1]!], data: weights(sizes[i + 1]!) }],
        ],
      },
    ]),
  };
  const body: string[] = [];
  let x = 'x';
  names.forEach((name, i) => {
    body.push(`${name} = self.${name}`);
    const last = i === names.length - 1;
    body.push(
      `_${i} = ${last ? `torch.softmax((${name}).forward(${x}, ), 1)` : `torch.relu((${name}).forward(${x}, ))`}`,
    );
    x = `_${i}`;
  });
  body.push(`return ${x}`);
  return torchZip(root, {
    '__torch__/big.py': moduleCode('big', 'Net', 'x: Tensor', body),
    '__torch__/torch/nn/modules/linear.py': moduleCode(`${NN}.linear`, 'Linear', 'argument_1: Tensor', [
      'bias = self.bias',
      'weight = self.weight',
      'return torch.linear(argument_1, weight, bias)',
    ]),
  });
}
