/**
 * Replay one fuzz mutant in a child process with the harness's budget, printing how it ended:
 *   npx tsx tests/fuzz/replay.ts <seed file, repo-relative> <seed> [--raw] [--write <out>]
 * --write saves the mutant's bytes (to open it in the studio or a debugger).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './corpus';
import { runFuzz } from './harness';
import { mutate } from './mutate';

const [path, seedText, ...rest] = process.argv.slice(2);
if (!path || !seedText) {
  console.error('usage: tsx tests/fuzz/replay.ts <seed file> <seed> [--raw] [--write <out>]');
  process.exit(2);
}
const seed = Number(seedText);
const raw = rest.includes('--raw');
const size = readFileSync(join(ROOT, path)).length;
const w = rest.indexOf('--write');
if (w >= 0 && rest[w + 1]) {
  const m = mutate(new Uint8Array(readFileSync(join(ROOT, path))), seed);
  writeFileSync(rest[w + 1]!, m.bytes);
  console.log(`wrote ${rest[w + 1]} (${m.bytes.length} bytes, ${m.ops.join('+')})`);
}
const [r] = await runFuzz([{ id: 0, path, seed, raw }], () => size);
console.log(JSON.stringify(r, null, 2));
