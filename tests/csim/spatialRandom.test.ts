// C-sim parity of the spatial kinds on seeded random geometries, strategies and precisions.
import { describe, expect, it } from 'vitest';
import { RANDOM_SPATIAL_CASES, runSpatialCase } from './spatialCases';

describe.each(RANDOM_SPATIAL_CASES.map((c) => [c.name, c] as const))(
  'C-sim parity (spatial) %s',
  (_name, c) => {
    it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
      const r = await runSpatialCase(c);
      expect(r.rows).toBe(1000);
      expect(r.mismatches.slice(0, 10)).toEqual([]);
      expect(r.overflowEvents).toBeGreaterThan(0);
    });
  },
);
