/**
 * DepthwiseConv1D/2D and SeparableConv1D/2D on oneAPI (io_parallel), as hls4ml's oneAPI backend runs
 * them: the emulator's oneAPI semantics on hand-computed values (the 2D kernel sums in the result type,
 * the 1D one in accum_t), the weights in hls4ml's oneAPI order, the separable split's types, C-sim parity
 * (the emulator equals `make csim` of the generated project raw for raw on 1,000 rows, overflowing ones
 * included), and the refusals: Quartus (no depthwise kernel in hls4ml) and oneAPI io_stream.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import {
  defaultConfig,
  withBackend,
  withLayerSetting,
  type DesignConfig,
} from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { fractionalBits } from '../../src/core/fixed/types';
import type { ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { parityInputs, runGraphParity } from '../csim/elementwiseHarness';
import {
  depthwise,
  depthwise1dGraph,
  depthwise2dGraph,
  randomDepthwiseConfig,
  separable,
} from './depthwiseGraphs';
import { graph } from './graphs';
import { inputND } from './quartusGraphs';

const library = loadHlsLibraryFromDisk();

function inputWidth(g: ModelGraph): number {
  return g.layers.find((l) => l.kind === 'Input')!.outputShape.reduce((a, b) => a * b, 1);
}

/** x[1,3,1] → one depthwise layer with kernel 1×3 of ones and no bias. */
function onesGraph(rank: 1 | 2): ModelGraph {
  const shape = rank === 2 ? [1, 3, 1] : [3, 1];
  const dw = depthwise('dw', 'x', shape, 1, rank === 2 ? [1, 3] : [3], { seed: 1 });
  return graph(
    'ones',
    [inputND('x', shape), { ...dw, weight: { ...dw.weight, data: new Float32Array(3).fill(1) }, bias: null }],
    ['dw'],
  );
}

describe('oneAPI depthwise: semantics', () => {
  // x = 1.5, 1.5, −1.5 into ac_fixed<4,2,AC_TRN,AC_SAT> (max 1.75).
  const config = withLayerSetting(
    {
      ...defaultConfig('oneAPI'),
      model: { ...defaultConfig('oneAPI').model, precision: { default: 'ap_fixed<8,3>' } },
    },
    'dw',
    {
      precision: {
        weight: 'ap_fixed<4,2>',
        bias: 'ap_fixed<4,2>',
        accum: 'ap_fixed<8,4>',
        result: 'ap_fixed<4,2,AP_TRN,AP_SAT>',
      },
    },
  );

  it('2D sums in the result type: 1.5 → sat(3.0) = 1.75 → 0.25', () => {
    const r = emulate(lower(onesGraph(2), config), [[1.5, 1.5, -1.5]]);
    expect(Array.from(r.outputs[0]!)).toEqual([0.25]);
  });

  it('1D sums in accum_t and converts once: 1.5 + 1.5 − 1.5 = 1.5', () => {
    const r = emulate(lower(onesGraph(1), config), [[1.5, 1.5, -1.5]]);
    expect(Array.from(r.outputs[0]!)).toEqual([1.5]);
  });

  it('Vivado keeps its own semantics (accum_t, then the result type)', () => {
    const r = emulate(lower(onesGraph(2), withBackend(config, 'Vivado')), [[1.5, 1.5, -1.5]]);
    expect(Array.from(r.outputs[0]!)).toEqual([1.5]);
  });
});

describe('oneAPI depthwise: the project', () => {
  it("writes the depthwise weights filter-major, hls4ml's oneAPI order w[m·K·C + k·C + c]", () => {
    // K = 2 cells, C = 2 channels, dm = 2: weight (k, c, m) = k + c/2 + m/4 + 1/8 in the IR order.
    const dw = depthwise('dw', 'x', [1, 2, 2], 2, [1, 2], { seed: 3 });
    const data = new Float32Array(8);
    for (let k = 0; k < 2; k++)
      for (let c = 0; c < 2; c++)
        for (let m = 0; m < 2; m++) data[(k * 2 + c) * 2 + m] = k + c / 2 + m / 4 + 0.125;
    const g = graph('order', [inputND('x', [1, 2, 2]), { ...dw, weight: { ...dw.weight, data } }], ['dw']);
    const cfg = withLayerSetting(defaultConfig('oneAPI'), 'dw', { precision: { weight: 'ap_fixed<12,4>' } });
    const files = generateProject(lower(g, cfg), library);
    const text = files.get('src/firmware/weights/w2.h')!;
    const values = text
      .slice(text.indexOf('{') + 1, text.lastIndexOf('}'))
      .split(',')
      .map((s) => Number(s.trim()));
    const want: number[] = [];
    for (let m = 0; m < 2; m++)
      for (let k = 0; k < 2; k++) for (let c = 0; c < 2; c++) want.push(k + c / 2 + m / 4 + 0.125);
    expect(values).toEqual(want);
    const params = files.get('src/firmware/parameters.h')!;
    expect(params).toContain('#include "nnet_utils/nnet_depthconv.h"');
    expect(params).toContain('static const unsigned n_filt = 4;');
    expect(files.get('src/firmware/myproject.cpp')).toContain(
      'nnet::depthwise_conv_2d_cl<input_t, result_t, config2>(inputs.x, outputs.layer2_out, w2, b2);',
    );
  });

  it('splits a separable convolution into the depthwise kernel and a Resource 1×1 convolution', () => {
    const g = depthwise2dGraph();
    const files = generateProject(lower(g, randomDepthwiseConfig(g, 5)), library);
    const cpp = files.get('src/firmware/myproject.cpp')!;
    expect(cpp).toMatch(
      /nnet::depthwise_conv_2d_cl<layer3_t, (\w+), config4_depthwise>\(layer3_out, layer4_dw_out, w4, config4_depthwise::zero_bias\(\)\);/,
    );
    expect(cpp).toMatch(
      /nnet::conv_2d_cl<\w+, layer4_t, config4_pointwise>\(layer4_dw_out, layer4_out, pw4, b4\);/,
    );
    const params = files.get('src/firmware/parameters.h')!;
    expect(params).toContain('#include "nnet_utils/nnet_sepconv.h"');
    expect(params).toContain('#include "weights/pw4.h"');
    expect(params).toContain('typedef ac_fixed<1,1,false> bias_t;');
  });

  it('infers the depthwise half of a split separable as hls4ml on every backend (its ap_uint<1> zero bias included)', () => {
    const g = depthwise1dGraph();
    const cfg = withLayerSetting(defaultConfig('oneAPI'), 'sep', {
      precision: {
        depthwise_accum: 'auto',
        depthwise_result: 'auto',
        pointwise_accum: 'auto',
        result: 'auto',
      },
    });
    const one = lower(g, cfg).layers.find((l) => l.name === 'sep')!;
    const viv = lower(g, withBackend(cfg, 'Vivado')).layers.find((l) => l.name === 'sep')!;
    // input dw result fixed<16,6> (default) × depthwise fixed<16,6>, 2 cells: W 33, I 13; + ap_uint<1>: I 14.
    // hls4ml splits separable convolutions in its generic convert flow, so Vivado infers the same.
    expect(viv.types['depthwise_result_t']).toMatchObject({ width: 34, integer: 14, signed: true });
    expect(one.types['depthwise_result_t']).toMatchObject({ width: 34, integer: 14, signed: true });
    expect(one.types['depthwise_accum_t']).toMatchObject({ width: 34, integer: 14, signed: true });
  });
});

describe('oneAPI depthwise: refusals', () => {
  it("Quartus refuses depthwise and separable layers: hls4ml's Quartus backend has no kernel", () => {
    const quartus = withBackend(defaultConfig('oneAPI'), 'Quartus');
    const lowered = lower(depthwise2dGraph(), quartus);
    const msg =
      /^DepthwiseConv2D is not supported by the Quartus backend: hls4ml's Quartus backend has no depthwise or separable convolution kernel$/;
    expect(() => generateProject(lowered, library)).toThrow(msg);
    expect(() => emulate(lowered, [new Array<number>(147).fill(0.5)])).toThrow(msg);
    const sep = graph(
      's',
      [inputND('x', [5, 3]), separable('s', 'x', [5, 3], 1, 2, [2], { seed: 2 })],
      ['s'],
    );
    expect(() => generateProject(lower(sep, quartus), library)).toThrow(
      /^SeparableConv1D is not supported by the Quartus backend: hls4ml's Quartus backend has no depthwise/,
    );
  });

  it("oneAPI io_stream refuses them: hls4ml's oneAPI io_stream has no depthwise kernel", () => {
    const cfg: DesignConfig = { ...defaultConfig('oneAPI'), ioType: 'io_stream' };
    expect(() => generateProject(lower(depthwise1dGraph(), cfg), library)).toThrow(
      /^DepthwiseConv1D is not supported by the oneAPI io_stream backend: hls4ml's oneAPI io_stream has no depthwise convolution kernel$/,
    );
  });
});

interface Case {
  readonly name: string;
  readonly graph: ModelGraph;
  readonly config: DesignConfig;
  readonly scale: number;
}

const CASES: readonly Case[] = [
  {
    name: 'oneapi_dw2d_a',
    graph: depthwise2dGraph(),
    config: randomDepthwiseConfig(depthwise2dGraph(), 11),
    scale: 2,
  },
  {
    name: 'oneapi_dw2d_b',
    graph: depthwise2dGraph(),
    config: randomDepthwiseConfig(depthwise2dGraph(), 23),
    scale: 3,
  },
  {
    name: 'oneapi_dw1d',
    graph: depthwise1dGraph(),
    config: randomDepthwiseConfig(depthwise1dGraph(), 37),
    scale: 2,
  },
];

describe.each(CASES.map((c) => [c.name, c] as const))('oneAPI depthwise C-sim parity %s', (_name, c) => {
  it('make csim prints exactly the emulator outputs for 1,000 rows, overflowing ones included', async () => {
    expect(c.config.backend).toBe('oneAPI');
    const rows = parityInputs(c.name.length * 104729, inputWidth(c.graph), c.scale);
    const r = await runGraphParity(c.name, c.graph, c.config, rows);
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.overflowEvents).toBeGreaterThan(0);
  });
});

it('the parity outputs are not all equal (the test can fail)', () => {
  const c = CASES[0]!;
  const r = emulate(lower(c.graph, c.config), parityInputs(1, inputWidth(c.graph), c.scale).slice(0, 20));
  const scale = 2 ** fractionalBits(r.outputTypes[0]!);
  expect(new Set(Array.from(r.outputs[0]!, (v) => v * scale)).size).toBeGreaterThan(20);
});
