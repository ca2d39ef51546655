/**
 * Hostile and broken hls4ml configs (YAML or JSON): every one is refused with one clean line that names
 * the file and the key; nothing throws anything but a StudioError, nothing hangs. Unknown keys that are
 * not misspellings of ours are kept for hls4ml.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHls4mlConfig } from '../../src/core/config/hls4mlConfig';
import { StudioError } from '../../src/core/errors';

const GOLDEN = join(import.meta.dirname, '../golden');

function refusal(text: string): string {
  let caught: unknown;
  try {
    importHls4mlConfig(text, 'cfg.yml');
  } catch (e) {
    caught = e;
  }
  expect(caught, text.slice(0, 80)).toBeInstanceOf(StudioError);
  const line = (caught as StudioError).oneLine();
  expect(line).not.toMatch(/[\r\n]/);
  expect(line.startsWith('error: cfg.yml: ')).toBe(true);
  return line;
}

describe('configs: malformed text', () => {
  it.each([
    ['unclosed flow', 'HLSConfig: {Model: [', /not valid YAML\/JSON/],
    ['unclosed quote', 'Backend: "Vivado', /not valid YAML\/JSON/],
    ['tab indentation', 'HLSConfig:\n\tModel: {}', /not valid YAML\/JSON/],
    ['duplicate keys', 'Backend: Vivado\nBackend: Vitis', /not valid YAML\/JSON: Map keys must be unique/],
    ['broken JSON', '{"Backend": "Vivado",, }', /not valid YAML\/JSON/],
    ['deep nesting', '['.repeat(20_000), /not valid YAML\/JSON: nested more than 256 levels deep/],
    ['deep mappings', '{a: '.repeat(5_000), /nested more than 256 levels deep/],
    ['deep indentation', `a:\n${' '.repeat(4_000)}b: 1`, /nested more than 256 levels deep/],
    [
      'alias bomb',
      'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      /resource exhaustion/,
    ],
    ['empty', '', /must be a mapping at the top level/],
    ['a list', '- 1\n- 2', /must be a mapping at the top level/],
    ['binary', '\u0000\u0001\u0002\uffff', /must be a mapping at the top level|not valid YAML/],
  ])('%s', (_, text, re) => {
    expect(refusal(text)).toMatch(re);
  });
});

describe('configs: values out of range, naming the key', () => {
  it.each([
    [
      'HLSConfig: {Model: {Precision: "ap_fixed<0,0>"}}',
      '(HLSConfig.Model.Precision)',
      /width must be at least 1/,
    ],
    [
      'HLSConfig: {Model: {Precision: "ap_fixed<100000,1>"}}',
      '(HLSConfig.Model.Precision)',
      /width 100000 is larger than the supported maximum of \d+ bits/,
    ],
    [
      'HLSConfig: {Model: {Precision: "ap_fixed<16,6,AP_FOO>"}}',
      '(HLSConfig.Model.Precision)',
      /unknown rounding mode 'AP_FOO'/,
    ],
    ['HLSConfig: {Model: {Precision: "ap_fixed<16,6"}}', '(HLSConfig.Model.Precision)', /is not a precision/],
    ['HLSConfig: {Model: {Precision: 12}}', '(HLSConfig.Model.Precision)', /must be a string or a mapping/],
    [
      'HLSConfig: {LayerName: {fc1: {Precision: {result: "ap_fixed<-3,2>"}}}}',
      '(HLSConfig.LayerName.fc1.Precision.result)',
      /width must be at least 1/,
    ],
    [
      'HLSConfig: {Model: {ReuseFactor: -4}}',
      '(HLSConfig.Model.ReuseFactor)',
      /must be a positive integer, got -4/,
    ],
    [
      'HLSConfig: {Model: {ReuseFactor: 0}}',
      '(HLSConfig.Model.ReuseFactor)',
      /must be a positive integer, got 0/,
    ],
    [
      'HLSConfig: {Model: {ReuseFactor: 2.5}}',
      '(HLSConfig.Model.ReuseFactor)',
      /must be a positive integer, got 2.5/,
    ],
    [
      'HLSConfig: {Model: {ReuseFactor: "4"}}',
      '(HLSConfig.Model.ReuseFactor)',
      /must be a positive integer, got "4"/,
    ],
    [
      'HLSConfig: {Model: {ReuseFactor: 1e20}}',
      '(HLSConfig.Model.ReuseFactor)',
      /positive integer below 2\^31, got 100000000000000000000/,
    ],
    [
      'HLSConfig: {LayerType: {Softmax: {TableSize: -1024}}}',
      '(HLSConfig.LayerType.Softmax.TableSize)',
      /must be a positive integer/,
    ],
    ['HLSConfig: {Model: {Strategy: [1]}}', '(HLSConfig.Model.Strategy)', /unknown strategy/],
    [
      'HLSConfig: {LayerName: {sm: {Implementation: fast}}}',
      '(HLSConfig.LayerName.sm.Implementation)',
      /unknown softmax implementation/,
    ],
    [
      'HLSConfig: {Model: {Trace: maybe}}',
      '(HLSConfig.Model.Trace)',
      /Trace must be true or false, got "maybe"/,
    ],
    ['HLSConfig: {LayerName: {fc1: 7}}', '(HLSConfig.LayerName.fc1)', /expected a mapping, got 7/],
    ['HLSConfig: {Model: {}, LayerName: [1]}', '(HLSConfig.LayerName)', /expected a mapping/],
    ['ClockPeriod: -5', '(ClockPeriod)', /positive number of ns, got -5/],
    ['ClockPeriod: .inf', '(ClockPeriod)', /positive number of ns, got Infinity/],
    ['ClockPeriod: .nan', '(ClockPeriod)', /positive number of ns, got NaN/],
    ['ClockPeriod: fast', '(ClockPeriod)', /positive number of ns, got "fast"/],
    ['Backend: "Vivado; rm -rf ~"', '(Backend)', /unknown backend/],
    ['IOType: io_serial', '(IOType)', /unknown IOType/],
  ])('%s', (text, key, re) => {
    const line = refusal(text);
    expect(line).toContain(key);
    expect(line).toMatch(re);
  });
});

describe('configs: unknown keys', () => {
  it.each([
    ['HLSConfig: {Model: {ReuseFactr: 4}}', '(HLSConfig.Model.ReuseFactr)', "'ReuseFactor'"],
    ['HLSConfig: {Model: {reusefactor: 4}}', '(HLSConfig.Model.reusefactor)', "'ReuseFactor'"],
    [
      'HLSConfig: {LayerName: {fc1: {Precison: "ap_fixed<8,3>"}}}',
      '(HLSConfig.LayerName.fc1.Precison)',
      "'Precision'",
    ],
    ['HLSConfig: {Model: {Strategy: Latency, Stratgy: Resource}}', '(HLSConfig.Model.Stratgy)', "'Strategy'"],
    ['IoType: io_parallel', '(IoType)', "'IOType'"],
    ['ClockPeriode: 5', '(ClockPeriode)', "'ClockPeriod'"],
    ['HLSConfig: {Modle: {ReuseFactor: 2}}', '(HLSConfig.Modle)', "'Model'"],
    ['HLSConfig: {Model: {}, LayerNames: {}}', '(HLSConfig.LayerNames)', "'LayerName'"],
  ])('a misspelled key is refused: %s', (text, key, suggestion) => {
    const line = refusal(text);
    expect(line).toContain(key);
    expect(line).toContain(`did you mean ${suggestion}`);
  });

  it('reads the reference configs of the golden cases as they are (bare HLSConfig dicts with extras)', () => {
    for (const dir of readdirSync(GOLDEN)) {
      const path = join(GOLDEN, dir, 'config.json');
      if (!existsSync(path)) continue;
      const c = importHls4mlConfig(readFileSync(path, 'utf8'), path);
      expect(c.model.reuseFactor, dir).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps hls4ml’s own keys that the studio does not use', () => {
    const c = importHls4mlConfig(
      'OutputDir: prj\nXilinxPart: xcu250\nKerasModel: m.h5\nHLSConfig:\n  Model: {Precision: "ap_fixed<16,6>", ReuseFactor: 1, BramFactor: 100, ParallelizationFactor: 2}\n  Flows: [vivado:fuse]\n',
      'cfg.yml',
    );
    expect(c.extra).toEqual({
      OutputDir: 'prj',
      XilinxPart: 'xcu250',
      KerasModel: 'm.h5',
      'HLSConfig.Flows': ['vivado:fuse'],
    });
    expect(c.model.extra).toEqual({ BramFactor: 100, ParallelizationFactor: 2 });
  });
});
