import { memo, useMemo } from 'react';
import uPlot from 'uplot';
import type { Histogram } from '../../workers/protocol';
import { tickLabel } from './axes';
import { UPlotChart, axis } from './UPlotChart';

const bars = uPlot.paths.bars!({ size: [0.92, Infinity], align: 0 });

function drawZero(u: uPlot): void {
  const x = u.valToPos(0, 'x', true);
  if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = '#8a94a3';
  ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.lineWidth = devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.restore();
}

function ErrorHistogramView({ title, histogram }: { title: string; histogram: Histogram }) {
  const { start, step, counts, below, above } = histogram;
  const data = useMemo<uPlot.AlignedData>(
    () => [counts.map((_, i) => start + (i + 0.5) * step), [...counts]],
    [counts, start, step],
  );
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      padding: [8, 8, 0, 0],
      legend: { show: true, live: true },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [start, start + step * counts.length] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
      },
      axes: [
        axis('error = fixed − float', { values: (_u, ticks) => ticks.map(tickLabel) }),
        axis('values', { size: 44 }),
      ],
      hooks: { draw: [drawZero] },
      series: [
        { label: 'error', value: (_u, v) => (v == null ? '–' : tickLabel(v)) },
        {
          label: 'values per bin',
          stroke: '#1f5fbf',
          fill: 'rgba(31, 95, 191, 0.75)',
          paths: bars,
          points: { show: false },
          width: 1,
        },
      ],
    }),
    [start, step, counts.length],
  );
  return (
    <figure className="plot" role="img" aria-label={`${title}: histogram of fixed minus float`}>
      <UPlotChart options={options} data={data} height={240} />
      <figcaption data-bins={counts.filter((c) => c > 0).length}>
        {title}
        {below + above > 0 && (
          <span className="warn"> · {(below + above).toLocaleString('en-US')} outside the plotted range</span>
        )}
      </figcaption>
    </figure>
  );
}

export const ErrorHistogram = memo(ErrorHistogramView);
