// C-sim parity of Keras TimeDistributed (the synthetic models of src/core/frontends/keras/testModels.ts):
// around Flatten / BatchNormalization / Dense (mapped to the plain layers), and around Conv2D + pooling and
// Conv1D + padding + upsampling (a loop over time steps, nnet_time_distributed.h). `make csim` must print
// exactly the emulator's outputs.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type DesignConfig } from '../../src/core/config/designConfig';
import {
  CONV1D_PAD_UP,
  CONV2D_POOL,
  DEPTHWISE2D,
  SEPCONV1D_CROP_GAP,
  frameModel,
  frameRows as rows,
  timeDistributedModel,
} from '../../src/core/frontends/keras/testModels';
import { loadModel } from '../../src/core/frontends/index';
import { repoFile } from '../../src/core/frontends/onnx/testing';
import { configWith, runGraphParity } from './elementwiseHarness';

describe('TimeDistributed C-sim parity', () => {
  it('td_conv.h5 (Keras 2 file, wrapped Conv2D over two 4×4 frames): make csim prints the emulator outputs', async () => {
    const file = 'td_conv.h5';
    const g = await loadModel([{ name: file, bytes: repoFile(`tests/fixtures/keras/wrappers/${file}`) }]);
    const res = await runGraphParity('keras_td_conv_h5', g, defaultConfig(), rows(300, 32));
    expect(res.rows).toBe(300);
    expect(res.values).toBe(300 * 16);
    expect(res.mismatches).toEqual([]);
  }, 600_000);

  it('(Flatten, BatchNormalization, Dense): make csim prints exactly the emulator outputs', async () => {
    const res = await runGraphParity('keras_td', timeDistributedModel(true), defaultConfig(), rows(300, 24));
    expect(res.rows).toBe(300);
    expect(res.values).toBe(300 * 6);
    expect(res.mismatches).toEqual([]);
    expect(res.overflowEvents).toBeGreaterThan(0);
  }, 600_000);

  it('(Conv2D relu, MaxPooling2D) in a loop over 3 steps, Resource strategy', async () => {
    const g = frameModel(true, 3, [5, 5, 2], CONV2D_POOL);
    const config: DesignConfig = configWith({
      l0: { strategy: 'Resource', reuseFactor: 2, precision: { accum: 'ap_fixed<14,5,AP_TRN,AP_SAT>' } },
      l1: { precision: { result: 'ap_fixed<8,3,AP_RND,AP_SAT>' } },
    });
    const res = await runGraphParity('keras_td_conv2d', g, config, rows(200, 150));
    expect(res.rows).toBe(200);
    expect(res.values).toBe(200 * 36);
    expect(res.mismatches).toEqual([]);
    expect(res.overflowEvents).toBeGreaterThan(0);
  }, 600_000);

  it('(SeparableConv1D, Cropping1D, GlobalAveragePooling1D) and (DepthwiseConv2D) in loops', async () => {
    for (const [name, steps, frame, inner] of [
      ['sep', 3, [8, 3], SEPCONV1D_CROP_GAP],
      ['dw', 2, [4, 4, 2], DEPTHWISE2D],
    ] as const) {
      const g = frameModel(true, steps, [...frame], inner);
      const size = steps * frame.reduce((a: number, b: number) => a * b, 1);
      const res = await runGraphParity(`keras_td_${name}`, g, defaultConfig(), rows(200, size));
      expect(res.rows).toBe(200);
      expect(res.mismatches).toEqual([]);
    }
  }, 600_000);

  it.each(['Vivado', 'Catapult'] as const)(
    '(Conv1D, ZeroPadding1D, UpSampling1D) in a loop over 4 steps, %s',
    async (backend) => {
      const g = frameModel(true, 4, [7, 2], CONV1D_PAD_UP);
      const res = await runGraphParity(
        `keras_td_conv1d_${backend}`,
        g,
        defaultConfig(backend),
        rows(300, 56),
      );
      expect(res.rows).toBe(300);
      expect(res.values).toBe(300 * 80);
      expect(res.mismatches).toEqual([]);
    },
    600_000,
  );
});
