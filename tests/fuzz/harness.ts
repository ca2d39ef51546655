/**
 * Runs fuzz tasks in a child process (tests/fuzz/child.ts under tsx), one at a time, each under a CPU-time
 * budget proportional to the mutant's size (wall time where /proc is missing, and 8× for idle hangs). A mutant over budget is recorded as a hang and the child is
 * killed and restarted; a child that dies (out of memory, stack overflow in native code) is recorded as
 * died and restarted. The test process itself never runs a parse, so it can never be stuck by one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzResult, FuzzTask } from './protocol';

const CHILD = join(import.meta.dirname, 'child.ts');

/** Per-mutant budget: 5 s plus 10 ms per KiB, scaled by FUZZ_BUDGET_SCALE (a slow or busy machine). */
export function budgetMs(size: number): number {
  const scale = Number(process.env.FUZZ_BUDGET_SCALE ?? '1') || 1;
  return Math.round((5000 + (size / 1024) * 10) * scale);
}

const POLL_MS = 100;
const WALL_FACTOR = 8;

/** User + system CPU time of a process in ms, from /proc (Linux); null where /proc is not available. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name, in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100;

interface Child {
  proc: ChildProcess;
  output: string[];
}

function spawnChild(): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(CHILD, [], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=1536'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const output: string[] = [];
    const keep = (d: Buffer): void => {
      output.push(d.toString());
      if (output.length > 50) output.shift();
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the fuzz child did not start within 180 s: ${output.join('')}`));
    }, 180_000);
    proc.once('message', () => {
      clearTimeout(timer);
      resolve({ proc, output });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`the fuzz child exited with ${code} before starting: ${output.join('').slice(-4000)}`),
      );
    });
  });
}

function runTask(child: Child, task: FuzzTask, budget: number): Promise<FuzzResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const done = (r: FuzzResult): void => {
      clearInterval(timer);
      child.proc.off('message', onMessage);
      child.proc.off('exit', onExit);
      resolve({ ...r, ms: Math.round(performance.now() - started) });
    };
    const base = { id: task.id, path: task.path, seed: task.seed, ops: [], size: 0 };
    let reached = 'load';
    const onMessage = (m: FuzzResult | { progress: string; id: number }): void => {
      if (m.id !== task.id) return;
      if ('progress' in m) reached = m.progress;
      else done(m);
    };
    const onExit = (code: number | null, signal: string | null): void =>
      done({
        ...base,
        outcome: 'died',
        stage: 'process',
        message: `child exited (code ${code}, signal ${signal}): ${child.output.join('').slice(-1500)}`,
      });
    // The budget is CPU time of the child (a busy machine slows a parse down, it does not make it a
    // hang); a child that answers nothing while idle (a promise that never settles) is caught by wall
    // time at WALL_FACTOR × the budget.
    const pid = child.proc.pid ?? -1;
    const cpuAtStart = cpuMs(pid);
    const timer = setInterval(() => {
      const cpu = cpuAtStart === null ? null : (cpuMs(pid) ?? 0) - cpuAtStart;
      const wall = performance.now() - started;
      const over = cpu === null ? wall > budget : cpu > budget || wall > budget * WALL_FACTOR;
      if (!over) return;
      child.proc.off('exit', onExit);
      child.proc.kill('SIGKILL');
      const used =
        cpu === null ? `${Math.round(wall)} ms` : `${Math.round(cpu)} ms CPU, ${Math.round(wall)} ms wall`;
      done({
        ...base,
        outcome: 'hang',
        stage: reached,
        message: `no answer within a budget of ${budget} ms (${used}) in stage ${reached}`,
      });
    }, POLL_MS);
    child.proc.on('message', onMessage);
    child.proc.once('exit', onExit);
    child.proc.send(task);
  });
}

/** Run every task; `sizeOf` gives the seed file's size for the budget. */
export async function runFuzz(
  tasks: readonly FuzzTask[],
  sizeOf: (path: string) => number,
  onResult?: (r: FuzzResult) => void,
  budget: (size: number) => number = budgetMs,
): Promise<FuzzResult[]> {
  const results: FuzzResult[] = [];
  let child = await spawnChild();
  try {
    for (const task of tasks) {
      // Mutants grow by at most a few hundred bytes; the seed size is a fair measure.
      const r = await runTask(child, task, budget(sizeOf(task.path) + 4096));
      results.push(r);
      onResult?.(r);
      if (r.outcome === 'hang' || r.outcome === 'died') child = await spawnChild();
    }
  } finally {
    child.proc.kill('SIGKILL');
  }
  return results;
}
