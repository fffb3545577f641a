/*
 * React wrapper for uPlot: creates the plot once per `options` object (the
 * caller memoises it, e.g. on theme), pushes new data with setData, and
 * follows the container's width. uPlot draws to canvas, so charts with 10^5
 * points stay cheap.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UPlotChartProps {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** Accessible name of the chart (the canvas itself is opaque to screen readers). */
  label: string;
  onCreate?: (u: uPlot) => void;
  /** Keep x/y zoom when data updates (live charts). */
  keepScales?: boolean;
  className?: string;
}

export function UPlotChart({ options, data, height, label, onCreate, keepScales, className }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(200, el.clientWidth);
    const u = new uPlot({ ...options, width, height }, dataRef.current, el);
    plot.current = u;
    onCreate?.(u);
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (Math.abs(w - u.width) > 1) u.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // onCreate is a callback for this plot instance; a new one alone should not rebuild it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options, height]);

  useEffect(() => {
    const u = plot.current;
    if (u && u.data !== data) u.setData(data, !keepScales);
  }, [data, keepScales]);

  return <div ref={host} className={`chart ${className ?? ''}`} role="img" aria-label={label} />;
}

/** Axis and grid colours for the current theme (uPlot draws to canvas, so CSS cannot reach them). */
export function axisTheme(dark: boolean): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks' | 'font' | 'labelFont'> {
  const grid = dark ? 'rgba(228,233,239,0.07)' : 'rgba(27,33,41,0.07)';
  return {
    stroke: dark ? '#9ba6b2' : '#56606c',
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1, size: 4 },
    font: '11px Arial, "Liberation Sans", sans-serif',
    labelFont: '600 11px Arial, "Liberation Sans", sans-serif',
  };
}
