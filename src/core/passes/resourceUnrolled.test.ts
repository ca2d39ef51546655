// Resource Unrolled as hls4ml treats it: RF 1 → Resource, io_parallel Conv → Resource, Dense keeps it
// and sums in the Resource kernels' order (hls4ml's generated unrolled code walks the same loops).
import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../config/designConfig';
import { emulate } from '../emulate/engine';
import type { ConvLayer, ModelGraph } from '../ir/graph';
import { lower } from './lower';

const src = (op: string, node: string) => ({ op, node });

function model(): ModelGraph {
  const w = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 0.9);
  const conv: ConvLayer = {
    kind: 'Conv',
    name: 'conv',
    inputs: ['x'],
    outputShape: [6, 4],
    source: src('Conv1D', 'conv'),
    rank: 1,
    kernel: [3],
    strides: [1],
    dilations: [1],
    pads: [0, 0],
    nChan: 2,
    nFilt: 4,
    weight: { shape: [3, 2, 4], data: w(24, 1.3) },
    bias: { shape: [4], data: w(4, 2.1) },
  };
  return {
    name: 'm',
    format: 'test',
    metadata: {},
    inputs: ['x'],
    outputs: ['fc'],
    layers: [
      { kind: 'Input', name: 'x', inputs: [], outputShape: [8, 2], source: src('input', 'x') },
      conv,
      { kind: 'Reshape', name: 'flat', inputs: ['conv'], outputShape: [24], source: src('Flatten', 'flat') },
      {
        kind: 'Dense',
        name: 'fc',
        inputs: ['flat'],
        outputShape: [6],
        source: src('Dense', 'fc'),
        nIn: 24,
        nOut: 6,
        weight: { shape: [24, 6], data: w(144, 0.7) },
        bias: { shape: [6], data: w(6, 1.9) },
      },
    ],
  };
}

function withStrategy(strategy: 'Resource' | 'Resource Unrolled', rf: number): DesignConfig {
  let c = withLayerSetting(defaultConfig(), 'conv', { strategy, reuseFactor: 4 });
  c = withLayerSetting(c, 'fc', {
    strategy,
    reuseFactor: rf,
    precision: { accum: 'ap_fixed<9,3,AP_RND,AP_SAT>' },
  });
  return c;
}

describe('Resource Unrolled', () => {
  it('io_parallel Conv falls back to Resource with a report line; Dense keeps it', () => {
    const g = lower(model(), withStrategy('Resource Unrolled', 8));
    const by = (n: string) => g.layers.find((l) => l.name === n)!;
    expect(by('conv').strategy).toBe('resource');
    expect(by('fc').strategy).toBe('resource_unrolled');
    const changes = g.reports.flatMap((r) => r.changes).map((c) => c.message);
    expect(changes).toContain(
      'Resource Unrolled convolutions in io_parallel fall back to Resource (as hls4ml does)',
    );
  });

  it('sums in the Resource order, overflow for overflow, in every reuse regime', () => {
    const rows = Array.from({ length: 200 }, (_, s) =>
      Array.from({ length: 16 }, (_, k) => Math.cos(s * 31 + k) * 6),
    );
    for (const rf of [2, 8, 24, 48]) {
      const unrolled = emulate(lower(model(), withStrategy('Resource Unrolled', rf)), rows);
      const resource = emulate(lower(model(), withStrategy('Resource', rf)), rows);
      expect(Array.from(unrolled.outputs[0]!)).toEqual(Array.from(resource.outputs[0]!));
      const fc = unrolled.layers.find((l) => l.name === 'fc')!;
      expect(fc.overflows['accum_t']).toBeGreaterThan(0);
    }
  });
});
