/**
 * The Conv2D benchmark network as ONNX bytes (channels-first, as PyTorch exports it):
 * x [1,3,32,32] → Conv 16×3×3 → Relu → MaxPool 2 → Conv 32×3×3 → Relu → MaxPool 2 → Flatten → Gemm 10
 * → Softmax. Deterministic weights.
 */
import { weights, writeOnnx, type OnnxInitializer, type OnnxNode } from '../tests/robustness/onnxWriter';

/** 30·30·16·27 + 13·13·32·144 + 1152·10 multiply-accumulates. */
export const CONV_NET_MACS = 30 * 30 * 16 * 27 + 13 * 13 * 32 * 144 + 1152 * 10;

export function convNetOnnx(): Uint8Array {
  const scaled = (n: number, seed: number, k: number) => weights(n, seed).map((v) => v * k);
  const initializers: OnnxInitializer[] = [
    { name: 'c1.w', dims: [16, 3, 3, 3], data: scaled(16 * 27, 1, 0.6) },
    { name: 'c1.b', dims: [16], data: scaled(16, 2, 0.2) },
    { name: 'c2.w', dims: [32, 16, 3, 3], data: scaled(32 * 144, 3, 0.25) },
    { name: 'c2.b', dims: [32], data: scaled(32, 4, 0.2) },
    { name: 'fc.w', dims: [10, 1152], data: scaled(10 * 1152, 5, 0.1) },
    { name: 'fc.b', dims: [10], data: scaled(10, 6, 0.2) },
  ];
  const pool = { kernel_shape: [2, 2], strides: [2, 2] };
  const nodes: OnnxNode[] = [
    {
      op: 'Conv',
      name: 'conv1',
      inputs: ['x', 'c1.w', 'c1.b'],
      outputs: ['c1'],
      intLists: { kernel_shape: [3, 3] },
    },
    { op: 'Relu', name: 'relu1', inputs: ['c1'], outputs: ['r1'] },
    { op: 'MaxPool', name: 'pool1', inputs: ['r1'], outputs: ['p1'], intLists: pool },
    {
      op: 'Conv',
      name: 'conv2',
      inputs: ['p1', 'c2.w', 'c2.b'],
      outputs: ['c2'],
      intLists: { kernel_shape: [3, 3] },
    },
    { op: 'Relu', name: 'relu2', inputs: ['c2'], outputs: ['r2'] },
    { op: 'MaxPool', name: 'pool2', inputs: ['r2'], outputs: ['p2'], intLists: pool },
    { op: 'Flatten', name: 'flatten', inputs: ['p2'], outputs: ['f'], ints: { axis: 1 } },
    { op: 'Gemm', name: 'fc', inputs: ['f', 'fc.w', 'fc.b'], outputs: ['g'], ints: { transB: 1 } },
    { op: 'Softmax', name: 'softmax', inputs: ['g'], outputs: ['y'], ints: { axis: -1 } },
  ];
  return writeOnnx({
    graphName: 'conv2d_bench',
    nodes,
    initializers,
    inputs: [{ name: 'x', dims: [1, 3, 32, 32] }],
    outputs: [{ name: 'y', dims: [1, 10] }],
  });
}
