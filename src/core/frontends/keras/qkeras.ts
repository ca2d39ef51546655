/**
 * QKeras quantizers → hls4ml precision strings and pre-quantized weights (hls4ml-facts.md §2.1, §4.3).
 *
 * Two rules, as hls4ml applies them:
 *  - Weights and biases (kernel_quantizer / bias_quantizer of QDense, QConv*): the values are passed
 *    through the quantizer, and the precision is quantized_bits(bits, integer) → fixed<bits, integer+1>
 *    (int<bits> when integer = bits), binary/ternary → int<2>. The values are exact in that type, so no
 *    rounding or overflow mode is written. One deliberate difference: keep_negative=0 gives
 *    ufixed<bits, integer> (hls4ml's signed fixed<bits, integer+1> would drop the last bit of the
 *    quantizer's grid).
 *  - Activations (QActivation, a quantizer given as a layer's activation): quantized_bits(b, i) →
 *    fixed<b, i+1, RND_CONV, SAT>; quantized_relu(b, i) → ufixed<b, i, RND_CONV, SAT>; quantized_tanh(b) →
 *    fixed<b, 1, RND_CONV, SAT[_SYM if symmetric]>; quantized_sigmoid(b) → ufixed<b, 0, RND_CONV, SAT>;
 *    binary/ternary → int<2>. With no fractional bits left the type is int<w> / uint<w>.
 * Dense kernels (QDense) also take hls4ml's two special weight types (kernelQuantization): quantized_po2
 * → the exponent type int<bits> with power-of-two weights (product weight_exponential), binary → XNOR
 * uint<1> (weight_binary). Elsewhere power-of-two quantizers (quantized_po2, quantized_relu_po2) are
 * refused, and alpha scales other than 1 need hls4ml's ApplyAlpha layer: both are refused by name.
 */
import { StudioError } from '../../errors';
import { isObject, type Json } from './config';

export type QValue = number | boolean | string | null;

export interface Quantizer {
  readonly className: string;
  readonly config: Readonly<Record<string, QValue>>;
}

/** Positional parameter names of the quantizer constructors, for the 'quantized_relu(3,1)' form. */
const POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  quantized_bits: ['bits', 'integer', 'symmetric', 'keep_negative', 'alpha', 'use_stochastic_rounding'],
  quantized_relu: [
    'bits',
    'integer',
    'use_sigmoid',
    'negative_slope',
    'use_stochastic_rounding',
    'relu_upper_bound',
  ],
  quantized_tanh: ['bits', 'integer', 'symmetric', 'use_stochastic_rounding', 'use_real_tanh'],
  quantized_sigmoid: ['bits', 'symmetric', 'use_real_sigmoid', 'use_stochastic_rounding'],
  quantized_po2: ['bits', 'max_value', 'use_stochastic_rounding', 'quadratic_approximation'],
  quantized_relu_po2: ['bits', 'max_value', 'negative_slope', 'use_stochastic_rounding'],
  binary: ['use_01', 'alpha', 'use_stochastic_rounding'],
  stochastic_binary: ['alpha', 'temperature'],
  ternary: ['alpha', 'threshold', 'use_stochastic_rounding'],
  stochastic_ternary: ['alpha', 'threshold'],
  binary_tanh: [],
  ternary_tanh: [],
};

const DEFAULTS: Readonly<Record<string, Readonly<Record<string, QValue>>>> = {
  quantized_bits: { bits: 8, integer: 0, symmetric: 0, keep_negative: true, alpha: null },
  quantized_relu: { bits: 8, integer: 0, negative_slope: 0 },
  quantized_tanh: { bits: 8, integer: 0, symmetric: false, use_real_tanh: false },
  quantized_sigmoid: { bits: 8, symmetric: false, use_real_sigmoid: false },
};

const HINT =
  'hls4ml maps quantized_bits, quantized_relu, quantized_tanh, quantized_sigmoid, binary and ternary; use one of these.';

function parseScalar(s: string): QValue {
  const t = s.trim();
  if (t === 'True' || t === 'true') return true;
  if (t === 'False' || t === 'false') return false;
  if (t === 'None' || t === 'null') return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  return t.replace(/^['"]|['"]$/g, '');
}

/** A quantizer from its JSON form: {class_name, config} or a string such as "quantized_relu(3,1)". */
export function parseQuantizer(v: Json | undefined): Quantizer | null {
  if (v === null || v === undefined) return null;
  if (isObject(v)) {
    const cls = typeof v.class_name === 'string' ? v.class_name.replace(/^qkeras>/, '') : '';
    const cfg: Record<string, QValue> = { ...(DEFAULTS[cls] ?? {}) };
    if (isObject(v.config)) {
      for (const [k, x] of Object.entries(v.config)) {
        if (x === null || typeof x !== 'object') cfg[k] = x;
      }
    }
    return { className: cls, config: cfg };
  }
  if (typeof v !== 'string') return null;
  const m = /^\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*$/.exec(v);
  if (!m) return { className: v, config: {} };
  const cls = m[1] as string;
  const cfg: Record<string, QValue> = { ...(DEFAULTS[cls] ?? {}) };
  const names = POSITIONAL[cls] ?? [];
  const args = (m[2] ?? '').split(',').filter((a) => a.trim() !== '');
  args.forEach((a, i) => {
    const eq = a.indexOf('=');
    if (eq > 0) cfg[a.slice(0, eq).trim()] = parseScalar(a.slice(eq + 1));
    else if (names[i] !== undefined) cfg[names[i]] = parseScalar(a);
  });
  return { className: cls, config: cfg };
}

export const isQuantizerName = (s: string): boolean => s.replace(/\(.*$/, '').trim() in POSITIONAL;

const num = (v: QValue | undefined, dflt: number): number =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : dflt;

function fixedString(width: number, integer: number, signed: boolean, modes: string): string {
  if (width - integer <= 0) return `${signed ? '' : 'u'}int<${integer}>`;
  return `${signed ? '' : 'u'}fixed<${width},${integer}${modes}>`;
}

function refuse(q: Quantizer, why: string): never {
  throw new StudioError(`quantizer ${q.className} ${why}`, HINT);
}

function checkAlpha(q: Quantizer): void {
  const a = q.config.alpha;
  if (a === null || a === undefined || a === 1) return;
  refuse(
    q,
    `with alpha=${String(a)} scales its output; hls4ml adds an ApplyAlpha layer for that, which the studio does not do yet`,
  );
}

/** quantized_bits with no magnitude bits left is QKeras's sign function; hls4ml types it as XNOR. */
function checkMagnitudeBits(q: Quantizer): void {
  const keepNeg = q.config.keep_negative === false || q.config.keep_negative === 0 ? 0 : 1;
  if (num(q.config.bits, 8) - keepNeg <= 0)
    refuse(q, `with ${String(q.config.bits)} bit is a sign function; use the binary quantizer instead`);
}

function isPo2(q: Quantizer): boolean {
  return q.className === 'quantized_po2' || q.className === 'quantized_relu_po2';
}

/** Precision of a weight or bias quantized by q (hls4ml's QKerasQuantizer.hls_type). */
export function weightPrecision(q: Quantizer): string {
  if (isPo2(q))
    refuse(q, 'gives power-of-two weights, which need an exponent type the studio does not have yet');
  if (q.className === 'quantized_bits') {
    checkAlpha(q);
    checkMagnitudeBits(q);
    const bits = num(q.config.bits, 8);
    const integer = num(q.config.integer, 0);
    if (q.config.keep_negative === false || q.config.keep_negative === 0)
      return fixedString(bits, integer, false, '');
    if (bits === integer) return `int<${bits}>`;
    return fixedString(bits, integer + 1, true, '');
  }
  if (/binary/.test(q.className)) return 'int<2>';
  if (/ternary/.test(q.className))
    refuse(q, 'on weights is not supported yet (its threshold depends on the data)');
  return refuse(q, 'is not supported for weights');
}

/** Precision of an activation quantized by q (hls4ml's _get_precision_from_quantizer). */
export function activationPrecision(q: Quantizer): string {
  const c = q.className;
  if (isPo2(q))
    refuse(q, 'gives power-of-two values, which need an exponent type the studio does not have yet');
  if (/binary|ternary/.test(c)) return 'int<2>';
  const rnd = ',RND_CONV';
  const bits = num(q.config.bits, 8);
  let integer = num(q.config.integer, bits - 1) + 1;
  if (c === 'quantized_bits') {
    checkAlpha(q);
    if (q.config.keep_negative === false || q.config.keep_negative === 0)
      return fixedString(bits, integer - 1, false, `${rnd},SAT`);
    return fixedString(bits, integer, true, `${rnd},SAT`);
  }
  if (c === 'quantized_relu') {
    if (num(q.config.negative_slope, 0) !== 0)
      refuse(q, 'with a negative slope is a leaky ReLU, which hls4ml does not map from QKeras');
    integer -= 1;
    return fixedString(bits, integer, false, `${rnd},SAT`);
  }
  if (c === 'quantized_tanh') {
    const sym = q.config.symmetric === true || num(q.config.symmetric, 0) !== 0;
    return fixedString(bits, 1, true, `${rnd},${sym ? 'SAT_SYM' : 'SAT'}`);
  }
  if (c === 'quantized_sigmoid') return fixedString(bits, 0, false, `${rnd},SAT`);
  return refuse(q, 'is not supported');
}

/** Round half to even, as tf.round does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The weight values after the quantizer (what hls4ml stores before writing them). */
export function quantizeWeights(q: Quantizer, data: Float32Array | Float64Array): Float32Array {
  const out = new Float32Array(data.length);
  if (q.className === 'quantized_bits') {
    checkAlpha(q);
    checkMagnitudeBits(q);
    const bits = num(q.config.bits, 8);
    const integer = num(q.config.integer, 0);
    const keepNeg = q.config.keep_negative === false || q.config.keep_negative === 0 ? 0 : 1;
    const symmetric = num(q.config.symmetric, 0) ? 1 : 0;
    const m = 2 ** (bits - keepNeg);
    const mi = 2 ** integer;
    const lo = keepNeg * (-m + symmetric);
    const hi = m - 1;
    for (let i = 0; i < data.length; i++) {
      const p = roundHalfEven(((data[i] as number) * m) / mi);
      out[i] = (mi * Math.min(hi, Math.max(lo, p))) / m + 0; // + 0: no negative zeros
    }
    return out;
  }
  if (/binary/.test(q.className)) {
    for (let i = 0; i < data.length; i++) out[i] = (data[i] as number) >= 0 ? 1 : -1;
    return out;
  }
  weightPrecision(q); // refuses the rest with a precise message
  return refuse(q, 'is not supported for weights');
}

/**
 * A QDense kernel quantizer as hls4ml types it (get_quantizer_from_config with quantizer_var 'kernel'):
 * quantized_po2 → ExponentPrecisionType(bits) with QKeras's power-of-two values; binary → XNOR (uint<1>,
 * the values stay ±1 here and are written 0/1); anything else as weightPrecision / quantizeWeights.
 */
export function kernelQuantization(
  q: Quantizer,
  data: Float32Array | Float64Array,
): { precision: string; data: Float32Array; encoding?: 'exponent' | 'xnor' } {
  if (q.className === 'quantized_po2') {
    return { precision: `int<${num(q.config.bits, 8)}>`, data: quantizePo2(q, data), encoding: 'exponent' };
  }
  if (/binary/.test(q.className)) {
    return { precision: 'uint<1>', data: quantizeWeights(q, data), encoding: 'xnor' };
  }
  return { precision: weightPrecision(q), data: quantizeWeights(q, data) };
}

/**
 * QKeras quantized_po2 at inference (no stochastic rounding), in float32 as TensorFlow computes it:
 * sign (0 counts as +) × 2^clip(round(log(|x|)/log 2), min_exp, max_exp), |x| below 1e-7 → 2^min_exp,
 * |x| ≥ max_value → max_value first. The exponent range comes from bits and max_value as QKeras derives it.
 */
export function quantizePo2(q: Quantizer, data: Float32Array | Float64Array): Float32Array {
  const f = Math.fround;
  const bits = num(q.config.bits, 8);
  const maxValue = typeof q.config.max_value === 'number' ? q.config.max_value : null;
  const quadratic =
    q.config.quadratic_approximation === true || num(q.config.quadratic_approximation, 0) !== 0;
  const floorLog = q.config.log2_rounding === 'floor';
  const needSign = maxValue === null || maxValue > 1 ? 1 : 0;
  const effect = bits - 1 - needSign;
  const minExp = -(2 ** effect);
  let maxExp = 2 ** effect - 1;
  if (quadratic) maxExp = 2 * Math.floor(maxExp / 2);
  const eps = f(1e-7);
  const ln2 = f(Math.LN2);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = f(data[i] as number);
    const abs = Math.abs(x);
    let e: number;
    if (abs < eps) e = minExp;
    else {
      let xf = abs;
      if (maxValue !== null && xf >= f(maxValue)) xf = f(maxValue);
      const input = quadratic ? f(Math.sqrt(xf)) : xf;
      const l = f(f(Math.log(input)) / ln2);
      const r = floorLog ? Math.floor(l) : roundHalfEven(l);
      e = (quadratic ? 2 : 1) * Math.min(maxExp, Math.max(minExp, r));
    }
    out[i] = (x < 0 ? -1 : 1) * 2 ** e;
  }
  return out;
}

/** hls4ml's BinaryQuantizer(bits=2) and TernaryQuantizer for the BinaryDense / TernaryDense layers. */
export function binarize(data: Float32Array | Float64Array): Float32Array {
  return Float32Array.from(data, (x) => (x > 0 ? 1 : -1));
}

export function ternarize(data: Float32Array | Float64Array): Float32Array {
  return Float32Array.from(data, (x) => (x > 0.5 ? 1 : x <= -0.5 ? -1 : 0));
}
