/**
 * C-simulation of generated projects with g++, for tests.
 *
 * A project is written to tests/tmp/csim/<name>-<hash of its files>/ and compiled once with its own
 * Makefile (`make csim-build`); later calls with the same files reuse the binary, across test files and
 * runs. Each set of input rows runs in its own folder under runs/, so concurrent callers never share a
 * tb_data folder. Builds and runs go to a temporary folder first and are renamed into place, so two
 * processes racing on the same project both end up with a complete one.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ProjectFiles } from '../../src/core/backends/library';
import { float32Text } from '../../src/core/backends/vivado/writeTestbench';

const run = promisify(execFile);

export const ROOT = join(import.meta.dirname, '../..');
export const CSIM_ROOT = join(ROOT, 'tests/tmp/csim');

export function hashFiles(files: ProjectFiles): string {
  const h = createHash('sha256');
  for (const [path, text] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    h.update(path).update('\0').update(text).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export function writeProjectTo(files: ProjectFiles, dir: string): void {
  for (const [path, text] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

function tempName(dir: string): string {
  return `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
}

/** Move `tmp` to `dir` unless another process got there first. */
function publish(tmp: string, dir: string): void {
  try {
    renameSync(tmp, dir);
  } catch (e) {
    if (!existsSync(dir)) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface BuiltProject {
  readonly dir: string;
  readonly binary: string;
  /** What the compiler printed (warnings), recorded at the one real build. */
  readonly compilerOutput: string;
}

function projectName(files: ProjectFiles): string {
  const mk = files.get('Makefile');
  const m = mk ? /^PROJECT := (\S+)$/m.exec(mk) : null;
  if (!m) throw new Error('the project has no Makefile with a PROJECT line');
  return m[1]!;
}

/** Write and compile the project once per content hash; returns where it is. */
export async function buildProject(files: ProjectFiles, name: string): Promise<BuiltProject> {
  const dir = join(CSIM_ROOT, `${name}-${hashFiles(files)}`);
  const binary = join(dir, 'build', `${projectName(files)}_csim`);
  const log = join(dir, 'build', 'compiler-output.txt');
  if (!existsSync(binary) || !existsSync(log)) {
    mkdirSync(CSIM_ROOT, { recursive: true });
    const tmp = tempName(dir);
    writeProjectTo(files, tmp);
    let output: string;
    try {
      const r = await run('make', ['--no-print-directory', 'csim-build'], {
        cwd: tmp,
        maxBuffer: 1 << 26,
        timeout: 600_000,
      });
      output = r.stdout + r.stderr;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(`g++ failed for ${name}:\n${err.stderr ?? ''}${err.stdout ?? ''}${err.message}`);
    }
    writeFileSync(join(tmp, 'build', 'compiler-output.txt'), output);
    publish(tmp, dir);
  }
  return { dir, binary, compilerOutput: readFileSync(log, 'utf8') };
}

export function parseResults(text: string): number[][] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/ +/).map(Number));
}

/**
 * Run the project's C simulation on `inputs` (one row per sample: all model inputs flattened and
 * concatenated) and return the output rows as doubles (exact fixed-point values).
 */
export async function runCsim(files: ProjectFiles, name: string, inputs: number[][]): Promise<number[][]> {
  const built = await buildProject(files, name);
  const data = inputs.map((row) => `${row.map(float32Text).join(' ')}\n`).join('');
  const runDir = join(built.dir, 'runs', createHash('sha256').update(data).digest('hex').slice(0, 16));
  const results = join(runDir, 'tb_data', 'csim_results.log');
  if (!existsSync(results)) {
    const tmp = tempName(runDir);
    mkdirSync(join(tmp, 'tb_data'), { recursive: true });
    writeFileSync(join(tmp, 'tb_data', 'tb_input_features.dat'), data);
    await run(built.binary, [], { cwd: tmp, maxBuffer: 1 << 26, timeout: 600_000 });
    mkdirSync(dirname(runDir), { recursive: true });
    publish(tmp, runDir);
  }
  return parseResults(readFileSync(results, 'utf8'));
}

/**
 * `make csim` as a user runs it, in the built project (make finds the binary up to date, so nothing is
 * compiled twice); returns make's output and the parsed results log.
 */
export async function makeCsim(
  files: ProjectFiles,
  name: string,
): Promise<{ output: string; results: number[][] }> {
  const built = await buildProject(files, name);
  const r = await run('make', ['--no-print-directory', 'csim'], {
    cwd: built.dir,
    maxBuffer: 1 << 26,
    timeout: 600_000,
  });
  const log = readFileSync(join(built.dir, 'tb_data', 'csim_results.log'), 'utf8');
  return { output: r.stdout + r.stderr, results: parseResults(log) };
}
