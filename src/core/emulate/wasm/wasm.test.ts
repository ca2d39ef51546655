/**
 * The committed WebAssembly kernels must be what their C sources build to. Needs clang and lld; without
 * them the check is skipped and says so (the kernels themselves are tested in dense.test.ts either way).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function hasClang(): boolean {
  try {
    execFileSync('clang', ['--version'], { stdio: 'ignore' });
    execFileSync('wasm-ld', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ROOT = join(import.meta.dirname, '../../../..');
const present = hasClang();
if (!present)
  console.warn(
    'wasm: clang/wasm-ld not installed; not checking that the committed .wasm.ts matches its C source',
  );

describe.skipIf(!present)('WebAssembly kernels', () => {
  it('the committed dense_int32.wasm.ts is the build of dense_int32.c', () => {
    const work = mkdtempSync(join(tmpdir(), 'hls-wasm-'));
    try {
      cpSync(join(ROOT, 'scripts'), join(work, 'scripts'), { recursive: true });
      cpSync(join(ROOT, 'src/core/emulate/wasm'), join(work, 'src/core/emulate/wasm'), { recursive: true });
      execFileSync('bash', [join(work, 'scripts/build-wasm.sh')]);
      const rebuilt = readFileSync(join(work, 'src/core/emulate/wasm/dense_int32.wasm.ts'), 'utf8');
      expect(rebuilt).toBe(readFileSync(join(ROOT, 'src/core/emulate/wasm/dense_int32.wasm.ts'), 'utf8'));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
