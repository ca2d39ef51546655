/**
 * Property test: our C++ headers (hls/ap_types) against the TypeScript reference (castBig,
 * fromDoubleBig, mulType/addType/subType), bit for bit, no tolerance.
 *
 * For every mode family (7 ap rounding modes × SAT / SAT_ZERO / SAT_SYM / WRAP / WRAP with N>0 /
 * WRAP_SM, plus conversions into ap_int/ap_uint) a seeded generator picks random type pairs and the
 * test generates one C++ program instantiating them. Inputs are not shipped to the program: both sides
 * run the same PRNG and input generators (tests/cpp/property_driver.h), the program prints a hash of
 * all results per case, and only a mismatching case is re-run in dump mode to report the differences.
 */
import { describe, expect, it } from 'vitest';
import { buildProgram, runProgram, runProgramAsync, testPath, testSource } from '../../../tests/cpp/gxx';
import { addType, mulType, subType } from './arith';
import { castBig, fromDoubleBig } from './convert';
import {
  FNV_START,
  Rng,
  doubleBitsHex,
  foldValue,
  genDouble,
  genPattern,
  patternToRaw,
} from '../../../tests/cpp/propertyGenerators';
import { toApType } from './format';
import {
  fractionalBits,
  makeFixed,
  makeInt,
  type FixedType,
  type OverflowMode,
  type RoundingMode,
} from './types';

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

type Kind = 'conv' | 'mul' | 'add' | 'sub' | 'dbl';

interface Family {
  name: string;
  rounding: RoundingMode;
  /** 'WRAP_N' is AP_WRAP with N > 0 saturation bits; 'INT' targets ap_int/ap_uint. */
  overflow: OverflowMode | 'WRAP_N' | 'INT';
}

interface Case {
  family: string;
  kind: Kind;
  a: FixedType;
  b?: FixedType;
  dst: FixedType;
  seed: number;
  n: number;
}

const AP_ROUNDING: RoundingMode[] = [
  'TRN',
  'RND',
  'RND_ZERO',
  'RND_MIN_INF',
  'RND_INF',
  'RND_CONV',
  'TRN_ZERO',
];
const AP_OVERFLOW: Family['overflow'][] = ['SAT', 'SAT_ZERO', 'SAT_SYM', 'WRAP', 'WRAP_N', 'WRAP_SM'];
const FAMILIES: Family[] = [
  ...AP_ROUNDING.flatMap((r) => AP_OVERFLOW.map((o) => ({ name: `${r}/${o}`, rounding: r, overflow: o }))),
  { name: 'ap_int destination', rounding: 'TRN', overflow: 'INT' },
];

/** Cases per family and samples per case; type pairs × samples gives ≥ 100,000 per kind. */
const PLAN: Record<Kind, { cases: number; samples: number }> = {
  conv: { cases: 10, samples: 10_000 },
  mul: { cases: 10, samples: 10_000 },
  add: { cases: 3, samples: 8_000 },
  sub: { cases: 3, samples: 8_000 },
  dbl: { cases: 4, samples: 8_000 },
};

/** Mostly 1..64 bits, some 65..100, a few up to 256 (wider types must work too, just less often). */
function randWidth(r: Rng): number {
  const p = r.next() % 100;
  if (p < 85) return 1 + (r.next() % 64);
  if (p < 97) return 65 + (r.next() % 36);
  return 101 + (r.next() % 156);
}

/** A source operand: widths 1..256, I anywhere in [−8, W+8], signed or not, sometimes ap_int. */
function randSource(r: Rng): FixedType {
  const w = randWidth(r);
  const signed = (r.next() & 1) === 1;
  if (r.next() % 100 < 15) return makeInt(w, signed);
  return makeFixed(w, -8 + (r.next() % (w + 17)), signed);
}

/** A destination of the family; half of them have I near `nearI` so that in-range values are common. */
function randDest(r: Rng, fam: Family, nearI: number): FixedType {
  const w = randWidth(r);
  let signed = (r.next() & 1) === 1;
  if (fam.overflow === 'INT') return makeInt(w, signed);
  const i = r.next() & 1 ? nearI + (r.next() % 13) - 6 : -8 + (r.next() % (w + 17));
  let overflow: OverflowMode;
  let n = 0;
  if (fam.overflow === 'WRAP_N') {
    overflow = 'WRAP';
    n = 1 + (r.next() % Math.min(w, 4));
  } else if (fam.overflow === 'WRAP_SM') {
    overflow = 'WRAP_SM';
    signed = true;
    n = r.next() % Math.min(w + 1, 4);
  } else {
    overflow = fam.overflow;
  }
  return makeFixed(w, i, signed, fam.rounding, overflow, n);
}

function buildCases(): Case[] {
  const r = new Rng(20240611);
  const cases: Case[] = [];
  FAMILIES.forEach((fam, fi) => {
    for (const kind of Object.keys(PLAN) as Kind[]) {
      const { cases: count, samples } = PLAN[kind];
      for (let k = 0; k < count; k++) {
        const seed = (fi * 1000003 + cases.length * 7919 + 12345) >>> 0;
        const a = randSource(r);
        if (kind === 'conv') {
          cases.push({ family: fam.name, kind, a, dst: randDest(r, fam, a.integer), seed, n: samples });
        } else if (kind === 'dbl') {
          const dst = randDest(r, fam, 1 + (r.next() % 20));
          cases.push({ family: fam.name, kind, a: dst, dst, seed, n: samples });
        } else {
          const b = randSource(r);
          const mid = kind === 'mul' ? mulType(a, b) : kind === 'add' ? addType(a, b) : subType(a, b);
          cases.push({ family: fam.name, kind, a, b, dst: randDest(r, fam, mid.integer), seed, n: samples });
        }
      }
    }
  });
  return cases;
}

const midType = (c: Case): FixedType => {
  if (c.kind === 'conv' || c.kind === 'dbl' || !c.b) return c.dst;
  return c.kind === 'mul' ? mulType(c.a, c.b) : c.kind === 'add' ? addType(c.a, c.b) : subType(c.a, c.b);
};

/** The exact raw of a op b at the operator's result type `m` (§5: arithmetic never rounds). */
function exactOp(kind: Kind, ra: bigint, a: FixedType, rb: bigint, b: FixedType, m: FixedType): bigint {
  if (kind === 'mul') return ra * rb;
  const f = fractionalBits(m);
  const x = ra << BigInt(f - fractionalBits(a));
  const y = rb << BigInt(f - fractionalBits(b));
  return kind === 'add' ? x + y : x - y;
}

interface Sample {
  inputs: string[];
  mid?: string;
  result: string;
}

const hex = (raw: bigint, w: number): string => BigInt.asUintN(w, raw).toString(16);

/** Run one case through the TypeScript reference; returns the hash, or every sample when asked. */
function evaluate(c: Case, keep = false): { hash: number; samples: Sample[] } {
  const g = new Rng(c.seed);
  const samples: Sample[] = [];
  let h = FNV_START;
  const { a, dst } = c;
  const m = midType(c);
  for (let k = 0; k < c.n; k++) {
    if (c.kind === 'dbl') {
      const x = genDouble(g, dst.width, dst.integer);
      const d = fromDoubleBig(x, dst);
      h = foldValue(h, d, dst.width);
      if (keep) samples.push({ inputs: [`${x} (0x${doubleBitsHex(x)})`], result: hex(d, dst.width) });
      continue;
    }
    const ra = patternToRaw(genPattern(g, a.width, a.signed), a);
    if (c.kind === 'conv' || !c.b) {
      const d = castBig(ra, a, dst);
      h = foldValue(h, d, dst.width);
      if (keep) samples.push({ inputs: [hex(ra, a.width)], result: hex(d, dst.width) });
      continue;
    }
    const b = c.b;
    const rb = patternToRaw(genPattern(g, b.width, b.signed), b);
    const mr = exactOp(c.kind, ra, a, rb, b, m);
    const d = castBig(mr, m, dst);
    h = foldValue(foldValue(h, mr, m.width), d, dst.width);
    if (keep) {
      samples.push({
        inputs: [hex(ra, a.width), hex(rb, b.width)],
        mid: hex(mr, m.width),
        result: hex(d, dst.width),
      });
    }
  }
  return { hash: h, samples };
}

// ---------------------------------------------------------------------------------------------
// The generated C++ program
// ---------------------------------------------------------------------------------------------

/** Translation units; g++ compiles them one per core. */
const UNITS = 4;
const FLAGS = ['-std=c++14', '-O1', '-Wall', '-Werror', `-I${testPath('')}`];

function caseEntry(c: Case): string {
  const A = toApType(c.a);
  const D = toApType(c.dst);
  let fn: string;
  if (c.kind === 'conv') fn = `prop::run_conv<${A}, ${D}>`;
  else if (c.kind === 'dbl') fn = `prop::run_double<${D}>`;
  else fn = `prop::run_${c.kind}<${A}, ${c.b ? toApType(c.b) : A}, ${D}>`;
  return `  {&${fn}, ${c.seed}u, ${c.n}},`;
}

function generateUnits(cases: Case[]): string[] {
  const per = Math.ceil(cases.length / UNITS);
  const units: string[] = [];
  const decls: string[] = [];
  for (let u = 0; u < UNITS; u++) {
    const part = cases.slice(u * per, (u + 1) * per);
    units.push(
      [
        '#include "property_driver.h"',
        `extern const prop::Case cases_${u}[] = {`,
        ...part.map(caseEntry),
        '};',
        `extern const int cases_${u}_len = ${part.length};`,
        '',
      ].join('\n'),
    );
    decls.push(`extern const prop::Case cases_${u}[];`, `extern const int cases_${u}_len;`);
  }
  const tables = Array.from({ length: UNITS }, (_, u) => `cases_${u}`);
  units.push(
    [
      '#include <cstdlib>',
      '#include "property_driver.h"',
      ...decls,
      'void spot_checks();',
      'int main(int argc, char** argv) {',
      `  const prop::Case* tables[] = {${tables.join(', ')}};`,
      `  const int lens[] = {${tables.map((t) => `${t}_len`).join(', ')}};`,
      '  int info[3];',
      '  if (argc == 3 && std::strcmp(argv[1], "dump") == 0) {',
      '    int idx = std::atoi(argv[2]);',
      `    for (int t = 0; t < ${UNITS}; ++t) {`,
      '      if (idx < lens[t]) { const prop::Case& c = tables[t][idx]; c.fn(c.seed, c.n, true, info); return 0; }',
      '      idx -= lens[t];',
      '    }',
      '    return 2;',
      '  }',
      '  spot_checks();',
      '  int idx = 0;',
      `  for (int t = 0; t < ${UNITS}; ++t)`,
      '    for (int i = 0; i < lens[t]; ++i, ++idx) {',
      '      const prop::Case& c = tables[t][i];',
      '      const unsigned h = c.fn(c.seed, c.n, false, info);',
      '      std::printf("H %d %08x %d %d %d\\n", idx, h, info[0], info[1], info[2]);',
      '    }',
      '  return 0;',
      '}',
      '',
    ].join('\n'),
  );
  units.push(testSource('spot_checks.cpp'));
  return units;
}

// ---------------------------------------------------------------------------------------------
// Expected spot-check values: fixed-point.md §8 (raw patterns) and §5 (result types)
// ---------------------------------------------------------------------------------------------

const SPOT: Record<string, number> = {
  '1': 3,
  '2': 14,
  '3': 14,
  '4': 13,
  '5': 13,
  '6': 14,
  '7': 14,
  '8': 15,
  '9': 0,
  '10': 8,
  '11': 7,
  '12': 9,
  '13': 9,
  '14': 0,
  '15': 0,
  '16': 12,
  '17': 9,
  '18': 7,
  '19a': 0,
  '19b': 1,
  '20': 7,
  '21': 255,
  '22': 80,
  '23': 240,
  '24': 6,
  '28': 1,
  '29': 0,
  '30a': 7,
  '30b': 8,
  '31': 9,
  '32': 102,
  '33a': 131071,
  '33b': 0,
  '34a': 0,
  '34b': 1,
  '35': 254,
  '36': 0,
  '39': 254,
  '40a': 0xf5, // −11/32 = −0.34375 in ap_fixed<8,3>
  '40b': 0xa8, // −88/32 = −2.75
  inc: 36, // 1.25 + 1.0 = 2.25 in ap_fixed<8,4>
  'sat+=': 127, // 7.5 + 0.75 saturates in ap_fixed<8,4,AP_RND,AP_SAT>
  neg: 68, // −3.75 in ap_fixed<7,3>: raw −60
  div: 0xf8e, // trunc0(−86·16 / 12) = −114 in ap_fixed<12,7>
  range: 60, // bits 15..10 of −3.25 in ap_fixed<16,6> (raw 0xf300)
};
const SPOT_BIG: Record<string, bigint> = { '38': BigInt.asUintN(64, -2n) };

const TYPES: Record<string, string> = {
  'a*u': 'ap_fixed<14,5>',
  'a+u': 'ap_fixed<9,4>',
  'u+u': 'ap_ufixed<7,3>',
  'u-u': 'ap_fixed<7,3>',
  '-u': 'ap_fixed<7,3>',
  'a+f5m2': 'ap_fixed<11,4>',
  'a+f47': 'ap_fixed<13,8>',
  'a*f47': 'ap_fixed<12,10>',
  'a/u': 'ap_fixed<12,7>',
  'a*int': 'ap_fixed<40,35>',
  'a+int': 'ap_fixed<38,33>',
  'u*unsigned': 'ap_ufixed<38,34>',
  'a/int': 'ap_fixed<9,4>',
  'a/unsigned': 'ap_fixed<8,3>',
  'a*i5': 'ap_fixed<13,8>',
  'u+u4': 'ap_ufixed<9,5>',
};

// ---------------------------------------------------------------------------------------------

describe('hls/ap_types C++ headers match the TypeScript fixed-point core bit for bit', () => {
  it('random conversions, products, sums and differences per mode family, plus §8 spot checks', async () => {
    const t0 = performance.now();
    const cases = buildCases();
    const build = await buildProgram('ap_property', generateUnits(cases), FLAGS, [
      testPath('property_driver.h'),
      testPath('spot_checks.cpp'),
    ]);
    // The program runs while this process computes the reference hashes.
    const running = runProgramAsync(build.binary);
    const expected = cases.map((c) => evaluate(c).hash);
    const out = (await running).split('\n');
    const seconds = (performance.now() - t0) / 1000;

    // Spot checks.
    const spotErrors: string[] = [];
    const seenSpot = new Set<string>();
    for (const line of out) {
      const [tag, label = '', ...rest] = line.split(' ');
      if (tag === 'S') {
        seenSpot.add(label);
        const got = BigInt(`0x${rest[0] ?? ''}`);
        const want = SPOT_BIG[label] ?? (SPOT[label] === undefined ? undefined : BigInt(SPOT[label]));
        if (want === undefined) spotErrors.push(`unexpected spot check ${label}`);
        else if (got !== want)
          spotErrors.push(`§8 #${label}: expected 0x${want.toString(16)}, got 0x${got.toString(16)}`);
      } else if (tag === 'T') {
        seenSpot.add(`T ${label}`);
        const [w, i, s] = rest;
        const got = `${s === '1' ? 'ap_fixed' : 'ap_ufixed'}<${w},${i}>`;
        if (TYPES[label] !== got)
          spotErrors.push(`§5 type of ${label}: expected ${TYPES[label]}, got ${got}`);
      }
    }
    for (const k of [...Object.keys(SPOT), ...Object.keys(SPOT_BIG)])
      if (!seenSpot.has(k)) spotErrors.push(`missing #${k}`);
    for (const k of Object.keys(TYPES)) if (!seenSpot.has(`T ${k}`)) spotErrors.push(`missing type ${k}`);

    // Random cases: compare hashes and result types; explain the first few mismatching cases.
    const hashLines = out.filter((l) => l.startsWith('H '));
    expect(hashLines.length).toBe(cases.length);
    const failures: string[] = [];
    let badCases = 0;
    for (const line of hashLines) {
      const [, idxText = '', hashText = '', w, i, s] = line.split(' ');
      const idx = Number(idxText);
      const c = cases[idx];
      if (!c) throw new Error(`unexpected case index in ${line}`);
      const m = midType(c);
      const typeOk = Number(w) === m.width && Number(i) === m.integer && (s === '1') === m.signed;
      if (parseInt(hashText, 16) === expected[idx] && typeOk) continue;
      badCases++;
      if (badCases > 3) continue;
      const what =
        c.kind === 'dbl'
          ? `double → ${toApType(c.dst)}`
          : c.kind === 'conv'
            ? `${toApType(c.a)} → ${toApType(c.dst)}`
            : `${toApType(c.a)} ${c.kind} ${c.b ? toApType(c.b) : ''} (exact type ${toApType(m)}) → ${toApType(c.dst)}`;
      if (!typeOk)
        failures.push(`[${c.family}] ${what}: C++ result type is <${w},${i},${s === '1' ? 's' : 'u'}>`);
      const mine = evaluate(c, true).samples;
      const theirs = runProgram(build.binary, ['dump', String(idx)])
        .trim()
        .split('\n');
      let shown = 0;
      mine.forEach((sm, k) => {
        const got = (theirs[k] ?? '').split(' ');
        const gotMid = got.length === 4 ? got[2] : undefined;
        const gotRes = got[got.length - 1];
        if (shown >= 5 || (gotRes === sm.result && gotMid === sm.mid)) return;
        shown++;
        failures.push(
          `[${c.family}] ${what}: input ${sm.inputs.join(', ')}` +
            (sm.mid === undefined ? '' : `, exact ${sm.mid} (C++ ${gotMid})`) +
            ` → expected ${sm.result}, C++ gave ${gotRes}`,
        );
      });
    }
    if (failures.length > 0) failures.push(`${badCases} of ${cases.length} cases differ`);

    const counts: Record<string, number> = {};
    for (const c of cases) counts[c.kind] = (counts[c.kind] ?? 0) + c.n;
    console.log(
      `ap_types property test: ${cases.length} type pairs over ${FAMILIES.length} mode families; ` +
        Object.entries(counts)
          .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
          .join(', ') +
        `; g++ ${build.cached ? 'cached' : `${build.seconds.toFixed(1)} s`}; total ${seconds.toFixed(1)} s`,
    );
    expect([...spotErrors, ...failures]).toEqual([]);
    for (const fam of FAMILIES) {
      const perKind = (k: Kind): number =>
        cases.filter((c) => c.family === fam.name && c.kind === k).reduce((n, c) => n + c.n, 0);
      expect(perKind('conv')).toBeGreaterThanOrEqual(100_000);
      expect(perKind('mul')).toBeGreaterThanOrEqual(100_000);
    }
  }, 600_000);

  // The API surface generated projects use must build warning-free in both language modes.
  for (const std of ['c++14', 'c++17']) {
    it(`tests/cpp/api_check.cpp builds with -std=${std} -O2 -Wall -Wextra -Werror and passes`, async () => {
      const build = await buildProgram(
        `api_check_${std.replace(/\+/g, 'p')}`,
        [testSource('api_check.cpp')],
        [`-std=${std}`, '-O2', '-Wall', '-Wextra', '-Werror'],
      );
      expect(runProgram(build.binary).trim()).toBe('DONE 0');
    }, 300_000);
  }
});
