/**
 * Hand-made depthwise and separable graphs (1D and 2D) with deterministic weights, and seeded random
 * configurations for them, for the oneAPI depthwise tests.
 */
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import type { DepthwiseConvLayer, Layer, ModelGraph, SeparableConvLayer } from '../../src/core/ir/graph';
import { validReuseFactors } from '../../src/core/passes/reuseFactor';
import { TypeDraw } from '../csim/elementwiseHarness';
import { graph, rng } from './graphs';
import { conv, inputND, reshape } from './quartusGraphs';

type Opts = { strides?: number[]; pads?: number[]; dilations?: number[]; seed: number };

export function depthwise(
  name: string,
  from: string,
  inShape: number[],
  dm: number,
  kernel: number[],
  opts: Opts,
): DepthwiseConvLayer {
  const c = conv(name, from, inShape, 1, kernel, opts);
  const r = rng(opts.seed + 1);
  const n = kernel.reduce((a, b) => a * b, 1) * c.nChan * dm;
  return {
    kind: 'DepthwiseConv',
    name,
    inputs: [from],
    outputShape: [...c.outputShape.slice(0, -1), c.nChan * dm],
    source: { op: `DepthwiseConv${kernel.length}D`, node: name },
    rank: c.rank,
    kernel,
    strides: c.strides,
    dilations: c.dilations,
    pads: c.pads,
    nChan: c.nChan,
    depthMultiplier: dm,
    weight: { shape: [...kernel, c.nChan, dm], data: Float32Array.from({ length: n }, () => r() * 0.9) },
    bias: { shape: [c.nChan * dm], data: Float32Array.from({ length: c.nChan * dm }, () => r() * 0.5) },
  };
}

export function separable(
  name: string,
  from: string,
  inShape: number[],
  dm: number,
  nFilt: number,
  kernel: number[],
  opts: Opts & { bias?: boolean },
): SeparableConvLayer {
  const c = conv(name, from, inShape, nFilt, kernel, opts);
  const r = rng(opts.seed + 7);
  const K = kernel.reduce((a, b) => a * b, 1);
  const nMid = c.nChan * dm;
  return {
    kind: 'SeparableConv',
    name,
    inputs: [from],
    outputShape: c.outputShape,
    source: { op: `SeparableConv${kernel.length}D`, node: name },
    rank: c.rank,
    kernel,
    strides: c.strides,
    dilations: c.dilations,
    pads: c.pads,
    nChan: c.nChan,
    nFilt,
    depthMultiplier: dm,
    depthwise: {
      shape: [...kernel, c.nChan, dm],
      data: Float32Array.from({ length: K * nMid }, () => r() * 0.9),
    },
    pointwise: { shape: [nMid, nFilt], data: Float32Array.from({ length: nMid * nFilt }, () => r() * 0.6) },
    bias: opts.bias === false ? null : c.bias,
  };
}

/**
 * x[7,7,3] → DepthwiseConv2D 3×3 'same' dm 2 → DepthwiseConv2D 2×3 'valid' stride 2 dm 1 →
 * SeparableConv2D 3×3 'same' dm 2 → 4 filters → flatten.
 */
export function depthwise2dGraph(): ModelGraph {
  return graph(
    'depthwise2d',
    [
      inputND('x', [7, 7, 3]),
      depthwise('dw1', 'x', [7, 7, 3], 2, [3, 3], { pads: [1, 1, 1, 1], seed: 61 }),
      depthwise('dw2', 'dw1', [7, 7, 6], 1, [2, 3], { strides: [2, 2], seed: 62 }),
      separable('sep', 'dw2', [3, 3, 6], 2, 4, [3, 3], { pads: [1, 1, 1, 1], seed: 63 }),
      reshape('flat', 'sep', [36]),
    ],
    ['flat'],
  );
}

/** x[12,4] → DepthwiseConv1D k3 stride 2 'same' dm 2 → SeparableConv1D k2 'valid' (no bias) → flatten. */
export function depthwise1dGraph(): ModelGraph {
  return graph(
    'depthwise1d',
    [
      inputND('x', [12, 4]),
      depthwise('dw', 'x', [12, 4], 2, [3], { strides: [2], pads: [1, 1], seed: 71 }),
      separable('sep', 'dw', [6, 8], 1, 3, [2], { seed: 72, bias: false }),
      reshape('flat', 'sep', [15]),
    ],
    ['flat'],
  );
}

/**
 * Random precisions (every rounding and overflow mode, narrow result types that overflow) for the
 * depthwise and separable layers of `g`, and a random valid reuse factor for the pointwise halves.
 */
export function randomDepthwiseConfig(g: ModelGraph, seed: number): DesignConfig {
  const base = defaultConfig('oneAPI');
  const d = new TypeDraw(seed);
  let c: DesignConfig = { ...base, model: { ...base.model, precision: { default: d.fixed(12, 16, 4, 6) } } };
  for (const l of g.layers as Layer[]) {
    if (l.kind === 'DepthwiseConv') {
      c = withLayerSetting(c, l.name, {
        precision: {
          weight: d.fixed(6, 12, 1, 3),
          bias: d.fixed(6, 12, 1, 3),
          accum: d.fixed(8, 14, 3, 5),
          result: d.fixed(7, 12, 2, 4),
        },
      });
    } else if (l.kind === 'SeparableConv') {
      c = withLayerSetting(c, l.name, {
        reuseFactor: d.pick(validReuseFactors(l.nChan * l.depthMultiplier, l.nFilt)),
        precision: {
          depthwise: d.fixed(6, 12, 1, 3),
          pointwise: d.fixed(6, 12, 1, 3),
          bias: d.fixed(6, 12, 1, 3),
          depthwise_accum: d.fixed(8, 14, 3, 5),
          depthwise_result: d.fixed(7, 12, 2, 4),
          pointwise_accum: d.fixed(9, 16, 3, 6),
          result: d.fixed(8, 14, 2, 5),
        },
      });
    }
  }
  return c;
}
