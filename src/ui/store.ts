/**
 * The studio's state: the model file, its graph (as the worker laid it out), the DesignConfig, and what
 * the worker computed from them (lowered view, emulation). Config edits go through the small actions
 * below; each one records undo history, re-lowers at once and re-emulates after a short debounce.
 * Nothing here computes numerics: the worker does (see src/workers/studio.worker.ts).
 */
import { EXAMPLES } from './examples';
import { checkFileSize } from '../core/limits';
import { MARKS, MEASURES, mark, measureSince } from './perfMarks';
import { domainOf, overlayValue, type OverlayDomain } from './overlay';
import { readAutosave, writeAutosave, AUTOSAVE_VERSION } from './autosave';
import { decodeProject, encodeProject, isProjectFileName, PROJECT_SUFFIX } from './projectFile';
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
  LayerHistogramView,
  LayerProfileView,
  LoweredLayerView,
  LoweredView,
  ModelFile,
  ProjectFilesView,
  WireError,
} from '../workers/protocol';
import {
  setCrashHandler,
  studioClient,
  WorkerCancelled,
  WorkerCrashed,
  WorkerRequestError,
  type Progress,
} from './workerClient';

/** What the graph nodes are coloured by (the overlay legend on the canvas). */
export const OVERLAYS = ['kind', 'bits', 'overflows', 'error', 'multipliers'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export type CenterTab = 'emulation' | 'code';

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
  /** Every selected layer when more than one is selected (multi-select edits apply to all of them). */
  readonly multiSelected: readonly string[];
  /** Layers named by the pass report the user expanded in the passes list (outlined in the graph). */
  readonly highlighted: readonly string[];
  readonly overlay: Overlay;
  /** Smallest and largest overlay value over all layers (for the legend and the colour ramp). */
  readonly overlayDomain: OverlayDomain | null;
  readonly centerTab: CenterTab;

  /** The selected layer's output histogram from the last emulation's trace. */
  readonly layerHistogram: LayerHistogramView | null;
  /** The layer the worker had no trace for (e.g. the emulation ran before a worker restart). */
  readonly layerHistogramMissing: string | null;
  /** The generated project (code view), regenerated after edits while the code view is open. */
  readonly projectFiles: ProjectFilesView | null;
  readonly projectFilesError: WireError | null;
  readonly codePath: string | null;
  /** Result of the last hls4ml config import (the error line when it failed). */
  readonly configImportError: string | null;
  /** When the work was last autosaved (ms since epoch), for the footer. */
  readonly savedAt: number | null;
  /** Worker restarts so far (crash recovery). */
  readonly workerRestarts: number;

  readonly loading: Progress | null;
  readonly banner: Banner | null;

  readonly randomInput: RandomInput;
  /** A rows file the user gave; used instead of random rows while set. */
  readonly inputFile: {
    readonly name: string;
    readonly bytes: Uint8Array;
    /** A labels file for the accuracy summary (one label per row). */
    readonly labels?: { readonly name: string; readonly bytes: Uint8Array };
  } | null;
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
  multiSelected: [],
  highlighted: [],
  overlay: 'kind',
  overlayDomain: null,
  centerTab: 'emulation',
  layerHistogram: null,
  layerHistogramMissing: null,
  projectFiles: null,
  projectFilesError: null,
  codePath: null,
  configImportError: null,
  savedAt: null,
  workerRestarts: 0,
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

/** What a restored session (autosave, project file) brings besides the model files. */
export interface RestoredWork {
  readonly config: DesignConfig;
  readonly selected?: string | null;
  readonly overlay?: Overlay;
  readonly randomInput?: RandomInput;
  /** Re-run the emulation once the model is back (it was on when the work was saved). */
  readonly autoEmulate?: boolean;
}

/** Load a model from files (from the file picker, a drop, or the example). Keeps the old model on error. */
export async function loadModelFiles(files: readonly ModelFile[], restore?: RestoredWork): Promise<boolean> {
  if (files.length === 0) return false;
  set({
    loading: { stage: `reading ${files.map((f) => f.name).join(', ')}`, done: 0, total: 1 },
    banner: null,
  });
  const job = studioClient().request({ type: 'load', files }, (p) => set({ loading: p }));
  try {
    const graph = await job.result;
    const prev = get().config;
    // Model-wide settings carry over to the next model; per-layer settings belong to the old one.
    const config: DesignConfig = restore?.config ?? { ...prev, layerName: {} };
    const known = new Set(graph.layers.map((l) => l.name));
    const selected = restore?.selected && known.has(restore.selected) ? restore.selected : null;
    set({
      modelFiles: files,
      graph,
      config,
      past: [],
      future: [],
      lowered: null,
      loweredByName: {},
      designError: null,
      selected,
      multiSelected: [],
      emulation: null,
      profileByName: {},
      layerHistogram: null,
      projectFiles: null,
      projectFilesError: null,
      emulationError: null,
      autoEmulate: false,
      loading: null,
      ...(restore?.overlay ? { overlay: restore.overlay } : {}),
      ...(restore?.randomInput ? { randomInput: restore.randomInput } : {}),
    });
    // A large graph is drawn first; its lowered types (a large message to decode) follow a frame later,
    // so they do not hold up the first paint. The nodes show '…' for their precision until then.
    if (graph.layers.length > 300 && typeof requestAnimationFrame === 'function')
      requestAnimationFrame(() => setTimeout(requestLower, 0));
    else requestLower();
    if (restore?.autoEmulate) runEmulation();
    return true;
  } catch (e) {
    const text =
      e instanceof WorkerCrashed
        ? `error: the studio worker stopped while opening ${files.map((f) => f.name).join(', ')} (${e.reason}). It was restarted; open the file again.`
        : wireOf(e).line;
    set({ loading: null, banner: { kind: 'error', text } });
    return false;
  }
}

export async function loadBrowserFiles(list: FileList | readonly File[]): Promise<void> {
  mark(MARKS.fileReceived);
  const all = Array.from(list);
  const project = all.find((f) => isProjectFileName(f.name));
  if (project) {
    await openProjectFile(project);
    return;
  }
  try {
    // Refuse an oversized file before reading it into memory; the open model stays.
    for (const f of all) checkFileSize(f.size, f.name);
  } catch (e) {
    set({ banner: { kind: 'error', text: wireOf(e).line } });
    return;
  }
  const files = await Promise.all(
    all.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  await loadModelFiles(files);
}

/** Load one of public/examples (examples.ts lists them); the jet tagger by default. */
export async function loadExample(file: string = EXAMPLES[0]!.file): Promise<void> {
  set({ loading: { stage: 'fetching the example', done: 0, total: 1 }, banner: null });
  try {
    const res = await fetch(new URL(`examples/${file}`, document.baseURI));
    if (!res.ok) throw new Error(`the example model could not be fetched (HTTP ${res.status})`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    await loadModelFiles([{ name: file, bytes }]);
  } catch (e) {
    set({ loading: null, banner: { kind: 'error', text: wireOf(e).line } });
  }
}

export function dismissBanner(): void {
  set({ banner: null });
}

/** Outline these layers in the graph (a pass report's layers); an empty list clears the outline. */
export function highlightLayers(names: readonly string[]): void {
  set({ highlighted: [...names] });
}

export function selectLayer(name: string | null): void {
  set({ selected: name, multiSelected: [] });
}

/** Several layers selected on the canvas (shift-click or box select). */
export function selectLayers(names: readonly string[]): void {
  if (names.length <= 1) {
    set({ selected: names[0] ?? get().selected, multiSelected: [] });
    return;
  }
  set({ multiSelected: [...names] });
}

export function setOverlay(overlay: Overlay): void {
  set({ overlay });
}

export function setCenterTab(centerTab: CenterTab): void {
  set({ centerTab });
  if (centerTab === 'code') requestProjectFiles(0);
}

export function setCodePath(codePath: string): void {
  set({ codePath });
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

/** Set (or with `null` remove) one precision slot of a LayerType default, e.g. every Dense layer. */
export function setTypePrecision(hlsClass: string, slot: string, text: string | null): void {
  const c = get().config;
  const prev = c.layerType[hlsClass] ?? {};
  const precision = { ...(prev.precision ?? {}) };
  if (text === null) delete precision[slot];
  else precision[slot] = text;
  const { precision: _old, ...rest } = prev;
  const next: LayerSettings = Object.keys(precision).length ? { ...rest, precision } : rest;
  const layerType = { ...c.layerType };
  if (Object.keys(next).length) layerType[hlsClass] = next;
  else delete layerType[hlsClass];
  commitConfig({ ...c, layerType });
}

/** One undoable edit that patches many layers (multi-select). */
export function patchLayers(layers: readonly string[], patch: LayerSettings): void {
  let next = get().config;
  for (const l of layers) next = withLayerSetting(next, l, patch);
  commitConfig(next);
}

/** Replace the whole config (hls4ml YAML import); undoable like any edit. */
export function replaceConfig(config: DesignConfig): void {
  commitConfig(config);
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
  if (get().centerTab === 'code') requestProjectFiles(FILES_DEBOUNCE_MS);
}

// ---------------------------------------------------------------------------------------------------
// Code view: the generated project, regenerated (debounced) after edits while the view is open

const FILES_DEBOUNCE_MS = 400;
let filesTimer: ReturnType<typeof setTimeout> | null = null;
let filesSeq = 0;

export function requestProjectFiles(delay: number): void {
  if (filesTimer !== null) clearTimeout(filesTimer);
  filesTimer = setTimeout(() => {
    filesTimer = null;
    const { graph, config } = get();
    if (!graph) return;
    const seq = ++filesSeq;
    studioClient()
      .request({ type: 'files', modelId: graph.modelId, config })
      .result.then(
        (projectFiles) => {
          if (seq !== filesSeq) return;
          const { codePath } = get();
          const keep = codePath && projectFiles.files.some((f) => f.path === codePath);
          const top = projectFiles.files.find((f) => f.path === `firmware/${projectFiles.projectName}.cpp`);
          set({
            projectFiles,
            projectFilesError: null,
            codePath: keep ? codePath : (top?.path ?? projectFiles.files[0]?.path ?? null),
          });
        },
        (e: unknown) => {
          if (seq !== filesSeq || e instanceof WorkerCancelled) return;
          set({ projectFilesError: wireOf(e) });
        },
      );
  }, delay);
}

// ---------------------------------------------------------------------------------------------------
// The selected layer's output histogram (binned in the worker from the last emulation's trace)

let histSeq = 0;

function requestLayerHistogram(): void {
  const { selected, emulation, layerHistogram } = get();
  const seq = ++histSeq;
  if (!selected || !emulation) {
    if (layerHistogram) set({ layerHistogram: null });
    return;
  }
  if (layerHistogram?.layer === selected && layerHistogram.traceId === emulation.traceId) return;
  studioClient()
    .request({ type: 'layerHistogram', traceId: emulation.traceId, layer: selected })
    .result.then(
      (h) => {
        if (seq === histSeq) set({ layerHistogram: h, layerHistogramMissing: h ? null : selected });
      },
      () => undefined,
    );
}

function refreshOverlayDomain(): void {
  const { overlay, lowered, profileByName, loweredByName, overlayDomain } = get();
  const next =
    overlay === 'kind' || !lowered
      ? null
      : domainOf(
          lowered.layers.map((l) => overlayValue(overlay, loweredByName[l.name], profileByName[l.name])),
        );
  if (next?.min !== overlayDomain?.min || next?.max !== overlayDomain?.max) set({ overlayDomain: next });
}

useStudio.subscribe((s, prev) => {
  if (s.overlay !== prev.overlay || s.lowered !== prev.lowered || s.profileByName !== prev.profileByName)
    refreshOverlayDomain();
  if (s.selected !== prev.selected || s.emulation !== prev.emulation) requestLayerHistogram();
  if (s.graph !== prev.graph && s.centerTab === 'code') requestProjectFiles(0);
});

function scheduleEmulation(): void {
  if (emulateTimer !== null) clearTimeout(emulateTimer);
  emulateTimer = setTimeout(() => {
    emulateTimer = null;
    startEmulation();
  }, DEBOUNCE_MS);
}

function currentInput(): InputSpec {
  const { inputFile, randomInput } = get();
  return inputFile
    ? {
        kind: 'file',
        name: inputFile.name,
        bytes: inputFile.bytes,
        ...(inputFile.labels ? { labels: inputFile.labels } : {}),
      }
    : randomInput;
}

function startEmulation(): void {
  const { graph, config } = get();
  if (!graph) return;
  const client = studioClient();
  if (emulateJob !== null) client.cancel(emulateJob);
  mark(MARKS.emulationStarted);
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
      measureSince(MEASURES.emulation, MARKS.emulationStarted, MARKS.emulationShown);
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

/** Labels for the rows file: the emulation then reports accuracy, fixed and float. */
export async function setLabelsFile(file: File): Promise<void> {
  const input = get().inputFile;
  if (!input) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  set({ inputFile: { ...input, labels: { name: file.name, bytes } } });
  inputChanged();
}

export function clearLabels(): void {
  const input = get().inputFile;
  if (!input?.labels) return;
  set({ inputFile: { name: input.name, bytes: input.bytes } });
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
    saveBlob(zip.bytes as BlobPart, zip.fileName, 'application/zip');
    measureSince(MEASURES.downloadToZip, MARKS.downloadClicked, MARKS.zipSaved);
    set({
      downloading: false,
      banner: { kind: 'info', text: `Saved ${zip.fileName} (${zip.fileCount} files).` },
    });
  } catch (e) {
    set({ downloading: false, banner: { kind: 'error', text: wireOf(e).line } });
  }
}

function saveBlob(bytes: BlobPart, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------------------------------------------
// hls4ml config import / export (parsed and written in the worker)

/** Import an hls4ml YAML/JSON config; a malformed file shows its one-line error and keeps the config. */
export async function importConfigText(text: string, fileName: string): Promise<void> {
  try {
    const config = await studioClient().request({ type: 'importConfig', text, fileName }).result;
    set({
      configImportError: null,
      banner: { kind: 'info', text: `Imported the hls4ml config ${fileName}.` },
    });
    replaceConfig(config);
  } catch (e) {
    if (e instanceof WorkerCancelled) return;
    set({ configImportError: wireOf(e).line });
  }
}

export async function importConfigFile(file: File): Promise<void> {
  await importConfigText(await file.text(), file.name);
}

export async function exportConfigYaml(): Promise<void> {
  const { config } = get();
  try {
    const yaml = await studioClient().request({ type: 'exportConfig', config }).result;
    saveBlob(yaml, `${config.projectName}_hls4ml_config.yml`, 'application/yaml');
  } catch (e) {
    if (!(e instanceof WorkerCancelled)) set({ banner: { kind: 'error', text: wireOf(e).line } });
  }
}

// ---------------------------------------------------------------------------------------------------
// Project file (.hlsstudio.json) and autosave

export function saveProjectFile(): void {
  const { modelFiles, config, selected, overlay } = get();
  if (!modelFiles) return;
  saveBlob(
    encodeProject(modelFiles, config, { selected, overlay }),
    `${config.projectName}${PROJECT_SUFFIX}`,
    'application/json',
  );
}

export { isProjectFileName };

export async function openProjectFile(file: File): Promise<void> {
  try {
    const project = decodeProject(await file.text());
    const overlay = (OVERLAYS as readonly string[]).includes(project.view.overlay ?? '')
      ? (project.view.overlay as Overlay)
      : undefined;
    const ok = await loadModelFiles(project.model.files, {
      config: project.config,
      selected: project.view.selected,
      overlay,
    });
    if (ok) set({ banner: { kind: 'info', text: `Opened the project ${file.name}.` } });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    set({ loading: null, banner: { kind: 'error', text: `error: ${file.name}: ${message}.` } });
  }
}

const AUTOSAVE_MS = 400;
let autosaveTimer: ReturnType<typeof setTimeout> | null = null;
let autosaveEnabled = false;

function scheduleAutosave(): void {
  if (!autosaveEnabled) return;
  if (autosaveTimer !== null) clearTimeout(autosaveTimer);
  autosaveTimer = setTimeout(() => {
    autosaveTimer = null;
    const { modelFiles, config, selected, overlay, randomInput, autoEmulate } = get();
    if (!modelFiles) return;
    const savedAt = Date.now();
    writeAutosave({
      version: AUTOSAVE_VERSION,
      savedAt,
      files: modelFiles,
      config,
      view: { selected, overlay, randomInput, autoEmulate },
    }).then(
      () => set({ savedAt }),
      () => undefined,
    );
  }, AUTOSAVE_MS);
}

useStudio.subscribe((s, prev) => {
  if (
    s.modelFiles !== prev.modelFiles ||
    s.config !== prev.config ||
    s.selected !== prev.selected ||
    s.overlay !== prev.overlay ||
    s.randomInput !== prev.randomInput ||
    s.autoEmulate !== prev.autoEmulate
  )
    scheduleAutosave();
});

/** On start: reopen the autosaved work, if any; from then on, save after every change. */
export async function restoreAutosave(): Promise<void> {
  const record = await readAutosave();
  autosaveEnabled = true;
  if (!record || get().graph) return;
  const overlay = (OVERLAYS as readonly string[]).includes(record.view.overlay)
    ? (record.view.overlay as Overlay)
    : undefined;
  const ok = await loadModelFiles(record.files, {
    config: record.config,
    selected: record.view.selected,
    overlay,
    randomInput: record.view.randomInput,
    autoEmulate: record.view.autoEmulate === true,
  });
  if (ok) set({ savedAt: record.savedAt });
}

// ---------------------------------------------------------------------------------------------------
// Worker crash recovery: restart the worker, re-send the model, keep the config and history

async function recoverFromCrash(reason: string): Promise<void> {
  const { modelFiles, workerRestarts } = get();
  set({
    workerRestarts: workerRestarts + 1,
    emulating: null,
    downloading: false,
    banner: { kind: 'error', text: `error: ${reason}. Restarting the worker…` },
  });
  emulateJob = null;
  if (!modelFiles) {
    studioClient();
    set({ banner: { kind: 'info', text: `The studio worker stopped (${reason}); it was restarted.` } });
    return;
  }
  try {
    const graph = await studioClient().request({ type: 'load', files: modelFiles }).result;
    set({ graph, loading: null });
    requestLower();
    if (get().autoEmulate) startEmulation();
    if (get().centerTab === 'code') requestProjectFiles(0);
    set({
      banner: {
        kind: 'info',
        text: `The studio worker stopped (${reason}). It was restarted and your model reopened; your edits are intact.`,
      },
    });
  } catch (e) {
    if (e instanceof WorkerCancelled) return;
    set({ banner: { kind: 'error', text: wireOf(e).line } });
  }
}

setCrashHandler((reason) => void recoverFromCrash(reason));

/** For tests and hot reload: back to an empty studio. */
export function resetStudio(): void {
  set(initial, true);
}
