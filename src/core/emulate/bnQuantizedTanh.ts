/**
 * BatchNormalizationQuantizedTanh (passes/bnQuantizedTanh.ts): per value, compare the input with its
 * channel's thresholds (channel = flat index mod the number of thresholds). The thresholds are stored
 * like weights in the input's own type, so the comparison is between raws of one type.
 *  - binary (ap_uint<1>): 1 when x > t, else 0; x ≥ t when layer.binaryGe (hls4ml's Vivado io_stream and
 *    Catapult io_parallel kernels);
 *  - ternary (ap_int<2>): 1 when x > hi, −1 when x ≤ lo, else 0 (both IO types).
 */
import { StudioError } from '../errors';
import type { FixedType, TypeFamily } from '../fixed/types';
import type { BatchNormQuantizedTanhLayer } from '../ir/graph';
import { allocate, rawAsBig, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

const toBig = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));

export function prepareBnQuantizedTanh(
  layer: BatchNormQuantizedTanhLayer,
  xType: FixedType,
  result: FixedType,
  family: TypeFamily,
): (x: FixedTensor) => FixedTensor {
  const n = layer.threshold.data.length;
  const lo = layer.thresholdLo;
  if (n === 0 || (layer.quantize === 'ternary') !== (lo !== null) || (lo && lo.data.length !== n)) {
    throw new StudioError(
      `the ${layer.quantize} thresholds do not match (${n} and ${lo?.data.length ?? 'no'} values)`,
      'This is a bug in HLS Studio; please report it with the model.',
      { node: layer.name, op: layer.source.op },
    );
  }
  const hiQ = quantizeWeights(layer.threshold.data, xType, family);
  const hi = Array.from({ length: n }, (_, c) => toBig(hiQ[c]!));
  const loQ = lo ? quantizeWeights(lo.data, xType, family) : null;
  const low = loQ ? Array.from({ length: n }, (_, c) => toBig(loQ[c]!)) : null;
  const geq = layer.binaryGe;
  const hiN = hi.map(Number);
  const lowN = low ? low.map(Number) : null;
  return (x) => {
    if (x.size % n !== 0) {
      throw new StudioError(
        `${n} thresholds cannot cover ${x.size} values`,
        'Check the model: the last axis must have one value per channel.',
        { node: layer.name, op: layer.source.op },
      );
    }
    const out = allocate(result, x.size, x.samples);
    const raws = out.raws as Float64Array;
    if (x.raws instanceof Float64Array) {
      // Raws within 53 bits: the same comparisons on numbers.
      const xr = x.raws;
      for (let k = 0; k < xr.length; k++) {
        const c = (k % x.size) % n;
        const v = xr[k]!;
        if (lowN === null) raws[k] = (geq ? v >= hiN[c]! : v > hiN[c]!) ? 1 : 0;
        else raws[k] = v > hiN[c]! ? 1 : v <= lowN[c]! ? -1 : 0;
      }
      return out;
    }
    for (let k = 0; k < x.raws.length; k++) {
      const c = (k % x.size) % n;
      const v = rawAsBig(x, k);
      if (low === null) raws[k] = (geq ? v >= hi[c]! : v > hi[c]!) ? 1 : 0;
      else raws[k] = v > hi[c]! ? 1 : v <= low[c]! ? -1 : 0;
    }
    return out;
  };
}
