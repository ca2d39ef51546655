import { describe, expect, it } from 'vitest';
import { mulberry32, parseRows, randomNormalRows } from './inputs';

describe('input rows', () => {
  it('the PRNG sequence is pinned (changing it would change every seeded run)', () => {
    const r = mulberry32(42);
    expect([r(), r(), r()].map((v) => Math.round(v * 1e6))).toEqual([601104, 448291, 852466]);
  });
  it('seeded rows repeat for a seed and differ across seeds', () => {
    expect(randomNormalRows(7, 3, 4, 1)).toEqual(randomNormalRows(7, 3, 4, 1));
    expect(randomNormalRows(7, 3, 4, 1)).not.toEqual(randomNormalRows(8, 3, 4, 1));
    const rows = randomNormalRows(1, 2000, 16, 1.5);
    const flat = rows.flat();
    const mean = flat.reduce((a, v) => a + v, 0) / flat.length;
    const sd = Math.sqrt(flat.reduce((a, v) => a + (v - mean) ** 2, 0) / flat.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1.5)).toBeLessThan(0.05);
  });
  it('parses JSON and CSV (with a header)', () => {
    expect(parseRows('[[1,2],[3,4.5]]', 'a.json', 2)).toEqual([
      [1, 2],
      [3, 4.5],
    ]);
    expect(parseRows('a,b\n1,2\n3, 4.5\n', 'a.csv', 2)).toEqual([
      [1, 2],
      [3, 4.5],
    ]);
  });
  it('names the file and the row on bad input', () => {
    expect(() => parseRows('[[1,2],[3]]', 'x.json', 2)).toThrowError(
      /row 2 has 1 values but the model input has 2/,
    );
    expect(() => parseRows('1,2\n3,zz', 'x.csv')).toThrowError(/line 2 has a value that is not a number/);
    expect(() => parseRows('[[1,', 'x.json')).toThrowError(/not valid JSON/);
  });
});
