/**
 * DesignConfig: every design choice, separate from the model graph. Shaped like hls4ml's config so that
 * import/export is a mapping, not a translation: model-wide settings, then per-type and per-name layer
 * settings with name > type > model precedence (hls4ml-facts.md §4.2).
 */
import type { SoftmaxImplementation } from '../ir/graph';

export const BACKENDS = ['Vivado', 'Vitis', 'Quartus', 'Catapult', 'oneAPI'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const IO_TYPES = ['io_parallel', 'io_stream'] as const;
export type IOType = (typeof IO_TYPES)[number];

export const STRATEGIES = ['Latency', 'Resource', 'Resource Unrolled'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Settings that can be given model-wide, per layer type, or per layer name. */
export interface LayerSettings {
  /** Precision per slot ('result', 'weight', 'bias', 'accum', 'table', …): a precision string or 'auto'. */
  readonly precision?: Readonly<Record<string, string>>;
  readonly reuseFactor?: number;
  readonly strategy?: Strategy;
  readonly tableSize?: number;
  readonly implementation?: SoftmaxImplementation;
  readonly trace?: boolean;
  /** Keys we do not interpret yet, kept verbatim so export → import loses nothing. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface DesignConfig {
  readonly backend: BackendName;
  readonly projectName: string;
  readonly part: string;
  /** Clock period in ns. */
  readonly clockPeriod: number;
  /** e.g. '12.5%'; null = the backend's default. */
  readonly clockUncertainty: string | null;
  readonly ioType: IOType;
  /** Model-wide settings; precision.default is always present. */
  readonly model: LayerSettings & {
    readonly precision: Readonly<Record<string, string>> & { readonly default: string };
  };
  /** Keyed by hls4ml IR class name (Dense, Activation, Softmax, …). */
  readonly layerType: Readonly<Record<string, LayerSettings>>;
  /** Keyed by layer name as it appears in the graph. */
  readonly layerName: Readonly<Record<string, LayerSettings>>;
  /** Top-level keys we do not interpret, kept for lossless export. */
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface BackendDefaults {
  readonly part: string;
  readonly clockPeriod: number;
  readonly clockUncertainty: string | null;
  readonly family: 'ap' | 'ac';
}

/** hls4ml-facts.md §4.1. */
export const BACKEND_DEFAULTS: Readonly<Record<BackendName, BackendDefaults>> = {
  Vivado: { part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, clockUncertainty: '12.5%', family: 'ap' },
  Vitis: { part: 'xcvu13p-flga2577-2-e', clockPeriod: 5, clockUncertainty: '27%', family: 'ap' },
  Quartus: { part: 'Arria10', clockPeriod: 5, clockUncertainty: null, family: 'ac' },
  Catapult: { part: 'xcku115-flvb2104-2-i', clockPeriod: 5, clockUncertainty: null, family: 'ac' },
  oneAPI: { part: 'Agilex7', clockPeriod: 5, clockUncertainty: null, family: 'ac' },
};

export const DEFAULT_PRECISION = 'ap_fixed<16,6>';

export function defaultConfig(backend: BackendName = 'Vivado'): DesignConfig {
  const d = BACKEND_DEFAULTS[backend];
  return {
    backend,
    projectName: 'myproject',
    part: d.part,
    clockPeriod: d.clockPeriod,
    clockUncertainty: d.clockUncertainty,
    ioType: 'io_parallel',
    model: { precision: { default: DEFAULT_PRECISION }, reuseFactor: 1, strategy: 'Latency' },
    layerType: {},
    layerName: {},
    extra: {},
  };
}

/** Set one layer's setting by name (an immutable update, as the studio's undo needs). */
export function withLayerSetting(config: DesignConfig, layer: string, patch: LayerSettings): DesignConfig {
  const prev = config.layerName[layer] ?? {};
  const precision = patch.precision ? { ...(prev.precision ?? {}), ...patch.precision } : prev.precision;
  const next: LayerSettings = { ...prev, ...patch, ...(precision ? { precision } : {}) };
  return { ...config, layerName: { ...config.layerName, [layer]: next } };
}

/** Switch backend, moving part/clock defaults along when the user had not changed them. */
export function withBackend(config: DesignConfig, backend: BackendName): DesignConfig {
  const old = BACKEND_DEFAULTS[config.backend];
  const now = BACKEND_DEFAULTS[backend];
  return {
    ...config,
    backend,
    part: config.part === old.part ? now.part : config.part,
    clockUncertainty:
      config.clockUncertainty === old.clockUncertainty ? now.clockUncertainty : config.clockUncertainty,
  };
}
