import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { useStudio } from '../store';
import { expandChain } from '../chainsState';
import {
  OVERLAY_LABELS,
  formatOverlayValue,
  overlayColor,
  overlayTextIsLight,
  overlayValue,
} from '../overlay';

export interface ChainNodeData extends Record<string, unknown> {
  readonly id: string;
  readonly layers: readonly string[];
  /** e.g. 'Dense ×4, Activation ×3'. */
  readonly kinds: string;
}

export type ChainFlowNode = Node<ChainNodeData, 'chain'>;

/** A collapsed chain: how many layers, which kinds, first → last; coloured by its members' largest overlay value. */
function ChainNodeView({ data }: NodeProps<ChainFlowNode>) {
  const first = data.layers[0]!;
  const last = data.layers[data.layers.length - 1]!;
  const overlay = useStudio((s) => s.overlay);
  const domain = useStudio((s) => s.overlayDomain);
  const value = useStudio((s) => {
    let best: number | null = null;
    for (const n of data.layers) {
      const v = overlayValue(s.overlay, s.loweredByName[n], s.profileByName[n]);
      if (v !== null && (best === null || v > best)) best = v;
    }
    return best;
  });
  const overflows = useStudio((s) =>
    data.layers.reduce((a, n) => a + (s.profileByName[n]?.totalOverflows ?? 0), 0),
  );
  const colored = overlay !== 'kind' && value !== null && domain !== null;
  const light = colored && overlayTextIsLight(overlay, value, domain);
  const label = `Expand chain of ${data.layers.length} layers from ${first} to ${last}`;
  return (
    <div
      className={`layer-node chain-node${overflows > 0 ? ' has-overflow' : ''}${colored ? ' has-overlay' : ''}${light ? ' on-dark' : ''}`}
      data-chain={data.id}
      data-overlay-value={colored ? value : undefined}
      style={
        colored
          ? { background: overlayColor(overlay, value, domain), color: light ? '#fff' : undefined }
          : undefined
      }
      title={
        colored
          ? `${OVERLAY_LABELS[overlay]} (largest in the chain): ${formatOverlayValue(overlay, value)}`
          : undefined
      }
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="layer-node-head">
        <span className="kind-badge">{data.layers.length} layers</span>
        <button
          type="button"
          className="link chain-expand nodrag nokey"
          aria-label={label}
          title={label}
          onClick={(e) => {
            e.stopPropagation();
            expandChain(data.id);
          }}
        >
          Expand
        </button>
      </div>
      <div className="layer-node-name" title={`${first} → ${last}`}>
        {first} → {last}
      </div>
      <div className="layer-node-type muted small">{data.kinds}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export const ChainNode = memo(ChainNodeView);
