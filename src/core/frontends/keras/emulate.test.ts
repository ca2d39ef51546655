/**
 * A Keras model through the rest of the pipeline: KERAS_3layer (Dense/ReLU/Softmax, kinds the emulator
 * handles) is lowered with the default config and emulated; the fixed-point outputs must be close to a
 * float64 forward pass computed here by hand from the loaded weights (a sanity check, not bit-exactness).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/designConfig';
import { emulate } from '../../emulate/engine';
import type { DenseLayer, ModelGraph } from '../../ir/graph';
import { lower } from '../../passes/lower';
import { loadModel } from '../index';
import { REPO_ROOT } from '../onnx/testing';

const SHARED = resolve(REPO_ROOT, '../shared/models/keras');
const present = existsSync(SHARED);
if (!present) console.warn(`keras emulation test: ../shared/models/keras is absent (${SHARED}); skipped`);

/** Float64 forward pass; returns the logits (before the softmax) and the probabilities. */
function floatForward(g: ModelGraph, row: readonly number[]): { logits: number[]; probs: number[] } {
  let x = [...row];
  let logits: number[] = [];
  for (const l of g.layers) {
    if (l.kind === 'Dense') {
      const d: DenseLayer = l;
      const y = Array.from({ length: d.nOut }, (_, j) => d.bias?.data[j] ?? 0);
      for (let i = 0; i < d.nIn; i++)
        for (let j = 0; j < d.nOut; j++) y[j]! += x[i]! * d.weight.data[i * d.nOut + j]!;
      x = y;
    } else if (l.kind === 'Activation') {
      expect(l.activation).toBe('relu');
      x = x.map((v) => Math.max(0, v));
    } else if (l.kind === 'Softmax') {
      logits = x;
      const m = Math.max(...x);
      const e = x.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      x = e.map((v) => v / s);
    } else expect(l.kind).toBe('Input');
  }
  return { logits, probs: x };
}

describe.skipIf(!present)('KERAS_3layer through lower() and emulate()', () => {
  it('fixed-point outputs track the float64 forward pass', async () => {
    const g = await loadModel(
      ['KERAS_3layer.json', 'KERAS_3layer_weights.h5'].map((name) => ({
        name,
        bytes: new Uint8Array(readFileSync(resolve(SHARED, name))),
      })),
    );
    const lowered = lower(g, defaultConfig());
    // Deterministic inputs in the jet-tagger feature range.
    const rows = Array.from({ length: 64 }, (_, r) =>
      Array.from({ length: 16 }, (_, i) => Math.sin(r * 16 + i * 7.3) * 1.5),
    );
    const res = emulate(lowered, rows, { trace: true });
    expect(res.outputNames).toEqual(['output_softmax_softmax']);
    const out = res.outputs[0] as Float64Array;
    const logitsFx = res.traces?.['output_softmax'] as Float64Array;
    expect(out.length).toBe(64 * 5);
    expect(logitsFx.length).toBe(64 * 5);
    let worstLogit = 0;
    let worstProb = 0;
    let agreeArgmax = 0;
    const arg = (v: readonly number[]): number => v.indexOf(Math.max(...v));
    rows.forEach((row, r) => {
      const ref = floatForward(g, row);
      expect(ref.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const fx = Array.from(out.subarray(r * 5, r * 5 + 5));
      const lfx = Array.from(logitsFx.subarray(r * 5, r * 5 + 5));
      for (let j = 0; j < 5; j++) {
        worstLogit = Math.max(worstLogit, Math.abs(lfx[j]! - ref.logits[j]!));
        worstProb = Math.max(worstProb, Math.abs(fx[j]! - ref.probs[j]!));
      }
      if (arg(fx) === arg(ref.probs)) agreeArgmax++;
    });
    // ap_fixed<16,6> with truncation (TRN) of weights, products and sums through four Dense layers of up
    // to 64 inputs drifts the logits by a few tenths; hls4ml's table softmax is coarser still.
    expect(worstLogit).toBeLessThan(0.5);
    expect(worstLogit).toBeGreaterThan(0); // it is a fixed-point run, not the float model
    expect(worstProb).toBeLessThan(0.25);
    expect(agreeArgmax).toBeGreaterThanOrEqual(60);

    // Layer by layer, each Dense fed the emulator's own input: within 0.1 of the float64 product.
    let prev = rows.flat();
    let width = 16;
    for (const l of g.layers) {
      if (l.kind === 'Input') continue;
      const trace = res.traces?.[l.name] as Float64Array;
      if (l.kind === 'Dense') {
        let worst = 0;
        for (let r = 0; r < rows.length; r++) {
          for (let j = 0; j < l.nOut; j++) {
            let y = l.bias?.data[j] ?? 0;
            for (let i = 0; i < l.nIn; i++) y += prev[r * width + i]! * l.weight.data[i * l.nOut + j]!;
            worst = Math.max(worst, Math.abs(y - trace[r * l.nOut + j]!));
          }
        }
        expect(worst, l.name).toBeLessThan(0.1);
        width = l.nOut;
      }
      prev = Array.from(trace);
    }
  });
});
