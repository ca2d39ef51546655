import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting } from '../config/designConfig';
import { toApType } from '../fixed/format';
import type { Layer, ModelGraph } from '../ir/graph';
import { constantType } from './inferElementwisePrecision';
import { lower } from './lower';

const src = (n: string) => ({ op: n, node: n });

function g(layers: Layer[], outputs: string[]): ModelGraph {
  return {
    name: 'm',
    format: 'test',
    layers,
    inputs: ['x', 'y'].filter((n) => layers.some((l) => l.name === n)),
    outputs,
    metadata: {},
  };
}

describe('constantType', () => {
  it('is the smallest type holding the constant, at most 8 bits plus sign', () => {
    expect(toApType(constantType(0.3))).toBe('ap_ufixed<8,-1>');
    expect(toApType(constantType(0.25))).toBe('ap_ufixed<1,-1>');
    expect(toApType(constantType(1))).toBe('ap_ufixed<1,1>');
    expect(toApType(constantType(-0.5))).toBe('ap_fixed<2,1>');
    expect(toApType(constantType(6))).toBe('ap_ufixed<2,3>');
    expect(toApType(constantType(0))).toBe('ap_ufixed<1,1>');
  });
});

describe('infer_precision_types for merges, dot, concatenate and parameters', () => {
  const layers: Layer[] = [
    { kind: 'Input', name: 'x', inputs: [], outputShape: [4], source: src('x') },
    { kind: 'Activation', name: 'u', inputs: ['x'], outputShape: [4], source: src('u'), activation: 'relu' },
    { kind: 'Merge', name: 'add', op: 'add', inputs: ['x', 'u'], outputShape: [4], source: src('add') },
    { kind: 'Merge', name: 'sub', op: 'subtract', inputs: ['u', 'u'], outputShape: [4], source: src('sub') },
    { kind: 'Merge', name: 'mul', op: 'multiply', inputs: ['x', 'u'], outputShape: [4], source: src('mul') },
    { kind: 'Merge', name: 'max', op: 'maximum', inputs: ['x', 'u'], outputShape: [4], source: src('max') },
    { kind: 'Concatenate', name: 'cat', axis: 0, inputs: ['x', 'u'], outputShape: [8], source: src('cat') },
    { kind: 'Dot', name: 'dot', inputs: ['x', 'u'], outputShape: [1], source: src('dot') },
    {
      kind: 'Activation',
      name: 'lr',
      inputs: ['x'],
      outputShape: [4],
      source: src('lr'),
      activation: 'leaky_relu',
      alpha: 0.3,
    },
    {
      kind: 'Activation',
      name: 'th',
      inputs: ['x'],
      outputShape: [4],
      source: src('th'),
      activation: 'thresholded_relu',
      theta: 1,
    },
  ];
  let c = defaultConfig();
  c = withLayerSetting(c, 'x', { precision: { result: 'ap_fixed<10,4>' } });
  c = withLayerSetting(c, 'u', { precision: { result: 'ap_ufixed<8,3,AP_RND,AP_SAT>' } });
  for (const n of ['add', 'sub', 'mul', 'max', 'cat'])
    c = withLayerSetting(c, n, { precision: { result: 'auto' } });
  c = withLayerSetting(c, 'dot', { precision: { result: 'auto', accum: 'auto' } });
  c = withLayerSetting(c, 'lr', { precision: { param: 'auto' } });
  c = withLayerSetting(c, 'th', { precision: { param: 'auto' } });
  const lowered = lower(g(layers, ['add', 'sub', 'mul', 'max', 'cat', 'dot', 'lr', 'th']), c);
  const t = (n: string, slot = 'result_t') =>
    toApType(lowered.layers.find((l) => l.name === n)!.types[slot]!);

  it('follows hls4ml §5.5', () => {
    // x: fixed<10,4> (F 6), u: ufixed<8,3> (F 5)
    expect(t('add')).toBe('ap_fixed<11,5>'); // I = max(4, 3 + 1) + 1, F = max(6, 5)
    expect(t('sub')).toBe('ap_fixed<9,4>'); // unsigned operands, subtract: signed
    expect(t('mul')).toBe('ap_fixed<18,7>');
    expect(t('max')).toBe('ap_fixed<10,4>'); // I = max(4, 3 + 1), F = 6
    expect(t('cat')).toBe('ap_fixed<10,4,AP_RND,AP_SAT>'); // first non-default modes
    expect(t('dot', 'accum_t')).toBe('ap_fixed<20,9>'); // 10 + 8 + 2, 4 + 3 + 2
    expect(t('dot')).toBe('ap_fixed<20,9>');
    expect(t('lr', 'param_t')).toBe('ap_ufixed<8,-1>');
    expect(t('th', 'param_t')).toBe('ap_fixed<10,4>');
  });
});
