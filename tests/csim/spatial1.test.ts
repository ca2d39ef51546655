// C-sim parity of the spatial kinds, part 2 of 2 (split so vitest compiles the projects on two cores).
import { describe, expect, it } from 'vitest';
import { SPATIAL_CASES, runSpatialCase } from './spatialCases';

describe.each(SPATIAL_CASES.filter((_, i) => i % 2 === 1).map((c) => [c.name, c] as const))(
  'C-sim parity (spatial) %s',
  (_name, c) => {
    it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
      const r = await runSpatialCase(c);
      expect(r.rows).toBe(1000);
      expect(r.mismatches.slice(0, 10)).toEqual([]);
      expect(r.overflowEvents).toBeGreaterThan(0);
      // Not a constant output: the layers really compute something.
      expect(new Set(r.outputs).size).toBeGreaterThan(20);
    });
  },
);
