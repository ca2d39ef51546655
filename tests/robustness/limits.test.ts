/**
 * Size limits (src/core/limits.ts), with files crafted here: a declared tensor of 10^12 elements, a
 * 2 GB file, zip bombs inside .keras and .pt archives, a cyclic graph, 10^5 nodes. Each is refused
 * early, by loadModel, with a message that names the limit.
 */
import { closeSync, mkdirSync, openSync, rmSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { StudioError } from '../../src/core/errors';
import { loadModel } from '../../src/core/frontends/index';
import {
  LIMITS,
  checkGraphLimits,
  checkTensorElements,
  checkZipArchive,
  findCycle,
  zipDirectory,
} from '../../src/core/limits';
import { writeOnnx, weights, type OnnxNode } from './onnxWriter';

async function refusal(name: string, bytes: Uint8Array): Promise<string> {
  let caught: unknown;
  try {
    await loadModel([{ name, bytes }]);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(StudioError);
  const line = (caught as StudioError).oneLine();
  expect(line).not.toMatch(/[\r\n]/);
  return line;
}

/** A stored (uncompressed) zip with one entry whose sizes are whatever the caller declares. */
function zipWithDeclaredSize(name: string, data: Uint8Array, declared: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const local = new Uint8Array(30 + nameBytes.length + data.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, declared, true);
  lv.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  local.set(data, 30 + nameBytes.length);
  const central = new Uint8Array(46 + nameBytes.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, declared, true);
  cv.setUint16(28, nameBytes.length, true);
  cv.setUint32(42, 0, true);
  central.set(nameBytes, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length, true);
  const out = new Uint8Array(local.length + central.length + end.length);
  out.set(local, 0);
  out.set(central, local.length);
  out.set(end, local.length + central.length);
  return out;
}

/** A zip with only a central directory and end record: entries with whatever sizes they declare. */
function centralOnly(
  entries: readonly { name: string; compressed: number; uncompressed: number }[],
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const c = new Uint8Array(46 + name.length);
    const v = new DataView(c.buffer);
    v.setUint32(0, 0x02014b50, true);
    v.setUint32(20, e.compressed, true);
    v.setUint32(24, e.uncompressed, true);
    v.setUint16(28, name.length, true);
    c.set(name, 46);
    parts.push(c);
  }
  const size = parts.reduce((n, p) => n + p.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, size, true);
  ev.setUint32(16, 0, true);
  const out = new Uint8Array(size + 22);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  out.set(end, o);
  return out;
}

describe('limits: declared sizes', () => {
  it('refuses an ONNX input that declares 10^12 elements, naming the limit', async () => {
    const bytes = writeOnnx({
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
      inputs: [{ name: 'x', dims: [1, 1e12] }],
      outputs: [{ name: 'y', dims: [1, 1e12] }],
    });
    const line = await refusal('huge_input.onnx', bytes);
    expect(line).toContain("tensor 'x' declares shape [1, 1,000,000,000,000]");
    expect(line).toContain('tensor size limit');
    expect(line).toContain(LIMITS.maxTensorElements.toLocaleString('en-US'));
  });

  it('refuses an initializer of 10^6 × 10^6 before reading its (absent) data', async () => {
    const bytes = writeOnnx({
      nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
      initializers: [{ name: 'w', dims: [1e6, 1e6] }],
      inputs: [{ name: 'x', dims: [1, 1e6] }],
      outputs: [{ name: 'y', dims: [1, 1e6] }],
    });
    const line = await refusal('huge_weight.onnx', bytes);
    expect(line).toMatch(
      /^error: huge_weight\.onnx: initializer 'w' declares shape \[1,000,000, 1,000,000\] = 1,000,000,000,000 elements/,
    );
    expect(line).toContain('tensor size limit');
  });

  it('counts in floating point, so dims that multiply past 2^64 cannot wrap to a small number', () => {
    expect(() => checkTensorElements([2 ** 32, 2 ** 32, 0.5], 'w')).toThrow(/tensor size limit/);
    expect(() => checkTensorElements([2 ** 53, 2 ** 53], 'w')).toThrow(/tensor size limit/);
    expect(() => checkTensorElements([NaN], 'w')).toThrow(/tensor size limit/);
    expect(checkTensorElements([64, 16], 'w')).toBe(1024);
  });
});

describe('limits: files and archives', () => {
  it('refuses a 2 GB model file by its length, without reading it', async () => {
    const fake = new Uint8Array(16);
    Object.defineProperty(fake, 'length', { value: 2 * 1024 ** 3 });
    const line = await refusal('big.onnx', fake);
    expect(line).toBe(
      'error: big.onnx: the file is 2.0 GiB; the limit for a model file is 512.0 MiB (file size limit). ' +
        'The file is either damaged or far larger than any model an FPGA can hold; check the file, or report it if the model is real.',
    );
  });

  it('the CLI refuses a 2 GB (sparse) file from its size on disk', async () => {
    const dir = join(import.meta.dirname, '../tmp/robustness');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `sparse-${process.pid}.onnx`);
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 2 * 1024 ** 3);
    closeSync(fd);
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['inspect', path])).toBe(2);
    } finally {
      process.stderr.write = write;
      rmSync(path, { force: true });
    }
    expect(errors.join('')).toMatch(
      /the file is 2\.0 GiB; the limit for a model file is 512\.0 MiB \(file size limit\)/,
    );
  });

  it('refuses a .keras archive whose entry declares 4 GB before inflating anything', async () => {
    const bytes = zipWithDeclaredSize('model.weights.h5', new Uint8Array(100), 0xfffffff0);
    const line = await refusal('bomb.keras', bytes);
    expect(line).toContain("zip entry 'model.weights.h5' declares 4.0 GiB uncompressed");
    expect(line).toContain('zip bomb check');
  });

  it('refuses a real DEFLATE bomb (32 MiB of zeros in a few KiB) in a .pt archive by its ratio', async () => {
    const zip = new JSZip();
    zip.file('archive/data.pkl', new Uint8Array(16));
    zip.file('archive/data/0', new Uint8Array(32 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(bytes.length).toBeLessThan(64 * 1024);
    const entries = zipDirectory(bytes, 'bomb.pt');
    expect(entries.filter((e) => !e.name.endsWith('/')).map((e) => [e.name, e.uncompressed])).toEqual([
      ['archive/data.pkl', 16],
      ['archive/data/0', 32 * 1024 * 1024],
    ]);
    const line = await refusal('bomb.pt', bytes);
    expect(line).toMatch(
      /zip entry 'archive\/data\/0' declares 32\.0 MiB from .* compressed, a ratio above 200:1 \(zip bomb check\)/,
    );
  });

  it('refuses archives with a bomb-like ratio or too many entries', () => {
    const one = zipWithDeclaredSize('a', new Uint8Array(0), 0);
    expect(() => checkZipArchive(one, 'ok.keras')).not.toThrow();
    const big = zipWithDeclaredSize('w', new Uint8Array(1024 * 1024), LIMITS.maxZipEntryBytes - 1);
    expect(() => checkZipArchive(big, 'ratio.keras')).toThrow(/ratio above 200:1/);
    const many = zipWithDeclaredSize('x', new Uint8Array(0), 0);
    new DataView(many.buffer).setUint16(many.length - 22 + 10, 0xffff, true);
    new DataView(many.buffer).setUint16(many.length - 22 + 8, 0xffff, true);
    expect(() => checkZipArchive(many, 'many.keras')).toThrow(
      /central directory entry 2 of 65535|entries; the limit/,
    );
  });

  it('refuses archives whose entries each pass but add up past the total', () => {
    const entry = (i: number) => ({ name: `w${i}`, compressed: 4 << 20, uncompressed: 400 << 20 });
    expect(() => checkZipArchive(centralOnly([entry(1), entry(2)]), 'two.keras')).not.toThrow();
    expect(() => checkZipArchive(centralOnly([entry(1), entry(2), entry(3)]), 'three.keras')).toThrow(
      /declares more than 1\.0 GiB uncompressed in total \(zip bomb check\)/,
    );
  });

  it('refuses a truncated archive (no central directory) cleanly', async () => {
    const zip = new JSZip();
    zip.file('config.json', '{}');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const line = await refusal('cut.keras', bytes.subarray(0, bytes.length - 30));
    expect(line).toContain('the zip archive has no central directory');
  });
});

describe('limits: graph shape', () => {
  it('refuses a cyclic ONNX graph and names the tensors on the cycle', async () => {
    const bytes = writeOnnx({
      nodes: [
        { op: 'Gemm', name: 'fc', inputs: ['x', 'w', 'b'], outputs: ['h'], ints: { transB: 1 } },
        { op: 'Relu', name: 'r1', inputs: ['loop2'], outputs: ['loop1'] },
        { op: 'Relu', name: 'r2', inputs: ['loop1'], outputs: ['loop2'] },
      ],
      initializers: [
        { name: 'w', dims: [2, 2], data: weights(4, 1) },
        { name: 'b', dims: [2], data: weights(2, 2) },
      ],
      inputs: [{ name: 'x', dims: [1, 2] }],
      outputs: [{ name: 'loop2', dims: [1, 2] }],
    });
    const line = await refusal('cycle.onnx', bytes);
    expect(line).toMatch(
      /the graph has a cycle through '(loop1|loop2)' → '(loop1|loop2)'.*graph cycle check/,
    );
  });

  it('refuses 10^5 nodes by count', async () => {
    const nodes: OnnxNode[] = [];
    for (let i = 0; i < 100_000; i++)
      nodes.push({ op: 'Relu', inputs: [i ? `t${i - 1}` : 'x'], outputs: [`t${i}`] });
    const bytes = writeOnnx({
      nodes,
      inputs: [{ name: 'x', dims: [1, 4] }],
      outputs: [{ name: 't99999', dims: [1, 4] }],
    });
    const line = await refusal('deep.onnx', bytes);
    expect(line).toContain('the model has 100,000 nodes; the limit is 10,000 (graph size limit)');
  });

  it('findCycle is iterative (10^5 deep chains do not overflow the stack) and exact', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => ({ reads: [`t${i}`], writes: [`t${i + 1}`] }));
    expect(findCycle(chain)).toBeNull();
    chain.push({ reads: ['t100000'], writes: ['t0'] });
    expect(findCycle(chain)?.length).toBe(100_001);
    expect(findCycle([{ reads: ['a'], writes: ['a'] }])).toEqual(['a']);
  });

  it('checks every frontend’s graph: layer count, output sizes and cycles', () => {
    const layer = (name: string, inputs: string[], shape = [4]) => ({ name, inputs, outputShape: shape });
    expect(() =>
      checkGraphLimits({ layers: [layer('x', []), layer('a', ['b']), layer('b', ['a'])] }, 'k.h5'),
    ).toThrow(/cycle through 'a' → 'b'|cycle through 'b' → 'a'/);
    expect(() => checkGraphLimits({ layers: [layer('x', [], [1e6, 1e6])] }, 'k.h5')).toThrow(
      /the output of layer 'x' declares shape .*tensor size limit/,
    );
    for (const bad of [[-3, 9], [2.5, 4], [0, 4], [Number.NaN]]) {
      expect(() => checkGraphLimits({ layers: [layer('x', [], bad)] }, 'k.onnx')).toThrow(
        /^computes the output shape .*not all positive whole numbers/,
      );
    }
    const many = Array.from({ length: LIMITS.maxGraphNodes + 1 }, (_, i) =>
      layer(`l${i}`, i ? [`l${i - 1}`] : []),
    );
    expect(() => checkGraphLimits({ layers: many }, 'k.h5')).toThrow(/10,001 layers; the limit is 10,000/);
  });
});
