/**
 * The studio's state: the model file, its graph (as the worker laid it out), the DesignConfig, and what
 * the worker computed from them (lowered view, emulation). Config edits go through the small actions
 * below; each one records undo history, re-lowers at once and re-emulates after a short debounce.
 * Nothing here computes numerics: the worker does (see src/workers/studio.worker.ts).
 */
import { MARKS, MEASURES, mark, measureSince } from './perfMarks';
import { create } from 'zustand';
import {
  defaultConfig,
  withBackend,
  withLayerSetting,
  type BackendName,
  type DesignConfig,
  type IOType,
  type LayerSettings,
  type Strategy,
} from '../core/config/designConfig';
import type {
  EmulationView,
  GraphView,
  InputSpec,
  LayerProfileView,
  LoweredLayerView,
  LoweredView,
  ModelFile,
  WireError,
} from '../workers/protocol';
import { studioClient, WorkerCancelled, WorkerRequestError, type Progress } from './workerClient';

export type RandomInput = Extract<InputSpec, { kind: 'random' }>;

export interface Banner {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export interface StudioState {
  /** The files the current model came from (kept so the model can be reloaded). */
  readonly modelFiles: readonly ModelFile[] | null;
  readonly graph: GraphView | null;
  readonly config: DesignConfig;
  readonly past: readonly DesignConfig[];
  readonly future: readonly DesignConfig[];
  readonly lowered: LoweredView | null;
  readonly loweredByName: Readonly<Record<string, LoweredLayerView>>;
  /** The current config could not be lowered (e.g. 'auto' where no rule exists). */
  readonly designError: WireError | null;
  readonly selected: string | null;

  readonly loading: Progress | null;
  readonly banner: Banner | null;

  readonly randomInput: RandomInput;
  /** A rows file the user gave; used instead of random rows while set. */
  readonly inputFile: { readonly name: string; readonly bytes: Uint8Array } | null;
  readonly emulation: EmulationView | null;
  readonly profileByName: Readonly<Record<string, LayerProfileView>>;
  readonly emulating: Progress | null;
  readonly emulationError: WireError | null;
  /** Set by the first Emulate click; afterwards every edit re-runs the emulation. */
  readonly autoEmulate: boolean;

  readonly downloading: boolean;
}

const initial: StudioState = {
  modelFiles: null,
  graph: null,
  config: defaultConfig(),
  past: [],
  future: [],
  lowered: null,
  loweredByName: {},
  designError: null,
  selected: null,
  loading: null,
  banner: null,
  randomInput: { kind: 'random', seed: 1, count: 1000, scale: 1 },
  inputFile: null,
  emulation: null,
  profileByName: {},
  emulating: null,
  emulationError: null,
  autoEmulate: false,
  downloading: false,
};

export const useStudio = create<StudioState>()(() => initial);

const set = useStudio.setState;
const get = useStudio.getState;

function wireOf(e: unknown): WireError {
  if (e instanceof WorkerRequestError) return e.wire;
  const message = e instanceof Error ? e.message : String(e);
  return { message, hint: '', location: {}, line: `error: ${message}.` };
}

// ---------------------------------------------------------------------------------------------------
// Loading

/** Load a model from files (from the file picker, a drop, or the example). Keeps the old model on error. */
export async function loadModelFiles(files: readonly ModelFile[]): Promise<void> {
  if (files.length === 0) return;
  set({
    loading: { stage: `reading ${files.map((f) => f.name).join(', ')}`, done: 0, total: 1 },
    banner: null,
  });
  const job = studioClient().request({ type: 'load', files }, (p) => set({ loading: p }));
  try {
    const graph = await job.result;
    const prev = get().config;
    // Model-wide settings carry over to the next model; per-layer settings belong to the old one.
    const config: DesignConfig = { ...prev, layerName: {} };
    set({
      modelFiles: files,
      graph,
      config,
      past: [],
      future: [],
      lowered: null,
      loweredByName: {},
      designError: null,
      selected: null,
      emulation: null,
      profileByName: {},
      emulationError: null,
      autoEmulate: false,
      loading: null,
    });
    requestLower();
  } catch (e) {
    set({ loading: null, banner: { kind: 'error', text: wireOf(e).line } });
  }
}

export async function loadBrowserFiles(list: FileList | readonly File[]): Promise<void> {
  mark(MARKS.fileReceived);
  const files = await Promise.all(
    Array.from(list).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  await loadModelFiles(files);
}

export const EXAMPLE_URL = 'examples/jet_tagger.onnx';

export async function loadExample(): Promise<void> {
  set({ loading: { stage: 'fetching the example', done: 0, total: 1 }, banner: null });
  try {
    const res = await fetch(new URL(EXAMPLE_URL, document.baseURI));
    if (!res.ok) throw new Error(`the example model could not be fetched (HTTP ${res.status})`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    await loadModelFiles([{ name: 'jet_tagger.onnx', bytes }]);
  } catch (e) {
    set({ loading: null, banner: { kind: 'error', text: wireOf(e).line } });
  }
}

export function dismissBanner(): void {
  set({ banner: null });
}

export function selectLayer(name: string | null): void {
  set({ selected: name });
}

// ---------------------------------------------------------------------------------------------------
// Config edits (each one undoable)

const HISTORY_LIMIT = 200;

function commitConfig(next: DesignConfig): void {
  const { config, past } = get();
  if (next === config) return;
  set({ config: next, past: [...past, config].slice(-HISTORY_LIMIT), future: [] });
  configChanged();
}

export function undo(): void {
  const { past, config, future } = get();
  const prev = past[past.length - 1];
  if (!prev) return;
  set({ config: prev, past: past.slice(0, -1), future: [config, ...future] });
  configChanged();
}

export function redo(): void {
  const { past, config, future } = get();
  const next = future[0];
  if (!next) return;
  set({ config: next, past: [...past, config], future: future.slice(1) });
  configChanged();
}

function patchLayer(layer: string, patch: LayerSettings): void {
  commitConfig(withLayerSetting(get().config, layer, patch));
}

/** Set one precision slot of one layer; `null` removes the layer's own setting (inherit again). */
export function setLayerPrecision(layer: string, slot: string, text: string | null): void {
  const { config } = get();
  if (text !== null) {
    patchLayer(layer, { precision: { [slot]: text } });
    return;
  }
  const prev = config.layerName[layer];
  if (!prev?.precision || prev.precision[slot] === undefined) return;
  const precision = Object.fromEntries(Object.entries(prev.precision).filter(([k]) => k !== slot));
  const { precision: _dropped, ...rest } = prev;
  const next: LayerSettings = Object.keys(precision).length ? { ...rest, precision } : rest;
  commitConfig({ ...config, layerName: { ...config.layerName, [layer]: next } });
}

export function setLayerReuseFactor(layer: string, reuseFactor: number): void {
  patchLayer(layer, { reuseFactor });
}

export function setLayerStrategy(layer: string, strategy: Strategy): void {
  patchLayer(layer, { strategy });
}

export function setBackend(backend: BackendName): void {
  commitConfig(withBackend(get().config, backend));
}

export function setIoType(ioType: IOType): void {
  commitConfig({ ...get().config, ioType });
}

export function setDefaultPrecision(text: string): void {
  const c = get().config;
  commitConfig({ ...c, model: { ...c.model, precision: { ...c.model.precision, default: text } } });
}

export function setProjectName(projectName: string): void {
  commitConfig({ ...get().config, projectName });
}

export function setPart(part: string): void {
  commitConfig({ ...get().config, part });
}

export function setClockPeriod(clockPeriod: number): void {
  commitConfig({ ...get().config, clockPeriod });
}

// ---------------------------------------------------------------------------------------------------
// Worker round trips

let lowerSeq = 0;

function requestLower(): void {
  const { graph, config } = get();
  if (!graph) return;
  const seq = ++lowerSeq;
  const job = studioClient().request({ type: 'lower', modelId: graph.modelId, config });
  job.result.then(
    (lowered) => {
      if (seq !== lowerSeq) return;
      set({
        lowered,
        loweredByName: Object.fromEntries(lowered.layers.map((l) => [l.name, l])),
        designError: null,
      });
    },
    (e: unknown) => {
      if (seq !== lowerSeq || e instanceof WorkerCancelled) return;
      set({ designError: wireOf(e) });
    },
  );
}

const DEBOUNCE_MS = 300;
let emulateTimer: ReturnType<typeof setTimeout> | null = null;
let emulateJob: number | null = null;

function configChanged(): void {
  requestLower();
  if (get().autoEmulate) scheduleEmulation();
}

function scheduleEmulation(): void {
  if (emulateTimer !== null) clearTimeout(emulateTimer);
  emulateTimer = setTimeout(() => {
    emulateTimer = null;
    startEmulation();
  }, DEBOUNCE_MS);
}

function currentInput(): InputSpec {
  const { inputFile, randomInput } = get();
  return inputFile ? { kind: 'file', name: inputFile.name, bytes: inputFile.bytes } : randomInput;
}

function startEmulation(): void {
  const { graph, config } = get();
  if (!graph) return;
  const client = studioClient();
  if (emulateJob !== null) client.cancel(emulateJob);
  const job = client.request(
    { type: 'emulate', modelId: graph.modelId, config, input: currentInput() },
    (p) => {
      if (emulateJob === job.id) set({ emulating: p });
    },
  );
  emulateJob = job.id;
  set({ emulating: { stage: 'starting', done: 0, total: 1 } });
  job.result.then(
    (emulation) => {
      if (emulateJob !== job.id) return;
      emulateJob = null;
      set({
        emulation,
        profileByName: Object.fromEntries(emulation.layers.map((l) => [l.name, l])),
        emulating: null,
        emulationError: null,
      });
    },
    (e: unknown) => {
      if (emulateJob !== job.id) return;
      emulateJob = null;
      set({ emulating: null, emulationError: e instanceof WorkerCancelled ? null : wireOf(e) });
    },
  );
}

/** The Emulate button: run now, and keep re-running after every edit. */
export function runEmulation(): void {
  if (!get().graph) return;
  if (emulateTimer !== null) clearTimeout(emulateTimer);
  emulateTimer = null;
  set({ autoEmulate: true });
  startEmulation();
}

function inputChanged(): void {
  if (get().autoEmulate) scheduleEmulation();
}

export function setRandomInput(patch: Partial<Omit<RandomInput, 'kind'>>): void {
  set({ randomInput: { ...get().randomInput, ...patch }, inputFile: null });
  inputChanged();
}

export async function setInputFile(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  set({ inputFile: { name: file.name, bytes }, autoEmulate: true });
  if (emulateTimer !== null) clearTimeout(emulateTimer);
  startEmulation();
}

export function clearInputFile(): void {
  set({ inputFile: null });
  inputChanged();
}

// ---------------------------------------------------------------------------------------------------
// Download

/** Build the project in the worker and save it as <projectName>.zip. */
export async function downloadProject(): Promise<void> {
  const { graph, config } = get();
  if (!graph || get().downloading) return;
  mark(MARKS.downloadClicked);
  set({ downloading: true });
  try {
    const zip = await studioClient().request({ type: 'generate', modelId: graph.modelId, config }).result;
    const url = URL.createObjectURL(new Blob([zip.bytes as BlobPart], { type: 'application/zip' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = zip.fileName;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    measureSince(MEASURES.downloadToZip, MARKS.downloadClicked, MARKS.zipSaved);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    set({
      downloading: false,
      banner: { kind: 'info', text: `Saved ${zip.fileName} (${zip.fileCount} files).` },
    });
  } catch (e) {
    set({ downloading: false, banner: { kind: 'error', text: wireOf(e).line } });
  }
}

/** For tests and hot reload: back to an empty studio. */
export function resetStudio(): void {
  set(initial, true);
}
