/** The one-line error form stays one line whatever a file echoes into a message (found by the config fuzzer). */
import { describe, expect, it } from 'vitest';
import { importHls4mlConfig } from '../../src/core/config/hls4mlConfig';
import { StudioError } from '../../src/core/errors';

describe('one-line errors', () => {
  it('flattens control characters and Unicode line breaks from messages, hints and locations', () => {
    const e = new StudioError('bad value "a\nb\r\u2028c\u0000"', 'Fix\nit', {
      file: 'x\ny.yml',
      node: 'n\r',
    });
    expect(e.oneLine()).toBe('error: x y.yml: node \'n \': bad value "a b  c ". Fix it');
  });

  it('config fuzz seed 1194394189: a precision with a raw newline is refused on one line', () => {
    let caught: unknown;
    try {
      importHls4mlConfig('HLSConfig: {Model: {Precision: "ap_fixed<16,6\\n\\r]>"}}', 'c.yml');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StudioError);
    const line = (caught as StudioError).oneLine();
    expect(line).toContain('(HLSConfig.Model.Precision)');
    expect(line).not.toMatch(/[\r\n]/);
  });
});
