// C-sim parity of hls4ml's Dense weight products, Resource Unrolled and per-layer trace output.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import { loadModel } from '../../src/core/frontends/index';
import { lower } from '../../src/core/passes/lower';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { TypeDraw, parityInputs } from './elementwiseHarness';
import { drawDense, productsGraph, runTraceParity, ternaryConvGraph, xnorGraph } from './denseVariantCases';

const MODELS = join(import.meta.dirname, '../../../shared/models/keras');

async function keras(name: string) {
  const files = [`${name}.json`, `${name}_weights.h5`].map((f) => ({
    name: basename(f),
    bytes: new Uint8Array(readFileSync(join(MODELS, f))),
  }));
  return loadModel(files);
}

function expectParity(r: Awaited<ReturnType<typeof runTraceParity>>, traced: string[]): void {
  expect(r.rows).toBe(1000);
  expect(r.mismatches).toEqual([]);
  expect(r.traced.sort()).toEqual([...traced].sort());
  expect(r.overflowEvents).toBeGreaterThan(0);
}

describe('Dense weight products, Resource Unrolled and trace: make csim equals the emulator', () => {
  it('XNOR, ternary (with −2) and power-of-two weights in random configurations', async () => {
    const seed = 41;
    const d = new TypeDraw(seed);
    const g = productsGraph(seed);
    let c: DesignConfig = withLayerSetting(defaultConfig(), 'in', {
      precision: { result: d.fixed(8, 12, 3, 5) },
    });
    const sizes: [string, number, number][] = [
      ['fc_xnor', 16, 12],
      ['fc_ternary', 12, 10],
      ['fc_po2', 10, 8],
      ['fc_mult', 8, 6],
    ];
    for (const [name, nIn, nOut] of sizes) c = drawDense(c, d, name, nIn, nOut);
    // Every strategy occurs: Resource Unrolled with a reuse factor > 1 on two layers.
    c = withLayerSetting(c, 'fc_ternary', { strategy: 'Resource Unrolled', reuseFactor: 4 });
    c = withLayerSetting(c, 'fc_mult', { strategy: 'Resource Unrolled', reuseFactor: 8 });
    c = withLayerSetting(c, 'fc_po2', { strategy: 'Resource', reuseFactor: 20 });
    const lowered = lower(g, { ...c, projectName: 'myproject' });
    const params = generateProject(lowered, loadHlsLibraryFromDisk(), {}).get('firmware/parameters.h')!;
    for (const p of ['weight_binary', 'weight_ternary', 'weight_exponential', 'mult'])
      expect(params).toContain(`nnet::product::${p}<x_T, w_T>`);
    expect(lowered.layers.filter((l) => l.strategy === 'resource_unrolled').map((l) => l.name)).toEqual(
      expect.arrayContaining(['fc_ternary', 'fc_mult']),
    );
    const r = await runTraceParity('dense_products', lowered, parityInputs(seed, 16, 1.5));
    expectParity(r, ['fc_xnor', 'fc_ternary', 'fc_po2', 'fc_mult']);
  });

  it('QKeras quantized_po2 MNIST model (exponent weights), resource order with saturating sums', async () => {
    const g = await keras('qkeras_mnist_dense');
    const d = new TypeDraw(7);
    let c: DesignConfig = withLayerSetting(defaultConfig(), 'input_3', {
      precision: { result: 'ap_fixed<10,2,AP_RND,AP_SAT>' },
      trace: true,
    });
    c = withLayerSetting(c, 'q_dense_2', {
      strategy: 'Resource',
      reuseFactor: 28,
      trace: true,
      precision: { accum: 'ap_fixed<9,4,AP_TRN,AP_SAT>', result: d.fixed(8, 12, 3, 5) },
    });
    c = withLayerSetting(c, 'q_dense_3', {
      strategy: 'Resource Unrolled',
      reuseFactor: 10,
      trace: true,
      precision: { accum: d.fixed(10, 14, 3, 5), result: d.fixed(10, 14, 3, 5) },
    });
    c = withLayerSetting(c, 'q_activation_3', { trace: true });
    const lowered = lower(g, { ...c, projectName: 'myproject' });
    const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
    expect(files.get('firmware/parameters.h')).toContain('nnet::product::weight_exponential<x_T, w_T>');
    expect(files.get('firmware/defines.h')).toMatch(
      /struct weight3_t \{ ap_uint<1> sign; ap_int<4> weight; \};/,
    );
    // hls4ml writes each power-of-two weight as {sign, exponent}
    expect(files.get('firmware/weights/w3.h')).toMatch(/\{[01], -?\d\}, \{[01], -?\d\}/);
    const rows = parityInputs(5, 784, 0.6).map((row) => row.map((v) => Math.abs(v)));
    const r = await runTraceParity('dense_po2_mnist', lowered, rows);
    expectParity(r, ['q_dense_2', 'q_activation_3', 'q_dense_3']);
  });

  it('XNOR dense: ap_uint<1> inputs and ap_uint<1> weights take the popcount output conversion', async () => {
    const seed = 23;
    const d = new TypeDraw(seed);
    let c: DesignConfig = withLayerSetting(defaultConfig(), 'in', { precision: { result: 'ap_uint<1>' } });
    c = drawDense(c, d, 'fc_xnor', 20, 7);
    c = drawDense(c, d, 'fc_u1', 20, 5);
    c = withLayerSetting(c, 'fc_xnor', {
      precision: { bias: 'ap_fixed<12,8>', accum: 'ap_fixed<16,8>', result: 'ap_fixed<16,10>' },
    });
    // A narrow result type so that the doubled sums wrap and saturate.
    c = withLayerSetting(c, 'fc_u1', { precision: { result: 'ap_fixed<4,4,AP_TRN,AP_SAT>' } });
    const lowered = lower(xnorGraph(seed), { ...c, projectName: 'myproject' });
    const params = generateProject(lowered, loadHlsLibraryFromDisk(), {}).get('firmware/parameters.h')!;
    expect(params).toContain('nnet::product::weight_binary<x_T, w_T>');
    expect(params).toContain('nnet::product::mult<x_T, w_T>');
    const r = await runTraceParity('dense_xnor', lowered, parityInputs(seed, 20, 1.5));
    expectParity(r, ['fc_xnor', 'fc_u1']);
  });

  it('Conv1D with int<2> weights uses weight_ternary too (hls4ml picks the product for conv the same way)', async () => {
    const seed = 12;
    const d = new TypeDraw(seed);
    let c: DesignConfig = withLayerSetting(defaultConfig(), 'in', {
      precision: { result: d.fixed(8, 12, 3, 5) },
    });
    c = withLayerSetting(c, 'conv_t', {
      strategy: 'Resource',
      reuseFactor: 3,
      trace: true,
      precision: { accum: d.fixed(9, 14, 3, 6), result: d.fixed(8, 14, 3, 6) },
    });
    c = drawDense(c, d, 'fc_out', 32, 5);
    const lowered = lower(ternaryConvGraph(seed), { ...c, projectName: 'myproject' });
    const params = generateProject(lowered, loadHlsLibraryFromDisk(), {}).get('firmware/parameters.h')!;
    expect(params.match(/nnet::product::weight_ternary<x_T, w_T>/g)?.length).toBe(1);
    const r = await runTraceParity('conv_ternary', lowered, parityInputs(seed, 24, 1.5));
    expectParity(r, ['conv_t', 'fc_out']);
  });

  it('BinaryDense model: weight_ternary, then BN + binary_tanh thresholds into both_binary, with Resource Unrolled', async () => {
    const g = await keras('KERAS_3layer_binary_smaller');
    const d = new TypeDraw(3);
    const dense = g.layers.filter((l) => l.kind === 'Dense');
    let c: DesignConfig = { ...defaultConfig(), model: { ...defaultConfig().model, trace: true } };
    for (const l of dense) {
      if (l.kind !== 'Dense') continue;
      c = drawDense(c, d, l.name, l.nIn, l.nOut);
    }
    const lowered = lower(g, { ...c, projectName: 'myproject' });
    const params = generateProject(lowered, loadHlsLibraryFromDisk(), {}).get('firmware/parameters.h')!;
    // The first BinaryDense multiplies by int<2> weights; the others read a fused batch norm + binary_tanh
    // (ap_uint<1>) and quantize_dense_output makes their weights XNOR: both_binary.
    expect(params.match(/nnet::product::weight_ternary<x_T, w_T>/g)?.length).toBe(1);
    expect(params.match(/nnet::product::both_binary<x_T, w_T>/g)?.length).toBe(dense.length - 1);
    const input = g.layers.find((l) => l.kind === 'Input')!;
    const rows = parityInputs(9, input.outputShape[0]!, 1.5);
    const r = await runTraceParity('dense_binary_keras', lowered, rows);
    expectParity(
      r,
      lowered.layers.filter((l) => l.kind !== 'Input').map((l) => l.name),
    );
  });
});
