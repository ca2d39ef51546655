/**
 * Golden: the emulator reproduces hls4ml's C-simulation outputs exactly. hls4ml's bridge hands outputs
 * back as float32, so each reference value is the float32 image of the fixed-point result: where the
 * output type fits a float32 exactly (≤ 24 significant bits) we compare raws; wider outputs are compared
 * through the same float32 rounding the bridge applies. No tolerance anywhere.
 */
import { describe, expect, it } from 'vitest';
import { emulate } from '../../src/core/emulate/engine';
import { fractionalBits } from '../../src/core/fixed/types';
import { lower } from '../../src/core/passes/lower';
import { loadGoldenCase } from './goldenCase';

describe.each(['a_jet_mlp_latency', 'g_sigmoid_tanh_lut', 'd_conv1d_relu_flatten_dense', 'f_dense_batchnorm_relu'])('golden %s', (name) => {
  it('emulator output equals hls4ml C-simulation, bit for bit', async () => {
    const c = await loadGoldenCase(name);
    const lowered = lower(c.graph, c.config);
    const result = emulate(lowered, c.inputs);
    const type = result.outputTypes[0]!;
    const values = result.outputs[0]!;
    const n = c.expected[0]!.length;
    expect(result.samples).toBe(c.inputs.length);
    const mismatches: string[] = [];
    for (let s = 0; s < c.inputs.length; s++) {
      for (let k = 0; k < n; k++) {
        const ours = values[s * n + k]!;
        const ref = c.expected[s]![k]!;
        if (type.width <= 24) {
          const refRaw = ref * 2 ** fractionalBits(type);
          const ourRaw = (result.outputRaws[0] as Float64Array)[s * n + k]!;
          if (refRaw !== ourRaw) mismatches.push(`row ${s} out ${k}: raw ${ourRaw} vs hls4ml ${refRaw}`);
        } else if (Math.fround(ours) !== ref) {
          mismatches.push(`row ${s} out ${k}: ${Math.fround(ours)} vs hls4ml ${ref}`);
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
