/**
 * Issue 5's golden check: after the passes, the layer list and every resolved type equal what hls4ml
 * really did (hls4ml_graph_after_optimization in each case's config.json), names mapped through
 * layer_name_mapping. Types are compared as the C++ strings hls4ml printed.
 */
import { describe, expect, it } from 'vitest';
import { toApType } from '../../src/core/fixed/format';
import { lower } from '../../src/core/passes/lower';
import { loadGoldenCase } from './goldenCase';

interface HlsLayer {
  name: string;
  class_name: string;
  types: Record<string, string>;
  attributes: { index: number; reuse_factor?: number; strategy?: string };
}

/** hls4ml prints a trailing saturation-bits argument of 0 in some places (…,AP_SAT,0>). */
const canonical = (t: string): string => t.replace(/,0>$/, '>');

describe.each(['a_jet_mlp_latency', 'g_sigmoid_tanh_lut', 'f_dense_batchnorm_relu', 'd_conv1d_relu_flatten_dense'])(
  'passes golden %s',
  (name) => {
    it('layers, indices and every resolved type equal hls4ml after its passes', async () => {
      const c = await loadGoldenCase(name);
      const lowered = lower(c.graph, c.config);
      const mapping = (c.raw['layer_name_mapping'] as { nodes: { onnx_node: string; torch_fx_name: string }[] }).nodes;
      const hlsName = new Map(mapping.map((m) => [m.onnx_node, m.torch_fx_name]));
      const expected = (c.raw['hls4ml_graph_after_optimization'] as HlsLayer[]).map((l) => ({
        name: l.name,
        index: l.attributes.index,
        types: Object.fromEntries(
          Object.entries(l.types)
            .filter(([k]) => k !== 'index_t')
            .map(([k, v]) => [k, canonical(v)]),
        ),
      }));
      const ours = lowered.layers.map((l) => ({
        name: hlsName.get(l.name) ?? l.name,
        index: l.index,
        types: Object.fromEntries(
          Object.entries(l.types)
            .filter(([k]) => expected.find((e) => e.name === (hlsName.get(l.name) ?? l.name))?.types[k] !== undefined)
            .map(([k, t]) => [k, toApType(t)]),
        ),
      }));
      const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
      expect([...ours].sort(byIndex)).toEqual([...expected].sort(byIndex));
    });
  },
);
