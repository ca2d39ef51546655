import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting } from '../config/designConfig';
import { toApType } from '../fixed/format';
import { makeFixed } from '../fixed/types';
import type { ModelGraph } from '../ir/graph';
import { inferDenseAccum } from './inferPrecision';
import { lower } from './lower';
import { closestReuseFactor, isValidReuseFactor, validReuseFactors } from './reuseFactor';

function mlp(nIn: number, nOut: number): ModelGraph {
  const src = (op: string) => ({ op, node: op });
  return {
    name: 'm',
    format: 'test',
    inputs: ['x'],
    outputs: ['sm'],
    metadata: {},
    layers: [
      { kind: 'Input', name: 'x', inputs: [], outputShape: [nIn], source: src('Input') },
      {
        kind: 'Dense',
        name: 'fc',
        inputs: ['x'],
        outputShape: [nOut],
        nIn,
        nOut,
        weight: { shape: [nIn, nOut], data: new Float32Array(nIn * nOut).fill(0.25) },
        bias: { shape: [nOut], data: new Float32Array(nOut) },
        source: src('Gemm'),
      },
      { kind: 'Softmax', name: 'sm', inputs: ['fc'], outputShape: [nOut], axis: -1, source: src('Softmax') },
    ],
  };
}

describe('reuse factor rule (hls4ml-facts.md §5.4)', () => {
  it('valid factors of a 16×64 layer', () => {
    expect(validReuseFactors(16, 64)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(isValidReuseFactor(16, 64, 3)).toBe(false);
  });
  it('valid factors of a 10×5 layer include RF > n_in multiples of n_in only', () => {
    expect(validReuseFactors(10, 5)).toEqual([1, 2, 5, 10, 50]);
  });
  it('snaps to the closest, ties to the smaller', () => {
    expect(closestReuseFactor([1, 2, 4, 8], 3)).toBe(2);
    expect(closestReuseFactor([1, 2, 4, 8], 7)).toBe(8);
  });
  it('an invalid request is snapped with a warning that says so', () => {
    const g = lower(mlp(16, 64), withLayerSetting(defaultConfig(), 'fc', { reuseFactor: 3 }));
    expect(g.layers[1]!.reuseFactor).toBe(2);
    const w = g.reports.flatMap((r) => r.warnings);
    expect(w).toEqual([
      {
        layer: 'fc',
        message: expect.stringContaining('reuse factor 3 is not valid for a 16×64 layer; using 2'),
      },
    ]);
  });
  it('Resource Unrolled with RF 1 falls back to Resource', () => {
    const g = lower(mlp(4, 4), withLayerSetting(defaultConfig(), 'fc', { strategy: 'Resource Unrolled' }));
    expect(g.layers[1]!.strategy).toBe('resource');
  });
});

describe('precision resolution', () => {
  it('auto accum/result of a Dense follows the inference rule', () => {
    const t = inferDenseAccum(makeFixed(16, 6), makeFixed(16, 6), makeFixed(16, 6), 8);
    expect(toApType(t)).toBe('ap_fixed<36,16>');
    const cfg = withLayerSetting(defaultConfig(), 'fc', { precision: { result: 'auto', accum: 'auto' } });
    const g = lower(mlp(16, 3), cfg);
    expect(toApType(g.layers[1]!.types['accum_t']!)).toBe('ap_fixed<37,17>');
    expect(g.layers[1]!.typeOrigins['accum_t']).toMatch(/^auto → Dense/);
  });
  it('name beats type beats model', () => {
    let cfg = defaultConfig();
    cfg = { ...cfg, layerType: { Dense: { precision: { weight: 'ap_fixed<8,2>' } } } };
    cfg = withLayerSetting(cfg, 'fc', { precision: { default: 'ap_fixed<10,4>' } });
    const fc = lower(mlp(4, 4), cfg).layers[1]!;
    // name+default (10,4) wins over type+weight (8,2), per get_precision's order
    expect(toApType(fc.types['weight_t']!)).toBe('ap_fixed<10,4>');
    expect(toApType(fc.types['result_t']!)).toBe('ap_fixed<10,4>');
    expect(fc.typeOrigins['weight_t']).toBe('LayerName.fc.Precision.default');
  });
  it('softmax: stable derives inp_norm_t and clamps the exp table to 2^(W−1)', () => {
    const cfg = withLayerSetting(defaultConfig(), 'fc', { precision: { result: 'ap_fixed<8,3>' } });
    const sm = lower(mlp(4, 4), cfg).layers[2]!;
    expect(toApType(sm.types['inp_norm_t']!)).toBe('ap_ufixed<7,2>');
    expect(sm.softmax).toEqual({ implementation: 'stable', expTableSize: 128, invTableSize: 256 });
  });
  it('an invalid precision in the config is a located error', () => {
    const cfg = withLayerSetting(defaultConfig(), 'fc', { precision: { weight: 'ap_fixed<4,9,FOO>' } });
    expect(() => lower(mlp(4, 4), cfg)).toThrowError(/unknown rounding mode 'FOO'/);
  });
});

describe('linear activations', () => {
  function withLinear(): ModelGraph {
    const g = mlp(4, 3);
    const [x, fc, sm] = g.layers;
    const lin = {
      kind: 'Activation' as const,
      name: 'lin',
      inputs: ['fc'],
      outputShape: [3],
      activation: 'linear' as const,
      source: { op: 'Identity', node: 'lin' },
    };
    return { ...g, layers: [x!, fc!, lin, { ...sm!, inputs: ['lin'] }] };
  }
  it('a linear activation between equal precisions is eliminated', () => {
    const g = lower(withLinear(), defaultConfig());
    expect(g.layers.map((l) => l.name)).toEqual(['x', 'fc', 'sm']);
    expect(g.layers[2]!.inputs).toEqual(['fc']);
  });
  it('merged into an auto-typed Dense, moving its own precision onto the Dense', () => {
    let cfg = withLayerSetting(defaultConfig(), 'fc', { precision: { result: 'auto' } });
    cfg = withLayerSetting(cfg, 'lin', { precision: { result: 'ap_fixed<9,3,AP_RND,AP_SAT>' } });
    const g = lower(withLinear(), cfg);
    expect(g.layers.map((l) => l.name)).toEqual(['x', 'fc', 'sm']);
    expect(toApType(g.layers[1]!.types['result_t']!)).toBe('ap_fixed<9,3,AP_RND,AP_SAT>');
  });
  it('kept when it really casts (different precisions, explicit parent)', () => {
    const cfg = withLayerSetting(defaultConfig(), 'lin', { precision: { result: 'ap_fixed<8,3>' } });
    const g = lower(withLinear(), cfg);
    expect(g.layers.map((l) => l.name)).toEqual(['x', 'fc', 'lin', 'sm']);
  });
});

describe('reuse factors by hand', () => {
  it('3×7 allows 1, 3 and 21 only', () => {
    expect(validReuseFactors(3, 7)).toEqual([1, 3, 21]);
  });
});

describe('check_config', () => {
  it('warns about entries that match nothing and lists kept keys', () => {
    let cfg = withLayerSetting(defaultConfig(), 'fc_1', { reuseFactor: 2 });
    cfg = { ...cfg, layerType: { Conv2D: { reuseFactor: 4 } }, extra: { OutputDir: 'x' } };
    const r = lower(mlp(4, 4), cfg).reports.find((p) => p.pass === 'check_config')!;
    expect(r.warnings).toEqual([
      { layer: 'fc_1', message: "LayerName 'fc_1' matches no layer of this model; it has no effect" },
      { layer: 'Conv2D', message: "LayerType 'Conv2D': the model has no such layer" },
    ]);
    expect(r.changes).toEqual([
      { layer: 'config', message: 'kept for export, not used by the studio yet: OutputDir' },
    ]);
  });
});

describe('fix_softmax_table_size per backend', () => {
  it('Vivado caps at 2^min(W); Quartus one bit less', () => {
    const cfg = withLayerSetting(defaultConfig(), 'fc', { precision: { result: 'ap_fixed<8,3>' } });
    expect(lower(mlp(4, 4), cfg).layers[2]!.tableSize).toBe(256);
    expect(lower(mlp(4, 4), { ...cfg, backend: 'Quartus' }).layers[2]!.tableSize).toBe(128);
  });
});

describe('set_fifo_depths', () => {
  it('io_stream: each stream holds its whole tensor (pixels); io_parallel: none', () => {
    const g = mlp(16, 8);
    const conv: ModelGraph = {
      ...g,
      layers: [
        { kind: 'Input', name: 'x', inputs: [], outputShape: [10, 4], source: { op: 'Input', node: 'x' } },
        {
          kind: 'Reshape',
          name: 'flat',
          inputs: ['x'],
          outputShape: [40],
          source: { op: 'Flatten', node: 'flat' },
        },
      ],
      outputs: ['flat'],
    };
    const stream = lower(conv, { ...defaultConfig(), ioType: 'io_stream' });
    expect(stream.layers.map((l) => [l.name, l.fifoDepth])).toEqual([
      ['x', 10],
      ['flat', 1],
    ]);
    expect(lower(conv, defaultConfig()).layers.map((l) => l.fifoDepth)).toEqual([null, null]);
  });
});
