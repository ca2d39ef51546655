/**
 * Dense with hls4ml's special weight products (passes/denseProduct.ts, fixed-point.md §6.1).
 *  - weight_binary and weight_ternary give ±x or 0 exactly, so they are the ordinary kernel (dense.ts)
 *    run on the effective weights: XNOR 0/1 → −1/+1, and ternary int<2> with −2 read as +1.
 *  - weight_exponential is a shift: the input is first converted to r_T = ap_fixed<2(We+Wx), We+Wx>
 *    (We = exponent width, Wx = input width; TRN, WRAP), shifted by the exponent in r_T (bits below its
 *    LSB are dropped, i.e. floored; bits above its MSB wrap), negated in r_T for a negative weight, and
 *    that r_T value is the product cast to accum_t. Sums follow the layer's plan like every Dense.
 *  - data_binary and both_binary (XNOR inputs) are in xnorProducts.ts.
 * Vivado, Vitis and Catapult share these templates (hls/nnet_utils/nnet_mult.h); Catapult runs them on ac
 * types, whose only difference here is the XNOR output's integer conversion (floor instead of truncation
 * toward zero). Quartus and oneAPI multiply.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, makeCaster } from '../fixed/convert';
import { fractionalBits, makeInt, type FixedType, type TypeFamily } from '../fixed/types';
import type { DenseLayer } from '../ir/graph';
import { denseProduct, isXnorType, po2Parts } from '../passes/denseProduct';
import { prepareDense, type DenseCounters, type DenseTypes } from './dense';
import { densePlan } from './densePlan';
import { bigPlanLoop, type PreCast } from './densePlanBig';
import { allocate, rawAsBig, type FixedTensor } from './tensor';
import { DATA_BINARY_INPUT, dataBinary, prepareBothBinary } from './xnorProducts';
import { quantizeWeights } from './weights';

type Strategy = Parameters<typeof densePlan>[2];

/** prepareDense with the product hls4ml would pick for this layer's weight type. */
export function prepareDenseProduct(
  layer: DenseLayer,
  xType: FixedType,
  t: DenseTypes,
  strategy: Strategy,
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
  preCast?: PreCast,
  /** Tests force the BigInt loop of weight_exponential to check it against the number loop. */
  path: 'fastest' | 'bigint' = 'fastest',
  /** Whether the backend has hls4ml's special products (Vivado, Vitis, Catapult); else it multiplies. */
  products: boolean = family === 'ap',
): (x: FixedTensor) => FixedTensor {
  if (!products) return prepareDense(layer, xType, t, strategy, reuseFactor, family, counters, preCast);
  const args = [strategy, reuseFactor, family, counters, preCast, path] as const;
  if (!isXnorType(xType) || !isXnorType(t.weight)) return productKernel(layer, xType, t, ...args);
  // XNOR: the sums stay in accum_t, then take hls4ml's popcount conversion.
  const sums = productKernel(layer, xType, { ...t, result: t.accum }, ...args);
  return xnorOutput(sums, layer.nIn, t, family, counters);
}

function productKernel(
  layer: DenseLayer,
  xType: FixedType,
  t: DenseTypes,
  strategy: Strategy,
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
  preCast: PreCast | undefined,
  path: 'fastest' | 'bigint',
): (x: FixedTensor) => FixedTensor {
  const product = denseProduct(layer, t.weight);
  const run = (l: DenseLayer, w: FixedType): ((x: FixedTensor) => FixedTensor) =>
    prepareDense(l, xType, { ...t, weight: w }, strategy, reuseFactor, family, counters, preCast);
  if (product === 'mult') return run(layer, t.weight);
  if (product === 'data_binary') {
    const xSign = DATA_BINARY_INPUT;
    return dataBinary(prepareDense(layer, xSign, t, strategy, reuseFactor, family, counters, preCast));
  }
  if (product === 'both_binary')
    return prepareBothBinary(layer, t, strategy, reuseFactor, family, counters, preCast);
  if (product === 'weight_binary') {
    // hls4ml stores an XNOR weight as 1 when the value is > 0, else 0, and multiplies by ±1.
    const data = Float64Array.from(layer.weight.data, (v) => (v > 0 ? 1 : -1));
    return run({ ...layer, weight: { shape: layer.weight.shape, data } }, makeInt(2));
  }
  if (product === 'weight_ternary') {
    const raws = quantizeWeights(layer.weight.data, t.weight, family) as Float64Array;
    const data = Float64Array.from(raws, (r) => (r === 0 ? 0 : r === -1 ? -1 : 1));
    return run({ ...layer, weight: { shape: layer.weight.shape, data } }, t.weight);
  }
  return prepareExponential(layer, xType, t, strategy, reuseFactor, family, counters, preCast, path);
}

/** hls4ml's ceillog2: 1 for n ≤ 2, else ⌈log2 n⌉. */
function ceillog2(n: number): number {
  return n <= 2 ? 1 : 1 + ceillog2(Math.floor((n + 1) / 2));
}

/**
 * The output conversion hls4ml's Dense kernels apply when input and weights are both ap_uint<1> (XNOR
 * nets, fixed-point.md §6.1): r = ap_int<N>(acc − ⌊n_in/2⌋) · 2 with N = ceillog2(n_in) + 2, i.e. the
 * difference truncated toward zero (floored on ac types) and wrapped to N bits, doubled and wrapped
 * again, then converted to res_T with its modes.
 */
function xnorOutput(
  sums: (x: FixedTensor) => FixedTensor,
  nIn: number,
  t: DenseTypes,
  family: TypeFamily,
  counters: DenseCounters,
): (x: FixedTensor) => FixedTensor {
  const n = BigInt(ceillog2(nIn) + 2);
  const mod = 1n << n;
  const half = mod >> 1n;
  const wrapN = (v: bigint): bigint => {
    const m = ((v % mod) + mod) % mod;
    return m >= half ? m - mod : m;
  };
  const fa = fractionalBits(t.accum);
  const h = BigInt(Math.floor(nIn / 2));
  return (x) => {
    const acc = sums(x);
    const out = allocate(t.result, acc.size, acc.samples);
    for (let k = 0; k < acc.raws.length; k++) {
      const raw = rawAsBig(acc, k);
      // acc − ⌊n_in/2⌋ as an integer: ap truncates toward zero (as BigInt division), ac floors (as >>)
      const d = raw - (fa >= 0 ? h << BigInt(fa) : 0n);
      const diff =
        fa < 0 ? (raw << BigInt(-fa)) - h : family === 'ap' ? d / (1n << BigInt(fa)) : d >> BigInt(fa);
      const r = convertRawBigCounted(wrapN(2n * wrapN(diff)), 0, t.result, family, counters.result);
      if (out.raws instanceof Float64Array) out.raws[k] = Number(r);
      else out.raws[k] = r;
    }
    return out;
  };
}

/** The sign bits and wrapped exponents of power-of-two weights, as the C++ initialisers hold them. */
export function exponentWeights(
  layer: DenseLayer,
  exponentType: FixedType,
): { signs: Uint8Array; exponents: Int32Array } {
  const n = layer.weight.data.length;
  const signs = new Uint8Array(n);
  const exponents = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = layer.weight.data[i]!;
    const parts = po2Parts(v, exponentType.width);
    if (!parts) {
      throw new StudioError(
        `weight ${i} is ${v}, not a power of two, but the layer has power-of-two (exponent) weights`,
        'Quantize the weights with quantized_po2, or set an ordinary fixed-point weight precision for this layer.',
        { node: layer.name, op: 'Dense' },
      );
    }
    signs[i] = parts.sign;
    exponents[i] = parts.exponent;
  }
  return { signs, exponents };
}

function prepareExponential(
  layer: DenseLayer,
  xType: FixedType,
  t: DenseTypes,
  strategy: Strategy,
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
  preCast: PreCast | undefined,
  path: 'fastest' | 'bigint',
): (x: FixedTensor) => FixedTensor {
  const { nIn, nOut } = layer;
  const { signs, exponents } = exponentWeights(layer, t.weight);
  const we = t.weight.width;
  const wr = 2 * (we + xType.width); // r_T width
  const fr = we + xType.width; // r_T fractional bits
  const fx = fractionalBits(xType);
  const fb = fractionalBits(t.bias);
  const bias = quantizeWeights(layer.bias ? layer.bias.data : new Float64Array(nOut), t.bias, family);
  const plan = densePlan(nIn, nOut, strategy, reuseFactor);
  const modR = 1n << BigInt(wr);
  const halfR = modR >> 1n;
  const wrapR = (v: bigint): bigint => {
    const m = ((v % modR) + modR) % modR;
    return m >= halfR ? m - modR : m;
  };
  // r_T(a): shift the raw to r_T's fractional bits (floor when r_T has fewer), then wrap.
  const toR = (raw: bigint): bigint => {
    const d = fr - fx;
    return wrapR(d >= 0 ? raw << BigInt(d) : raw >> BigInt(-d));
  };
  const product = (raw: bigint, k: number): bigint => {
    const r = toR(raw);
    const e = exponents[k]!;
    const y = e >= 0 ? wrapR(r << BigInt(e)) : r >> BigInt(-e);
    return signs[k] === 1 ? y : wrapR(-y);
  };
  const maxShift = exponents.reduce((a, e) => Math.max(a, e), 0);
  const exact = wr + maxShift <= 52 && t.accum.width <= 52 && t.result.width <= 53;
  if (path === 'fastest' && exact && bias instanceof Float64Array) {
    return exponentialNumbers(plan, nIn, nOut, xType, t, family, counters, signs, exponents, bias, preCast);
  }
  const castBias = (b: bigint): bigint => convertRawBigCounted(b, fb, t.accum, family, counters.accum);
  const biasBig = Array.from({ length: nOut }, (_, j) => BigInt(bias[j]!));
  const biasAcc = (j: number): bigint => castBias(biasBig[j]!);
  return bigPlanLoop(plan, nIn, nOut, t, family, counters, preCast, biasAcc, product, fr);
}

/**
 * weight_exponential when every intermediate is an exact double (r_T plus the largest left shift within
 * 52 bits, accum_t within 52 bits): the same steps as bigPlanLoop, several times faster.
 */
function exponentialNumbers(
  plan: ReturnType<typeof densePlan>,
  nIn: number,
  nOut: number,
  xType: FixedType,
  t: DenseTypes,
  family: TypeFamily,
  counters: DenseCounters,
  signs: Uint8Array,
  exponents: Int32Array,
  bias: Float64Array,
  preCast?: PreCast,
): (x: FixedTensor) => FixedTensor {
  const we = t.weight.width;
  const wr = 2 * (we + xType.width);
  const fr = we + xType.width;
  const d = fr - fractionalBits(xType);
  const mod = 2 ** wr;
  const half = mod / 2;
  const wrapR = (v: number): number => v - Math.floor((v + half) / mod) * mod;
  const scale = Float64Array.from(exponents, (e) => 2 ** e);
  const castBias = makeCaster(fractionalBits(t.bias), t.accum, family, counters.accum);
  const castProd = makeCaster(fr, t.accum, family, counters.product);
  const castSum = makeCaster(fractionalBits(t.accum), t.accum, family, counters.accum);
  const castRes = makeCaster(fractionalBits(t.accum), t.result, family, counters.result);
  const biasAcc = Array.from(bias, (b) => castBias(b));
  const rx = new Float64Array(nIn);
  // The product raw in r_T for input raw r (already in r_T) and weight k.
  const product = (r: number, k: number): number => {
    const e = exponents[k]!;
    const y = e >= 0 ? wrapR(r * scale[k]!) : Math.floor(r * scale[k]!);
    return signs[k] === 1 ? y : wrapR(-y);
  };
  return (x) => {
    const out = allocate(t.result, nOut, x.samples);
    const xr = x.raws as Float64Array;
    const or = out.raws as Float64Array;
    for (let s = 0; s < x.samples; s++) {
      const xo = s * nIn;
      for (let i = 0; i < nIn; i++) {
        const raw = xr[xo + i]!;
        rx[i] = wrapR(d >= 0 ? raw * 2 ** d : Math.floor(raw * 2 ** d));
      }
      for (let j = 0; j < nOut; j++) {
        let acc = biasAcc[j]!;
        for (const group of plan[j]!) {
          if (group.length === 1) {
            const p = group[0]!;
            acc = castSum(acc + castProd(product(rx[p.input]!, p.weight)));
          } else {
            let tmp = 0;
            for (const p of group) tmp = castSum(tmp + castProd(product(rx[p.input]!, p.weight)));
            acc = castSum(acc + tmp);
          }
        }
        preCast?.(s, j, acc);
        or[s * nOut + j] = castRes(acc);
      }
    }
    return out;
  };
}
