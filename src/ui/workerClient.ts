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

  constructor(worker?: Worker) {
    this.worker =
      worker ??
      new Worker(new URL('../workers/studio.worker.ts', import.meta.url), { type: 'module', name: 'studio' });
    this.worker.addEventListener('message', (ev: MessageEvent<StudioResponse>) => this.receive(ev.data));
    this.worker.addEventListener('error', (ev: ErrorEvent) => {
      ev.preventDefault();
      this.failAll(ev.message || 'the studio worker stopped');
    });
    this.worker.addEventListener('messageerror', () => this.failAll('a worker message could not be read'));
  }

  request<K extends RequestType>(
    body: RequestBody<K> & { type: K },
    onProgress?: (p: Progress) => void,
    transfer: Transferable[] = [],
  ): Job<K> {
    const id = this.nextId++;
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

  private failAll(message: string): void {
    const wire: WireError = {
      message,
      hint: 'Reload the page; your model never left this machine.',
      location: {},
      line: `error: ${message}. Reload the page.`,
    };
    for (const p of this.pending.values()) p.reject(new WorkerRequestError(wire));
    this.pending.clear();
  }
}

let client: StudioClient | null = null;

/** The one studio worker, started on first use. */
export function studioClient(): StudioClient {
  client ??= new StudioClient();
  return client;
}
