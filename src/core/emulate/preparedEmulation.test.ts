// prepareEmulation: kernels prepared once and run chunk by chunk (the studio worker's path), and kept per
// IR layer across design edits. Every run must equal a run on freshly prepared kernels, raw for raw.
import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../config/designConfig';
import type { ModelGraph } from '../ir/graph';
import { lower } from '../passes/lower';
import { emulate, prepareEmulation } from './engine';
import { chain, chainRows, comparable } from './testing';
import type { EmulationResult } from './types';

const rows = chainRows(3);

function chunked(graph: ModelGraph, config: DesignConfig): EmulationResult {
  const run = prepareEmulation(lower(graph, config)).start(rows, { trace: true });
  const seen: number[] = [];
  while (run.next()) seen.push(run.done);
  expect(seen).toEqual([250, 500]);
  expect(run.done).toBe(600);
  return run.result();
}

// Narrow results overflow (wrap) on these rows, so the overflow counts and ranges are not trivial.
const edits: DesignConfig[] = [
  defaultConfig(),
  withLayerSetting(defaultConfig(), 'fc1', { precision: { result: 'ap_fixed<7,3>' } }),
  withLayerSetting(defaultConfig(), 'fc1', {
    precision: { result: 'ap_fixed<9,3>', accum: 'ap_fixed<12,4>' },
  }),
  withLayerSetting(defaultConfig(), 'relu2', { precision: { result: 'ap_ufixed<6,2>' } }),
  defaultConfig(),
];

describe('prepared emulation', () => {
  it('runs in chunks of 250 rows and gives what emulate gives', () => {
    const g = chain();
    const a = chunked(g, edits[1]!);
    const b = emulate(lower(chain(), edits[1]!), rows, { trace: true });
    expect(comparable(a)).toEqual(comparable(b));
    expect(a.layers.find((l) => l.name === 'fc1')!.overflows['result_t']).toBeGreaterThan(0);
  });

  it('kernels kept across edits of one graph equal freshly prepared ones', () => {
    const g = chain();
    for (const config of edits) {
      expect(comparable(chunked(g, config))).toEqual(comparable(chunked(chain(), config)));
    }
  });

  it('refuses to continue a run once another run of the same layers started', () => {
    const g = chain();
    const first = prepareEmulation(lower(g, edits[0]!)).start(rows);
    first.next();
    const second = prepareEmulation(lower(g, edits[0]!)).start(rows);
    expect(() => first.next()).toThrow(/another emulation of this model started/);
    while (second.next());
    expect(second.result().samples).toBe(600);
  });
});
