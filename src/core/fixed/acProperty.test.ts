/**
 * Property test: our ac_fixed / ac_int headers (hls/ac_types) against the TypeScript reference with
 * family 'ac' (castBig, fromDoubleBig, mulType/addType/subType), bit for bit, no tolerance.
 *
 * Same design as property.test.ts (the ap headers): for every ac mode family (8 quantization modes ×
 * WRAP / SAT / SAT_ZERO / SAT_SYM, plus conversions into ac_int, which floor) a seeded generator picks
 * random type pairs; the C++ program and this test run the same PRNG and input generators (the driver
 * is tests/cpp/property_driver.h, compiled against ac_fixed.h instead of ap_fixed.h), the program
 * prints one hash per case, and a mismatching case is re-run in dump mode to show the differences.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, buildProgram, runProgram, runProgramAsync, testSource } from '../../../tests/cpp/gxx';
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
import { toAcType } from './format';
import {
  fractionalBits,
  makeFixed,
  makeInt,
  type FixedType,
  type OverflowMode,
  type RoundingMode,
} from './types';

const AC_DIR = join(REPO_ROOT, 'hls/ac_types');

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

type Kind = 'conv' | 'mul' | 'add' | 'sub' | 'dbl';

interface Family {
  name: string;
  rounding: RoundingMode;
  /** 'INT' targets ac_int<W,S> (floors). */
  overflow: OverflowMode | 'INT';
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

const AC_ROUNDING: RoundingMode[] = [
  'TRN',
  'RND',
  'TRN_ZERO',
  'RND_ZERO',
  'RND_INF',
  'RND_MIN_INF',
  'RND_CONV',
  'RND_CONV_ODD',
];
const AC_OVERFLOW: OverflowMode[] = ['WRAP', 'SAT', 'SAT_ZERO', 'SAT_SYM'];
const FAMILIES: Family[] = [
  ...AC_ROUNDING.flatMap((r) => AC_OVERFLOW.map((o) => ({ name: `${r}/${o}`, rounding: r, overflow: o }))),
  { name: 'ac_int destination', rounding: 'TRN', overflow: 'INT' },
];

/** Cases per family and samples per case; ≥ 100,000 conversions and products per family. */
const PLAN: Record<Kind, { cases: number; samples: number }> = {
  conv: { cases: 10, samples: 10_000 },
  mul: { cases: 10, samples: 10_000 },
  add: { cases: 2, samples: 5_000 },
  sub: { cases: 2, samples: 5_000 },
  dbl: { cases: 3, samples: 5_000 },
};

/** Mostly 1..64 bits, some 65..100, a few up to 256. */
function randWidth(r: Rng): number {
  const p = r.next() % 100;
  if (p < 85) return 1 + (r.next() % 64);
  if (p < 97) return 65 + (r.next() % 36);
  return 101 + (r.next() % 156);
}

function randSource(r: Rng): FixedType {
  const w = randWidth(r);
  const signed = (r.next() & 1) === 1;
  if (r.next() % 100 < 15) return makeInt(w, signed);
  return makeFixed(w, -8 + (r.next() % (w + 17)), signed);
}

function randDest(r: Rng, fam: Family, nearI: number): FixedType {
  const w = randWidth(r);
  const signed = (r.next() & 1) === 1;
  if (fam.overflow === 'INT') return makeInt(w, signed);
  const i = r.next() & 1 ? nearI + (r.next() % 13) - 6 : -8 + (r.next() % (w + 17));
  return makeFixed(w, i, signed, fam.rounding, fam.overflow, 0);
}

function buildCases(): Case[] {
  const r = new Rng(20261124);
  const cases: Case[] = [];
  FAMILIES.forEach((fam, fi) => {
    for (const kind of Object.keys(PLAN) as Kind[]) {
      const { cases: count, samples } = PLAN[kind];
      for (let k = 0; k < count; k++) {
        const seed = (fi * 1000003 + cases.length * 7919 + 54321) >>> 0;
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

function evaluate(c: Case, keep = false): { hash: number; samples: Sample[] } {
  const g = new Rng(c.seed);
  const samples: Sample[] = [];
  let h = FNV_START;
  const { a, dst } = c;
  const m = midType(c);
  for (let k = 0; k < c.n; k++) {
    if (c.kind === 'dbl') {
      const x = genDouble(g, dst.width, dst.integer);
      const d = fromDoubleBig(x, dst, 'ac');
      h = foldValue(h, d, dst.width);
      if (keep) samples.push({ inputs: [`${x} (0x${doubleBitsHex(x)})`], result: hex(d, dst.width) });
      continue;
    }
    const ra = patternToRaw(genPattern(g, a.width, a.signed), a);
    if (c.kind === 'conv' || !c.b) {
      const d = castBig(ra, a, dst, 'ac');
      h = foldValue(h, d, dst.width);
      if (keep) samples.push({ inputs: [hex(ra, a.width)], result: hex(d, dst.width) });
      continue;
    }
    const b = c.b;
    const rb = patternToRaw(genPattern(g, b.width, b.signed), b);
    const mr = exactOp(c.kind, ra, a, rb, b, m);
    const d = castBig(mr, m, dst, 'ac');
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

const UNITS = 4;
const FLAGS = ['-std=c++14', '-O1', '-Wall', '-Wextra', '-Werror', `-I${AC_DIR}`];

/** The shared driver, compiled against the ac headers. */
function driver(): string {
  const text = testSource('property_driver.h');
  if (!text.includes('#include "ap_fixed.h"'))
    throw new Error('property_driver.h no longer includes ap_fixed.h');
  return text.replace('#include "ap_fixed.h"', '#include "ac_fixed.h"\n#include "ac_int.h"');
}

function caseEntry(c: Case): string {
  const A = toAcType(c.a);
  const D = toAcType(c.dst);
  let fn: string;
  if (c.kind === 'conv') fn = `prop::run_conv<${A}, ${D}>`;
  else if (c.kind === 'dbl') fn = `prop::run_double<${D}>`;
  else fn = `prop::run_${c.kind}<${A}, ${c.b ? toAcType(c.b) : A}, ${D}>`;
  return `  {&${fn}, ${c.seed}u, ${c.n}},`;
}

/** fixed-point.md §8 (ac rows), §4.3/§4.4/§5/§7.1 facts: label → expected unsigned raw pattern. */
const SPOT: Record<string, bigint> = {
  '25a': 3n, // 0.625 → ac_fixed<4,2,true,AC_RND_CONV_ODD>
  '25b': 1n, // 0.375
  '26': 9n, // −2.0 → <4,2,true,AC_TRN,AC_SAT_SYM>
  '27': 0n, // −1.0 → <4,2,false,AC_TRN,AC_SAT>
  '37': BigInt.asUintN(32, -1n), // (ac<16,6> raw −11 · 1024u / 16).to_int() floors
  '38': BigInt.asUintN(32, -3n), // ac to_int(−2.6875) floors
  '39': 0xfdn, // ac_int<8,true>(−2.7) = −3
  inc: 21n, // ++ on 1.25 in ac_fixed<8,4>: one LSB → 1.3125
  dec: 19n, // -- on 1.25: 1.1875
  '40a': 0xf5n, // −2.6875 >> 3 in ac_fixed<8,3> (floor)
  '40b': 0xa8n, // −2.6875 << 2 (wrap)
  div: 0xf8en, // −2.6875 / 0.75 (ac_fixed<8,3> / ac_fixed<6,2,false>) = trunc0 → <12,7>
  slc: 5n, // slc<4>(0) of raw −11
  avg: 254n, // −0.3125 in ac_fixed<8,4>, y /= 2u → −0.125 (trunc0)
  sat: 127n, // 7.5 + 0.75 into ac_fixed<8,4,true,AC_RND,AC_SAT>
};
const TYPES: Record<string, string> = {
  'a*u': 'ac_fixed<14,5,true>',
  'a+u': 'ac_fixed<9,4,true>',
  'u+u': 'ac_fixed<7,3,false>',
  'u-u': 'ac_fixed<7,3,true>',
  '-u': 'ac_fixed<7,3,true>',
  '~u': 'ac_fixed<7,3,true>',
  '~a': 'ac_fixed<8,3,true>',
  'a/u': 'ac_fixed<12,7,true>',
  'a*int': 'ac_fixed<40,35,true>',
  'a/unsigned': 'ac_fixed<8,3,true>',
  'u+u4': 'ac_fixed<9,5,false>',
};

const SPOT_SOURCE = `
#include <cstdio>
#include "ac_fixed.h"
#include "ac_int.h"
namespace {
template <class T>
void S(const char* label, const T& x) { std::printf("S %s %s\\n", label, x.raw_hex().c_str()); }
void SI(const char* label, int v) { std::printf("S %s %x\\n", label, static_cast<unsigned>(v)); }
template <class T>
void T_(const char* label, const T&) { std::printf("T %s %d %d %d\\n", label, T::width, T::iwidth, T::sign_flag ? 1 : 0); }
}  // namespace
void spot_checks() {
  S("25a", ac_fixed<4, 2, true, AC_RND_CONV_ODD>(0.625));
  S("25b", ac_fixed<4, 2, true, AC_RND_CONV_ODD>(0.375));
  S("26", ac_fixed<4, 2, true, AC_TRN, AC_SAT_SYM>(-2.0));
  S("27", ac_fixed<4, 2, false, AC_TRN, AC_SAT>(-1.0));
  ac_fixed<16, 6, true> x37;
  x37.set_raw_str("-11");
  SI("37", (x37 * 1024u / 16).to_int());
  SI("38", ac_fixed<8, 4, true>(-2.6875).to_int());
  S("39", ac_int<8, true>(-2.7));
  ac_fixed<8, 4, true> inc(1.25);
  ++inc;
  S("inc", inc);
  ac_fixed<8, 4, true> dec(1.25);
  dec--;
  S("dec", dec);
  const ac_fixed<8, 3, true> a(-2.6875);
  S("40a", a >> 3);
  S("40b", a << 2);
  const ac_fixed<6, 2, false> u(0.75);
  S("div", a / u);
  S("slc", x37.slc<4>(0));
  ac_fixed<8, 4, true> avg(-0.3125);
  avg /= 2u;
  S("avg", avg);
  ac_fixed<8, 4, true, AC_RND, AC_SAT> sat(7.5);
  sat += ac_fixed<8, 4, true>(0.75);
  S("sat", sat);
  T_("a*u", a * u);
  T_("a+u", a + u);
  T_("u+u", u + u);
  T_("u-u", u - u);
  T_("-u", -u);
  T_("~u", ~u);
  T_("~a", ~a);
  T_("a/u", a / u);
  T_("a*int", a * 3);
  T_("a/unsigned", a / 3u);
  T_("u+u4", u + ac_int<4, false>(3));
}
`;

function generateUnits(cases: Case[]): string[] {
  const per = Math.ceil(cases.length / UNITS);
  const units: string[] = [];
  const decls: string[] = [];
  const drv = driver();
  for (let u = 0; u < UNITS; u++) {
    const part = cases.slice(u * per, (u + 1) * per);
    units.push(
      [
        drv,
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
      drv,
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
  units.push(SPOT_SOURCE);
  return units;
}

function acHeaders(): string[] {
  return readdirSync(AC_DIR)
    .filter((f) => f.endsWith('.h'))
    .sort()
    .map((f) => join(AC_DIR, f));
}

describe('hls/ac_types C++ headers match the TypeScript fixed-point core (family ac) bit for bit', () => {
  it('random conversions, products, sums and differences per ac mode family, plus spot checks', async () => {
    const t0 = performance.now();
    const cases = buildCases();
    const build = await buildProgram('ac_property', generateUnits(cases), FLAGS, [
      ...acHeaders(),
      join(REPO_ROOT, 'tests/cpp/property_driver.h'),
    ]);
    const running = runProgramAsync(build.binary);
    const expected = cases.map((c) => evaluate(c).hash);
    const out = (await running).split('\n');
    const seconds = (performance.now() - t0) / 1000;

    const spotErrors: string[] = [];
    const seen = new Set<string>();
    for (const line of out) {
      const [tag, label = '', ...rest] = line.split(' ');
      if (tag === 'S') {
        seen.add(label);
        const got = BigInt(`0x${rest[0] ?? ''}`);
        const want = SPOT[label];
        if (want === undefined) spotErrors.push(`unexpected spot check ${label}`);
        else if (got !== want)
          spotErrors.push(`#${label}: expected 0x${want.toString(16)}, got 0x${got.toString(16)}`);
      } else if (tag === 'T') {
        seen.add(`T ${label}`);
        const [w, i, s] = rest;
        const got = `ac_fixed<${w},${i},${s === '1' ? 'true' : 'false'}>`;
        if (TYPES[label] !== got) spotErrors.push(`type of ${label}: expected ${TYPES[label]}, got ${got}`);
      }
    }
    for (const k of Object.keys(SPOT)) if (!seen.has(k)) spotErrors.push(`missing #${k}`);
    for (const k of Object.keys(TYPES)) if (!seen.has(`T ${k}`)) spotErrors.push(`missing type ${k}`);

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
          ? `double → ${toAcType(c.dst)}`
          : c.kind === 'conv'
            ? `${toAcType(c.a)} → ${toAcType(c.dst)}`
            : `${toAcType(c.a)} ${c.kind} ${c.b ? toAcType(c.b) : ''} (exact ${toAcType(m)}) → ${toAcType(c.dst)}`;
      if (!typeOk) failures.push(`[${c.family}] ${what}: C++ result type is <${w},${i},${s}>`);
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
      `ac_types property test: ${cases.length} type pairs over ${FAMILIES.length} mode families; ` +
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
  }, 900_000);
});
