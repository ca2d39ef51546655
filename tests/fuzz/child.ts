/**
 * The fuzzer's child process: receives one mutant name at a time over IPC, rebuilds the mutant from its
 * seed file and seed, runs it through loadModel and, when it loads, lower → emulate → generateProject,
 * and reports how it ended. The parent times each mutant and kills this process on a hang.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { loadModel } from '../../src/core/frontends/index';
import { elementCount } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { ROOT } from './corpus';
import { mutate, prng } from './mutate';
import { classify, type FuzzResult, type FuzzTask } from './protocol';

const library = loadHlsLibraryFromDisk();
const seeds = new Map<string, Uint8Array>();

function seedBytes(path: string): Uint8Array {
  let b = seeds.get(path);
  if (!b) {
    b = new Uint8Array(readFileSync(join(ROOT, path)));
    seeds.set(path, b);
  }
  return b;
}

/** Harness self-test tasks: prove that a hang, a crash and a dying process are caught and reported. */
function selfTest(task: FuzzTask): void {
  if (task.path === '@selftest/hang') for (;;);
  if (task.path === '@selftest/die') process.exit(3);
  if (task.path === '@selftest/crash') throw new TypeError('self-test crash');
}

/**
 * Mutated names are random bytes: none that is not a plain identifier may appear in the generated C++
 * outside comments, nor in the Makefile or scripts. Returns what leaked, or null.
 */
function injection(names: readonly string[], files: ReadonlyMap<string, string>): string | null {
  const odd = names.filter((n) => n.length >= 3 && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (odd.length === 0) return null;
  for (const [path, text] of files) {
    if (path === 'README.md' || /^firmware\/(nnet_utils|ap_types)\//.test(path)) continue;
    const body = /\.(h|cpp)$/.test(path)
      ? text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '')
      : text;
    for (const n of odd)
      if (body.includes(n)) return `${path} contains the raw name ${JSON.stringify(n.slice(0, 80))}`;
  }
  return null;
}

/** Tell the parent which stage a mutant reached, so a hang is reported with its stage. */
function progress(task: FuzzTask, stage: string): void {
  process.send?.({ progress: stage, id: task.id });
}

async function runOne(task: FuzzTask): Promise<FuzzResult> {
  if (task.path.startsWith('@selftest/')) {
    try {
      selfTest(task);
    } catch (e) {
      return {
        id: task.id,
        path: task.path,
        seed: task.seed,
        ops: [],
        size: 0,
        ...classify(e),
        stage: 'self-test',
      };
    }
  }
  const { bytes, ops } = task.raw
    ? { bytes: seedBytes(task.path), ops: ['none'] }
    : mutate(seedBytes(task.path), task.seed);
  const base = { id: task.id, path: task.path, seed: task.seed, ops, size: bytes.length };
  const name = task.path.split('/').pop() ?? 'model';
  let stage = 'load';
  try {
    const graph = await loadModel([{ name, bytes }]);
    stage = 'lower';
    progress(task, stage);
    const lowered = lower(graph, defaultConfig());
    stage = 'emulate';
    const width = graph.inputs
      .map((n) => graph.layers.find((l) => l.name === n))
      .reduce((w, l) => w + (l ? elementCount(l.outputShape) : 0), 0);
    // The emulator's cost is the model's compute, not its file size: big activations (a 300×300
    // super-resolution net) are emulated by their own tests, not under a parse budget here.
    const activations = graph.layers.reduce((n, l) => n + elementCount(l.outputShape), 0);
    progress(task, 'emulate');
    if (width > 0 && width <= 100_000 && activations <= 1_000_000) {
      const r = prng(task.seed ^ 0x5eed);
      const rows = Array.from({ length: 3 }, () => Array.from({ length: width }, () => r() * 4 - 2));
      emulate(lowered, rows);
    }
    stage = 'generate';
    progress(task, stage);
    const files = generateProject(lowered, library, {});
    const injected = injection(graph.layers.map((l) => l.name).concat(graph.name), files);
    if (injected) return { ...base, outcome: 'crash', stage: 'injection', message: injected };
    return { ...base, outcome: 'loaded', stage: 'done' };
  } catch (e) {
    const c = classify(e);
    // A clean refusal after the model loaded (an unsupported config or kind) still counts as loaded.
    if (c.outcome === 'refused' && stage !== 'load')
      return { ...base, ...c, outcome: 'loaded-refused', stage };
    return { ...base, ...c, stage };
  }
}

process.on('message', (msg: FuzzTask) => {
  void runOne(msg).then(
    (r) => process.send?.(r),
    (e: unknown) =>
      process.send?.({
        ...classify(e),
        id: msg.id,
        path: msg.path,
        seed: msg.seed,
        ops: [],
        size: 0,
        stage: 'harness',
      }),
  );
});
process.send?.({ ready: true });
