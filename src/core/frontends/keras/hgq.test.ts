/**
 * HGQ proxy models (FixedPointQuantizer): both files in ../shared/models/keras load with the overrides as
 * the layers' precisions, uniform quantizers folded away and heterogeneous ones as FixedPointQuantizer
 * layers. The jet classifier's emulation is compared value for value with a float64 re-implementation of
 * the proxy model written here from HGQ's semantics (floor/round to 2^-f, wrap to b bits).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/designConfig';
import { emulate } from '../../emulate/engine';
import { generateProject } from '../../backends/index';
import { loadHlsLibraryFromDisk } from '../../../cli/hlsLibrary';
import type { FixedPointQuantizerLayer, Layer, ModelGraph } from '../../ir/graph';
import { lower } from '../../passes/lower';
import { loadModel } from '../index';
import { REPO_ROOT } from '../onnx/testing';
import { coveringPrecision, uniformPrecision } from './hgq';
import { buildKeras, kerasLayer, type Tensors } from './testModels';

const SHARED = resolve(REPO_ROOT, '../shared/models/keras');
const present = existsSync(SHARED);
if (!present) console.warn(`HGQ test: ../shared/models/keras is absent (${SHARED}); skipped`);

const load = (name: string): Promise<ModelGraph> =>
  loadModel([{ name, bytes: new Uint8Array(readFileSync(resolve(SHARED, name))) }]);

/** HGQ's quantizer on a double: k sign, b bits, i integer bits (sign included). */
function q(x: number, k: number, b: number, i: number, rnd: string): number {
  if (b === 0) return 0;
  const f = b - i;
  const m = Math.floor(x * 2 ** f + (rnd === 'RND' ? 0.5 : 0));
  const mod = 2 ** b;
  let w = ((m % mod) + mod) % mod;
  if (k === 1 && w >= mod / 2) w -= mod;
  return w / 2 ** f;
}

/** q() from a precision string such as fixed<12,9,TRN,WRAP> / ufixed<8,6>. */
function qs(x: number, p: string): number {
  const m = /^(u?)fixed<(\d+),(-?\d+)(?:,(\w+))?/.exec(p);
  if (!m) throw new Error(p);
  return q(x, m[1] ? 0 : 1, Number(m[2]), Number(m[3]), m[4] ?? 'TRN');
}

/** The proxy model in float64 (Dense / relu / quantizers only: the jet classifier). */
function reference(g: ModelGraph, row: readonly number[]): number[] {
  const vals = new Map<string, number[]>();
  for (const l of g.layers) {
    const x = vals.get(l.inputs[0] ?? '') ?? [];
    const res = l.quantized?.['result'] as string;
    let y: number[];
    if (l.kind === 'Input') y = row.map((v) => qs(Math.fround(v), res));
    else if (l.kind === 'Dense') {
      y = Array.from({ length: l.nOut }, (_, j) => {
        let s = qs(l.bias?.data[j] ?? 0, l.quantized?.['bias'] as string);
        for (let i = 0; i < l.nIn; i++)
          s += x[i]! * qs(l.weight.data[i * l.nOut + j]!, l.quantized?.['weight'] as string);
        return qs(s, res);
      });
    } else if (l.kind === 'Activation') y = x.map((v) => qs(Math.max(0, v), res));
    else if (l.kind === 'FixedPointQuantizer') {
      y = x.map((v, e) => qs(q(v, l.keepNegative[e]!, l.bits[e]!, l.integers[e]!, l.rounding), res));
    } else throw new Error(l.kind);
    vals.set(l.name, y);
  }
  return vals.get(g.outputs[0]!)!;
}

const kinds = (g: ModelGraph): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const l of g.layers) out[l.kind] = (out[l.kind] ?? 0) + 1;
  return out;
};
const byName = (g: ModelGraph, n: string): Layer => g.layers.find((l) => l.name === n)!;

describe.skipIf(!present)('HGQ proxy models', () => {
  it('hgq_jet_classifier.h5: overrides become precisions, fusible quantizers fold', async () => {
    const g = await load('hgq_jet_classifier.h5');
    expect(kinds(g)).toEqual({ Input: 1, FixedPointQuantizer: 5, Dense: 4, Activation: 3 });
    expect(g.layers.some((l) => l.name === 'dense_1_quantizer')).toBe(false);
    expect(byName(g, 'dense_1').quantized).toEqual({
      weight: 'fixed<10,5>',
      bias: 'fixed<21,9>',
      accum: 'fixed<21,9>',
      result: 'fixed<12,9,TRN,WRAP>',
    });
    expect(byName(g, 'input_1').quantized).toEqual({ result: 'fixed<12,5,TRN,WRAP>' });
    const qz = byName(g, 'dense_1_relu_quantizer') as FixedPointQuantizerLayer;
    expect(qz.bits.length).toBe(64);
    expect([qz.keepNegative[2], qz.bits[2], qz.integers[2]]).toEqual([0, 10, 8]);
    expect(qz.quantized).toEqual({ result: 'ufixed<11,8,TRN,WRAP>' });
  });

  it('hgq_jet_classifier.h5 emulates exactly as the float64 proxy model', async () => {
    const g = await load('hgq_jet_classifier.h5');
    const rows = Array.from({ length: 200 }, (_, r) =>
      Array.from({ length: 16 }, (_, i) => Math.sin(r * 16 + i * 7.3) * (1 + (r % 7))),
    );
    const res = emulate(lower(g, defaultConfig()), rows);
    const out = res.outputs[0] as Float64Array;
    let nonZero = 0;
    rows.forEach((row, r) => {
      const ref = reference(g, row);
      expect(Array.from(out.subarray(r * 5, r * 5 + 5)), `row ${r}`).toEqual(ref);
      nonZero += ref.filter((v) => v !== 0).length;
    });
    expect(nonZero).toBeGreaterThan(500);
  });

  it('hgq_mnist_heterogeneous.h5 loads, emulates and converts', async () => {
    const g = await load('hgq_mnist_heterogeneous.h5');
    expect(kinds(g)).toEqual({
      Input: 1,
      FixedPointQuantizer: 5,
      Reshape: 2,
      Conv: 2,
      Activation: 3,
      Pooling: 2,
      Dense: 2,
    });
    const qz = byName(g, 'h_quantize_quantizer') as FixedPointQuantizerLayer;
    // The [1, 1, 28] mask broadcasts over the 28 rows: element (r, c) takes column c's type.
    expect(qz.bits.length).toBe(784);
    expect(qz.bits.slice(28, 56)).toEqual(qz.bits.slice(0, 28));
    const lowered = lower(g, defaultConfig());
    const rows = [Array.from({ length: 784 }, (_, i) => ((i * 37) % 17) / 5)];
    const res = emulate(lowered, rows);
    expect((res.outputs[0] as Float64Array).length).toBe(10);
    const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
    const params = files.get('firmware/parameters.h') ?? '';
    expect(params).toContain('nnet::quantize_element<ap_ufixed<1,2,AP_RND,AP_WRAP>>(data[1], res[1]);');
    expect(files.get('firmware/myproject.cpp')).toContain('nnet::fixed_point_quantizer<');
  });

  it('folds one type everywhere, and covers mixed element types', () => {
    const base = { fusible: false, rounding: 'RND', overflow: 'SAT' };
    expect(uniformPrecision({ ...base, k: [1, 1], b: [6, 6], i: [2, 2] })).toBe('fixed<6,2,RND,SAT>');
    expect(uniformPrecision({ ...base, k: [1, 1], b: [6, 5], i: [2, 2] })).toBeNull();
    expect(uniformPrecision({ ...base, k: [0], b: [0], i: [0] })).toBeNull();
    // fixed<6,2> (4 fractional bits) and ufixed<3,3>: signed, 3+1 integer bits, 4 fractional bits.
    expect(coveringPrecision({ ...base, k: [1, 0, 0], b: [6, 3, 0], i: [2, 3, 9] })).toBe('fixed<8,4>');
  });
});

/** Input(4) → Dense d → q (uniform signed <8,3>) → outputs, through convertKeras with in-memory weights. */
function uniformModel(opts: { dOverride?: string; alsoRead?: boolean }): ModelGraph {
  const L = kerasLayer;
  const overrides = opts.dOverride ? { layers: { d: { result_t: opts.dOverride } } } : { layers: {} };
  const layers = [
    L('InputLayer', 'x', { batch_input_shape: [null, 4] }, []),
    L('Dense', 'd', { units: 3, activation: 'linear', use_bias: false }, ['x']),
    L('FixedPointQuantizer', 'q', { RND: 'RND', SAT: 'SAT', fusible: false, overrides }, ['d']),
    ...(opts.alsoRead ? [L('Add', 'sum', {}, ['d', 'q'])] : []),
  ];
  const tensors: Tensors = {
    d: new Map([['kernel', { shape: [4, 3], data: new Float32Array(12).fill(0.5) }]]),
    q: new Map([
      ['keep_negative', { shape: [1, 3], data: Float32Array.of(1, 1, 1) }],
      ['bits', { shape: [1, 3], data: Float32Array.of(8, 8, 8) }],
      ['integers', { shape: [1, 3], data: Float32Array.of(3, 3, 3) }],
    ]),
  };
  return buildKeras('m', layers, tensors, opts.alsoRead ? 'sum' : 'q');
}

describe('uniform FixedPointQuantizer folding', () => {
  it('folds into its producer when it is the only reader and the producer has no other type', () => {
    const g = uniformModel({});
    expect(g.layers.map((l) => l.name)).toEqual(['x', 'd']);
    expect(byName(g, 'd').quantized).toEqual({ result: 'fixed<8,3,RND,SAT>' });
    expect(g.outputs).toEqual(['d']);
  });

  it('is a linear activation with that result when the producer has its own type', () => {
    const g = uniformModel({ dOverride: 'fixed<12,4,TRN,WRAP>' });
    const q = byName(g, 'q');
    expect([q.kind, q.kind === 'Activation' && q.activation]).toEqual(['Activation', 'linear']);
    expect(q.quantized).toEqual({ result: 'fixed<8,3,RND,SAT>' });
    expect(byName(g, 'd').quantized).toEqual({ result: 'fixed<12,4,TRN,WRAP>' });
  });

  it('is a linear activation when another layer reads the producer too', () => {
    const g = uniformModel({ alsoRead: true });
    expect(byName(g, 'q').kind).toBe('Activation');
    expect(byName(g, 'd').quantized).toBeUndefined();
    expect(byName(g, 'sum').inputs).toEqual(['d', 'q']);
  });
});
