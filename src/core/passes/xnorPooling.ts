/**
 * xnor_pooling (hls4ml-facts.md §5.2, `quantization` flow, after merge_batch_norm_quantized_tanh): hls4ml's
 * XnorPrecisionType (the ap_uint<1> output of a binary BatchNormalizationQuantizedTanh) is propagated to
 * the output of a max Pooling / GlobalPooling that reads it, so the pooled 0/1 values stay XNOR. The
 * studio follows the XNOR tensors on through Reshape/Flatten, whose output hls4ml makes an in-place view
 * of its input (inplace_parallel_reshape, inplace_stream_flatten: same type), and marks every Dense reading one (DenseLayer.xnorInput): hls4ml
 * picks its product from the input type, data_binary (±w) or both_binary (a == w) with XNOR weights
 * (passes/denseProduct.ts); an io_parallel Conv takes data_binary the same way (ConvLayer.xnorInput).
 * Other readers (average pooling, …) see plain 0/1 values; io_stream, depthwise and separable
 * convolutions are reported, since hls4ml would use data_binary there too.
 */
import { makeInt } from '../fixed/types';
import type { DraftGraph, Pass, ReportBuilder } from './draft';

const XNOR = makeInt(1, false);

export const xnorPooling: Pass = {
  name: 'xnor_pooling',
  description:
    'Keep XNOR (ap_uint<1>) types through max pooling and flattening; Dense layers reading them use XNOR products.',
  run(g: DraftGraph, report: ReportBuilder): void {
    const xnor = new Set(
      g.layers
        .filter((d) => d.layer.kind === 'BatchNormalizationQuantizedTanh' && d.layer.quantize === 'binary')
        .map((d) => d.layer.name),
    );
    if (xnor.size === 0) return;
    for (const d of g.layers) {
      const layer = d.layer;
      if (!layer.inputs.some((n) => xnor.has(n))) continue;
      if ((layer.kind === 'Pooling' || layer.kind === 'GlobalPooling') && layer.op === 'max') {
        d.types['result_t'] = XNOR;
        d.typeOrigins['result_t'] = 'xnor_pooling: XNOR input';
        xnor.add(layer.name);
        report.change(layer.name, 'max pooling of XNOR values: output type ap_uint<1> (XNOR)');
      } else if (layer.kind === 'Reshape') {
        d.types['result_t'] = XNOR;
        d.typeOrigins['result_t'] = 'in-place reshape of an XNOR tensor';
        xnor.add(layer.name);
        report.change(layer.name, 'in-place view of an XNOR tensor: output type ap_uint<1> (XNOR)');
      } else if (layer.kind === 'Dense') {
        d.layer = { ...layer, xnorInput: true };
        report.change(
          layer.name,
          `XNOR input: product ${layer.weightEncoding === 'xnor' ? 'both_binary (a == w)' : 'data_binary (±w)'}`,
        );
      } else if (layer.kind === 'Conv' && g.config.ioType === 'io_parallel') {
        d.layer = { ...layer, xnorInput: true };
        report.change(layer.name, 'XNOR input: product data_binary (±w; a padded 0 gives −w)');
      } else if (layer.kind === 'Conv' || layer.kind === 'DepthwiseConv' || layer.kind === 'SeparableConv') {
        report.warn(
          layer.name,
          'reads XNOR values: hls4ml would use its data_binary product (±w); the studio multiplies the 0/1 values here',
        );
      }
    }
  },
};
