/**
 * QKeras QConv2DBatchnorm: hls4ml's Conv2DBatchnorm folds the batch norm into the convolution before the
 * layer's quantizers apply, in numpy float32 and in this order:
 *   inv = γ · 1/√(σ² + ε),  kernel' = inv · kernel,  bias' = inv · (bias − μ) + β
 * (bias = 0 when the layer has none; γ, β absent when scale/center are off). Math.fround after each double
 * operation is exactly float32 arithmetic for +, −, ×, ÷ and √.
 */
const f32 = Math.fround;

export interface BatchnormStats {
  readonly gamma: ArrayLike<number> | null;
  readonly beta: ArrayLike<number> | null;
  readonly mean: ArrayLike<number>;
  readonly variance: ArrayLike<number>;
  readonly epsilon: number;
}

/** `kernel` has the output channel as its last axis (Keras HWIO), `bias`/stats one value per channel. */
export function foldConvBatchnorm(
  kernel: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  bn: BatchnormStats,
): { weight: Float32Array; bias: Float32Array } {
  const n = bn.mean.length;
  const eps = f32(bn.epsilon);
  const inv = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const r = f32(1 / f32(Math.sqrt(f32(f32(bn.variance[c]!) + eps))));
    inv[c] = bn.gamma ? f32(r * f32(bn.gamma[c]!)) : r;
  }
  const weight = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) weight[i] = f32(inv[i % n]! * f32(kernel[i]!));
  const out = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const centred = f32(f32(bias ? bias[c]! : 0) - f32(bn.mean[c]!));
    const scaled = f32(inv[c]! * centred);
    out[c] = bn.beta ? f32(scaled + f32(bn.beta[c]!)) : scaled;
  }
  return { weight, bias: out };
}
