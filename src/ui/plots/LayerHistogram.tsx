import { memo, useMemo } from 'react';
import uPlot from 'uplot';
import type { LayerHistogramView } from '../../workers/protocol';
import { UPlotChart, axis } from './UPlotChart';

const bars = uPlot.paths.bars!({ size: [0.9, Infinity], align: 0 });

/** 2^k as a short label. */
function bitLabel(k: number): string {
  return `2^${k}`;
}

/**
 * hls4ml-profiling-style plot of one layer's outputs: a histogram over bit position (log2 |value|) with
 * the band the result type can represent shaded behind it, so headroom and lost precision show at once.
 */
function LayerHistogramPlotView({
  hist,
  values = 'outputs',
  label,
}: {
  hist: LayerHistogramView;
  /** What is binned (the series label): the layer's outputs, or one of its weight tensors. */
  values?: string;
  /** The figure's accessible name, when it is not the output histogram. */
  label?: string;
}) {
  const data = useMemo<uPlot.AlignedData>(
    () => [hist.counts.map((_, i) => hist.firstBit + i + 0.5), [...hist.counts]],
    [hist],
  );
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const band = (u: uPlot): void => {
      const x0 = u.valToPos(hist.lowBit, 'x', true);
      const x1 = u.valToPos(hist.highBit + 1, 'x', true);
      const { ctx } = u;
      ctx.save();
      ctx.fillStyle = 'rgba(120, 130, 145, 0.18)';
      ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      ctx.strokeStyle = 'rgba(95, 107, 122, 0.7)';
      ctx.lineWidth = devicePixelRatio;
      ctx.strokeRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      ctx.restore();
    };
    return {
      padding: [8, 8, 0, 0],
      legend: { show: true, live: true },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [hist.firstBit, hist.firstBit + hist.counts.length] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] },
      },
      axes: [
        axis('|value| (bit position)', {
          values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? bitLabel(t) : '')),
          incrs: [1, 2, 4, 8],
        }),
        axis('values', { size: 44 }),
      ],
      hooks: { drawClear: [band] },
      series: [
        {
          label: 'bit',
          value: (_u, v) =>
            v == null ? '–' : `${bitLabel(Math.floor(v))} ≤ |v| < ${bitLabel(Math.floor(v) + 1)}`,
        },
        {
          label: values,
          stroke: '#1a7f37',
          fill: 'rgba(26, 127, 55, 0.7)',
          paths: bars,
          points: { show: false },
          width: 1,
        },
      ],
    };
  }, [hist, values]);
  return (
    <figure
      className="plot layer-hist"
      role="img"
      aria-label={label ?? `Output histogram of ${hist.layer} against the range of ${hist.type}`}
      data-layer={hist.layer}
      data-type={hist.type}
    >
      <UPlotChart options={options} data={data} height={190} />
      <figcaption>
        <span className="legend-swatch range-swatch" aria-hidden="true" /> range of{' '}
        <span className="mono">{hist.type}</span> (2^{hist.lowBit} … 2^{hist.highBit + 1})
        {hist.zeros > 0 && <> · {hist.zeros.toLocaleString('en-US')} zeros</>}
        {hist.nearTop > 0 && (
          <span className="warn"> · {hist.nearTop.toLocaleString('en-US')} in the top bit</span>
        )}
      </figcaption>
    </figure>
  );
}

export const LayerHistogramPlot = memo(LayerHistogramPlotView);
