// Test helpers shared by the frontend tests. Not part of the app: only *.test.ts import this file, so it
// may use Node built-ins to read the fixtures.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { StudioError, type ErrorLocation } from '../../errors';
import type { DenseLayer, Layer, ModelGraph } from '../../ir/graph';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
export const SHARED_REFERENCE = resolve(REPO_ROOT, '../shared/reference');

export function repoFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(REPO_ROOT, path)));
}

export function fixture(name: string): Uint8Array {
  return repoFile(`tests/fixtures/onnx/${name}`);
}

/** Run fn, expect a StudioError, check its location and the start of its one-line form; return it. */
export async function expectStudioError(
  fn: () => unknown,
  location: ErrorLocation,
  ...contains: string[]
): Promise<StudioError> {
  let caught: unknown = null;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a StudioError to be thrown').toBeInstanceOf(StudioError);
  const err = caught as StudioError;
  expect(err.location).toEqual(location);
  expect(err.hint.length).toBeGreaterThan(0);
  const line = err.oneLine();
  expect(line.startsWith(`error: ${location.file}:`), line).toBe(true);
  for (const c of contains) expect(line).toContain(c);
  return err;
}

export function summary(g: ModelGraph): [string, string, number[]][] {
  return g.layers.map((l: Layer) => [l.name, l.kind, [...l.outputShape]]);
}

export function dense(g: ModelGraph, name: string): DenseLayer {
  const l = g.layers.find((x) => x.name === name);
  if (!l || l.kind !== 'Dense') throw new Error(`no Dense layer ${name}`);
  return l;
}
