/**
 * The 'auto' precision rules of the element-wise and two-input kinds (hls4ml-facts.md §5.5), called by
 * infer_precision_types:
 * - Merge add/subtract/average: I = max(I1 + [s2∧¬s1], I2 + [s1∧¬s2]) + 1, W = I + max(F1, F2), signed if
 *   either input is or the op is subtract; multiply: W = W1 + W2, I = I1 + I2; maximum/minimum: the input
 *   type when both are equal, else I = max(Ii + [s∧¬si]), W = I + max(F).
 * - Concatenate: as maximum/minimum, with the first non-default rounding/overflow of the inputs.
 * - Dot: W = W1 + W2 + ⌈log2 n⌉, I = I1 + I2 + ⌈log2 n⌉ for accum_t and result_t.
 * - Parametrized activations: param_t = the smallest type holding the constant (≤ 8 bits + sign);
 *   ThresholdedReLU and PReLU: param_t = input type.
 */
import { fractionalBits, makeFixed, sameType, type FixedType } from '../fixed/types';
import { paramValue, usesParam } from '../emulate/paramActivations';
import { draftByName, type DraftGraph, type LayerDraft, type Slot } from './draft';

type Setter = (d: LayerDraft, key: string, t: FixedType, rule: string) => void;

const concrete = (s: Slot | undefined): FixedType | null => (s === undefined || s === 'auto' ? null : s);
const b = (c: boolean): number => (c ? 1 : 0);

/**
 * The smallest fixed type that holds a constant: at most 8 magnitude bits plus a sign bit; a constant
 * that needs more bits keeps its 8 leading bits (the conversion into this type rounds it).
 */
export function constantType(value: number): FixedType {
  if (value === 0 || !Number.isFinite(value)) return makeFixed(1, 1, false);
  const signed = value < 0;
  const a = Math.abs(value);
  const e = Math.floor(Math.log2(a)) + 1; // a in [2^(e-1), 2^e)
  let w = 1;
  while (w < 8 && !Number.isInteger(a * 2 ** (w - e))) w++;
  return makeFixed(w + b(signed), e + b(signed), signed);
}

function addLike(x: FixedType, y: FixedType, forceSigned: boolean): FixedType {
  const i = Math.max(x.integer + b(y.signed && !x.signed), y.integer + b(x.signed && !y.signed)) + 1;
  const f = Math.max(fractionalBits(x), fractionalBits(y));
  return makeFixed(i + f, i, x.signed || y.signed || forceSigned);
}

function widest(x: FixedType, y: FixedType): FixedType {
  if (sameType(x, y)) return x;
  const s = x.signed || y.signed;
  const i = Math.max(x.integer + b(s && !x.signed), y.integer + b(s && !y.signed));
  const f = Math.max(fractionalBits(x), fractionalBits(y));
  return makeFixed(i + f, i, s);
}

export function inferElementwisePrecision(
  g: DraftGraph,
  d: LayerDraft,
  clip: (t: FixedType) => FixedType,
  set: Setter,
): void {
  const layer = d.layer;
  const x = concrete(draftByName(g, layer.inputs[0] ?? '')?.types['result_t']);
  const y = concrete(draftByName(g, layer.inputs[1] ?? '')?.types['result_t']);
  const auto = (k: string): boolean => d.types[k] === 'auto';
  switch (layer.kind) {
    case 'Activation':
      if (!auto('param_t')) return;
      if (layer.activation === 'thresholded_relu') {
        if (x) set(d, 'param_t', x, 'ThresholdedReLU: input type');
      } else if (usesParam(layer)) {
        set(d, 'param_t', constantType(paramValue(layer)), 'parametrized activation: type of the constant');
      }
      return;
    case 'PReLU':
      if (auto('param_t') && x) set(d, 'param_t', x, 'PReLU: input type');
      return;
    case 'Merge': {
      if (!x || !y || !auto('result_t')) return;
      let t: FixedType;
      if (layer.op === 'multiply') {
        t = makeFixed(x.width + y.width, x.integer + y.integer, x.signed || y.signed);
      } else if (layer.op === 'maximum' || layer.op === 'minimum') {
        t = widest(x, y);
      } else {
        t = addLike(x, y, layer.op === 'subtract');
      }
      set(d, 'result_t', clip(t), `Merge ${layer.op}`);
      return;
    }
    case 'Concatenate': {
      if (!x || !y || !auto('result_t')) return;
      const w = widest(x, y);
      const modes = [x, y].find((t) => t.rounding !== 'TRN' || t.overflow !== 'WRAP') ?? w;
      const t = { ...w, rounding: modes.rounding, overflow: modes.overflow, satBits: modes.satBits };
      set(d, 'result_t', clip(t), 'Concatenate: widest input');
      return;
    }
    case 'Dot': {
      if (!x || !y) return;
      const n = (draftByName(g, layer.inputs[0] ?? '')?.layer.outputShape ?? [1]).reduce((a, v) => a * v, 1);
      const lg = Math.ceil(Math.log2(n));
      const t = clip(makeFixed(x.width + y.width + lg, x.integer + y.integer + lg, x.signed || y.signed));
      if (auto('accum_t')) set(d, 'accum_t', t, `Dot: W = W1+W2+⌈log2 ${n}⌉`);
      if (auto('result_t')) set(d, 'result_t', t, `Dot: W = W1+W2+⌈log2 ${n}⌉`);
      return;
    }
    default:
      return;
  }
}
