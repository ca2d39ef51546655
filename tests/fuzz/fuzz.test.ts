/**
 * The model-file fuzzer (issue 8). Seeded mutants of real model files go through loadModel and, when
 * they load, lower → emulate → generateProject, in a child process with a time budget per mutant.
 * Every mutant must load or be refused with a clean one-line StudioError: no other exception, no
 * StudioError that wraps an internal bug, no hang, no dead process.
 *
 *   FUZZ_MUTANTS=20000 npx vitest run tests/fuzz     more mutants (2,000 by default)
 *   FUZZ_SEED=7 …                                     another run of seeds (default 20261124)
 *   FUZZ_BUDGET_SCALE=3 …                             a slower machine
 *
 * Seeds that ever failed live in tests/fuzz/known-failures.json: status "open" ones are run and
 * reported but excluded from the pass/fail verdict (their owners fix them), and so are other seeds whose
 * message or stack matches an open entry's "match" regex (same cause); "fixed" ones must pass.
 * Counts of the last run go to tests/tmp/fuzz/last-run.json (see ROBUSTNESS.md).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, seedCorpus } from './corpus';
import { runFuzz } from './harness';
import { hash32 } from './mutate';
import { isFailure, type FuzzResult, type FuzzTask, type Outcome } from './protocol';

interface KnownFailure {
  readonly name: string;
  readonly path: string;
  readonly seed: number;
  /** A raw seed file (not a mutant) that fails. */
  readonly raw?: boolean;
  readonly status: 'open' | 'fixed';
  readonly owner?: string;
  readonly note: string;
  /** For an open failure: a regex on message + stack that marks other seeds with the same cause. */
  readonly match?: string;
}

const N = Number(process.env.FUZZ_MUTANTS ?? '2000');
const BASE_SEED = Number(process.env.FUZZ_SEED ?? '20261124');
const KNOWN: readonly KnownFailure[] = JSON.parse(
  readFileSync(join(import.meta.dirname, 'known-failures.json'), 'utf8'),
) as KnownFailure[];
const key = (path: string, seed: number, raw = false): string => `${path}#${raw ? 'raw' : seed}`;
const OPEN = new Set(KNOWN.filter((k) => k.status === 'open').map((k) => key(k.path, k.seed, k.raw)));
const OPEN_CAUSES = KNOWN.filter((k) => k.status === 'open' && k.match).map((k) => new RegExp(k.match!));
const isKnown = (r: FuzzResult): boolean =>
  OPEN.has(key(r.path, r.seed, r.seed === 0)) ||
  OPEN_CAUSES.some((re) => re.test(`${r.message ?? ''}\n${r.stack ?? ''}`));

const { files, sharedPresent } = seedCorpus();
const sizes = new Map(files.map((f) => [f.path, f.bytes.length]));
const sizeOf = (p: string): number => sizes.get(p) ?? 1 << 20;

function describeResult(r: FuzzResult): string {
  return (
    `${r.outcome} at ${r.stage}: ${r.path} seed ${r.seed} [${r.ops.join('+')}] (${r.size} bytes, ${r.ms ?? '?'} ms)\n` +
    `  ${r.message ?? ''}${r.stack ? `\n  ${r.stack.split('\n').join('\n  ')}` : ''}`
  );
}

function count(results: readonly FuzzResult[]): Record<Outcome, number> {
  const c: Record<Outcome, number> = {
    loaded: 0,
    'loaded-refused': 0,
    refused: 0,
    internal: 0,
    crash: 0,
    hang: 0,
    died: 0,
  };
  for (const r of results) c[r.outcome]++;
  return c;
}

describe('model-file fuzzer', () => {
  if (!sharedPresent) console.log('fuzz: ../shared/models is absent; fuzzing the repo’s own models only');

  it('has seed files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('known failures: fixed seeds stay fixed; open ones are reported', async () => {
    const present = KNOWN.filter((k) => sizes.has(k.path));
    const tasks: FuzzTask[] = present.map((k, id) => ({ id, path: k.path, seed: k.seed, raw: k.raw }));
    const results = await runFuzz(tasks, sizeOf);
    for (const [i, r] of results.entries()) {
      const k = present[i]!;
      if (k.status === 'open') {
        console.log(
          isFailure(r.outcome)
            ? `fuzz: known failure '${k.name}' (${k.owner ?? 'unowned'}) still fails, excluded: ${describeResult(r)}`
            : `fuzz: known failure '${k.name}' now ends as ${r.outcome}; mark it "fixed" in known-failures.json`,
        );
      } else expect(isFailure(r.outcome), `${k.name}: ${describeResult(r)}`).toBe(false);
    }
  }, 600_000);

  it(`${N} seeded mutants (and every seed file as it is) load or are refused cleanly`, async () => {
    const started = performance.now();
    // First every seed file as it is; then the mutants, half of them from the seeds that load (the
    // deep paths: conversion, lowering, emulation, generation), half from any seed file.
    const rawTasks: FuzzTask[] = files.map((f, id) => ({ id, path: f.path, seed: 0, raw: true }));
    const raw = await runFuzz(rawTasks, sizeOf);
    const loadable = files.filter((_, i) => /^loaded/.test(raw[i]!.outcome));
    const tasks: FuzzTask[] = [];
    for (let i = 0; i < N; i++) {
      const pool = loadable.length > 0 && hash32(BASE_SEED, i, 'pool') % 2 === 0 ? loadable : files;
      const f = pool[hash32(BASE_SEED, i) % pool.length]!;
      tasks.push({ id: files.length + i, path: f.path, seed: hash32(BASE_SEED, i, 'mutant') });
    }
    const mutants = await runFuzz(tasks, sizeOf);
    const results = [...raw, ...mutants];
    const seconds = (performance.now() - started) / 1000;
    const failures = results.filter((r) => isFailure(r.outcome));
    const fresh = failures.filter((r) => !isKnown(r));
    const summary = {
      date: new Date().toISOString(),
      baseSeed: BASE_SEED,
      seedFiles: files.length,
      loadableSeedFiles: loadable.map((f) => f.path),
      sharedModels: sharedPresent,
      seconds: Math.round(seconds),
      seedFileOutcomes: count(raw),
      mutants: mutants.length,
      mutantOutcomes: count(mutants),
      knownOpenFailures: failures.length - fresh.length,
      newFailures: fresh.map((r) => ({
        path: r.path,
        seed: r.seed,
        raw: r.seed === 0,
        outcome: r.outcome,
        stage: r.stage,
        ops: r.ops,
        message: r.message,
        stack: r.stack,
      })),
    };
    const out = join(ROOT, 'tests/tmp/fuzz');
    mkdirSync(out, { recursive: true });
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    writeFileSync(join(out, 'last-run.json'), text);
    writeFileSync(join(out, `run-${N}-seed-${BASE_SEED}.json`), text);
    console.log(
      `fuzz: ${mutants.length} mutants of ${files.length} seed files in ${summary.seconds} s: ${JSON.stringify(summary.mutantOutcomes)}; ` +
        `seed files as they are: ${JSON.stringify(summary.seedFileOutcomes)}`,
    );
    for (const r of fresh.slice(0, 20)) console.log(`fuzz: NEW FAILURE ${describeResult(r)}`);
    expect(fresh.map(describeResult)).toEqual([]);
  }, 1_800_000);
});
