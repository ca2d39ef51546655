/** firmware/<project>.cpp and firmware/<project>.h: the top-level function, io_parallel style. */
import { unsupportedKind } from '../../ir/kinds';
import { commentText } from '../sanitize';
import type { PlannedLayer, PlannedTensor, VivadoPlan } from './plan';
import { cppBanner, fileText, layerComment } from './text';
import { activationName } from './writeParameters';
import { spatialCall } from './spatial';
import { isParamActivation, paramActivationCall } from './paramActivations';
import { preluCall, twoInputCall } from './merge';
import { embeddingCall } from './embedding';
import { fixedPointQuantizerCall } from './fixedPointQuantizer';
import { unaryLutCall } from './unaryLut';
import { timeDistributedCall } from './timeDistributed';
import { recurrentCall } from './recurrent';
import { bidirectionalCall } from './bidirectional';
import { layerNormCall } from './layernorm';
import { bnQuantizedTanhCall } from './bnQuantizedTanh';
import { isStream, streamArgument, streamTopBody, writeTopStreamSource } from './stream';

function signature(plan: VivadoPlan): string[] {
  const port = (t: PlannedTensor): string =>
    isStream(plan) ? `    ${streamArgument(t)}` : `    ${t.typeName} ${t.varName}[${t.sizeExpr}]`;
  const args = [...plan.inputs.map(port), ...plan.outputs.map(port)];
  return [`void ${plan.projectName}(`, ...args.map((a, i) => (i < args.length - 1 ? `${a},` : a)), ')'];
}

function call(p: PlannedLayer): string {
  if (p.timeDistributed) return timeDistributedCall(p, call(p.timeDistributed.step));
  const input = p.input as PlannedTensor;
  const types = `${input.typeName}, ${p.output.typeName}, ${p.configName}`;
  const io = `${input.varName}, ${p.output.varName}`;
  switch (p.lowered.kind) {
    case 'Input':
      return '';
    case 'Dense':
      return `nnet::dense<${types}>(${io}, ${p.weightVar}, ${p.biasVar});`;
    case 'Activation':
      if (p.lowered.layer.kind === 'Activation' && isParamActivation(p.lowered.layer)) {
        return paramActivationCall(p, types, input.varName, p.output.varName);
      }
      return `nnet::${activationName(p)}<${types}>(${io});`;
    case 'Softmax':
      return `nnet::softmax<${types}>(${io});`;
    case 'PReLU':
      return preluCall(p);
    case 'Embedding':
      return embeddingCall(p);
    case 'FixedPointQuantizer':
      return fixedPointQuantizerCall(p);
    case 'UnaryLUT':
      return unaryLutCall(p);
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return recurrentCall(p);
    case 'Bidirectional':
      return bidirectionalCall(p);
    case 'LayerNormalization':
      return layerNormCall(p);
    case 'BatchNormalizationQuantizedTanh':
      return bnQuantizedTanhCall(p, types, io);
    case 'Merge':
    case 'Concatenate':
    case 'Dot':
      return twoInputCall(p);
    case 'Conv':
    case 'DepthwiseConv':
    case 'SeparableConv':
    case 'Pooling':
    case 'GlobalPooling':
    case 'BatchNormalization':
    case 'Reshape':
    case 'Transpose':
    case 'ZeroPadding':
    case 'Cropping':
    case 'Resize':
      return spatialCall(p, types, io);
    default:
      throw unsupportedKind(p.lowered.layer, 'vivado');
  }
}

/**
 * hls4ml's Trace: in C simulation only, a traced layer's output goes to tb_data/<cppName>_trace.log
 * (nnet_trace.h; the testbench turns the writing on). cppName is the sanitized identifier.
 */
function traceLines(p: PlannedLayer): string[] {
  if (!p.lowered.trace) return [];
  const o = p.output;
  return [
    '#ifndef __SYNTHESIS__',
    `    nnet::trace_output("${p.lowered.cppName}", ${o.varName}, ${o.sizeExpr});`,
    '#endif',
  ];
}

export function writeTopSource(plan: VivadoPlan): string {
  if (isStream(plan)) return writeTopStreamSource(plan, signature(plan), streamTopBody(plan, call));
  const ports = [...plan.inputs, ...plan.outputs];
  const outputs = new Set(plan.outputs);
  const body: string[] = [];
  for (const p of plan.layers) {
    if (p.lowered.kind === 'Input') continue;
    body.push(`    ${layerComment(p.index, p.comment, p.lowered.kind)}`);
    if (!outputs.has(p.output)) {
      body.push(`    ${p.output.typeName} ${p.output.varName}[${p.output.sizeExpr}];`);
      body.push(`    #pragma HLS ARRAY_PARTITION variable=${p.output.varName} complete dim=0`);
    }
    body.push(`    ${call(p)}`, ...traceLines(p), '');
  }
  const schedule =
    plan.pipeline.kind === 'dataflow'
      ? '    #pragma HLS DATAFLOW'
      : plan.pipeline.ii === null
        ? '    #pragma HLS PIPELINE'
        : `    #pragma HLS PIPELINE II=${plan.pipeline.ii}`;
  return fileText([
    ...cppBanner(plan.projectName, 'top-level function'),
    `// model: ${commentText(plan.lowered.graph.name)} (${commentText(plan.lowered.graph.format)})`,
    '',
    `#include "${plan.projectName}.h"`,
    '#include "parameters.h"',
    ...(plan.layers.some((p) => p.lowered.trace && p.lowered.kind !== 'Input')
      ? ['#include "nnet_utils/nnet_trace.h"']
      : []),
    '',
    ...signature(plan),
    '{',
    '    // Every port is a fully partitioned array (io_parallel).',
    ...plan.inputs.map((t) => `    #pragma HLS ARRAY_RESHAPE variable=${t.varName} complete dim=0`),
    ...plan.outputs.map((t) => `    #pragma HLS ARRAY_PARTITION variable=${t.varName} complete dim=0`),
    `    #pragma HLS INTERFACE ap_vld port=${ports.map((t) => t.varName).join(',')}`,
    schedule,
    '',
    ...body,
    '}',
  ]);
}

export function writeTopHeader(plan: VivadoPlan): string {
  return fileText([
    ...cppBanner(plan.projectName, 'prototype of the top-level function'),
    '#ifndef NNET_PROJECT_TOP_H_',
    '#define NNET_PROJECT_TOP_H_',
    '',
    '#include "ap_fixed.h"',
    '#include "ap_int.h"',
    ...(isStream(plan) ? ['#include "hls_stream.h"'] : []),
    '',
    '#include "defines.h"',
    '',
    '// Top-level function for C synthesis',
    `${signature(plan).join('\n')};`,
    '',
    '#endif',
  ]);
}
