/**
 * io_stream for the Catapult writer. The Vivado writer's io_stream top function, testbench and bridge
 * (vivado/stream.ts) are rewritten to Catapult's channels: every `hls::stream<T>` becomes an
 * `ac_channel<T>` (hls/ac_types/ac_channel.h under g++; Catapult's own header in synthesis), the FIFOs
 * between layers become `static ac_channel<T>` in the top function (Catapult's idiom for the channels of a
 * hierarchical design), and their set_fifo_depths depths, which Vivado takes from `#pragma HLS STREAM`,
 * go to build_prj.tcl as FIFO_DEPTH directives. The shared stream kernels (hls/nnet_utils/*_stream.h)
 * declare their FIFOs as nnet::stream_t<T>, which the Catapult flavour's nnet_channel.h makes an
 * ac_channel.
 */
import { StudioError } from '../../errors';

/** A FIFO between two layers of the top function and its depth in words. */
export interface CatapultChannel {
  readonly name: string;
  readonly depth: number;
}

/** Shared io_stream templates a Catapult io_stream project ships (hls/nnet_utils). */
export const SHARED_STREAM_TEMPLATES = [
  'nnet_activation_stream.h',
  'nnet_batchnorm_quantized_tanh_stream.h',
  'nnet_batchnorm_stream.h',
  'nnet_conv_stream.h',
  'nnet_dense_stream.h',
  'nnet_embed_stream.h',
  'nnet_merge_stream.h',
  'nnet_padding_stream.h',
  'nnet_pooling_stream.h',
  'nnet_stream.h',
  'nnet_trace_stream.h',
  'nnet_transpose_stream.h',
  'nnet_types.h',
  'nnet_unary_lut_stream.h',
];

/**
 * The shared LSTM/GRU stream wrapper (hls/nnet_utils/nnet_recurrent_stream.h): it gathers one timestep per
 * word and runs recurrent() of the flavour's nnet_recurrent.h, as hls4ml's Catapult lstm_stack / gru_stack
 * ac_channel overloads run their io_parallel step per word.
 */
export const RECURRENT_STREAM_TEMPLATE = 'nnet_recurrent_stream.h';

/** Library files only io_stream projects need (paths in hls/). */
export const STREAM_ONLY_LIBRARY_FILES: ReadonlySet<string> = new Set([
  'catapult_nnet_utils/nnet_channel.h',
  'ac_types/ac_channel.h',
]);

function bug(message: string): StudioError {
  return new StudioError(message, 'This is a bug in HLS Studio; please report it with the model.', {
    op: 'Catapult',
  });
}

const DECLARATION = /^(\s*)hls::stream<(.+)> (\w+)\("(\w+)"\);$/;
const DEPTH = /^\s*#pragma HLS STREAM variable=(\w+) depth=(\d+)$/;

/**
 * The Vivado io_stream top function with its internal FIFOs as Catapult channels: each
 * `hls::stream<T> v("v");` + `#pragma HLS STREAM variable=v depth=N` pair becomes
 * `static ac_channel<T> v;` and the depth is returned for build_prj.tcl. The AXI-stream comment of the
 * Vivado top is replaced. The rest (ports, pragmas, types) is left to toCatapultText.
 */
export function catapultStreamTop(vivadoSource: string): { text: string; channels: CatapultChannel[] } {
  const lines = vivadoSource.split('\n');
  const out: string[] = [];
  const channels: CatapultChannel[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('    // Every port is an AXI stream of words')) {
      out.push('    // Every port is an ac_channel of words, one pixel (all channels) per word (io_stream).');
      continue;
    }
    const decl = DECLARATION.exec(line);
    if (!decl) {
      out.push(line);
      continue;
    }
    const [, indent, type, name, label] = decl;
    const depth = DEPTH.exec(lines[i + 1] ?? '');
    if (name !== label || !depth || depth[1] !== name) {
      throw bug(`a stream of the top function has no depth: ${line.trim()}`);
    }
    channels.push({ name: name!, depth: Number(depth[2]) });
    out.push(`${indent!}static ac_channel<${type!}> ${name!}; // FIFO depth ${depth[2]!} (build_prj.tcl)`);
    i++;
  }
  return { text: out.join('\n'), channels };
}

/**
 * One line of Vivado io_stream text in Catapult's channels: a named stream declaration becomes an
 * unnamed ac_channel (Catapult's has no name argument), any other hls::stream<…> an ac_channel<…>.
 * Returns null for lines that need no rewrite.
 */
export function catapultChannelLine(line: string): string | null {
  if (line === '#include "hls_stream.h"') return '#include "ac_channel.h"';
  const decl = DECLARATION.exec(line);
  if (decl) return `${decl[1]!}ac_channel<${decl[2]!}> ${decl[3]!};`;
  return line.includes('hls::stream<') ? line.replaceAll('hls::stream<', 'ac_channel<') : null;
}

/** build_prj.tcl lines that give every internal channel of the top function its FIFO depth. */
export function fifoDepthDirectives(channels: readonly CatapultChannel[]): string[] {
  if (channels.length === 0) return [];
  for (const c of channels) {
    if (!/^\w+$/.test(c.name) || !Number.isInteger(c.depth) || c.depth < 1) {
      throw bug(`channel ${c.name} has no valid FIFO depth (${c.depth})`);
    }
  }
  const width = Math.max(...channels.map((c) => c.name.length));
  return [
    '    # io_stream: the FIFO depth of every channel between two layers (set_fifo_depths)',
    '    foreach {channel depth} {',
    ...channels.map((c) => `        ${c.name.padEnd(width)} ${c.depth}`),
    '    } {',
    '        directive set /$project_name/$channel:cns -FIFO_DEPTH $depth',
    '    }',
  ];
}
