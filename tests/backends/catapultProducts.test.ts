/**
 * Catapult with hls4ml's special Dense weight products (XNOR weight_binary, int<2> weight_ternary with a
 * weight of −2, power-of-two weight_exponential, the XNOR popcount output): the Catapult project ships
 * the Vivado library's nnet_mult.h on ac types, and `make csim` equals the emulator raw for raw on 1,000
 * rows (a quarter ×20 so that they overflow), model outputs and every traced layer.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { lower } from '../../src/core/passes/lower';
import {
  drawDense,
  productsGraph,
  runTraceParity,
  ternaryConvGraph,
  xnorGraph,
} from '../csim/denseVariantCases';
import { parityInputs, TypeDraw } from '../csim/elementwiseHarness';

const library = loadHlsLibraryFromDisk();
const CATAPULT = defaultConfig('Catapult');

describe('Catapult: binary, ternary and power-of-two weight products (make csim equals the emulator)', () => {
  it('XNOR, ternary (with −2) and power-of-two weights in random configurations and strategies', async () => {
    const seed = 43;
    const d = new TypeDraw(seed);
    let c: DesignConfig = withLayerSetting(CATAPULT, 'in', { precision: { result: d.fixed(8, 12, 3, 5) } });
    const sizes: [string, number, number][] = [
      ['fc_xnor', 16, 12],
      ['fc_ternary', 12, 10],
      ['fc_po2', 10, 8],
      ['fc_mult', 8, 6],
    ];
    for (const [name, nIn, nOut] of sizes) c = drawDense(c, d, name, nIn, nOut);
    c = withLayerSetting(c, 'fc_ternary', { strategy: 'Resource Unrolled', reuseFactor: 4 });
    c = withLayerSetting(c, 'fc_po2', { strategy: 'Resource', reuseFactor: 20 });
    const lowered = lower(productsGraph(seed), { ...c, projectName: 'myproject' });
    expect(lowered.family).toBe('ac');
    const files = generateProject(lowered, library, {});
    const params = files.get('firmware/parameters.h')!;
    for (const p of ['weight_binary', 'weight_ternary', 'weight_exponential', 'mult'])
      expect(params).toContain(`nnet::product::${p}<x_T, w_T>`);
    expect(files.get('firmware/defines.h')).toMatch(
      /struct weight\d+_t \{ ac_int<1,false> sign; ac_int<\d+,true> weight; \};/,
    );
    expect(files.get('firmware/nnet_utils/nnet_mult.h')).toBe(library.get('nnet_utils/nnet_mult.h'));
    const r = await runTraceParity('catapult_dense_products', lowered, parityInputs(seed, 16, 1.5));
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.traced.sort()).toEqual(['fc_mult', 'fc_po2', 'fc_ternary', 'fc_xnor']);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 900_000);

  it('XNOR dense on ac_int<1> inputs: the popcount conversion floors on ac types', async () => {
    const seed = 29;
    const d = new TypeDraw(seed);
    let c: DesignConfig = withLayerSetting(CATAPULT, 'in', { precision: { result: 'ap_uint<1>' } });
    c = drawDense(c, d, 'fc_xnor', 20, 7);
    c = drawDense(c, d, 'fc_u1', 20, 5);
    // a fractional bias, so that acc − n_in/2 is not an integer and floor ≠ truncation toward zero
    c = withLayerSetting(c, 'fc_xnor', {
      precision: { bias: 'ap_fixed<12,8>', accum: 'ap_fixed<16,8>', result: 'ap_fixed<16,10>' },
    });
    c = withLayerSetting(c, 'fc_u1', { precision: { result: 'ap_fixed<4,4,AP_TRN,AP_SAT>' } });
    const g = xnorGraph(seed);
    const lowered = lower(g, { ...c, projectName: 'myproject' });
    const rows = parityInputs(seed, 20, 1.5);
    // the same model on Vivado (truncation toward zero) gives other fc_xnor values for some rows
    const vivado = lower(g, { ...c, backend: 'Vivado', projectName: 'myproject' });
    const ours = emulate(lowered, rows, { trace: true }).traces!['fc_xnor']!;
    const theirs = emulate(vivado, rows, { trace: true }).traces!['fc_xnor']!;
    expect(Array.from(ours)).not.toEqual(Array.from(theirs));
    const r = await runTraceParity('catapult_dense_xnor', lowered, rows);
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.traced.sort()).toEqual(['fc_u1', 'fc_xnor']);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 900_000);

  it('Conv1D with int<2> weights takes weight_ternary on Catapult too', async () => {
    const seed = 14;
    const d = new TypeDraw(seed);
    let c: DesignConfig = withLayerSetting(CATAPULT, 'in', { precision: { result: d.fixed(8, 12, 3, 5) } });
    c = withLayerSetting(c, 'conv_t', {
      strategy: 'Resource',
      reuseFactor: 3,
      trace: true,
      precision: { accum: d.fixed(9, 14, 3, 6), result: d.fixed(8, 14, 3, 6) },
    });
    c = drawDense(c, d, 'fc_out', 32, 5);
    const lowered = lower(ternaryConvGraph(seed), { ...c, projectName: 'myproject' });
    const params = generateProject(lowered, library, {}).get('firmware/parameters.h')!;
    expect(params.match(/nnet::product::weight_ternary<x_T, w_T>/g)?.length).toBe(1);
    const r = await runTraceParity('catapult_conv_ternary', lowered, parityInputs(seed, 24, 1.5));
    expect(r.rows).toBe(1000);
    expect(r.mismatches).toEqual([]);
    expect(r.traced.sort()).toEqual(['conv_t', 'fc_out']);
    expect(r.overflowEvents).toBeGreaterThan(0);
  }, 900_000);
});
