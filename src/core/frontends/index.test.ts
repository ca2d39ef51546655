import { describe, expect, it } from 'vitest';
import { loadModel, sniffFormat } from './index';
import { expectStudioError, fixture, repoFile } from './onnx/testing';

const JET = repoFile('public/examples/jet_tagger.onnx');
const HDF5 = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
const JSON_BYTES = new TextEncoder().encode('\ufeff \n {"class_name": "Sequential"}');

/** Deterministic pseudo-random bytes (an LCG), so the test never flakes. */
function randomBytes(n: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  return new Uint8Array(n).map(() => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  });
}

describe('sniffFormat', () => {
  it('tells the formats apart by content', () => {
    expect(sniffFormat(JET)).toBe('onnx');
    expect(sniffFormat(fixture('matmul_add.onnx'))).toBe('onnx');
    expect(sniffFormat(HDF5)).toBe('hdf5');
    expect(sniffFormat(ZIP)).toBe('zip');
    expect(sniffFormat(JSON_BYTES)).toBe('json');
    expect(sniffFormat(new Uint8Array(0))).toBe('unknown');
    expect(sniffFormat(JET.subarray(0, JET.length >> 1))).toBe('unknown');
    for (let seed = 1; seed <= 50; seed++) expect(sniffFormat(randomBytes(4096, seed))).not.toBe('onnx');
  });
});

describe('loadModel', () => {
  it('loads an ONNX file whatever its name', async () => {
    const g = await loadModel([{ name: 'weights.bin', bytes: JET }]);
    expect(g.format).toBe('onnx');
    expect(g.name).toBe('weights');
    expect(g.layers.map((l) => l.name)).toContain('/softmax/Softmax');
  });

  it('HDF5 / zip / JSON go to the Keras frontend: broken stubs give located errors', async () => {
    for (const [file, bytes, what] of [
      ['model.h5', HDF5, 'the HDF5 file cannot be read'],
      ['model.keras', ZIP, 'the zip archive'],
      ['model.json', JSON_BYTES, 'the Keras model configuration has no layer list'],
    ] as const) {
      await expectStudioError(() => loadModel([{ name: file, bytes }]), { file }, `error: ${file}: ${what}`);
    }
  });

  it('random bytes and truncated files: not a valid ONNX model', async () => {
    await expectStudioError(
      () => loadModel([{ name: 'noise.bin', bytes: randomBytes(1000, 7) }]),
      { file: 'noise.bin' },
      'error: noise.bin: the file is not a valid ONNX model (protobuf decode failed at byte',
      'Re-export it with torch.onnx.export or check the download.',
    );
    await expectStudioError(
      () => loadModel([{ name: 'cut.onnx', bytes: JET.subarray(0, 5000) }]),
      { file: 'cut.onnx' },
      'error: cut.onnx: the file is not a valid ONNX model (protobuf decode failed at byte 23 of 5000: a field runs past the end',
    );
  });

  it('errors inside the model name the file, node and op', async () => {
    await expectStudioError(
      () => loadModel([{ name: 'bad.onnx', bytes: fixture('unsupported_op.onnx') }]),
      { file: 'bad.onnx', node: '/act/Erf', op: 'Erf' },
      "error: bad.onnx: node '/act/Erf' (Erf): unsupported ONNX op 'Erf'",
    );
  });

  it('needs exactly one model', async () => {
    await expect(loadModel([])).rejects.toThrow('no model file was given');
    await expect(
      loadModel([
        { name: 'a.onnx', bytes: JET },
        { name: 'b.onnx', bytes: JET },
      ]),
    ).rejects.toThrow('several ONNX models were given (a.onnx, b.onnx)');
  });
});
