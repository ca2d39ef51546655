// Incremental re-runs (runMemo.ts, the studio worker's path after every edit): a run with `reuse` must
// equal a run of freshly prepared kernels raw for raw — outputs, traces, overflow counts, ranges and
// maxAbsBeforeCast — while it really takes the unchanged layers' tensors from the run before.
import { describe, expect, it } from 'vitest';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../config/designConfig';
import type { ModelGraph } from '../ir/graph';
import { lower } from '../passes/lower';
import { prepareEmulation, type EmulationRun } from './engine';
import { chain, chainRows, comparable } from './testing';

const rows = chainRows(3);
const otherRows = chainRows(4);
const fewerRows = rows.slice(0, 400);

function finish(run: EmulationRun): EmulationRun {
  while (run.next());
  return run;
}

function runOn(graph: ModelGraph, config: DesignConfig, r: typeof rows, reuse: boolean): EmulationRun {
  return finish(prepareEmulation(lower(graph, config)).start(r, { trace: true, reuse }));
}

const fc1 = (precision: Record<string, string>): DesignConfig =>
  withLayerSetting(defaultConfig(), 'fc1', { precision });
// fc0 wraps from a wide accumulator: its maxAbsBeforeCast is above its output range, and an edit of fc2
// below it then reuses fc0.
const wideFc0 = withLayerSetting(defaultConfig(), 'fc0', {
  precision: { result: 'ap_fixed<8,2>', accum: 'ap_fixed<24,10>' },
});

// Narrow types wrap on these rows, so overflow counts, ranges and maxAbsBeforeCast are not trivial.
const steps: { config: DesignConfig; rows: typeof rows }[] = [
  { config: defaultConfig(), rows },
  { config: fc1({ result: 'ap_fixed<7,3>' }), rows },
  { config: fc1({ result: 'ap_fixed<9,3>', accum: 'ap_fixed<12,4>' }), rows },
  { config: fc1({ result: 'ap_fixed<9,3>', accum: 'ap_fixed<12,4>' }), rows: otherRows },
  { config: withLayerSetting(defaultConfig(), 'relu2', { precision: { result: 'ap_ufixed<6,2>' } }), rows },
  { config: withLayerSetting(defaultConfig(), 'relu2', { precision: { result: 'ap_ufixed<6,2>' } }), rows },
  { config: fc1({ accum: 'ap_fixed<10,3>' }), rows: fewerRows },
  { config: defaultConfig(), rows },
  { config: wideFc0, rows },
  { config: withLayerSetting(wideFc0, 'fc2', { precision: { result: 'ap_fixed<10,4>' } }), rows },
];

describe('incremental re-runs', () => {
  it('equal fresh runs after every edit and change of rows', () => {
    const g = chain();
    for (const { config, rows: r } of steps) {
      const reused = runOn(g, config, r, true).result();
      const fresh = runOn(chain(), config, r, false).result();
      expect(comparable(reused)).toEqual(comparable(fresh));
    }
    const wrapped = runOn(chain(), steps[1]!.config, rows, false).result();
    expect(wrapped.layers.find((l) => l.name === 'fc1')!.overflows['result_t']).toBeGreaterThan(0);
    const wide = runOn(chain(), wideFc0, rows, false)
      .result()
      .layers.find((l) => l.name === 'fc0')!;
    expect(wide.maxAbsBeforeCast).toBeGreaterThan(Math.max(-wide.min, wide.max));
  });

  it('reuse the tensors of layers above an edit and skip none below it that changed', () => {
    const g = chain();
    const before = runOn(g, defaultConfig(), rows, true).traced();
    const after = runOn(g, fc1({ result: 'ap_fixed<7,3>' }), rows, true).traced();
    const same = (layer: string): boolean[] => after.get(layer)!.map((t, i) => t === before.get(layer)![i]);
    // The Input layer reads the rows and always runs; equal raws give back the tensors of the last run.
    for (const layer of ['x', 'fc0', 'relu0']) expect(same(layer)).toEqual([true, true, true]);
    for (const layer of ['fc1', 'relu1', 'fc2']) expect(same(layer)).toEqual([false, false, false]);
  });

  it('stop at the first layer whose outputs come out as before (early cutoff)', () => {
    const g = chain();
    const before = runOn(g, defaultConfig(), rows, true).traced();
    // The same type spelled by the layer itself: fc1 is prepared again, and gives the same raws.
    const after = runOn(g, fc1({ result: 'ap_fixed<16,6>' }), rows, true).traced();
    for (const layer of ['fc1', 'relu1', 'fc2', 'relu3']) {
      expect(after.get(layer)!.every((t, i) => t === before.get(layer)![i])).toBe(true);
    }
  });
});
