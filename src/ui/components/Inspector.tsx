import { useId, useState } from 'react';
import { STRATEGIES, type Strategy } from '../../core/config/designConfig';
import { slotsFor } from '../../core/ir/kinds';
import type { LayerView } from '../../workers/protocol';
import type { LayerKind } from '../../core/ir/graph';
import { formatNumber, formatShape, strategyLabel } from '../format';
import {
  patchLayers,
  selectLayer,
  setLayerPrecision,
  setLayerReuseFactor,
  setLayerStrategy,
  setTypePrecision,
  useStudio,
} from '../store';
import { PrecisionField } from './PrecisionField';
import { LayerHistogramPlot } from '../plots/LayerHistogram';
import { WeightStats } from './WeightStats';

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
        {profile.floatError && (
          <>
            <dt>Error vs float (mean / max)</dt>
            <dd className="mono" data-testid="float-error">
              {formatNumber(profile.floatError.meanAbs)} / {formatNumber(profile.floatError.maxAbs)}
            </dd>
          </>
        )}
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

/** Per-type defaults (hls4ml LayerType config): the result precision of every layer of this class. */
function TypeDefaults({ hlsClass }: { hlsClass: string }) {
  const own = useStudio((s) => s.config.layerType[hlsClass]?.precision?.['result']);
  const count = useStudio((s) => s.graph?.layers.filter((l) => l.hlsClass === hlsClass).length ?? 0);
  return (
    <details className="type-defaults" open={own !== undefined}>
      <summary>
        Defaults for every {hlsClass} layer ({count}) <span className="muted small">LayerType</span>
      </summary>
      <PrecisionField
        label={`${hlsClass} result precision`}
        value={own}
        resolved={undefined}
        onCommit={(text) => setTypePrecision(hlsClass, 'result', text)}
      />
      <p className="field-hint">Layers with their own setting keep it (name › type › model).</p>
    </details>
  );
}

function LayerTrace({ name }: { name: string }) {
  const hist = useStudio((s) => (s.layerHistogram?.layer === name ? s.layerHistogram : null));
  const hasEmulation = useStudio((s) => s.emulation !== null);
  const missing = useStudio((s) => s.layerHistogramMissing === name);
  return (
    <>
      <h3>Output trace</h3>
      {hist ? (
        <LayerHistogramPlot hist={hist} />
      ) : (
        <p className="muted small">
          {missing
            ? 'No trace for this layer in the last emulation; run it again.'
            : hasEmulation
              ? 'Reading the trace…'
              : 'Run an emulation to see this layer’s outputs against the range of its result type.'}
        </p>
      )}
    </>
  );
}

/** Several layers selected: set one precision or strategy on all of them in one undoable edit. */
function MultiInspector({ names }: { names: readonly string[] }) {
  const stId = useId();
  // What this panel last applied: the field shows it, so leaving the field does not apply it again.
  const [applied, setApplied] = useState<string | undefined>(undefined);
  const kinds = useStudio((s) => names.map((n) => s.graph?.layers.find((l) => l.name === n)?.kind).join(','));
  const dense = kinds.split(',').filter((k) => k === 'Dense').length;
  const denseNames = useStudio((s) =>
    names.filter((n) => s.graph?.layers.find((l) => l.name === n)?.kind === 'Dense').join('\n'),
  );
  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <div className="panel-head">
        <h2 id="inspector-title">Inspector</h2>
        <button type="button" className="link" onClick={() => selectLayer(null)} aria-label="Close inspector">
          Close
        </button>
      </div>
      <p>
        <strong data-testid="multi-count">{names.length} layers selected</strong>
      </p>
      <ul className="multi-list">
        {names.map((n) => (
          <li key={n} className="mono small">
            {n}
          </li>
        ))}
      </ul>
      <h3>Set on all selected layers</h3>
      <PrecisionField
        label="result precision"
        value={applied}
        resolved={undefined}
        onCommit={(text) => {
          if (text === null) return;
          setApplied(text);
          patchLayers(names, { precision: { result: text } });
        }}
      />
      {dense > 0 && (
        <div className="field">
          <label htmlFor={stId}>Strategy</label>
          <select
            id={stId}
            value=""
            onChange={(e) => {
              const v = e.currentTarget.value as Strategy;
              if (v) patchLayers(denseNames.split('\n'), { strategy: v });
            }}
          >
            <option value="">(unchanged)</option>
            {STRATEGIES.map((st) => (
              <option key={st} value={st}>
                {st}
              </option>
            ))}
          </select>
          <p className="field-hint">
            applies to the {dense} Dense layer{dense === 1 ? '' : 's'} selected
          </p>
        </div>
      )}
    </section>
  );
}

/** The selected layer: facts, one precision field per slot, reuse factor and strategy. */
export function Inspector() {
  const multi = useStudio((s) => s.multiSelected);
  if (multi.length > 1) return <MultiInspector key={multi.join('\n')} names={multi} />;
  return <SingleInspector />;
}

function SingleInspector() {
  const selected = useStudio((s) => s.selected);
  const layer = useStudio((s) =>
    s.selected ? s.graph?.layers.find((l) => l.name === s.selected) : undefined,
  );
  const lowered = useStudio((s) => (s.selected ? s.loweredByName[s.selected] : undefined));
  const own = useStudio((s) => (s.selected ? s.config.layerName[s.selected] : undefined));
  const designError = useStudio((s) => s.designError);
  // A model layer a pass replaced (batch norm + binary/ternary tanh → BatchNormalizationQuantizedTanh).
  const fusedInto = useStudio((s) => {
    const name = s.selected;
    if (!name || s.loweredByName[name]) return undefined;
    return Object.values(s.loweredByName).find((v) => v.fusedFrom?.includes(name));
  });

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
  // TimeDistributed: the wrapped layer's slots (its kind is in attributes.wrapped).
  const kind = layer.kind === 'TimeDistributed' ? (layer.attributes['wrapped'] as LayerKind) : layer.kind;
  const slots = slotsFor(kind, layer.attributes['activation']);
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
      {fusedInto && (
        <>
          <h3>Fused into {fusedInto.name}</h3>
          <p className="muted">
            {fusedInto.kind}, C++ layer {fusedInto.index}; its types are fixed by the pass (the input type for
            the thresholds).
          </p>
          <dl className="facts">
            {Object.entries(fusedInto.types).map(([slot, t]) => (
              <FactRow key={slot} term={slot} value={`${t.cpp} (${t.origin})`} />
            ))}
          </dl>
        </>
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
      {layer.kind !== 'Input' && <TypeDefaults key={layer.hlsClass} hlsClass={layer.hlsClass} />}
      <ReuseAndStrategy key={layer.name} layer={layer} />
      <WeightStats name={layer.name} />
      <Overflows name={layer.name} />
      <LayerTrace name={layer.name} />
    </section>
  );
}
