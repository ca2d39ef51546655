// C-sim parity of the two HGQ proxy models in ../shared/models/keras: the generated project (overrides as
// precisions, heterogeneous FixedPointQuantizer layers) prints exactly the emulator's outputs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config/designConfig';
import { loadModel } from '../../src/core/frontends/index';
import { runGraphParity } from './elementwiseHarness';

const KERAS = join(import.meta.dirname, '../../../shared/models/keras');
const present = existsSync(KERAS);
if (!present) console.warn(`HGQ C-sim parity: ${KERAS} is absent; skipped`);

const CASES = [
  ['hgq_jet_classifier.h5', 16, 300],
  ['hgq_mnist_heterogeneous.h5', 784, 40],
] as const;

describe.skipIf(!present).each(CASES)('%s', (file, size, n) => {
  it('make csim prints exactly the emulator outputs', async () => {
    const g = await loadModel([{ name: file, bytes: new Uint8Array(readFileSync(join(KERAS, file))) }]);
    // Jet features spread over ±8; MNIST pixels in [0, 1] with a few out-of-range values.
    const rows = Array.from({ length: n }, (_, r) =>
      Array.from({ length: size }, (_, i) =>
        size === 16 ? Math.sin(r * 16 + i * 7.3) * (1 + (r % 8)) : ((i * 31 + r * 17) % 23) / 20,
      ),
    );
    const res = await runGraphParity(file.replace('.h5', ''), g, defaultConfig(), rows);
    expect(res.rows).toBe(n);
    expect(res.mismatches).toEqual([]);
    expect(res.values).toBe(n * (size === 16 ? 5 : 10));
  }, 600_000);
});
