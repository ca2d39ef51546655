// The studio's "Load example" models (public/examples): each loads, lowers, emulates and generates a
// project; the copies still equal their sources; the QONNX example's quantizers become the types they
// stand for.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../src/cli/hlsLibrary';
import { generateProject } from '../src/core/backends/index';
import { defaultConfig } from '../src/core/config/designConfig';
import { emulate } from '../src/core/emulate/engine';
import { randomNormalRows } from '../src/core/emulate/inputs';
import { toApType } from '../src/core/fixed/format';
import { loadModel } from '../src/core/frontends/index';
import { lower } from '../src/core/passes/lower';

const ROOT = join(import.meta.dirname, '..');
const example = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(ROOT, 'public/examples', name)));
const SHARED = join(ROOT, '../shared/models');

const EXAMPLES: [string, number, Record<string, number>][] = [
  ['jet_tagger.onnx', 16, { Dense: 4, Activation: 3, Softmax: 1 }],
  ['jet_tagger_qonnx.onnx', 16, { Dense: 4, Activation: 7, Softmax: 1 }],
  ['mnist_cnn.onnx', 784, { Conv: 2, Pooling: 2, Dense: 1 }],
];

describe('example models', () => {
  for (const [name, inputs, kinds] of EXAMPLES) {
    it(`${name} loads, emulates and converts`, async () => {
      const graph = await loadModel([{ name, bytes: example(name) }]);
      for (const [kind, n] of Object.entries(kinds))
        expect(
          graph.layers.filter((l) => l.kind === kind),
          kind,
        ).toHaveLength(n);
      const lowered = lower(graph, defaultConfig());
      const r = emulate(lowered, randomNormalRows(3, 20, inputs, 1.5));
      expect(r.samples).toBe(20);
      expect(r.outputs[0]!.every((v) => Number.isFinite(v))).toBe(true);
      expect(generateProject(lowered, loadHlsLibraryFromDisk()).has('firmware/myproject.cpp')).toBe(true);
    });
  }

  it('the QONNX example quantizes weights to 6 bits, biases to 10 and ReLU outputs to 8 unsigned', async () => {
    const graph = await loadModel([{ name: 'q.onnx', bytes: example('jet_tagger_qonnx.onnx') }]);
    const lowered = lower(graph, defaultConfig());
    const type = (layer: string, slot: string): string =>
      toApType(lowered.layers.find((l) => l.name === layer)!.types[slot]!);
    for (const fc of ['fc1', 'fc2', 'fc3', 'fc4']) {
      expect(type(fc, 'weight_t')).toBe('ap_fixed<6,2,AP_RND_CONV,AP_SAT>');
      expect(type(fc, 'bias_t')).toBe('ap_fixed<10,4,AP_RND_CONV,AP_SAT>');
    }
    expect(type('quant_relu1', 'result_t')).toBe('ap_ufixed<8,4,AP_RND_CONV,AP_SAT>');
    expect(type('quant_input', 'result_t')).toBe('ap_fixed<16,6,AP_RND_CONV,AP_SAT>');
  });

  it.skipIf(!existsSync(SHARED))('mnist_cnn.onnx is a byte-for-byte copy of its source', () => {
    expect(example('mnist_cnn.onnx')).toEqual(
      new Uint8Array(readFileSync(join(SHARED, 'onnx/mnist-conv/model.onnx'))),
    );
  });
});
