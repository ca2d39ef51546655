/**
 * resolve_config: give every layer its settings from the DesignConfig with hls4ml's precedence
 * (hls4ml-facts.md §4.2). Precisions: name+slot → name+default → type+slot → type+default → Model[slot] →
 * Model.default for result/weight/bias/accum; table-like slots fall back to the kind's own default
 * (e.g. table_t = fixed<18,8>) rather than the model default, as hls4ml's attribute defaults do.
 */
import type { LayerSettings } from '../config/designConfig';
import { StudioError } from '../errors';
import { parsePrecision } from '../fixed/parse';
import { makeFixed, type FixedType } from '../fixed/types';
import { hlsClassOf, slotsOf } from '../ir/kinds';
import type { LoweredStrategy } from './lowered';
import type { DraftGraph, LayerDraft, Pass, ReportBuilder, Slot } from './draft';

/** Slots whose value comes from the model-wide precision chain. */
const CHAIN_SLOTS = new Set(['result', 'weight', 'bias', 'accum']);

/** Attribute defaults of table-like slots (hls4ml-facts.md §3.1). */
const SLOT_DEFAULTS: Record<string, FixedType> = {
  table: makeFixed(18, 8),
  exp_table: makeFixed(18, 8, true, 'RND', 'SAT'),
  inv_table: makeFixed(18, 8, true, 'RND', 'SAT'),
  inv_inp: makeFixed(18, 8, true, 'RND', 'SAT'),
};

/**
 * hls4ml splits a separable convolution into a depthwise and a pointwise layer that each copy the
 * layer's config, renaming depthwise/depthwise_accum/depthwise_result (pointwise/pointwise_accum) to
 * weight/accum/result: a config that sets only `result` or `accum` gives it to both halves.
 */
const SPLIT_SLOTS: Record<string, string> = {
  depthwise: 'weight',
  depthwise_accum: 'accum',
  depthwise_result: 'result',
  pointwise: 'weight',
  pointwise_accum: 'accum',
};

function lookup(
  settings: LayerSettings | undefined,
  slot: string,
  allowDefault: boolean,
  /** Configs only: a model's own quantizers name the separable slots themselves. */
  splitNames = true,
): [string, string] | null {
  const p = settings?.precision;
  if (!p) return null;
  if (p[slot] !== undefined) return [p[slot]!, slot];
  const split = splitNames ? SPLIT_SLOTS[slot] : undefined;
  if (split !== undefined && p[split] !== undefined) return [p[split], split];
  if (allowDefault && p['default'] !== undefined) return [p['default'], 'default'];
  return null;
}

function toSlot(text: string, where: string, g: DraftGraph, layer: string): Slot {
  if (text.trim().toLowerCase() === 'auto') return 'auto';
  const r = parsePrecision(text);
  if (!r.ok) {
    throw new StudioError(r.error, `Fix ${where} in the configuration.`, {
      file: g.file,
      node: layer,
      op: where,
    });
  }
  return r.type;
}

function caseInsensitive<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  if (map[key] !== undefined) return map[key];
  const k = Object.keys(map).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : map[k];
}

function strategyOf(s: string | undefined): LoweredStrategy {
  if (s === 'Resource') return 'resource';
  if (s === 'Resource Unrolled') return 'resource_unrolled';
  return 'latency';
}

export const resolveConfig: Pass = {
  name: 'resolve_config',
  description: 'Apply the configuration to every layer (LayerName > LayerType > Model).',
  run(g: DraftGraph, report: ReportBuilder): void {
    const { config } = g;
    for (const d of g.layers) {
      const { layer } = d;
      // A TimeDistributed layer is configured as the wrapped layer (hls4ml's expanded node keeps its class).
      const hlsClass = hlsClassOf(layer.kind === 'TimeDistributed' ? layer.inner : layer);
      const byName = caseInsensitive(config.layerName, layer.name);
      const byType = caseInsensitive(config.layerType, hlsClass);
      for (const slot of slotsOf(layer)) {
        // Bidirectional's forward_weight, backward_bias, … follow the chain of weight and bias.
        const base = slot.replace(/^(forward|backward)_/, '');
        const chain = CHAIN_SLOTS.has(SPLIT_SLOTS[base] ?? base);
        const levels: [LayerSettings | undefined, string][] = [
          [byName, `LayerName.${layer.name}`],
          // Precisions fixed by the model's own quantizers (QKeras, QONNX) come next, as hls4ml writes them.
          [layer.quantized ? { precision: layer.quantized } : undefined, 'quantizer'],
          [byType, `LayerType.${hlsClass}`],
          [config.model, 'Model'],
        ];
        let found: { v: [string, string]; at: string } | null = null;
        for (const [settings, at] of levels) {
          const v = lookup(settings, slot, chain, at !== 'quantizer');
          if (v) {
            found = { v, at };
            break;
          }
        }
        const key = `${slot}_t`;
        if (found) {
          const where = `${found.at}.Precision.${found.v[1]}`;
          d.types[key] = toSlot(found.v[0], where, g, layer.name);
          d.typeOrigins[key] = where;
        } else if (SLOT_DEFAULTS[slot]) {
          d.types[key] = SLOT_DEFAULTS[slot];
          d.typeOrigins[key] = `default of ${hlsClass}.${slot}`;
        } else {
          d.types[key] = toSlot(config.model.precision.default, 'Model.Precision.default', g, layer.name);
          d.typeOrigins[key] = 'Model.Precision.default';
        }
      }
      if (layer.kind === 'UnaryLUT') {
        // hls4ml's UnaryLUT call template sets result_t to table_t: the entries are the outputs.
        d.types['result_t'] = d.types['table_t']!;
        d.typeOrigins['result_t'] = `${d.typeOrigins['table_t']} (UnaryLUT result_t = table_t)`;
      }
      const rf = byName?.reuseFactor ?? byType?.reuseFactor ?? config.model.reuseFactor ?? 1;
      d.reuseFactor = rf;
      d.strategy = strategyOf(byName?.strategy ?? byType?.strategy ?? config.model.strategy);
      d.tableSize = byName?.tableSize ?? byType?.tableSize ?? 1024;
      d.trace = byName?.trace ?? byType?.trace ?? config.model.trace ?? false;
      if (layer.kind === 'Softmax') {
        const impl = byName?.implementation ?? byType?.implementation ?? 'stable';
        d.softmax = { implementation: impl, expTableSize: d.tableSize, invTableSize: d.tableSize };
      }
      report.change(layer.name, summarize(d));
    }
  },
};

function summarize(d: LayerDraft): string {
  const t = Object.entries(d.types)
    .map(([k, v]) => `${k}=${v === 'auto' ? 'auto' : `${v.signed ? '' : 'u'}fixed<${v.width},${v.integer}>`}`)
    .join(', ');
  return `${t}; reuse ${d.reuseFactor}; ${d.strategy}`;
}
