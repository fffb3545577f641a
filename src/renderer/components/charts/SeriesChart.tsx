/*
 * A time-series chart over virtual seconds: plain lines, or a stacked area
 * (region contents by kind). Drag to zoom, double-click to reset; charts that
 * share a `syncKey` share the cursor and the x zoom, so zooming into a
 * latency spike on one shows the same window on all.
 */
import { useMemo } from 'react';
import uPlot from 'uplot';
import { axisText, formatSeconds } from '../../lib/format.ts';
import { UPlotChart, axisTheme } from './UPlotChart.tsx';
import { mibTicks, TICK_SPACE_PX } from './ticks.ts';

export interface SeriesLine {
  label: string;
  values: (number | null)[];
  colour: string;
  /** Fill under the line (stacked charts fill between layers). */
  fill?: boolean;
  dash?: number[];
}

export interface SeriesChartProps {
  t: number[];
  lines: SeriesLine[];
  /** Stack lines bottom-up: the first line is the bottom layer. */
  stacked?: boolean;
  /** Values are MiB (the y ticks are binary-unit steps); this formats them. */
  formatValue: (v: number) => string;
  yLabel: string;
  height?: number;
  dark: boolean;
  syncKey?: string;
  label: string;
  /**
   * Marks in seconds (e.g. contiguous requests), drawn in a lane of their own
   * along the top of the plot (see eventLane). `failed` ones keep their colour;
   * the rest are drawn in the ink colour. Without `failed`, events in a colour
   * other than the most common one count as failed.
   */
  events?: { t: number; colour: string; failed?: boolean }[];
  keepScales?: boolean;
  yMax?: number;
  /** uPlot's legend with values under the cursor (default); small charts draw their own key instead. */
  legend?: boolean;
}

/** x-zoom shared by charts with the same sync key. */
const zoomGroups = new Map<string, Set<uPlot>>();

export function SeriesChart(props: SeriesChartProps) {
  const { t, lines, stacked, formatValue, yLabel, height = 200, dark, syncKey, label, events, keepScales, yMax, legend = true } = props;

  const data = useMemo(() => {
    if (!stacked) return [t, ...lines.map((l) => l.values)] as uPlot.AlignedData;
    // Cumulative sums bottom-up; uPlot draws them top-down so each band shows.
    const acc = new Array<number>(t.length).fill(0);
    const layers = lines.map((l) => {
      const out = new Array<number>(t.length);
      for (let i = 0; i < t.length; i++) {
        acc[i]! += l.values[i] ?? 0;
        out[i] = acc[i]!;
      }
      return out;
    });
    return [t, ...layers.reverse()] as uPlot.AlignedData;
  }, [t, lines, stacked]);

  const raw = useMemo(() => (stacked ? [...lines].reverse() : lines), [lines, stacked]);
  const key = lines.map((l) => l.label + l.colour).join('|');
  const evKey = events ? events.length : 0;

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const ax = axisTheme(dark);
    return {
      // With events, extra headroom (over a fixed yMax too) keeps the data clear of their lane at the top.
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), (yMax ?? (max > 0 ? max * 1.05 : 1)) * (events?.length ? 1.1 : 1)] } },
      cursor: {
        drag: { x: true, y: false },
        ...(syncKey ? { sync: { key: syncKey, setSeries: false } } : {}),
        points: { size: 5 },
      },
      legend: { show: legend, live: true },
      axes: [
        { ...ax, values: (_u, s) => s.map((v) => axisText(formatSeconds(v))), size: 32 },
        {
          ...ax,
          label: yLabel,
          labelSize: 16,
          // Values are MiB on every chart: binary-unit ticks, as many as the plot's height has room for (less the x axis).
          splits: (u: uPlot, _i: number, min: number, max: number) => mibTicks(min, max, (u.height - 40) / TICK_SPACE_PX),
          values: (_u, s) => s.map((v) => axisText(formatValue(v))),
          size: 62,
        },
      ],
      series: [
        { label: 't', value: (_u, v) => (v === null || v === undefined ? '' : formatSeconds(v)) },
        ...raw.map((l, i) => ({
          label: l.label,
          stroke: l.colour,
          width: stacked ? 1 : 1.5,
          dash: l.dash,
          fill: seriesFill(l, !!stacked),
          points: { show: false },
          // Stacked: show the layer's own value, not the running sum.
          value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => {
            if (idx === null) return '';
            const v = raw[i]!.values[idx];
            return v === null || v === undefined ? '–' : formatValue(v);
          },
        })),
      ],
      hooks: {
        setScale: [
          (u: uPlot, scaleKey: string) => {
            if (scaleKey !== 'x' || !syncKey) return;
            const group = zoomGroups.get(syncKey);
            const { min, max } = u.scales.x!;
            if (min === undefined || max === undefined) return;
            for (const o of group ?? []) {
              if (o === u) continue;
              const s = o.scales.x!;
              if (s.min !== min || s.max !== max) o.setScale('x', { min, max });
            }
          },
        ],
        draw: [
          (u: uPlot) => {
            if (!events?.length) return;
            const dpr = devicePixelRatio;
            const { left, top, width } = u.bbox;
            const lane = eventLane(
              events.map((e) => u.valToPos(e.t, 'x', true)),
              failedFlags(events),
              left,
              width,
              EVENT_BIN_PX * dpr,
            );
            const ctx = u.ctx;
            const h = EVENT_LANE_PX * dpr;
            ctx.save();
            // The lane: a band over the top of the plot, so the marks never sit on a data colour.
            ctx.fillStyle = dark ? 'rgba(21, 26, 33, 0.92)' : 'rgba(255, 255, 255, 0.92)';
            ctx.fillRect(left, top, width, h + 2 * dpr);
            ctx.fillStyle = dark ? 'rgba(228, 233, 239, 0.18)' : 'rgba(27, 33, 41, 0.14)';
            ctx.fillRect(left, top + h + 2 * dpr, width, dpr);
            // Successful requests: one mark per bin in the ink colour, its height the bin's count (log), with a gap between bins.
            ctx.fillStyle = dark ? '#e4e9ef' : '#1b2129';
            const markW = Math.max(dpr, (EVENT_BIN_PX - 1) * dpr);
            for (const b of lane.bins) {
              const bh = Math.max(2 * dpr, h * (0.3 + 0.7 * (Math.log1p(b.count) / Math.log1p(lane.maxCount))));
              ctx.fillRect(b.x, top + h + dpr - bh, markW, bh);
            }
            // Failed requests: full-height marks in their own colour, over the rest.
            for (const f of lane.failed) {
              ctx.fillStyle = events[f.index]!.colour;
              ctx.fillRect(f.x, top, markW, h + dpr);
            }
            ctx.restore();
          },
        ],
        ready: [
          (u: uPlot) => {
            if (!syncKey) return;
            let g = zoomGroups.get(syncKey);
            if (!g) zoomGroups.set(syncKey, (g = new Set()));
            g.add(u);
          },
        ],
        destroy: [
          (u: uPlot) => {
            if (syncKey) zoomGroups.get(syncKey)?.delete(u);
          },
        ],
      },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, stacked, dark, syncKey, yLabel, evKey, yMax, legend]);

  return <UPlotChart options={options} data={data} height={height} label={label} keepScales={keepScales} />;
}

/**
 * Fill under a line. Stacked layers are opaque: each fills from its running
 * sum down to 0, over the layers beneath, so any transparency mixes their
 * colours (anon drew grey-teal over free) and no band matches its key's
 * swatch or the memory map's colour.
 */
export function seriesFill(l: Pick<SeriesLine, 'colour' | 'fill'>, stacked: boolean): string | undefined {
  if (stacked) return l.colour;
  return l.fill ? hexAlpha(l.colour, 0.12) : undefined;
}

export function hexAlpha(hex: string, a: number): string {
  const h = hex.replace('#', '');
  const v = parseInt(h, 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${a})`;
}

/** Height of the events lane at the top of the plot, and the width of one of its bins (CSS px). */
export const EVENT_LANE_PX = 9;
export const EVENT_BIN_PX = 3;

/** Which events are failures: their own flag, else "not in the most common colour". */
export function failedFlags(events: readonly { colour: string; failed?: boolean }[]): boolean[] {
  const n = new Map<string, number>();
  for (const e of events) n.set(e.colour, (n.get(e.colour) ?? 0) + 1);
  let common = '';
  let most = -1;
  for (const [c, k] of n) if (k > most) [common, most] = [c, k];
  return events.map((e) => e.failed ?? e.colour !== common);
}

/**
 * Events binned for the lane: successful ones counted per bin of `bin` device
 * pixels (so dense stretches read as a histogram of separate marks, not one
 * solid bar), failed ones kept one by one, snapped to their bin. xs are
 * device-pixel positions; events outside [left, left + width] are dropped.
 */
export function eventLane(xs: readonly number[], failed: readonly boolean[], left: number, width: number, bin: number): { bins: { x: number; count: number }[]; failed: { x: number; index: number }[]; maxCount: number } {
  const counts = new Map<number, number>();
  const fails: { x: number; index: number }[] = [];
  const seenFail = new Set<number>();
  xs.forEach((x, i) => {
    if (!Number.isFinite(x) || x < left || x > left + width) return;
    const k = Math.floor((x - left) / bin);
    if (failed[i]) {
      if (!seenFail.has(k)) fails.push({ x: left + k * bin, index: i });
      seenFail.add(k);
    } else counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  const bins = [...counts].sort((a, b) => a[0] - b[0]).map(([k, count]) => ({ x: left + k * bin, count }));
  const maxCount = bins.reduce((m, b) => Math.max(m, b.count), 1);
  return { bins, failed: fails, maxCount };
}
