import { memo } from 'react';
import { SERIES_COLORS, linearScale, niceTicks, padded, tickLabel } from './axes';

export interface ScatterPlotProps {
  readonly title: string;
  /** Row-major [samples × size]; point (float[i], fixed[i]) is coloured by element i % size. */
  readonly float: Float32Array;
  readonly fixed: Float32Array;
  readonly size: number;
}

const W = 320;
const H = 260;
const M = { top: 12, right: 12, bottom: 38, left: 50 };
/** Above this many points per element only every k-th sample is drawn (the statistics use all). */
const MAX_POINTS = 4000;

function ScatterPlotView({ title, float, fixed, size }: ScatterPlotProps) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < float.length; i++) {
    const a = float[i]!;
    const b = fixed[i]!;
    if (Number.isFinite(a)) [lo, hi] = [Math.min(lo, a), Math.max(hi, a)];
    if (Number.isFinite(b)) [lo, hi] = [Math.min(lo, b), Math.max(hi, b)];
  }
  const [d0, d1] = padded(lo, hi);
  const x = linearScale(d0, d1, M.left, W - M.right);
  const y = linearScale(d0, d1, H - M.bottom, M.top);
  const ticks = niceTicks(d0, d1, 5);
  const samples = size > 0 ? float.length / size : 0;
  const stride = Math.max(1, Math.ceil((samples * Math.max(1, size)) / MAX_POINTS));
  const paths: string[] = [];
  for (let k = 0; k < Math.max(1, size); k++) {
    const parts: string[] = [];
    for (let s = 0; s < samples; s += stride) {
      const i = s * size + k;
      parts.push(`M${x(float[i]!).toFixed(1)} ${y(fixed[i]!).toFixed(1)}h0`);
    }
    paths.push(parts.join(''));
  }
  return (
    <figure className="plot">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: fixed-point output against float output`}
      >
        <rect
          x={M.left}
          y={M.top}
          width={W - M.left - M.right}
          height={H - M.top - M.bottom}
          className="plot-frame"
        />
        {ticks.map((t) => (
          <g key={`x${t}`}>
            <line x1={x(t)} x2={x(t)} y1={M.top} y2={H - M.bottom} className="plot-grid" />
            <text x={x(t)} y={H - M.bottom + 14} textAnchor="middle" className="plot-tick">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="plot-grid" />
            <text x={M.left - 5} y={y(t) + 3.5} textAnchor="end" className="plot-tick">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        <line x1={x(d0)} y1={y(d0)} x2={x(d1)} y2={y(d1)} className="plot-diagonal" />
        {paths.map((d, k) => (
          <path key={k} d={d} stroke={SERIES_COLORS[k % SERIES_COLORS.length]} className="plot-dots" />
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="plot-axis-label">
          float reference
        </text>
        <text
          transform={`translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="plot-axis-label"
        >
          fixed point (emulated)
        </text>
      </svg>
      <figcaption>
        {title}
        {size > 1 && (
          <span className="legend">
            {Array.from({ length: Math.min(size, 16) }, (_, k) => (
              <span key={k} className="legend-item">
                <span
                  className="legend-swatch"
                  style={{ background: SERIES_COLORS[k % SERIES_COLORS.length] }}
                />
                {k}
              </span>
            ))}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

export const ScatterPlot = memo(ScatterPlotView);
