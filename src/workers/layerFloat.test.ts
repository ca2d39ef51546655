import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOnnx } from '../core/frontends/onnx/index';
import { prepareFloatReference } from '../core/float/irFloat';
import { allocate } from '../core/emulate/tensor';
import { makeFixed } from '../core/fixed/types';
import { irLayerFloats, layerErrors } from './layerFloat';

const graph = parseOnnx(
  new Uint8Array(
    readFileSync(new URL('../../tests/golden/f_dense_batchnorm_relu/model.onnx', import.meta.url)),
  ),
  'm.onnx',
);
const rows = [
  [0.5, -1, 0.25, 2, 0, 1, -0.5, 0.75, -2, 1.5],
  [1, 0, -1, 0.5, 0.25, -0.25, 2, -1.5, 0, 0.125],
];

describe('per-layer float values from the IR interpreter', () => {
  it('gives a fused batch norm’s values to the Dense it was folded into', () => {
    const emulated = ['x', '/fc1/Gemm', '/relu1/Relu', '/fc2/Gemm'];
    const run = irLayerFloats(graph, 'k1', rows, emulated)!;
    const ref = prepareFloatReference(graph)(rows, true);
    expect([...run.layers.keys()]).toEqual(emulated);
    expect(Array.from(run.layers.get('/fc1/Gemm')!)).toEqual(
      Array.from(ref.layers.get('/bn1/BatchNormalization')!.data),
    );
    expect(Array.from(run.layers.get('/fc1/Gemm')!)).not.toEqual(
      Array.from(ref.layers.get('/fc1/Gemm')!.data),
    );
    // Not folded: the Dense keeps its own values.
    const all = irLayerFloats(graph, 'k2', rows, [...emulated, '/bn1/BatchNormalization'])!;
    expect(Array.from(all.layers.get('/fc1/Gemm')!)).toEqual(Array.from(ref.layers.get('/fc1/Gemm')!.data));
  });

  it('compares each traced layer with its float values, the input with the rows', () => {
    const float = { outputs: [], layers: new Map([['/fc2/Gemm', Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8)]]) };
    const traces = new Map([
      ['x', Float64Array.from(rows.flat(), (v, i) => (i === 3 ? v + 0.5 : v))],
      ['/fc2/Gemm', Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8.25)],
    ]);
    const e = layerErrors(graph, traces, float, rows);
    expect(e.get('x')).toEqual({ meanAbs: 0.5 / 20, maxAbs: 0.5, count: 20 });
    expect(e.get('/fc2/Gemm')).toEqual({ meanAbs: 0.25 / 8, maxAbs: 0.25, count: 8 });
    expect(e.has('/fc1/Gemm')).toBe(false);
    // The same traces as the emulator's chunks of raws (ap_fixed<16,6>: raw = value · 2^10).
    const type = makeFixed(16, 6);
    // Two chunks: the first row, then the rest.
    const chunksOf = (v: Float64Array, size: number) => {
      const first = allocate(type, size, 1);
      const rest = allocate(type, size, v.length / size - 1);
      v.forEach((x, i) => {
        if (i < size) first.raws[i] = x * 1024;
        else rest.raws[i - size] = x * 1024;
      });
      return [first, rest];
    };
    const chunked = new Map([...traces].map(([k, v]) => [k, chunksOf(v, k === 'x' ? 10 : 4)]));
    expect(layerErrors(graph, chunked, float, rows)).toEqual(e);
  });

  it('recomputes a layer’s error when its chunks are other tensors, against the same float values', () => {
    const float = { outputs: [], layers: new Map([['/fc2/Gemm', Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8)]]) };
    const type = makeFixed(16, 6);
    const chunk = (values: number[]) => {
      const t = allocate(type, 4, 2);
      values.forEach((v, i) => (t.raws[i] = v * 1024));
      return t;
    };
    const first = new Map([['/fc2/Gemm', [chunk([1, 2, 3, 4, 5, 6, 7, 8.25])]]]);
    const e1 = layerErrors(graph, first, float, rows).get('/fc2/Gemm');
    expect(e1).toEqual({ meanAbs: 0.25 / 8, maxAbs: 0.25, count: 8 });
    // The very same chunks again (an edit below this layer): the same error.
    expect(layerErrors(graph, first, float, rows).get('/fc2/Gemm')).toEqual(e1);
    const second = new Map([['/fc2/Gemm', [chunk([1, 2, 3, 4, 5, 6, 7.5, 8])]]]);
    expect(layerErrors(graph, second, float, rows).get('/fc2/Gemm')).toEqual({
      meanAbs: 0.5 / 8,
      maxAbs: 0.5,
      count: 8,
    });
  });
});
