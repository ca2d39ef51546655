import { memo } from 'react';
import type { LayerProfileView } from '../../workers/protocol';
import { formatNumber } from '../format';
import { selectLayer } from '../store';

/**
 * Per-layer overflow counts from the emulation, with a bar per layer scaled to the worst one. Memoised:
 * the panel re-renders on every progress message, and a model can have thousands of rows.
 */
export const OverflowTable = memo(function OverflowTable({
  layers,
}: {
  layers: readonly LayerProfileView[];
}) {
  const worst = Math.max(1, ...layers.map((l) => l.totalOverflows));
  const total = layers.reduce((a, l) => a + l.totalOverflows, 0);
  return (
    <div className="overflow-table-wrap">
      <h3>
        Overflows per layer{' '}
        <span className={total > 0 ? 'warn' : 'ok'}>
          ({total === 0 ? 'none' : `${total.toLocaleString('en-US')} in total`})
        </span>
      </h3>
      <table className="overflow-table" aria-label="Overflows per layer">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Overflows
            </th>
            <th scope="col" className="bar-col">
              <span className="visually-hidden">Share</span>
            </th>
            <th scope="col">By type</th>
            <th scope="col" className="num">
              Output range
            </th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l) => (
            <OverflowRow key={l.name} layer={l} worst={worst} />
          ))}
        </tbody>
      </table>
    </div>
  );
});

/** The shown fields of two profiles are equal (a new emulation sends new objects for every layer). */
function sameRow(a: LayerProfileView, b: LayerProfileView): boolean {
  if (a === b) return true;
  if (
    a.name !== b.name ||
    a.kind !== b.kind ||
    a.totalOverflows !== b.totalOverflows ||
    !Object.is(a.min, b.min) ||
    !Object.is(a.max, b.max)
  )
    return false;
  const ka = Object.keys(a.overflows);
  const kb = Object.keys(b.overflows);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.overflows[k] === b.overflows[k]);
}

/** One layer's row; re-rendered only when what it shows changes. */
const OverflowRow = memo(
  function OverflowRow({ layer: l, worst }: { layer: LayerProfileView; worst: number }) {
    return (
      <tr className={l.totalOverflows > 0 ? 'has-overflow' : undefined}>
        <th scope="row">
          <button type="button" className="link" onClick={() => selectLayer(l.name)} title={l.name}>
            {l.name}
          </button>
        </th>
        <td>{l.kind}</td>
        <td className="num mono">{l.totalOverflows.toLocaleString('en-US')}</td>
        <td className="bar-col">
          <div className="bar-track">
            <div className="bar-fill" style={{ width: `${(100 * l.totalOverflows) / worst}%` }} />
          </div>
        </td>
        <td className="mono small">
          {Object.entries(l.overflows)
            .filter(([, n]) => n > 0)
            .map(([slot, n]) => `${slot} ${n.toLocaleString('en-US')}`)
            .join(', ') || '—'}
        </td>
        <td className="num mono small">
          [{formatNumber(l.min)}, {formatNumber(l.max)}]
        </td>
      </tr>
    );
  },
  (p, q) => p.worst === q.worst && sameRow(p.layer, q.layer),
);
