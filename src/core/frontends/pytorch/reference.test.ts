/**
 * The four reference cases' TorchScript files (tests/golden/<case>/model.pt, copies of
 * ../shared/reference): the graph equals the ONNX export's modulo names (kinds, shapes, weights exactly),
 * layer names are the torch module names, a float forward pass reproduces torch's float outputs, and the
 * emulator reproduces hls4ml's C-simulation bit for bit with the hls4ml config applied unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromDict } from '../../config/hls4mlConfig';
import { emulate } from '../../emulate/engine';
import { StudioError } from '../../errors';
import { fractionalBits } from '../../fixed/types';
import type { Layer, ModelGraph } from '../../ir/graph';
import { lower } from '../../passes/lower';
import { loadModel } from '../index';

const GOLDEN = join(import.meta.dirname, '../../../../tests/golden');
const read = (c: string, f: string): Uint8Array => new Uint8Array(readFileSync(join(GOLDEN, c, f)));
const json = <T>(c: string, f: string): T => JSON.parse(readFileSync(join(GOLDEN, c, f), 'utf8')) as T;
const torchGraph = (c: string): Promise<ModelGraph> =>
  loadModel([{ name: `${c}/model.pt`, bytes: read(c, 'model.pt') }]);

async function onnxGraph(c: string): Promise<ModelGraph | null> {
  try {
    return await loadModel([{ name: `${c}/model.onnx`, bytes: read(c, 'model.onnx') }]);
  } catch (e) {
    if (!(e instanceof StudioError)) throw e;
    console.log(
      `pytorch reference test: the ONNX frontend cannot load ${c} yet (${e.message}); ONNX comparison skipped`,
    );
    return null;
  }
}

const CASES = [
  'a_jet_mlp_latency',
  'd_conv1d_relu_flatten_dense',
  'f_dense_batchnorm_relu',
  'g_sigmoid_tanh_lut',
];

const summary = (g: ModelGraph): [string, string, number[], string[]][] =>
  g.layers.map((l) => [l.name, l.kind, [...l.outputShape], [...l.inputs]]);

/** Everything but names and provenance, with float arrays as plain number arrays. */
function content(l: Layer): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(l)) {
    if (k === 'name' || k === 'inputs' || k === 'source') continue;
    out[k] =
      v && typeof v === 'object' && 'data' in v
        ? {
            shape: (v as { shape: number[] }).shape,
            data: Array.from((v as { data: ArrayLike<number> }).data),
          }
        : v;
  }
  return out;
}

/** A float64 forward pass over the IR kinds these cases use (channels-last, batch-free). */
function forward(g: ModelGraph, x: readonly number[]): number[] {
  const vals = new Map<string, number[]>();
  for (const l of g.layers) {
    const a = l.kind === 'Input' ? [...x] : (vals.get(l.inputs[0] as string) as number[]);
    let y: number[];
    switch (l.kind) {
      case 'Input':
      case 'Reshape':
        y = a;
        break;
      case 'Transpose': {
        const inShape = g.layers.find((p) => p.name === l.inputs[0])!.outputShape;
        const strides = inShape.map((_, i) => inShape.slice(i + 1).reduce((p, q) => p * q, 1));
        y = new Array<number>(a.length);
        const outShape = l.outputShape;
        for (let o = 0; o < a.length; o++) {
          let rem = o;
          let src = 0;
          for (let d = outShape.length - 1; d >= 0; d--) {
            const idx = rem % outShape[d]!;
            rem = Math.floor(rem / outShape[d]!);
            src += idx * strides[l.perm[d]!]!;
          }
          y[o] = a[src]!;
        }
        break;
      }
      case 'Dense':
        y = Array.from({ length: l.nOut }, (_, j) => {
          let s = l.bias ? l.bias.data[j]! : 0;
          for (let i = 0; i < l.nIn; i++) s += a[i]! * l.weight.data[i * l.nOut + j]!;
          return s;
        });
        break;
      case 'Conv': {
        const [outW, nF] = l.outputShape as [number, number];
        const k = l.kernel[0]!;
        const inW = a.length / l.nChan;
        y = [];
        for (let o = 0; o < outW; o++)
          for (let f = 0; f < nF; f++) {
            let s = l.bias ? l.bias.data[f]! : 0;
            for (let t = 0; t < k; t++) {
              const w = o * l.strides[0]! - l.pads[0]! + t * l.dilations[0]!;
              if (w < 0 || w >= inW) continue;
              for (let c = 0; c < l.nChan; c++)
                s += a[w * l.nChan + c]! * l.weight.data[(t * l.nChan + c) * nF + f]!;
            }
            y.push(s);
          }
        break;
      }
      case 'BatchNormalization': {
        const n = l.scale.data.length;
        y = a.map((v, i) => v * l.scale.data[i % n]! + l.bias.data[i % n]!);
        break;
      }
      case 'Activation':
        y = a.map((v) =>
          l.activation === 'relu'
            ? Math.max(0, v)
            : l.activation === 'sigmoid'
              ? 1 / (1 + Math.exp(-v))
              : Math.tanh(v),
        );
        break;
      case 'Softmax': {
        const m = Math.max(...a);
        const e = a.map((v) => Math.exp(v - m));
        const s = e.reduce((p, q) => p + q, 0);
        y = e.map((v) => v / s);
        break;
      }
      default:
        throw new Error(`forward: ${l.kind} not handled in the test`);
    }
    vals.set(l.name, y);
  }
  return vals.get(g.outputs[0]!)!;
}

describe('TorchScript reference models (tests/golden/*/model.pt)', () => {
  it('a_jet_mlp_latency: layers named after the torch modules', async () => {
    expect(summary(await torchGraph('a_jet_mlp_latency'))).toEqual([
      ['x', 'Input', [16], []],
      ['fc1', 'Dense', [64], ['x']],
      ['relu1', 'Activation', [64], ['fc1']],
      ['fc2', 'Dense', [32], ['relu1']],
      ['relu2', 'Activation', [32], ['fc2']],
      ['fc3', 'Dense', [32], ['relu2']],
      ['relu3', 'Activation', [32], ['fc3']],
      ['fc4', 'Dense', [5], ['relu3']],
      ['softmax', 'Softmax', [5], ['fc4']],
    ]);
  });

  it('d_conv1d_relu_flatten_dense: transpose_input_for_x, Conv weights [k, nChan, nFilt], inferred input [4, 16]', async () => {
    const g = await torchGraph('d_conv1d_relu_flatten_dense');
    expect(summary(g)).toEqual([
      ['x', 'Input', [4, 16], []],
      ['transpose_input_for_x', 'Transpose', [16, 4], ['x']],
      ['conv1', 'Conv', [14, 8], ['transpose_input_for_x']],
      ['relu1', 'Activation', [14, 8], ['conv1']],
      ['conv2', 'Conv', [14, 8], ['relu1']],
      ['relu2', 'Activation', [14, 8], ['conv2']],
      ['flatten', 'Reshape', [112], ['relu2']],
      ['fc', 'Dense', [5], ['flatten']],
    ]);
    const t = g.layers[1]!;
    expect(t.kind === 'Transpose' && t.perm).toEqual([1, 0]);
    const c1 = g.layers[2]!;
    const c2 = g.layers[4]!;
    if (c1.kind !== 'Conv' || c2.kind !== 'Conv') throw new Error('not conv');
    expect([c1.rank, c1.kernel, c1.strides, c1.dilations, c1.pads, c1.nChan, c1.nFilt]).toEqual([
      1,
      [3],
      [1],
      [1],
      [0, 0],
      4,
      8,
    ]);
    expect([c2.pads, c2.nChan, c2.nFilt]).toEqual([[1, 1], 8, 8]);
    expect(c1.weight.shape).toEqual([3, 4, 8]);
  });

  it('f_dense_batchnorm_relu: BatchNorm1d folded in float32 (eps 1e-5)', async () => {
    const g = await torchGraph('f_dense_batchnorm_relu');
    expect(summary(g).map((r) => r.slice(0, 3))).toEqual([
      ['x', 'Input', [10]],
      ['fc1', 'Dense', [16]],
      ['bn1', 'BatchNormalization', [16]],
      ['relu1', 'Activation', [16]],
      ['fc2', 'Dense', [4]],
    ]);
  });

  describe.each(CASES)('%s', (c) => {
    it('layer names are the torch_fx_names of layer_name_mapping (plus hls4ml-style inserted layers)', async () => {
      const g = await torchGraph(c);
      const mapping = json<{ nodes: { torch_fx_name: string }[] }>(c, 'config.json').nodes ?? [];
      const fx = (
        json<{ layer_name_mapping: { nodes: { torch_fx_name: string }[] } }>(c, 'config.json')
          .layer_name_mapping.nodes ?? mapping
      ).map((n) => n.torch_fx_name);
      const ours = g.layers.filter((l) => l.kind !== 'Input' && l.kind !== 'Transpose').map((l) => l.name);
      expect(ours).toEqual(fx);
      const hls = json<{ hls4ml_graph_after_optimization: { name: string }[] }>(
        c,
        'config.json',
      ).hls4ml_graph_after_optimization.map((l) => l.name);
      for (const n of hls) if (n !== 'x') expect(ours.concat('transpose_input_for_x')).toContain(n);
    });

    it('float forward pass reproduces torch float outputs', async () => {
      const g = await torchGraph(c);
      const inputs = json<number[][]>(c, 'input.json');
      const ref = json<number[][]>(c, 'float_output.json');
      let worst = 0;
      for (let s = 20; s < 60; s++) {
        const y = forward(g, inputs[s]!);
        y.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - ref[s]![k]!))));
      }
      expect(worst).toBeLessThan(2e-5);
    });

    it('equals the ONNX export modulo names: kinds, shapes, weights exactly', async () => {
      const t = await torchGraph(c);
      const o = await onnxGraph(c);
      if (!o) return;
      expect(t.layers.map(content)).toEqual(o.layers.map(content));
      // Same wiring: each layer reads the layers at the same positions.
      const pos = (g: ModelGraph): number[][] =>
        g.layers.map((l) => l.inputs.map((n) => g.layers.findIndex((p) => p.name === n)));
      expect(pos(t)).toEqual(pos(o));
    });
  });
});

describe.each(['a_jet_mlp_latency', 'g_sigmoid_tanh_lut'])('golden %s from TorchScript', (c) => {
  it('emulator output equals hls4ml C-simulation bit for bit, and the ONNX model emulation', async () => {
    const raw = json<Record<string, unknown>>(c, 'config.json');
    // LayerName keys are torch module names: they apply to the TorchScript graph unchanged.
    const config = configFromDict(
      {
        Backend: raw['backend'],
        IOType: raw['io_type'],
        HLSConfig: { Model: raw['Model'], LayerName: raw['LayerName'] ?? {} },
      },
      `${c}/config.json`,
    );
    const g = await torchGraph(c);
    const inputs = json<number[][]>(c, 'input.json');
    const expected = json<number[][]>(c, 'hls4ml_output.json');
    const result = emulate(lower(g, config), inputs);
    const type = result.outputTypes[0]!;
    const raws = result.outputRaws[0] as Float64Array;
    const values = result.outputs[0]!;
    const n = expected[0]!.length;
    const mismatches: string[] = [];
    // As tests/golden/emulator.golden.test.ts: raws where the type fits a float32, else float32 images.
    for (let s = 0; s < inputs.length; s++)
      for (let k = 0; k < n; k++) {
        const ref = expected[s]![k]!;
        if (type.width <= 24) {
          const refRaw = ref * 2 ** fractionalBits(type);
          if (raws[s * n + k] !== refRaw)
            mismatches.push(`row ${s} out ${k}: raw ${raws[s * n + k]} vs hls4ml ${refRaw}`);
        } else if (Math.fround(values[s * n + k]!) !== ref) {
          mismatches.push(`row ${s} out ${k}: ${Math.fround(values[s * n + k]!)} vs hls4ml ${ref}`);
        }
      }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(raws.length).toBe(inputs.length * n);

    const o = await onnxGraph(c);
    if (!o) return;
    const toOnnx = new Map(
      (raw['layer_name_mapping'] as { nodes: { onnx_node: string; torch_fx_name: string }[] }).nodes.map(
        (m) => [m.torch_fx_name, m.onnx_node],
      ),
    );
    const layerName: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((raw['LayerName'] as Record<string, unknown>) ?? {}))
      layerName[toOnnx.get(k) ?? k] = v;
    const onnxConfig = configFromDict(
      {
        Backend: raw['backend'],
        IOType: raw['io_type'],
        HLSConfig: { Model: raw['Model'], LayerName: layerName },
      },
      `${c}/config.json`,
    );
    const onnxResult = emulate(lower(o, onnxConfig), inputs);
    expect(Array.from(raws)).toEqual(Array.from(onnxResult.outputRaws[0] as Float64Array));
  });
});
