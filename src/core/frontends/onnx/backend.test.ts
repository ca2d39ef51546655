// The ONNX backend-test models of ../shared/models/onnx/onnx-backend run through a small float64 reference
// of the IR (written here for the layer kinds they use) must reproduce the outputs stored beside them
// (test_data_set_0/output_0.pb). This checks the channels-last conversion of weights and attributes.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementCount, type Layer, type ModelGraph } from '../../ir/graph';
import { onnx } from './gen/onnx.js';
import { parseOnnx } from './index';
import { readFloatTensor } from './tensors';
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

function window(
  l: Layer & {
    kernel: readonly number[];
    strides: readonly number[];
    dilations: readonly number[];
    pads: readonly number[];
  },
  inShape: readonly number[],
) {
  const r = l.kernel.length;
  const sp = inShape.slice(0, r);
  return { r, sp };
}

/** Float64 forward of one layer on one sample (channels-last, batch-free). */
function forward(l: Layer, ins: Float64Array[], inShapes: (readonly number[])[]): Float64Array {
  const x = ins[0] as Float64Array;
  const xs = inShapes[0] as readonly number[];
  const out = new Float64Array(elementCount(l.outputShape));
  const os = l.outputShape;
  switch (l.kind) {
    case 'Transpose': {
      const perm = l.perm;
      const idx = new Array<number>(os.length).fill(0);
      for (let o = 0; o < out.length; o++) {
        const src = new Array<number>(os.length);
        perm.forEach((p, i) => (src[p] = idx[i] as number));
        out[o] = x[at(xs, src)] as number;
        for (let d = os.length - 1; d >= 0; d--) {
          idx[d] = (idx[d] as number) + 1;
          if ((idx[d] as number) < (os[d] as number)) break;
          idx[d] = 0;
        }
      }
      return out;
    }
    case 'Conv':
    case 'DepthwiseConv':
    case 'Pooling': {
      const { r, sp } = window(l, xs);
      const C = xs[r] as number;
      const F = os[r] as number;
      const osp = os.slice(0, r);
      const nPos = elementCount(osp);
      const kN = elementCount(l.kernel);
      for (let p = 0; p < nPos; p++) {
        const opos = r === 1 ? [p] : [Math.floor(p / (osp[1] as number)), p % (osp[1] as number)];
        for (let f = 0; f < F; f++) {
          let acc = l.kind === 'Pooling' ? (l.op === 'max' ? -Infinity : 0) : 0;
          let count = 0;
          for (let k = 0; k < kN; k++) {
            const kpos =
              r === 1 ? [k] : [Math.floor(k / (l.kernel[1] as number)), k % (l.kernel[1] as number)];
            const ipos = opos.map(
              (o, d) =>
                o * (l.strides[d] as number) +
                (kpos[d] as number) * (l.dilations[d] as number) -
                (l.pads[2 * d] as number),
            );
            const inside = ipos.every((v, d) => v >= 0 && v < (sp[d] as number));
            if (l.kind === 'Pooling') {
              if (inside) {
                const v = x[at(xs, [...ipos, f])] as number;
                acc = l.op === 'max' ? Math.max(acc, v) : acc + v;
                count++;
              } else if (l.countPad) count++;
              continue;
            }
            if (!inside) continue;
            if (l.kind === 'Conv') {
              for (let c = 0; c < C; c++)
                acc +=
                  (x[at(xs, [...ipos, c])] as number) *
                  (l.weight.data[at(l.weight.shape, [...kpos, c, f])] as number);
            } else {
              const dm = l.depthMultiplier;
              const c = Math.floor(f / dm);
              acc +=
                (x[at(xs, [...ipos, c])] as number) *
                (l.weight.data[at(l.weight.shape, [...kpos, c, f % dm])] as number);
            }
          }
          if (l.kind === 'Pooling' && l.op === 'average') acc /= count;
          if (l.kind !== 'Pooling' && l.bias) acc += l.bias.data[f] as number;
          out[p * F + f] = acc;
        }
      }
      return out;
    }
    case 'ZeroPadding': {
      const r = l.rank;
      const C = xs[r] as number;
      for (let i = 0; i < x.length; i++) {
        const c = i % C;
        const pos =
          r === 1
            ? [Math.floor(i / C)]
            : [Math.floor(i / C / (xs[1] as number)), Math.floor(i / C) % (xs[1] as number)];
        out[at(os, [...pos.map((v, d) => v + (l.pads[2 * d] as number)), c])] = x[i] as number;
      }
      return out;
    }
    case 'BatchNormalization': {
      const C = l.scale.data.length;
      return x.map((v, i) => v * (l.scale.data[i % C] as number) + (l.bias.data[i % C] as number));
    }
    case 'PReLU':
      return x.map((v, i) => (v > 0 ? v : v * (l.alpha.data[i] as number)));
    case 'Activation':
      return x.map((v) => {
        switch (l.activation) {
          case 'sigmoid':
            return 1 / (1 + Math.exp(-v));
          case 'tanh':
            return Math.tanh(v);
          case 'elu':
            return v > 0 ? v : (l.alpha ?? 1) * (Math.exp(v) - 1);
          case 'leaky_relu':
            return v > 0 ? v : (l.alpha ?? 0.3) * v;
          case 'relu':
            return Math.max(0, v);
          default:
            throw new Error(l.activation);
        }
      });
    case 'Softmax': {
      const m = Math.max(...x);
      const e = x.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    }
    case 'Dense':
      for (let j = 0; j < l.nOut; j++) {
        let a = l.bias ? (l.bias.data[j] as number) : 0;
        for (let i = 0; i < l.nIn; i++) a += (x[i] as number) * (l.weight.data[i * l.nOut + j] as number);
        out[j] = a;
      }
      return out;
    case 'Reshape':
      return x;
    case 'Merge':
      return x.map((v, i) => v + ((ins[1] as Float64Array)[i % (ins[1] as Float64Array).length] as number));
    case 'Concatenate':
      return Float64Array.from([...x, ...(ins[1] as Float64Array)]);
    default:
      throw new Error(`no reference for ${l.kind}`);
  }
}

function run(g: ModelGraph, inputs: Float64Array[]): Float64Array[] {
  const vals = new Map<string, Float64Array>();
  const shapes = new Map<string, readonly number[]>();
  for (const l of g.layers) {
    const ins =
      l.kind === 'Input'
        ? [inputs[g.inputs.indexOf(l.name)] as Float64Array]
        : l.inputs.map((n) => vals.get(n) as Float64Array);
    const inShapes = l.inputs.map((n) => shapes.get(n) as readonly number[]);
    vals.set(l.name, l.kind === 'Input' ? (ins[0] as Float64Array) : forward(l, ins, inShapes));
    shapes.set(l.name, l.outputShape);
  }
  return g.outputs.map((o) => vals.get(o) as Float64Array);
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
