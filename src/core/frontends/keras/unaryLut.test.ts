/**
 * HGQ UnaryLUT on a synthetic proxy model (testModels.ts): parsed with kif_out as table_t and result_t,
 * emulated exactly as HGQ's proxy model computes it in float64 (quantize the input, index the table by
 * round(x·2^f) mod N), written for Vivado, and refused clearly where hls4ml has no kernel.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../../cli/hlsLibrary';
import { generateProject } from '../../backends/index';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../config/designConfig';
import { emulate } from '../../emulate/engine';
import { prepareFloatReference } from '../../float/irFloat';
import { StudioError } from '../../errors';
import type { UnaryLUTLayer } from '../../ir/graph';
import { lower } from '../../passes/lower';
import { LUT_KIF_IN, hgqQuantize, hgqTable, lutFunction, unaryLutModel } from './testModels';

/** The proxy model in float64: FixedPointQuantizer fixed<5,2,RND,SAT>, then the table lookup. */
function reference(x: number, table: Float32Array): number {
  const q = hgqQuantize(x, 1, 5, 2, 'RND', 'SAT');
  const n = table.length;
  const idx = ((Math.round(q * 2 ** LUT_KIF_IN[2]) % n) + n) % n;
  return table[idx]!;
}

const rows = (n: number, width: number): number[][] =>
  Array.from({ length: n }, (_, r) =>
    Array.from({ length: width }, (_, i) => Math.sin(r * 3.7 + i * 1.3) * 2.6),
  );

describe('HGQ UnaryLUT', () => {
  it('parses the table with kif_out as table_t and result_t', () => {
    const g = unaryLutModel();
    expect(g.layers.map((l) => [l.name, l.kind])).toEqual([
      ['x', 'Input'],
      ['xq', 'Activation'],
      ['lut', 'UnaryLUT'],
    ]);
    const lut = g.layers[2] as UnaryLUTLayer;
    expect(lut.quantized).toEqual({ table: 'fixed<8,3>', result: 'fixed<8,3>' });
    expect(Array.from(lut.table.data)).toEqual(Array.from(hgqTable([1, 1, 3], [1, 2, 5], lutFunction)));
    const lowered = lower(g, defaultConfig());
    const t = lowered.layers.find((l) => l.name === 'lut')!.types;
    expect([t['result_t']?.width, t['result_t']?.integer, t['table_t']?.width]).toEqual([8, 3, 8]);
  });

  it('emulates exactly as the float64 proxy model, over every input bit pattern', () => {
    const g = unaryLutModel();
    const table = (g.layers[2] as UnaryLUTLayer).table.data as Float32Array;
    const input = rows(300, 6);
    const out = emulate(lower(g, defaultConfig()), input).outputs[0] as Float64Array;
    const seen = new Set<number>();
    input.forEach((row, r) =>
      row.forEach((x, i) => {
        expect(out[r * 6 + i], `row ${r} element ${i}`).toBe(reference(x, table));
        seen.add(hgqQuantize(x, 1, 5, 2, 'RND', 'SAT'));
      }),
    );
    // Negative inputs index the upper half of the table: all 32 patterns are reached.
    expect(seen.size).toBe(32);
  });

  it('has a float reference (HGQ: round(x·2^f) mod N), equal to the emulator inside the range', () => {
    const g = unaryLutModel();
    const input = rows(100, 6).map((r) => r.map((v) => v * 0.7)); // |x| < 1.9: no saturation
    const float = Array.from(prepareFloatReference(g)(input).outputs[0]!.data);
    expect(float).toEqual(Array.from(emulate(lower(g, defaultConfig()), input).outputs[0] as Float64Array));
  });

  it('refuses an input type with more bit patterns than the table has entries', () => {
    const g = unaryLutModel({ wide: true });
    const run = (): unknown => emulate(lower(g, defaultConfig()), rows(2, 6));
    expect(run).toThrow(StudioError);
    expect(run).toThrow(/input type has 7 bits \(128 bit patterns\) but the table has 32 entries/);
  });

  it('writes the table and call for Vivado, Vitis and Catapult; Quartus and oneAPI refuse it by name', () => {
    const lib = loadHlsLibraryFromDisk();
    const g = unaryLutModel({ dense: true });
    const files = generateProject(lower(g, defaultConfig()), lib, {});
    expect(files.get('firmware/myproject.cpp')).toMatch(
      /nnet::unary_lut<[^>]+>\(layer\d+_out, layer\d+_out, w\d+\);/,
    );
    expect(files.get('firmware/parameters.h')).toContain('#include "nnet_utils/nnet_unary_lut.h"');
    expect(files.get('firmware/parameters.h')).toContain('static const unsigned table_size = 32;');
    const header = [...files.entries()].find(
      ([p, t]) => p.startsWith('firmware/weights/') && t.includes('UnaryLUT'),
    );
    expect(header?.[1]).toContain(`${hgqTable([1, 1, 3], [1, 2, 5], lutFunction)[1]!.toFixed(5)}`);
    const vitis = generateProject(lower(g, defaultConfig('Vitis')), lib, {});
    expect(vitis.get('firmware/myproject.cpp')).toContain('nnet::unary_lut<');
    const catapult = generateProject(lower(g, defaultConfig('Catapult')), lib, {});
    expect(catapult.get('firmware/myproject.cpp')).toContain('nnet::unary_lut<');
    expect(catapult.has('firmware/nnet_utils/nnet_unary_lut.h')).toBe(true);
    for (const backend of ['Quartus', 'oneAPI'] as const) {
      const config: DesignConfig = defaultConfig(backend);
      expect(() => generateProject(lower(g, config), lib, {}), backend).toThrow(/UnaryLUT/);
    }
    const stream: DesignConfig = { ...defaultConfig(), ioType: 'io_stream' };
    const streamed = generateProject(lower(g, stream), lib, {});
    expect(streamed.get('firmware/parameters.h')).toContain('#include "nnet_utils/nnet_unary_lut_stream.h"');
  });

  it('keeps result_t = table_t when the configuration sets only the table type', () => {
    const g = unaryLutModel();
    const c = withLayerSetting(defaultConfig(), 'lut', { precision: { table: 'fixed<6,2,RND,SAT>' } });
    const t = lower(g, c).layers.find((l) => l.name === 'lut')!.types;
    expect([t['result_t']?.width, t['result_t']?.integer, t['result_t']?.rounding]).toEqual([6, 2, 'RND']);
  });
});
