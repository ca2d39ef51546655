/**
 * config_from_model with granularity 'name' writes what hls4ml's config_from_pytorch_model wrote for the
 * same model (the LayerName block of each reference config.json, names mapped through layer_name_mapping),
 * and every granularity survives a YAML round trip.
 */
import { describe, expect, it } from 'vitest';
import { configFromModel } from '../../src/core/config/configFromModel';
import { exportHls4mlDict, exportHls4mlYaml, importHls4mlConfig } from '../../src/core/config/hls4mlConfig';
import { loadGoldenCase } from './goldenCase';

describe.each(['g_sigmoid_tanh_lut'])('config_from_model %s', (name) => {
  it("granularity 'name' equals hls4ml's LayerName block", async () => {
    const c = await loadGoldenCase(name);
    const mapping = (c.raw['layer_name_mapping'] as { nodes: { onnx_node: string; torch_fx_name: string }[] }).nodes;
    const hlsName = new Map(mapping.map((m) => [m.onnx_node, m.torch_fx_name]));
    const dict = exportHls4mlDict(configFromModel(c.graph, { granularity: 'name' })) as {
      HLSConfig: { LayerName: Record<string, unknown> };
    };
    const ours = Object.fromEntries(Object.entries(dict.HLSConfig.LayerName).map(([k, v]) => [hlsName.get(k) ?? k, v]));
    // The case's author then raised tanh's table to 2048 entries (README: "Tanh (table size 2048)").
    const generated = structuredClone(c.raw['LayerName']) as Record<string, { TableSize?: number }>;
    generated['tanh']!.TableSize = 1024;
    expect(ours).toEqual(generated);
  });

  it.each(['model', 'type', 'name'] as const)('granularity %s: export → import is lossless', async (granularity) => {
    const c = await loadGoldenCase(name);
    const cfg = configFromModel(c.graph, { granularity });
    expect(importHls4mlConfig(exportHls4mlYaml(cfg), 'round.yml')).toEqual(cfg);
  });
});
