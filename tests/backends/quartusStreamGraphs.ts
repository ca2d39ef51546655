/**
 * Generated models for the Quartus io_stream tests: the kinds and semantics that io_stream changes (a
 * line-buffered convolution with padding and strides, stream pooling, global pooling in accum_t, the
 * stream sigmoid / tanh / ternary_tanh, the merge average, clones of tensors read several times, an
 * output that another layer also reads, Concatenate along the channels).
 */
import type { ActivationLayer, Layer, ModelGraph } from '../../src/core/ir/graph';
import { activation, dense, graph, input, softmax } from './graphs';
import {
  actND,
  batchnorm,
  conv,
  globalMaxPool,
  inputND,
  maxPool,
  merge,
  MERGE_OPS,
  reshape,
  rnnGraph,
} from './quartusGraphs';

const src = (op: string, node: string) => ({ op, node });

/**
 * x[9,8,2] → Conv2D 3×3 pads (top 1, bottom 2, left 1, right 1) stride (2,1) → sigmoid → max pool 2×2 → Conv2D 1×1 → tanh (an
 * output, also read below) → global max pool → dense; tanh → global average pool; tanh concatenated with
 * itself on the channels → ternary_tanh → flatten → dense → softmax.
 */
export function streamConvGraph(): ModelGraph {
  return graph(
    'stream_conv',
    [
      inputND('x', [9, 8, 2]),
      conv('c1', 'x', [9, 8, 2], 3, [3, 3], { strides: [2, 1], pads: [1, 2, 1, 1], seed: 201 }),
      actND('s1', 'c1', [5, 8, 3], 'sigmoid'),
      maxPool('p1', 's1', [2, 4, 3], [2, 2]),
      conv('c2', 'p1', [2, 4, 3], 4, [1, 1], { seed: 202 }),
      actND('t2', 'c2', [2, 4, 4], 'tanh'),
      globalMaxPool('gm', 't2', 2, 4),
      dense('fc', 'gm', 4, 3, 203),
      globalMaxPool('ga', 't2', 2, 4, 'average'),
      {
        kind: 'Concatenate',
        name: 'cat',
        inputs: ['t2', 't2'],
        outputShape: [2, 4, 8],
        source: src('Concatenate', 'cat'),
        axis: 2,
      } as Layer,
      actND('tt', 'cat', [2, 4, 8], 'ternary_tanh'),
      reshape('flat', 'tt', [64]),
      dense('fc2', 'flat', 64, 5, 204, 0.4),
      softmax('softmax', 'fc2', 5),
    ],
    ['fc', 't2', 'ga', 'softmax'],
  );
}

/**
 * x[10,3] → Conv1D k3 stride 1 pads (2,0) → average pool 1D of 2 → hard_sigmoid → global average pool 1D
 * (narrow accum_t) → dense; x → global max pool 1D; conv → leaky_relu → PReLU per element → flatten.
 */
export function streamConv1dGraph(): ModelGraph {
  const alphas = Array.from({ length: 30 }, (_, k) => ((k * 37) % 17) / 10 - 0.6);
  return graph(
    'stream_conv1d',
    [
      inputND('x', [10, 3]),
      conv('c1', 'x', [10, 3], 3, [3], { pads: [2, 0], seed: 211 }),
      maxPool('ap', 'c1', [5, 3], [2], undefined, 'average'),
      actND('hs', 'ap', [5, 3], 'hard_sigmoid'),
      globalMaxPool('ga', 'hs', 1, 3, 'average'),
      dense('fc', 'ga', 3, 2, 212),
      globalMaxPool('gm', 'x', 1, 3),
      actND('lr', 'c1', [10, 3], 'leaky_relu', { alpha: 0.2 }),
      {
        kind: 'PReLU',
        name: 'pr',
        inputs: ['lr'],
        outputShape: [10, 3],
        source: src('PReLU', 'pr'),
        alpha: { shape: [10, 3], data: Float32Array.from(alphas) },
      } as Layer,
      reshape('flat', 'pr', [30]),
    ],
    ['fc', 'gm', 'flat'],
  );
}

/** x(12) → dense → relu → bn → the six merges with a second dense, sigmoid, tanh, ternary, threshold. */
export function streamMergeGraph(): ModelGraph {
  return graph(
    'stream_merge',
    [
      input('x', 12),
      dense('d1', 'x', 12, 8, 221),
      activation('r1', 'd1', 8, 'relu'),
      batchnorm('bn', 'r1', [8], 222),
      dense('d2', 'x', 12, 8, 223, 0.8),
      ...MERGE_OPS.map((op) => merge(`m_${op}`, 'bn', 'd2', 8, op)),
      activation('s', 'd2', 8, 'sigmoid'),
      activation('t', 'd2', 8, 'tanh'),
      activation('tt', 'd2', 8, 'ternary_tanh'),
      { ...(activation('th', 'd2', 8, 'thresholded_relu') as ActivationLayer), theta: 0.3 },
      activation('bt', 'd2', 8, 'binary_tanh'),
      activation('ss', 'd2', 8, 'softsign'),
    ],
    [...MERGE_OPS.map((op) => `m_${op}`), 's', 't', 'tt', 'th', 'bt', 'ss'],
  );
}

/**
 * x(8) → dense d1 → softplus, elu (alpha 0.7), elu (alpha 1), selu; x → dense d2 (its own, narrow input type
 * in the tests: data_T(1) and data_T(λ) saturate or wrap there) → elu (alpha 1), selu, softplus; x → dense
 * d3 (large weights; a wide type in the tests, so x·T/16 and x·T/8 pass 2^15) → softplus, elu. All outputs.
 */
export function streamTablesGraph(): ModelGraph {
  return graph(
    'stream_tables',
    [
      input('x', 8),
      dense('d1', 'x', 8, 6, 231, 2),
      activation('sp', 'd1', 6, 'softplus'),
      { ...(activation('el', 'd1', 6, 'elu') as ActivationLayer), alpha: 0.7 },
      activation('e1', 'd1', 6, 'elu'),
      activation('se', 'd1', 6, 'selu'),
      dense('d2', 'x', 8, 5, 232, 1.5),
      activation('e2', 'd2', 5, 'elu'),
      activation('s2', 'd2', 5, 'selu'),
      activation('p2', 'd2', 5, 'softplus'),
      dense('d3', 'x', 8, 4, 233, 40),
      activation('p3', 'd3', 4, 'softplus'),
      activation('e3', 'd3', 4, 'elu'),
    ],
    ['sp', 'el', 'e1', 'se', 'e2', 's2', 'p2', 'p3', 'e3'],
  );
}

/** x [6 steps, 3 features] → the two GRUs of rnnGraph: tanh/sigmoid (last state), relu/tanh (every state). */
export function streamGruGraph(): ModelGraph {
  const g = rnnGraph();
  const keep = ['x', 'gt', 'gr'];
  return graph(
    'stream_gru',
    g.layers.filter((l) => keep.includes(l.name)),
    ['gt', 'gr'],
  );
}
