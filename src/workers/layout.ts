/**
 * Automatic top-to-bottom layout of the layer graph with elkjs (layered), run inside the worker.
 * Node boxes have a fixed size that matches the canvas CSS (LayerNode), so the layout needs no DOM.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { fastLayeredLayout } from './fastLayout';

/** Must match .layer-node in src/ui/styles.css. */
export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 62;

export interface LayoutInput {
  readonly name: string;
  readonly inputs: readonly string[];
}

let elk: InstanceType<typeof ELK> | null = null;

/** Above this many nodes elk's layered layout costs more than a second; our own layering is used. */
export const FAST_LAYOUT_ABOVE = 400;

export async function layoutLayers(
  layers: readonly LayoutInput[],
): Promise<Map<string, { x: number; y: number }>> {
  if (layers.length > FAST_LAYOUT_ABOVE) {
    return fastLayeredLayout(layers, { width: NODE_WIDTH, height: NODE_HEIGHT, layerGap: 26, nodeGap: 28 });
  }
  elk ??= new ELK();
  const names = new Set(layers.map((l) => l.name));
  const ids = new Map(layers.map((l, i) => [l.name, `n${i}`]));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '26',
      'elk.spacing.nodeNode': '28',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: layers.map((l) => ({ id: ids.get(l.name)!, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: layers.flatMap((l) =>
      l.inputs
        .filter((src) => names.has(src))
        .map((src, k) => ({
          id: `e_${ids.get(l.name)}_${k}`,
          sources: [ids.get(src)!],
          targets: [ids.get(l.name)!],
        })),
    ),
  };
  const out = await elk.layout(graph);
  const byId = new Map((out.children ?? []).map((c) => [c.id, c]));
  const positions = new Map<string, { x: number; y: number }>();
  layers.forEach((l, i) => {
    const c = byId.get(ids.get(l.name)!);
    positions.set(l.name, { x: c?.x ?? 0, y: c?.y ?? i * (NODE_HEIGHT + 26) });
  });
  return positions;
}
