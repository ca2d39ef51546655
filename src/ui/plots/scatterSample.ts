/**
 * Which points of a fixed-vs-float scatter are drawn (the statistics use all of them): every point when
 * there are few; whole samples, every k-th one, when a sample is small; evenly spaced values when a single
 * sample is larger than the budget (a 512×512 image output has millions of values in one sample).
 * Point i belongs to output element i % n; elements from `shown` − 1 on share the last series.
 */
export function scatterSample(
  float: Float32Array,
  fixed: Float32Array,
  n: number,
  shown: number,
  maxPoints: number,
): { xs: number[][]; ys: number[][] } {
  const total = float.length;
  const xs: number[][] = Array.from({ length: shown }, () => []);
  const ys: number[][] = Array.from({ length: shown }, () => []);
  const put = (i: number): void => {
    const target = Math.min(i % n, shown - 1);
    xs[target]!.push(float[i]!);
    ys[target]!.push(fixed[i]!);
  };
  if (total <= maxPoints) {
    for (let i = 0; i < total; i++) put(i);
  } else if (n <= maxPoints) {
    const samples = total / n;
    const stride = Math.ceil(total / maxPoints);
    for (let s = 0; s < samples; s += stride) for (let k = 0; k < n; k++) put(s * n + k);
  } else {
    const stride = total / maxPoints;
    for (let p = 0; p < maxPoints; p++) put(Math.floor(p * stride));
  }
  return { xs, ys };
}
