/**
 * Nested models, TimeDistributed, QConv2DBatchnorm, EinsumDense and Bidirectional on the synthetic files of
 * scripts/make-keras-wrapper-fixtures.py (tests/fixtures/keras/wrappers/). Where a mapping has a flat
 * equivalent, the emulated fixed-point outputs of both must be identical.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/designConfig';
import { emulate } from '../../emulate/engine';
import type { ConvLayer, DenseLayer, Layer, ModelGraph } from '../../ir/graph';
import { lower } from '../../passes/lower';
import { loadModel } from '../index';
import { foldConvBatchnorm } from './convBatchnorm';
import { expectStudioError, repoFile, summary } from '../onnx/testing';

const fx = (name: string): { name: string; bytes: Uint8Array } => ({
  name,
  bytes: repoFile(`tests/fixtures/keras/wrappers/${name}`),
});
const load = (name: string): Promise<ModelGraph> => loadModel([fx(name)]);

/** (i mod 17 − 8)·scale + offset, rounded to float32: the generator's ramp. */
const ramp = (n: number, scale: number, offset = 0): number[] =>
  Array.from({ length: n }, (_, i) => Math.fround(((i % 17) - 8) * scale + offset));

function get<K extends Layer['kind']>(g: ModelGraph, name: string, kind: K): Extract<Layer, { kind: K }> {
  const l = g.layers.find((x) => x.name === name);
  if (!l || l.kind !== kind) throw new Error(`no ${kind} layer ${name}`);
  return l as Extract<Layer, { kind: K }>;
}

/** Deterministic rows of `width` values in about ±3. */
const rows = (n: number, width: number): number[][] =>
  Array.from({ length: n }, (_, r) =>
    Array.from({ length: width }, (_, i) => Math.sin(r * 7.1 + i * 2.3) * 3),
  );

function run(g: ModelGraph, input: number[][]): { out: number[]; traces: Record<string, number[]> } {
  const res = emulate(lower(g, defaultConfig()), input, { trace: true });
  const traces: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(res.traces ?? {})) traces[k] = Array.from(v as ArrayLike<number>);
  return { out: Array.from(res.outputs[0] as ArrayLike<number>), traces };
}

describe('nested models are expanded in place, inner layers keeping their names (hls4ml LayerGroup)', () => {
  it('Keras 2: a Functional inside a Functional gives the flat model, layer by layer and bit for bit', async () => {
    const nested = await load('nested_functional.h5');
    const flat = await load('nested_flat.h5');
    expect(summary(nested)).toEqual([
      ['x', 'Input', [4]],
      ['pre', 'Dense', [3]],
      ['pre_tanh', 'Activation', [3]],
      ['a', 'Dense', [3]],
      ['a_relu', 'Activation', [3]],
      ['b', 'Dense', [2]],
      ['post', 'Dense', [2]],
    ]);
    expect(summary(nested)).toEqual(summary(flat));
    expect(get(nested, 'post', 'Dense').inputs).toEqual(['b']);
    for (const n of ['pre', 'a', 'b', 'post']) {
      const [d, f] = [get(nested, n, 'Dense'), get(flat, n, 'Dense')];
      expect(Array.from(d.weight.data), n).toEqual(Array.from(f.weight.data));
      expect(Array.from(d.bias?.data ?? []), n).toEqual(Array.from(f.bias?.data ?? []));
    }
    expect(Array.from(get(nested, 'a', 'Dense').weight.data)).toEqual(ramp(9, 0.1875));
    const input = rows(32, 4);
    const [a, b] = [run(nested, input), run(flat, input)];
    expect(a.out).toHaveLength(64);
    expect(a.out.some((v) => v !== 0)).toBe(true);
    expect(a.out).toEqual(b.out);
  });

  it("Keras 3: a Sequential inside a Functional, weights found under the nested model's own keys", async () => {
    const g = await load('nested.keras');
    expect(summary(g)).toEqual([
      ['x', 'Input', [3]],
      ['stem', 'Dense', [3]],
      ['d1', 'Dense', [2]],
      ['d1_relu', 'Activation', [2]],
      ['d2', 'Dense', [2]],
      ['head', 'Dense', [1]],
    ]);
    expect(Array.from(get(g, 'stem', 'Dense').bias?.data ?? [])).toEqual(ramp(3, 0.25));
    expect(Array.from(get(g, 'd1', 'Dense').weight.data)).toEqual(ramp(6, 0.0625));
    expect(Array.from(get(g, 'd1', 'Dense').bias?.data ?? [])).toEqual([0.5, -0.5]);
    expect(Array.from(get(g, 'd2', 'Dense').weight.data)).toEqual(ramp(4, 0.375));
    expect(get(g, 'd2', 'Dense').bias).toBeNull();
    expect(Array.from(get(g, 'head', 'Dense').weight.data)).toEqual([1.5, -2]);
    expect(g.outputs).toEqual(['head']);
  });
});

describe('TimeDistributed', () => {
  it('(Dense) becomes the pointwise Conv1D of the wrapped layer, equal to the Dense on every time step', async () => {
    const g = await load('time_distributed.h5');
    expect(summary(g)).toEqual([
      ['seq', 'Input', [3, 4]],
      ['per_step', 'Conv', [3, 2]],
      ['per_step_relu', 'Activation', [3, 2]],
      ['step_tanh', 'Activation', [3, 2]],
      ['flat', 'Reshape', [6]],
      ['out', 'Dense', [1]],
    ]);
    const conv = get(g, 'per_step', 'Conv') as ConvLayer;
    expect(conv).toMatchObject({ rank: 1, kernel: [1], strides: [1], pads: [0, 0], nChan: 4, nFilt: 2 });
    expect(conv.weight.shape).toEqual([1, 4, 2]);
    expect(Array.from(conv.weight.data)).toEqual(ramp(8, 0.15625));
    expect(Array.from(conv.bias?.data ?? [])).toEqual([0.25, -0.5]);

    // The same Dense on one time step at a time.
    const dense: DenseLayer = {
      kind: 'Dense',
      name: 'per_step',
      nIn: 4,
      nOut: 2,
      weight: { shape: [4, 2], data: conv.weight.data },
      bias: conv.bias,
      inputs: ['step'],
      outputShape: [2],
      source: { op: 'Dense', node: 'per_step' },
    };
    const step: ModelGraph = {
      name: 'step',
      format: 'keras',
      layers: [
        {
          kind: 'Input',
          name: 'step',
          inputs: [],
          outputShape: [4],
          source: { op: 'InputLayer', node: 'step' },
        },
        dense,
      ],
      inputs: ['step'],
      outputs: ['per_step'],
      metadata: {},
    };
    const input = rows(16, 12);
    const whole = run(g, input).traces['per_step']!;
    const perStep = run(
      step,
      input.flatMap((r) => [r.slice(0, 4), r.slice(4, 8), r.slice(8, 12)]),
    ).out;
    expect(whole).toHaveLength(16 * 6);
    expect(whole.some((v) => v !== 0)).toBe(true);
    expect(whole).toEqual(perStep);
  });

  it('Keras 3: the wrapped layer’s variables under layer/vars', async () => {
    const g = await load('time_distributed.keras');
    expect(summary(g)).toEqual([
      ['seq', 'Input', [3, 4]],
      ['per_step', 'Conv', [3, 2]],
      ['per_step_relu', 'Activation', [3, 2]],
    ]);
    expect(Array.from(get(g, 'per_step', 'Conv').weight.data)).toEqual(ramp(8, 0.15625));
    expect(g.outputs).toEqual(['per_step_relu']);
  });

  it('(Conv2D) runs the wrapped layer per time step, its weights read from the wrapper (Keras 2)', async () => {
    const g = await load('td_conv.h5');
    expect(summary(g)).toEqual([
      ['frames', 'Input', [2, 4, 4, 1]],
      ['conv', 'TimeDistributed', [2, 2, 2, 2]],
    ]);
    const td = get(g, 'conv', 'TimeDistributed');
    expect(td.inner.kind).toBe('Conv');
    expect(td.inner.kind === 'Conv' && Array.from(td.inner.weight.data)).toEqual(ramp(18, 0.125));
    expect(g.outputs).toEqual(['conv']);
  });
});

describe('QConv2DBatchnorm', () => {
  it('is a Conv2D with the batch norm folded in float32 (as hls4ml), then its quantizers applied', async () => {
    const g = await load('qconv_batchnorm.h5');
    const twin = await load('qconv_batchnorm_folded.h5');
    expect(summary(g)).toEqual([
      ['img', 'Input', [4, 4, 2]],
      ['qcbn', 'Conv', [3, 3, 3]],
    ]);
    const [c, t] = [get(g, 'qcbn', 'Conv'), get(twin, 'qcbn', 'Conv')];
    expect(c.quantized).toEqual({ weight: 'fixed<8,3>', bias: 'fixed<10,4>' });
    // The twin holds numpy's float32 fold; both then go through the same quantized_bits.
    expect(Array.from(c.weight.data)).toEqual(Array.from(t.weight.data));
    expect(Array.from(c.bias?.data ?? [])).toEqual(Array.from(t.bias?.data ?? []));
    // Not the unfolded kernel: channel 0 scale 1.5/√0.641 ≈ 1.8735; bias (0.125 − 0.25)·1.8735 + 0.1 = −0.134
    // on quantized_bits(10,3)'s 2^-6 grid → −9/64; kernel −0.75·1.8735 = −1.405 on the 2^-5 grid → −45/32.
    expect(c.bias?.data[0]).toBe(-0.140625);
    expect(c.weight.data[0]).toBe(-1.40625);
    const input = rows(8, 32);
    expect(run(g, input).out).toEqual(run(twin, input).out);
  });
});

describe('EinsumDense', () => {
  it('a matrix product over the last axis is a Dense (a pointwise Conv over a 2-D input)', async () => {
    const g = await load('einsum_dense.keras');
    expect(summary(g)).toEqual([
      ['x', 'Input', [4]],
      ['ed', 'Dense', [3]],
      ['ed_relu', 'Activation', [3]],
      ['r', 'Reshape', [3, 1]],
      ['ed_seq', 'Conv', [3, 2]],
    ]);
    expect(Array.from(get(g, 'ed', 'Dense').weight.data)).toEqual(ramp(12, 0.125));
    expect(Array.from(get(g, 'ed', 'Dense').bias?.data ?? [])).toEqual([0.25, 0, -0.5]);
    const seq = get(g, 'ed_seq', 'Conv');
    expect(Array.from(seq.weight.data)).toEqual([1, -0.5]);
    expect(seq.bias).toBeNull();
  });

  it('other equations are refused with the equation in the message', async () => {
    const err = await expectStudioError(() => load('einsum_heads.keras'), {
      file: 'einsum_heads.keras',
      node: 'heads',
      op: 'EinsumDense',
    });
    expect(err.message).toBe("EinsumDense equation 'abc,cde->abde' with bias_axes 'e' is not a Dense");
  });
});

describe('Bidirectional', () => {
  // Mapped since the Bidirectional kind exists (bidirectional.test.ts); this file stores no weights for it.
  it('without stored weights is refused, naming the layer and the missing weight', async () => {
    const err = await expectStudioError(() => load('bidirectional.h5'), {
      file: 'bidirectional.h5',
      node: 'bi',
      op: 'Bidirectional',
    });
    expect(err.message).toBe(
      "weight 'kernel' is missing from the weights file (no weights stored for this layer)",
    );
  });
});

describe('foldConvBatchnorm', () => {
  it('uses 1/√(σ²+ε), γ and β only when present, and a zero bias when the conv has none', () => {
    // Two channels: σ²+ε = 4 and 0.25 → inv 0.5 and 2.
    const stats = { mean: [1, -1], variance: [3.75, 0], epsilon: 0.25 };
    const bare = foldConvBatchnorm([2, 3, -4, 5], null, { ...stats, gamma: null, beta: null });
    expect(Array.from(bare.weight)).toEqual([1, 6, -2, 10]);
    expect(Array.from(bare.bias)).toEqual([-0.5, 2]);
    const full = foldConvBatchnorm([2, 3, -4, 5], [3, 1], { ...stats, gamma: [2, -1], beta: [0.25, 1] });
    expect(Array.from(full.weight)).toEqual([2, -6, -4, -10]);
    expect(Array.from(full.bias)).toEqual([2 + 0.25, -4 + 1]);
  });
});
