/**
 * C-sim parity of the spatial kinds (Conv 1D/2D, Pooling, GlobalPooling, BatchNormalization, Reshape,
 * Transpose, ZeroPadding, Cropping): hand-made graphs, configurations that stress rounding, saturation,
 * wrap, resource summation orders and padding, 1,000 inputs (a quarter of them ×20 so that they
 * overflow). The emulator's raws must equal `make csim`'s exactly.
 */
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { randomNormalRows } from '../../src/core/emulate/inputs';
import { fractionalBits } from '../../src/core/fixed/types';
import type { ConvLayer, Layer, ModelGraph, PoolingLayer } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { validReuseFactors } from '../../src/core/passes/reuseFactor';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { runCsim } from '../backends/csim';
import { loadGoldenCase } from '../golden/goldenCase';
import { parityRows } from './parityCases';
import { activation, dense, graph, rng } from '../backends/graphs';

const src = (op: string, node: string) => ({ op, node });

function inputND(name: string, shape: number[]): Layer {
  return { kind: 'Input', name, inputs: [], outputShape: shape, source: src('input', name) };
}

function conv(
  name: string,
  from: string,
  inShape: number[],
  nFilt: number,
  kernel: number[],
  opts: { strides?: number[]; dilations?: number[]; pads?: number[]; seed: number; bias?: boolean },
): ConvLayer {
  const rank = kernel.length as 1 | 2;
  const strides = opts.strides ?? kernel.map(() => 1);
  const dilations = opts.dilations ?? kernel.map(() => 1);
  const pads = opts.pads ?? kernel.flatMap(() => [0, 0]);
  const nChan = inShape[inShape.length - 1]!;
  const out = kernel.map(
    (k, d) =>
      Math.floor(
        (inShape[d]! + pads[2 * d]! + pads[2 * d + 1]! - dilations[d]! * (k - 1) - 1) / strides[d]!,
      ) + 1,
  );
  const r = rng(opts.seed);
  const nW = kernel.reduce((a, b) => a * b, 1) * nChan * nFilt;
  return {
    kind: 'Conv',
    name,
    inputs: [from],
    outputShape: [...out, nFilt],
    source: src(`Conv${rank}D`, name),
    rank,
    kernel,
    strides,
    dilations,
    pads,
    nChan,
    nFilt,
    weight: { shape: [...kernel, nChan, nFilt], data: Float32Array.from({ length: nW }, () => r() * 0.6) },
    bias:
      opts.bias === false
        ? null
        : { shape: [nFilt], data: Float32Array.from({ length: nFilt }, () => r() * 0.5) },
  };
}

function pool(
  name: string,
  from: string,
  inShape: number[],
  op: 'max' | 'average',
  kernel: number[],
  opts: { strides?: number[]; pads?: number[]; countPad?: boolean } = {},
): PoolingLayer {
  const rank = kernel.length as 1 | 2;
  const strides = opts.strides ?? kernel;
  const pads = opts.pads ?? kernel.flatMap(() => [0, 0]);
  const out = kernel.map(
    (k, d) => Math.floor((inShape[d]! + pads[2 * d]! + pads[2 * d + 1]! - k) / strides[d]!) + 1,
  );
  return {
    kind: 'Pooling',
    name,
    inputs: [from],
    outputShape: [...out, inShape[inShape.length - 1]!],
    source: src(`${op}Pool${rank}D`, name),
    rank,
    kernel,
    strides,
    dilations: kernel.map(() => 1),
    pads,
    op,
    countPad: opts.countPad ?? false,
  };
}

function batchnorm(name: string, from: string, shape: number[], seed: number): Layer {
  const r = rng(seed);
  const c = shape[shape.length - 1]!;
  return {
    kind: 'BatchNormalization',
    name,
    inputs: [from],
    outputShape: shape,
    source: src('BatchNormalization', name),
    scale: { shape: [c], data: Float64Array.from({ length: c }, () => 1 + r() * 0.9) },
    bias: { shape: [c], data: Float64Array.from({ length: c }, () => r() * 0.7) },
  };
}

function simple(kind: 'Reshape', name: string, from: string, shape: number[]): Layer {
  return { kind, name, inputs: [from], outputShape: shape, source: src(kind, name) };
}

function act(name: string, from: string, shape: number[], fn: 'relu' | 'linear'): Layer {
  return { ...activation(name, from, 1, fn), outputShape: shape };
}

function depthwise(
  name: string,
  from: string,
  inShape: number[],
  dm: number,
  kernel: number[],
  opts: { strides?: number[]; dilations?: number[]; pads?: number[]; seed: number },
): Layer {
  const c = conv(name, from, inShape, 1, kernel, opts);
  const nChan = c.nChan;
  const r = rng(opts.seed + 1);
  const nW = kernel.reduce((a, b) => a * b, 1) * nChan * dm;
  return {
    kind: 'DepthwiseConv',
    name,
    inputs: [from],
    outputShape: [...c.outputShape.slice(0, -1), nChan * dm],
    source: src(`DepthwiseConv${kernel.length}D`, name),
    rank: c.rank,
    kernel,
    strides: c.strides,
    dilations: c.dilations,
    pads: c.pads,
    nChan,
    depthMultiplier: dm,
    weight: { shape: [...kernel, nChan, dm], data: Float32Array.from({ length: nW }, () => r() * 0.8) },
    bias: { shape: [nChan * dm], data: Float32Array.from({ length: nChan * dm }, () => r() * 0.5) },
  };
}

/** Input [6,5,3] → DepthwiseConv2D 3×3 dm 2 (strided, padded) → ReLU → DepthwiseConv2D 2×2 dilated → Flatten. */
function depthwiseGraph(): ModelGraph {
  return graph(
    'depthwise2d',
    [
      inputND('x', [6, 5, 3]),
      depthwise('dw1', 'x', [6, 5, 3], 2, [3, 3], { strides: [2, 1], pads: [1, 1, 0, 2], seed: 51 }),
      act('relu', 'dw1', [3, 5, 6], 'relu'),
      depthwise('dw2', 'relu', [3, 5, 6], 1, [2, 2], { dilations: [1, 2], pads: [0, 1, 1, 0], seed: 52 }),
      simple('Reshape', 'flatten', 'dw2', [3 * 4 * 6]),
    ],
    ['flatten'],
  );
}

/** Input [10,4] → DepthwiseConv1D k3 dm 3 pad 1 → MaxPool1D 2 (padded) → GlobalAverage1D. */
function depthwise1dGraph(): ModelGraph {
  return graph(
    'depthwise1d',
    [
      inputND('x', [10, 4]),
      depthwise('dw', 'x', [10, 4], 3, [3], { pads: [1, 1], seed: 61 }),
      pool('mp', 'dw', [10, 12], 'max', [3], { strides: [2], pads: [1, 1] }),
      {
        kind: 'GlobalPooling',
        name: 'gap',
        inputs: ['mp'],
        outputShape: [12],
        source: src('GlobalAveragePool', 'gap'),
        rank: 1,
        op: 'average',
        keepDims: false,
      },
    ],
    ['gap'],
  );
}

/** Input [7,6,3] → SeparableConv2D 3×3 dm 2 (strided, padded) → ReLU → SeparableConv1D-like 2D 1×2 → Flatten. */
function separableGraph(): ModelGraph {
  const sep = (
    name: string,
    from: string,
    inShape: number[],
    dm: number,
    nFilt: number,
    kernel: number[],
    opts: { strides?: number[]; pads?: number[]; seed: number },
  ): Layer => {
    const c = conv(name, from, inShape, nFilt, kernel, opts);
    const r = rng(opts.seed + 7);
    const K = kernel.reduce((a, b) => a * b, 1);
    return {
      kind: 'SeparableConv',
      name,
      inputs: [from],
      outputShape: c.outputShape,
      source: src(`SeparableConv${kernel.length}D`, name),
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
        data: Float32Array.from({ length: K * c.nChan * dm }, () => r() * 0.8),
      },
      pointwise: {
        shape: [c.nChan * dm, nFilt],
        data: Float32Array.from({ length: c.nChan * dm * nFilt }, () => r() * 0.6),
      },
      bias: c.bias,
    };
  };
  return graph(
    'separable',
    [
      inputND('x', [7, 6, 3]),
      sep('sep1', 'x', [7, 6, 3], 2, 4, [3, 3], { strides: [2, 2], pads: [1, 1, 1, 0], seed: 71 }),
      act('relu', 'sep1', [4, 3, 4], 'relu'),
      sep('sep2', 'relu', [4, 3, 4], 1, 3, [1, 2], { pads: [0, 0, 0, 1], seed: 72 }),
      simple('Reshape', 'flatten', 'sep2', [4 * 3 * 3]),
    ],
    ['flatten'],
  );
}

/** Input [3,4,2] → Resize ×2 → Resize to 7×11 (non-integer ratios) → Conv2D 2×2 → 1D Resize after Flatten-like reshape. */
function resizeGraph(): ModelGraph {
  const resize = (name: string, from: string, out: number[], rank: 1 | 2): Layer => ({
    kind: 'Resize',
    name,
    inputs: [from],
    outputShape: out,
    source: src('Resize', name),
    rank,
    method: 'nearest',
    alignCorners: false,
  });
  return graph(
    'resize',
    [
      inputND('x', [3, 4, 2]),
      resize('up2', 'x', [6, 8, 2], 2),
      resize('odd', 'up2', [7, 11, 2], 2),
      conv('conv', 'odd', [7, 11, 2], 2, [2, 2], { seed: 81 }),
      simple('Reshape', 'r1d', 'conv', [60, 2]),
      resize('up1d', 'r1d', [90, 2], 1),
      simple('Reshape', 'flatten', 'up1d', [180]),
    ],
    ['flatten'],
  );
}

export interface SpatialCase {
  readonly name: string;
  /** A hand-made graph, or null to take the graph, config and rows of a golden case. */
  readonly graph: ModelGraph | null;
  readonly golden?: string;
  readonly configure: (c: DesignConfig) => DesignConfig;
}

const set = withLayerSetting;

/** Input [6,6,3] → Conv2D 3×3 same → ReLU (unsigned) → MaxPool 3×3/2 padded → BatchNorm → Flatten → Dense. */
function conv2dGraph(): ModelGraph {
  return graph(
    'conv2d_pool_bn',
    [
      inputND('x', [6, 6, 3]),
      conv('conv', 'x', [6, 6, 3], 4, [3, 3], { pads: [1, 1, 1, 1], seed: 11 }),
      act('relu', 'conv', [6, 6, 4], 'relu'),
      pool('pool', 'relu', [6, 6, 4], 'max', [3, 3], { strides: [2, 2], pads: [1, 1, 1, 1] }),
      batchnorm('bn', 'pool', [3, 3, 4], 12),
      simple('Reshape', 'flatten', 'bn', [36]),
      dense('fc', 'flatten', 36, 5, 13),
    ],
    ['fc'],
  );
}

/** Input [12,3] → ZeroPadding1D → Conv1D (stride 2, dilation 2) → AvgPool1D padded → Cropping1D → Transpose → Flatten. */
function conv1dGraph(): ModelGraph {
  return graph(
    'conv1d_avg_crop',
    [
      inputND('x', [12, 3]),
      {
        kind: 'ZeroPadding',
        name: 'zpad',
        inputs: ['x'],
        outputShape: [15, 3],
        source: src('ZeroPadding1D', 'zpad'),
        rank: 1,
        pads: [2, 1],
      },
      conv('conv', 'zpad', [15, 3], 5, [3], { strides: [2], dilations: [2], seed: 21 }),
      pool('avg', 'conv', [6, 5], 'average', [3], { strides: [2], pads: [1, 1] }),
      {
        kind: 'Cropping',
        name: 'crop',
        inputs: ['avg'],
        outputShape: [2, 5],
        source: src('Cropping1D', 'crop'),
        rank: 1,
        crops: [1, 0],
      },
      {
        kind: 'Transpose',
        name: 'tr',
        inputs: ['crop'],
        outputShape: [5, 2],
        source: src('Transpose', 'tr'),
        perm: [1, 0],
      },
      simple('Reshape', 'flatten', 'tr', [10]),
    ],
    ['flatten'],
  );
}

/** Input [5,5,2] → ZeroPadding2D → Conv2D 2×2 strided/dilated, no bias → AvgPool2D countPad → Transpose 3D → GlobalMax. */
function conv2dResourceGraph(): ModelGraph {
  return graph(
    'conv2d_resource',
    [
      inputND('x', [5, 5, 2]),
      {
        kind: 'ZeroPadding',
        name: 'zpad',
        inputs: ['x'],
        outputShape: [6, 7, 2],
        source: src('ZeroPadding2D', 'zpad'),
        rank: 2,
        pads: [1, 0, 0, 2],
      },
      conv('conv', 'zpad', [6, 7, 2], 3, [2, 2], {
        strides: [2, 1],
        dilations: [1, 2],
        pads: [0, 1, 1, 0],
        seed: 31,
        bias: false,
      }),
      pool('avg', 'conv', [3, 6, 3], 'average', [2, 2], {
        strides: [1, 2],
        pads: [1, 0, 0, 1],
        countPad: true,
      }),
      {
        kind: 'Cropping',
        name: 'crop',
        inputs: ['avg'],
        outputShape: [2, 2, 3],
        source: src('Cropping2D', 'crop'),
        rank: 2,
        crops: [1, 0, 0, 1],
      },
      {
        kind: 'Transpose',
        name: 'tr',
        inputs: ['crop'],
        outputShape: [3, 2, 2],
        source: src('Transpose', 'tr'),
        perm: [2, 0, 1],
      },
      {
        kind: 'GlobalPooling',
        name: 'gmax',
        inputs: ['tr'],
        outputShape: [2],
        source: src('GlobalMaxPool', 'gmax'),
        rank: 2,
        op: 'max',
        keepDims: false,
      },
    ],
    ['gmax'],
  );
}

/** Input [4,4,3] → pointwise Conv2D → BatchNorm → GlobalAverage. */
function pointwiseGraph(): ModelGraph {
  return graph(
    'pointwise_gap',
    [
      inputND('x', [4, 4, 3]),
      conv('pw', 'x', [4, 4, 3], 6, [1, 1], { seed: 41 }),
      batchnorm('bn', 'pw', [4, 4, 6], 42),
      {
        kind: 'GlobalPooling',
        name: 'gap',
        inputs: ['bn'],
        outputShape: [6],
        source: src('GlobalAveragePool', 'gap'),
        rank: 2,
        op: 'average',
        keepDims: false,
      },
    ],
    ['gap'],
  );
}

export const SPATIAL_CASES: readonly SpatialCase[] = [
  {
    name: 'resize_nearest_conv',
    graph: resizeGraph(),
    configure: (c) =>
      set(set(c, 'odd', { precision: { result: 'ap_fixed<8,3,AP_RND,AP_SAT>' } }), 'conv', {
        precision: { accum: 'ap_fixed<12,4>', result: 'ap_fixed<10,4,AP_RND_CONV,AP_SAT>' },
      }),
  },
  {
    name: 'separable_sat_round',
    graph: separableGraph(),
    configure: (c) => {
      let x = set(c, 'sep1', {
        precision: {
          depthwise_accum: 'ap_fixed<12,4,AP_RND,AP_SAT>',
          depthwise_result: 'ap_fixed<9,4,AP_RND_CONV,AP_SAT>',
          pointwise: 'ap_fixed<7,1,AP_RND>',
          pointwise_accum: 'ap_fixed<11,4>',
          result: 'ap_fixed<10,4,AP_RND,AP_SAT>',
        },
      });
      x = set(x, 'relu', { precision: { result: 'ap_ufixed<8,3>' } });
      return set(x, 'sep2', {
        precision: { depthwise_result: 'ap_fixed<10,4>', result: 'ap_fixed<9,3,AP_RND_ZERO,AP_WRAP>' },
      });
    },
  },
  {
    name: 'depthwise2d_dm2_sat',
    graph: depthwiseGraph(),
    configure: (c) => {
      let x = set(c, 'dw1', {
        precision: { accum: 'ap_fixed<12,4,AP_RND,AP_SAT>', result: 'ap_fixed<10,4,AP_RND_CONV,AP_SAT_SYM>' },
      });
      x = set(x, 'relu', { precision: { result: 'ap_ufixed<8,3>' } });
      return set(x, 'dw2', {
        precision: {
          weight: 'ap_fixed<6,1,AP_RND>',
          accum: 'ap_fixed<11,4>',
          result: 'ap_fixed<9,4,AP_RND,AP_SAT>',
        },
      });
    },
  },
  {
    name: 'depthwise1d_maxpool_gap',
    graph: depthwise1dGraph(),
    configure: (c) => {
      let x = set(c, 'dw', {
        precision: { accum: 'ap_fixed<13,5,AP_TRN,AP_SAT>', result: 'ap_fixed<10,5>' },
      });
      x = set(x, 'mp', { precision: { accum: 'ap_fixed<8,4,AP_RND,AP_SAT>', result: 'ap_fixed<8,4>' } });
      return set(x, 'gap', {
        precision: { accum: 'ap_fixed<10,5,AP_TRN,AP_SAT>', result: 'ap_fixed<8,4,AP_RND>' },
      });
    },
  },
  // ONNX Transpose → Conv1D → ReLU → Conv1D (pad 1) → ReLU → Flatten → Dense, hls4ml's own config.
  { name: 'd_conv1d_golden', graph: null, golden: 'd_conv1d_relu_flatten_dense', configure: (c) => c },
  {
    name: 'd_conv1d_resource_sat',
    graph: null,
    golden: 'd_conv1d_relu_flatten_dense',
    configure: (c) => {
      let x = set(c, '/conv1/Conv', {
        precision: { accum: 'ap_fixed<14,5,AP_RND,AP_SAT>', result: 'ap_fixed<12,5,AP_RND_CONV,AP_SAT>' },
      });
      x = set(x, '/conv2/Conv', {
        strategy: 'Resource',
        reuseFactor: 8,
        precision: { accum: 'ap_fixed<13,4>', weight: 'ap_fixed<8,2,AP_RND>' },
      });
      x = set(x, '/relu2/Relu', { precision: { result: 'ap_ufixed<8,3,AP_RND,AP_SAT>' } });
      return set(x, '/fc/Gemm', {
        precision: { accum: 'ap_fixed<16,6>', result: 'ap_fixed<12,6,AP_RND,AP_SAT>' },
      });
    },
  },
  {
    name: 'conv2d_latency_maxpool_unsigned',
    graph: conv2dGraph(),
    configure: (c) => {
      let x = set(c, 'conv', {
        precision: { accum: 'ap_fixed<14,5,AP_RND,AP_SAT>', result: 'ap_fixed<12,5,AP_RND_CONV>' },
      });
      x = set(x, 'relu', { precision: { result: 'ap_ufixed<8,3,AP_RND,AP_SAT>' } });
      x = set(x, 'pool', { precision: { accum: 'ap_ufixed<8,3>', result: 'ap_fixed<9,4>' } });
      x = set(x, 'bn', {
        precision: {
          scale: 'ap_fixed<8,2,AP_RND>',
          bias: 'ap_fixed<8,3>',
          result: 'ap_fixed<10,3,AP_RND_ZERO,AP_SAT_SYM>',
        },
      });
      return set(x, 'fc', { precision: { accum: 'ap_fixed<16,5>' } });
    },
  },
  {
    name: 'conv2d_resource_wrap',
    graph: conv2dGraph(),
    configure: (c) => {
      let x: DesignConfig = { ...c, model: { ...c.model, precision: { default: 'ap_fixed<12,4>' } } };
      x = set(x, 'conv', {
        strategy: 'Resource',
        reuseFactor: 9,
        precision: { accum: 'ap_fixed<11,3,AP_TRN,AP_SAT>' },
      });
      x = set(x, 'bn', { precision: { result: 'ap_fixed<8,2,AP_RND_INF,AP_WRAP>' } });
      return set(x, 'fc', { strategy: 'Resource', reuseFactor: 12 });
    },
  },
  {
    name: 'conv1d_avgpool_crop_transpose',
    graph: conv1dGraph(),
    configure: (c) => {
      let x = set(c, 'conv', {
        strategy: 'Resource',
        reuseFactor: 3,
        precision: { accum: 'ap_fixed<12,4,AP_RND,AP_SAT>', weight: 'ap_fixed<6,1,AP_RND_CONV>' },
      });
      x = set(x, 'avg', {
        precision: { accum: 'ap_fixed<10,3,AP_TRN,AP_SAT>', result: 'ap_fixed<8,3,AP_RND>' },
      });
      return set(x, 'tr', { precision: { result: 'ap_fixed<6,2,AP_RND,AP_SAT>' } });
    },
  },
  {
    name: 'conv2d_dilated_gmax',
    graph: conv2dResourceGraph(),
    configure: (c) => {
      let x = set(c, 'conv', {
        strategy: 'Resource',
        reuseFactor: 4,
        precision: { accum: 'ap_fixed<10,3,AP_RND_MIN_INF,AP_SAT>' },
      });
      x = set(x, 'avg', { precision: { accum: 'ap_fixed<9,3>', result: 'ap_fixed<7,2,AP_RND,AP_SAT>' } });
      return set(x, 'gmax', { precision: { accum: 'ap_fixed<6,1,AP_RND>', result: 'ap_fixed<8,3>' } });
    },
  },
  {
    name: 'pointwise_bn_gap',
    graph: pointwiseGraph(),
    configure: (c) => {
      let x = set(c, 'pw', {
        precision: { accum: 'ap_fixed<12,4>', result: 'ap_fixed<10,4,AP_RND,AP_SAT>' },
      });
      x = set(x, 'bn', { precision: { scale: 'ap_ufixed<6,1>', result: 'ap_fixed<9,3,AP_RND,AP_WRAP>' } });
      return set(x, 'gap', {
        precision: { accum: 'ap_fixed<10,4,AP_TRN,AP_SAT>', result: 'ap_fixed<8,3,AP_RND_ZERO>' },
      });
    },
  },
];

const MODES_Q = [
  'AP_TRN',
  'AP_RND',
  'AP_RND_CONV',
  'AP_RND_ZERO',
  'AP_RND_MIN_INF',
  'AP_RND_INF',
  'AP_TRN_ZERO',
];
const MODES_O = ['AP_WRAP', 'AP_SAT', 'AP_SAT_SYM', 'AP_SAT_ZERO'];

/**
 * A seeded random case: random image size, conv geometry (kernel, strides, dilations, pads), strategy and
 * valid reuse factor, pooling op/window/padding/countPad, and random precisions and modes per slot.
 */
function randomCase(seed: number): SpatialCase {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(((r() + 1) / 2) * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const fixed = (wLo: number, wHi: number, iLo: number, iHi: number, signed = true): string => {
    const w = int(wLo, wHi);
    return `ap_${signed ? '' : 'u'}fixed<${w},${Math.min(int(iLo, iHi), w)},${pick(MODES_Q)},${pick(MODES_O)}>`;
  };
  const [H, W, C] = [int(4, 7), int(4, 7), int(1, 3)];
  const kernel = [int(1, 3), int(1, 3)];
  const strides = [int(1, 2), int(1, 2)];
  const dilations = [int(1, 2), int(1, 2)];
  const pads = [int(0, 1), int(0, 1), int(0, 1), int(0, 2)];
  const F = int(2, 4);
  const cv = conv('conv', 'x', [H, W, C], F, kernel, { strides, dilations, pads, seed: seed + 1 });
  const [oh, ow] = [cv.outputShape[0]!, cv.outputShape[1]!];
  const pk = [Math.min(int(1, 3), oh + 1), Math.min(int(2, 3), ow + 1)];
  const pp = [int(0, pk[0]! - 1), int(0, pk[0]! - 1), int(0, pk[1]! - 1), int(0, pk[1]! - 1)];
  const op = pick(['max', 'average'] as const);
  const pl = pool('pool', 'act', [oh, ow, F], op, pk, {
    strides: [int(1, 2), int(1, 2)],
    pads: pp,
    countPad: r() > 0,
  });
  const pshape = pl.outputShape as number[];
  const size = pshape.reduce((a, b) => a * b, 1);
  const unsigned = r() > 0;
  const g = graph(
    `random${seed}`,
    [
      inputND('x', [H, W, C]),
      cv,
      act('act', 'conv', [oh, ow, F], 'relu'),
      pl,
      batchnorm('bn', 'pool', pshape, seed + 2),
      simple('Reshape', 'flatten', 'bn', [size]),
      dense('fc', 'flatten', size, 3, seed + 3),
    ],
    ['fc'],
  );
  const nIn = kernel[0]! * kernel[1]! * C;
  const rfs = validReuseFactors(nIn, F);
  const resource = r() > 0;
  return {
    name: `random_${seed}`,
    graph: g,
    configure: (c) => {
      let x = set(c, 'x', { precision: { result: fixed(8, 14, 2, 5) } });
      x = set(x, 'conv', {
        strategy: resource ? 'Resource' : 'Latency',
        reuseFactor: resource ? pick(rfs) : 1,
        precision: {
          weight: fixed(6, 10, 1, 3),
          bias: fixed(6, 10, 1, 3),
          accum: fixed(10, 18, 3, 7),
          result: fixed(8, 14, 3, 6),
        },
      });
      x = set(x, 'act', { precision: { result: fixed(6, 10, 2, 4, !unsigned) } });
      x = set(x, 'pool', {
        precision: { accum: fixed(8, 14, 2, 6, !unsigned || op === 'average'), result: fixed(8, 12, 2, 5) },
      });
      x = set(x, 'bn', {
        precision: { scale: fixed(6, 10, 1, 3), bias: fixed(6, 10, 1, 3), result: fixed(8, 14, 2, 6) },
      });
      return set(x, 'fc', { precision: { accum: fixed(10, 18, 4, 8), result: fixed(10, 16, 4, 8) } });
    },
  };
}

export const RANDOM_SPATIAL_CASES: readonly SpatialCase[] = [101, 202, 505, 404, 606, 707, 808, 909].map(
  randomCase,
);

export interface SpatialOutcome {
  readonly rows: number;
  readonly mismatches: string[];
  readonly overflowEvents: number;
  readonly outputs: Float64Array;
}

export function spatialRows(size: number, seed: number): number[][] {
  return randomNormalRows(seed, 1000, size, 1.5).map((r, i) => (i % 4 === 0 ? r.map((v) => v * 20) : r));
}

export async function runSpatialCase(c: SpatialCase): Promise<SpatialOutcome> {
  let g: ModelGraph;
  let base: DesignConfig;
  let rows: number[][];
  if (c.graph) {
    g = c.graph;
    base = defaultConfig('Vivado');
    rows = spatialRows(
      g.layers[0]!.outputShape.reduce((a, b) => a * b, 1),
      4321,
    );
  } else {
    const golden = await loadGoldenCase(c.golden ?? '');
    g = golden.graph;
    base = golden.config;
    rows = parityRows(golden.inputs, golden.inputs[0]!.length, 4321);
  }
  const lowered = lower(g, { ...c.configure(base), projectName: 'myproject' });
  const result = emulate(lowered, rows);
  const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
  const csim = await runCsim(files, `spatial-${c.name}`, rows);
  const scale = 2 ** fractionalBits(result.outputTypes[0]!);
  const n = result.outputs[0]!.length / rows.length;
  const mismatches: string[] = [];
  for (let s = 0; s < rows.length; s++) {
    for (let k = 0; k < n; k++) {
      const ours = result.outputs[0]![s * n + k]! * scale;
      const theirs = (csim[s]?.[k] ?? NaN) * scale;
      if (ours !== theirs) mismatches.push(`row ${s} out ${k}: emulator raw ${ours}, csim raw ${theirs}`);
    }
  }
  const overflowEvents = result.layers.reduce(
    (a, l) => a + Object.values(l.overflows).reduce((x, y) => x + y, 0),
    0,
  );
  return { rows: rows.length, mismatches, overflowEvents, outputs: result.outputs[0]! };
}
