// io_stream C-sim parity, part 1 of 2: line-buffer convolutions (latency and resource), depthwise,
// separable, pointwise, batch norm, global pooling, nearest resize, transpose, flatten and dense in
// io_stream (one project per case, split across two files so vitest compiles them on two cores).
import { describe, expect, it } from 'vitest';
import { runSpatialCase } from './spatialCases';
import { STREAM_SPATIAL_CASES } from './streamCases';

describe.each(STREAM_SPATIAL_CASES.map((c) => [c.name, c] as const))(
  'C-sim parity (io_stream) %s',
  (_name, c) => {
    it('make csim of the io_stream project prints exactly the emulator outputs for 1,000 rows', async () => {
      const r = await runSpatialCase(c);
      expect(r.rows).toBe(1000);
      expect(r.mismatches.slice(0, 10)).toEqual([]);
      expect(r.overflowEvents).toBeGreaterThan(0);
      // Not a constant output: the layers really compute something.
      expect(new Set(r.outputs).size).toBeGreaterThan(20);
    }, 600_000);
  },
);
