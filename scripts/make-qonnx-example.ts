/**
 * Writes public/examples/jet_tagger_qonnx.onnx: the jet-tagger example (public/examples/jet_tagger.onnx,
 * our own reference model) as a QONNX file, quantized the way a Brevitas user would: the input to 16
 * bits, weights to 6 bits, biases to 10 bits, activations after each ReLU to 8 unsigned bits, all with
 * power-of-two scales so that each quantizer is exactly a fixed-point type. The weights are the float
 * model's, rounded by the Quant nodes at load time. Run: npx tsx scripts/make-qonnx-example.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../src/core/frontends/index';
import type { DenseLayer } from '../src/core/ir/graph';
import { writeOnnx, type OnnxInitializer, type OnnxNode } from '../tests/robustness/onnxWriter';

const ROOT = join(import.meta.dirname, '..');
const DOMAIN = 'qonnx.custom_op.general';

const source = await loadModel([
  {
    name: 'jet_tagger.onnx',
    bytes: new Uint8Array(readFileSync(join(ROOT, 'public/examples/jet_tagger.onnx'))),
  },
]);
const dense = source.layers.filter((l): l is DenseLayer => l.kind === 'Dense');

const inits: OnnxInitializer[] = [];
const nodes: OnnxNode[] = [];
const scalar = (name: string, v: number): string => {
  inits.push({ name, dims: [], data: [v] });
  return name;
};

/** A Quant node: bits total, `fracBits` fractional bits (scale 2^−fracBits), zero point 0. */
function quant(name: string, x: string, bits: number, fracBits: number, signed: boolean): string {
  const out = `${name}_out`;
  nodes.push({
    op: 'Quant',
    domain: DOMAIN,
    name,
    inputs: [
      x,
      scalar(`${name}_scale`, 2 ** -fracBits),
      scalar(`${name}_zeropt`, 0),
      scalar(`${name}_bits`, bits),
    ],
    outputs: [out],
    ints: { signed: signed ? 1 : 0, narrow: 0 },
    strings: { rounding_mode: 'ROUND' },
  });
  return out;
}

let prev = quant('quant_input', 'x', 16, 10, true);
dense.forEach((d, k) => {
  const n = k + 1;
  // Gemm with B = [n_in, n_out]: the IR's input-major weight order.
  inits.push({ name: `fc${n}.weight`, dims: [d.nIn, d.nOut], data: d.weight.data });
  inits.push({ name: `fc${n}.bias`, dims: [d.nOut], data: d.bias!.data });
  const w = quant(`quant_fc${n}_weight`, `fc${n}.weight`, 6, 4, true);
  const b = quant(`quant_fc${n}_bias`, `fc${n}.bias`, 10, 6, true);
  nodes.push({ op: 'Gemm', name: `fc${n}`, inputs: [prev, w, b], outputs: [`fc${n}_out`] });
  if (k < dense.length - 1) {
    nodes.push({ op: 'Relu', name: `relu${n}`, inputs: [`fc${n}_out`], outputs: [`relu${n}_out`] });
    prev = quant(`quant_relu${n}`, `relu${n}_out`, 8, 4, false);
  } else {
    nodes.push({
      op: 'Softmax',
      name: 'softmax',
      inputs: [`fc${n}_out`],
      outputs: ['y'],
      ints: { axis: -1 },
    });
  }
});

const bytes = writeOnnx({
  graphName: 'jet_tagger_qonnx',
  producer: 'hls-studio scripts/make-qonnx-example.ts',
  nodes,
  initializers: inits,
  inputs: [{ name: 'x', dims: [1, 16] }],
  outputs: [{ name: 'y', dims: [1, dense[dense.length - 1]!.nOut] }],
  domains: { [DOMAIN]: 1 },
});
writeFileSync(join(ROOT, 'public/examples/jet_tagger_qonnx.onnx'), bytes);
console.log(`wrote public/examples/jet_tagger_qonnx.onnx (${bytes.length} bytes, ${nodes.length} nodes)`);
