/** The fuzz harness itself: a hang is cut off by its budget, a crash and a dead child are reported. */
import { describe, expect, it } from 'vitest';
import { budgetMs, runFuzz } from './harness';

describe('fuzz harness', () => {
  it('reports hangs, crashes and dead children, and carries on after each', async () => {
    const tasks = [
      { id: 1, path: '@selftest/crash', seed: 1 },
      { id: 2, path: '@selftest/hang', seed: 2 },
      { id: 3, path: '@selftest/die', seed: 3 },
      { id: 4, path: '@selftest/crash', seed: 4 },
    ];
    const started = performance.now();
    const results = await runFuzz(
      tasks,
      () => 0,
      undefined,
      () => 1000,
    );
    expect(results.map((r) => r.outcome)).toEqual(['crash', 'hang', 'died', 'crash']);
    expect(results[0]!.message).toBe('TypeError: self-test crash');
    expect(results[1]!.message).toMatch(
      /no answer within a budget of \d+ ms \(\d+ ms CPU, \d+ ms wall\) in stage load/,
    );
    // The hang cost its budget, not more.
    expect(performance.now() - started).toBeLessThan(1000 * 8 + 60_000);
  }, 300_000);

  it('gives bigger files a bigger budget', () => {
    expect(budgetMs(10 << 20)).toBeGreaterThan(budgetMs(1000));
    expect(budgetMs(0)).toBeGreaterThanOrEqual(5000);
  });
});
