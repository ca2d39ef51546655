/**
 * Collapsing long chains on the canvas (view state, not undoable): when on, the worker returns the chains
 * and a layout with each chain drawn as one group node, except the chains the user expanded again.
 */
import { create } from 'zustand';
import type { CollapsedGraphView } from '../workers/protocol';
import { useStudio } from './store';
import { studioClient } from './workerClient';

interface ChainsState {
  readonly on: boolean;
  readonly expanded: readonly string[];
  /** The layout for the current model and `expanded`, once the worker has it. */
  readonly view: CollapsedGraphView | null;
}

export const useChains = create<ChainsState>()(() => ({ on: false, expanded: [], view: null }));

let seq = 0;

function refresh(): void {
  const { on, expanded } = useChains.getState();
  const graph = useStudio.getState().graph;
  const n = ++seq;
  if (!on || !graph) {
    useChains.setState({ view: null });
    return;
  }
  studioClient()
    .request({ type: 'collapsedLayout', modelId: graph.modelId, expanded })
    .result.then(
      (view) => {
        if (n === seq) useChains.setState({ view });
      },
      () => undefined,
    );
}

export function setCollapseChains(on: boolean): void {
  useChains.setState({ on, expanded: [] });
  refresh();
}

export function expandChain(id: string): void {
  const { expanded } = useChains.getState();
  if (expanded.includes(id)) return;
  useChains.setState({ expanded: [...expanded, id] });
  refresh();
}

/** The collapsed chain that hides `layer`, if any. */
export function hidingChain(view: CollapsedGraphView | null, layer: string): string | null {
  if (!view) return null;
  const c = view.chains.find((ch) => view.collapsed.includes(ch.id) && ch.layers.includes(layer));
  return c?.id ?? null;
}

useStudio.subscribe((s, prev) => {
  if (s.graph?.modelId !== prev.graph?.modelId) {
    useChains.setState({ expanded: [], view: null });
    refresh();
  }
});
