// The 40 test vectors of ../shared/fixed-point.md §8, each confirmed there against the real headers.
import { describe, expect, it } from 'vitest';
import { castBig, convertRawBig, fromDouble, fromDoubleBig, makeCaster, makeDoubleCaster } from './convert';
import { parsePrecisionOrThrow as P } from './parse';
import { fractionalBits, type FixedType, type TypeFamily } from './types';
import { divRawBig } from './arith';

/** Unsigned W-bit pattern of a raw, as §8 writes results. */
const pattern = (raw: bigint, t: FixedType): number => Number(BigInt.asUintN(t.width, raw));

function dbl(x: number, type: string, family: TypeFamily = 'ap'): number {
  const t = P(type);
  const big = fromDoubleBig(x, t, family);
  // The fast path must agree with the reference on every vector.
  expect(BigInt(fromDouble(x, t, family))).toBe(big);
  expect(BigInt(makeDoubleCaster(t, family)(x))).toBe(big);
  return pattern(big, t);
}

function cast(raw: number, src: string, dst: string): number {
  const s = P(src);
  const d = P(dst);
  const big = castBig(BigInt(raw), s, d);
  expect(BigInt(makeCaster(fractionalBits(s), d)(raw))).toBe(big);
  return pattern(big, d);
}

describe('fixed-point.md §8 vectors', () => {
  const rows: [number, number, string, number][] = [
    [1, 0.625, 'ap_fixed<4,2,AP_RND>', 3],
    [2, -0.625, 'ap_fixed<4,2,AP_RND>', 14],
    [3, -0.625, 'ap_fixed<4,2,AP_RND_ZERO>', 14],
    [4, -0.625, 'ap_fixed<4,2,AP_RND_MIN_INF>', 13],
    [5, -0.625, 'ap_fixed<4,2,AP_RND_INF>', 13],
    [6, -0.625, 'ap_fixed<4,2,AP_RND_CONV>', 14],
    [7, -0.375, 'ap_fixed<4,2,AP_RND_CONV>', 14],
    [8, -0.1, 'ap_fixed<4,2>', 15],
    [9, -0.1, 'ap_fixed<4,2,AP_TRN_ZERO>', 0],
    [10, 1.875, 'ap_fixed<4,2,AP_RND,AP_WRAP>', 8],
    [11, 1.875, 'ap_fixed<4,2,AP_RND,AP_SAT>', 7],
    [12, -2.1, 'ap_fixed<4,2,AP_TRN,AP_SAT_SYM>', 9],
    [13, -2.0, 'ap_fixed<4,2,AP_TRN,AP_SAT_SYM>', 9],
    [14, 5.0, 'ap_fixed<4,2,AP_TRN,AP_SAT_ZERO>', 0],
    [15, -1.0, 'ap_ufixed<4,2,AP_TRN,AP_SAT>', 0],
    [16, -1.0, 'ap_ufixed<4,2>', 12],
    [17, 100.0, 'ap_fixed<4,6>', 9],
    [18, 100.0, 'ap_fixed<4,6,AP_TRN,AP_SAT>', 7],
    [20, 0.2, 'ap_fixed<4,-2,AP_RND,AP_SAT>', 7],
    [21, -1e-300, 'ap_fixed<8,4>', 255],
    [22, 9.0, 'ap_fixed<8,4,AP_TRN,AP_WRAP,2>', 80],
    [23, -1.0, 'ap_ufixed<8,4,AP_TRN,AP_WRAP,2>', 240],
    [24, 2.25, 'ap_fixed<4,2,AP_TRN,AP_WRAP_SM>', 6],
    [26, -2.0, 'ac_fixed<4,2,true,AC_TRN,AC_SAT_SYM>', 9],
    [27, -1.0, 'ac_fixed<4,2,false,AC_TRN,AC_SAT>', 0],
    [28, -1.0, 'ap_fixed<1,1,AP_TRN,AP_SAT_SYM>', 1],
    [32, 0.1, 'ap_fixed<16,6>', 102],
  ];
  for (const [n, x, type, raw] of rows) {
    it(`#${n}: ${x} → ${type} = ${raw}`, () => expect(dbl(x, type)).toBe(raw));
  }

  it('#19: 0.01 → ap<4,−2> TRN / RND', () => {
    expect(dbl(0.01, 'ap_fixed<4,-2>')).toBe(0);
    expect(dbl(0.01, 'ap_fixed<4,-2,AP_RND>')).toBe(1);
  });
  it('#25: ac RND_CONV_ODD', () => {
    expect(dbl(0.625, 'ac_fixed<4,2,true,AC_RND_CONV_ODD>', 'ac')).toBe(3);
    expect(dbl(0.375, 'ac_fixed<4,2,true,AC_RND_CONV_ODD>', 'ac')).toBe(1);
  });
  it('#29–#31: fixed → fixed', () => {
    expect(cast(-1, 'ap_fixed<8,4>', 'ap_fixed<4,4,AP_RND,AP_SAT>')).toBe(0);
    expect(cast(127, 'ap_fixed<8,4>', 'ap_fixed<4,4,AP_RND,AP_SAT>')).toBe(7);
    expect(cast(127, 'ap_fixed<8,4>', 'ap_fixed<4,4,AP_RND,AP_WRAP>')).toBe(8);
    expect(cast(-32, 'ap_fixed<6,2>', 'ap_fixed<4,2,AP_TRN,AP_SAT_SYM>')).toBe(9);
  });
  it('#33: +inf', () => {
    expect(dbl(Infinity, 'ap_fixed<18,8,AP_RND,AP_SAT>')).toBe(131071);
    expect(dbl(Infinity, 'ap_fixed<18,8>')).toBe(0);
  });
  it('#34: weights are printed with F decimals first (0.249 → "0.25" → raw 1)', async () => {
    const { formatDecimal } = await import('./decimal');
    const t = P('ap_fixed<8,6>');
    expect(formatDecimal(0.249, 2)).toBe('0.25');
    expect(fromDouble(Number(formatDecimal(0.249, 2)), t)).toBe(1);
    expect(fromDouble(0.249, t)).toBe(0);
  });
  it('#35: average pool y /= 2u truncates toward zero', () => {
    const t = P('ap_fixed<8,4>');
    const raw = fromDouble(-0.3125, t); // -5
    const q = divRawBig(BigInt(raw), t, 2n, P('ap_ufixed<32,32>'));
    expect(pattern(convertRawBig(q.raw, q.frac, t), t)).toBe(254);
  });
  it('#36/#37: sigmoid index data_round for raw −11', () => {
    // ap: x*1024u/16 → int truncates toward zero: trunc0(-11/1024*1024/16) = trunc0(-0.6875) = 0
    const apInt = P('ap_int<32>');
    expect(Number(convertRawBig(-11n * 1024n, 10 + 4, apInt, 'ap'))).toBe(0);
    // ac: to_int floors: −1
    expect(Number(convertRawBig(-11n * 1024n, 10 + 4, apInt, 'ac'))).toBe(-1);
  });
  it('#38/#39: to_int and integer from double', () => {
    const i32 = P('int<32>');
    expect(fromDouble(-2.6875, i32, 'ap')).toBe(-2);
    expect(fromDouble(-2.6875, i32, 'ac')).toBe(-3);
    expect(fromDouble(-2.7, P('ap_int<8>'), 'ap')).toBe(-2);
    expect(fromDouble(-2.7, P('ac_int<8,true>'), 'ac')).toBe(-3);
  });
  it('#40: shifts keep the type', () => {
    const t = P('ap_fixed<8,3>');
    const raw = fromDouble(-2.6875, t); // -86
    expect((BigInt(raw) >> 3n) * 1n).toBe(-11n); // floor: -0.34375 = -11/32
    expect(BigInt.asIntN(8, BigInt(raw) << 2n)).toBe(-88n); // wrap: -2.75 = -88/32
  });
});
