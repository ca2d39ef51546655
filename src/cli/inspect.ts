/**
 * What `hls-studio inspect` prints: the graph after the passes, every precision written as the C++ type
 * string the generated code uses.
 */
import { toCppType } from '../core/fixed/format';
import type { LoweredGraph } from '../core/passes/lowered';

export interface InspectLayer {
  name: string;
  kind: string;
  inputs: string[];
  shape: number[];
  types: Record<string, string>;
  reuse_factor: number;
  strategy: string;
}

export function inspectJson(g: LoweredGraph): { layers: InspectLayer[]; passes: unknown[] } {
  return {
    layers: g.layers.map((l) => ({
      name: l.name,
      kind: l.kind,
      inputs: [...l.inputs],
      shape: [...l.outputShape],
      types: Object.fromEntries(Object.entries(l.types).map(([k, t]) => [k, toCppType(t, g.family)])),
      reuse_factor: l.reuseFactor,
      strategy: l.strategy,
    })),
    passes: g.reports.map((r) => ({
      name: r.pass,
      description: r.description,
      changes: r.changes,
      warnings: r.warnings,
    })),
  };
}

export function inspectText(g: LoweredGraph): string {
  const rows = g.layers.map((l) => [
    l.name,
    l.kind,
    `[${l.outputShape.join(',')}]`,
    toCppType(l.types['result_t']!, g.family),
    l.kind === 'Dense' ? `${l.reuseFactor}` : '',
    l.kind === 'Dense' ? l.strategy : '',
  ]);
  const head = ['layer', 'kind', 'shape', 'result', 'reuse', 'strategy'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    `${g.graph.name} (${g.graph.format}): ${g.layers.length} layers, backend ${g.config.backend}, ${g.config.ioType}`,
    line(head),
    ...rows.map(line),
  ];
  const warnings = g.reports.flatMap((r) => r.warnings.map((w) => `warning: ${w.layer}: ${w.message}`));
  return `${[...out, ...warnings].join('\n')}\n`;
}
