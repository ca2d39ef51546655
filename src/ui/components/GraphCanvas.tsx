import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useNodesState,
  useReactFlow,
  type Edge,
  type NodeHandle,
  type NodeMouseHandler,
  type OnSelectionChangeFunc,
} from '@xyflow/react';
import type { CollapsedGraphView, GraphView } from '../../workers/protocol';
import { EXAMPLES } from '../examples';
import { loadExample, selectLayer, selectLayers, useStudio } from '../store';
import { expandChain, hidingChain, setCollapseChains, useChains } from '../chainsState';
import { OverlayLegend } from './OverlayLegend';
import { LayerNode, type LayerFlowNode } from './LayerNode';
import { ChainNode, type ChainFlowNode } from './ChainNode';
import { MARKS, MEASURES, measureSince } from '../perfMarks';

/** Outside the component, as React Flow asks: a new object per render would remount every node. */
const nodeTypes = { layer: LayerNode, chain: ChainNode };

type FlowNode = LayerFlowNode | ChainFlowNode;

/**
 * Every node box is 210 × 62 (.layer-node in styles.css, and the worker's layout). Giving React Flow the
 * size and the handle positions up front lets it skip measuring all nodes before the first frame, so
 * with onlyRenderVisibleElements only the nodes in view are ever mounted.
 */
const NODE_W = 210;
const NODE_H = 62;
const TARGET: NodeHandle = {
  type: 'target',
  position: Position.Top,
  x: NODE_W / 2 - 3,
  y: -3,
  width: 6,
  height: 6,
};
const SOURCE: NodeHandle = {
  type: 'source',
  position: Position.Bottom,
  x: NODE_W / 2 - 3,
  y: NODE_H - 3,
  width: 6,
  height: 6,
};
const sized = (input: boolean, output: boolean) => ({
  width: NODE_W,
  height: NODE_H,
  measured: { width: NODE_W, height: NODE_H },
  handles: [...(input ? [] : [TARGET]), ...(output ? [] : [SOURCE])],
});

function kindSummary(graph: GraphView, names: readonly string[]): string {
  const members = new Set(names);
  const counts = new Map<string, number>();
  for (const l of graph.layers) if (members.has(l.name)) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}

/** Layer → the collapsed chain drawn in its place. */
function groupsOf(view: CollapsedGraphView | null): Map<string, string> {
  const groupOf = new Map<string, string>();
  if (!view) return groupOf;
  const collapsed = new Set(view.collapsed);
  for (const c of view.chains) if (collapsed.has(c.id)) for (const n of c.layers) groupOf.set(n, c.id);
  return groupOf;
}

const defaultEdgeOptions = {
  type: 'smoothstep',
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
  focusable: false,
} as const;

const fitViewOptions = { padding: 0.15, maxZoom: 1.1 };
/**
 * Above this many nodes the whole graph fitted would be unreadable dots: the view opens on the graph's
 * first layers at a readable zoom instead (the minimap and panning reach the rest), and the minimap is
 * drawn after the first frame.
 */
const LARGE_GRAPH = 300;
const OPENING_NODES = 16;
/** Shift, Ctrl or Cmd + click adds a layer to the selection (multi-select edits). */
const multiKeys = ['Shift', 'Control', 'Meta'];

function toNodes(graph: GraphView, view: CollapsedGraphView | null): FlowNode[] {
  const outputs = new Set(graph.outputs);
  const inputs = new Set(graph.inputs);
  const groupOf = groupsOf(view);
  const nodes: FlowNode[] = [];
  for (const l of graph.layers) {
    const group = groupOf.get(l.name);
    if (group !== undefined) {
      const chain = view!.chains.find((c) => c.id === group)!;
      if (chain.layers[0] !== l.name) continue;
      nodes.push({
        id: chain.id,
        type: 'chain',
        position: view!.positions[chain.id] ?? l.position,
        data: { id: chain.id, layers: chain.layers, kinds: kindSummary(graph, chain.layers) },
        ariaLabel: `Chain of ${chain.layers.length} layers from ${chain.layers[0]} to ${chain.layers[chain.layers.length - 1]}`,
        connectable: false,
        ...sized(false, false),
      });
      continue;
    }
    nodes.push({
      id: l.name,
      type: 'layer',
      position: view?.positions[l.name] ?? l.position,
      data: {
        name: l.name,
        kind: l.kind,
        outputShape: l.outputShape,
        isInput: inputs.has(l.name),
        isOutput: outputs.has(l.name),
      },
      ariaLabel: `${l.kind} layer ${l.name}`,
      connectable: false,
      ...sized(inputs.has(l.name), outputs.has(l.name)),
    });
  }
  return nodes;
}

function toEdges(graph: GraphView, view: CollapsedGraphView | null): Edge[] {
  const groupOf = groupsOf(view);
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const l of graph.layers) {
    const target = groupOf.get(l.name) ?? l.name;
    l.inputs.forEach((src, k) => {
      const source = groupOf.get(src) ?? src;
      if (source === target) return;
      const id = `${source}→${target}#${groupOf.has(l.name) ? 0 : k}`;
      if (seen.has(id)) return;
      seen.add(id);
      edges.push({ id, source, target });
    });
  }
  return edges;
}

function Flow({ graph, view }: { graph: GraphView; view: CollapsedGraphView | null }) {
  const initialNodes = useMemo(() => toNodes(graph, view), [graph, view]);
  const edges = useMemo(() => toEdges(graph, view), [graph, view]);
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const onNodeClick = useCallback<NodeMouseHandler<FlowNode>>((_, node) => {
    if (node.type === 'layer') selectLayer(node.id);
  }, []);
  const onSelectionChange = useCallback<OnSelectionChangeFunc<FlowNode>>(({ nodes: all }) => {
    const sel = all.filter((n) => n.type === 'layer');
    if (sel.length === 1 && sel[0]) selectLayer(sel[0].id);
    else if (sel.length > 1) selectLayers(sel.map((n) => n.id));
  }, []);
  const onPaneClick = useCallback(() => selectLayer(null), []);
  const drawn = useNodesInitialized();
  const large = nodes.length > LARGE_GRAPH;
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // Measure once the frame with the nodes has been painted (a frame, then a task after it).
    if (!drawn) return;
    const raf = requestAnimationFrame(() =>
      setTimeout(() => {
        measureSince(MEASURES.dropToGraph, MARKS.fileReceived, MARKS.graphDrawn);
        setPainted(true);
      }, 0),
    );
    return () => cancelAnimationFrame(raf);
  }, [drawn]);
  const fitOptions = useMemo(
    () =>
      large
        ? { ...fitViewOptions, nodes: initialNodes.slice(0, OPENING_NODES).map((n) => ({ id: n.id })) }
        : fitViewOptions,
    [large, initialNodes],
  );
  return (
    <ReactFlow<FlowNode>
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      nodeTypes={nodeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      onNodeClick={onNodeClick}
      onSelectionChange={onSelectionChange}
      onPaneClick={onPaneClick}
      nodesConnectable={false}
      nodesFocusable
      multiSelectionKeyCode={multiKeys}
      fitView
      fitViewOptions={fitOptions}
      minZoom={0.05}
      maxZoom={2}
      onlyRenderVisibleElements={large}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      {nodes.length > 40 && (!large || painted) && (
        <MiniMap pannable zoomable ariaLabel="Mini map of the layer graph" />
      )}
    </ReactFlow>
  );
}

/** Find a layer by name: selects it and centres the view on it. */
function FindLayer({ graph }: { graph: GraphView }) {
  const flow = useReactFlow<FlowNode>();
  const view = useChains((s) => s.view);
  const listId = useId();
  const [text, setText] = useState('');
  const [miss, setMiss] = useState(false);
  const go = (): void => {
    const q = text.trim().toLowerCase();
    if (!q) return;
    const hit =
      graph.layers.find((l) => l.name.toLowerCase() === q) ??
      graph.layers.find((l) => l.name.toLowerCase().includes(q));
    setMiss(!hit);
    if (!hit) return;
    const chain = hidingChain(view, hit.name);
    if (chain) {
      // The layer is inside a collapsed chain: open the chain (the canvas redraws) and select it.
      expandChain(chain);
      selectLayer(hit.name);
      return;
    }
    selectLayer(hit.name);
    flow.setNodes((nodes) => nodes.map((n) => ({ ...n, selected: n.id === hit.name })));
    void flow.fitView({ nodes: [{ id: hit.name }], maxZoom: 1.1, duration: 200 });
  };
  return (
    <div className={`find-layer${miss ? ' field-invalid' : ''}`}>
      <input
        type="search"
        aria-label="Find layer"
        placeholder="Find layer…"
        list={listId}
        value={text}
        aria-invalid={miss}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setMiss(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') go();
        }}
      />
      <datalist id={listId}>
        {graph.layers.length <= 2000 && graph.layers.map((l) => <option key={l.name} value={l.name} />)}
      </datalist>
    </div>
  );
}

function EmptyCanvas() {
  const loading = useStudio((s) => s.loading);
  return (
    <div className="empty-canvas">
      <div className="empty-card">
        <h2>Open a trained model</h2>
        <p>
          Drop a model (ONNX, QONNX, Keras .h5/.keras or .json + weights, TorchScript) anywhere on this
          window, use <strong>Open model</strong>, or try an example.
        </p>
        <button
          type="button"
          className="primary"
          onClick={() => void loadExample()}
          disabled={loading !== null}
        >
          {loading ? 'Loading…' : 'Load the jet-tagger example'}
        </button>
        <ul className="example-list" aria-label="More examples">
          {EXAMPLES.slice(1).map((x) => (
            <li key={x.file}>
              <button type="button" onClick={() => void loadExample(x.file)} disabled={loading !== null}>
                {x.label}
              </button>{' '}
              <span className="muted small">{x.description}</span>
            </li>
          ))}
        </ul>
        <p className="muted small">The file is read in this tab; nothing is uploaded.</p>
      </div>
    </div>
  );
}

function CollapseToggle() {
  const on = useChains((s) => s.on);
  const view = useChains((s) => s.view);
  return (
    <button
      type="button"
      className="chain-toggle"
      aria-pressed={on}
      title="Draw each run of four or more single-input, single-output layers as one node"
      onClick={() => setCollapseChains(!on)}
    >
      Collapse chains
      {on && view && (
        <span className="muted small" data-testid="chain-count">
          {' '}
          ({view.collapsed.length} of {view.chains.length})
        </span>
      )}
    </button>
  );
}

/**
 * The layer graph, laid out top to bottom by the worker (elkjs; our own layering for large graphs);
 * remounted (and fitted) per model and per set of collapsed chains.
 */
export function GraphCanvas() {
  const graph = useStudio((s) => s.graph);
  const view = useChains((s) => (s.view && graph && s.view.modelId === graph.modelId ? s.view : null));
  if (!graph) return <EmptyCanvas />;
  return (
    <ReactFlowProvider key={`${graph.modelId}:${view ? `c:${view.collapsed.join('\n')}` : ''}`}>
      <div className="graph-wrap">
        <div className="graph-strip">
          <OverlayLegend />
          <div className="graph-tools">
            <FindLayer graph={graph} />
            <CollapseToggle />
          </div>
        </div>
        <div className="flow-host">
          <Flow graph={graph} view={view} />
        </div>
      </div>
    </ReactFlowProvider>
  );
}
