// C-sim parity of the Keras wrapper mappings (tests/fixtures/keras/wrappers/): TimeDistributed(Dense) as a
// pointwise Conv1D, and QConv2DBatchnorm as a folded, quantized Conv2D. `make csim` must print exactly the
// emulator's outputs.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config/designConfig';
import { loadModel } from '../../src/core/frontends/index';
import { repoFile } from '../../src/core/frontends/onnx/testing';
import { runGraphParity } from './elementwiseHarness';

const CASES = [
  ['time_distributed.h5', 12, 1],
  ['qconv_batchnorm.h5', 32, 27],
] as const;

describe.each(CASES)('%s', (file, size, outs) => {
  it('make csim prints exactly the emulator outputs', async () => {
    const g = await loadModel([{ name: file, bytes: repoFile(`tests/fixtures/keras/wrappers/${file}`) }]);
    // Values in about ±4, every eighth row ×6 so that some sums overflow the default types.
    const rows = Array.from({ length: 200 }, (_, r) =>
      Array.from({ length: size }, (_, i) => Math.sin(r * 5.3 + i * 1.7) * 4 * (r % 8 === 0 ? 6 : 1)),
    );
    const res = await runGraphParity(`keras-${file.replace(/\W/g, '_')}`, g, defaultConfig(), rows);
    expect(res.rows).toBe(200);
    expect(res.mismatches).toEqual([]);
    expect(res.values).toBe(200 * outs);
  }, 600_000);
});
