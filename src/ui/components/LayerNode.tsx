import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { LayerKind } from '../../core/ir/graph';
import { useStudio } from '../store';
import { formatShape } from '../format';
import {
  OVERLAY_LABELS,
  formatOverlayValue,
  overlayColor,
  overlayTextIsLight,
  overlayValue,
} from '../overlay';

export interface LayerNodeData extends Record<string, unknown> {
  readonly name: string;
  readonly kind: LayerKind;
  readonly outputShape: readonly number[];
  readonly isInput: boolean;
  readonly isOutput: boolean;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

/**
 * One layer on the canvas: name (plain text), kind, output shape and result precision. The precision
 * and the overflow badge come from the store by name, so an edit re-renders only the nodes it changes.
 */
function LayerNodeView({ id, data }: NodeProps<LayerFlowNode>) {
  const result = useStudio((s) => s.loweredByName[id]?.types['result_t']);
  const overflows = useStudio((s) => s.profileByName[id]?.totalOverflows ?? 0);
  const selected = useStudio((s) => s.selected === id);
  const overridden = useStudio((s) => s.config.layerName[id] !== undefined);
  const multi = useStudio((s) => s.multiSelected.includes(id));
  const highlighted = useStudio((s) => s.highlighted.includes(id));
  const overlay = useStudio((s) => s.overlay);
  const value = useStudio((s) => overlayValue(s.overlay, s.loweredByName[id], s.profileByName[id]));
  const domain = useStudio((s) => s.overlayDomain);
  const colored = overlay !== 'kind' && value !== null && domain !== null;
  const style = colored
    ? {
        background: overlayColor(overlay, value, domain),
        color: overlayTextIsLight(overlay, value, domain) ? '#ffffff' : undefined,
      }
    : undefined;
  return (
    <div
      className={`layer-node kind-${data.kind.toLowerCase()}${selected || multi ? ' is-selected' : ''}${highlighted ? ' is-highlighted' : ''}${overflows > 0 ? ' has-overflow' : ''}${colored ? ' has-overlay' : ''}${colored && overlayTextIsLight(overlay, value, domain) ? ' on-dark' : ''}`}
      data-layer={data.name}
      data-overlay={overlay}
      data-overlay-value={value ?? undefined}
      style={style}
      title={colored ? `${OVERLAY_LABELS[overlay]}: ${formatOverlayValue(overlay, value)}` : undefined}
    >
      {!data.isInput && <Handle type="target" position={Position.Top} isConnectable={false} />}
      <div className="layer-node-head">
        <span className="kind-badge" title={data.kind}>
          {data.kind}
        </span>
        <span className="layer-node-shape" title="Output shape (without batch)">
          {formatShape(data.outputShape)}
        </span>
      </div>
      <div className="layer-node-name" title={data.name}>
        {data.name}
      </div>
      <div className="layer-node-type">
        <span className="mono" title={result ? `result_t: ${result.cpp} (${result.origin})` : undefined}>
          {result ? result.short : '…'}
        </span>
        {overridden && (
          <span className="edited-dot" title="This layer has its own settings" aria-label="edited" />
        )}
        {overflows > 0 && (
          <span
            className="overflow-badge"
            title="Values that overflowed a type in this layer during emulation"
          >
            {overflows.toLocaleString('en-US')} overflow{overflows === 1 ? '' : 's'}
          </span>
        )}
      </div>
      {!data.isOutput && <Handle type="source" position={Position.Bottom} isConnectable={false} />}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
