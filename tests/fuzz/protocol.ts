/** Messages between the fuzz harness and its child, and how an exception is classified. */
import { StudioError } from '../../src/core/errors';

export interface FuzzTask {
  readonly id: number;
  /** Seed file, repo-relative. */
  readonly path: string;
  readonly seed: number;
  /** Run the seed file itself, unmutated (the baseline). */
  readonly raw?: boolean;
}

/**
 * loaded: loadModel → lower → emulate → generateProject all ran. loaded-refused: it loaded, then a later
 * stage refused it with a clean StudioError. refused: loadModel refused it with a clean StudioError.
 * internal: a StudioError that wraps an unexpected exception (its hint says it is a bug). crash: anything
 * else thrown. hang: over its time budget. died: the child process exited (out of memory, …).
 */
export type Outcome = 'loaded' | 'loaded-refused' | 'refused' | 'internal' | 'crash' | 'hang' | 'died';

export interface FuzzResult {
  readonly id: number;
  readonly path: string;
  readonly seed: number;
  readonly ops: readonly string[];
  readonly size: number;
  readonly outcome: Outcome;
  readonly stage: string;
  readonly message?: string;
  readonly stack?: string;
  readonly ms?: number;
}

const BUG_HINT = /bug in HLS Studio/i;

export function classify(e: unknown): Pick<FuzzResult, 'outcome' | 'message' | 'stack'> {
  if (e instanceof StudioError) {
    const line = e.oneLine();
    const clean = !/[\r\n]/.test(line) && !/\n\s+at /.test(e.message) && line.length <= 2000;
    if (BUG_HINT.test(e.hint) || !clean) return { outcome: 'internal', message: line.slice(0, 2000) };
    return { outcome: 'refused', message: line };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    outcome: 'crash',
    message: `${err.name}: ${err.message}`.slice(0, 2000),
    stack: (err.stack ?? '').split('\n').slice(0, 12).join('\n'),
  };
}

export const isFailure = (o: Outcome): boolean =>
  o === 'internal' || o === 'crash' || o === 'hang' || o === 'died';
