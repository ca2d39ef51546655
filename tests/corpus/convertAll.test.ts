/**
 * Every corpus model that loads, on every backend and io type: lowering, project generation and a short
 * emulation each end in a result or a StudioError (a refusal naming the layer), never an internal error.
 * A real model found what generated graphs did not: ESPCN's 300×300 upscaler overflowed the call stack in
 * the Quartus writer. Reads ../shared/models in place and says so when it is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { BACKENDS, IO_TYPES, defaultConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import { loadModel } from '../../src/core/frontends/index';
import type { ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';

interface Entry {
  readonly files: readonly string[];
  readonly expect: { readonly layers: number } | { readonly error: string };
}

const MODELS = join(import.meta.dirname, '../../../shared/models');
const present = existsSync(MODELS);
if (!present) console.warn(`convertAll: ../shared/models is absent (${MODELS}); the sweep is skipped`);

const loading = (['onnx', 'qonnx', 'keras', 'pytorch'] as const).flatMap((f) =>
  (JSON.parse(readFileSync(join(import.meta.dirname, `${f}.json`), 'utf8')) as Entry[]).filter(
    (e) => 'layers' in e.expect,
  ),
);

type Outcome = 'ok' | 'refused';

/** Runs one step; a StudioError is a refusal, anything else fails the test with the step named. */
function step(what: string, run: () => void): Outcome {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (e instanceof StudioError) return 'refused';
    throw new Error(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

/** Inputs at least this large (a 100×100 RGB image and up) emulate one row on the reference flow only:
 * a 256×256 U-Net takes ~20 s per row, and the other backends run the same kernels on the small models. */
const BIG_INPUT = 30_000;

/** Values per row: every model input, concatenated. */
function inputSize(g: ModelGraph): number {
  return g.inputs.reduce((a, name) => {
    const input = g.layers.find((l) => l.name === name);
    return a + (input ? input.outputShape.reduce((x, y) => x * y, 1) : 0);
  }, 0);
}

/** Deterministic rows spanning a few units either side of zero. */
function rowsFor(size: number, count: number): number[][] {
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: size }, (_, k) => 3 * Math.sin(k * 0.7 + r * 1.3)),
  );
}

describe.skipIf(!present)('every loading corpus model on every backend and io type', () => {
  const library = loadHlsLibraryFromDisk();
  for (const e of loading) {
    it(
      e.files.join(' + '),
      async () => {
        const files = e.files.map((f) => ({
          name: basename(f),
          bytes: new Uint8Array(readFileSync(join(MODELS, f))),
        }));
        const g = await loadModel(files);
        const size = inputSize(g);
        const big = size >= BIG_INPUT;
        const rows = rowsFor(size, big ? 1 : 2);
        const seen: string[] = [];
        for (const backend of BACKENDS) {
          for (const ioType of IO_TYPES) {
            const where = `${backend} ${ioType}`;
            let lowered: ReturnType<typeof lower> | null = null;
            const l = step(`${where} lower`, () => {
              lowered = lower(g, { ...defaultConfig(backend), ioType }, files[0]!.name);
            });
            if (l === 'refused' || !lowered) {
              seen.push(`${where}: lower refused`);
              continue;
            }
            const low = lowered;
            const gen = step(`${where} generate`, () => void generateProject(low, library));
            if (big && seen.length > 0) {
              seen.push(`${where}: generate ${gen}`);
              continue;
            }
            const emu = step(`${where} emulate`, () => void emulate(low, rows));
            seen.push(`${where}: generate ${gen}, emulate ${emu}`);
          }
        }
        // Vivado io_parallel is the reference flow: a model that loads must at least generate there, or be
        // refused by both the writer and the emulator (a kind with no kernel yet).
        expect(seen[0]).toMatch(/^Vivado io_parallel: generate (ok, emulate ok|refused, emulate refused)$/);
      },
      180_000,
    );
  }
});
