import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOnnx } from '../frontends/onnx/index';
import { FloatReference } from './onnxReference';
import { layerFloatError, tapInLayerOrder, tapsForLayers, withExtraOutputs } from './layerTaps';

const golden = (c: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../tests/golden/${c}/model.onnx`, import.meta.url)));
const go = async (): Promise<boolean> => true;

describe('per-layer float taps', () => {
  it('names the tensor of every layer, and a fused batch norm hands its tensor to the Dense', () => {
    const g = parseOnnx(golden('f_dense_batchnorm_relu'), 'm.onnx');
    const all = tapsForLayers(
      g,
      g.layers.map((l) => l.name),
    );
    expect(all.get('/fc1/Gemm')?.tensor).toBe('/fc1/Gemm_output_0');
    const fused = tapsForLayers(g, ['x', '/fc1/Gemm', '/relu1/Relu', '/fc2/Gemm']);
    expect(fused.get('/fc1/Gemm')?.tensor).toBe('/bn1/BatchNormalization_output_0');
    expect(fused.get('/fc2/Gemm')?.tensor).toBe('y');
    expect(fused.has('x')).toBe(false);
  });

  it('reads intermediate tensors, and puts channels-first ones in the layer order', async () => {
    const bytes = golden('d_conv1d_relu_flatten_dense');
    const g = parseOnnx(bytes, 'm.onnx');
    const relu = g.floatTaps!['/relu2/Relu']!;
    const flat = g.floatTaps!['/flatten/Flatten']!;
    expect(relu).toEqual({ tensor: '/relu2/Relu_output_0', channelsFirst: [8, 14] });
    expect(flat).toEqual({ tensor: '/flatten/Flatten_output_0', channelsFirst: [8, 14] });
    const rows = Array.from({ length: 3 }, (_, s) =>
      Array.from({ length: 64 }, (_, i) => ((i * 7 + s) % 11) / 5 - 1),
    );
    const ref = new FloatReference(withExtraOutputs(bytes, [relu.tensor, flat.tensor]), 'm.onnx');
    const out = (await ref.run(rows, go))!;
    await ref.release();
    expect(out.length).toBe(3);
    const [, r, f] = out as [Float64Array, Float64Array, Float64Array];
    // The Relu tensor is [8, 14] channels-first and the Flatten tensor its channels-first flattening;
    // both in the IR's [14, 8] channels-last order are the same values in the same places.
    const rl = tapInLayerOrder(r, 3, relu);
    const fl = tapInLayerOrder(f, 3, flat);
    expect(Array.from(fl)).toEqual(Array.from(rl));
    expect(Array.from(rl)).not.toEqual(Array.from(r));
    expect(rl[1]).toBe(r[14]);
  });

  it('measures the mean and largest absolute error', () => {
    const e = layerFloatError(Float64Array.of(0.5, -0.25, 1), Float64Array.of(0.75, -0.25, 0.5));
    expect(e).toEqual({ meanAbs: 0.25, maxAbs: 0.5, count: 3 });
    expect(layerFloatError(Float64Array.of(1), Float64Array.of(1, 2))).toBeNull();
  });
});
