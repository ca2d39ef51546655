/**
 * Folding a batch normalization's statistics into a per-channel scale and bias, with the arithmetic
 * hls4ml really uses: numpy on float32 arrays, so every operation rounds to float32
 * (scale = γ/√(σ²+ε), bias = β − μ·scale). A float64 fold would print different weight decimals and
 * change the fixed-point design. Math.fround after each double operation is exactly float32
 * arithmetic for +, −, ×, ÷ and √ (double has more than 2·24+2 bits).
 */
const f32 = Math.fround;

export function foldBatchNorm(
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  epsilon: number,
): { scale: Float32Array; bias: Float32Array } {
  const n = gamma.length;
  const eps = f32(epsilon);
  const scale = new Float32Array(n);
  const bias = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const s = f32(f32(gamma[c]!) / f32(Math.sqrt(f32(f32(variance[c]!) + eps))));
    scale[c] = s;
    bias[c] = f32(f32(beta[c]!) - f32(f32(mean[c]!) * s));
  }
  return { scale, bias };
}

/**
 * hls4ml's fuse_batch_normalization on a Dense/Conv: w' = scale·w per output channel, b' = scale·b + bias,
 * again in float32. `weights` has the output channel as its last axis (the IR's layouts).
 */
export function fuseScaleIntoWeights(
  weights: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  scale: ArrayLike<number>,
  shift: ArrayLike<number>,
): { weight: Float32Array; bias: Float32Array } {
  const nOut = scale.length;
  const w = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) w[i] = f32(f32(scale[i % nOut]!) * f32(weights[i]!));
  const b = new Float32Array(nOut);
  for (let j = 0; j < nOut; j++) b[j] = f32(f32(f32(scale[j]!) * f32(bias ? bias[j]! : 0)) + f32(shift[j]!));
  return { weight: w, bias: b };
}
