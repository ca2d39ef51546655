import { describe, expect, it } from 'vitest';
import { StudioError } from '../core/errors';
import { TRACE_VALUES_BUDGET, randomNormalRows, traceRowLimit } from '../core/emulate/inputs';
import { inputKey, parseRowsFile, rowsFor } from './inputs';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('input rows', () => {
  it('draws the same normal rows for the same seed', () => {
    const a = randomNormalRows(7, 500, 16, 1);
    const b = randomNormalRows(7, 500, 16, 1);
    const c = randomNormalRows(8, 500, 16, 1);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const all = a.flat();
    const mean = all.reduce((x, y) => x + y, 0) / all.length;
    const sd = Math.sqrt(all.reduce((x, y) => x + (y - mean) ** 2, 0) / all.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
  });

  it('scales by sigma and clamps the count', () => {
    const { rows, source } = rowsFor({ kind: 'random', seed: 1, count: 3, scale: 2 }, 4);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveLength(4);
    expect(rows[0]![0]).toBeCloseTo(2 * randomNormalRows(1, 1, 4, 1)[0]![0]!, 12);
    expect(source).toBe('random normal rows, seed 1, σ 2');
  });

  it('uses fewer rows when the trace would not fit, and says so', () => {
    // A 256×256 U-Net traces ~30 M values per row: one row fits the budget.
    const limit = traceRowLimit(30_000_000);
    expect(limit).toBe(1);
    expect(traceRowLimit(100)).toBe(Math.floor(TRACE_VALUES_BUDGET / 100));
    const random = rowsFor({ kind: 'random', seed: 1, count: 1000, scale: 1 }, 3, limit);
    expect(random.rows).toHaveLength(1);
    expect(random.rows[0]).toEqual(randomNormalRows(1, 1, 3, 1)[0]);
    expect(random.source).toMatch(/^random normal rows, seed 1, σ 1: the first 1 of 1,000, as every layer/);
    const file = rowsFor({ kind: 'file', name: 'r.json', bytes: enc('[[1],[2],[3]]') }, 1, 2);
    expect(file.rows).toEqual([[1], [2]]);
    expect(file.source).toMatch(/^rows from r\.json: the first 2 of 3, as every layer/);
  });

  it('reads JSON lists of rows, flattening nested rows', () => {
    expect(parseRowsFile('r.json', enc('[[1,2],[3,4]]'), 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseRowsFile('r.json', enc('[[[1],[2]]]'), 2)).toEqual([[1, 2]]);
  });

  it('reads CSV with an optional header', () => {
    expect(parseRowsFile('r.csv', enc('a,b\n1,2\n\n3;4\n'), 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('refuses rows of the wrong length with a located error', () => {
    try {
      parseRowsFile('r.csv', enc('1,2,3\n'), 2);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StudioError);
      expect((e as StudioError).oneLine()).toContain('r.csv');
      expect((e as StudioError).message).toContain('row 1 has 3 values');
    }
    expect(() => parseRowsFile('r.json', enc('{"a":1}'), 2)).toThrow(StudioError);
    expect(() => parseRowsFile('r.json', enc('[[1,"x"]]'), 2)).toThrow(/not a number/);
  });

  it('keys inputs by content', () => {
    const a = inputKey({ kind: 'file', name: 'a', bytes: enc('[[1]]') });
    const b = inputKey({ kind: 'file', name: 'a', bytes: enc('[[2]]') });
    expect(a).not.toBe(b);
    expect(inputKey({ kind: 'random', seed: 1, count: 2, scale: 1 })).toBe('random:1:2:1');
  });
});
