/**
 * BatchNormalization (fixed-point.md §6.4): res[i] = cast_res(x[i]·scale[c] + bias[c]), c = channel (last
 * axis). Product and sum are exact; there is no accum_t and only one rounding. scale and bias are stored
 * like weights (§6.0) in scale_t and bias_t.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { BatchNormLayer } from '../ir/graph';
import { allocate, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

export interface BatchNormTypes {
  readonly scale: FixedType;
  readonly bias: FixedType;
  readonly result: FixedType;
}

const toBig = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));

export function prepareBatchNorm(
  layer: BatchNormLayer,
  xType: FixedType,
  t: BatchNormTypes,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const nChan = layer.scale.data.length;
  if (layer.bias.data.length !== nChan || nChan === 0) {
    throw new StudioError(
      `batch norm has ${nChan} scales and ${layer.bias.data.length} biases`,
      'Check the model file: scale and bias need one value per channel.',
      { node: layer.name, op: layer.source.op },
    );
  }
  const sq = quantizeWeights(layer.scale.data, t.scale, family);
  const bq = quantizeWeights(layer.bias.data, t.bias, family);
  const fp = fractionalBits(xType) + fractionalBits(t.scale);
  const fb = fractionalBits(t.bias);
  const F = Math.max(fp, fb);
  const pShift = BigInt(F - fp);
  const bShift = BigInt(F - fb);
  const scales = Array.from({ length: nChan }, (_, c) => toBig(sq[c]!));
  const biases = Array.from({ length: nChan }, (_, c) => toBig(bq[c]!) << bShift);
  return (x) => {
    if (x.size % nChan !== 0) {
      throw new StudioError(
        `batch norm over ${nChan} channels cannot take ${x.size} values`,
        'Check the model: the last axis must have one value per channel.',
        { node: layer.name, op: layer.source.op },
      );
    }
    const out = allocate(t.result, x.size, x.samples);
    for (let i = 0; i < x.raws.length; i++) {
      const c = i % nChan;
      const exact = ((toBig(x.raws[i]!) * scales[c]!) << pShift) + biases[c]!;
      const r = convertRawBigCounted(exact, F, t.result, family, counter);
      if (out.raws instanceof Float64Array) out.raws[i] = Number(r);
      else out.raws[i] = r;
    }
    return out;
  };
}
