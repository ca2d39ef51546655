/**
 * Static checks on generated projects shared by the backend tests: every #include resolves inside the
 * project (or is a standard header), and Tcl scripts run under the host `tclsh` with the vendor
 * commands stubbed as recorders.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import type { ProjectFiles } from '../../src/core/backends/library';
import { ROOT, writeProjectTo } from './csim';

const run = promisify(execFile);

/** C and C++ standard headers generated code may include with <...>. */
const STANDARD = new Set(
  (
    'algorithm array cassert cfenv cmath cstddef cstdint cstdio cstdlib cstring exception fstream iomanip ios iostream ' +
    'istream iterator limits map memory ostream sstream string type_traits utility vector deque ' +
    'assert.h math.h stdint.h stdio.h stdlib.h string.h stddef.h'
  ).split(' '),
);

/**
 * Includes that do not resolve: "x" against the including file's folder and `includeDirs`, <x> the same
 * unless it is a standard header. `vendorOnly` are headers the vendor tool provides (e.g. sycl).
 */
export function unresolvedIncludes(
  files: ProjectFiles,
  includeDirs: readonly string[],
  vendorOnly: readonly RegExp[] = [],
): string[] {
  const bad: string[] = [];
  for (const [path, text] of files) {
    if (!/\.(h|hpp|cpp|cc|tb)$/.test(path)) continue;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const m = /^\s*#\s*include\s*([<"])([^>"]+)[>"]/.exec(line);
      if (!m) return;
      const name = m[2]!;
      if (m[1] === '<' && STANDARD.has(name)) return;
      if (vendorOnly.some((r) => r.test(name))) return;
      const here = posix.dirname(path);
      const candidates = [posix.join(here, name), ...includeDirs.map((d) => posix.join(d, name))];
      if (!candidates.some((c) => files.has(posix.normalize(c))))
        bad.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  }
  return bad;
}

/**
 * Run `script` (a path inside the project) with tclsh after defining `commands` as procs that print
 * "CALL <name> <args>"; returns the printed lines. The project is written to a scratch folder.
 */
export async function runTclWithStubs(
  files: ProjectFiles,
  script: string,
  commands: readonly string[],
  name: string,
  argv: readonly string[] = [],
): Promise<string[]> {
  const dir = join(ROOT, 'tests/tmp/tcl', `${name}-${process.pid}-${Date.now()}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    writeProjectTo(files, dir);
    const stub = [
      ...commands.map((c) => `proc ${c} {args} { puts "CALL ${c} $args" }`),
      `set ::argv [list ${argv.map((a) => `{${a}}`).join(' ')}]`,
      `source [file join [file dirname [info script]] ${script}]`,
    ].join('\n');
    writeFileSync(join(dir, '__stub.tcl'), `${stub}\n`);
    const r = await run('tclsh', [join(dir, '__stub.tcl')], { cwd: dir, timeout: 60_000 });
    return r.stdout.split('\n').filter((l) => l !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
