import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config/designConfig';
import {
  PROJECT_VERSION,
  base64ToBytes,
  bytesToBase64,
  decodeProject,
  encodeProject,
  migrateProject,
} from './projectFile';

describe('project file (.hlsstudio.json)', () => {
  const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
  const config = { ...defaultConfig(), projectName: 'tagger' };

  it('round-trips the model bytes, the config and the view', () => {
    const text = encodeProject([{ name: 'm.onnx', bytes }], config, { selected: 'fc1', overlay: 'bits' });
    const p = decodeProject(text);
    expect(p.version).toBe(PROJECT_VERSION);
    expect(p.model.files[0]!.name).toBe('m.onnx');
    expect(Array.from(p.model.files[0]!.bytes)).toEqual(Array.from(bytes));
    expect(p.config).toEqual(config);
    expect(p.view).toEqual({ selected: 'fc1', overlay: 'bits' });
  });

  it('migrates a version 0 file', () => {
    const v0 = { modelName: 'old.onnx', modelBase64: bytesToBase64(bytes.subarray(0, 10)), config };
    const doc = migrateProject(v0);
    expect(doc.version).toBe(1);
    expect(doc.model.files[0]!.name).toBe('old.onnx');
    expect(Array.from(base64ToBytes(doc.model.files[0]!.base64))).toEqual(Array.from(bytes.subarray(0, 10)));
  });

  it('refuses files from a newer studio, other formats and broken JSON', () => {
    expect(() => migrateProject({ format: 'hls-studio-project', version: 99 })).toThrow(/newer HLS Studio/);
    expect(() => migrateProject({ format: 'excalidraw', version: 1 })).toThrow(/not an HLS Studio project/);
    expect(() => decodeProject('{')).toThrow(/not valid JSON/);
    expect(() => decodeProject(JSON.stringify({ format: 'hls-studio-project', version: 1, config }))).toThrow(
      /no model/,
    );
  });
});
