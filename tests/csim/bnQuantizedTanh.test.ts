// C-sim parity of hls4ml's binary/ternary network path: merge_batch_norm_quantized_tanh thresholds,
// quantize_dense_output, xnor_pooling and the data_binary / both_binary Dense products, in random
// configurations on 1,000 rows (a quarter ×20, so that they overflow): emulator raws == make csim raws.
import { describe, expect, it } from 'vitest';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import type { ConvLayer, DenseLayer, Layer, ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { activation, dense, graph, input, rng, softmax } from '../backends/graphs';
import { TypeDraw, parityInputs } from './elementwiseHarness';
import { drawDense, runTraceParity } from './denseVariantCases';

/** A batch norm whose thresholds −bias/scale are 0 or spread over ±spread; about one scale in five is negative. */
function bn(name: string, from: string, shape: number[], n: number, seed: number, spread: number): Layer {
  const r = rng(seed);
  const scale = Float32Array.from({ length: n }, () => (r() < -0.6 ? -1 : 1) * (0.2 + Math.abs(r()) * 2));
  // Half the channels get threshold 0, which the coarse inputs hit exactly (x > t and x ≥ t differ).
  const bias = Float32Array.from(scale, (s) => (r() < 0 ? 0 : -s * r() * spread));
  return {
    kind: 'BatchNormalization',
    name,
    inputs: [from],
    outputShape: shape,
    scale: { shape: [n], data: scale },
    bias: { shape: [n], data: bias },
    source: { op: 'BatchNormalization', node: name },
  };
}

const act = (name: string, from: string, shape: number[], fn: 'binary_tanh' | 'ternary_tanh'): Layer => ({
  ...activation(name, from, shape[0]!, fn),
  outputShape: shape,
  source: { op: 'Activation', node: name },
});

function signs(d: DenseLayer): Float32Array {
  return Float32Array.from(d.weight.data, (v) => (v > 0 ? 1 : -1));
}

/**
 * Dense → BN → binary_tanh, read by a BinaryDense (→ BN → ternary_tanh → Dense → softmax), a Dense with
 * XNOR weights (both_binary) and a Dense with ordinary weights (data_binary).
 */
function denseNet(seed: number): ModelGraph {
  const bd = dense('fc2', 'act1', 12, 10, seed + 2);
  const xw = dense('fc_x', 'act1', 12, 6, seed + 3);
  return graph(
    `bnq${seed}`,
    [
      input('in', 16),
      dense('fc1', 'in', 16, 12, seed + 1),
      bn('bn1', 'fc1', [12], 12, seed + 10, 1.5),
      act('act1', 'bn1', [12], 'binary_tanh'),
      {
        ...bd,
        weight: { shape: bd.weight.shape, data: signs(bd) },
        quantized: { weight: 'int<2>' },
        source: { op: 'BinaryDense', node: 'fc2' },
      },
      bn('bn2', 'fc2', [10], 10, seed + 11, 4),
      act('act2', 'bn2', [10], 'ternary_tanh'),
      dense('fc3', 'act2', 10, 8, seed + 4),
      softmax('sm', 'fc3', 8),
      {
        ...xw,
        weight: { shape: xw.weight.shape, data: signs(xw) },
        weightEncoding: 'xnor',
        quantized: { weight: 'uint<1>' },
      },
      dense('fc_d', 'act1', 12, 5, seed + 5),
      // a QKeras ternary activation with QKeras's default threshold 0.33 (extract_ternary_threshold)
      {
        kind: 'Activation',
        name: 'act_q',
        activation: 'ternary_tanh',
        inputs: ['fc_d'],
        outputShape: [5],
        source: { op: 'QActivation', node: 'act_q' },
        ternaryThreshold: 0.33,
      },
      dense('fc_q', 'act_q', 5, 3, seed + 6),
    ],
    ['sm', 'fc_x', 'fc_d', 'fc_q'],
  );
}

/**
 * Conv1D → BN → binary_tanh → MaxPooling1D → Flatten → Dense (data_binary) and Dense (both_binary); the
 * binary tanh also feeds a Conv1D (data_binary with zero padding).
 */
function poolNet(seed: number): ModelGraph {
  const r = rng(seed);
  const conv: ConvLayer = {
    kind: 'Conv',
    name: 'conv',
    inputs: ['in'],
    outputShape: [8, 4],
    source: { op: 'Conv1D', node: 'conv' },
    rank: 1,
    kernel: [3],
    strides: [1],
    dilations: [1],
    pads: [1, 1],
    nChan: 3,
    nFilt: 4,
    weight: { shape: [3, 3, 4], data: Float32Array.from({ length: 36 }, () => r() * 0.6) },
    bias: { shape: [4], data: Float32Array.from({ length: 4 }, () => r() * 0.3) },
  };
  const xw = dense('fc_x', 'flat', 16, 3, seed + 2);
  // A Conv1D on the XNOR activation itself: data_binary, its zero padding read as −w.
  const conv2: ConvLayer = {
    ...conv,
    name: 'conv_x',
    inputs: ['act'],
    outputShape: [8, 2],
    source: { op: 'Conv1D', node: 'conv_x' },
    nChan: 4,
    nFilt: 2,
    weight: { shape: [3, 4, 2], data: Float32Array.from({ length: 24 }, () => r() * 0.6) },
    bias: { shape: [2], data: Float32Array.from({ length: 2 }, () => r() * 0.3) },
  };
  return graph(
    `bnqpool${seed}`,
    [
      { kind: 'Input', name: 'in', inputs: [], outputShape: [8, 3], source: { op: 'input', node: 'in' } },
      conv,
      bn('bn', 'conv', [8, 4], 4, seed + 10, 1),
      act('act', 'bn', [8, 4], 'binary_tanh'),
      {
        kind: 'Pooling',
        name: 'pool',
        inputs: ['act'],
        outputShape: [4, 4],
        source: { op: 'MaxPooling1D', node: 'pool' },
        rank: 1,
        kernel: [2],
        strides: [2],
        dilations: [1],
        pads: [0, 0],
        op: 'max',
        countPad: false,
      },
      {
        kind: 'Reshape',
        name: 'flat',
        inputs: ['pool'],
        outputShape: [16],
        source: { op: 'Flatten', node: 'flat' },
      },
      dense('fc_d', 'flat', 16, 5, seed + 1),
      {
        ...xw,
        weight: { shape: xw.weight.shape, data: signs(xw) },
        weightEncoding: 'xnor',
        quantized: { weight: 'uint<1>' },
      },
      conv2,
    ],
    ['fc_d', 'fc_x', 'conv_x'],
  );
}

/** The layers denseNet's configs trace (denseConfig), fused ones included. */
const DENSE_TRACED = [
  'fc1',
  'bnbt_bn1',
  'fc2',
  'bnbt_bn2',
  'fc3',
  'fc_x',
  'fc_d',
  'bnbt_act_q_scale',
  'fc_q',
];

function expectParity(r: Awaited<ReturnType<typeof runTraceParity>>, traced: string[]): void {
  expect(r.rows).toBe(1000);
  expect(r.mismatches).toEqual([]);
  expect(r.traced.sort()).toEqual([...traced].sort());
  expect(r.overflowEvents).toBeGreaterThan(0);
}

/** The distinct values a traced layer took over all rows (so the thresholds really split the data). */
function seen(r: Awaited<ReturnType<typeof runTraceParity>>, layer: string): number[] {
  return [...new Set(r.result.traces![layer]!)].sort((x, y) => x - y);
}

function params(c: DesignConfig, g: ModelGraph): { lowered: ReturnType<typeof lower>; text: string } {
  const lowered = lower(g, { ...c, projectName: 'myproject' });
  const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
  // the configs and the top function's calls
  const text = `${files.get('firmware/parameters.h')!}${files.get('firmware/myproject.cpp')!}`;
  return { lowered, text };
}

function denseConfig(
  seed: number,
  io: DesignConfig['ioType'],
  backend: DesignConfig['backend'] = 'Vivado',
): DesignConfig {
  const d = new TypeDraw(seed);
  let c: DesignConfig = { ...defaultConfig(backend), ioType: io };
  c = withLayerSetting(c, 'in', { precision: { result: d.fixed(8, 12, 3, 5) } });
  for (const [name, nIn, nOut] of [
    ['fc1', 16, 12],
    ['fc2', 12, 10],
    ['fc3', 10, 8],
    ['fc_x', 12, 6],
    ['fc_d', 12, 5],
    ['fc_q', 5, 3],
  ] as const)
    c = drawDense(c, d, name, nIn, nOut);
  c = withLayerSetting(c, 'act_q', { trace: true });
  // fc1's explicit result keeps bn1 out of fuse_batch_normalization, so it meets the activation.
  return withLayerSetting(withLayerSetting(c, 'bn1', { trace: true }), 'bn2', { trace: true });
}

describe('binary / ternary networks: make csim equals the emulator', () => {
  it('BN + binary/ternary tanh thresholds, quantize_dense_output, both_binary and data_binary (io_parallel)', async () => {
    const seed = 61;
    const { lowered, text } = params(denseConfig(seed, 'io_parallel'), denseNet(seed));
    const kinds = lowered.layers.map((l) => `${l.name}:${l.kind}`);
    expect(kinds).toContain('bnbt_bn1:BatchNormalizationQuantizedTanh');
    expect(kinds).toContain('bnbt_bn2:BatchNormalizationQuantizedTanh');
    for (const p of ['both_binary', 'data_binary', 'mult'])
      expect(text).toContain(`nnet::product::${p}<x_T, w_T>`);
    expect(text).toContain('nnet::normalize_binary_tanh<');
    expect(text).toContain('nnet::normalize_ternary_tanh<');
    const r = await runTraceParity('bnq_dense', lowered, parityInputs(seed, 16, 1.5));
    expectParity(r, DENSE_TRACED);
    expect(seen(r, 'bnbt_bn1')).toEqual([0, 1]);
    expect(seen(r, 'bnbt_bn2')).toEqual([-1, 0, 1]);
    expect(seen(r, 'bnbt_act_q_scale')).toEqual([-1, 0, 1]);
    expect(seen(r, 'fc_x').length).toBeGreaterThan(4);
  });

  it('the same network streamed (io_stream binary test is x >= threshold)', async () => {
    const seed = 62;
    const { lowered } = params(denseConfig(seed, 'io_stream'), denseNet(seed));
    const r = await runTraceParity('bnq_dense_stream', lowered, parityInputs(seed, 16, 1.5));
    expectParity(r, DENSE_TRACED);
    expect(seen(r, 'bnbt_bn1')).toEqual([0, 1]);
    expect(seen(r, 'bnbt_bn2')).toEqual([-1, 0, 1]);
  });

  // hls4ml's Catapult normalize_binary_tanh tests x >= threshold in io_parallel, x > threshold in io_stream
  it.each([
    [64, 'io_parallel', true, 'nnet_batchnorm_quantized_tanh.h'],
    [65, 'io_stream', false, 'nnet_batchnorm_quantized_tanh_stream.h'],
  ] as const)(
    'Catapult (seed %i, %s): ac types, binary_ge %s, %s, the shared XNOR products',
    async (seed, io, ge, header) => {
      const { lowered, text } = params(denseConfig(seed, io, 'Catapult'), denseNet(seed));
      expect(lowered.family).toBe('ac');
      const kinds = lowered.layers.map((l) => `${l.name}:${l.kind}`);
      expect(kinds).toContain('bnbt_bn1:BatchNormalizationQuantizedTanh');
      expect(kinds).toContain('bnbt_bn2:BatchNormalizationQuantizedTanh');
      expect(text).toContain(`static const bool binary_ge = ${ge};`);
      expect(text).toContain(`#include "nnet_utils/${header}"`);
      expect(text).toMatch(/nnet::normalize_binary_tanh<[^;]*>\(layer\d+_out\w*, layer\d+_out\w*, t\d+\);/);
      for (const p of ['both_binary', 'data_binary']) expect(text).toContain(`nnet::product::${p}<x_T, w_T>`);
      const name = io === 'io_stream' ? 'bnq_dense_catapult_stream' : 'bnq_dense_catapult';
      const r = await runTraceParity(name, lowered, parityInputs(seed, 16, 1.5));
      expectParity(r, DENSE_TRACED);
      expect(seen(r, 'bnbt_bn1')).toEqual([0, 1]);
      expect(seen(r, 'bnbt_bn2')).toEqual([-1, 0, 1]);
    },
    900_000,
  );

  it.each([
    ['Vivado', 'io_parallel'],
    ['Catapult', 'io_parallel'],
  ] as const)(
    'xnor_pooling (%s %s): max pooling of XNOR values stays 1-bit unsigned, flattened into data_binary and both_binary',
    async (backend, io) => {
      const seed = 63;
      const d = new TypeDraw(seed);
      let c: DesignConfig = withLayerSetting({ ...defaultConfig(backend), ioType: io }, 'in', {
        precision: { result: d.fixed(8, 12, 3, 5) },
      });
      c = withLayerSetting(c, 'conv', {
        trace: true,
        precision: { accum: d.fixed(10, 16, 3, 6), result: d.fixed(8, 14, 2, 5) },
      });
      c = withLayerSetting(c, 'bn', { trace: true });
      c = withLayerSetting(c, 'pool', { trace: true });
      c = drawDense(c, d, 'fc_d', 16, 5);
      c = drawDense(c, d, 'fc_x', 16, 3);
      c = withLayerSetting(c, 'conv_x', {
        trace: true,
        precision: { accum: d.fixed(8, 14, 3, 6), result: d.fixed(6, 12, 2, 5) },
      });
      const { lowered, text } = params(c, poolNet(seed));
      const convX = lowered.layers.find((l) => l.name === 'conv_x')!;
      expect(convX.layer.kind === 'Conv' && convX.layer.xnorInput).toBe(true);
      const pool = lowered.layers.find((l) => l.name === 'pool')!;
      expect(pool.types['result_t']).toMatchObject({ kind: 'int', width: 1, signed: false });
      // fc_d and conv_x's mult config take data_binary, fc_x both_binary
      expect(text.match(/nnet::product::data_binary<x_T, w_T>/g)?.length).toBe(2);
      expect(text).toContain('nnet::product::both_binary<x_T, w_T>');
      const r = await runTraceParity(
        backend === 'Vivado' ? 'bnq_pool' : 'bnq_pool_catapult',
        lowered,
        parityInputs(seed, 24, 1.5),
      );
      expectParity(r, ['conv', 'bnbt_bn', 'pool', 'fc_d', 'fc_x', 'conv_x']);
      expect(seen(r, 'pool')).toEqual([0, 1]);
      expect(seen(r, 'fc_d').length).toBeGreaterThan(4);
    },
    900_000,
  );
});
