/**
 * DepthwiseConv1D/2D with hls4ml's oneAPI semantics (hls/quartus_nnet_utils/nnet_depthconv.h), which
 * differ from Vivado's (conv.ts prepareDepthwise): the products are exact and each step converts the exact
 * sum, sum = T(sum + x·w), starting from T(bias); padded cells are skipped. The 2D kernel sums in the
 * result type itself (accum_t unused), the 1D kernel in accum_t and converts once into the result type.
 * Weights stay in the IR order [cell][channel][m]; the writer reorders them for the C++.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, makeCaster, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, MAX_NUMBER_WIDTH, type FixedType, type TypeFamily } from '../fixed/types';
import { separableParts } from '../ir/convView';
import type { DepthwiseConvLayer, SeparableConvLayer } from '../ir/graph';
import { NO_BIAS_T } from '../passes/inferPrecision';
import { closestReuseFactor, validReuseFactors } from '../passes/reuseFactor';
import { prepareConv, type SeparableTypes } from './conv';
import type { DenseCounters, DenseTypes } from './dense';
import { allocate, rawAsBig, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';
import { windowCells, windowOf } from './window';

/** Which type hls4ml's oneAPI depthwise kernel sums in: the result type (2D) or accum_t (1D). */
export type IntelDepthwiseSum = 'result' | 'accum';

export function intelDepthwiseSum(rank: 1 | 2): IntelDepthwiseSum {
  return rank === 2 ? 'result' : 'accum';
}

export interface IntelDepthwiseCounters {
  readonly accum: OverflowCounter;
  readonly result: OverflowCounter;
}

export function prepareIntelDepthwise(
  layer: DepthwiseConvLayer,
  inShape: readonly number[],
  xType: FixedType,
  types: DenseTypes,
  family: TypeFamily,
  counters: IntelDepthwiseCounters,
): (x: FixedTensor) => FixedTensor {
  const g = windowOf(layer, inShape);
  const C = layer.nChan;
  const dm = layer.depthMultiplier;
  const K = g.kh * g.kw;
  const fail = (what: string): StudioError =>
    new StudioError(what, 'Check the model: the weight shape does not match the input.', {
      node: layer.name,
      op: layer.source.op,
    });
  if (g.chan !== C) throw fail(`the depthwise convolution takes ${C} channels but its input has ${g.chan}`);
  if (layer.weight.data.length !== K * C * dm) {
    throw fail(`the weight tensor has ${layer.weight.data.length} values, expected ${K * C * dm}`);
  }
  const sumIn = intelDepthwiseSum(layer.rank);
  const T = sumIn === 'result' ? types.result : types.accum;
  const tCounter = sumIn === 'result' ? counters.result : counters.accum;
  const w = quantizeWeights(layer.weight.data, types.weight, family);
  const b = quantizeWeights(layer.bias ? layer.bias.data : new Float64Array(C * dm), types.bias, family);
  const fT = fractionalBits(T);
  const fP = fractionalBits(xType) + fractionalBits(types.weight);
  const F = Math.max(fT, fP);
  const pixels = g.outH * g.outW;
  const cells = windowCells(g);
  const outSize = pixels * C * dm;
  // Every exact sum fits a Float64 integer when both addends (scaled to F fractional bits) do, with a bit to spare.
  const sumBits = Math.max(T.width + F - fT, xType.width + types.weight.width + F - fP) + 1;
  const narrow =
    sumBits <= MAX_NUMBER_WIDTH &&
    w instanceof Float64Array &&
    b instanceof Float64Array &&
    T.width <= MAX_NUMBER_WIDTH &&
    types.result.width <= MAX_NUMBER_WIDTH;

  if (narrow) {
    const initCast = makeCaster(fractionalBits(types.bias), T, family, tCounter);
    const stepCast = makeCaster(F, T, family, tCounter);
    const outCast = sumIn === 'result' ? null : makeCaster(fT, types.result, family, counters.result);
    const sa = 2 ** (F - fT);
    const sp = 2 ** (F - fP);
    return (x) => {
      const out = allocate(types.result, outSize, x.samples);
      const or = out.raws as Float64Array;
      const big = !(x.raws instanceof Float64Array);
      for (let s = 0; s < x.samples; s++) {
        const xo = s * x.size;
        const oo = s * outSize;
        for (let p = 0; p < pixels; p++) {
          for (let c = 0; c < C; c++) {
            for (let m = 0; m < dm; m++) {
              let acc = initCast(b[c * dm + m]!);
              for (let k = 0; k < K; k++) {
                const px = cells[p * K + k]!;
                if (px < 0) continue;
                const i = xo + px * C + c;
                const v = big ? Number(rawAsBig(x, i)) : (x.raws as Float64Array)[i]!;
                acc = stepCast(acc * sa + v * w[(k * C + c) * dm + m]! * sp);
              }
              or[oo + (p * C + c) * dm + m] = outCast ? outCast(acc) : acc;
            }
          }
        }
      }
      return out;
    };
  }

  // Any width: BigInt throughout.
  const fb = fractionalBits(types.bias);
  const toBig = (a: Float64Array | bigint[]): bigint[] =>
    a instanceof Float64Array ? Array.from(a, (v) => BigInt(v)) : a;
  const wb = toBig(w);
  const bb = toBig(b);
  const sa = BigInt(F - fT);
  const sp = BigInt(F - fP);
  return (x) => {
    const out = allocate(types.result, outSize, x.samples);
    for (let s = 0; s < x.samples; s++) {
      for (let p = 0; p < pixels; p++) {
        for (let c = 0; c < C; c++) {
          for (let m = 0; m < dm; m++) {
            let acc = convertRawBigCounted(bb[c * dm + m]!, fb, T, family, tCounter);
            for (let k = 0; k < K; k++) {
              const px = cells[p * K + k]!;
              if (px < 0) continue;
              const v = rawAsBig(x, s * x.size + px * C + c);
              const sum = (acc << sa) + ((v * wb[(k * C + c) * dm + m]!) << sp);
              acc = convertRawBigCounted(sum, F, T, family, tCounter);
            }
            const r =
              sumIn === 'result' ? acc : convertRawBigCounted(acc, fT, types.result, family, counters.result);
            const i = s * outSize + (p * C + c) * dm + m;
            if (out.raws instanceof Float64Array) out.raws[i] = Number(r);
            else out.raws[i] = r;
          }
        }
      }
    }
    return out;
  };
}

/** The reuse factor of the pointwise half: the valid one closest to the layer's, as hls4ml's init_conv2d. */
export function separablePointwiseReuse(layer: SeparableConvLayer, reuseFactor: number): number {
  const nMid = layer.nChan * layer.depthMultiplier;
  return closestReuseFactor(validReuseFactors(nMid, layer.nFilt), reuseFactor);
}

/**
 * SeparableConv1D/2D as hls4ml's oneAPI flow runs it: split into a bias-free depthwise layer
 * (depthwise_t, depthwise_accum_t, depthwise_result_t; the oneAPI depthwise semantics above) and a 1×1
 * convolution on the Resource strategy (pointwise_t, bias_t, pointwise_accum_t, result_t).
 */
export function prepareIntelSeparable(
  layer: SeparableConvLayer,
  inShape: readonly number[],
  xType: FixedType,
  t: SeparableTypes,
  reuseFactor: number,
  family: TypeFamily,
  counters: DenseCounters,
): (x: FixedTensor) => FixedTensor {
  const { dw, pw } = separableParts(layer);
  const dwKernel = prepareIntelDepthwise(
    dw,
    inShape,
    xType,
    { weight: t.depthwise, bias: NO_BIAS_T, accum: t.depthwiseAccum, result: t.depthwiseResult },
    family,
    counters,
  );
  const pwKernel = prepareConv(
    pw,
    dw.outputShape,
    t.depthwiseResult,
    { weight: t.pointwise, bias: t.bias, accum: t.pointwiseAccum, result: t.result },
    'resource',
    separablePointwiseReuse(layer, reuseFactor),
    family,
    counters,
    undefined,
    undefined,
    false,
  );
  return (x) => pwKernel(dwKernel(x));
}
