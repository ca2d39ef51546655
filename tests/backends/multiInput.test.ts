/**
 * A model with two inputs: each row holds both inputs flattened and concatenated in the model's input
 * order, for the emulator, the float reference and the generated testbench alike. Found in the studio,
 * where a two-input ONNX model could not be emulated at all: the emulator gave each Input the whole row.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, withBackend, type BackendName } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { prepareFloatReference } from '../../src/core/float/irFloat';
import type { Layer } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { runCsim } from './csim';
import * as G from './graphs';

// a (5 values) → dense → 3; b (3 values); out = dense(a) + b. Inputs listed b first: the order is the model's.
const layers: Layer[] = [
  G.input('b', 3),
  G.input('a', 5),
  G.dense('fc', 'a', 5, 3, 11, 2),
  {
    kind: 'Merge',
    name: 'sum',
    inputs: ['fc', 'b'],
    outputShape: [3],
    source: { op: 'Add', node: 'sum' },
    op: 'add',
  },
];
const model = { ...G.graph('two_inputs', layers, ['sum']), inputs: ['b', 'a'] };
// values up to ±24: the sums leave ap_fixed<16,6> and wrap in some rows
const rows = G.rows(300, 8, 48, 5).map((r) => r.map((v) => Math.fround(v - 24)));

describe('a model with two inputs', () => {
  it('reads each input from its slice of the row, and says what a row must hold', () => {
    const lowered = lower(model, defaultConfig());
    const out = emulate(lowered, [[1, 2, 3, 0, 0, 0, 0, 0]]).outputs[0]!;
    // a = 0 → fc gives its bias; b = [1, 2, 3] is added
    const bias = emulate(lowered, [[0, 0, 0, 0, 0, 0, 0, 0]]).outputs[0]!;
    expect(Array.from(out)).toEqual(Array.from(bias, (v, i) => v + [1, 2, 3][i]!));
    expect(() => emulate(lowered, [[1, 2, 3]])).toThrow(
      "input row 0 has 3 values but the model's 2 inputs take 8 (b: 3, a: 5)",
    );
    const float = prepareFloatReference(model)([
      [1, 2, 3, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
    ]).outputs[0]!.data;
    expect([0, 1, 2].map((i) => float[i]! - float[3 + i]!)).toEqual([1, 2, 3]);
  });

  for (const backend of ['Vivado', 'Quartus', 'Catapult'] as BackendName[]) {
    it(`${backend}: make csim equals the emulator on 300 rows, wrapping ones included`, async () => {
      const lowered = lower(model, withBackend(defaultConfig(), backend));
      const emulated = emulate(lowered, rows);
      const out = emulated.outputs[0]!;
      const want = rows.map((_, s) => Array.from(out.slice(s * 3, s * 3 + 3)));
      const got = await runCsim(
        generateProject(lowered, loadHlsLibraryFromDisk()),
        `two_inputs_${backend}`,
        rows,
      );
      expect(got).toEqual(want);
      expect(emulated.layers.find((l) => l.name === 'sum')!.overflows['result_t']).toBeGreaterThan(0);
    }, 240_000);
  }
});
