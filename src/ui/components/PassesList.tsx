import { useState } from 'react';
import type { PassReport } from '../../core/passes/lowered';
import { highlightLayers, selectLayer, useStudio } from '../store';

/** The layers a report names (changes and warnings), for the graph outline. */
function layersOf(r: PassReport, known: ReadonlySet<string>): string[] {
  return [...new Set([...r.changes, ...r.warnings].map((c) => c.layer))].filter((n) => known.has(n));
}

/** The backend's passes in order, each expandable to what it changed and what it warned about. */
export function PassesList() {
  const reports = useStudio((s) => s.lowered?.reports);
  const backend = useStudio((s) => s.config.backend);
  const names = useStudio((s) => s.graph?.layers);
  if (!reports) return null;
  const known = new Set((names ?? []).map((l) => l.name));
  return (
    <section className="panel passes" aria-labelledby="passes-title">
      <h2 id="passes-title">Passes · {backend} flow</h2>
      <ol className="pass-list">
        {reports.map((r) => (
          <PassItem key={r.pass} r={r} known={known} />
        ))}
      </ol>
    </section>
  );
}

/** One pass; its item list is only built while it is open (a big model's passes name thousands of layers). */
function PassItem({ r, known }: { r: PassReport; known: ReadonlySet<string> }) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <details
        onToggle={(e) => {
          const isOpen = e.currentTarget.open;
          setOpen(isOpen);
          highlightLayers(isOpen ? layersOf(r, known) : []);
        }}
      >
        <summary>
          <span className="mono">{r.pass}</span>
          <span className="pass-counts">
            {r.changes.length} change{r.changes.length === 1 ? '' : 's'}
            {r.warnings.length > 0 && (
              <span className="warn">
                {' '}
                · {r.warnings.length} warning{r.warnings.length === 1 ? '' : 's'}
              </span>
            )}
          </span>
        </summary>
        <p className="muted small">{r.description}</p>
        {open && (
          <ul className="pass-items">
            {r.warnings.map((w, i) => (
              <li key={`w${i}`} className="warn">
                <button type="button" className="link" onClick={() => selectLayer(w.layer)}>
                  {w.layer}
                </button>
                : {w.message}
              </li>
            ))}
            {r.changes.map((c, i) => (
              <li key={`c${i}`}>
                <button type="button" className="link" onClick={() => selectLayer(c.layer)}>
                  {c.layer}
                </button>
                : {c.message}
              </li>
            ))}
            {r.changes.length + r.warnings.length === 0 && <li className="muted">nothing to do</li>}
          </ul>
        )}
      </details>
    </li>
  );
}
