import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FloatReference } from './onnxReference';

// Our golden copy of ../shared/reference/a_jet_mlp_latency (torch's float outputs are in it).
const REF = new URL('../../../tests/golden/a_jet_mlp_latency/', import.meta.url);
const MODEL = new URL('model.onnx', REF);

describe('float reference (onnxruntime-web)', () => {
  it("matches torch's float32 outputs for the jet tagger", async () => {
    const rows = JSON.parse(readFileSync(new URL('input.json', REF), 'utf8')) as number[][];
    const expected = JSON.parse(readFileSync(new URL('float_output.json', REF), 'utf8')) as number[][];
    const ref = new FloatReference(new Uint8Array(readFileSync(MODEL)), 'jet_tagger.onnx');
    let calls = 0;
    const out = await ref.run(rows, async () => {
      calls++;
      return true;
    });
    expect(calls).toBeGreaterThan(0);
    const y = out![0]!;
    expect(y.length).toBe(rows.length * 5);
    let worst = 0;
    expected.forEach((row, i) =>
      row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - y[i * 5 + k]!)))),
    );
    expect(worst).toBeLessThan(1e-5);
    await ref.release();
  });
});
