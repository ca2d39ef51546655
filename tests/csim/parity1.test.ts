// C-sim parity, part 2 of 3 (split so vitest compiles the projects in parallel on two cores).
import { describe, expect, it } from 'vitest';
import { PARITY_CASES, runParityCase } from './parityCases';

describe.each(PARITY_CASES.filter((_, i) => i % 3 === 1).map((c) => [c.name, c] as const))(
  'C-sim parity %s',
  (_name, c) => {
    it('make csim prints exactly the emulator outputs for 1,000 rows', async () => {
      const r = await runParityCase(c);
      expect(r.rows).toBe(1000);
      expect(r.mismatches.slice(0, 10)).toEqual([]);
      // The rows must exercise overflow, or the saturation and wrap paths went untested.
      if (c.overflows) expect(r.overflowEvents).toBeGreaterThan(0);
      else expect(r.overflowEvents).toBe(0);
    });
  },
);
