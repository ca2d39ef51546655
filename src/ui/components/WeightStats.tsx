import type { WeightTensorStats } from '../../workers/protocol';
import { formatNumber, formatShape } from '../format';
import { LayerHistogramPlot } from '../plots/LayerHistogram';
import { useWeightStats } from '../weightStats';

function percent(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(1)} %`;
}

function TensorStats({ layer, t }: { layer: string; t: WeightTensorStats }) {
  return (
    <div className="weight-tensor" data-testid="weight-stats" data-tensor={t.name}>
      <h4>
        {t.name} <span className="muted small mono">{formatShape(t.shape)}</span>
        {t.type && <span className="muted small mono"> · {t.type}</span>}
      </h4>
      <dl className="facts" aria-label={`Statistics of ${t.name}`}>
        <dt>Values</dt>
        <dd className="mono">{t.count.toLocaleString('en-US')}</dd>
        <dt>Min / max</dt>
        <dd className="mono">
          {formatNumber(t.min)} / {formatNumber(t.max)}
        </dd>
        <dt>Mean</dt>
        <dd className="mono">{formatNumber(t.mean)}</dd>
        <dt>Zeros (sparsity)</dt>
        <dd className="mono">
          {t.zeros.toLocaleString('en-US')} ({percent(t.zeros, t.count)})
        </dd>
        {t.quantizedZeros !== null && (
          <>
            <dt>Zero after quantization</dt>
            <dd className={`mono${t.quantizedZeros > t.zeros ? ' warn' : ''}`}>
              {t.quantizedZeros.toLocaleString('en-US')} ({percent(t.quantizedZeros, t.count)})
            </dd>
          </>
        )}
        {t.outOfRange !== null && (
          <>
            <dt>Beyond the type’s range</dt>
            <dd className={`mono${t.outOfRange > 0 ? ' warn' : ''}`}>
              {t.outOfRange.toLocaleString('en-US')}
            </dd>
          </>
        )}
      </dl>
      {t.histogram && (
        <LayerHistogramPlot
          hist={t.histogram}
          values={t.name}
          label={`Histogram of ${layer} ${t.name} against the range of ${t.histogram.type}`}
        />
      )}
    </div>
  );
}

/** Weight statistics of the selected layer (only layers with weights show this section). */
export function WeightStats({ name }: { name: string }) {
  const stats = useWeightStats((s) => (s.stats?.layer === name ? s.stats : null));
  if (!stats || stats.tensors.length === 0) return null;
  return (
    <section aria-label="Weight statistics">
      <h3>Weights</h3>
      {stats.tensors.map((t) => (
        <TensorStats key={t.name} layer={name} t={t} />
      ))}
    </section>
  );
}
