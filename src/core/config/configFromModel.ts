/**
 * The equivalent of hls4ml's config_from_*_model(granularity=…): a full configuration for a model that
 * the user then edits. 'model' sets only model-wide defaults; 'type' adds one LayerType entry per layer
 * class; 'name' one LayerName entry per layer. Precision slots without a default become 'auto', table
 * slots get their defaults, and layers quantized in the model get their quantizers' precisions.
 */
import type { Layer, ModelGraph } from '../ir/graph';
import { hlsClassOf, slotsOf } from '../ir/kinds';
import { defaultConfig, type BackendName, type DesignConfig, type LayerSettings } from './designConfig';

export type Granularity = 'model' | 'type' | 'name';

export interface ConfigFromModelOptions {
  readonly granularity?: Granularity;
  readonly backend?: BackendName;
  readonly defaultPrecision?: string;
  readonly defaultReuseFactor?: number;
}

/** Defaults hls4ml writes for slots that have one (its attribute defaults, in its canonical spelling). */
const SLOT_DEFAULTS: Readonly<Record<string, string>> = {
  table: 'fixed<18,8,TRN,WRAP,0>',
  exp_table: 'fixed<18,8,RND,SAT,0>',
  inv_table: 'fixed<18,8,RND,SAT,0>',
  inv_inp: 'fixed<18,8,RND,SAT,0>',
};

/** Kinds without a reuse factor attribute in hls4ml (reshape-like views and the input). */
const NO_REUSE = new Set([
  'Input',
  'Reshape',
  'Transpose',
  'ZeroPadding',
  'Cropping',
  'Resize',
  'Concatenate',
]);

function layerEntry(layer: Layer, reuseFactor: number): LayerSettings {
  const precision: Record<string, string> = {};
  for (const slot of slotsOf(layer)) {
    precision[slot] = layer.quantized?.[slot] ?? SLOT_DEFAULTS[slot] ?? 'auto';
  }
  // Softmax's accum_t has a default too; hls4ml prints it with the other softmax types.
  if (layer.kind === 'Softmax') precision['accum'] = layer.quantized?.['accum'] ?? 'fixed<18,8,RND,SAT,0>';
  const entry: { -readonly [K in keyof LayerSettings]: LayerSettings[K] } = { trace: false, precision };
  if (!NO_REUSE.has(layer.kind)) entry.reuseFactor = reuseFactor;
  if (layer.kind === 'Activation' || layer.kind === 'Softmax') entry.tableSize = 1024;
  if (layer.kind === 'Softmax') {
    entry.implementation = 'stable';
    entry.extra = { Skip: false };
  }
  if (layer.kind === 'Conv' || layer.kind === 'DepthwiseConv' || layer.kind === 'SeparableConv') {
    entry.extra = { ParallelizationFactor: 1, ConvImplementation: 'LineBuffer' };
  }
  return entry;
}

export function configFromModel(graph: ModelGraph, options: ConfigFromModelOptions = {}): DesignConfig {
  const granularity = options.granularity ?? 'model';
  const base = defaultConfig(options.backend ?? 'Vivado');
  const reuseFactor = options.defaultReuseFactor ?? 1;
  const config: DesignConfig = {
    ...base,
    model: {
      precision: { default: options.defaultPrecision ?? 'fixed<16,6>' },
      reuseFactor,
      strategy: 'Latency',
      extra: { BramFactor: 1_000_000_000, TraceOutput: false },
    },
  };
  if (granularity === 'model') return config;
  if (granularity === 'type') {
    const layerType: Record<string, LayerSettings> = {};
    for (const l of graph.layers) layerType[hlsClassOf(l)] ??= layerEntry(l, reuseFactor);
    return { ...config, layerType };
  }
  const layerName: Record<string, LayerSettings> = {};
  for (const l of graph.layers) layerName[l.name] = layerEntry(l, reuseFactor);
  return { ...config, layerName };
}
