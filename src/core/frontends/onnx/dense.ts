/** Weight and bias layout for Dense layers built from Gemm / MatMul (+ Add). */
import { StudioError } from '../../errors';
import type { FloatTensor } from '../../ir/graph';

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * The [nIn, nOut] input-major weight from an ONNX B tensor: [K, N] as is, or [N, K] when transB=1.
 * A scale ≠ 1 (Gemm alpha) is applied in float64, where the product of a float32 weight and a float32
 * alpha is exact; with scale 1 the weight keeps its own precision.
 */
export function inputMajorWeight(b: FloatTensor, transB: boolean, scale: number): FloatTensor {
  const [rows, cols] = b.shape as [number, number];
  const nIn = transB ? cols : rows;
  const nOut = transB ? rows : cols;
  const out =
    scale === 1 && b.data instanceof Float32Array
      ? new Float32Array(nIn * nOut)
      : new Float64Array(nIn * nOut);
  for (let i = 0; i < nIn; i++) {
    for (let j = 0; j < nOut; j++) {
      const v = b.data[transB ? j * cols + i : i * cols + j] as number;
      out[i * nOut + j] = scale === 1 ? v : v * scale;
    }
  }
  return { shape: [nIn, nOut], data: out };
}

/**
 * A bias of length n from a constant that broadcasts onto [batch, n]: shape [n], [1, n], [1], [] or
 * [1, 1]. Scaled like inputMajorWeight (Gemm beta).
 */
export function biasVector(c: FloatTensor, n: number, scale: number, what: string): FloatTensor {
  const last = c.shape.length === 0 ? 1 : (c.shape[c.shape.length - 1] as number);
  const leadingOnes = c.shape.slice(0, -1).every((d) => d === 1);
  if (c.shape.length > 2 || !leadingOnes || (last !== n && last !== 1)) {
    throw new StudioError(
      `${what} has shape ${fmt(c.shape)}, which does not broadcast to one value per output [${n}]`,
      'Only per-output biases are supported; re-export the model with a bias vector.',
    );
  }
  const out = scale === 1 && c.data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = c.data[last === 1 ? 0 : j] as number;
    out[j] = scale === 1 ? v : v * scale;
  }
  return { shape: [n], data: out };
}
