/*
 * Address x time, as DAMON's damo heatmaps draw access patterns: one column
 * per snapshot, one row per pfn bin (all pageblocks when there are few, else
 * 256 equal bins), coloured like the map (dominant kind, blend, one kind's
 * heat, or each bin's most common migratetype). It shows at a glance when and where the region filled, which
 * pageblocks stayed pinned across the run, and how the policy's placement
 * drifted. Clicking a column moves the scrubber there.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MemoryMapMeta } from '../../../shared/types.ts';
import { binCounts, binMigratetypes, paintMap, pfnTicks, type MapMode } from '../../lib/memmap.ts';
import { axisText, formatSeconds, hexPfn } from '../../lib/format.ts';
import { useStores } from '../../state/context.tsx';
import { useElementWidth } from './useElementWidth.ts';
import { kindPalette, migratetypePalette } from './palettes.ts';

export interface MapTimelineProps {
  runId: number;
  meta: MemoryMapMeta;
  times: number[];
  index: number;
  onIndex: (i: number) => void;
  dark: boolean;
  mode: MapMode;
  focus: number | null;
}

const MAX_BINS = 256;
const TARGET_H = 260;

export function MapTimeline({ runId, meta, times, index, onIndex, dark, mode, focus }: MapTimelineProps) {
  const { detail } = useStores();
  const [snaps, setSnaps] = useState<(Uint16Array | null)[]>(() => times.map(() => null));
  const canvas = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrap);
  const bins = Math.min(meta.pageblocks, MAX_BINS);
  const rowH = Math.max(1, Math.round(TARGET_H / bins));
  const cssH = bins * rowH;
  const K = meta.kinds.length;

  // Every snapshot, fetched in order and drawn as each arrives.
  useEffect(() => {
    let live = true;
    setSnaps(times.map((_, i) => detail.cachedSnapshot(runId, i) ?? null));
    void (async () => {
      for (let i = 0; i < times.length && live; i++) {
        if (detail.cachedSnapshot(runId, i)) continue;
        try {
          const d = await detail.snapshot(runId, i);
          if (live) setSnaps((s) => s.map((x, j) => (j === i ? d : x)));
        } catch {
          // A missing snapshot leaves its column empty.
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [runId, times, detail]);

  const palette = useMemo(() => kindPalette(meta.kinds, dark), [meta.kinds, dark]);
  const mtPalette = useMemo(() => migratetypePalette(meta.migratetypes, dark), [meta.migratetypes, dark]);
  // By migratetype each bin shows its most common one; runs without migratetypes keep the content colours.
  const types = meta.migratetypes?.length ?? 0;
  const byType = mode === 'migratetype' && focus === null && types > 0;
  const plotW = Math.max(100, width - 64);
  const colW = plotW / Math.max(1, times.length);

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const n = times.length;
    // Image: one pixel per (snapshot, bin), painted column by column, then scaled.
    const img = new ImageData(Math.max(1, n), bins);
    const px = new Uint32Array(img.data.buffer);
    const col = new Uint32Array(bins);
    const agg = new Uint32Array(bins * (byType ? types : K));
    const kindMode: MapMode = focus !== null ? 'heat' : mode === 'migratetype' ? 'dominant' : mode;
    for (let x = 0; x < n; x++) {
      const d = snaps[x];
      if (!d) continue;
      if (byType) {
        binMigratetypes(d, K, meta.pageblocks, types, bins, agg);
        paintMap(agg, types, bins, mtPalette, 'dominant', 0, col);
      } else {
        binCounts(d, K, meta.pageblocks, bins, agg);
        paintMap(agg, K, bins, palette, kindMode, focus ?? 0, col);
      }
      for (let y = 0; y < bins; y++) px[y * n + x] = col[y]!;
    }
    const off = document.createElement('canvas');
    off.width = img.width;
    off.height = img.height;
    off.getContext('2d')!.putImageData(img, 0, 0);
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(plotW * dpr);
    c.height = Math.round(cssH * dpr);
    const ctx = c.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.drawImage(off, 0, 0, c.width, c.height);
    // The region's pfn band and the scrubber's time.
    const yOf = (pfn: number) => ((pfn / meta.pageblockPages) * bins * rowH * dpr) / meta.pageblocks;
    if (meta.regionStartPfn >= 0 && meta.regionPages > 0) {
      ctx.save();
      ctx.setLineDash([5 * dpr, 3 * dpr]);
      ctx.strokeStyle = dark ? '#e4e9ef' : '#1b2129';
      ctx.lineWidth = 1.25 * dpr;
      for (const p of [meta.regionStartPfn, meta.regionStartPfn + meta.regionPages]) {
        const y = Math.round(yOf(p)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(0, y);
        ctx.lineTo(c.width, y);
        ctx.stroke();
      }
      ctx.restore();
    }
    const x = (index + 0.5) * colW * dpr;
    ctx.fillStyle = dark ? '#6ea3fa' : '#2563d9';
    ctx.fillRect(Math.round(x - dpr), 0, 2 * dpr, c.height);
  }, [snaps, width, plotW, cssH, colW, bins, rowH, K, meta, palette, mtPalette, byType, types, mode, focus, index, dark, times.length]);

  const loaded = snaps.filter(Boolean).length;
  const tickEvery = Math.max(1, Math.ceil(times.length / Math.max(2, Math.floor(plotW / 70))));
  const totalPages = meta.pageblocks * meta.pageblockPages;

  return (
    <div ref={wrap} className="timeline">
      <div className="timeline-grid">
        <div className="faint small" style={{ textAlign: 'right' }} aria-hidden="true">
          pfn
        </div>
        <div />
        <div className="axis" style={{ height: cssH, width: 58 }} aria-hidden="true">
          {/* Round pfns (a power of two of pageblocks apart), placed where they fall. */}
          {pfnTicks(totalPages, meta.pageblockPages).map((p) => (
            <span key={p} style={{ top: (p / totalPages) * cssH }}>
              {hexPfn(p)}
            </span>
          ))}
        </div>
        <canvas
          ref={canvas}
          style={{ width: plotW, height: cssH, cursor: 'pointer' }}
          role="img"
          aria-label={`Memory contents by address (pfn, page frame number) over time: ${times.length} snapshots, pfn 0 at the top`}
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            onIndex(Math.max(0, Math.min(times.length - 1, Math.floor((e.clientX - r.left) / colW))));
          }}
        />
      </div>
      <div className="timeline-x" style={{ marginLeft: 64, width: plotW }} aria-hidden="true">
        {times.map((t, i) =>
          i % tickEvery === 0 ? (
            <span key={i} style={{ left: (i + 0.5) * colW }}>
              {axisText(formatSeconds(t / 1e9))}
            </span>
          ) : null,
        )}
      </div>
      <div className="faint small">
        {loaded < times.length
          ? `loading snapshots ${loaded}/${times.length}…`
          : `${times.length} snapshots${times.length > 1 ? `, one every ${axisText(formatSeconds((times[1]! - times[0]!) / 1e9))}` : ''}; for finer steps lower “Map snapshot every” in the experiment. Click a column to show that time on the map.`}
      </div>
    </div>
  );
}
