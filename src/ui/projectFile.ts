/**
 * The studio's project file (`<name>.hlsstudio.json`): the model bytes (base64), the DesignConfig and the
 * view, under a format tag and a schema version. `migrateProject` upgrades older versions step by step
 * (the excalidraw/tldraw restore pattern), so a file saved today still opens after the schema moves on.
 */
import type { DesignConfig } from '../core/config/designConfig';
import type { ModelFile } from '../workers/protocol';

export const PROJECT_FORMAT = 'hls-studio-project';
export const PROJECT_VERSION = 1;
export const PROJECT_SUFFIX = '.hlsstudio.json';

export interface ProjectView {
  readonly selected: string | null;
  readonly overlay?: string;
}

export interface StudioProject {
  readonly format: typeof PROJECT_FORMAT;
  readonly version: typeof PROJECT_VERSION;
  readonly savedAt: string;
  readonly model: { readonly files: readonly ModelFile[] };
  readonly config: DesignConfig;
  readonly view: ProjectView;
}

interface ProjectFileJson {
  readonly format: string;
  readonly version: number;
  readonly savedAt?: string;
  readonly model: { readonly files: readonly { readonly name: string; readonly base64: string }[] };
  readonly config: DesignConfig;
  readonly view?: ProjectView;
}

export function isProjectFileName(name: string): boolean {
  return name.toLowerCase().endsWith(PROJECT_SUFFIX);
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeProject(files: readonly ModelFile[], config: DesignConfig, view: ProjectView): string {
  const doc: ProjectFileJson = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: new Date().toISOString(),
    model: { files: files.map((f) => ({ name: f.name, base64: bytesToBase64(f.bytes) })) },
    config,
    view,
  };
  return JSON.stringify(doc, null, 1);
}

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations from version k to k+1, keyed by k. Version 0 was the pre-release layout with the model at
 * the top level (`{ modelName, modelBase64, config }`).
 */
const MIGRATIONS: Readonly<Record<number, Migration>> = {
  0: (doc) => ({
    format: PROJECT_FORMAT,
    version: 1,
    savedAt: doc['savedAt'],
    model: {
      files: [{ name: String(doc['modelName'] ?? 'model.onnx'), base64: String(doc['modelBase64']) }],
    },
    config: doc['config'],
    view: { selected: null },
  }),
};

export class ProjectFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

/** Bring any known version up to PROJECT_VERSION. */
export function migrateProject(raw: unknown): ProjectFileJson {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new ProjectFileError('not an HLS Studio project (expected a JSON object)');
  let doc = raw as Record<string, unknown>;
  let version = typeof doc['version'] === 'number' ? doc['version'] : doc['format'] === undefined ? 0 : NaN;
  if (doc['format'] !== undefined && doc['format'] !== PROJECT_FORMAT)
    throw new ProjectFileError(`not an HLS Studio project (format '${String(doc['format'])}')`);
  if (!Number.isInteger(version) || version < 0)
    throw new ProjectFileError('the project file has no valid version');
  if (version > PROJECT_VERSION)
    throw new ProjectFileError(
      `the project was saved by a newer HLS Studio (version ${version}; this one reads up to ${PROJECT_VERSION})`,
    );
  while (version < PROJECT_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new ProjectFileError(`no migration from project version ${version}`);
    doc = step(doc);
    version++;
  }
  return doc as unknown as ProjectFileJson;
}

export function decodeProject(text: string): StudioProject {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ProjectFileError(`the project file is not valid JSON: ${(e as Error).message}`);
  }
  const doc = migrateProject(raw);
  const files = doc.model?.files;
  if (!Array.isArray(files) || files.length === 0)
    throw new ProjectFileError('the project file has no model');
  if (!doc.config || typeof doc.config !== 'object')
    throw new ProjectFileError('the project file has no config');
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: doc.savedAt ?? '',
    model: { files: files.map((f) => ({ name: f.name, bytes: base64ToBytes(f.base64) })) },
    config: doc.config,
    view: doc.view ?? { selected: null },
  };
}
