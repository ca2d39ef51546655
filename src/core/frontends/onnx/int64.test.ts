import $protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../errors';
import { onnx } from './gen/onnx.js';
import { parseOnnx } from './index';
import { safeInt, toInt } from './int64';
import { dense, repoFile, summary } from './testing';

describe('safeInt / toInt', () => {
  it('converts Long-like values exactly and refuses those beyond 2^53', () => {
    expect(safeInt(16)).toBe(16);
    expect(safeInt({ low: 16, high: 0, unsigned: false })).toBe(16);
    expect(safeInt({ low: -1, high: -1, unsigned: false })).toBe(-1);
    expect(safeInt({ low: 0, high: 1, unsigned: false })).toBe(4294967296);
    expect(safeInt({ low: -1, high: 0x1fffff, unsigned: false })).toBe(Number.MAX_SAFE_INTEGER);
    expect(safeInt({ low: 0, high: 0x200000, unsigned: false })).toBeNull(); // 2^53
    expect(safeInt({ low: 1, high: 0x200000, unsigned: false })).toBeNull();
    expect(safeInt({ low: -1, high: -1, unsigned: true })).toBeNull(); // 2^64 - 1
    expect(safeInt({ low: 1, high: -0x200000, unsigned: false })).toBe(-Number.MAX_SAFE_INTEGER);
    expect(safeInt({ low: 0, high: -0x200000, unsigned: false })).toBeNull(); // -2^53
    expect(safeInt(2 ** 60)).toBeNull();
    expect(toInt(undefined, 'x', 3)).toBe(3);
    expect(() => toInt({ low: 0, high: 0x7fffffff, unsigned: false }, 'dim')).toThrow(StudioError);
  });
});

// The browser bundle has no `long` package: protobufjs then decodes int64 as plain numbers.
describe('decoding without long.js (as in the browser)', () => {
  const saved = $protobuf.util.Long;
  beforeAll(() => {
    $protobuf.util.Long = undefined as unknown as typeof saved;
    $protobuf.configure();
  });
  afterAll(() => {
    $protobuf.util.Long = saved;
    $protobuf.configure();
  });

  it('gives the same graph', () => {
    const bytes = repoFile('public/examples/jet_tagger.onnx');
    expect(typeof onnx.ModelProto.decode(bytes).irVersion).toBe('number'); // the path under test
    const g = parseOnnx(bytes, 'jet_tagger.onnx');
    expect(summary(g).map(([name, , shape]) => [name, shape])).toEqual([
      ['x', [16]],
      ['/fc1/Gemm', [64]],
      ['/relu1/Relu', [64]],
      ['/fc2/Gemm', [32]],
      ['/relu2/Relu', [32]],
      ['/fc3/Gemm', [32]],
      ['/relu3/Relu', [32]],
      ['/fc4/Gemm', [5]],
      ['/softmax/Softmax', [5]],
    ]);
    expect(g.metadata.opset).toBe('13');
    expect(g.metadata.ir_version).toBe('7');
    expect(dense(g, '/fc1/Gemm').weight.data[0]).toBe(-0.09053269028663635);
  });
});
