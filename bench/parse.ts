/**
 * Parse + shape inference of big model files in Node (issue 3's benchmark): a ~50 MB ONNX MLP written
 * here, and the same network as a Keras single-file .h5 (written with Debian's python3-h5py when it is
 * installed), and as a TorchScript archive (bench/torchscript.ts). Median of a few runs of loadModel, the same entry point the studio and the CLI use.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../src/core/frontends/index';
import { mlpOnnx } from '../tests/robustness/onnxWriter';
import { mlpTorchScript } from './torchscript';

const OUT = join(import.meta.dirname, 'out');
/** 1024-2048-2048-2048-1024-16: 12.6 M float weights, 50 MB. */
const SIZES = [1024, 2048, 2048, 2048, 1024, 16];

export interface ParseBench {
  format: string;
  megabytes: number;
  layers: number;
  ms: number[];
}

async function time(name: string, bytes: Uint8Array, format: string): Promise<ParseBench> {
  const ms: number[] = [];
  let layers = 0;
  for (let k = 0; k < 4; k++) {
    const t = performance.now();
    const g = await loadModel([{ name, bytes }]);
    ms.push(performance.now() - t);
    layers = g.layers.length;
  }
  return { format, megabytes: bytes.length / 2 ** 20, layers, ms: ms.slice(1) };
}

const KERAS_WRITER = `
import json, sys, h5py, numpy as np
sizes = [int(s) for s in sys.argv[2].split(',')]
layers = [{'class_name': 'InputLayer', 'config': {'name': 'in', 'batch_input_shape': [None, sizes[0]], 'dtype': 'float32'}, 'name': 'in', 'inbound_nodes': []}]
prev = 'in'
for i, n in enumerate(sizes[1:]):
    name = 'fc%d' % (i + 1)
    layers.append({'class_name': 'Dense', 'config': {'name': name, 'units': n, 'activation': 'relu', 'use_bias': True}, 'name': name, 'inbound_nodes': [[[prev, 0, 0, {}]]]})
    prev = name
cfg = {'class_name': 'Functional', 'config': {'name': 'big', 'layers': layers, 'input_layers': [['in', 0, 0]], 'output_layers': [[prev, 0, 0]]}, 'keras_version': '2.11.0', 'backend': 'tensorflow'}
with h5py.File(sys.argv[1], 'w') as h:
    h.attrs['model_config'] = json.dumps(cfg).encode()
    w = h.create_group('model_weights')
    w.attrs['layer_names'] = np.array([l['name'].encode() for l in layers])
    w.attrs['backend'] = b'tensorflow'
    w.attrs['keras_version'] = b'2.11.0'
    w.create_group('in').attrs['weight_names'] = np.array([], dtype='S1')
    for i, n in enumerate(sizes[1:]):
        name = 'fc%d' % (i + 1)
        g = w.create_group(name)
        k = (np.arange(sizes[i] * n, dtype=np.float32) % 17 - 8).reshape(sizes[i], n) * 0.01
        g.create_dataset(name + '/kernel:0', data=k)
        g.create_dataset(name + '/bias:0', data=np.zeros(n, np.float32))
        g.attrs['weight_names'] = np.array([(name + '/kernel:0').encode(), (name + '/bias:0').encode()])
`;

export async function benchParse(): Promise<ParseBench[]> {
  mkdirSync(OUT, { recursive: true });
  const layers = SIZES.slice(1).map((_, i) => ({
    node: `fc${i + 1}`,
    weight: `w${i + 1}`,
    bias: `b${i + 1}`,
    out: `h${i + 1}`,
    act: `relu${i + 1}`,
    actOut: `a${i + 1}`,
  }));
  const onnx = mlpOnnx({ graph: 'big', input: 'x', layers, softmax: 'softmax', output: 'y' }, SIZES);
  const results = [await time('big.onnx', onnx, 'ONNX')];
  const h5 = join(OUT, 'big.h5');
  try {
    execFileSync('/usr/bin/python3', ['-c', KERAS_WRITER, h5, SIZES.join(',')], { stdio: 'ignore' });
    results.push(await time('big.h5', new Uint8Array(readFileSync(h5)), 'Keras .h5'));
  } catch {
    console.warn('parse bench: python3-h5py is not installed; the Keras measurement is skipped');
  }
  results.push(await time('big.pt', mlpTorchScript(SIZES), 'PyTorch TorchScript .pt'));
  return results;
}
