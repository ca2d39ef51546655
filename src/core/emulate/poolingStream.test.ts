/**
 * io_stream pooling arithmetic (hls4ml's stream kernels, fixed-point.md §6.5) on hand-worked cases where
 * it differs from io_parallel: values cast to accum_t before the maximum or the sum, and the window sum
 * taken as a balanced tree instead of in order.
 */
import { describe, expect, it } from 'vitest';
import { makeFixed } from '../fixed/types';
import type { GlobalPoolingLayer, PoolingLayer } from '../ir/graph';
import { prepareGlobalPooling, preparePooling } from './pooling';
import { prepareStreamGlobalPooling, prepareStreamPooling, streamPoolingFits } from './poolingStream';
import { allocate, tensorValues, type FixedTensor } from './tensor';

const data = makeFixed(8, 4); // ap_fixed<8,4>: raw = value · 16
const counters = () => ({ accum: { count: 0 }, result: { count: 0 } });

function tensor(values: number[]): FixedTensor {
  const t = allocate(data, values.length, 1);
  values.forEach((v, i) => ((t.raws as Float64Array)[i] = v * 16));
  return t;
}

const src = { op: 'test', node: 'p' };

function pool(kernel: number[], strides: number[], pads: number[], op: 'max' | 'average'): PoolingLayer {
  return {
    kind: 'Pooling',
    name: 'p',
    inputs: ['x'],
    outputShape: [1, 1, 1],
    source: src,
    rank: 2,
    kernel,
    strides,
    dilations: [1, 1],
    pads,
    op,
    countPad: false,
  };
}

function globalPool(op: 'max' | 'average'): GlobalPoolingLayer {
  return {
    kind: 'GlobalPooling',
    name: 'g',
    inputs: ['x'],
    outputShape: [1],
    source: src,
    rank: 1,
    op,
    keepDims: false,
  };
}

describe('io_stream pooling', () => {
  it('global max compares the values after their cast to accum_t (a wrapped 3.5 loses to 1.0)', () => {
    // accum ap_fixed<4,2> (WRAP): 3.5 → −0.5, 1.0 → 1.0
    const t = { accum: makeFixed(4, 2), result: makeFixed(8, 4) };
    const x = tensor([3.5, 1.0]);
    const stream = prepareStreamGlobalPooling(globalPool('max'), [2, 1], data, t, 'ap', counters())(x);
    const parallel = prepareGlobalPooling(globalPool('max'), [2, 1], data, t, 'ap', counters())(x);
    expect(Array.from(tensorValues(stream))).toEqual([1.0]);
    expect(Array.from(tensorValues(parallel))).toEqual([-0.5]);
  });

  it('average sums the window as a balanced tree in accum_t, then divides toward zero', () => {
    // accum ap_fixed<4,2,TRN,SAT> holds [−2, 1.75] in steps of 0.25.
    // tree: sat(1.5+1.5)=1.75, sat(−1.5−1.5)=−2 → −0.25; /4 = −0.0625 → 0 (toward zero at 0.25)
    // in order (io_parallel): 1.5, 1.75, 0.25, −1.25; /4 = −0.3125 → −0.25
    const t = { accum: makeFixed(4, 2, true, 'TRN', 'SAT'), result: makeFixed(8, 4) };
    const layer = pool([2, 2], [2, 2], [0, 0, 0, 0], 'average');
    const x = tensor([1.5, 1.5, -1.5, -1.5]);
    const c = counters();
    const stream = prepareStreamPooling(layer, [2, 2, 1], data, t, 'ap', c)(x);
    const parallel = preparePooling(layer, [2, 2, 1], data, t, 'ap', counters())(x);
    expect(Array.from(tensorValues(stream))).toEqual([0]);
    expect(Array.from(tensorValues(parallel))).toEqual([-0.25]);
    expect(c.accum.count).toBe(2);
  });

  it('global average casts each pixel to accum_t before adding it', () => {
    // accum ap_fixed<4,2,TRN,SAT> holds [−2, 1.75]: stream −2 + sat(3.0) = −2 + 1.75 = −0.25, /2 → 0
    // (toward zero at 0.25); io_parallel sat(−2 + 3.0) = 1.0, /2 = 0.5
    const t = { accum: makeFixed(4, 2, true, 'TRN', 'SAT'), result: makeFixed(8, 4) };
    const x = tensor([-2.0, 3.0]);
    const stream = prepareStreamGlobalPooling(globalPool('average'), [2, 1], data, t, 'ap', counters())(x);
    const parallel = prepareGlobalPooling(globalPool('average'), [2, 1], data, t, 'ap', counters())(x);
    expect(Array.from(tensorValues(stream))).toEqual([0]);
    expect(Array.from(tensorValues(parallel))).toEqual([0.5]);
  });

  it('runs only windows without padding whose stride is the window', () => {
    const fits = (kernel: number[], strides: number[], pads: number[], out: number[]): boolean =>
      streamPoolingFits({ ...pool(kernel, strides, pads, 'max'), outputShape: [...out, 1] }, [4, 4, 1]);
    expect(fits([2, 2], [2, 2], [0, 0, 0, 0], [2, 2])).toBe(true);
    expect(fits([2, 2], [1, 1], [0, 0, 0, 0], [3, 3])).toBe(false);
    expect(fits([2, 2], [2, 2], [1, 1, 0, 0], [3, 2])).toBe(false);
  });
});
