/**
 * check_config: say what in the configuration had no effect, instead of ignoring it silently — a
 * LayerName entry that matches no layer (the commonest hls4ml pitfall: names of inserted or renamed
 * layers), a LayerType no layer has, and keys that are kept for export but not interpreted.
 */
import { hlsClassOf } from '../ir/kinds';
import type { DraftGraph, Pass, ReportBuilder } from './draft';

const extraKeys = (settings: { readonly extra?: Readonly<Record<string, unknown>> } | undefined): string[] =>
  Object.keys(settings?.extra ?? {});

export const checkConfig: Pass = {
  name: 'check_config',
  description: 'Report configuration entries that match no layer and keys that are kept but not used.',
  run(g: DraftGraph, report: ReportBuilder): void {
    const { config } = g;
    const names = new Set(g.graph.layers.map((l) => l.name.toLowerCase()));
    const classes = new Set(g.graph.layers.map((l) => hlsClassOf(l).toLowerCase()));
    for (const name of Object.keys(config.layerName)) {
      if (!names.has(name.toLowerCase())) {
        report.warn(name, `LayerName '${name}' matches no layer of this model; it has no effect`);
      }
    }
    for (const cls of Object.keys(config.layerType)) {
      if (!classes.has(cls.toLowerCase()))
        report.warn(cls, `LayerType '${cls}': the model has no such layer`);
    }
    const kept = [
      ...Object.keys(config.extra).map((k) => k),
      ...extraKeys(config.model).map((k) => `Model.${k}`),
      ...Object.entries(config.layerType).flatMap(([t, s]) => extraKeys(s).map((k) => `LayerType.${t}.${k}`)),
      ...Object.entries(config.layerName).flatMap(([n, s]) => extraKeys(s).map((k) => `LayerName.${n}.${k}`)),
    ];
    if (kept.length > 0) {
      report.change('config', `kept for export, not used by the studio yet: ${kept.join(', ')}`);
    }
  },
};
