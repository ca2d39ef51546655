/**
 * Long chains of the layer graph, for collapsing on the canvas: maximal runs where each layer reads only
 * the one before it and that one feeds nothing else. Model inputs and outputs stay outside any chain so
 * the graph's ends remain visible.
 */
import type { ChainGroupView } from './protocol';
import { layoutLayers, type LayoutInput } from './layout';

/** Shorter runs are not worth a group node. */
export const MIN_CHAIN = 4;

export function findChains(
  layers: readonly LayoutInput[],
  inputs: readonly string[],
  outputs: readonly string[],
  minLength = MIN_CHAIN,
): ChainGroupView[] {
  const ends = new Set([...inputs, ...outputs]);
  const consumers = new Map<string, number>();
  for (const l of layers) for (const i of new Set(l.inputs)) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const chains: ChainGroupView[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length >= minLength) chains.push({ id: `chain:${run[0]}`, layers: run });
    run = [];
  };
  for (const l of layers) {
    if (ends.has(l.name)) {
      flush();
      continue;
    }
    const prev = run[run.length - 1];
    // Continue the run when this layer reads only the previous one and is its only reader.
    if (prev !== undefined && !(l.inputs.length === 1 && l.inputs[0] === prev && consumers.get(prev) === 1))
      flush();
    run.push(l.name);
  }
  flush();
  return chains;
}

/**
 * The graph with the chains in `collapsed` replaced by one node each (named by the chain id), and its
 * layout. Edges into or out of a chain attach to its group node.
 */
export async function collapsedLayout(
  layers: readonly LayoutInput[],
  chains: readonly ChainGroupView[],
  collapsed: ReadonlySet<string>,
): Promise<Map<string, { x: number; y: number }>> {
  const groupOf = new Map<string, string>();
  for (const c of chains) if (collapsed.has(c.id)) for (const n of c.layers) groupOf.set(n, c.id);
  const nodes: LayoutInput[] = [];
  const seen = new Set<string>();
  for (const l of layers) {
    const g = groupOf.get(l.name);
    const name = g ?? l.name;
    const inputs = l.inputs.map((i) => groupOf.get(i) ?? i).filter((i) => i !== name);
    if (g !== undefined) {
      // A chain's only outside input is its first layer's.
      if (seen.has(g)) continue;
      seen.add(g);
    }
    nodes.push({ name, inputs });
  }
  return layoutLayers(nodes);
}
