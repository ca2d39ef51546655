// The IR float reference against outputs computed by others: torch's float32 outputs of the hls4ml
// reference cases (from their ONNX and TorchScript files), Keras' outputs stored beside two Keras models,
// and — for the recurrent kinds, which have no stored outputs here — the fixed-point emulator run with
// wide types. The ONNX backend-test models are compared in frontends/onnx/backend.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/designConfig';
import { emulate } from '../emulate/engine';
import { randomNormalRows } from '../emulate/inputs';
import { loadModel } from '../frontends/index';
import { lower } from '../passes/lower';
import { prepareFloatReference } from './irFloat';

const ROOT = join(import.meta.dirname, '../../..');
const SHARED = join(ROOT, '../shared');
const present = existsSync(SHARED);
if (!present) console.warn(`../shared is absent (${SHARED}): skipping the float-reference comparisons`);

const file = (p: string) => ({
  name: p.split('/').pop()!,
  bytes: new Uint8Array(readFileSync(join(SHARED, p))),
});

/** Largest |a − b| relative to max(1, |b|max). */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

describe.skipIf(!present)('IR float reference', () => {
  for (const c of [
    'a_jet_mlp_latency',
    'd_conv1d_relu_flatten_dense',
    'f_dense_batchnorm_relu',
    'g_sigmoid_tanh_lut',
  ]) {
    for (const model of ['model.onnx', 'model.pt']) {
      it(`${c}/${model} reproduces torch's float outputs on 200 rows`, async () => {
        const graph = await loadModel([file(`reference/${c}/${model}`)]);
        const rows = JSON.parse(
          readFileSync(join(SHARED, `reference/${c}/input.json`), 'utf8'),
        ) as number[][];
        const want = JSON.parse(
          readFileSync(join(SHARED, `reference/${c}/float_output.json`), 'utf8'),
        ) as number[][];
        const got = prepareFloatReference(graph)(rows).outputs[0]!;
        expect(got.samples).toBe(200);
        expect(relError(got.data, want.flat())).toBeLessThan(1e-5);
      });
    }
  }

  for (const m of ['conv1d_1layer', 'conv2d_1layer']) {
    it(`Keras ${m} reproduces the outputs stored beside it`, async () => {
      const graph = await loadModel([file(`models/keras/${m}/${m}.h5`)]);
      const read = (n: string) =>
        readFileSync(join(SHARED, `models/keras/${m}/${n}`), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.trim().split(/\s+/).map(Number));
      const got = prepareFloatReference(graph)(read('tb_input_features.dat')).outputs[0]!;
      expect(relError(got.data, read('tb_output_predictions.dat').flat())).toBeLessThan(1e-6);
    });
  }

  for (const m of ['KERAS_lstm_model', 'KERAS_gru_model']) {
    it(`${m}: the emulator with wide types comes within table resolution of the float reference`, async () => {
      const graph = await loadModel([file(`models/keras/${m}.json`), file(`models/keras/${m}_weights.h5`)]);
      const base = defaultConfig();
      const wide = 'ap_fixed<40,12,AP_RND,AP_SAT>';
      const config = {
        ...base,
        model: { ...base.model, precision: { default: wide }, tableSize: 4096 },
        layerType: Object.fromEntries(
          ['LSTM', 'GRU', 'Dense', 'Softmax', 'Activation'].map((k) => [
            k,
            { precision: { table: 'ap_fixed<24,4,AP_RND,AP_SAT>' }, tableSize: 4096 },
          ]),
        ),
      };
      const lowered = lower(graph, config);
      const n = graph.layers[0]!.outputShape.reduce((a, b) => a * b, 1);
      const rows = randomNormalRows(5, 40, n, 1);
      const rnn = graph.layers.find((l) => l.kind === 'LSTM' || l.kind === 'GRU')!;
      const fixed = emulate(lowered, rows, { trace: true }).traces![rnn.name]!;
      const float = prepareFloatReference(graph)(rows, true).layers.get(rnn.name)!;
      // A wrong gate order or bias convention shows up as errors of order 0.1–1.
      expect(relError(fixed, float.data)).toBeLessThan(0.02);
    });
  }
});
