/**
 * Quartus / oneAPI binary_tanh (hls/quartus_nnet_utils/nnet_activation.h): 1 for x > 0 and −1 otherwise
 * — x = 0 gives −1, where Vivado's kernel gives 1 — each converted to result_t with its modes (an
 * unsigned result_t wraps or saturates the −1).
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import type { FixedType } from '../fixed/types';
import { allocate, type FixedTensor } from './tensor';

export function prepareQuartusBinaryTanh(
  result: FixedType,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  // Each value's conversion is counted per element that takes it.
  const posCount: OverflowCounter = { count: 0 };
  const negCount: OverflowCounter = { count: 0 };
  const pos = convertRawBigCounted(1n, 0, result, 'ac', posCount);
  const neg = convertRawBigCounted(-1n, 0, result, 'ac', negCount);
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let i = 0; i < x.raws.length; i++) {
      const v = x.raws[i]!;
      const up = v > 0;
      const r = up ? pos : neg;
      counter.count += up ? posCount.count : negCount.count;
      if (narrow) (out.raws as Float64Array)[i] = Number(r);
      else (out.raws as bigint[])[i] = r;
    }
    return out;
  };
}
