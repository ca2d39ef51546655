import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UPlotChartProps {
  /** Options without width/height: the chart takes its container's width and this height. */
  readonly options: Omit<uPlot.Options, 'width' | 'height'>;
  readonly data: uPlot.AlignedData;
  readonly height: number;
  readonly className?: string;
}

/**
 * A uPlot chart that fills its container's width. The chart is rebuilt when the options change and only
 * fed new data otherwise; pass memoised options and data.
 */
export function UPlotChart({ options, data, height, className }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latestData = useRef(data);

  useEffect(() => {
    latestData.current = data;
    chart.current?.setData(data);
  }, [data]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(160, Math.floor(el.clientWidth));
    const u = new uPlot({ ...options, width, height }, latestData.current, el);
    chart.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(160, Math.floor(el.clientWidth));
      if (w !== u.width) u.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, [options, height]);

  return <div ref={host} className={className ?? 'uplot-host'} />;
}

/** Axis defaults shared by the studio's plots (readable ticks, grid, labelled). */
export function axis(label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    label,
    labelSize: 18,
    labelFont: '600 11px system-ui, sans-serif',
    font: '10px system-ui, sans-serif',
    size: 40,
    stroke: '#5f6b7a',
    grid: { stroke: '#e6e9ef', width: 1 },
    ticks: { stroke: '#d9dee6', width: 1, size: 4 },
    ...extra,
  };
}
