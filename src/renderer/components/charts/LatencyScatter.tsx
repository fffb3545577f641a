/*
 * Contiguous requests as they complete: one point per request at the virtual
 * time it completed, latency on a log axis (µs to seconds in one view).
 * Successful requests are dots; failed ones are crosses in the warning
 * colour, drawn in a draw hook so they differ by shape as well as hue.
 */
import { useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { LatencyScatter as Scatter } from '../../lib/live.ts';
import { axisText, formatSeconds } from '../../lib/format.ts';
import { UPlotChart, axisTheme } from './UPlotChart.tsx';
import { logTick } from './CdfChart.tsx';

export function scatterColours(dark: boolean): { ok: string; failed: string } {
  return dark ? { ok: '#6ea3fa', failed: '#f08a5d' } : { ok: '#2563d9', failed: '#c2410c' };
}

/** The decades around [min, max] µs, at least one. */
export function decades(min: number | null, max: number | null): [number, number] {
  if (!(min !== null && min > 0 && max !== null && max > 0)) return [1, 10];
  const lo = 10 ** Math.floor(Math.log10(min) + 1e-9);
  const hi = 10 ** Math.ceil(Math.log10(max) - 1e-9);
  return [lo, hi > lo ? hi : lo * 10];
}

/** Keep only decades when the scale spans more than one; 1, 2 and 5 of it when it spans one. */
function decadeSplits(u: uPlot, splits: number[]): (number | null)[] {
  const { min, max } = u.scales['y']!;
  const wide = min !== undefined && max !== undefined && max / min > 10.001;
  return splits.map((v) => {
    const mant = Math.round((v / 10 ** Math.floor(Math.log10(v) + 1e-9)) * 1000) / 1000;
    return mant === 1 || (!wide && (mant === 2 || mant === 5)) ? v : null;
  });
}

/**
 * `xMax`: the run's newest sample time, so the x axis matches the charts
 * beside it (0 to now) rather than the first to the last completion.
 */
export function LatencyScatter({ data, xMax, height = 150, dark, label }: { data: Scatter; xMax?: number; height?: number; dark: boolean; label: string }) {
  const aligned = useMemo(() => [data.x, data.ok, data.failed] as uPlot.AlignedData, [data]);
  const xMaxRef = useRef(xMax);
  xMaxRef.current = xMax;

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const ax = axisTheme(dark);
    const c = scatterColours(dark);
    const none = () => null;
    return {
      scales: {
        x: { time: false, range: (_u, _min, max) => [0, Math.max(max ?? 0, xMaxRef.current ?? 0) || 1] },
        // Whole decades: uPlot's log splits start at the scale's minimum, and the labels are 1, 2 and 5 of each decade.
        y: { distr: 3, log: 10, range: (_u, min, max) => decades(min, max) },
      },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      legend: { show: false },
      axes: [
        { ...ax, values: (_u, s) => s.map((v) => axisText(formatSeconds(v))), size: 32 },
        {
          ...ax,
          filter: decadeSplits,
          grid: { ...ax.grid, filter: decadeSplits },
          ticks: { ...ax.ticks, filter: decadeSplits },
          values: (_u, s) => s.map(logTick),
          size: 62,
        },
      ],
      series: [
        { label: 'done at' },
        { label: 'ok', stroke: c.ok, fill: c.ok, paths: none, points: { show: true, size: 5, width: 1, stroke: c.ok, fill: c.ok } },
        { label: 'failed', stroke: c.failed, paths: none, points: { show: false } },
      ],
      hooks: {
        draw: [
          (u: uPlot) => {
            const xs = u.data[0];
            const ys = u.data[2];
            if (!ys) return;
            const ctx = u.ctx;
            const r = 3.5 * devicePixelRatio;
            ctx.save();
            ctx.strokeStyle = c.failed;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.beginPath();
            for (let i = 0; i < xs.length; i++) {
              const y = ys[i];
              if (y === null || y === undefined) continue;
              const px = u.valToPos(xs[i]!, 'x', true);
              const py = u.valToPos(y, 'y', true);
              ctx.moveTo(px - r, py - r);
              ctx.lineTo(px + r, py + r);
              ctx.moveTo(px - r, py + r);
              ctx.lineTo(px + r, py - r);
            }
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
  }, [dark]);

  return <UPlotChart options={options} data={aligned} height={height} label={label} />;
}
