/**
 * Compile and run small C++ programs against hls/ap_types with the host g++, for tests that compare
 * the C++ headers with the TypeScript core. Binaries are cached in tests/tmp/ under a hash of the
 * headers, the sources and the flags, so an unchanged test reruns without compiling.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const AP_TYPES_DIR = join(REPO_ROOT, 'hls/ap_types');
/** This directory: C++ drivers shared by the header tests. */
export const TESTS_CPP_DIR = join(REPO_ROOT, 'tests/cpp');

/** Text of a file in tests/cpp/. */
export function testSource(file: string): string {
  return readFileSync(join(TESTS_CPP_DIR, file), 'utf8');
}

/** Absolute path of a file in tests/cpp/. */
export function testPath(file: string): string {
  return join(TESTS_CPP_DIR, file);
}
const CACHE_DIR = join(REPO_ROOT, 'tests/tmp/cpp-cache');

/** The g++ version line, or an Error whose message says how to install it (tests must not skip). */
export function gxxVersion(): string {
  const r = spawnSync('g++', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error('g++ was not found on PATH; the C++ header tests need it: run `apt-get install g++`');
  }
  return r.stdout.split('\n')[0] ?? '';
}

function headerDigest(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(AP_TYPES_DIR).sort()) {
    if (!f.endsWith('.h')) continue;
    h.update(f);
    h.update(readFileSync(join(AP_TYPES_DIR, f)));
  }
  return h.digest('hex');
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', fail);
    p.on('close', (code) =>
      code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} failed:\n${err}`)),
    );
  });
}

export interface BuildResult {
  binary: string;
  cached: boolean;
  seconds: number;
}

/**
 * Build one program from several translation units (compiled in parallel, one compiler per core)
 * with the ap_types headers on the include path. `deps` are further files the units include; their
 * contents are part of the cache key. Returns the cached binary when nothing changed.
 */
export async function buildProgram(
  name: string,
  units: string[],
  flags: string[],
  deps: string[] = [],
): Promise<BuildResult> {
  const version = gxxVersion();
  const hash = createHash('sha256').update(version).update(headerDigest());
  for (const d of deps) hash.update(d).update(readFileSync(d));
  const key = hash.update(JSON.stringify(flags)).update(JSON.stringify(units)).digest('hex').slice(0, 16);
  const dir = join(CACHE_DIR, `${name}-${key}`);
  const binary = join(dir, name);
  if (existsSync(binary)) return { binary, cached: true, seconds: 0 };

  const t0 = performance.now();
  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const objects = units.map((text, i) => {
    const src = join(work, `u${i}.cpp`);
    writeFileSync(src, text);
    return { src, obj: join(work, `u${i}.o`) };
  });
  // One compiler per core: more at once only adds memory pressure on a small machine.
  const queue = [...objects];
  const worker = async (): Promise<void> => {
    for (let o = queue.shift(); o; o = queue.shift()) {
      await run('g++', [...flags, `-I${AP_TYPES_DIR}`, '-c', o.src, '-o', o.obj]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), objects.length) }, worker));
  await run('g++', [...objects.map((o) => o.obj), '-o', join(work, name)]);
  // Publish atomically so a concurrent or interrupted run never sees a half-written binary.
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(work, dir);
  } catch (e) {
    // A concurrent run published the same build first; theirs is identical.
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(binary)) throw e;
  }
  // Older builds of the same program (previous header or test versions) are dead weight.
  for (const old of readdirSync(CACHE_DIR)) {
    if (
      /^[0-9a-f]{16}$/.test(old.slice(name.length + 1)) &&
      old.startsWith(`${name}-`) &&
      old !== `${name}-${key}`
    ) {
      rmSync(join(CACHE_DIR, old), { recursive: true, force: true });
    }
  }
  return { binary, cached: false, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Start a built program and resolve with its stdout once it exits. Output goes to a file next to the
 * binary, so the program never stalls on a full pipe while the caller keeps the event loop busy.
 */
export function runProgramAsync(binary: string, args: string[] = []): Promise<string> {
  const outFile = `${binary}.out-${process.pid}-${Date.now()}`;
  const fd = openSync(outFile, 'w');
  return new Promise<string>((ok, fail) => {
    const p = spawn(binary, args, { stdio: ['ignore', fd, 'pipe'] });
    let err = '';
    p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', fail);
    p.on('close', (code) => {
      if (code !== 0) return fail(new Error(`${binary} ${args.join(' ')} exited with ${code}:\n${err}`));
      ok(readFileSync(outFile, 'utf8'));
    });
  }).finally(() => {
    closeSync(fd);
    rmSync(outFile, { force: true });
  });
}

/** Run a built program and return its stdout; a non-zero exit is an error carrying stderr. */
export function runProgram(binary: string, args: string[] = []): string {
  const r = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}
