import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useNodesState,
  useReactFlow,
  type Edge,
  type NodeMouseHandler,
  type OnSelectionChangeFunc,
} from '@xyflow/react';
import type { GraphView } from '../../workers/protocol';
import { EXAMPLES } from '../examples';
import { loadExample, selectLayer, selectLayers, useStudio } from '../store';
import { OverlayLegend } from './OverlayLegend';
import { LayerNode, type LayerFlowNode } from './LayerNode';
import { MARKS, MEASURES, measureSince } from '../perfMarks';

/** Outside the component, as React Flow asks: a new object per render would remount every node. */
const nodeTypes = { layer: LayerNode };

const defaultEdgeOptions = {
  type: 'smoothstep',
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
  focusable: false,
} as const;

const fitViewOptions = { padding: 0.15, maxZoom: 1.1 };
/** Shift, Ctrl or Cmd + click adds a layer to the selection (multi-select edits). */
const multiKeys = ['Shift', 'Control', 'Meta'];

function toNodes(graph: GraphView): LayerFlowNode[] {
  const outputs = new Set(graph.outputs);
  const inputs = new Set(graph.inputs);
  return graph.layers.map((l) => ({
    id: l.name,
    type: 'layer',
    position: l.position,
    data: {
      name: l.name,
      kind: l.kind,
      outputShape: l.outputShape,
      isInput: inputs.has(l.name),
      isOutput: outputs.has(l.name),
    },
    ariaLabel: `${l.kind} layer ${l.name}`,
    connectable: false,
  }));
}

function toEdges(graph: GraphView): Edge[] {
  return graph.layers.flatMap((l) =>
    l.inputs.map((src, k) => ({ id: `${src}→${l.name}#${k}`, source: src, target: l.name })),
  );
}

function Flow({ graph }: { graph: GraphView }) {
  const initialNodes = useMemo(() => toNodes(graph), [graph]);
  const edges = useMemo(() => toEdges(graph), [graph]);
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const onNodeClick = useCallback<NodeMouseHandler<LayerFlowNode>>((_, node) => selectLayer(node.id), []);
  const onSelectionChange = useCallback<OnSelectionChangeFunc<LayerFlowNode>>(({ nodes: sel }) => {
    if (sel.length === 1 && sel[0]) selectLayer(sel[0].id);
    else if (sel.length > 1) selectLayers(sel.map((n) => n.id));
  }, []);
  const onPaneClick = useCallback(() => selectLayer(null), []);
  const drawn = useNodesInitialized();
  useEffect(() => {
    if (drawn) measureSince(MEASURES.dropToGraph, MARKS.fileReceived, MARKS.graphDrawn);
  }, [drawn]);
  return (
    <ReactFlow<LayerFlowNode>
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
      fitViewOptions={fitViewOptions}
      minZoom={0.05}
      maxZoom={2}
      onlyRenderVisibleElements={nodes.length > 300}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      {nodes.length > 40 && <MiniMap pannable zoomable ariaLabel="Mini map of the layer graph" />}
    </ReactFlow>
  );
}

/** Find a layer by name: selects it and centres the view on it. */
function FindLayer({ graph }: { graph: GraphView }) {
  const flow = useReactFlow();
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

/** The layer graph, laid out top to bottom by the worker (elkjs); remounted (and fitted) per model. */
export function GraphCanvas() {
  const graph = useStudio((s) => s.graph);
  if (!graph) return <EmptyCanvas />;
  return (
    <ReactFlowProvider key={graph.modelId}>
      <div className="graph-wrap">
        <div className="graph-strip">
          <OverlayLegend />
          <FindLayer graph={graph} />
        </div>
        <div className="flow-host">
          <Flow graph={graph} />
        </div>
      </div>
    </ReactFlowProvider>
  );
}
