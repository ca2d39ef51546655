/**
 * Quartus' init_dense / init_conv (hls4ml-facts.md §5.3): Intel HLS has only the resource-style matrix
 * multiply, so every Dense and Conv layer uses the Resource strategy whatever the configuration asks.
 * Runs before validate_reuse_factor, so reuse factors are checked for the strategy actually used.
 */
import type { DraftGraph, Pass, ReportBuilder } from './draft';

export const quartusResourceStrategy: Pass = {
  name: 'quartus:init_dense',
  description:
    'Quartus has only the resource matrix multiply: Dense and Conv layers use the Resource strategy.',
  run(g: DraftGraph, report: ReportBuilder): void {
    for (const d of g.layers) {
      if (d.layer.kind !== 'Dense' && d.layer.kind !== 'Conv') continue;
      if (d.strategy === 'resource') continue;
      report.change(d.layer.name, `strategy ${d.strategy} → resource (the only one Quartus has)`);
      d.strategy = 'resource';
    }
  },
};
