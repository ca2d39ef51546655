/**
 * Config fuzzing: seeded mutants of real hls4ml configs (the golden cases' JSON and exported YAML) go
 * through importHls4mlConfig and, when they parse, lower + emulate + generateProject on a small MLP.
 * Each either works or is refused with a clean one-line StudioError. In-process (YAML parsing is
 * bounded by the yaml library's own limits); FUZZ_CONFIG_MUTANTS raises the count (300 by default).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, withLayerSetting } from '../../src/core/config/designConfig';
import { exportHls4mlDict, exportHls4mlYaml, importHls4mlConfig } from '../../src/core/config/hls4mlConfig';
import { emulate } from '../../src/core/emulate/engine';
import { lower } from '../../src/core/passes/lower';
import * as G from '../backends/graphs';
import { hash32, mutate } from './mutate';
import { classify, type Outcome } from './protocol';

const N = Number(process.env.FUZZ_CONFIG_MUTANTS ?? '300');

function seeds(): string[] {
  const out: string[] = [];
  const golden = join(import.meta.dirname, '../golden');
  for (const d of readdirSync(golden).sort()) {
    const p = join(golden, d, 'config.json');
    if (existsSync(p)) out.push(readFileSync(p, 'utf8'));
  }
  let c = withLayerSetting(defaultConfig(), 'fc1', {
    precision: { weight: 'ap_fixed<8,3,AP_RND,AP_SAT>', result: 'auto' },
    reuseFactor: 2,
    strategy: 'Resource',
  });
  c = withLayerSetting(c, 'softmax', { tableSize: 512, implementation: 'latency' });
  out.push(exportHls4mlYaml(c), JSON.stringify(exportHls4mlDict(c), null, 1));
  return out;
}

describe('config fuzzer', () => {
  it(`${N} mutants of real configs import, or are refused with one clean line`, () => {
    const library = loadHlsLibraryFromDisk();
    const texts = seeds();
    const counts: Partial<Record<Outcome | 'ok', number>> = {};
    const failures: string[] = [];
    for (let i = 0; i < N; i++) {
      const text = texts[hash32(7, i) % texts.length]!;
      const seed = hash32(7, i, 'config');
      const bytes = mutate(new TextEncoder().encode(text), seed).bytes;
      let outcome: Outcome | 'ok' = 'ok';
      try {
        const cfg = importHls4mlConfig(new TextDecoder().decode(bytes), 'config.yml');
        const lowered = lower(G.mlp(), cfg);
        emulate(lowered, G.rows(2, 10, 1, seed));
        generateProject(lowered, library);
      } catch (e) {
        const c = classify(e);
        outcome = c.outcome;
        if (outcome !== 'refused') failures.push(`seed ${seed}: ${c.message ?? ''}\n${c.stack ?? ''}`);
      }
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
    console.log(`config fuzz: ${N} mutants: ${JSON.stringify(counts)}`);
    expect(failures).toEqual([]);
  }, 300_000);
});
