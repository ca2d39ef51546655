/**
 * Seeded random configurations for the Quartus and oneAPI parity tests.
 */
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import type { ModelGraph } from '../../src/core/ir/graph';
import { validReuseFactors } from '../../src/core/passes/reuseFactor';
import { TypeDraw } from '../csim/elementwiseHarness';

/**
 * Random precisions, modes, reuse factors and table settings for every layer of `g`, for the Quartus or
 * oneAPI backend (the same kernels and semantics).
 */
export function randomIntelConfig(g: ModelGraph, seed: number, backend: 'Quartus' | 'oneAPI'): DesignConfig {
  const base = defaultConfig(backend);
  const d = new TypeDraw(seed);
  let c: DesignConfig = {
    ...base,
    model: { ...base.model, precision: { default: d.fixed(12, 18, 4, 7) } },
  };
  for (const l of g.layers) {
    if (l.kind === 'Dense' || l.kind === 'Conv') {
      const [nIn, nOut] =
        l.kind === 'Dense' ? [l.nIn, l.nOut] : [l.kernel.reduce((a, b) => a * b, 1) * l.nChan, l.nFilt];
      c = withLayerSetting(c, l.name, {
        reuseFactor: d.pick(validReuseFactors(nIn, nOut)),
        precision: {
          weight: d.fixed(6, 12, 1, 3),
          bias: d.fixed(6, 12, 1, 3),
          accum: d.fixed(10, 20, 4, 8),
          result: d.fixed(8, 16, 3, 7),
        },
      });
    } else if (l.kind === 'Activation') {
      // A coarse param_t that Quartus must ignore (its leaky/thresholded relu take the parameter as data_T).
      const param: Record<string, string> = ['leaky_relu', 'thresholded_relu'].includes(l.activation)
        ? { param: d.fixed(3, 5, 1, 1) }
        : {};
      c = withLayerSetting(c, l.name, {
        tableSize: d.pick([256, 512, 1024, 2048]),
        precision: {
          result: d.fixed(8, 16, 1, 5, d.int(0, 3) === 0),
          table: d.fixed(10, 18, 2, 8),
          ...param,
        },
      });
    } else if (l.kind === 'Pooling' || l.kind === 'GlobalPooling') {
      // A narrow accum_t that Quartus must ignore (its max pooling casts the winner straight to result_t).
      c = withLayerSetting(c, l.name, {
        precision: { accum: d.fixed(5, 8, 1, 2), result: d.fixed(8, 16, 3, 6) },
      });
    } else if (l.kind === 'Softmax') {
      c = withLayerSetting(c, l.name, {
        implementation: 'stable',
        precision: {
          result: d.fixed(8, 16, 1, 3),
          exp_table: `ap_fixed<${d.int(12, 18)},${d.int(5, 8)},AP_RND,AP_SAT>`,
          inv_table: `ap_fixed<${d.int(12, 18)},${d.int(5, 8)},AP_RND,AP_SAT>`,
        },
      });
    } else if (l.kind === 'BatchNormalization') {
      c = withLayerSetting(c, l.name, {
        precision: { scale: d.fixed(8, 14, 2, 3), bias: d.fixed(6, 12, 1, 3), result: d.fixed(8, 16, 2, 6) },
      });
    } else if (l.kind === 'Merge') {
      c = withLayerSetting(c, l.name, { precision: { result: d.fixed(8, 16, 2, 6) } });
    } else if (l.kind === 'PReLU') {
      // A coarse param_t that Quartus must ignore (its prelu holds the alphas in data_T).
      c = withLayerSetting(c, l.name, {
        precision: { param: d.fixed(3, 5, 1, 1), result: d.fixed(8, 16, 2, 6, d.int(0, 3) === 0) },
      });
    } else if (l.kind === 'SimpleRNN' || l.kind === 'GRU' || l.kind === 'LSTM') {
      c = withLayerSetting(c, l.name, {
        tableSize: d.pick([256, 512, 1024]),
        precision: {
          weight: d.fixed(6, 12, 1, 3),
          recurrent_weight: d.fixed(6, 12, 1, 3),
          bias: d.fixed(6, 12, 1, 3),
          recurrent_bias: d.fixed(6, 12, 1, 3),
          accum: d.fixed(10, 18, 3, 6),
          table: d.fixed(10, 18, 2, 8),
          result: d.fixed(8, 16, 2, 5),
        },
      });
    } else if (l.kind === 'Dot') {
      // A narrow accum_t, so that the per-product and per-step casts show.
      c = withLayerSetting(c, l.name, {
        precision: { accum: d.fixed(8, 12, 3, 5), result: d.fixed(8, 16, 3, 6) },
      });
    } else if (l.kind === 'Embedding') {
      c = withLayerSetting(c, l.name, {
        precision: { embeddings: d.fixed(8, 16, 2, 3), result: d.fixed(6, 14, 1, 2) },
      });
    }
  }
  return c;
}
