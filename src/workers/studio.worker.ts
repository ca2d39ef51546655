/**
 * The studio worker: a thin entry over the core. It keeps the loaded model (graph, original bytes, the
 * float reference session) and answers typed requests (protocol.ts): load, lower, emulate, generate.
 * Emulation jobs are serialised; a job superseded by a newer one (or cancelled) stops at its next
 * batch boundary and answers 'cancelled'.
 */
/// <reference lib="webworker" />
import { labelAccuracy, parseLabels } from '../core/emulate/labels';
import { traceRowLimit } from '../core/emulate/inputs';
import type { DesignConfig } from '../core/config/designConfig';
import { asStudioError, StudioError } from '../core/errors';
import { EmulationCancelled } from '../core/emulate/types';
import { prepareEmulation } from '../core/emulate/engine';
import { chunkValues, type TraceChunks } from '../core/emulate/traceChunks';
import { generateProject } from '../core/backends/index';
import { toCppType } from '../core/fixed/format';
import { loadModel, sniffFormat } from '../core/frontends/index';
import type { ModelGraph } from '../core/ir/graph';
import { lower } from '../core/passes/lower';
import type { LoweredGraph } from '../core/passes/lowered';
import { zipProject } from '../core/project/zip';
import { FloatReference } from '../core/float/onnxReference';
import { IrFloatReference } from '../core/float/irReference';
import { exportHls4mlYaml, importHls4mlConfig } from '../core/config/hls4mlConfig';
import type { FixedType } from '../core/fixed/types';
import { bundledHlsLibrary } from './hlsLibrary';
import { inputKey, rowsFor } from './inputs';
import { layoutLayers } from './layout';
import { LayerFloatReference, irLayerFloats, layerErrors, type LayerFloatRun } from './layerFloat';
import { weightStats } from './weightStats';
import { collapsedLayout, findChains } from './chains';
import type {
  EmulationView,
  InputSpec,
  OutputView,
  GraphView,
  LayerHistogramView,
  ProjectFilesView,
  ModelFile,
  ProjectZip,
  StudioRequest,
  StudioResponse,
  WireError,
} from './protocol';
import {
  inputSize,
  tracedValues,
  layerHistogram,
  layerViews,
  loweredView,
  outputView,
  profileView,
} from './views';

declare const self: DedicatedWorkerGlobalScope;

interface Session {
  readonly modelId: number;
  readonly graph: ModelGraph;
  readonly fileName: string;
  readonly floatRef: FloatReference | null;
  /** The IR's float reference: every format, and ONNX files onnxruntime cannot run. */
  readonly irFloat: IrFloatReference | null;
  /** The same file with every layer's tensor as an output (per-layer error against float). */
  readonly layerFloat: LayerFloatReference | null;
  /** Float outputs per input key: they do not depend on the design config. */
  readonly floatCache: Map<string, Float64Array[]>;
}

class Cancelled extends Error {}

/**
 * Above this many layers the per-layer float values come from the IR interpreter, not from onnxruntime
 * with every layer tensor as an extra output: for 2,000 small layers that session took 4–7 s to open
 * and run 1,000 rows in Node, the interpreter 0.13 s. The outputs still come from onnxruntime.
 */
const ORT_TAP_LAYERS = 500;

let session: Session | null = null;
let nextModelId = 1;
let latestEmulate = 0;
const cancelled = new Set<number>();

/** Per-layer output values of the last finished emulation (for the inspector's histogram). */
interface TraceStore {
  readonly id: number;
  readonly modelId: number;
  readonly chunks: ReadonlyMap<string, TraceChunks>;
  readonly types: Map<string, { readonly type: FixedType; readonly cpp: string }>;
}
let lastTrace: TraceStore | null = null;
let nextTraceId = 1;
let emulateChain: Promise<unknown> = Promise.resolve();

function post(msg: StudioResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function toWire(e: unknown): WireError {
  const err =
    e instanceof StudioError
      ? e
      : asStudioError(e, {}, 'This looks like a bug in HLS Studio; please report it.');
  return { message: err.message, hint: err.hint, location: err.location, line: err.oneLine() };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function current(modelId: number): Session {
  if (!session || session.modelId !== modelId) {
    throw new StudioError('the model changed while this request was on its way', 'Try again.');
  }
  return session;
}

async function load(id: number, files: readonly ModelFile[]): Promise<GraphView> {
  const t0 = performance.now();
  post({ type: 'progress', id, stage: `parsing ${files.map((f) => f.name).join(', ')}`, done: 0, total: 2 });
  const graph = await loadModel(files);
  const t1 = performance.now();
  post({ type: 'progress', id, stage: `laying out ${graph.layers.length} layers`, done: 1, total: 2 });
  const positions = await layoutLayers(graph.layers);
  const t2 = performance.now();
  const onnx = graph.format === 'onnx' ? files.find((f) => sniffFormat(f.bytes) === 'onnx') : undefined;
  const fileName = onnx?.name ?? files[0]?.name ?? graph.name;
  const old = session;
  session = {
    modelId: nextModelId++,
    graph,
    fileName,
    floatRef: onnx ? new FloatReference(onnx.bytes, onnx.name) : null,
    irFloat: new IrFloatReference(graph),
    layerFloat: onnx ? new LayerFloatReference(onnx.bytes, onnx.name, graph) : null,
    floatCache: new Map(),
  };
  void old?.floatRef?.release();
  old?.layerFloat?.release();
  // Compile the float runtime in the background: the first Emulate click should not wait for it. A
  // moment later, so that it does not compete with drawing the graph for the (often two) CPU cores.
  const warming = session;
  setTimeout(() => {
    if (session === warming) warming.floatRef?.warm();
  }, 1000);
  return {
    modelId: session.modelId,
    name: graph.name,
    format: graph.format,
    fileName,
    layers: layerViews(graph, positions),
    inputs: graph.inputs,
    outputs: graph.outputs,
    metadata: graph.metadata,
    inputSize: inputSize(graph),
    hasFloatReference: session.floatRef !== null || session.irFloat !== null,
    parseMs: t1 - t0,
    layoutMs: t2 - t1,
  };
}

/**
 * The last lowering, per session and config: an edit asks for 'lower' at once and for 'emulate' a
 * moment later with the same config, so the emulation reuses it (lowering is pure; its result is
 * read-only).
 */
let lastLowered: { readonly session: Session; readonly key: string; readonly lowered: LoweredGraph } | null =
  null;

function lowerFor(s: Session, config: DesignConfig): LoweredGraph {
  const key = JSON.stringify(config);
  if (lastLowered?.session === s && lastLowered.key === key) return lastLowered.lowered;
  const lowered = lower(s.graph, config, s.fileName);
  lastLowered = { session: s, key, lowered };
  return lowered;
}

async function runEmulation(req: Extract<StudioRequest, { type: 'emulate' }>): Promise<EmulationView> {
  const { id } = req;
  const alive = (): boolean => !cancelled.has(id) && latestEmulate === id;
  const keepGoing = async (stage: string, done: number, total: number): Promise<boolean> => {
    post({ type: 'progress', id, stage, done, total });
    await tick();
    return alive();
  };
  if (!alive()) throw new Cancelled();
  const s = current(req.modelId);
  const lowered = lowerFor(s, req.config);
  const { rows, source } = rowsFor(req.input, inputSize(s.graph), traceRowLimit(tracedValues(s.graph)));

  // Float reference first (cached per input rows: precision edits do not change it).
  let float: Float64Array[] | null = null;
  let floatNote: string | null = null;
  let floatMs = 0;
  let layerFloat: LayerFloatRun | null = null;
  if (s.floatRef) {
    const key = inputKey(req.input);
    if (s.layerFloat && s.graph.layers.length <= ORT_TAP_LAYERS) {
      // One run gives the model outputs and every layer's float values; on any failure the plain
      // reference below still gives the outputs.
      const t = performance.now();
      layerFloat = await s.layerFloat
        .run(
          key,
          rows,
          lowered.layers.map((l) => l.name),
          (done, total) => keepGoing('float reference', done, total),
        )
        .catch(() => null);
      if (!alive()) throw new Cancelled();
      if (layerFloat?.outputs) {
        floatMs = performance.now() - t;
        s.floatCache.set(key, layerFloat.outputs);
      }
    }
    float = s.floatCache.get(key) ?? null;
    if (!float) {
      const t = performance.now();
      try {
        float = await s.floatRef.run(rows, (done, total) => keepGoing('float reference', done, total));
      } catch (e) {
        floatNote = toWire(e).line;
      }
      if (!alive()) throw new Cancelled();
      floatMs = performance.now() - t;
      if (float) {
        if (s.floatCache.size > 8) s.floatCache.clear();
        s.floatCache.set(key, float);
      }
    }
  }
  if (!float && s.irFloat) {
    // Keras, PyTorch, and ONNX files onnxruntime cannot run (QONNX quantizers): the IR's float reference.
    const key = inputKey(req.input);
    float = s.floatCache.get(key) ?? null;
    if (!float) {
      const t = performance.now();
      try {
        float = await s.irFloat.run(rows, (done, total) => keepGoing('float reference', done, total));
        floatNote = null;
      } catch (e) {
        floatNote ??= toWire(e).line;
      }
      if (!alive()) throw new Cancelled();
      floatMs = performance.now() - t;
      if (float) {
        if (s.floatCache.size > 8) s.floatCache.clear();
        s.floatCache.set(key, float);
      }
    }
  }
  if (!float) floatNote ??= `no float reference for this ${s.graph.format} model`;

  if (!layerFloat) {
    // No onnxruntime for this format (or it could not run the file): the IR interpreter gives every
    // layer's float values.
    try {
      layerFloat = irLayerFloats(
        s.graph,
        inputKey(req.input),
        rows,
        lowered.layers.map((l) => l.name),
      );
    } catch {
      layerFloat = null;
    }
  }

  const t = performance.now();
  // The kernels are prepared once; the run yields to the mailbox after every chunk of rows.
  // Layers whose inputs did not change since the last run (upstream of an edit, or below it once the
  // values agree again) are not recomputed: runMemo.ts.
  const run = prepareEmulation(lowered).start(rows, { trace: true, reuse: true });
  while (run.next()) {
    if (!(await keepGoing('emulating', run.done, rows.length))) throw new Cancelled();
  }
  // Traces stay as the emulator's chunks of raws: values are made per layer when one is asked for.
  const last = run.result(false);
  const profiles = last.layers;
  const emulateMs = performance.now() - t;
  const fixed = last.outputs;
  const names = last.outputNames;
  if (float && float.some((f, i) => f.length !== fixed[i]?.length)) {
    floatNote =
      'the float reference outputs have a different size than the emulated ones, so they are not compared';
  }
  const traceId = nextTraceId++;
  const types = new Map<string, { type: FixedType; cpp: string }>();
  for (const l of lowered.layers) {
    const t = l.types['result_t'];
    if (t) types.set(l.name, { type: t, cpp: toCppType(t, lowered.family) });
  }
  lastTrace = {
    id: traceId,
    modelId: s.modelId,
    chunks: run.traced(),
    types,
  };
  const errors = layerErrors(s.graph, lastTrace.chunks, layerFloat, rows);
  return {
    modelId: s.modelId,
    traceId,
    samples: rows.length,
    source,
    outputs: names.map((name, i) => {
      const type = last.outputTypes[i];
      const view = outputView(
        name,
        type ? toCppType(type, lowered.family) : '',
        fixed[i] ?? new Float64Array(),
        float?.[i] ?? null,
        rows.length,
      );
      return i === 0
        ? { ...view, labelAccuracy: accuracyOf(req.input, view, fixed[0], float?.[0], rows.length) }
        : view;
    }),
    layers: profiles.map((p) => {
      const e = errors.get(p.name);
      return { ...profileView(p), floatError: e ? { meanAbs: e.meanAbs, maxAbs: e.maxAbs } : null };
    }),
    floatNote,
    emulateMs,
    floatMs,
  };
}

/** The first output's accuracy against the labels file, when the rows came with one. */
function accuracyOf(
  input: InputSpec,
  view: OutputView,
  fixed: Float64Array | undefined,
  float: Float64Array | null | undefined,
  samples: number,
): OutputView['labelAccuracy'] {
  if (input.kind !== 'file' || !input.labels || !fixed) return null;
  const labels = parseLabels(input.labels.bytes, input.labels.name, view.size);
  if (labels.length !== samples) {
    throw new StudioError(
      `the labels file has ${labels.length} labels for ${samples} input rows`,
      'Give one label per input row, in the same order.',
      { file: input.labels.name },
    );
  }
  return {
    file: input.labels.name,
    fixed: labelAccuracy(fixed, samples, view.size, labels),
    float: float && float.length === fixed.length ? labelAccuracy(float, samples, view.size, labels) : null,
  };
}

async function generate(modelId: number, config: DesignConfig): Promise<ProjectZip> {
  const s = current(modelId);
  const lowered = lowerFor(s, config);
  const files = generateProject(lowered, bundledHlsLibrary(), {});
  const bytes = await zipProject(files, config.projectName);
  return { fileName: `${config.projectName}.zip`, bytes, fileCount: files.size };
}

function histogramOf(traceId: number, layer: string): LayerHistogramView | null {
  const t = lastTrace;
  if (!t || t.id !== traceId) return null;
  const chunks = t.chunks.get(layer);
  const type = t.types.get(layer);
  if (!chunks || !type) return null;
  return layerHistogram(layer, traceId, chunkValues(chunks), type.type, type.cpp);
}

/** The project that "Download project" would zip, as text files (sorted by path). */
function projectFiles(modelId: number, config: DesignConfig): ProjectFilesView {
  const s = current(modelId);
  const files = generateProject(lowerFor(s, config), bundledHlsLibrary(), {});
  return {
    modelId,
    projectName: config.projectName,
    files: [...files]
      .map(([path, text]) => ({ path, text: typeof text === 'string' ? text : '' }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

async function handle(req: StudioRequest): Promise<void> {
  if (req.type === 'cancel') {
    cancelled.add(req.id);
    return;
  }
  const { id } = req;
  try {
    switch (req.type) {
      case 'load': {
        const result = await load(id, req.files);
        post({ type: 'result', id, request: 'load', result });
        break;
      }
      case 'lower': {
        const s = current(req.modelId);
        post({
          type: 'result',
          id,
          request: 'lower',
          result: loweredView(s.modelId, lowerFor(s, req.config)),
        });
        break;
      }
      case 'emulate': {
        latestEmulate = id;
        const job = emulateChain.then(() => runEmulation(req));
        emulateChain = job.catch(() => undefined);
        const result = await job;
        const transfer = result.outputs.flatMap((o) =>
          o.float ? [o.fixed.buffer, o.float.buffer] : [o.fixed.buffer],
        );
        post({ type: 'result', id, request: 'emulate', result }, transfer);
        break;
      }
      case 'generate': {
        const result = await generate(req.modelId, req.config);
        post({ type: 'result', id, request: 'generate', result }, [result.bytes.buffer as ArrayBuffer]);
        break;
      }
      case 'layerHistogram':
        post({ type: 'result', id, request: 'layerHistogram', result: histogramOf(req.traceId, req.layer) });
        break;
      case 'files':
        post({ type: 'result', id, request: 'files', result: projectFiles(req.modelId, req.config) });
        break;
      case 'weightStats': {
        const s = current(req.modelId);
        post({
          type: 'result',
          id,
          request: 'weightStats',
          result: weightStats(lowerFor(s, req.config), req.layer),
        });
        break;
      }
      case 'collapsedLayout': {
        const s = current(req.modelId);
        const chains = findChains(s.graph.layers, s.graph.inputs, s.graph.outputs);
        const open = new Set(req.expanded);
        const collapsed = chains.map((c) => c.id).filter((c) => !open.has(c));
        const positions = await collapsedLayout(s.graph.layers, chains, new Set(collapsed));
        post({
          type: 'result',
          id,
          request: 'collapsedLayout',
          result: { modelId: s.modelId, chains, collapsed, positions: Object.fromEntries(positions) },
        });
        break;
      }
      case 'importConfig':
        post({
          type: 'result',
          id,
          request: 'importConfig',
          result: importHls4mlConfig(req.text, req.fileName),
        });
        break;
      case 'exportConfig':
        post({ type: 'result', id, request: 'exportConfig', result: exportHls4mlYaml(req.config) });
        break;
      case 'ping':
        post({ type: 'result', id, request: 'ping', result: Date.now() });
        break;
      case 'testCrash':
        if (req.how === 'throw') {
          setTimeout(() => {
            throw new Error('test hook: the studio worker crashed on purpose');
          }, 0);
        } else {
          // Busy forever: the worker stops answering, as a runaway kernel would.
          setTimeout(() => {
            for (;;) {
              /* hang */
            }
          }, 0);
        }
        break;
    }
  } catch (e) {
    if (e instanceof Cancelled || e instanceof EmulationCancelled) post({ type: 'cancelled', id });
    else post({ type: 'error', id, error: toWire(e) });
  } finally {
    cancelled.delete(id);
  }
}

self.addEventListener('message', (ev: MessageEvent<StudioRequest>) => {
  void handle(ev.data);
});

// Warm up the layout engine while the user is still choosing a file: elk's first call initialises its
// GWT runtime (hundreds of ms), which would otherwise land between the drop and the drawn graph.
void layoutLayers([
  { name: 'a', inputs: [] },
  { name: 'b', inputs: ['a'] },
]).catch(() => undefined);
