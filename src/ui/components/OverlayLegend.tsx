import { useId } from 'react';
import { OVERLAYS, setOverlay, useStudio } from '../store';
import { OVERLAY_HINTS, OVERLAY_LABELS, formatOverlayValue, isLogScale, rampColor } from '../overlay';

/** The canvas legend: choose what colours the nodes, and read the colour scale. */
export function OverlayLegend() {
  const name = useId();
  const overlay = useStudio((s) => s.overlay);
  const domain = useStudio((s) => s.overlayDomain);
  const hasEmulation = useStudio((s) => s.emulation !== null);
  const floatNote = useStudio((s) => s.emulation?.floatNote ?? null);
  const stops = Array.from({ length: 6 }, (_, i) => rampColor(overlay, i / 5)).join(', ');
  return (
    <div className="overlay-legend" role="group" aria-label="Colour nodes by">
      <div className="overlay-legend-title">Colour nodes by</div>
      <div className="overlay-options">
        {OVERLAYS.map((o) => (
          <label
            key={o}
            className={`overlay-option${o === overlay ? ' is-active' : ''}`}
            title={OVERLAY_HINTS[o]}
          >
            <input
              type="radio"
              name={name}
              value={o}
              checked={o === overlay}
              onChange={() => setOverlay(o)}
            />
            {OVERLAY_LABELS[o]}
          </label>
        ))}
      </div>
      {overlay !== 'kind' &&
        (domain ? (
          <div className="overlay-scale" data-testid="overlay-scale">
            <span className="mono">{formatOverlayValue(overlay, domain.min)}</span>
            <span
              className="overlay-ramp"
              style={{ background: `linear-gradient(to right, ${stops})` }}
              aria-hidden="true"
            />
            <span className="mono">{formatOverlayValue(overlay, domain.max)}</span>
            <span className="muted small">
              {OVERLAY_HINTS[overlay]}
              {isLogScale(overlay) ? ' (log scale)' : ''}
            </span>
          </div>
        ) : (
          <div className="overlay-scale muted small">
            {(overlay === 'overflows' || overlay === 'error') && !hasEmulation
              ? `Run an emulation to colour by ${overlay === 'error' ? 'error against float' : 'overflows'}.`
              : overlay === 'error'
                ? `No float values to compare with${floatNote ? `: ${floatNote}` : ''}.`
                : 'No layer has this value.'}
          </div>
        ))}
    </div>
  );
}
