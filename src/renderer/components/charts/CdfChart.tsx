/*
 * Latency CDF on a log x axis (µs), one stepped line per run, as in the GCMA
 * paper's figures. y is the fraction of all requests completed within x, so
 * failures show as a curve that stops short of 100 %. Optional vertical
 * markers (a GCMA bound, a deadline) are drawn in a draw hook.
 */
import { useMemo } from 'react';
import uPlot from 'uplot';
import { cdfPlotData, type Cdf } from '../../lib/cdf.ts';
import { axisText, formatUs } from '../../lib/format.ts';
import { UPlotChart, axisTheme } from './UPlotChart.tsx';
import type { RunStyle } from './palette.ts';

/** uPlot's legend (live values under the cursor) stays readable up to this many lines; with more, the caller draws a plain key. */
export const CDF_LEGEND_MAX = 10;

export interface CdfLine {
  label: string;
  cdf: Cdf;
  style: RunStyle;
}

export interface CdfMarker {
  xUs: number;
  label: string;
  colour: string;
}

export function CdfChart({ lines, height = 260, dark, markers = [], domainUs, label }: { lines: CdfLine[]; height?: number; dark: boolean; markers?: CdfMarker[]; /** Latencies (µs) the x axis must reach besides the lines' points: failed requests' times, say. */ domainUs?: readonly number[] | undefined; label: string }) {
  const data = useMemo(() => {
    // Padded on both sides, each line starting from 0: a rise at one x (every request alike) or at the domain's edge stays visible.
    const { x, ys } = cdfPlotData(
      lines.map((l) => l.cdf),
      domainUs,
    );
    return [x, ...ys] as uPlot.AlignedData;
  }, [lines, domainUs]);

  const key = lines.map((l) => `${l.label}|${l.style.colour}`).join(';');
  const markerKey = markers.map((m) => `${m.xUs}|${m.label}`).join(';');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const ax = axisTheme(dark);
    const stepped = uPlot.paths.stepped!({ align: 1 });
    return {
      scales: { x: { time: false, distr: 3, log: 10 }, y: { range: [0, 1.02] } },
      legend: {
        show: lines.length <= CDF_LEGEND_MAX,
        // A dashed line gets a dashed key (a traced device beside the simulation, the 9th+ compared run): a solid swatch would match its neighbour's.
        markers: {
          width: (_u: uPlot, i: number) => (lines[i - 1]?.style.dash ? 0 : 2),
          fill: (_u: uPlot, i: number) => {
            const st = lines[i - 1]?.style;
            return st?.dash ? `repeating-linear-gradient(90deg, ${st.colour} 0 3px, transparent 3px 5px)` : '';
          },
        },
      },
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      axes: [
        { ...ax, label: 'latency', values: (_u, splits) => splits.map(logTick), size: 40, labelSize: 16 },
        { ...ax, label: 'fraction of requests', values: (_u, splits) => splits.map((v) => `${Math.round(v * 100)}%`), size: 48, labelSize: 16 },
      ],
      series: [
        { label: 'x', value: (_u, v) => (v === null || v === undefined ? '' : formatUs(v)) },
        ...lines.map((l) => ({
          label: l.label,
          stroke: l.style.colour,
          width: 2,
          dash: l.style.dash,
          paths: stepped,
          points: { show: false },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '' : `${(v * 100).toFixed(1)}%`),
        })),
      ],
      hooks: {
        draw: [
          (u: uPlot) => {
            if (!markers.length) return;
            const ctx = u.ctx;
            const { top, height: h } = u.bbox;
            ctx.save();
            ctx.setLineDash([4, 4]);
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.font = `${11 * devicePixelRatio}px Arial, sans-serif`;
            for (const m of markers) {
              const x = u.valToPos(m.xUs, 'x', true);
              if (!Number.isFinite(x)) continue;
              ctx.strokeStyle = m.colour;
              ctx.beginPath();
              ctx.moveTo(x, top);
              ctx.lineTo(x, top + h);
              ctx.stroke();
              ctx.fillStyle = m.colour;
              ctx.textAlign = 'right';
              ctx.fillText(m.label, x - 4 * devicePixelRatio, top + 14 * devicePixelRatio);
            }
            ctx.restore();
          },
        ],
      },
    };
    // Rebuild when series identity, markers or theme change; data flows through setData.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, markerKey, dark]);

  if (lines.every((l) => l.cdf.x.length === 0)) {
    return <div className="empty small">No successful requests: nothing to plot.</div>;
  }
  return <UPlotChart options={options} data={data} height={height} label={label} />;
}

/** Label 1, 2 and 5 of each decade on a log axis; the other ticks stay as unlabelled grid lines. */
export function logTick(v: number | null): string {
  if (v === null || !(v > 0)) return '';
  const mant = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  const m = Math.round(mant * 1000) / 1000;
  return m === 1 || m === 2 || m === 5 ? axisText(formatUs(v)) : '';
}
