/**
 * The studio worker's message protocol: a discriminated union of typed requests (UI → worker) and
 * responses (worker → UI), each tagged with the request id. Everything here is structured-clone data:
 * no classes, no functions. The worker keeps the loaded model (graph, original bytes, float runtime);
 * the UI keeps the DesignConfig and sends it with every request that depends on it.
 */
import type { DesignConfig } from '../core/config/designConfig';
import type { ErrorLocation } from '../core/errors';
import type { LayerKind } from '../core/ir/graph';
import type { LoweredStrategy, PassReport } from '../core/passes/lowered';

// ---------------------------------------------------------------------------------------------------
// Data shapes sent back to the UI

/** A StudioError (or anything thrown) flattened for postMessage. */
export interface WireError {
  readonly message: string;
  readonly hint: string;
  readonly location: ErrorLocation;
  /** StudioError.oneLine(): what the banner shows. */
  readonly line: string;
}

/** One layer of the model as the canvas and inspector show it (no weights). */
export interface LayerView {
  readonly name: string;
  readonly kind: LayerKind;
  readonly inputs: readonly string[];
  readonly outputShape: readonly number[];
  /** hls4ml's IR class name (the key of LayerType config: Dense, Activation, Conv2D, …). */
  readonly hlsClass: string;
  /** The op and node it came from in the model file. */
  readonly op: string;
  readonly node: string;
  /** Short facts for the inspector, e.g. { 'n_in': '16', 'activation': 'relu' }. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Top-left corner from the automatic layout. */
  readonly position: { readonly x: number; readonly y: number };
}

export interface GraphView {
  /** Increments with every successful load; requests carry it so a stale one is refused. */
  readonly modelId: number;
  readonly name: string;
  readonly format: string;
  readonly fileName: string;
  readonly layers: readonly LayerView[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
  /** Number of values one input row must have (all model inputs, flattened). */
  readonly inputSize: number;
  /** True when a float reference runtime is available for this format (ONNX). */
  readonly hasFloatReference: boolean;
  /** Milliseconds spent parsing and laying out. */
  readonly parseMs: number;
  readonly layoutMs: number;
}

export interface ResolvedType {
  /** The C++ type as the backend will print it (ap_fixed<16,6> or ac_fixed<…>). */
  readonly cpp: string;
  /** Short form for the graph canvas. */
  readonly short: string;
  /** Where the type came from: a config key, or the inference rule that produced it. */
  readonly origin: string;
  /** Total and integer bits (for the bit-width overlay). */
  readonly width: number;
  readonly integer: number;
}

export interface ReuseOption {
  readonly reuseFactor: number;
  /** Parallel multipliers this reuse factor implies: ceil(n_in · n_out / RF). */
  readonly multipliers: number;
}

export interface LoweredLayerView {
  readonly name: string;
  readonly kind: LayerKind;
  readonly index: number;
  readonly cppName: string;
  /** Keyed by slot with the _t suffix, e.g. 'result_t'. */
  readonly types: Readonly<Record<string, ResolvedType>>;
  readonly reuseFactor: number;
  readonly strategy: LoweredStrategy;
  /** Valid reuse factors for layers with a multiplier array (Dense); null otherwise. */
  readonly reuseOptions: readonly ReuseOption[] | null;
  /** Estimated parallel multipliers at the lowered reuse factor (Dense: ceil(n_in·n_out / RF)); null otherwise. */
  readonly multipliers: number | null;
  /** A layer a pass made from model layers (BatchNormalizationQuantizedTanh): their names. */
  readonly fusedFrom?: readonly string[];
}

export interface LoweredView {
  readonly modelId: number;
  readonly family: 'ap' | 'ac';
  readonly layers: readonly LoweredLayerView[];
  readonly reports: readonly PassReport[];
}

/** Where the emulation's input rows come from. */
export type InputSpec =
  | { readonly kind: 'random'; readonly seed: number; readonly count: number; readonly scale: number }
  | {
      readonly kind: 'file';
      readonly name: string;
      readonly bytes: Uint8Array;
      /** One label per row (class indices or one-hot rows), for the accuracy summary. */
      readonly labels?: { readonly name: string; readonly bytes: Uint8Array };
    };

export interface Histogram {
  /** Left edge of the first bin and the bin width. */
  readonly start: number;
  readonly step: number;
  readonly counts: readonly number[];
  /** Values left of the first / right of the last bin (never happens with the automatic range). */
  readonly below: number;
  readonly above: number;
}

export interface OutputElementStats {
  readonly index: number;
  readonly maxAbsError: number;
  readonly meanAbsError: number;
  readonly rmsError: number;
}

export interface OutputView {
  readonly name: string;
  /** Values per sample. */
  readonly size: number;
  /** Output C++ type. */
  readonly type: string;
  /** Fixed-point outputs row-major [samples × size] (float32 is plenty for plotting). */
  readonly fixed: Float32Array;
  /** Float reference row-major, or null when no reference is available. */
  readonly float: Float32Array | null;
  /** Error statistics per output element (the first 4,096); empty without a float reference. */
  readonly elements: readonly OutputElementStats[];
  /** Histogram of (fixed − float) over all elements; null without a float reference. */
  readonly errorHistogram: Histogram | null;
  readonly maxAbsError: number | null;
  readonly meanAbsError: number | null;
  /** Fraction of samples whose argmax agrees (only when size > 1 and a reference exists). */
  readonly argmaxAgreement: number | null;
  /** With labels (first output only): the fraction of samples classified right, fixed and float. */
  readonly labelAccuracy?: {
    readonly file: string;
    readonly fixed: number;
    readonly float: number | null;
  } | null;
}

export interface LayerProfileView {
  readonly name: string;
  readonly kind: string;
  readonly count: number;
  readonly overflows: Readonly<Record<string, number>>;
  readonly totalOverflows: number;
  readonly min: number;
  readonly max: number;
  readonly maxAbsBeforeCast: number;
  /** |fixed − float| of this layer's outputs in the run (ONNX models); null without a float value. */
  readonly floatError?: { readonly meanAbs: number; readonly maxAbs: number } | null;
}

export interface EmulationView {
  readonly modelId: number;
  readonly samples: number;
  /** What produced the rows, e.g. 'random normal, seed 1, σ 1' or the file name. */
  readonly source: string;
  readonly outputs: readonly OutputView[];
  readonly layers: readonly LayerProfileView[];
  /** Why there is no float reference, when there is none. */
  readonly floatNote: string | null;
  readonly emulateMs: number;
  readonly floatMs: number;
  /** Names the per-layer traces the worker kept from this run (ask 'layerHistogram' with it). */
  readonly traceId: number;
}

/**
 * One layer's emulated outputs binned by bit position, hls4ml-profiling style: bin k counts values with
 * 2^k ≤ |v| < 2^(k+1); the representable band of the result type is [lowBit, highBit].
 */
export interface LayerHistogramView {
  readonly layer: string;
  readonly traceId: number;
  /** The result type the trace was emulated with. */
  readonly type: string;
  readonly firstBit: number;
  readonly counts: readonly number[];
  /** Exact zeros (no bit position). */
  readonly zeros: number;
  readonly total: number;
  /** log2 of the type's LSB and the bit of its largest magnitude. */
  readonly lowBit: number;
  readonly highBit: number;
  readonly min: number;
  readonly max: number;
  /** Values whose magnitude uses the top bit of the type (close to overflowing). */
  readonly nearTop: number;
}

/** One weight tensor of a layer (weights, bias, scale, …) as the inspector's statistics show it. */
export interface WeightTensorStats {
  /** The IR field ('weight', 'bias', 'recurrentWeight', …) and the precision slot that holds it. */
  readonly name: string;
  readonly slot: string;
  readonly shape: readonly number[];
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Exact zeros among the float weights (sparsity). */
  readonly zeros: number;
  /** The slot's C++ type, and what it does to the weights: values that become 0, values beyond its range. */
  readonly type: string | null;
  readonly quantizedZeros: number | null;
  readonly outOfRange: number | null;
  /** |weight| by bit position against the type's range (as the output histogram). */
  readonly histogram: LayerHistogramView | null;
}

export interface WeightStatsView {
  readonly layer: string;
  readonly tensors: readonly WeightTensorStats[];
}

/** A run of layers the canvas can show as one node. */
export interface ChainGroupView {
  /** 'chain:' + the first layer's name. */
  readonly id: string;
  readonly layers: readonly string[];
}

export interface CollapsedGraphView {
  readonly modelId: number;
  /** Every collapsible chain, and the ones drawn collapsed in this layout. */
  readonly chains: readonly ChainGroupView[];
  readonly collapsed: readonly string[];
  /** Top-left corners of the drawn nodes: layers outside collapsed chains, and the group nodes by id. */
  readonly positions: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
}

export interface ProjectFileView {
  readonly path: string;
  readonly text: string;
}

export interface ProjectFilesView {
  readonly modelId: number;
  readonly projectName: string;
  readonly files: readonly ProjectFileView[];
}

export interface ProjectZip {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly fileCount: number;
}

// ---------------------------------------------------------------------------------------------------
// Messages

export interface ModelFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type StudioRequest =
  | { readonly type: 'load'; readonly id: number; readonly files: readonly ModelFile[] }
  | { readonly type: 'lower'; readonly id: number; readonly modelId: number; readonly config: DesignConfig }
  | {
      readonly type: 'emulate';
      readonly id: number;
      readonly modelId: number;
      readonly config: DesignConfig;
      readonly input: InputSpec;
    }
  | {
      readonly type: 'generate';
      readonly id: number;
      readonly modelId: number;
      readonly config: DesignConfig;
    }
  | {
      readonly type: 'layerHistogram';
      readonly id: number;
      readonly traceId: number;
      readonly layer: string;
    }
  | {
      readonly type: 'weightStats';
      readonly id: number;
      readonly modelId: number;
      readonly config: DesignConfig;
      readonly layer: string;
    }
  /** Layout with every chain collapsed except those in `expanded`. */
  | {
      readonly type: 'collapsedLayout';
      readonly id: number;
      readonly modelId: number;
      readonly expanded: readonly string[];
    }
  | {
      readonly type: 'files';
      readonly id: number;
      readonly modelId: number;
      readonly config: DesignConfig;
    }
  | { readonly type: 'importConfig'; readonly id: number; readonly text: string; readonly fileName: string }
  | { readonly type: 'exportConfig'; readonly id: number; readonly config: DesignConfig }
  | { readonly type: 'ping'; readonly id: number }
  /** Test hook: the worker throws an uncaught error (or stops answering) so crash recovery can be tested. */
  | { readonly type: 'testCrash'; readonly id: number; readonly how: 'throw' | 'hang' }
  | { readonly type: 'cancel'; readonly id: number };

export type RequestType = Exclude<StudioRequest['type'], 'cancel'>;

/** What each request resolves to. */
export interface ResultOf {
  load: GraphView;
  lower: LoweredView;
  emulate: EmulationView;
  generate: ProjectZip;
  layerHistogram: LayerHistogramView | null;
  weightStats: WeightStatsView | null;
  collapsedLayout: CollapsedGraphView;
  files: ProjectFilesView;
  importConfig: DesignConfig;
  exportConfig: string;
  ping: number;
  testCrash: null;
}

export type StudioResponse =
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly stage: string;
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly [K in RequestType]: {
        readonly type: 'result';
        readonly id: number;
        readonly request: K;
        readonly result: ResultOf[K];
      };
    }[RequestType]
  | { readonly type: 'error'; readonly id: number; readonly error: WireError }
  | { readonly type: 'cancelled'; readonly id: number };

/** Payload of a request without its id (what the client's callers pass). */
export type RequestBody<K extends RequestType> = Omit<Extract<StudioRequest, { type: K }>, 'id'>;
