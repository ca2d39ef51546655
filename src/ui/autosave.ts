/**
 * Autosave to IndexedDB: the model files, the config and the view, written a moment after each change,
 * read back on start so that a reload (or a crash of the tab) loses nothing. One record, one store.
 */
import type { DesignConfig } from '../core/config/designConfig';
import type { ModelFile } from '../workers/protocol';

const DB_NAME = 'hls-studio';
const STORE = 'autosave';
const KEY = 'current';
const FILES_KEY = 'files';
export const AUTOSAVE_VERSION = 1;

export interface AutosaveRecord {
  readonly version: number;
  readonly savedAt: number;
  readonly files: readonly ModelFile[];
  readonly config: DesignConfig;
  readonly view: {
    readonly selected: string | null;
    readonly overlay: string;
    readonly randomInput?: { kind: 'random'; seed: number; count: number; scale: number };
    readonly autoEmulate?: boolean;
  };
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
  });
}

async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** The model files last written: the bytes are rewritten only when the model changes, not per edit. */
let writtenFiles: readonly ModelFile[] | null = null;

export async function writeAutosave(record: AutosaveRecord): Promise<void> {
  const { files, ...state } = record;
  if (files !== writtenFiles) {
    await run('readwrite', (s) => s.put(files, FILES_KEY));
    writtenFiles = files;
  }
  await run('readwrite', (s) => s.put(state, KEY));
}

export async function readAutosave(): Promise<AutosaveRecord | null> {
  try {
    const state = (await run('readonly', (s) => s.get(KEY))) as Omit<AutosaveRecord, 'files'> | undefined;
    const files = (await run('readonly', (s) => s.get(FILES_KEY))) as ModelFile[] | undefined;
    if (!state || state.version !== AUTOSAVE_VERSION || !Array.isArray(files) || files.length === 0)
      return null;
    writtenFiles = null;
    return { ...state, files };
  } catch {
    return null;
  }
}

export async function clearAutosave(): Promise<void> {
  writtenFiles = null;
  await run('readwrite', (s) => s.delete(KEY));
  await run('readwrite', (s) => s.delete(FILES_KEY));
}
