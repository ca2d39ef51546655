import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { exportHls4mlYaml, importHls4mlConfig } from './hls4mlConfig';

const YAML_TEXT = `
Backend: Vivado
ProjectName: jet
Part: xcku115-flvb2104-2-i
ClockPeriod: 4
IOType: io_parallel
OutputDir: my-hls-test
HLSConfig:
  Model:
    Precision: ap_fixed<16,6>
    ReuseFactor: 2
    Strategy: Resource
    BramFactor: 1000000000
  LayerType:
    Dense:
      Precision:
        accum: ap_fixed<24,8>
  LayerName:
    fc1:
      Precision: {result: auto, weight: 'fixed<8,3,RND,SAT>'}
      ReuseFactor: 4
    softmax:
      Implementation: latency
      TableSize: 512
`;

describe('hls4ml config import/export', () => {
  it('reads every level and keeps unknown keys', () => {
    const c = importHls4mlConfig(YAML_TEXT, 'cfg.yml');
    expect(c.projectName).toBe('jet');
    expect(c.clockPeriod).toBe(4);
    expect(c.model.reuseFactor).toBe(2);
    expect(c.model.strategy).toBe('Resource');
    expect(c.model.precision).toEqual({ default: 'ap_fixed<16,6>' });
    expect(c.model.extra).toEqual({ BramFactor: 1000000000 });
    expect(c.layerType['Dense']!.precision).toEqual({ accum: 'ap_fixed<24,8>' });
    expect(c.layerName['fc1']).toEqual({
      precision: { result: 'auto', weight: 'fixed<8,3,RND,SAT>' },
      reuseFactor: 4,
    });
    expect(c.layerName['softmax']).toEqual({ implementation: 'latency', tableSize: 512 });
    expect(c.extra).toEqual({ OutputDir: 'my-hls-test' });
  });
  it('export → import is lossless', () => {
    const c = importHls4mlConfig(YAML_TEXT, 'cfg.yml');
    expect(importHls4mlConfig(exportHls4mlYaml(c), 'again.yml')).toEqual(c);
  });
  it('accepts a bare HLSConfig dict (JSON)', () => {
    const c = importHls4mlConfig('{"Model": {"Precision": "ap_fixed<8,4>", "ReuseFactor": 1}}', 'c.json');
    expect(c.model.precision['default']).toBe('ap_fixed<8,4>');
    expect(c.backend).toBe('Vivado');
  });
  it('errors name the file and the key', () => {
    const cases: [string, RegExp][] = [
      [
        'HLSConfig: {Model: {ReuseFactor: -2}}',
        /\(HLSConfig\.Model\.ReuseFactor\): ReuseFactor must be a positive integer/,
      ],
      [
        'HLSConfig: {LayerName: {fc1: {Precision: {weight: "ap_fixed<0,0>"}}}}',
        /HLSConfig\.LayerName\.fc1\.Precision\.weight.*width must be at least 1/,
      ],
      ['Backend: Foo', /\(Backend\): unknown backend "Foo"/],
      ['key: [unclosed', /^error: c\.yml: not valid YAML\/JSON/],
    ];
    for (const [text, re] of cases) {
      let err: unknown;
      try {
        importHls4mlConfig(text, 'c.yml');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StudioError);
      expect((err as StudioError).oneLine()).toMatch(re);
    }
  });
});
