import { memo } from 'react';
import type { Histogram } from '../../workers/protocol';
import { linearScale, niceTicks, tickLabel } from './axes';

const W = 320;
const H = 260;
const M = { top: 12, right: 12, bottom: 38, left: 50 };

function ErrorHistogramView({ title, histogram }: { title: string; histogram: Histogram }) {
  const { start, step, counts, below, above } = histogram;
  const end = start + step * counts.length;
  const maxCount = Math.max(1, ...counts);
  const x = linearScale(start, end, M.left, W - M.right);
  const y = linearScale(0, maxCount, H - M.bottom, M.top);
  const xTicks = niceTicks(start, end, 4);
  const yTicks = niceTicks(0, maxCount, 4).filter((t) => Number.isInteger(t));
  return (
    <figure className="plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: histogram of fixed minus float`}>
        <rect
          x={M.left}
          y={M.top}
          width={W - M.left - M.right}
          height={H - M.top - M.bottom}
          className="plot-frame"
        />
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="plot-grid" />
            <text x={M.left - 5} y={y(t) + 3.5} textAnchor="end" className="plot-tick">
              {t.toLocaleString('en-US')}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={H - M.bottom + 14} textAnchor="middle" className="plot-tick">
            {tickLabel(t)}
          </text>
        ))}
        {counts.map((c, i) =>
          c > 0 ? (
            <rect
              key={i}
              x={x(start + i * step) + 0.5}
              y={y(c)}
              width={Math.max(0.5, x(start + (i + 1) * step) - x(start + i * step) - 1)}
              height={H - M.bottom - y(c)}
              className="plot-bar"
            >
              <title>
                {`${tickLabel(start + i * step)} … ${tickLabel(start + (i + 1) * step)}: ${c.toLocaleString('en-US')}`}
              </title>
            </rect>
          ) : null,
        )}
        <line x1={x(0)} x2={x(0)} y1={M.top} y2={H - M.bottom} className="plot-zero" />
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="plot-axis-label">
          error = fixed − float
        </text>
        <text
          transform={`translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="plot-axis-label"
        >
          values
        </text>
      </svg>
      <figcaption>
        {title}
        {below + above > 0 && (
          <span className="warn"> · {(below + above).toLocaleString('en-US')} outside the plotted range</span>
        )}
      </figcaption>
    </figure>
  );
}

export const ErrorHistogram = memo(ErrorHistogramView);
