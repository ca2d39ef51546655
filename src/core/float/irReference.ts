/**
 * The IR float reference (irFloat.ts) behind the same interface as the onnxruntime one (onnxReference.ts),
 * so that the worker and the CLI can use either: rows in batches, `keepGoing` asked between batches so a
 * stale run can stop early, one Float64Array per model output.
 */
import type { ModelGraph } from '../ir/graph';
import { prepareFloatReference } from './irFloat';

const BATCH = 250;

export class IrFloatReference {
  private run1: ReturnType<typeof prepareFloatReference> | null = null;

  constructor(private readonly graph: ModelGraph) {}

  async run(
    rows: readonly (readonly number[])[],
    keepGoing: (done: number, total: number) => Promise<boolean>,
  ): Promise<Float64Array[] | null> {
    this.run1 ??= prepareFloatReference(this.graph);
    const parts: Float64Array[][] = this.graph.outputs.map(() => []);
    for (let start = 0; start < rows.length; start += BATCH) {
      const r = this.run1(rows.slice(start, start + BATCH));
      r.outputs.forEach((o, i) => parts[i]!.push(o.data));
      if (!(await keepGoing(Math.min(start + BATCH, rows.length), rows.length))) return null;
    }
    return parts.map((p) => {
      const all = new Float64Array(p.reduce((a, x) => a + x.length, 0));
      let at = 0;
      for (const x of p) {
        all.set(x, at);
        at += x.length;
      }
      return all;
    });
  }

  /** Nothing to free; present so either reference can be released the same way. */
  async release(): Promise<void> {
    this.run1 = null;
    return Promise.resolve();
  }
}
