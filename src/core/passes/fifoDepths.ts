/**
 * set_fifo_depths (io_stream only): every layer's output stream gets a depth that can never deadlock —
 * the whole tensor's pixel count (elements ÷ channels), hls4ml's default before its co-simulation-driven
 * FIFO optimisation. A stream that can hold its entire tensor lets the producer finish whatever the
 * consumers' order, so the estimate is safe for branching graphs too; it may be larger than needed.
 */
import { elementCount } from '../ir/graph';
import type { DraftGraph, Pass, ReportBuilder } from './draft';

export const setFifoDepths: Pass = {
  name: 'set_fifo_depths',
  description: 'io_stream: give each layer output stream a safe depth (its pixel count).',
  run(g: DraftGraph, report: ReportBuilder): void {
    if (g.config.ioType !== 'io_stream') return;
    for (const d of g.layers) {
      const shape = d.layer.outputShape;
      const channels = shape.length > 1 ? (shape[shape.length - 1] ?? 1) : elementCount(shape);
      const depth = Math.max(1, Math.ceil(elementCount(shape) / Math.max(1, channels)));
      d.fifoDepth = depth;
      report.change(
        d.layer.name,
        `output stream depth ${depth} (${elementCount(shape)} values in ${channels}-wide words)`,
      );
    }
  },
};
