// Table entries against the sample values of fixed-point.md §6.8.3–6.8.4 (checked there against hls4ml's C++).
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import { sigmoidTable, tanhTable } from './tables';
import { tableIndex } from './activations';

const T18_8 = P('ap_fixed<18,8>');

describe('activation tables (table_t ap_fixed<18,8>, T = 1024)', () => {
  it('sigmoid samples', () => {
    const t = sigmoidTable(1024, T18_8, 'ap') as Float64Array;
    expect([t[0], t[512], t[600], t[1023]]).toEqual([0, 512, 817, 1023]);
  });
  it('tanh samples', () => {
    const t = tanhTable(1024, T18_8, 'ap') as Float64Array;
    expect([t[0], t[700]]).toEqual([-1024, 920]);
  });
});

describe('table index = clamp(trunc0(x·T/R) + T/2)', () => {
  it('ap truncates toward zero: raw −11 of ap_fixed<16,6> lands in the double-width zero bin', () => {
    expect(tableIndex(-11, 10, 1024, 16, 'ap')).toBe(512);
    expect(tableIndex(11, 10, 1024, 16, 'ap')).toBe(512);
  });
  it('ac floors', () => {
    expect(tableIndex(-11, 10, 1024, 16, 'ac')).toBe(511);
  });
  it('clamps at both ends', () => {
    expect(tableIndex(-100000, 10, 1024, 16, 'ap')).toBe(0);
    expect(tableIndex(100000, 10, 1024, 16, 'ap')).toBe(1023);
  });
  it('BigInt raws give the same index', () => {
    expect(tableIndex(-11n, 10, 1024, 16, 'ap')).toBe(512);
    expect(tableIndex(-11n, 10, 1024, 16, 'ac')).toBe(511);
    expect(tableIndex(5000n, 10, 1024, 8, 'ap')).toBe(tableIndex(5000, 10, 1024, 8, 'ap'));
  });
});
