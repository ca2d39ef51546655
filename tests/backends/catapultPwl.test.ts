/**
 * Catapult's piecewise-linear sigmoid and tanh: the emulator's kernels (src/core/emulate/catapultPwl.ts)
 * against our C++ (hls/catapult_nnet_utils/ac_math_pwl.h through nnet_activation.h, on hls/ac_types)
 * compiled with g++, bit for bit, on random input and result types (signed and unsigned, wide and
 * narrow, every rounding and overflow mode) and inputs including the edges (0, ±1 LSB, the extremes,
 * the domain ends 5 and 3 exactly and ± 1 LSB, segment boundaries).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareCatapultPwl, pwlRaw, type PwlFn } from '../../src/core/emulate/catapultPwl';
import {
  prepareCatapultElu,
  prepareCatapultSoftplus,
  prepareCatapultSoftsign,
} from '../../src/core/emulate/catapultParamPwl';
import { catapultSoftmaxTypes, prepareCatapultSoftmax } from '../../src/core/emulate/catapultSoftmax';
import { allocate } from '../../src/core/emulate/tensor';
import { toAcType } from '../../src/core/fixed/format';
import {
  fractionalBits,
  makeFixed,
  type FixedType,
  type OverflowMode,
  type RoundingMode,
} from '../../src/core/fixed/types';
import { REPO_ROOT, buildProgram, runProgram } from '../cpp/gxx';
import { rng } from './graphs';

const AC_DIR = join(REPO_ROOT, 'hls/ac_types');
const NNET_DIR = join(REPO_ROOT, 'hls/catapult_nnet_utils');

interface Case {
  fn: PwlFn;
  x: FixedType;
  res: FixedType;
  raws: bigint[];
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const ROUNDING: readonly RoundingMode[] = ['TRN', 'RND', 'RND_CONV', 'TRN_ZERO', 'RND_ZERO', 'RND_MIN_INF'];
const OVERFLOW: readonly OverflowMode[] = ['WRAP', 'SAT', 'SAT_SYM', 'SAT_ZERO'];

function edgeRaws(t: FixedType, domain: number, segments: number): bigint[] {
  const f = fractionalBits(t);
  const min = t.signed ? -(1n << BigInt(t.width - 1)) : 0n;
  const max = t.signed ? (1n << BigInt(t.width - 1)) - 1n : (1n << BigInt(t.width)) - 1n;
  const out = [0n, 1n, -1n, 2n, -2n, min, max, min + 1n];
  const at = (v: number): bigint | null => {
    const scaled = v * 2 ** f;
    return Number.isInteger(scaled) ? BigInt(scaled) : null;
  };
  for (let k = 0; k <= segments; k++) {
    const r = at((k * domain) / segments);
    if (r !== null) out.push(r, r - 1n, r + 1n, -r, -r + 1n, -r - 1n);
  }
  return out.filter((v) => v >= min && v <= max);
}

function buildCases(): Case[] {
  const r11 = rng(7071);
  const r = (): number => (r11() + 1) / 2; // [0, 1)
  const cases: Case[] = [];
  for (let k = 0; k < 40; k++) {
    const fn: PwlFn = k % 2 === 0 ? 'sigmoid' : 'tanh';
    const xw = 3 + Math.floor(r() * 28);
    const x = makeFixed(xw, -3 + Math.floor(r() * Math.min(xw + 6, 16)), r() < 0.8);
    const rw = 2 + Math.floor(r() * 26);
    const res = makeFixed(
      rw,
      -1 + Math.floor(r() * 4),
      fn === 'sigmoid' ? r() < 0.5 : r() < 0.85,
      pick(r, ROUNDING),
      pick(r, OVERFLOW),
    );
    const raws = edgeRaws(x, fn === 'sigmoid' ? 5 : 3, fn === 'sigmoid' ? 8 : 12);
    const min = x.signed ? -(2 ** (xw - 1)) : 0;
    const span = 2 ** xw;
    for (let i = 0; i < 400; i++) raws.push(BigInt(min + Math.floor(r() * span)));
    cases.push({ fn, x, res, raws });
  }
  // The common hls4ml types.
  for (const fn of ['sigmoid', 'tanh'] as const) {
    const x = makeFixed(16, 6);
    const raws = edgeRaws(x, fn === 'sigmoid' ? 5 : 3, fn === 'sigmoid' ? 8 : 12);
    for (let v = -(1 << 15); v < 1 << 15; v += 7) raws.push(BigInt(v));
    cases.push({ fn, x, res: makeFixed(16, 6), raws });
  }
  return cases;
}

function emulate(c: Case): string[] {
  const kernel = prepareCatapultPwl(c.fn, c.x, c.res, { count: 0 });
  const input = allocate(c.x, c.raws.length, 1);
  c.raws.forEach((v, i) => {
    if (input.raws instanceof Float64Array) input.raws[i] = Number(v);
    else input.raws[i] = v;
  });
  const out = kernel(input);
  return Array.from({ length: out.raws.length }, (_, i) =>
    BigInt.asUintN(c.res.width, BigInt(out.raws[i]!)).toString(16),
  );
}

function program(cases: Case[]): string {
  const lines = ['#include <cstdio>', '#include "nnet_activation.h"', ''];
  cases.forEach((c, k) => {
    const n = c.raws.length;
    lines.push(
      `struct cfg${k} : nnet::activ_config { static const unsigned n_in = ${n}; };`,
      `void run${k}() {`,
      `  static ${toAcType(c.x)} x[${n}];`,
      `  static ${toAcType(c.res)} y[${n}];`,
      `  static const char* raw[] = {${c.raws.map((v) => `"${v}"`).join(', ')}};`,
      `  for (unsigned i = 0; i < ${n}; ++i) x[i].set_raw_str(raw[i]);`,
      `  nnet::${c.fn}<${toAcType(c.x)}, ${toAcType(c.res)}, cfg${k}>(x, y);`,
      `  for (unsigned i = 0; i < ${n}; ++i) std::printf("%s%c", y[i].raw_hex().c_str(), i + 1 < ${n} ? ' ' : '\\n');`,
      '}',
    );
  });
  lines.push('int main() {', ...cases.map((_, k) => `  run${k}();`), '  return 0;', '}', '');
  return lines.join('\n');
}

describe('Catapult PWL sigmoid / tanh: emulator == our C++ under g++', () => {
  it('has the published segments: values at 0, at segment starts and beyond the domain', () => {
    // 20 fractional bits internally; x given with 10 fractional bits
    expect(pwlRaw('sigmoid', 0n, 10)).toBe(513n << 10n); // 0.5009765625
    expect(pwlRaw('sigmoid', -1n << 20n, 10)).toBe(1n); // 1 − (1 − 2^-20)
    expect(pwlRaw('sigmoid', 5n << 10n, 10)).toBe((1n << 20n) - 1n);
    expect(pwlRaw('tanh', 0n, 10)).toBe(1n << 10n); // 2^-10 at 0, as ac_tanh_pwl
    expect(pwlRaw('tanh', -(3n << 10n), 10)).toBe(-((1n << 20n) - 1n));
    // tanh at 0.25 (segment 1 starts): intercept 252/1024; 0.5 → segment 2: 476/1024
    expect(pwlRaw('tanh', 256n, 10)).toBe(252n << 10n);
    expect(pwlRaw('tanh', -512n, 10)).toBe(-(476n << 10n));
    // sigmoid at 1.0: s = 1.599609375 → segment 1, fraction 614/1024: 130·614 + 668·1024
    expect(pwlRaw('sigmoid', 1024n, 10)).toBe(130n * 614n + (668n << 10n));
    // a finer input is first floored to 10 fractional bits (ac_fixed<14,4,false>)
    expect(pwlRaw('sigmoid', (1024n << 4n) + 15n, 14)).toBe(pwlRaw('sigmoid', 1024n, 10));
  });

  it('random types and edge inputs agree bit for bit', async () => {
    const cases = buildCases();
    const deps = [
      join(NNET_DIR, 'nnet_activation.h'),
      join(NNET_DIR, 'ac_math_pwl.h'),
      join(NNET_DIR, 'nnet_common.h'),
      join(AC_DIR, 'ac_common_impl.h'),
    ];
    const build = await buildProgram(
      'catapult_pwl',
      [program(cases)],
      [
        '-std=c++17',
        '-O1',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Wno-unknown-pragmas',
        `-I${AC_DIR}`,
        `-I${NNET_DIR}`,
      ],
      deps,
    );
    const lines = runProgram(build.binary).trim().split('\n');
    expect(lines).toHaveLength(cases.length);
    const bad: string[] = [];
    let compared = 0;
    cases.forEach((c, k) => {
      const got = lines[k]!.split(' ');
      const want = emulate(c);
      expect(got).toHaveLength(want.length);
      want.forEach((w, i) => {
        compared++;
        if (got[i] !== w && bad.length < 8) {
          bad.push(
            `${c.fn} ${toAcType(c.x)} → ${toAcType(c.res)}: x raw ${c.raws[i]} → emulator ${w}, C++ ${got[i]}`,
          );
        }
      });
    });
    expect(bad).toEqual([]);
    expect(compared).toBeGreaterThan(30_000);
  }, 600_000);
});

interface SoftmaxCase {
  x: FixedType;
  res: FixedType;
  n: number;
  /** rows × n raws */
  raws: bigint[];
}

function softmaxCases(): SoftmaxCase[] {
  const r11 = rng(9091);
  const r = (): number => (r11() + 1) / 2;
  const cases: SoftmaxCase[] = [];
  for (let k = 0; k < 30; k++) {
    const signed = r() < 0.8;
    const xw = 3 + Math.floor(r() * 22);
    const x = makeFixed(xw, -3 + Math.floor(r() * (signed ? 10 : 9)), signed);
    const res = makeFixed(
      2 + Math.floor(r() * 24),
      -1 + Math.floor(r() * 4),
      r() < 0.5,
      pick(r, ROUNDING),
      pick(r, OVERFLOW),
    );
    const n = pick(r, [1, 2, 3, 5, 8, 13]);
    const min = x.signed ? -(1n << BigInt(xw - 1)) : 0n;
    const max = x.signed ? (1n << BigInt(xw - 1)) - 1n : (1n << BigInt(xw)) - 1n;
    const raws: bigint[] = [];
    for (const v of [min, max, 0n, 1n, -1n]) for (let i = 0; i < n; i++) raws.push(v < min ? min : v);
    for (let row = 0; row < 120; row++) {
      for (let i = 0; i < n; i++) raws.push(min + BigInt(Math.floor(r() * Number(max - min + 1n))));
    }
    cases.push({ x, res, n, raws });
  }
  return cases;
}

function softmaxProgram(cases: SoftmaxCase[]): string {
  const lines = ['#include <cstdio>', '#include "nnet_activation.h"', ''];
  cases.forEach((c, k) => {
    const m = c.raws.length;
    lines.push(
      `struct cfg${k} : nnet::softmax_config { static const unsigned n_in = ${m}; static const unsigned n_slice = ${c.n}; static const unsigned n_outer = ${m / c.n}; };`,
      `void run${k}() {`,
      `  static ${toAcType(c.x)} x[${m}];`,
      `  static ${toAcType(c.res)} y[${m}];`,
      `  static const char* raw[] = {${c.raws.map((v) => `"${v}"`).join(', ')}};`,
      `  for (unsigned i = 0; i < ${m}; ++i) x[i].set_raw_str(raw[i]);`,
      `  nnet::softmax<${toAcType(c.x)}, ${toAcType(c.res)}, cfg${k}>(x, y);`,
      `  for (unsigned i = 0; i < ${m}; ++i) std::printf("%s%c", y[i].raw_hex().c_str(), i + 1 < ${m} ? ' ' : '\\n');`,
      '}',
    );
  });
  lines.push('int main() {', ...cases.map((_, k) => `  run${k}();`), '  return 0;', '}', '');
  return lines.join('\n');
}

describe('Catapult PWL softmax: emulator == our C++ under g++', () => {
  it('sizes its intermediate types as ac_softmax_pwl and refuses inputs with too many integer bits', () => {
    const t = catapultSoftmaxTypes(makeFixed(16, 6), 5)!;
    expect([t.exp.width, t.exp.integer]).toEqual([65, 47]); // 18 fractional bits, ⌊1.443·32⌋ + 1
    expect([t.sum.width, t.sum.integer]).toEqual([68, 50]);
    expect([t.recip.width, t.recip.integer]).toEqual([88, 19]);
    expect([t.inter.width, t.inter.integer]).toEqual([19, 7]);
    expect(catapultSoftmaxTypes(makeFixed(16, 7), 5)).toBeNull();
    expect(catapultSoftmaxTypes(makeFixed(16, 6, false), 5)).toBeNull();
    expect(() => prepareCatapultSoftmax('sm', makeFixed(16, 7), 5, makeFixed(16, 6), { count: 0 })).toThrow(
      /7 integer bits/,
    );
  });

  it('random types, slice lengths and inputs (all-min, all-max, zero rows) agree bit for bit', async () => {
    const cases = softmaxCases().filter((c) => catapultSoftmaxTypes(c.x, c.n) !== null);
    expect(cases.length).toBeGreaterThan(20);
    const build = await buildProgram(
      'catapult_softmax',
      [softmaxProgram(cases)],
      [
        '-std=c++17',
        '-O1',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Wno-unknown-pragmas',
        `-I${AC_DIR}`,
        `-I${NNET_DIR}`,
      ],
      [
        join(NNET_DIR, 'nnet_activation.h'),
        join(NNET_DIR, 'ac_math_pwl.h'),
        join(NNET_DIR, 'nnet_common.h'),
        join(AC_DIR, 'ac_common_impl.h'),
      ],
    );
    const lines = runProgram(build.binary).trim().split('\n');
    expect(lines).toHaveLength(cases.length);
    const bad: string[] = [];
    let compared = 0;
    cases.forEach((c, k) => {
      const kernel = prepareCatapultSoftmax('sm', c.x, c.n, c.res, { count: 0 });
      const input = allocate(c.x, c.raws.length, 1);
      c.raws.forEach((v, i) => {
        if (input.raws instanceof Float64Array) input.raws[i] = Number(v);
        else input.raws[i] = v;
      });
      const out = kernel(input);
      const got = lines[k]!.split(' ');
      expect(got).toHaveLength(c.raws.length);
      for (let i = 0; i < c.raws.length; i++) {
        compared++;
        const want = BigInt.asUintN(c.res.width, BigInt(out.raws[i]!)).toString(16);
        if (got[i] !== want && bad.length < 8) {
          bad.push(
            `${toAcType(c.x)} → ${toAcType(c.res)} n=${c.n}: element ${i} → emulator ${want}, C++ ${got[i]}`,
          );
        }
      }
    });
    expect(bad).toEqual([]);
    expect(compared).toBeGreaterThan(14_000);
  }, 600_000);
});

describe('Catapult PWL elu / selu / softplus / softsign: emulator == our C++ under g++', () => {
  it('random types, alphas and inputs agree bit for bit', async () => {
    const r11 = rng(5051);
    const r = (): number => (r11() + 1) / 2;
    const cases = Array.from({ length: 48 }, (_, k) => {
      const fn = (['elu', 'selu', 'softsign', 'softplus'] as const)[k % 4]!;
      const signed = r() < 0.85;
      const xw = 3 + Math.floor(r() * 24);
      // softplus takes at most 5 integer bits besides the sign
      const x = makeFixed(xw, -2 + Math.floor(r() * (fn === 'softplus' ? (signed ? 9 : 8) : 12)), signed);
      const res = makeFixed(
        2 + Math.floor(r() * 26),
        -1 + Math.floor(r() * 6),
        r() < 0.8,
        pick(r, ROUNDING),
        pick(r, OVERFLOW),
      );
      const param = makeFixed(4 + Math.floor(r() * 12), Math.floor(r() * 3), true, pick(r, ROUNDING), 'SAT');
      const alpha = Math.round(r() * 2000) / 1000;
      const raws = edgeRaws(x, 8, 8);
      const min = signed ? -(2 ** (xw - 1)) : 0;
      for (let i = 0; i < 300; i++) raws.push(BigInt(min + Math.floor(r() * 2 ** xw)));
      return { fn, x, res, param, alpha, raws };
    });
    const lines = ['#include <cstdio>', '#include "nnet_activation_param.h"', ''];
    cases.forEach((c, k) => {
      const n = c.raws.length;
      lines.push(
        `struct cfg${k} : nnet::param_activ_config { static const unsigned n_in = ${n}; typedef ${toAcType(c.param)} param_t; };`,
        `void run${k}() {`,
        `  static ${toAcType(c.x)} x[${n}];`,
        `  static ${toAcType(c.res)} y[${n}];`,
        `  static const char* raw[] = {${c.raws.map((v) => `"${v}"`).join(', ')}};`,
        `  for (unsigned i = 0; i < ${n}; ++i) x[i].set_raw_str(raw[i]);`,
        c.fn === 'elu'
          ? `  nnet::elu<${toAcType(c.x)}, ${toAcType(c.res)}, cfg${k}>(x, ${c.alpha.toFixed(3)}, y);`
          : `  nnet::${c.fn}<${toAcType(c.x)}, ${toAcType(c.res)}, cfg${k}>(x, y);`,
        `  for (unsigned i = 0; i < ${n}; ++i) std::printf("%s%c", y[i].raw_hex().c_str(), i + 1 < ${n} ? ' ' : '\\n');`,
        '}',
      );
    });
    lines.push('int main() {', ...cases.map((_, k) => `  run${k}();`), '  return 0;', '}', '');
    const build = await buildProgram(
      'catapult_elu',
      [lines.join('\n')],
      [
        '-std=c++17',
        '-O1',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Wno-unknown-pragmas',
        `-I${AC_DIR}`,
        `-I${NNET_DIR}`,
      ],
      [
        join(NNET_DIR, 'nnet_activation_param.h'),
        join(NNET_DIR, 'nnet_activation.h'),
        join(NNET_DIR, 'ac_math_pwl.h'),
        join(NNET_DIR, 'nnet_common.h'),
        join(AC_DIR, 'ac_common_impl.h'),
      ],
    );
    const out = runProgram(build.binary).trim().split('\n');
    expect(out).toHaveLength(cases.length);
    const bad: string[] = [];
    let compared = 0;
    cases.forEach((c, k) => {
      const kernel =
        c.fn === 'softsign'
          ? prepareCatapultSoftsign(c.x, c.res, { count: 0 })
          : c.fn === 'softplus'
            ? prepareCatapultSoftplus('sp', c.x, c.res, { count: 0 })
            : prepareCatapultElu(c.fn, c.x, Number(c.alpha.toFixed(3)), c.param, c.res, { count: 0 });
      const input = allocate(c.x, c.raws.length, 1);
      c.raws.forEach((v, i) => {
        if (input.raws instanceof Float64Array) input.raws[i] = Number(v);
        else input.raws[i] = v;
      });
      const y = kernel(input);
      const got = out[k]!.split(' ');
      for (let i = 0; i < c.raws.length; i++) {
        compared++;
        const want = BigInt.asUintN(c.res.width, BigInt(y.raws[i]!)).toString(16);
        if (got[i] !== want && bad.length < 8) {
          bad.push(
            `${c.fn} ${toAcType(c.x)} → ${toAcType(c.res)}: x raw ${c.raws[i]} → emulator ${want}, C++ ${got[i]}`,
          );
        }
      }
    });
    expect(bad).toEqual([]);
    expect(compared).toBeGreaterThan(14_000);
    // e^x at x = −1 (10 fractional bits): t = ⌊−1·log2e⌋₁₂ → k = −2; the PWL value, not exp(−1)
    const elu = prepareCatapultElu('elu', makeFixed(16, 6), 1, makeFixed(16, 6), makeFixed(32, 4), {
      count: 0,
    });
    const one = allocate(makeFixed(16, 6), 1, 1);
    (one.raws as Float64Array)[0] = -1024;
    const e = Number((elu(one).raws as Float64Array)[0]) / 2 ** 28 + 1;
    expect(Math.abs(e - Math.exp(-1))).toBeLessThan(2e-3);
    expect(e).not.toBe(Math.exp(-1));
    // softplus(0) ≈ ln 2 through the PWL exp and log; 7 integer bits are refused
    const sp = prepareCatapultSoftplus('sp', makeFixed(16, 6), makeFixed(32, 4), { count: 0 });
    const zero = allocate(makeFixed(16, 6), 1, 1);
    const ln2 = Number((sp(zero).raws as Float64Array)[0]) / 2 ** 28;
    expect(Math.abs(ln2 - Math.LN2)).toBeLessThan(2e-3);
    expect(() => prepareCatapultSoftplus('sp', makeFixed(16, 7), makeFixed(16, 6), { count: 0 })).toThrow(
      /7 integer bits/,
    );
  }, 600_000);
});
