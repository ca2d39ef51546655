import { memo, useMemo } from 'react';
import uPlot from 'uplot';
import { SERIES_COLORS } from './axes';
import { scatterSample } from './scatterSample';
import { UPlotChart, axis } from './UPlotChart';

export interface ScatterPlotProps {
  readonly title: string;
  /** Row-major [samples × size]; point (float[i], fixed[i]) is coloured by element i % size. */
  readonly float: Float32Array;
  readonly fixed: Float32Array;
  readonly size: number;
}

/** Above this many points in all, only a sample of them is drawn (scatterSample.ts). */
const MAX_POINTS = 4000;
/** Series (output elements) drawn and listed in the legend; the rest are folded into the last one. */
const MAX_SERIES = 16;

const points = uPlot.paths.points!();

/** The y = x diagonal: where fixed equals float. */
function drawDiagonal(u: uPlot): void {
  const x = u.scales['x'];
  const y = u.scales['y'];
  if (!x || !y || x.min == null || x.max == null || y.min == null || y.max == null) return;
  const lo = Math.max(x.min, y.min);
  const hi = Math.min(x.max, y.max);
  if (!(hi > lo)) return;
  const { ctx } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  ctx.strokeStyle = '#8a94a3';
  ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.lineWidth = devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(u.valToPos(lo, 'x', true), u.valToPos(lo, 'y', true));
  ctx.lineTo(u.valToPos(hi, 'x', true), u.valToPos(hi, 'y', true));
  ctx.stroke();
  ctx.restore();
}

function ScatterPlotView({ title, float, fixed, size }: ScatterPlotProps) {
  const n = Math.max(1, size);
  const shown = Math.min(n, MAX_SERIES);
  const data = useMemo(() => {
    const { xs, ys } = scatterSample(float, fixed, n, shown, MAX_POINTS);
    return [null, ...xs.map((x, k) => [x, ys[k]!])] as unknown as uPlot.AlignedData;
  }, [float, fixed, n, shown]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      mode: 2,
      padding: [8, 8, 0, 0],
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, auto: true }, y: { auto: true } },
      axes: [axis('float reference'), axis('fixed point (emulated)', { size: 48 })],
      hooks: { draw: [drawDiagonal] },
      series: [
        {},
        ...Array.from({ length: shown }, (_, k) => ({
          label: n > shown && k === shown - 1 ? `${k}+` : n === 1 ? 'output' : `${k}`,
          stroke: SERIES_COLORS[k % SERIES_COLORS.length]!,
          fill: SERIES_COLORS[k % SERIES_COLORS.length]!,
          facets: [
            { scale: 'x', auto: true },
            { scale: 'y', auto: true },
          ],
          paths: points,
          points: { show: false },
          width: 0,
        })),
      ] as uPlot.Series[],
    }),
    [n, shown],
  );
  return (
    <figure
      className="plot"
      role="img"
      aria-label={`${title}: fixed-point output against float output`}
      data-points={float.length}
    >
      <UPlotChart options={options} data={data} height={240} />
      <figcaption>{title} (dashed: fixed = float)</figcaption>
    </figure>
  );
}

export const ScatterPlot = memo(ScatterPlotView);
