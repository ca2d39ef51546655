/**
 * The io_stream writer (Vivado and Vitis): set_fifo_depths' depths reach the `#pragma HLS STREAM` lines,
 * the top function is an AXI-stream DATAFLOW region over nnet::array words, fan-out goes through
 * clone_stream, kinds without a stream kernel are refused with the layer named, and io_parallel projects
 * of the same graph do not change. (C-sim parity of io_stream projects: tests/csim/stream*.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import { defaultConfig, withBackend, type DesignConfig } from '../../src/core/config/designConfig';
import { StudioError } from '../../src/core/errors';
import type { Layer, ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { zipProject } from '../../src/core/project/zip';
import { SPATIAL_CASES } from '../csim/spatialCases';
import { streamElementwiseConfig, streamElementwiseGraph } from '../csim/streamCases';
import * as G from './graphs';
import { unresolvedIncludes } from './projectChecks';

const library = loadHlsLibraryFromDisk();
const stream = (c: DesignConfig): DesignConfig => ({ ...c, ioType: 'io_stream' });

function spatialGraph(name: string): ModelGraph {
  const g = SPATIAL_CASES.find((c) => c.name === name)?.graph;
  if (!g) throw new Error(`no spatial graph ${name}`);
  return g;
}

/** conv2d_latency_maxpool_unsigned with its padded 3×3/2 max pool made a 2×2/2 one (io_stream pooling). */
function convPoolGraph(): ModelGraph {
  const g = spatialGraph('conv2d_latency_maxpool_unsigned');
  return {
    ...g,
    layers: g.layers.map((l) =>
      l.kind === 'Pooling' ? { ...l, kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] } : l,
    ),
  };
}

function files(
  g: ModelGraph,
  config: DesignConfig,
): { files: ProjectFiles; lowered: ReturnType<typeof lower> } {
  const lowered = lower(g, { ...config, projectName: 'myproject' });
  return { files: generateProject(lowered, library, {}), lowered };
}

/** variable → depth of every `#pragma HLS STREAM` line. */
function streamPragmas(top: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of top.matchAll(/^ {4}#pragma HLS STREAM variable=(\w+) depth=(\d+)$/gm))
    out.set(m[1]!, Number(m[2]));
  return out;
}

describe('io_stream top function', () => {
  // conv [6,6,3]→[6,6,4] → relu → maxpool →[3,3,4] → bn → flatten [36] → dense [5]
  const { files: f, lowered } = files(convPoolGraph(), stream(defaultConfig()));
  const top = f.get('firmware/myproject.cpp')!;

  it('gives every internal stream the depth set_fifo_depths computed (the pixel count)', () => {
    const pragmas = streamPragmas(top);
    const expected = new Map<string, number>();
    for (const l of lowered.layers) {
      if (l.kind === 'Input' || lowered.outputs.includes(l.name)) continue;
      expected.set(`layer${l.index}_out`, l.fifoDepth!);
    }
    expect(pragmas).toEqual(expected);
    expect([...pragmas.values()]).toEqual([36, 36, 9, 9, 1]);
    // Each stream is declared right before its pragma.
    for (const [v] of pragmas)
      expect(top).toMatch(
        new RegExp(`hls::stream<layer\\d+_t> ${v}\\("${v}"\\);\\n {4}#pragma HLS STREAM variable=${v} `),
      );
  });

  it('changes the depth when the pass gives another one', () => {
    const changed = {
      ...lowered,
      layers: lowered.layers.map((l) => (l.fifoDepth === null ? l : { ...l, fifoDepth: l.fifoDepth + 7 })),
    };
    const top2 = generateProject(changed, library, {}).get('firmware/myproject.cpp')!;
    expect([...streamPragmas(top2).values()]).toEqual([43, 43, 16, 16, 8]);
  });

  it('is an AXI-stream DATAFLOW region over nnet::array words', () => {
    expect(top).toContain('    hls::stream<input_t> &x,\n    hls::stream<result_t> &layer7_out\n)');
    expect(top).toContain('    #pragma HLS INTERFACE axis port=x,layer7_out\n    #pragma HLS DATAFLOW\n');
    expect(top).not.toContain('ARRAY_PARTITION');
    expect(f.get('firmware/myproject.h')).toContain('#include "hls_stream.h"');
    const defines = f.get('firmware/defines.h')!;
    expect(defines).toContain('#include "nnet_utils/nnet_types.h"');
    // One word per pixel: the last axis; a 1-d tensor is one word.
    expect(defines).toMatch(/typedef nnet::array<ap_fixed<16,6>, N_INPUT_3_1> input_t;/);
    expect(defines).toMatch(/typedef nnet::array<ap_fixed<[^>]*>, N_LAYER_3_2> layer2_t;/);
    expect(defines).toMatch(/typedef nnet::array<ap_fixed<[^>]*>, N_LAYER_7> result_t;/);
    const params = f.get('firmware/parameters.h')!;
    expect(params).toContain('#include "nnet_utils/nnet_conv_stream.h"');
    expect(params).toContain('static const unsigned io_type = nnet::io_stream;');
    expect(params).not.toContain('nnet::io_parallel');
    expect(unresolvedIncludes(f, ['firmware', 'firmware/ap_types'])).toEqual([]);
  });

  it('streams the testbench samples word by word', () => {
    const tb = f.get('myproject_test.cpp')!;
    expect(tb).toContain('hls::stream<input_t> tb_in0("tb_in0");');
    expect(tb).toContain('for (std::size_t w = 0; w < static_cast<std::size_t>(36); w++) {');
    expect(tb).toContain('const result_t word = tb_out0.read();');
  });
});

describe('io_stream fan-out', () => {
  const { files: f } = files(streamElementwiseGraph(), streamElementwiseConfig(1));
  const top = f.get('firmware/myproject.cpp')!;

  it('clones a tensor read by many layers, one copy per read, and keeps the output port', () => {
    // Layer a (index 2) is a model output and read by 15 activations, 6 merges, 2 concats, prelu, flatten.
    const clone = /nnet::clone_stream<(\w+), 5>\(layer2_out_src, ([^)]*)\);/.exec(top);
    expect(clone).not.toBeNull();
    const targets = clone![2]!.split(', ');
    expect(targets[0]).toBe('layer2_out');
    expect(targets.length).toBe(1 + 15 + 6 + 2 + 1 + 1);
    // Every copy is declared (name and label), given a depth, written by the clone and read by one layer.
    for (const t of targets.slice(1)) expect(top.match(new RegExp(`\\b${t}\\b`, 'g'))?.length, t).toBe(5);
  });
});

describe('io_stream refusals', () => {
  const refused = (g: ModelGraph): StudioError => {
    try {
      files(g, stream(defaultConfig()));
    } catch (e) {
      return e as StudioError;
    }
    throw new Error('expected a refusal');
  };

  it('names the layer and suggests io_parallel for a kind without a stream kernel', () => {
    const ln: Layer = {
      kind: 'LayerNormalization',
      name: 'norm',
      inputs: ['x'],
      outputShape: [8],
      source: { op: 'LayerNormalization', node: 'norm' },
      epsilon: 1e-3,
      gamma: { shape: [8], data: new Float32Array(8).fill(1) },
      beta: { shape: [8], data: new Float32Array(8) },
    };
    const e = refused(G.graph('ln', [G.input('x', 8), ln], ['norm']));
    expect(e).toBeInstanceOf(StudioError);
    expect(e.message).toContain('LayerNormalization layers have no io_stream implementation');
    expect(e.hint).toContain('io_parallel');
    expect(e.location.node).toBe('norm');
  });

  it('refuses padded or overlapping pooling, as the hls4ml stream pooling does', () => {
    const e = refused(spatialGraph('conv2d_latency_maxpool_unsigned'));
    expect(e.message).toContain('io_stream pooling needs windows without padding');
    expect(e.location.node).toBe('pool');
  });

  it('refuses a broadcasting merge (hls4ml streams merges of equal shapes only)', () => {
    const merge: Layer = {
      kind: 'Merge',
      name: 'm',
      op: 'add',
      inputs: ['a', 'c'],
      outputShape: [8],
      source: { op: 'Add', node: 'm' },
    };
    const e = refused(
      G.graph('mb', [G.input('x', 8), G.dense('a', 'x', 8, 8, 1), G.dense('c', 'x', 8, 4, 2), merge], ['m']),
    );
    expect(e.message).toContain('no broadcasting');
    expect(e.location.node).toBe('m');
  });
});

describe('io_stream with Vitis and io_parallel unchanged', () => {
  const g = spatialGraph('pointwise_bn_gap');

  it('Vitis writes the same firmware and testbench as Vivado', () => {
    const vivado = files(g, stream(defaultConfig())).files;
    const vitis = files(g, stream(withBackend(defaultConfig(), 'Vitis'))).files;
    for (const [path, text] of vivado) {
      if (path.startsWith('firmware/') || path.endsWith('_test.cpp') || path.endsWith('_bridge.cpp')) {
        expect(vitis.get(path), path).toBe(text);
      }
    }
    expect(vitis.get('firmware/myproject.cpp')).toContain('#pragma HLS INTERFACE axis');
  });

  it('zips like any project, byte for byte the same on a second run (the studio download path)', async () => {
    const a = await zipProject(files(g, stream(defaultConfig())).files, 'myproject');
    const b = await zipProject(files(g, stream(defaultConfig())).files, 'myproject');
    expect(a.length).toBeGreaterThan(1000);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('io_parallel projects of the same graph contain no stream', () => {
    const parallel = files(g, defaultConfig()).files;
    for (const [path, text] of parallel) {
      if (path.endsWith('.cpp') || path === 'firmware/defines.h' || path === 'firmware/parameters.h') {
        expect(text, path).not.toMatch(/hls::stream|nnet::array|_stream\.h|io_stream/);
      }
    }
  });
});
