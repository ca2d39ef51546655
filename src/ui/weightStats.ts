/**
 * The selected layer's weight statistics (computed in the worker from the lowered graph, so a precision
 * edit updates the "become zero / out of range" counts). A small store beside the studio's: it follows
 * the selection and every re-lowering.
 */
import { create } from 'zustand';
import type { WeightStatsView } from '../workers/protocol';
import { useStudio } from './store';
import { studioClient } from './workerClient';

export const useWeightStats = create<{ readonly stats: WeightStatsView | null }>()(() => ({ stats: null }));

let seq = 0;

function refresh(): void {
  const { selected, graph, config, lowered } = useStudio.getState();
  const n = ++seq;
  if (!selected || !graph || !lowered) {
    if (useWeightStats.getState().stats) useWeightStats.setState({ stats: null });
    return;
  }
  studioClient()
    .request({ type: 'weightStats', modelId: graph.modelId, config, layer: selected })
    .result.then(
      (stats) => {
        if (n === seq) useWeightStats.setState({ stats });
      },
      () => {
        if (n === seq) useWeightStats.setState({ stats: null });
      },
    );
}

useStudio.subscribe((s, prev) => {
  if (s.selected !== prev.selected || s.lowered !== prev.lowered) refresh();
});
