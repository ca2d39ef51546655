/**
 * merge_batch_norm_quantized_tanh (hls4ml-facts.md §5.2, Vivado/Vitis `quantization` flow): a
 * BatchNormalization whose only reader is a binary_tanh or ternary_tanh Activation becomes one
 * BatchNormalizationQuantizedTanh layer that compares its input with per-channel thresholds
 * (fixed-point.md §6.4), as hls4ml does:
 *  - threshold = −bias/scale of the batch norm (scale = γ/√(σ²+ε), bias = β − μ·scale), in numpy float32;
 *  - binary: threshold floored to the input type's grid, floor(t·2^F)/2^F (F = its fractional bits);
 *    output XNOR ap_uint<1>: 1 when x > threshold (Vivado/Vitis io_stream and Catapult io_parallel
 *    kernels: x ≥ threshold), else 0;
 *  - ternary: hi = 0.5/scale + threshold, lo = −0.5/scale + threshold, each floored the same way;
 *    output ap_int<2>: 1 when x > hi, −1 when x ≤ lo, else 0.
 * The thresholds take the input's type (threshold_t, or threshold_hi_t/threshold_lo_t). Like hls4ml, the
 * comparisons assume a positive scale: a channel with γ < 0 gets the inverted sign (reported).
 * The fused layer is named `bnbt_<batch norm>` and numbered after every layer of the model, as hls4ml's
 * make_node does; readers of the activation read it.
 * QKeras ternary activations are hls4ml's TernaryTanh with the quantizer's threshold t (0.33 unless set):
 * for t ≠ 0.5, extract_ternary_threshold puts an ApplyAlpha scaling by 0.5/t in front, merged into a batch
 * norm before it whose output type was auto (fuse_consecutive_batch_normalization); the thresholds then
 * come from that float64 scale and bias, with or without a batch norm before the activation.
 * Not fused (each reported): a batch norm read by other layers too (hls4ml would rewire them wrongly);
 * Quartus and oneAPI (hls4ml fuses there too, the studio does not yet).
 */
import { StudioError } from '../errors';
import { fractionalBits, makeInt, type FixedType } from '../fixed/types';
import { cppIdentifier } from '../backends/sanitize';
import type { BatchNormQuantizedTanhLayer, Layer } from '../ir/graph';
import { draftByName, type DraftGraph, type LayerDraft, type Pass, type ReportBuilder } from './draft';

export interface QuantizedTanhThresholds {
  /** binary: the threshold; ternary: the upper threshold. */
  readonly hi: Float64Array;
  /** ternary only. */
  readonly lo: Float64Array | null;
}

/**
 * hls4ml's set_thresholds in numpy arithmetic: float32 for a model's batch norm (float32 scale and bias:
 * every step rounds to float32; scaling by 2^F is exact unless it overflows), float64 for the scale
 * extract_ternary_threshold makes (np.full of a Python float); then floored to F fractional bits.
 */
export function quantizedTanhThresholds(
  scale: ArrayLike<number>,
  bias: ArrayLike<number>,
  fractional: number,
  quantize: 'binary' | 'ternary',
  arithmetic: 'float32' | 'float64' = 'float32',
): QuantizedTanhThresholds {
  const r = arithmetic === 'float32' ? Math.fround : (v: number): number => v;
  const n = scale.length;
  const up = 2 ** fractional;
  const grid = (v: number): number => r(Math.floor(r(v * up)) / up);
  const hi = new Float64Array(n);
  const lo = quantize === 'ternary' ? new Float64Array(n) : null;
  // merge_batch_norm_quantized_tanh's ternary threshold: 0.5 (extract_ternary_threshold sets it so)
  const tt = 0.5;
  for (let c = 0; c < n; c++) {
    const s = r(scale[c]!);
    const t = r(-r(bias[c]!) / s);
    if (lo === null) {
      hi[c] = grid(t);
    } else {
      hi[c] = grid(r(r(tt / s) + t));
      lo[c] = grid(r(r(-tt / s) + t));
    }
  }
  return { hi, lo };
}

function consumers(g: DraftGraph, name: string): LayerDraft[] {
  return g.layers.filter((d) => d.layer.inputs.includes(name));
}

function quantizeOf(d: LayerDraft): 'binary' | 'ternary' | null {
  if (d.layer.kind !== 'Activation' || d.layer.inputs.length !== 1) return null;
  if (d.layer.activation === 'binary_tanh') return 'binary';
  if (d.layer.activation === 'ternary_tanh') return 'ternary';
  return null;
}

function uniqueCppName(g: DraftGraph, name: string): string {
  const used = new Set(g.layers.map((d) => d.cppName));
  const base = cppIdentifier(name);
  let out = base;
  for (let k = 2; used.has(out); k++) out = `${base}_${k}`;
  return out;
}

function uniqueName(g: DraftGraph, name: string): string {
  const used = new Set(g.layers.map((d) => d.layer.name));
  let out = name;
  for (let k = 2; used.has(out); k++) out = `${name}_${k}`;
  return out;
}

/** Where a fused layer's scale and bias come from, and which draft (a batch norm) it replaces. */
interface ThresholdSource {
  readonly scale: ArrayLike<number>;
  readonly bias: ArrayLike<number>;
  readonly arithmetic: 'float32' | 'float64';
  /** The batch norm the fused layer replaces (null: it only replaces the activation). */
  readonly removed: LayerDraft | null;
  /** The layer whose output the fused layer reads. */
  readonly input: LayerDraft;
  /** hls4ml's name of the batch norm it is made from (the fused layer is bnbt_<that>). */
  readonly bnName: string;
  /** The layer whose trace and reuse settings that batch norm carries. */
  readonly owner: LayerDraft;
  readonly what: string;
}

function resolvedResult(g: DraftGraph, d: LayerDraft | undefined, node: string): FixedType {
  const t = d?.types['result_t'];
  if (!d || t === undefined || t === 'auto') {
    throw new StudioError(
      'the input precision of the fused batch norm + quantized tanh is unresolved',
      'Give the layer before the batch norm a result precision.',
      { file: g.file, node, op: 'BatchNormalization' },
    );
  }
  return t;
}

/**
 * hls4ml's extract_ternary_threshold for a TernaryTanh with threshold t ≠ 0.5: an ApplyAlpha (scale
 * 0.5/t, bias 0, float64) goes in front; fuse_consecutive_batch_normalization merges it into a batch norm
 * before it whose output type was auto and that feeds nothing else (scale s·k, bias k·b, float64).
 */
function extractedSource(g: DraftGraph, act: LayerDraft, prev: LayerDraft, t: number): ThresholdSource {
  const k = 0.5 / t;
  const bnName = `${act.layer.name}_scale`;
  const p = prev.layer;
  const merge =
    p.kind === 'BatchNormalization' &&
    (prev.typeOrigins['result_t'] ?? '').startsWith('auto') &&
    consumers(g, p.name).length === 1 &&
    !g.outputs.includes(p.name);
  if (merge && p.kind === 'BatchNormalization') {
    return {
      scale: Float64Array.from(p.scale.data, (s) => s * k),
      bias: Float64Array.from(p.bias.data, (b) => k * b + 0),
      arithmetic: 'float64',
      removed: prev,
      input: draftByName(g, p.inputs[0]!) ?? prev,
      bnName,
      owner: act,
      what: `batch norm ${p.name} (auto output) merged with the ternary threshold ${t} scale 0.5/${t}`,
    };
  }
  return {
    scale: Float64Array.of(k),
    bias: Float64Array.of(0),
    arithmetic: 'float64',
    removed: null,
    input: prev,
    bnName,
    owner: act,
    what: `the ternary threshold ${t} (extract_ternary_threshold's scale 0.5/${t})`,
  };
}

export const mergeBatchNormQuantizedTanh: Pass = {
  name: 'merge_batch_norm_quantized_tanh',
  description:
    'Fuse a batch norm followed by binary_tanh / ternary_tanh into threshold comparisons (BatchNormalizationQuantizedTanh).',
  run(g: DraftGraph, report: ReportBuilder): void {
    const { backend, ioType } = g.config;
    const stream = ioType === 'io_stream';
    // hls4ml fuses for every backend; the studio has the kernels of Vivado/Vitis and Catapult.
    const fusing = backend === 'Vivado' || backend === 'Vitis' || backend === 'Catapult';
    let nextIndex = Math.max(g.graph.layers.length, ...g.layers.map((d) => d.index)) + 1;
    for (let k = 0; k < g.layers.length; k++) {
      const act = g.layers[k]!;
      const quantize = quantizeOf(act);
      const prev = quantize ? draftByName(g, act.layer.inputs[0]!) : undefined;
      if (!quantize || !prev) continue;
      const t = act.layer.kind === 'Activation' ? act.layer.ternaryThreshold : undefined;
      const extract = quantize === 'ternary' && t !== undefined && t !== 0.5;
      if (!extract && prev.layer.kind !== 'BatchNormalization') continue;
      if (!fusing) {
        report.warn(
          act.layer.name,
          `not fused: hls4ml's merge_batch_norm_quantized_tanh also runs for ${backend} ${ioType}, the studio applies it for Vivado/Vitis and Catapult only, so this design computes the ${extract ? 'ternary threshold' : 'batch norm and the activation'} apart (unlike hls4ml)`,
        );
        continue;
      }
      let src: ThresholdSource;
      if (extract) {
        src = extractedSource(g, act, prev, t);
      } else {
        const bn = prev.layer;
        if (bn.kind !== 'BatchNormalization') continue;
        if (consumers(g, bn.name).length !== 1 || g.outputs.includes(bn.name)) {
          report.warn(
            act.layer.name,
            `not fused with ${bn.name}: the batch norm's output is also read elsewhere`,
          );
          continue;
        }
        src = {
          scale: bn.scale.data,
          bias: bn.bias.data,
          arithmetic: 'float32',
          removed: prev,
          input: draftByName(g, bn.inputs[0]!) ?? prev,
          bnName: bn.name,
          owner: prev,
          what: `batch norm ${bn.name}`,
        };
      }
      const xType = resolvedResult(g, src.input, src.bnName);
      const th = quantizedTanhThresholds(
        src.scale,
        src.bias,
        fractionalBits(xType),
        quantize,
        src.arithmetic,
      );
      for (const arr of [th.hi, th.lo]) {
        const bad = arr ? arr.findIndex((v) => !Number.isFinite(v)) : -1;
        if (bad >= 0) {
          throw new StudioError(
            `channel ${bad}'s ${quantize} tanh threshold is not finite (scale ${src.scale[bad]})`,
            'hls4ml divides by the batch norm scale: check gamma and the variance of this channel.',
            { file: g.file, node: src.bnName, op: 'BatchNormalization' },
          );
        }
      }
      const negative = Array.from(src.scale).filter((v) => v < 0).length;
      const name = uniqueName(g, `bnbt_${src.bnName}`);
      const fused: BatchNormQuantizedTanhLayer = {
        kind: 'BatchNormalizationQuantizedTanh',
        name,
        quantize,
        fusedFrom: [...(src.removed ? [src.removed.layer.name] : []), act.layer.name],
        // hls4ml's binary test: x > t in Vivado/Vitis io_parallel and Catapult io_stream, x ≥ t in
        // Vivado/Vitis io_stream and Catapult io_parallel.
        binaryGe: backend === 'Catapult' ? !stream : stream,
        threshold: { shape: [th.hi.length], data: th.hi },
        thresholdLo: th.lo ? { shape: [th.lo.length], data: th.lo } : null,
        inputs: [src.input.layer.name],
        outputShape: act.layer.outputShape,
        source: { op: 'BatchNormalizationQuantizedTanh', node: `${src.bnName} + ${act.layer.name}` },
        inserted: true,
      };
      const result: FixedType = quantize === 'binary' ? makeInt(1, false) : makeInt(2);
      const origin = 'merge_batch_norm_quantized_tanh: the input type';
      const types: Record<string, FixedType> = { result_t: result };
      if (quantize === 'binary') types['threshold_t'] = xType;
      else Object.assign(types, { threshold_hi_t: xType, threshold_lo_t: xType });
      const draft: LayerDraft = {
        layer: fused,
        index: nextIndex++,
        cppName: uniqueCppName(g, name),
        types,
        typeOrigins: Object.fromEntries(
          Object.keys(types).map((s) => [
            s,
            s === 'result_t' ? `merge_batch_norm_quantized_tanh: ${quantize} output` : origin,
          ]),
        ),
        reuseFactor: src.owner.reuseFactor,
        strategy: 'latency',
        tableSize: act.tableSize,
        softmax: null,
        trace: src.owner.trace,
        fifoDepth: null,
      };
      for (const c of consumers(g, act.layer.name)) {
        const layer: Layer = {
          ...c.layer,
          inputs: c.layer.inputs.map((n) => (n === act.layer.name ? name : n)),
        } as Layer;
        c.layer = layer;
      }
      for (let o = 0; o < g.outputs.length; o++) if (g.outputs[o] === act.layer.name) g.outputs[o] = name;
      // The fused layer takes the batch norm's place in the order (or the activation's); the originals go.
      g.layers.splice(k, 1);
      const at = src.removed ? g.layers.indexOf(src.removed) : k;
      g.layers.splice(at, src.removed ? 1 : 0, draft);
      k = at;
      const where = quantize === 'binary' ? 'threshold' : 'thresholds hi/lo';
      report.change(
        name,
        `fused ${src.what} and ${quantize}_tanh ${act.layer.name}: ${where} on the input grid (2^-${fractionalBits(xType)}), output ${quantize === 'binary' ? 'ap_uint<1>' : 'ap_int<2>'}`,
      );
      if (negative > 0) {
        report.warn(
          name,
          `${negative} channel(s) have a negative batch norm scale: hls4ml's thresholds assume a positive one, so those channels' signs come out inverted (as in hls4ml)`,
        );
      }
    }
  },
};
