import { useCallback, useEffect, useMemo } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useNodesState,
  type Edge,
  type NodeMouseHandler,
  type OnSelectionChangeFunc,
} from '@xyflow/react';
import type { GraphView } from '../../workers/protocol';
import { loadExample, selectLayer, useStudio } from '../store';
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
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.05}
      maxZoom={2}
      onlyRenderVisibleElements={nodes.length > 300}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

function EmptyCanvas() {
  const loading = useStudio((s) => s.loading);
  return (
    <div className="empty-canvas">
      <div className="empty-card">
        <h2>Open a trained model</h2>
        <p>
          Drop an ONNX file anywhere on this window, use <strong>Open model</strong>, or try the jet-tagging
          MLP.
        </p>
        <button
          type="button"
          className="primary"
          onClick={() => void loadExample()}
          disabled={loading !== null}
        >
          {loading ? 'Loading…' : 'Load the jet-tagger example'}
        </button>
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
      <Flow graph={graph} />
    </ReactFlowProvider>
  );
}
