/**
 * Quartus / oneAPI table activations: the emulator's kernels (src/core/emulate/quartusActivations.ts)
 * against our C++ (hls/quartus_nnet_utils/nnet_activation.h on hls/ac_types) compiled with g++, bit for
 * bit, on random input/result/table types, table sizes and inputs including the edges (0, ±1 LSB, the
 * most negative value, |x| = R exactly, R ± 1 LSB).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  prepareQuartusActivation,
  quartusTableText,
  quartusTableValues,
  type QuartusTableFn,
} from '../../src/core/emulate/quartusActivations';
import {
  prepareQuartusSoftmax,
  quartusSoftmaxTableValues,
  tableFileText,
  type QuartusSoftmaxTypes,
} from '../../src/core/emulate/quartusSoftmax';
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
const NNET_DIR = join(REPO_ROOT, 'hls/quartus_nnet_utils');
const TB_DIR = join(REPO_ROOT, 'tests/tmp/quartus-tb');

interface Case {
  fn: QuartusTableFn;
  x: FixedType;
  res: FixedType;
  table: FixedType;
  tableSize: number;
  raws: bigint[];
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function edgeRaws(t: FixedType, range: number): bigint[] {
  const f = fractionalBits(t);
  const min = t.signed ? -(1n << BigInt(t.width - 1)) : 0n;
  const max = t.signed ? (1n << BigInt(t.width - 1)) - 1n : (1n << BigInt(t.width)) - 1n;
  const out = [0n, 1n, -1n, min, max, min + 1n];
  if (f >= 0) {
    const r = BigInt(range) << BigInt(f);
    out.push(r, r - 1n, r + 1n, -r, -r + 1n, -r - 1n);
  }
  return out.filter((v) => v >= min && v <= max);
}

function buildCases(): Case[] {
  const r11 = rng(6061);
  const r = (): number => (r11() + 1) / 2; // [0, 1)
  const cases: Case[] = [];
  for (let k = 0; k < 24; k++) {
    const fn: QuartusTableFn = k % 2 === 0 ? 'sigmoid' : 'tanh';
    const xw = 4 + Math.floor(r() * 21);
    const x = makeFixed(xw, -2 + Math.floor(r() * Math.min(xw + 3, 13)), r() < 0.85);
    const rw = 4 + Math.floor(r() * 17);
    const res = makeFixed(
      rw,
      Math.floor(r() * 4),
      r() < 0.8,
      pick<RoundingMode>(r, ['TRN', 'RND', 'RND_CONV', 'TRN_ZERO']),
      pick<OverflowMode>(r, ['WRAP', 'SAT', 'SAT_SYM']),
    );
    const table =
      k < 12
        ? makeFixed(18, 8, true)
        : makeFixed(8 + Math.floor(r() * 14), 1 + Math.floor(r() * 3), r() < 0.7);
    const tableSize = pick(r, [64, 256, 512, 1024, 2048]);
    const min = x.signed ? -(2 ** (xw - 1)) : 0;
    const span = 2 ** xw;
    const raws = edgeRaws(x, fn === 'sigmoid' ? 8 : 4);
    for (let i = 0; i < 150; i++) raws.push(BigInt(min + Math.floor(r() * span)));
    cases.push({ fn, x, res, table, tableSize, raws });
  }
  return cases;
}

function emulate(c: Case): string[] {
  const kernel = prepareQuartusActivation(c.fn, c.x, c.res, c.table, c.tableSize, { count: 0 })!;
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
    lines.push(
      `struct cfg${k} : nnet::activ_config {`,
      `  static const unsigned n_in = ${c.raws.length};`,
      `  static const unsigned table_size = ${c.tableSize};`,
      `  typedef ${toAcType(c.table)} table_t;`,
      '  static const table_t* table() {',
      `    static const table_t t[${c.tableSize}] = {`,
      `#include "${c.fn}_table_${c.tableSize}.tb"`,
      '    };',
      '    return t;',
      '  }',
      '};',
      `void run${k}() {`,
      `  static ${toAcType(c.x)} x[${c.raws.length}];`,
      `  static ${toAcType(c.res)} y[${c.raws.length}];`,
      `  static const char* raw[] = {${c.raws.map((v) => `"${v}"`).join(', ')}};`,
      `  for (unsigned i = 0; i < ${c.raws.length}; ++i) x[i].set_raw_str(raw[i]);`,
      `  nnet::${c.fn === 'sigmoid' ? 'sigmoid' : 'dense_tanh'}<${toAcType(c.x)}, ${toAcType(c.res)}, cfg${k}>(x, y);`,
      `  for (unsigned i = 0; i < ${c.raws.length}; ++i) std::printf("%s%c", y[i].raw_hex().c_str(), i + 1 < ${c.raws.length} ? ' ' : '\\n');`,
      '}',
    );
  });
  lines.push('int main() {', ...cases.map((_, k) => `  run${k}();`), '  return 0;', '}', '');
  return lines.join('\n');
}

describe('Quartus sigmoid / dense_tanh: emulator == our C++ under g++', () => {
  it('tables are float64, bin-centred and symmetric', () => {
    const s = quartusTableValues('sigmoid', 8);
    expect(s[0]).toBe(1 / (1 + Math.exp(-0.5)));
    expect(s[7]).toBe(1 / (1 + Math.exp(-7.5)));
    expect(quartusTableValues('tanh', 1024)[1023]).toBe(Math.tanh((1023.5 * 4) / 1024));
    const text = quartusTableText('tanh', 4);
    expect(text).toBe(`${[0.5, 1.5, 2.5, 3.5].map((c) => String(Math.tanh(c))).join(',\n')}\n`);
  });

  it('random types, table sizes and edge inputs agree bit for bit', async () => {
    const cases = buildCases();
    mkdirSync(TB_DIR, { recursive: true });
    const deps: string[] = [join(NNET_DIR, 'nnet_activation.h'), join(AC_DIR, 'ac_common_impl.h')];
    for (const c of cases) {
      const file = join(TB_DIR, `${c.fn}_table_${c.tableSize}.tb`);
      writeFileSync(file, quartusTableText(c.fn, c.tableSize));
      if (!deps.includes(file)) deps.push(file);
    }
    const build = await buildProgram(
      'quartus_activations',
      [program(cases)],
      [
        '-std=c++14',
        '-O1',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Wno-unknown-pragmas',
        `-I${AC_DIR}`,
        `-I${NNET_DIR}`,
        `-I${TB_DIR}`,
      ],
      deps,
    );
    const lines = runProgram(build.binary).trim().split('\n');
    expect(lines).toHaveLength(cases.length);
    const bad: string[] = [];
    cases.forEach((c, k) => {
      const got = lines[k]!.split(' ');
      const want = emulate(c);
      want.forEach((w, i) => {
        if (got[i] !== w && bad.length < 8) {
          bad.push(
            `${c.fn} ${toAcType(c.x)} → ${toAcType(c.res)} table ${toAcType(c.table)}×${c.tableSize}: ` +
              `x raw ${c.raws[i]} → emulator ${w}, C++ ${got[i]}`,
          );
        }
      });
    });
    expect(bad).toEqual([]);
  }, 600_000);

  it('reads the last entry at |x| = R and for the most negative input, and mirrors negative inputs', () => {
    const x = makeFixed(8, 5, true); // LSB 1/8, range [−16, 16)
    const res = makeFixed(18, 8, true);
    const table = makeFixed(18, 8, true);
    const kernel = prepareQuartusActivation('sigmoid', x, res, table, 64, { count: 0 })!;
    const input = allocate(x, 5, 1);
    (input.raws as Float64Array).set([64, -64, -128, 63, -1]); // 8, −8, −16, 7.875, −0.125
    const out = Array.from(kernel(input).raws as Float64Array);
    const last = Math.floor((1 / (1 + Math.exp(-7.9375))) * 1024); // entry 63, floored to 2^−10
    const e63 = Math.floor((1 / (1 + Math.exp(-((63.5 * 8) / 64)))) * 1024);
    expect(last).toBe(e63);
    expect(out[0]).toBe(e63);
    expect(out[1]).toBe(1024 - e63);
    expect(out[2]).toBe(1024 - e63); // −16 negates to itself (wraps): last entry, mirrored
    expect(out[3]).toBe(e63);
    const e1 = Math.floor((1 / (1 + Math.exp(-((1.5 * 8) / 64)))) * 1024); // floor(0.125·64/8) = 1
    expect(out[4]).toBe(1024 - e1);
  });
});

describe('Quartus stable softmax: emulator == our C++ under g++', () => {
  interface SoftmaxCase {
    name: string;
    x: FixedType;
    types: QuartusSoftmaxTypes;
    tableSize: number;
    n: number;
    rows: bigint[][];
  }

  function softmaxCases(): SoftmaxCase[] {
    const r11 = rng(7717);
    const r = (): number => (r11() + 1) / 2;
    const cases: SoftmaxCase[] = [];
    for (let k = 0; k < 12; k++) {
      const xw = 8 + Math.floor(r() * 11);
      const x = makeFixed(xw, 2 + Math.floor(r() * 7), true);
      const expTable =
        k % 3 === 0
          ? makeFixed(18, 8, true, 'RND', 'SAT')
          : makeFixed(
              10 + Math.floor(r() * 11),
              4 + Math.floor(r() * 7),
              true,
              'RND',
              pick(r, ['SAT', 'WRAP'] as const),
            );
      const invTable =
        k % 2 === 0
          ? makeFixed(18, 8, true, 'RND', 'SAT')
          : makeFixed(12 + Math.floor(r() * 9), 2 + Math.floor(r() * 9), true, 'RND', 'SAT');
      const result = makeFixed(
        8 + Math.floor(r() * 11),
        Math.floor(r() * 3),
        r() < 0.5,
        'RND',
        pick(r, ['SAT', 'WRAP'] as const),
      );
      const maxBits = Math.min(x.width, expTable.width) - 1;
      const tableSize = 2 ** Math.min(maxBits, pick(r, [5, 6, 8, 10]));
      const n = 2 + Math.floor(r() * 9);
      const min = -(2 ** (xw - 1));
      const rows: bigint[][] = [];
      for (let s = 0; s < 40; s++) {
        const spread = s < 10 ? 2 ** xw : 2 ** Math.floor(r() * xw);
        const base = min + Math.floor(r() * 2 ** xw);
        rows.push(
          Array.from({ length: n }, () => {
            const v = base + Math.floor((r() - 0.5) * spread);
            return BigInt(Math.max(min, Math.min(-min - 1, v)));
          }),
        );
      }
      rows.push(
        Array.from({ length: n }, () => 0n),
        Array.from({ length: n }, (_, i) => (i === 0 ? BigInt(min) : BigInt(-min - 1))),
      );
      cases.push({
        name: k % 2 === 0 ? 'softmax' : 'dense_softmax',
        x,
        types: { result, expTable, invTable },
        tableSize,
        n,
        rows,
      });
    }
    return cases;
  }

  it('random types, table sizes, slice lengths and inputs agree bit for bit', async () => {
    const cases = softmaxCases();
    mkdirSync(TB_DIR, { recursive: true });
    const deps: string[] = [
      join(NNET_DIR, 'nnet_softmax.h'),
      join(NNET_DIR, 'nnet_activation.h'),
      join(AC_DIR, 'ac_common_impl.h'),
    ];
    const lines = ['#include <cstdio>', '#include "nnet_softmax.h"', ''];
    cases.forEach((c, k) => {
      const tables = quartusSoftmaxTableValues(c.name, c.x, c.types.expTable, c.tableSize);
      for (const [which, values] of [
        ['exp', tables.exp],
        ['invert', tables.invert],
      ] as const) {
        const file = join(TB_DIR, `softmax${k}_${which}.tb`);
        writeFileSync(file, tableFileText(values));
        deps.push(file);
      }
      const X = toAcType(c.x);
      const R = toAcType(c.types.result);
      const total = c.n * c.rows.length;
      lines.push(
        `struct smcfg${k} : nnet::softmax_config {`,
        `  static const unsigned n_in = ${c.n};`,
        `  static const unsigned table_size = ${c.tableSize};`,
        `  typedef ${toAcType(c.types.expTable)} exp_table_t;`,
        `  typedef ${toAcType(c.types.invTable)} inv_table_t;`,
        `  static const table_t* exp_table() { static const table_t t[${c.tableSize}] = {`,
        `#include "softmax${k}_exp.tb"`,
        '  }; return t; }',
        `  static const table_t* invert_table() { static const table_t t[${c.tableSize}] = {`,
        `#include "softmax${k}_invert.tb"`,
        '  }; return t; }',
        '};',
        `void sm${k}() {`,
        `  static const char* raw[] = {${c.rows
          .flat()
          .map((v) => `"${v}"`)
          .join(', ')}};`,
        `  for (unsigned s = 0; s < ${total}; s += ${c.n}) {`,
        `    ${X} x[${c.n}];`,
        `    ${R} y[${c.n}];`,
        `    for (unsigned i = 0; i < ${c.n}; ++i) x[i].set_raw_str(raw[s + i]);`,
        `    nnet::softmax_stable<${X}, ${R}, smcfg${k}>(x, y);`,
        `    for (unsigned i = 0; i < ${c.n}; ++i) std::printf("%s ", y[i].raw_hex().c_str());`,
        '  }',
        '  std::printf("\\n");',
        '}',
      );
    });
    lines.push('int main() {', ...cases.map((_, k) => `  sm${k}();`), '  return 0;', '}', '');
    const build = await buildProgram(
      'quartus_softmax',
      [lines.join('\n')],
      [
        '-std=c++14',
        '-O1',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Wno-unknown-pragmas',
        `-I${AC_DIR}`,
        `-I${NNET_DIR}`,
        `-I${TB_DIR}`,
      ],
      deps,
    );
    const out = runProgram(build.binary).trim().split('\n');
    expect(out).toHaveLength(cases.length);
    const bad: string[] = [];
    cases.forEach((c, k) => {
      const got = out[k]!.trim().split(' ');
      const kernel = prepareQuartusSoftmax(c.name, c.x, c.n, c.types, c.tableSize, { count: 0 });
      const input = allocate(c.x, c.n, c.rows.length);
      c.rows.flat().forEach((v, i) => ((input.raws as Float64Array)[i] = Number(v)));
      const res = kernel(input);
      for (let i = 0; i < res.raws.length; i++) {
        const want = BigInt.asUintN(c.types.result.width, BigInt(res.raws[i]!)).toString(16);
        if (got[i] !== want && bad.length < 8) {
          bad.push(
            `case ${k} (${c.name}, ${toAcType(c.x)}, T=${c.tableSize}) element ${i}: emulator ${want}, C++ ${got[i]}`,
          );
        }
      }
    });
    expect(bad).toEqual([]);
    // The outputs are not degenerate: many distinct values overall.
    expect(new Set(out.join(' ').split(/\s+/)).size).toBeGreaterThan(100);
  }, 900_000);

  it('stores the tables in ac_fixed<16,8>: invert[0] wraps to 0, exp entries floor to 2^−8', () => {
    const x = makeFixed(16, 6, true);
    const { exp, invert } = quartusSoftmaxTableValues('softmax', x, makeFixed(18, 8, true), 1024);
    expect(exp[0]).toBe(1);
    expect(exp[1]).toBe(Number(Math.exp(-32 + 2 ** -5).toFixed(12)));
    expect(invert[0]).toBe(1.7976931348623157e308);
    expect(invert[2]).toBe(4); // 1/(2·2^(8−1−10))
    // Named otherwise, hls4ml's writer uses I = 6 and Ie = 8 whatever the types are.
    const other = quartusSoftmaxTableValues('sm', makeFixed(12, 3, true), makeFixed(20, 12, true), 1024);
    expect(other).toEqual(quartusSoftmaxTableValues('softmax', x, makeFixed(18, 8, true), 1024));
    // One sample through the kernel: all-equal inputs give d = 0 everywhere → exp 1 each.
    const kernel = prepareQuartusSoftmax(
      'softmax',
      x,
      4,
      {
        result: makeFixed(16, 6, true),
        expTable: makeFixed(18, 8, true, 'RND', 'SAT'),
        invTable: makeFixed(18, 8, true, 'RND', 'SAT'),
      },
      1024,
      { count: 0 },
    );
    const input = allocate(x, 4, 1);
    const y = Array.from(kernel(input).raws as Float64Array);
    // sum = 4 → index = bits 16..7 of raw 4·2^10 = 0b100_0000_0000_00 → 32; invert[32] = 1/(32·2^−3) = 0.25
    expect(y).toEqual([256, 256, 256, 256]); // 0.25 in ac_fixed<16,6>
  });
});
