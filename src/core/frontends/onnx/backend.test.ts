// The ONNX backend-test models of ../shared/models/onnx/onnx-backend run through the float64 reference of
// the IR (core/float/irFloat.ts) must reproduce the outputs stored beside them (test_data_set_0/output_0.pb).
// This checks the channels-last conversion of weights and attributes, and the float reference itself.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementCount, type Layer, type ModelGraph } from '../../ir/graph';
import { onnx } from './gen/onnx.js';
import { parseOnnx } from './index';
import { readFloatTensor } from './tensors';
import { prepareFloatReference } from '../../float/irFloat';
import { REPO_ROOT } from './testing';

const DIR = resolve(REPO_ROOT, '../shared/models/onnx/onnx-backend');
const present = existsSync(DIR);
if (!present) console.warn(`../shared/models is absent (${DIR}): skipping the ONNX backend-test comparison`);

function pb(path: string): { shape: readonly number[]; data: Float64Array } {
  const t = onnx.TensorProto.decode(new Uint8Array(readFileSync(path)));
  const f = readFloatTensor(t, 'test data');
  return { shape: f.shape, data: Float64Array.from(f.data) };
}

/** Row-major index helper. */
const at = (shape: readonly number[], idx: readonly number[]): number =>
  idx.reduce((acc, v, i) => acc * (shape[i] as number) + v, 0);

/** The core float reference (core/float/irFloat.ts) on one sample: each input's values in order. */
function run(g: ModelGraph, inputs: Float64Array[]): Float64Array[] {
  const row = inputs.flatMap((x) => Array.from(x));
  return prepareFloatReference(g)([row]).outputs.map((o) => o.data);
}

const CASES = [
  'test_AvgPool2d',
  'test_BatchNorm1d_3d_input_eval',
  'test_BatchNorm2d_eval',
  'test_Conv1d',
  'test_Conv2d',
  'test_Conv2d_depthwise',
  'test_ELU',
  'test_LeakyReLU',
  'test_Linear',
  'test_MaxPool2d',
  'test_PReLU_2d',
  'test_Sigmoid',
  'test_Softmax',
  'test_Tanh',
  'test_ZeroPad2d',
  'test_operator_add_broadcast',
  'test_operator_concat2',
  'test_operator_flatten',
  '../mnist-conv',
];

describe.skipIf(!present)('ONNX backend-test models reproduce their stored outputs', () => {
  for (const c of CASES) {
    it(c, () => {
      const g = parseOnnx(new Uint8Array(readFileSync(resolve(DIR, c, 'model.onnx'))), 'model.onnx');
      const data = resolve(DIR, c, 'test_data_set_0');
      const ins = g.inputs.map((_, i) => pb(resolve(data, `input_${i}.pb`)));
      const want = pb(resolve(data, 'output_0.pb'));
      const batch = (ins[0]?.shape[0] ?? 1) as number;
      const got: number[] = [];
      for (let b = 0; b < batch; b++) {
        const sample = ins.map((t) => {
          // An input without the batch (test_operator_add_broadcast's [3]) is the same for every sample.
          const n = elementCount(
            g.layers.find((l) => l.name === g.inputs[ins.indexOf(t)])?.outputShape ?? [],
          );
          return t.data.length === n ? t.data : t.data.subarray(b * n, (b + 1) * n);
        });
        got.push(...(run(g, sample)[0] as Float64Array));
      }
      // The stored output is in the file's layout; a converted (spatial) output of ours is channels-last.
      const out = g.layers.find((l) => l.name === g.outputs[0]) as Layer;
      let expected = Array.from(want.data);
      const channelsLast = g.layers.some((l) => l.name.startsWith('transpose_input_for_'));
      if (channelsLast && out.outputShape.length >= 2 && want.shape.length === out.outputShape.length + 1) {
        const per = elementCount(out.outputShape);
        const cf = [out.outputShape[out.outputShape.length - 1] as number, ...out.outputShape.slice(0, -1)];
        const perm = [...cf.slice(1).map((_, i) => i + 1), 0];
        expected = [];
        for (let b = 0; b < batch; b++) {
          const slice = Float64Array.from(want.data.subarray(b * per, (b + 1) * per));
          const idx = new Array<number>(perm.length).fill(0);
          const outShape = perm.map((p) => cf[p] as number);
          for (let o = 0; o < per; o++) {
            const src = new Array<number>(perm.length);
            perm.forEach((p, i) => (src[p] = idx[i] as number));
            expected.push(slice[at(cf, src)] as number);
            for (let d = idx.length - 1; d >= 0; d--) {
              idx[d] = (idx[d] as number) + 1;
              if ((idx[d] as number) < (outShape[d] as number)) break;
              idx[d] = 0;
            }
          }
        }
      }
      expect(got.length).toBe(expected.length);
      const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - (expected[i] as number))), 0);
      // float32 in the reference runtime vs float64 here: relative to the largest output.
      const scale = Math.max(1, ...expected.map(Math.abs));
      expect(worst / scale).toBeLessThan(1e-5);
    });
  }
});
