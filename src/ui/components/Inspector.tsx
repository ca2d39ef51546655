import { useId } from 'react';
import { STRATEGIES, type Strategy } from '../../core/config/designConfig';
import { KIND_SUPPORT } from '../../core/ir/kinds';
import type { LayerView } from '../../workers/protocol';
import { formatNumber, formatShape, strategyLabel } from '../format';
import { selectLayer, setLayerPrecision, setLayerReuseFactor, setLayerStrategy, useStudio } from '../store';
import { PrecisionField } from './PrecisionField';

function slotLabel(slot: string): string {
  return `${slot.replace(/_/g, ' ')} precision`;
}

function ReuseAndStrategy({ layer }: { layer: LayerView }) {
  const rfId = useId();
  const stId = useId();
  const lowered = useStudio((s) => s.loweredByName[layer.name]);
  const own = useStudio((s) => s.config.layerName[layer.name]);
  if (!lowered?.reuseOptions) return null;
  const strategy = strategyLabel(lowered.strategy);
  return (
    <>
      <h3>Parallelism</h3>
      <div className="field">
        <label htmlFor={rfId}>Reuse factor</label>
        <select
          id={rfId}
          value={lowered.reuseFactor}
          onChange={(e) => setLayerReuseFactor(layer.name, Number(e.currentTarget.value))}
        >
          {lowered.reuseOptions.map((o) => (
            <option key={o.reuseFactor} value={o.reuseFactor}>
              {o.reuseFactor} — {o.multipliers.toLocaleString('en-US')} multiplier
              {o.multipliers === 1 ? '' : 's'}
            </option>
          ))}
        </select>
        <p className="field-hint">
          {own?.reuseFactor !== undefined ? 'set on this layer' : 'inherited'} · {lowered.reuseOptions.length}{' '}
          valid values for this layer size
        </p>
      </div>
      <div className="field">
        <label htmlFor={stId}>Strategy</label>
        <select
          id={stId}
          value={strategy}
          onChange={(e) => setLayerStrategy(layer.name, e.currentTarget.value as Strategy)}
        >
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <p className="field-hint">{own?.strategy !== undefined ? 'set on this layer' : 'inherited'}</p>
      </div>
    </>
  );
}

function Overflows({ name }: { name: string }) {
  const profile = useStudio((s) => s.profileByName[name]);
  if (!profile) return null;
  const slots = Object.entries(profile.overflows);
  return (
    <>
      <h3>Emulation</h3>
      <dl className="facts">
        <dt>Output range</dt>
        <dd className="mono">
          [{formatNumber(profile.min)}, {formatNumber(profile.max)}]
        </dd>
        <dt>Max |value| before cast</dt>
        <dd className="mono">{formatNumber(profile.maxAbsBeforeCast)}</dd>
        {slots.map(([slot, n]) => (
          <FactRow
            key={slot}
            term={`${slot} overflows`}
            value={`${n.toLocaleString('en-US')}`}
            warn={n > 0}
          />
        ))}
      </dl>
    </>
  );
}

function FactRow({ term, value, warn }: { term: string; value: string; warn?: boolean }) {
  return (
    <>
      <dt>{term}</dt>
      <dd className={warn ? 'warn mono' : 'mono'}>{value}</dd>
    </>
  );
}

/** The selected layer: facts, one precision field per slot, reuse factor and strategy. */
export function Inspector() {
  const selected = useStudio((s) => s.selected);
  const layer = useStudio((s) =>
    s.selected ? s.graph?.layers.find((l) => l.name === s.selected) : undefined,
  );
  const lowered = useStudio((s) => (s.selected ? s.loweredByName[s.selected] : undefined));
  const own = useStudio((s) => (s.selected ? s.config.layerName[s.selected] : undefined));
  const designError = useStudio((s) => s.designError);

  if (!selected || !layer) {
    return (
      <section className="panel inspector" aria-labelledby="inspector-title">
        <h2 id="inspector-title">Inspector</h2>
        <p className="muted">Select a layer in the graph to set its precision, reuse factor and strategy.</p>
        {designError && (
          <p className="field-error" role="alert">
            {designError.line}
          </p>
        )}
      </section>
    );
  }
  const slots = KIND_SUPPORT[layer.kind].slots;
  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <div className="panel-head">
        <h2 id="inspector-title">Inspector</h2>
        <button type="button" className="link" onClick={() => selectLayer(null)} aria-label="Close inspector">
          Close
        </button>
      </div>
      <div className="inspector-title">
        <span className={`kind-badge kind-${layer.kind.toLowerCase()}`}>{layer.kind}</span>
        <strong className="layer-title" title={layer.name}>
          {layer.name}
        </strong>
      </div>
      <dl className="facts">
        <FactRow term="Op" value={layer.op} />
        <FactRow term="Output shape" value={formatShape(layer.outputShape)} />
        {layer.inputs.length > 0 && <FactRow term="Inputs" value={layer.inputs.join(', ')} />}
        {Object.entries(layer.attributes).map(([k, v]) => (
          <FactRow key={k} term={k} value={v} />
        ))}
        {lowered && <FactRow term="C++ name" value={`${lowered.cppName} (layer ${lowered.index})`} />}
      </dl>
      {designError && (
        <p className="field-error" role="alert">
          {designError.line}
        </p>
      )}
      <h3>Precision</h3>
      <div className="precision-grid">
        {slots.map((slot) => (
          <PrecisionField
            key={`${layer.name}:${slot}`}
            label={slotLabel(slot)}
            value={own?.precision?.[slot]}
            resolved={lowered?.types[`${slot}_t`]}
            onCommit={(text) => setLayerPrecision(layer.name, slot, text)}
          />
        ))}
      </div>
      <ReuseAndStrategy key={layer.name} layer={layer} />
      <Overflows name={layer.name} />
    </section>
  );
}
