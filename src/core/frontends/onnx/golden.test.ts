// The repo copies of the reference models (tests/golden/<case>/model.onnx) against the layer list hls4ml
// recorded for them (config.json → hls4ml_graph_after_optimization): same kinds, same shapes, in order.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOnnx } from './index';
import { REPO_ROOT, repoFile } from './testing';

interface HlsLayer {
  readonly name: string;
  readonly class_name: string;
  readonly output_shape: number[];
}

/** hls4ml IR class → our kind. */
const KIND: Readonly<Record<string, string>> = {
  Input: 'Input',
  Transpose: 'Transpose',
  Conv1D: 'Conv',
  Conv2D: 'Conv',
  Activation: 'Activation',
  Reshape: 'Reshape',
  Dense: 'Dense',
  BatchNormalization: 'BatchNormalization',
};

for (const c of ['a_jet_mlp_latency', 'd_conv1d_relu_flatten_dense', 'f_dense_batchnorm_relu']) {
  const dir = resolve(REPO_ROOT, 'tests/golden', c);
  const present = existsSync(resolve(dir, 'model.onnx'));
  if (!present) console.warn(`tests/golden/${c}/model.onnx is absent: skipping its frontend check`);
  describe.skipIf(!present)(`tests/golden/${c}`, () => {
    it('has the kinds and shapes of hls4ml_graph_after_optimization (BN kept: the fusion is a pass)', () => {
      const cfg = JSON.parse(readFileSync(resolve(dir, 'config.json'), 'utf8')) as {
        hls4ml_graph_after_optimization: HlsLayer[];
      };
      const g = parseOnnx(repoFile(`tests/golden/${c}/model.onnx`), 'model.onnx');
      const hls = cfg.hls4ml_graph_after_optimization.map((l) => [
        KIND[l.class_name] ?? l.class_name,
        l.output_shape,
      ]);
      // hls4ml fuses BatchNormalization into the Dense before it; softmax is its own class there.
      const ours = g.layers
        .filter((l) => l.kind !== 'BatchNormalization')
        .map((l) => [l.kind === 'Softmax' ? 'Softmax' : l.kind, [...l.outputShape]]);
      expect(ours).toEqual(hls);
      expect(g.layers.length - ours.length).toBe(c === 'f_dense_batchnorm_relu' ? 1 : 0);
    });
  });
}
