/**
 * The float reference of any model: the IR graph run in float64 with the model's own float weights, for
 * every format (Keras, PyTorch, QONNX and ONNX alike). It computes what each layer means mathematically —
 * exact sigmoid/tanh/exp instead of tables, no quantization — with the same data layout as the emulator
 * (channels-last inside, the model's own layout at the inputs and outputs), so its per-layer values line
 * up with the emulator's traces one to one. A quantized model's own quantizers (QONNX Quant, QKeras, HGQ)
 * are applied in float (quantizers.ts), as QONNX's executor and QKeras' predict do: the reference is the
 * network that was trained, and what remains against the emulator is the design's own arithmetic.
 *
 * For ONNX files the studio prefers onnxruntime on the original bytes (an independent implementation);
 * this interpreter is the reference where no runtime can read the file.
 */
import { StudioError } from '../errors';
import { convAsDense, separableParts } from '../ir/convView';
import type {
  ActivationFn,
  ActivationLayer,
  ConvLayer,
  DenseLayer,
  DepthwiseConvLayer,
  Layer,
  ModelGraph,
  PoolingLayer,
  RecurrentLayer,
  BidirectionalLayer,
} from '../ir/graph';
import { im2colIndex } from '../emulate/conv';
import { concatShape } from '../emulate/merge';
import { gatherIndex } from '../emulate/reshape';
import { spatialDims, windowOf, windowPixel } from '../emulate/window';
import { outputQuantizer, withQuantizedParams } from './quantizers';

/** Rows × size values, row-major. */
export interface FloatBatch {
  readonly samples: number;
  readonly size: number;
  readonly data: Float64Array;
}

export interface FloatRun {
  /** One batch per model output, in the graph's output order. */
  readonly outputs: FloatBatch[];
  /** Every layer's output (when traced). */
  readonly layers: Map<string, FloatBatch>;
}

type Kernel = (inputs: readonly FloatBatch[]) => FloatBatch;

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function batch(samples: number, n: number): FloatBatch {
  return { samples, size: n, data: new Float64Array(samples * n) };
}

function map(x: FloatBatch, f: (v: number, i: number) => number): FloatBatch {
  const out = batch(x.samples, x.size);
  for (let i = 0; i < x.data.length; i++) out.data[i] = f(x.data[i]!, i % x.size);
  return out;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const SELU_LAMBDA = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

function activationFn(fn: ActivationFn, layer?: ActivationLayer): (v: number) => number {
  switch (fn) {
    case 'linear':
      return (v) => v;
    case 'relu':
      return layer?.maxValue !== undefined
        ? (v) => Math.min(Math.max(v, 0), layer.maxValue!)
        : (v) => Math.max(v, 0);
    case 'relu6':
      return (v) => Math.min(Math.max(v, 0), layer?.maxValue ?? 6);
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return Math.tanh;
    case 'softplus':
      return (v) => (v > 30 ? v : Math.log1p(Math.exp(v)));
    case 'softsign':
      return (v) => v / (1 + Math.abs(v));
    case 'elu': {
      const a = layer?.alpha ?? 1;
      return (v) => (v >= 0 ? v : a * Math.expm1(v));
    }
    case 'selu':
      return (v) => SELU_LAMBDA * (v >= 0 ? v : SELU_ALPHA * Math.expm1(v));
    case 'leaky_relu': {
      const a = layer?.alpha ?? 0.3;
      return (v) => (v >= 0 ? v : a * v);
    }
    case 'thresholded_relu': {
      const theta = layer?.theta ?? 1;
      return (v) => (v > theta ? v : 0);
    }
    case 'hard_sigmoid':
    case 'hard_tanh': {
      const slope = layer?.slope ?? 0.2;
      const shift = layer?.shift ?? 0.5;
      const tanh = fn === 'hard_tanh';
      return (v) => {
        const t = Math.min(Math.max(slope * v + shift, 0), 1);
        return tanh ? 2 * t - 1 : t;
      };
    }
    case 'binary_tanh':
      return (v) => (v >= 0 ? 1 : -1);
    case 'ternary_tanh':
      return (v) => (v > 0.5 ? 1 : v > -0.5 ? 0 : -1);
  }
}

/** y[j] = b[j] + Σ_i x[i]·w[i·nOut + j] for each row of nIn values. */
function denseRows(
  x: Float64Array,
  rows: number,
  nIn: number,
  nOut: number,
  w: ArrayLike<number>,
  bias: ArrayLike<number> | null,
): Float64Array {
  const out = new Float64Array(rows * nOut);
  for (let r = 0; r < rows; r++) {
    const xo = r * nIn;
    const oo = r * nOut;
    for (let j = 0; j < nOut; j++) out[oo + j] = bias ? bias[j]! : 0;
    for (let i = 0; i < nIn; i++) {
      const v = x[xo + i]!;
      if (v === 0) continue;
      const wo = i * nOut;
      for (let j = 0; j < nOut; j++) out[oo + j] = out[oo + j]! + v * w[wo + j]!;
    }
  }
  return out;
}

function dense(layer: DenseLayer): Kernel {
  return ([x]) => {
    const rows = (x!.samples * x!.size) / layer.nIn;
    const data = denseRows(x!.data, rows, layer.nIn, layer.nOut, layer.weight.data, layer.bias?.data ?? null);
    return { samples: x!.samples, size: data.length / x!.samples, data };
  };
}

function conv(layer: ConvLayer, inShape: readonly number[]): Kernel {
  const idx = im2colIndex(layer, inShape);
  const d = convAsDense(layer);
  const pixels = idx.length / d.nIn;
  return ([x]) => {
    const col = new Float64Array(x!.samples * idx.length);
    for (let s = 0; s < x!.samples; s++) {
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!;
        col[s * idx.length + k] = i < 0 ? 0 : x!.data[s * x!.size + i]!;
      }
    }
    const data = denseRows(col, x!.samples * pixels, d.nIn, d.nOut, d.weight.data, d.bias?.data ?? null);
    return { samples: x!.samples, size: pixels * d.nOut, data };
  };
}

function depthwise(layer: DepthwiseConvLayer, inShape: readonly number[]): Kernel {
  const g = windowOf(layer, inShape);
  const C = layer.nChan;
  const dm = layer.depthMultiplier;
  const pixels = g.outH * g.outW;
  const w = layer.weight.data;
  const b = layer.bias?.data;
  return ([x]) => {
    const outSize = pixels * C * dm;
    const out = batch(x!.samples, outSize);
    for (let s = 0; s < x!.samples; s++) {
      let p = 0;
      for (let oy = 0; oy < g.outH; oy++) {
        for (let ox = 0; ox < g.outW; ox++, p++) {
          for (let c = 0; c < C; c++) {
            for (let m = 0; m < dm; m++) {
              let acc = b ? b[c * dm + m]! : 0;
              let k = 0;
              for (let ky = 0; ky < g.kh; ky++) {
                for (let kx = 0; kx < g.kw; kx++, k++) {
                  const px = windowPixel(g, oy, ox, ky, kx);
                  if (px >= 0) acc += x!.data[s * x!.size + px * C + c]! * w[(k * C + c) * dm + m]!;
                }
              }
              out.data[s * outSize + (p * C + c) * dm + m] = acc;
            }
          }
        }
      }
    }
    return out;
  };
}

function pooling(layer: PoolingLayer, inShape: readonly number[]): Kernel {
  const g = windowOf(layer, inShape);
  const C = g.chan;
  const outSize = g.outH * g.outW * C;
  return ([x]) => {
    const out = batch(x!.samples, outSize);
    for (let s = 0; s < x!.samples; s++) {
      let p = 0;
      for (let oy = 0; oy < g.outH; oy++) {
        for (let ox = 0; ox < g.outW; ox++, p++) {
          for (let c = 0; c < C; c++) {
            let acc = layer.op === 'max' ? -Infinity : 0;
            let count = 0;
            let cells = 0;
            for (let ky = 0; ky < g.kh; ky++) {
              for (let kx = 0; kx < g.kw; kx++) {
                cells++;
                const px = windowPixel(g, oy, ox, ky, kx);
                if (px < 0) continue;
                const v = x!.data[s * x!.size + px * C + c]!;
                count++;
                acc = layer.op === 'max' ? Math.max(acc, v) : acc + v;
              }
            }
            if (layer.op === 'average') acc /= layer.countPad ? cells : Math.max(count, 1);
            out.data[s * outSize + p * C + c] = acc;
          }
        }
      }
    }
    return out;
  };
}

/** LSTM / GRU / SimpleRNN with the emulator's gate order and conventions (emulate/recurrent.ts). */
function recurrent(layer: RecurrentLayer, inShape: readonly number[]): Kernel {
  const units = layer.units;
  const gates = layer.kind === 'LSTM' ? 4 : layer.kind === 'GRU' ? 3 : 1;
  const G = gates * units;
  const nIn = inShape[inShape.length - 1] ?? 1;
  const steps = size(inShape) / nIn;
  const W = layer.kernel.data;
  const U = layer.recurrentKernel.data;
  const bias = layer.bias?.data;
  const rbias = layer.recurrentBias?.data;
  const act = activationFn(layer.activation);
  const ract = activationFn(layer.recurrentActivation);
  const outSize = layer.returnSequences ? steps * units : units;
  return ([x]) => {
    const out = batch(x!.samples, outSize);
    for (let s = 0; s < x!.samples; s++) {
      let h = new Float64Array(units);
      let c = new Float64Array(units);
      for (let step = 0; step < steps; step++) {
        const xs = x!.data.subarray(s * x!.size + step * nIn, s * x!.size + (step + 1) * nIn);
        const zx = denseRows(xs, 1, nIn, G, W, bias ?? null);
        const zh = denseRows(h, 1, units, G, U, rbias ?? null);
        const hn = new Float64Array(units);
        if (layer.kind === 'SimpleRNN') {
          for (let j = 0; j < units; j++) hn[j] = act(zx[j]! + zh[j]!);
        } else if (layer.kind === 'LSTM') {
          const cn = new Float64Array(units);
          for (let j = 0; j < units; j++) {
            const pre = (g: number): number => zx[g * units + j]! + zh[g * units + j]!;
            cn[j] = ract(pre(1)) * c[j]! + ract(pre(0)) * act(pre(2));
            hn[j] = ract(pre(3)) * act(cn[j]!);
          }
          c = cn;
        } else {
          const z = Array.from({ length: units }, (_, j) => ract(zx[j]! + zh[j]!));
          const r = Array.from({ length: units }, (_, j) => ract(zx[units + j]! + zh[units + j]!));
          for (let j = 0; j < units; j++) {
            let pn: number;
            if (layer.resetAfter) pn = zx[2 * units + j]! + r[j]! * zh[2 * units + j]!;
            else {
              let a = rbias ? rbias[2 * units + j]! : 0;
              for (let k = 0; k < units; k++) a += r[k]! * h[k]! * U[k * G + 2 * units + j]!;
              pn = zx[2 * units + j]! + a;
            }
            hn[j] = (1 - z[j]!) * act(pn) + z[j]! * h[j]!;
          }
        }
        h = hn;
        if (layer.returnSequences || step === steps - 1) {
          out.data.set(h, s * outSize + (layer.returnSequences ? step * units : 0));
        }
      }
    }
    return out;
  };
}

/**
 * Keras Bidirectional: the backward direction reads the input reversed in time and its sequence output
 * is put back in input order; concat gives [fwd, bwd] per time step, sum/mul/ave combine element-wise.
 */
function bidirectional(layer: BidirectionalLayer, inShape: readonly number[]): Kernel {
  const seq = layer.returnSequences;
  const fwd = recurrent({ ...layer.forward, returnSequences: seq }, inShape);
  const bwd = recurrent({ ...layer.backward, returnSequences: seq }, inShape);
  const nIn = inShape[inShape.length - 1] ?? 1;
  const steps = size(inShape) / nIn;
  const fu = layer.forward.units;
  const bu = layer.backward.units;
  const rows = seq ? steps : 1;
  const concat = layer.mergeMode === 'concat';
  const width = concat ? fu + bu : fu;
  return ([x]) => {
    const rev = batch(x!.samples, x!.size);
    for (let s = 0; s < x!.samples; s++)
      for (let t = 0; t < steps; t++)
        for (let i = 0; i < nIn; i++)
          rev.data[s * x!.size + t * nIn + i] = x!.data[s * x!.size + (steps - 1 - t) * nIn + i]!;
    const f = fwd([x!]);
    const b = bwd([rev]);
    const out = batch(x!.samples, rows * width);
    for (let s = 0; s < x!.samples; s++)
      for (let t = 0; t < rows; t++) {
        const bt = seq ? steps - 1 - t : 0;
        const o = s * rows * width + t * width;
        const fAt = (j: number): number => f.data[s * f.size + t * fu + j]!;
        const bAt = (j: number): number => b.data[s * b.size + bt * bu + j]!;
        for (let j = 0; j < width; j++) {
          if (concat) out.data[o + j] = j < fu ? fAt(j) : bAt(j - fu);
          else if (layer.mergeMode === 'sum') out.data[o + j] = fAt(j) + bAt(j);
          else if (layer.mergeMode === 'mul') out.data[o + j] = fAt(j) * bAt(j);
          else out.data[o + j] = (fAt(j) + bAt(j)) / 2;
        }
      }
    return out;
  };
}

function kernelOf(layer: Layer, inShapes: readonly (readonly number[])[]): Kernel {
  const inShape = inShapes[0] ?? [];
  const n = size(layer.outputShape);
  switch (layer.kind) {
    case 'Input':
      return ([x]) => x!;
    case 'TimeDistributed': {
      // The wrapped layer on each time step: the batch read as [samples·T, step] and back.
      const T = layer.timeSteps;
      const k = kernelOf(layer.inner, [inShape.slice(1)]);
      return ([x]) => {
        const y = k([{ ...x!, samples: x!.samples * T, size: x!.size / T }]);
        return { ...y, samples: y.samples / T, size: y.size * T };
      };
    }
    case 'UnaryLUT': {
      // HGQ's own float lookup: round(x·2^f) mod N indexes the table (f from kif_in).
      const f = layer.kifIn?.[2];
      if (f === undefined) {
        throw new StudioError(
          `no float reference for the UnaryLUT layer '${layer.name}': its input's fractional bits are unknown`,
          'The fixed-point emulation still works.',
          { node: layer.name, op: layer.source.op },
        );
      }
      const t = layer.table.data;
      const n = t.length;
      return ([x]) => map(x!, (v) => t[(((Math.round(v * 2 ** f) % n) + n) % n) as number]!);
    }
    case 'Dense':
      return dense(layer);
    case 'Conv':
      return conv(layer, inShape);
    case 'DepthwiseConv':
      return depthwise(layer, inShape);
    case 'SeparableConv': {
      const { dw, pw } = separableParts(layer);
      const first = depthwise(dw, inShape);
      const mid = windowOf(dw, inShape);
      const second = conv(
        pw,
        [mid.outH, mid.outW, layer.nChan * layer.depthMultiplier].slice(layer.rank === 1 ? 1 : 0),
      );
      return (xs) => second([first(xs)]);
    }
    case 'Activation': {
      const f = activationFn(layer.activation, layer);
      return ([x]) => map(x!, f);
    }
    case 'PReLU': {
      const a = layer.alpha.data;
      return ([x]) => map(x!, (v, i) => (v >= 0 ? v : a[i % a.length]! * v));
    }
    case 'Softmax':
      return ([x]) => {
        const last = layer.outputShape[layer.outputShape.length - 1] ?? 1;
        const out = batch(x!.samples, x!.size);
        for (let r = 0; r < x!.data.length; r += last) {
          let m = -Infinity;
          for (let k = 0; k < last; k++) m = Math.max(m, x!.data[r + k]!);
          let sum = 0;
          for (let k = 0; k < last; k++) sum += out.data[r + k] = Math.exp(x!.data[r + k]! - m);
          for (let k = 0; k < last; k++) out.data[r + k]! /= sum;
        }
        return out;
      };
    case 'BatchNormalization': {
      const sc = layer.scale.data;
      const b = layer.bias.data;
      return ([x]) => map(x!, (v, i) => v * sc[i % sc.length]! + b[i % b.length]!);
    }
    case 'LayerNormalization': {
      const last = layer.outputShape[layer.outputShape.length - 1] ?? 1;
      return ([x]) => {
        const out = batch(x!.samples, x!.size);
        for (let r = 0; r < x!.data.length; r += last) {
          let mean = 0;
          for (let k = 0; k < last; k++) mean += x!.data[r + k]!;
          mean /= last;
          let v = 0;
          for (let k = 0; k < last; k++) v += (x!.data[r + k]! - mean) ** 2;
          const inv = 1 / Math.sqrt(v / last + layer.epsilon);
          for (let k = 0; k < last; k++)
            out.data[r + k] = (x!.data[r + k]! - mean) * inv * layer.gamma.data[k]! + layer.beta.data[k]!;
        }
        return out;
      };
    }
    case 'Merge': {
      const f: Record<typeof layer.op, (a: number, b: number) => number> = {
        add: (a, b) => a + b,
        subtract: (a, b) => a - b,
        multiply: (a, b) => a * b,
        average: (a, b) => (a + b) / 2,
        maximum: Math.max,
        minimum: Math.min,
      };
      const op = f[layer.op];
      return ([a, b]) => mergeRows(a!, b!, n, op);
    }
    case 'Concatenate': {
      const cs = concatShape(inShapes[0] ?? [], inShapes[1] ?? [], layer.axis);
      return ([a, b]) => {
        const out = batch(a!.samples, n);
        for (let s = 0; s < a!.samples; s++) {
          let o = s * n;
          for (let r = 0; r < cs.nOuter; r++) {
            for (let k = 0; k < cs.n1; k++) out.data[o++] = a!.data[s * a!.size + r * cs.n1 + k]!;
            for (let k = 0; k < cs.n2; k++) out.data[o++] = b!.data[s * b!.size + r * cs.n2 + k]!;
          }
        }
        return out;
      };
    }
    case 'Dot':
      return ([a, b]) => {
        const out = batch(a!.samples, 1);
        for (let s = 0; s < a!.samples; s++) {
          let acc = 0;
          for (let i = 0; i < a!.size; i++) acc += a!.data[s * a!.size + i]! * b!.data[s * b!.size + i]!;
          out.data[s] = acc;
        }
        return out;
      };
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize': {
      const idx = gatherIndex(layer, inShape);
      return ([x]) => {
        const out = batch(x!.samples, idx.length);
        for (let s = 0; s < x!.samples; s++)
          for (let k = 0; k < idx.length; k++) {
            const i = idx[k]!;
            out.data[s * idx.length + k] = i < 0 ? 0 : x!.data[s * x!.size + i]!;
          }
        return out;
      };
    }
    case 'Embedding': {
      const w = layer.weight.data;
      return ([x]) => {
        const out = batch(x!.samples, x!.size * layer.nOut);
        for (let i = 0; i < x!.data.length; i++) {
          const row = Math.min(Math.max(Math.trunc(x!.data[i]!), 0), layer.vocab - 1);
          for (let k = 0; k < layer.nOut; k++) out.data[i * layer.nOut + k] = w[row * layer.nOut + k]!;
        }
        return out;
      };
    }
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return recurrent(layer, inShape);
    case 'Bidirectional':
      return bidirectional(layer, inShape);
    case 'GlobalPooling': {
      const [h, w, chan] = spatialDims(inShape, layer.rank, layer);
      const cells = h * w;
      return ([x]) => {
        const out = batch(x!.samples, chan);
        for (let s = 0; s < x!.samples; s++)
          for (let c = 0; c < chan; c++) {
            let acc = layer.op === 'max' ? -Infinity : 0;
            for (let p = 0; p < cells; p++) {
              const v = x!.data[s * x!.size + p * chan + c]!;
              acc = layer.op === 'max' ? Math.max(acc, v) : acc + v;
            }
            out.data[s * chan + c] = layer.op === 'max' ? acc : acc / cells;
          }
        return out;
      };
    }
    case 'Pooling':
      return pooling(layer, inShape);
    default: {
      const kind = (layer as { kind: string }).kind;
      // Quantizer layers of quantized formats (e.g. HGQ's FixedPointQuantizer) pass values through.
      if (/quantizer/i.test(kind)) return ([x]) => x!;
      throw new StudioError(
        `no float reference for the ${kind} layer '${layer.name}'`,
        'The fixed-point emulation still works.',
        {
          node: layer.name,
          op: kind,
        },
      );
    }
  }
}

/** Element-wise merge of `n` outputs; a smaller operand repeats (a broadcast constant), as in merge.ts. */
function mergeRows(
  a: FloatBatch,
  b: FloatBatch,
  n: number,
  op: (x: number, y: number) => number,
): FloatBatch {
  const out = batch(a.samples, n);
  for (let s = 0; s < a.samples; s++)
    for (let i = 0; i < n; i++)
      out.data[s * n + i] = op(a.data[s * a.size + (i % a.size)]!, b.data[s * b.size + (i % b.size)]!);
  return out;
}

/**
 * Prepare the graph once; the returned function runs rows (all model inputs flattened and concatenated,
 * as the emulator takes them). With `trace`, every layer's output is kept.
 */
export function prepareFloatReference(
  graph: ModelGraph,
  /** Apply the model's own quantizers in float (quantizers.ts); false gives the unquantized network. */
  quantizers = true,
): (rows: readonly (readonly number[])[], trace?: boolean) => FloatRun {
  const shapes = new Map(graph.layers.map((l) => [l.name, l.outputShape]));
  const kernels = graph.layers.map((l) => {
    const inShapes = l.inputs.map((i) => shapes.get(i) ?? []);
    const run = kernelOf(quantizers ? withQuantizedParams(l) : l, inShapes);
    const q = quantizers ? outputQuantizer(l) : null;
    if (!q) return { layer: l, run, input: null };
    // Quantized into a copy: an identity kernel returns its input batch itself.
    const quantized = (y: FloatBatch): FloatBatch => {
      const out = { samples: y.samples, size: y.size, data: Float64Array.from(y.data) };
      q(out.data, out.size);
      return out;
    };
    return { layer: l, run: ((inputs) => quantized(run(inputs))) as Kernel, input: quantized };
  });
  const inputSizes = graph.inputs.map((name) => size(shapes.get(name) ?? []));
  return (rows, trace = false) => {
    const samples = rows.length;
    const values = new Map<string, FloatBatch>();
    let offset = 0;
    graph.inputs.forEach((name, k) => {
      const n = inputSizes[k]!;
      const b = batch(samples, n);
      rows.forEach((r, s) => {
        for (let i = 0; i < n; i++) b.data[s * n + i] = r[offset + i] ?? 0;
      });
      values.set(name, b);
      offset += n;
    });
    const uses = new Map<string, number>();
    for (const l of graph.layers) for (const i of l.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
    const outputs = new Set(graph.outputs);
    const layers = new Map<string, FloatBatch>();
    for (const k of kernels) {
      const { layer, run } = k;
      if (layer.kind !== 'Input') values.set(layer.name, run(layer.inputs.map((i) => values.get(i)!)));
      else if (k.input) values.set(layer.name, k.input(values.get(layer.name)!));
      if (trace) layers.set(layer.name, values.get(layer.name)!);
      // Free what no later layer reads (large images), unless it is an output.
      for (const i of layer.inputs) {
        const left = (uses.get(i) ?? 1) - 1;
        uses.set(i, left);
        if (left === 0 && !outputs.has(i) && !trace) values.delete(i);
      }
    }
    return { outputs: graph.outputs.map((o) => values.get(o)!), layers };
  };
}
