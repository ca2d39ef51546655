/**
 * A small typed client for the studio worker: `request()` posts a message with a fresh id and returns
 * the id (for cancel) and a promise of the typed result; progress messages go to a callback.
 */
import type {
  RequestBody,
  RequestType,
  ResultOf,
  StudioRequest,
  StudioResponse,
  WireError,
} from '../workers/protocol';

export interface Progress {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

/** The worker refused or failed the request; `wire.line` is the one-line message for the banner. */
export class WorkerRequestError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.line);
    this.name = 'WorkerRequestError';
  }
}

/** The request was cancelled or superseded; callers usually ignore it. */
export class WorkerCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'WorkerCancelled';
  }
}

/** The worker died with the request in flight; the studio restarts it and re-sends the model. */
export class WorkerCrashed extends WorkerCancelled {
  constructor(readonly reason: string) {
    super();
    this.name = 'WorkerCrashed';
  }
}

/** How long the worker may leave a heartbeat unanswered while it has work in flight. */
let unresponsiveMs = 20_000;
const HEARTBEAT_MS = 1_000;

/** Test hook: a shorter limit so the e2e test of a hung worker does not wait 20 s. */
export function setUnresponsiveMs(ms: number): void {
  unresponsiveMs = ms;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  readonly onProgress?: (p: Progress) => void;
}

export interface Job<K extends RequestType> {
  readonly id: number;
  readonly result: Promise<ResultOf[K]>;
}

export class StudioClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead = false;
  /** When the worker last said anything (any message counts as alive). */
  private lastHeard = Date.now();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  /** Called once if the worker dies (uncaught error) or stops answering. */
  onCrash: ((reason: string) => void) | null = null;

  constructor(worker?: Worker) {
    this.worker =
      worker ??
      new Worker(new URL('../workers/studio.worker.ts', import.meta.url), { type: 'module', name: 'studio' });
    this.worker.addEventListener('message', (ev: MessageEvent<StudioResponse>) => {
      this.lastHeard = Date.now();
      this.receive(ev.data);
    });
    this.worker.addEventListener('error', (ev: ErrorEvent) => {
      ev.preventDefault();
      this.crash(ev.message ? `the studio worker failed: ${ev.message}` : 'the studio worker stopped');
    });
    this.worker.addEventListener('messageerror', () => this.crash('a worker message could not be read'));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  get isDead(): boolean {
    return this.dead;
  }

  /** While work is in flight, ping the worker; if nothing comes back for UNRESPONSIVE_MS it is hung. */
  private beat(): void {
    if (this.dead) return;
    const waiting = [...this.pending.keys()].length > 0;
    if (!waiting) {
      this.lastHeard = Date.now();
      return;
    }
    if (Date.now() - this.lastHeard > unresponsiveMs) {
      this.crash(`the studio worker stopped answering for ${Math.round(unresponsiveMs / 1000)} s`);
      return;
    }
    const id = this.nextId++;
    this.pending.set(id, { resolve: () => undefined, reject: () => undefined });
    this.worker.postMessage({ type: 'ping', id } satisfies StudioRequest);
  }

  /** Stop the worker for good and fail whatever was in flight; `onCrash` starts the recovery. */
  crash(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new WorkerCrashed(reason));
    this.pending.clear();
    this.onCrash?.(reason);
  }

  /** Test hook (see main.tsx): make the worker throw or hang. */
  testCrash(how: 'throw' | 'hang'): void {
    const id = this.nextId++;
    this.pending.set(id, { resolve: () => undefined, reject: () => undefined });
    this.worker.postMessage({ type: 'testCrash', id, how } satisfies StudioRequest);
  }

  request<K extends RequestType>(
    body: RequestBody<K> & { type: K },
    onProgress?: (p: Progress) => void,
    transfer: Transferable[] = [],
  ): Job<K> {
    const id = this.nextId++;
    if (this.dead) {
      return { id, result: Promise.reject(new WorkerCrashed('the studio worker is restarting')) };
    }
    const result = new Promise<ResultOf[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    });
    this.worker.postMessage({ ...body, id } as unknown as StudioRequest, transfer);
    return { id, result };
  }

  cancel(id: number): void {
    if (this.pending.has(id)) this.worker.postMessage({ type: 'cancel', id } satisfies StudioRequest);
  }

  private receive(msg: StudioResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    switch (msg.type) {
      case 'progress':
        p.onProgress?.({ stage: msg.stage, done: msg.done, total: msg.total });
        return;
      case 'result':
        this.pending.delete(msg.id);
        p.resolve(msg.result);
        return;
      case 'error':
        this.pending.delete(msg.id);
        p.reject(new WorkerRequestError(msg.error));
        return;
      case 'cancelled':
        this.pending.delete(msg.id);
        p.reject(new WorkerCancelled());
        return;
    }
  }
}

let client: StudioClient | null = null;

let crashHandler: ((reason: string) => void) | null = null;

/** The one studio worker, started on first use (and again after a crash). */
export function studioClient(): StudioClient {
  if (!client || client.isDead) {
    client = new StudioClient();
    client.onCrash = (reason) => crashHandler?.(reason);
  }
  return client;
}

/** The store registers what to do when the worker dies (restart it, re-send the model). */
export function setCrashHandler(handler: (reason: string) => void): void {
  crashHandler = handler;
}
