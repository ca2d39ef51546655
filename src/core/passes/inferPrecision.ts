/**
 * infer_precision_types (hls4ml-facts.md §5.5): replace every 'auto' slot with the type hls4ml would
 * infer. Dense: the product-and-sum type W = Ww+Wx+⌈log2 n⌉, I = Iw+Ix+⌈log2 n⌉, widened for the bias
 * like an addition; used for both accum_t and result_t. Anything without a rule gets Model.Precision.default.
 */
import { StudioError } from '../errors';
import { parsePrecision } from '../fixed/parse';
import { fractionalBits, makeFixed, type FixedType } from '../fixed/types';
import type { DraftGraph, LayerDraft, Pass, ReportBuilder, Slot } from './draft';
import { draftByName } from './draft';
import { inferSpatialPrecision } from './inferSpatialPrecision';
import { shortLabel } from '../fixed/format';
import { inferElementwisePrecision } from './inferElementwisePrecision';

const b = (c: boolean): number => (c ? 1 : 0);

function concrete(s: Slot | undefined): FixedType | null {
  return s === undefined || s === 'auto' ? null : s;
}

/** hls4ml's 'maximum' cap: W and I are clipped, the modes of the maximum are ignored. */
function clip(t: FixedType, max: FixedType | null): FixedType {
  if (!max) return t;
  return { ...t, width: Math.min(t.width, max.width), integer: Math.min(t.integer, max.integer) };
}

/**
 * The bias type hls4ml gives a layer without one (Layer.add_bias): zeros in ap_uint<1>. Its inference
 * adds that bias like any other (infer_no_bias is off by default), so a bias-free layer's auto type is
 * max(I, 2) + 1 integer bits wide, not I.
 */
export const NO_BIAS_T: FixedType = makeFixed(1, 1, false);

/** The Dense/Conv accumulator rule, bias included as an addition. */
export function inferDenseAccum(x: FixedType, w: FixedType, bias: FixedType | null, nOps: number): FixedType {
  const lg = Math.ceil(Math.log2(nOps));
  let width = w.width + x.width + lg;
  let integer = w.integer + x.integer + lg;
  let signed = w.signed || x.signed;
  if (bias) {
    const f = width - integer;
    const i2 = Math.max(integer + b(bias.signed && !signed), bias.integer + b(signed && !bias.signed)) + 1;
    width = i2 + Math.max(f, fractionalBits(bias));
    integer = i2;
    signed = signed || bias.signed;
  }
  return makeFixed(width, integer, signed);
}

export const inferPrecisionTypes: Pass = {
  name: 'infer_precision_types',
  description: "Resolve every 'auto' precision with hls4ml's inference rules.",
  run(g: DraftGraph, report: ReportBuilder): void {
    const def = parsePrecision(g.config.model.precision.default);
    if (!def.ok) {
      throw new StudioError(def.error, 'Fix Model.Precision.default.', {
        file: g.file,
        op: 'Model.Precision.default',
      });
    }
    const maxText = g.config.model.precision['maximum'];
    let max: FixedType | null = null;
    if (maxText !== undefined) {
      const m = parsePrecision(maxText);
      if (!m.ok)
        throw new StudioError(m.error, 'Fix Model.Precision.maximum.', {
          file: g.file,
          op: 'Model.Precision.maximum',
        });
      max = m.type;
    }
    const set = (d: LayerDraft, key: string, t: FixedType, rule: string): void => {
      d.types[key] = t;
      d.typeOrigins[key] = `auto → ${rule}`;
      report.change(d.layer.name, `${key} auto → ${shortLabel(t)} (${rule})`);
    };
    for (const d of g.layers) {
      const { layer } = d;
      const autos = Object.keys(d.types).filter((k) => d.types[k] === 'auto');
      if (autos.length === 0) continue;
      // Weight and bias have no quantizer in this slice: they take the default.
      for (const k of ['weight_t', 'bias_t'])
        if (d.types[k] === 'auto') set(d, k, def.type, 'default precision');
      if (layer.kind === 'Dense') {
        const src = draftByName(g, layer.inputs[0] ?? '');
        const x = concrete(src?.types['result_t']);
        const w = concrete(d.types['weight_t']);
        if (x && w && (d.types['accum_t'] === 'auto' || d.types['result_t'] === 'auto')) {
          const bias = layer.bias ? concrete(d.types['bias_t']) : NO_BIAS_T;
          const t = clip(inferDenseAccum(x, w, bias, layer.nIn), max);
          const rule = `Dense: W = Ww+Wx+⌈log2 ${layer.nIn}⌉ + ${layer.bias ? 'bias' : 'ap_uint<1> zero bias'}`;
          if (d.types['accum_t'] === 'auto') set(d, 'accum_t', t, rule);
          if (d.types['result_t'] === 'auto') set(d, 'result_t', t, rule);
        }
      }
      inferElementwisePrecision(g, d, (t) => clip(t, max), set);
      inferSpatialPrecision(g, d, def.type, (t) => clip(t, max), set);
      for (const k of Object.keys(d.types)) {
        if (d.types[k] === 'auto') set(d, k, def.type, 'no rule for this slot: default precision');
      }
    }
  },
};
