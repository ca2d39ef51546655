/**
 * The 'auto' precision rules of the spatial kinds (hls4ml-facts.md §5.5), called by infer_precision_types:
 * Conv like Dense with n_ops = n_chan·filt_h·filt_w; BatchNormalization and LayerNormalization
 * W = Wx+Ws, I = Ix+Is then the bias rule; Pooling max → accum = input type, average → W = Wx+2e, I = Ix+e (e = ⌈log2 pool size⌉), result =
 * input type; Reshape, Transpose, ZeroPadding → input type. Cropping has no rule (default precision).
 */
import { makeFixed, type FixedType } from '../fixed/types';
import { NO_BIAS_T, inferDenseAccum } from './inferPrecision';
import { draftByName, type DraftGraph, type LayerDraft, type Slot } from './draft';

type Setter = (d: LayerDraft, key: string, t: FixedType, rule: string) => void;

const concrete = (s: Slot | undefined): FixedType | null => (s === undefined || s === 'auto' ? null : s);

export function inferSpatialPrecision(
  g: DraftGraph,
  d: LayerDraft,
  def: FixedType,
  clip: (t: FixedType) => FixedType,
  set: Setter,
): void {
  const layer = d.layer;
  const x = concrete(draftByName(g, layer.inputs[0] ?? '')?.types['result_t']);
  if (!x) return;
  const auto = (k: string): boolean => d.types[k] === 'auto';
  switch (layer.kind) {
    case 'Conv':
    case 'DepthwiseConv': {
      const w = concrete(d.types['weight_t']);
      if (!w || !(auto('accum_t') || auto('result_t'))) return;
      const nOps = (layer.kind === 'Conv' ? layer.nChan : 1) * layer.kernel.reduce((a, v) => a * v, 1);
      const bias = layer.bias ? concrete(d.types['bias_t']) : NO_BIAS_T;
      const t = clip(inferDenseAccum(x, w, bias, nOps));
      const rule = `${layer.kind}: W = Ww+Wx+⌈log2 ${nOps}⌉ + ${layer.bias ? 'bias' : 'ap_uint<1> zero bias'}`;
      if (auto('accum_t')) set(d, 'accum_t', t, rule);
      if (auto('result_t')) set(d, 'result_t', t, rule);
      return;
    }
    case 'SeparableConv': {
      // Each half like a convolution: depthwise n_ops = window cells (no bias), pointwise n_ops = its
      // input channels (with the bias).
      for (const k of ['depthwise_t', 'pointwise_t']) if (auto(k)) set(d, k, def, 'default precision');
      const dwT = concrete(d.types['depthwise_t']);
      const pwT = concrete(d.types['pointwise_t']);
      if (!dwT || !pwT) return;
      const cells = layer.kernel.reduce((a, v) => a * v, 1);
      // hls4ml splits the layer (seperable_to_depthwise_and_conv, in every backend's flow): its bias-free
      // depthwise half carries a zero bias of type ap_uint<1>, which the depthwise rule adds like any bias.
      const dwAcc = clip(inferDenseAccum(x, dwT, NO_BIAS_T, cells));
      const dwRule = `SeparableConv depthwise: W = Ww+Wx+⌈log2 ${cells}⌉ + ap_uint<1> zero bias`;
      if (auto('depthwise_accum_t')) set(d, 'depthwise_accum_t', dwAcc, dwRule);
      if (auto('depthwise_result_t')) set(d, 'depthwise_result_t', dwAcc, dwRule);
      const mid = concrete(d.types['depthwise_result_t']);
      if (!mid) return;
      const nMid = layer.nChan * layer.depthMultiplier;
      const bias = layer.bias ? concrete(d.types['bias_t']) : NO_BIAS_T;
      const pwAcc = clip(inferDenseAccum(mid, pwT, bias, nMid));
      const pwRule = `SeparableConv pointwise: W = Ww+Wx+⌈log2 ${nMid}⌉ + ${layer.bias ? 'bias' : 'ap_uint<1> zero bias'}`;
      if (auto('pointwise_accum_t')) set(d, 'pointwise_accum_t', pwAcc, pwRule);
      if (auto('result_t')) set(d, 'result_t', pwAcc, pwRule);
      return;
    }
    // hls4ml applies the batch-norm rule to LayerNormalization too (its accum_t and table_t take the default).
    case 'BatchNormalization':
    case 'LayerNormalization': {
      if (auto('scale_t')) set(d, 'scale_t', def, 'default precision');
      const s = concrete(d.types['scale_t']);
      const b = concrete(d.types['bias_t']);
      if (!s || !b || !auto('result_t')) return;
      const product = makeFixed(x.width + s.width, x.integer + s.integer, x.signed || s.signed);
      // inferDenseAccum with n_ops = 1 adds nothing for the sum and applies the same bias rule.
      const t = clip(inferDenseAccum(product, makeFixed(0, 0, false), b, 1));
      set(d, 'result_t', t, `${layer.kind}: W = Wx+Ws, I = Ix+Is + bias`);
      return;
    }
    case 'Pooling':
    case 'GlobalPooling': {
      const n =
        layer.kind === 'Pooling'
          ? layer.kernel.reduce((a, v) => a * v, 1)
          : (draftByName(g, layer.inputs[0] ?? '')?.layer.outputShape ?? [1])
              .slice(0, -1)
              .reduce((a, v) => a * v, 1);
      if (auto('accum_t')) {
        if (layer.op === 'max') set(d, 'accum_t', x, 'max pooling: input type');
        else {
          const e = Math.ceil(Math.log2(n));
          set(
            d,
            'accum_t',
            clip(makeFixed(x.width + 2 * e, x.integer + e, x.signed)),
            `average pooling: W = Wx+2·${e}, I = Ix+${e}`,
          );
        }
      }
      if (auto('result_t')) set(d, 'result_t', x, 'pooling: input type');
      return;
    }
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Resize':
      if (auto('result_t')) set(d, 'result_t', x, `${layer.kind}: input type`);
      return;
    default:
      return;
  }
}
