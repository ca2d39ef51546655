// io_stream average (hls4ml's stream kernel): (a + b) / result(2), the quotient truncated toward zero at
// the sum's last bit; io_parallel multiplies by an exact 1/2 and rounds once.
import { describe, expect, it } from 'vitest';
import { makeFixed, type FixedType } from '../fixed/types';
import { prepareMerge } from './merge';
import { prepareStreamAverage } from './mergeStream';
import { allocate, tensorValues, type FixedTensor } from './tensor';

const x = makeFixed(8, 4); // raw = value · 16

function tensor(values: number[]): FixedTensor {
  const t = allocate(x, values.length, 1);
  values.forEach((v, i) => ((t.raws as Float64Array)[i] = v * 16));
  return t;
}

function both(a: number[], b: number[], result: FixedType): [number[], number[]] {
  const stream = prepareStreamAverage(x, x, result, a.length, 'ap', { count: 0 })(tensor(a), tensor(b));
  const parallel = prepareMerge('average', x, x, result, a.length, 'ap', { count: 0 })(tensor(a), tensor(b));
  return [Array.from(tensorValues(stream)), Array.from(tensorValues(parallel))];
}

describe('io_stream average', () => {
  it('truncates the halved odd sum toward zero before the result rounding', () => {
    const [stream, parallel] = both([0.0625, -0.0625, 0.25], [0, 0, 0.5], makeFixed(8, 4, true, 'RND'));
    expect(stream).toEqual([0, 0, 0.375]);
    expect(parallel).toEqual([0.0625, 0, 0.375]);
  });

  it('divides by the result type’s 2, which wraps to −2 in ap_fixed<8,2>', () => {
    const [stream, parallel] = both([1], [0.5], makeFixed(8, 2));
    expect(stream).toEqual([-0.75]);
    expect(parallel).toEqual([0.75]);
  });
});
