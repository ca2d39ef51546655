/**
 * The model corpus, in the spirit of Netron's test/models.json: every model file in ../shared/models with
 * its expected outcome, one JSON file per format (tests/corpus/<format>.json). An entry either loads —
 * then its layer count and kinds are checked — or is refused with exactly the recorded error line.
 *
 * Entry shape:
 *   { "files": ["keras/X.json", "keras/X_weights.h5"],
 *     "expect": { "layers": 7, "kinds": { "Input": 1, "Dense": 3, "Activation": 3 } } }
 *   { "files": ["keras/garnet_1layer.json", …], "expect": { "error": "error: garnet_1layer.json: …" } }
 * Paths are relative to ../shared/models. The test reads ../shared in place and says so when it is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src/core/errors';
import { loadModel } from '../../src/core/frontends/index';

interface Entry {
  readonly files: readonly string[];
  readonly expect:
    { readonly layers: number; readonly kinds: Record<string, number> } | { readonly error: string };
  readonly note?: string;
}

const MODELS = join(import.meta.dirname, '../../../shared/models');
const present = existsSync(MODELS);
if (!present) console.warn(`corpus: ../shared/models is absent (${MODELS}); the corpus test is skipped`);

const corpora = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      [
        f.replace(/\.json$/, ''),
        JSON.parse(readFileSync(join(import.meta.dirname, f), 'utf8')) as Entry[],
      ] as const,
  );

async function outcome(e: Entry): Promise<Entry['expect']> {
  const files = e.files.map((f) => ({
    name: basename(f),
    bytes: new Uint8Array(readFileSync(join(MODELS, f))),
  }));
  try {
    const g = await loadModel(files);
    const kinds: Record<string, number> = {};
    for (const l of g.layers) kinds[l.kind] = (kinds[l.kind] ?? 0) + 1;
    return { layers: g.layers.length, kinds };
  } catch (err) {
    if (err instanceof StudioError) return { error: err.oneLine() };
    throw err;
  }
}

describe.skipIf(!present)('model corpus (../shared/models)', () => {
  for (const [format, entries] of corpora) {
    describe(format, () => {
      for (const e of entries) {
        it(e.files.join(' + '), async () => {
          expect(await outcome(e)).toEqual(e.expect);
        });
      }
    });
  }

  it('lists every model file of ../shared/models, and at least 80% of the entries load', () => {
    const listed = new Set(corpora.flatMap(([, es]) => es.flatMap((e) => e.files)));
    const all: string[] = [];
    const walk = (dir: string, rel: string): void => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        const r = rel ? `${rel}/${d.name}` : d.name;
        if (d.isDirectory()) walk(join(dir, d.name), r);
        else if (/\.(onnx|h5|json|keras|pt|pt2|pth)$/.test(d.name)) all.push(r);
      }
    };
    walk(MODELS, '');
    const missing = all.filter((f) => !listed.has(f));
    expect(missing).toEqual([]);
    const entries = corpora.flatMap(([, es]) => es);
    const loading = entries.filter((e) => 'layers' in e.expect).length;
    expect(loading / entries.length).toBeGreaterThanOrEqual(0.8);
  });
});
