/**
 * io_stream for the Vivado (and Vitis) writer: which layers can stream, the word layout of each tensor,
 * and the top function / testbench pieces that differ from io_parallel.
 *
 * A tensor travels as words of nnet::array<T, pack>: one pixel's channels (pack = the last axis) for a
 * tensor of two or more axes, the whole vector for a 1-d one — the layout of hls4ml's io_stream, and
 * the one set_fifo_depths counts its depths in. The stream kernels (hls/nnet_utils/*_stream.h) compute
 * every value with the io_parallel arithmetic, except where hls4ml's io_stream kernels differ (pooling,
 * global pooling, average, selu, ternary_tanh, broadcasting merges), which the emulator follows when the
 * config says io_stream.
 */
import { StudioError } from '../../errors';
import { hlsClassOf } from '../../ir/kinds';
import { streamPoolingFits } from '../../emulate/poolingStream';
import { streamBroadcastOf, streamBroadcastType } from '../../emulate/broadcastStream';
import { toApType } from '../../fixed/format';
import type { LayerKind } from '../../ir/graph';
import type { LoweredGraph, LoweredLayer } from '../../passes/lowered';
import { commentText } from '../sanitize';
import type { PlannedLayer, PlannedTensor, VivadoPlan } from './plan';
import { cppBanner, fileText, layerComment } from './text';

export function isStream(plan: VivadoPlan): boolean {
  return plan.lowered.config.ioType === 'io_stream';
}

/** Kinds with a stream kernel. */
const STREAM_KINDS: ReadonlySet<LayerKind> = new Set<LayerKind>([
  'Input',
  'Dense',
  'Activation',
  'Softmax',
  'PReLU',
  'BatchNormalization',
  'BatchNormalizationQuantizedTanh',
  'Merge',
  'Concatenate',
  'Dot',
  'Conv',
  'DepthwiseConv',
  'SeparableConv',
  'Pooling',
  'GlobalPooling',
  'Reshape',
  'Transpose',
  'Resize',
  'ZeroPadding',
  'Cropping',
  'Embedding',
  'LSTM',
  'GRU',
  'UnaryLUT',
]);

/** Kinds hls4ml's Vivado/Vitis backend does not stream either (no io_stream overload in its templates). */
const NOT_STREAMED_BY_HLS4ML: Readonly<Partial<Record<LayerKind, string>>> = {
  LayerNormalization: 'its nnet_layernorm.h has no io_stream kernel',
  SimpleRNN: 'its Vivado/Vitis templates have no SimpleRNN kernel at all',
  FixedPointQuantizer: 'its HGQ quantizer pass accepts io_parallel only',
  Bidirectional: 'its validate_bidirectional_io_type refuses io_stream',
};

/** Stream headers per kind (nnet_stream.h comes with every io_stream project). */
const STREAM_HEADERS: Readonly<Partial<Record<LayerKind, string>>> = {
  Dense: 'nnet_dense_stream.h',
  Activation: 'nnet_activation_stream.h',
  Softmax: 'nnet_activation_stream.h',
  PReLU: 'nnet_activation_stream.h',
  BatchNormalization: 'nnet_batchnorm_stream.h',
  BatchNormalizationQuantizedTanh: 'nnet_batchnorm_quantized_tanh_stream.h',
  Merge: 'nnet_merge_stream.h',
  Concatenate: 'nnet_merge_stream.h',
  Dot: 'nnet_merge_stream.h',
  Conv: 'nnet_conv_stream.h',
  DepthwiseConv: 'nnet_conv_stream.h',
  SeparableConv: 'nnet_conv_stream.h',
  Pooling: 'nnet_pooling_stream.h',
  GlobalPooling: 'nnet_pooling_stream.h',
  Transpose: 'nnet_transpose_stream.h',
  Resize: 'nnet_transpose_stream.h',
  ZeroPadding: 'nnet_padding_stream.h',
  Cropping: 'nnet_padding_stream.h',
  Embedding: 'nnet_embed_stream.h',
  UnaryLUT: 'nnet_unary_lut_stream.h',
  LSTM: 'nnet_recurrent_stream.h',
  GRU: 'nnet_recurrent_stream.h',
};

function refuse(l: LoweredLayer, what: string): StudioError {
  return new StudioError(what, 'Choose io_parallel for this model (Model settings → IO type).', {
    node: l.name,
    op: l.layer.source.op,
  });
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Values per word of a tensor of this shape. */
export function packOfShape(shape: readonly number[]): number {
  return shape.length > 1 ? shape[shape.length - 1]! : product(shape);
}

/**
 * Refuses, with the layer and kind named, every layer io_stream cannot generate. Called by planProject
 * before anything is written.
 */
export function checkStreamSupport(g: LoweredGraph): void {
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  const shapeOf = (n: string): readonly number[] => byName.get(n)?.outputShape ?? [];
  for (const l of g.layers) {
    const layer = l.layer;
    const notInHls4ml = NOT_STREAMED_BY_HLS4ML[l.kind];
    if (notInHls4ml) {
      throw refuse(
        l,
        `${hlsClassOf(layer)} layers have no io_stream implementation: hls4ml does not support them in io_stream either (${notInHls4ml})`,
      );
    }
    if (!STREAM_KINDS.has(l.kind)) {
      throw refuse(l, `${hlsClassOf(layer)} layers have no io_stream implementation yet`);
    }
    const outPack = packOfShape(l.outputShape);
    const inShape = l.inputs.length > 0 ? shapeOf(l.inputs[0]!) : [];
    const b = layer.kind === 'Merge' ? shapeOf(l.inputs[1] ?? '') : [];
    const broadcast = layer.kind === 'Merge' ? streamBroadcastOf(inShape, b) : null;
    if (broadcast === 'unsupported') {
      throw refuse(
        l,
        `an io_stream merge broadcasts only (1, 1, C) or (H, W, 1) to (H, W, C), as hls4ml's broadcast_stream; no broadcasting of [${inShape.join(', ')}] and [${b.join(', ')}]`,
      );
    }
    if (broadcast) streamBroadcastType(g.config.model.precision.default, l.name);
    if (layer.kind === 'Merge' && !broadcast) {
      if (product(inShape) !== product(l.outputShape) || product(b) !== product(l.outputShape)) {
        throw refuse(l, 'an io_stream merge needs two inputs of the output shape (no broadcasting)');
      }
      if (packOfShape(inShape) !== outPack || packOfShape(b) !== outPack) {
        throw refuse(l, 'an io_stream merge needs inputs with the same last axis as its output');
      }
    }
    if (layer.kind === 'Pooling' && !streamPoolingFits(layer, inShape)) {
      throw refuse(
        l,
        'io_stream pooling needs windows without padding and a stride equal to the window (as hls4ml)',
      );
    }
    if ((layer.kind === 'LSTM' || layer.kind === 'GRU') && inShape.length !== 2) {
      throw refuse(
        l,
        `an io_stream ${layer.kind} reads one timestep per word: its input must be [timesteps, features]`,
      );
    }
    if (layer.kind === 'Dot' && inShape.length > 1) {
      throw refuse(l, 'an io_stream Dot takes two 1-d vectors');
    }
    if (layer.kind === 'BatchNormalization') {
      const n = layer.scale.data.length;
      if (n === 0 || (packOfShape(inShape) % n !== 0 && n !== product(l.outputShape))) {
        throw refuse(l, `an io_stream batch norm needs one scale per channel or per value (${n} scales)`);
      }
    }
    if (layer.kind === 'BatchNormalizationQuantizedTanh') {
      const n = layer.threshold.data.length;
      if (n === 0 || (packOfShape(inShape) % n !== 0 && n !== product(l.outputShape))) {
        throw refuse(
          l,
          `an io_stream ${layer.quantize} tanh batch norm needs one threshold per channel (${n})`,
        );
      }
    }
    if (layer.kind === 'PReLU') {
      const n = layer.alpha.data.length;
      if (n !== 1 && n !== product(l.outputShape)) {
        throw refuse(l, `an io_stream PReLU needs one alpha or one per value (${n} alphas)`);
      }
    }
    if (l.kind !== 'Input' && l.fifoDepth === null) {
      throw new StudioError(
        'the io_stream FIFO depth of this layer is not set',
        'This is a bug in HLS Studio: the set_fifo_depths pass did not run.',
        { node: l.name, op: l.kind },
      );
    }
  }
}

/** Values per word of a planned tensor, as a C++ expression and a number. */
export function packOf(t: PlannedTensor): { expr: string; value: number } {
  if (t.macros.length > 1) {
    const m = t.macros[t.macros.length - 1]!;
    return { expr: m.name, value: m.value };
  }
  return { expr: t.sizeExpr, value: t.size };
}

/** Words per sample of a planned tensor. */
export function wordsOf(t: PlannedTensor): number {
  return t.size / packOf(t).value;
}

/** The #include lines of the stream kernels the project uses. */
export function streamIncludes(plan: VivadoPlan): string[] {
  const out = new Set<string>(['nnet_stream.h']);
  for (const p of plan.layers) {
    const h = STREAM_HEADERS[p.lowered.kind];
    if (h) out.add(h);
  }
  return [...out].sort().map((h) => `#include "nnet_utils/${h}"`);
}

/** A top-function argument: an AXI stream of words. */
export function streamArgument(t: PlannedTensor): string {
  return `hls::stream<${t.typeName}> &${t.varName}`;
}

function streamDecl(typeName: string, varName: string, depth: number): string[] {
  return [
    `    hls::stream<${typeName}> ${varName}("${varName}");`,
    `    #pragma HLS STREAM variable=${varName} depth=${depth}`,
  ];
}

/**
 * The body of the io_stream top function: one stream per layer output with its set_fifo_depths depth,
 * the layer calls of io_parallel (the stream kernels overload the same names), and a clone_stream
 * wherever a tensor feeds more than one reader (a stream can be read once).
 */
export function streamTopBody(plan: VivadoPlan, call: (p: PlannedLayer) => string): string[] {
  const outputs = new Set(plan.outputs);
  // Readers of each tensor, in call order (a layer reading one tensor twice counts twice).
  const readers = new Map<PlannedTensor, number>();
  for (const p of plan.layers) {
    for (const t of [p.input, p.input2]) if (t) readers.set(t, (readers.get(t) ?? 0) + 1);
  }
  const copies = new Map<PlannedTensor, string[]>();
  const body: string[] = [];

  /** Emits the clone of `t` (already produced into `source`) when it has several readers. */
  const fanOut = (t: PlannedTensor, source: string, depth: number): void => {
    const internal = readers.get(t) ?? 0;
    const isPort = outputs.has(t) && !plan.inputs.includes(t);
    if (internal + (isPort ? 1 : 0) <= 1) return;
    const names = Array.from({ length: internal }, (_, k) => `${t.varName}_cpy${k + 1}`);
    const targets = [...(isPort ? [t.varName] : []), ...names];
    for (const n of names) body.push(...streamDecl(t.typeName, n, depth));
    body.push(
      `    nnet::clone_stream<${t.typeName}, ${wordsOf(t)}>(${[source, ...targets].join(', ')});`,
      '',
    );
    copies.set(t, names);
  };
  const readName = (t: PlannedTensor): string => copies.get(t)?.shift() ?? t.varName;

  for (const t of plan.inputs) fanOut(t, t.varName, wordsOf(t));
  for (const p of plan.layers) {
    if (p.lowered.kind === 'Input') continue;
    const depth = p.lowered.fifoDepth ?? wordsOf(p.output);
    body.push(`    ${layerComment(p.index, p.comment, p.lowered.kind)}`);
    const isPort = outputs.has(p.output);
    const internal = readers.get(p.output) ?? 0;
    // A model output that other layers also read is produced into a local stream and cloned to the port.
    const target = isPort && internal > 0 ? `${p.output.varName}_src` : p.output.varName;
    if (!isPort || internal > 0) body.push(...streamDecl(p.output.typeName, target, depth));
    let rewired: PlannedLayer = {
      ...p,
      input: p.input ? { ...p.input, varName: readName(p.input) } : null,
      input2: p.input2 ? { ...p.input2, varName: readName(p.input2) } : null,
      output: { ...p.output, varName: target },
    };
    rewired = broadcastOperand(plan, rewired, body);
    body.push(`    ${call(rewired)}`);
    // Trace (C simulation only): the layer's output is read, logged and written back (nnet_trace_stream.h).
    if (p.lowered.trace) {
      body.push(
        '#ifndef __SYNTHESIS__',
        `    nnet::trace_output("${p.lowered.cppName}", ${target}, ${wordsOf(p.output)});`,
        '#endif',
      );
    }
    body.push('');
    fanOut(p.output, target, depth);
  }
  return body;
}

/**
 * A merge whose operands differ in shape reads the smaller one through broadcast_stream (nnet_merge_stream.h),
 * into words of the model's default precision, as hls4ml's inserted Broadcast layer; other layers unchanged.
 */
function broadcastOperand(plan: VivadoPlan, p: PlannedLayer, body: string[]): PlannedLayer {
  const [a, b] = [p.input, p.input2];
  if (p.lowered.kind !== 'Merge' || !a || !b) return p;
  const dims = (t: PlannedTensor): number[] => t.macros.map((m) => m.value);
  const bc = streamBroadcastOf(dims(a), dims(b));
  if (!bc || bc === 'unsupported') return p;
  const from = bc.index === 0 ? a : b;
  const type = streamBroadcastType(plan.lowered.config.model.precision.default, p.lowered.name);
  const typeName = `nnet::array<${toApType(type)}, ${packOf(p.output).value}>`;
  const varName = `${p.output.varName}_bcast`;
  const pixels = wordsOf(p.output);
  body.push(
    ...streamDecl(typeName, varName, pixels),
    `    nnet::broadcast_stream<${from.typeName}, ${typeName}, ${pixels}, ${bc.mode === 'pixel'}>(${from.varName}, ${varName});`,
  );
  const expanded = { ...from, varName, typeName };
  return bc.index === 0 ? { ...p, input: expanded } : { ...p, input2: expanded };
}

/** The io_stream top function source. */
export function writeTopStreamSource(plan: VivadoPlan, signature: string[], body: string[]): string {
  const ports = [...plan.inputs, ...plan.outputs];
  return fileText([
    ...cppBanner(plan.projectName, 'top-level function'),
    `// model: ${commentText(plan.lowered.graph.name)} (${commentText(plan.lowered.graph.format)})`,
    '',
    `#include "${plan.projectName}.h"`,
    '#include "parameters.h"',
    ...(plan.layers.some((p) => p.lowered.trace && p.lowered.kind !== 'Input')
      ? ['#include "nnet_utils/nnet_trace_stream.h"']
      : []),
    '',
    ...signature,
    '{',
    '    // Every port is an AXI stream of words, one pixel (all channels) per word (io_stream).',
    `    #pragma HLS INTERFACE axis port=${ports.map((t) => t.varName).join(',')}`,
    '    #pragma HLS DATAFLOW',
    '',
    ...body,
    '}',
  ]);
}

/** Testbench pieces for io_stream: declare the streams, write the inputs word by word, read the outputs. */
export function streamTestbenchParts(plan: VivadoPlan): {
  declare: string[];
  fill: string[];
  print: string[];
} {
  const declare = [
    ...plan.inputs.map((t, k) => `        hls::stream<${t.typeName}> tb_in${k}("tb_in${k}");`),
    ...plan.outputs.map((t, k) => `        hls::stream<${t.typeName}> tb_out${k}("tb_out${k}");`),
  ];
  const fill = plan.inputs.flatMap((t, k) => [
    `        for (std::size_t w = 0; w < static_cast<std::size_t>(${wordsOf(t)}); w++) {`,
    `            ${t.typeName} word;`,
    `            for (std::size_t j = 0; j < ${t.typeName}::size; j++) word[j] = sample[offset++];`,
    `            tb_in${k}.write(word);`,
    '        }',
  ]);
  const print = plan.outputs.flatMap((t, k) => [
    `        for (std::size_t w = 0; w < static_cast<std::size_t>(${wordsOf(t)}); w++) {`,
    `            const ${t.typeName} word = tb_out${k}.read();`,
    `            for (std::size_t j = 0; j < ${t.typeName}::size; j++) write_value(results, first, word[j].to_double());`,
    '        }',
  ]);
  return { declare, fill, print };
}

/** The bridge's float/double wrapper body for io_stream. */
export function streamBridgeBody(plan: VivadoPlan, scalar: 'float' | 'double'): string[] {
  const p = plan.projectName;
  const args = [...plan.inputs.map((_, k) => `fx_in${k}`), ...plan.outputs.map((_, k) => `fx_out${k}`)];
  return [
    ...plan.inputs.flatMap((t, k) => [
      `    hls::stream<${t.typeName}> fx_in${k}("fx_in${k}");`,
      `    for (std::size_t w = 0; w < static_cast<std::size_t>(${wordsOf(t)}); w++) {`,
      `        ${t.typeName} word;`,
      `        for (std::size_t j = 0; j < ${t.typeName}::size; j++) word[j] = in${k}[w * ${t.typeName}::size + j];`,
      `        fx_in${k}.write(word);`,
      '    }',
    ]),
    ...plan.outputs.map((t, k) => `    hls::stream<${t.typeName}> fx_out${k}("fx_out${k}");`),
    `    ::${p}(${args.join(', ')});`,
    ...plan.outputs.flatMap((t, k) => [
      `    for (std::size_t w = 0; w < static_cast<std::size_t>(${wordsOf(t)}); w++) {`,
      `        const ${t.typeName} word = fx_out${k}.read();`,
      `        for (std::size_t j = 0; j < ${t.typeName}::size; j++) out${k}[w * ${t.typeName}::size + j] = static_cast<${scalar}>(word[j].to_double());`,
      '    }',
    ]),
  ];
}
