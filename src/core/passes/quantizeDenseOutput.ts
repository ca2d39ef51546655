/**
 * quantize_dense_output (hls4ml-facts.md §5.2, `quantization` flow, right after
 * merge_batch_norm_quantized_tanh): a BinaryDense / TernaryDense (hls4ml's BinaryQuantizer /
 * TernaryQuantizer weights) that reads a BatchNormalizationQuantizedTanh becomes an integer layer:
 *  - accum_t and result_t = int<⌈log2 n_in⌉ + 2> (the number of ±1 terms summed needs no more);
 *  - BinaryDense weights become XNOR (uint<1>, 1 for a weight > 0), TernaryDense weights stay int<2>;
 *  - the bias is dropped (zeros, in the weight's type);
 *  - a BatchNormalizationQuantizedTanh reading the layer gets its thresholds floored to integers
 *    (np.floor of the values already on the old input grid) and typed int<⌈log2 n_in⌉ + 2>.
 * QDense layers with binary/ternary kernels are not matched (hls4ml's QKeras quantizers are other classes).
 */
import { makeInt, type FixedType } from '../fixed/types';
import type { DenseLayer } from '../ir/graph';
import type { DraftGraph, Pass, ReportBuilder } from './draft';

const floorAll = (a: ArrayLike<number>): Float32Array => Float32Array.from(a, (v) => Math.floor(v));

export const quantizeDenseOutput: Pass = {
  name: 'quantize_dense_output',
  description:
    'BinaryDense / TernaryDense after a binary/ternary batch norm: integer accumulator and output, XNOR or int<2> weights, no bias.',
  run(g: DraftGraph, report: ReportBuilder): void {
    const bnq = new Set(
      g.layers.filter((d) => d.layer.kind === 'BatchNormalizationQuantizedTanh').map((d) => d.layer.name),
    );
    if (bnq.size === 0) return;
    for (const d of g.layers) {
      const layer = d.layer;
      if (layer.kind !== 'Dense' || !bnq.has(layer.inputs[0] ?? '')) continue;
      const op = layer.source.op;
      if (op !== 'BinaryDense' && op !== 'TernaryDense') continue;
      const out: FixedType = makeInt(Math.ceil(Math.log2(layer.nIn)) + 2);
      const w: FixedType = op === 'BinaryDense' ? makeInt(1, false) : makeInt(2);
      const dense: DenseLayer = {
        ...layer,
        bias: { shape: [layer.nOut], data: new Float32Array(layer.nOut) },
        ...(op === 'BinaryDense' ? { weightEncoding: 'xnor' as const } : {}),
      };
      d.layer = dense;
      const origin = 'quantize_dense_output';
      Object.assign(d.types, { accum_t: out, result_t: out, weight_t: w, bias_t: w });
      for (const s of ['accum_t', 'result_t', 'weight_t', 'bias_t']) d.typeOrigins[s] = origin;
      report.change(
        layer.name,
        `${op} after a binary/ternary batch norm: accum and result int<${out.width}>, ${op === 'BinaryDense' ? 'XNOR' : 'int<2>'} weights, bias dropped`,
      );
      for (const c of g.layers) {
        const next = c.layer;
        if (next.kind !== 'BatchNormalizationQuantizedTanh' || next.inputs[0] !== layer.name) continue;
        c.layer = {
          ...next,
          threshold: { shape: next.threshold.shape, data: floorAll(next.threshold.data) },
          thresholdLo: next.thresholdLo && {
            shape: next.thresholdLo.shape,
            data: floorAll(next.thresholdLo.data),
          },
        };
        for (const s of Object.keys(c.types)) {
          if (!s.startsWith('threshold')) continue;
          c.types[s] = out;
          c.typeOrigins[s] = `${origin}: the integer output of ${layer.name}`;
        }
        report.change(next.name, `thresholds floored to integers (int<${out.width}>) for ${layer.name}`);
      }
    }
  },
};
