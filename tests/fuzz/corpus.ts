/**
 * The seed files the fuzzer mutates: the shared model collection (../shared/models, read in place, when
 * present), the repo's example and golden models and the test fixtures. Paths are repo-relative (or
 * '../shared/…'), so a mutant's name is the same on every machine.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const SHARED_MODELS = join(ROOT, '../shared/models');

/** Model-like files only; test vectors (.pb, .npy, .dat) are not models a user would drop. */
const MODEL_EXT = /\.(onnx|h5|hdf5|keras|pt|pth|pt2|json)$/i;
/** Large seeds slow every mutant down without finding more. */
const MAX_SEED_BYTES = 2 * 1024 * 1024;

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path, out);
    else if (MODEL_EXT.test(name) && st.size > 0 && st.size <= MAX_SEED_BYTES) out.push(path);
  }
}

export interface SeedFile {
  /** Repo-relative path ('../shared/models/…' for shared ones). */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export function seedCorpus(): { files: SeedFile[]; sharedPresent: boolean } {
  const paths: string[] = [];
  const sharedPresent = existsSync(SHARED_MODELS);
  walk(SHARED_MODELS, paths);
  const examples = join(ROOT, 'public/examples');
  if (existsSync(examples))
    for (const n of readdirSync(examples).sort()) if (MODEL_EXT.test(n)) paths.push(join(examples, n));
  const golden = join(ROOT, 'tests/golden');
  if (existsSync(golden))
    for (const d of readdirSync(golden).sort()) {
      for (const f of ['model.onnx', 'model.pt', 'config.json']) {
        const p = join(golden, d, f);
        if (existsSync(p)) paths.push(p);
      }
    }
  walk(join(ROOT, 'tests/fixtures'), paths);
  const files = [...new Set(paths)].map((p) => ({
    path: relative(ROOT, p).split('\\').join('/'),
    bytes: new Uint8Array(readFileSync(p)),
  }));
  return { files, sharedPresent };
}
