/*
 * The memory map: one cell per pageblock, row-major from pfn 0, coloured by
 * content (see lib/memmap.ts for the modes). Redrawing a time step is
 * paintMap into a Uint32Array over an ImageData, one putImageData into a
 * cols x rows offscreen canvas, and one scaled drawImage with smoothing off;
 * outlines (the region, selected requests) are a few stroked polygons on top.
 * Draw times are recorded in window.__cmawbMapDrawMs for the performance test.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MemoryMapMeta } from '../../../shared/types.ts';
import { kindColour, kindLabel, FREE_DARK, FREE_LIGHT } from '../../lib/kinds.ts';
import { gridShape, paintMap, pageblockCounts, pageblockMigratetype, pfnsToPageblocks, rangeOutline, type MapMode, type Point } from '../../lib/memmap.ts';
import { hexPfn, formatPages } from '../../lib/format.ts';
import { useElementWidth } from './useElementWidth.ts';
import { kindPalette, mapBackground, migratetypePalette } from './palettes.ts';

export interface MapHighlight {
  startPfn: number;
  pages: number;
  label: string;
  ok: boolean;
}

export interface MemoryMapProps {
  meta: MemoryMapMeta;
  data: Uint16Array | null;
  dark: boolean;
  mode: MapMode;
  focusKind: number;
  highlights?: MapHighlight[];
  showRegion?: boolean;
  /** Largest cell edge in CSS px (small machines would otherwise get huge cells). */
  maxCell?: number;
  label: string;
}

declare global {
  interface Window {
    __cmawbMapDrawMs?: number[];
  }
}

function recordDraw(ms: number): void {
  const a = (window.__cmawbMapDrawMs ??= []);
  a.push(ms);
  if (a.length > 1000) a.splice(0, a.length - 1000);
}

const NO_HIGHLIGHTS: MapHighlight[] = [];

export function MemoryMap({ meta, data, dark, mode, focusKind, highlights = NO_HIGHLIGHTS, showRegion = true, maxCell = 24, label }: MemoryMapProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrap);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ pb: number; x: number; y: number; key: boolean } | null>(null);
  const kinds = meta.kinds.length;
  const shape = useMemo(() => gridShape(meta.pageblocks), [meta.pageblocks]);
  const cell = Math.max(2, Math.min(maxCell, Math.floor((width - 64) / shape.cols)));
  const cssW = cell * shape.cols;
  const cssH = cell * shape.rows;

  // Offscreen 1-pixel-per-pageblock image and its Uint32 view: allocated once per machine size.
  const raster = useMemo(() => {
    const off = document.createElement('canvas');
    off.width = shape.cols;
    off.height = shape.rows;
    const ctx = off.getContext('2d')!;
    const img = ctx.createImageData(shape.cols, shape.rows);
    return { off, ctx, img, px: new Uint32Array(img.data.buffer) };
  }, [shape.cols, shape.rows]);

  const kindColours = useMemo(() => kindPalette(meta.kinds, dark), [meta.kinds, dark]);
  const mtPalette = useMemo(() => migratetypePalette(meta.migratetypes, dark), [meta.migratetypes, dark]);
  const palette = mode === 'migratetype' ? mtPalette : kindColours;

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(cssW * dpr);
    const H = Math.round(cssH * dpr);
    if (c.width !== W || c.height !== H) {
      c.width = W;
      c.height = H;
    }
    const ctx = c.getContext('2d')!;
    const bg = mapBackground(dark);
    if (data) {
      paintMap(data, kinds, meta.pageblocks, palette, mode, focusKind, raster.px);
      raster.ctx.putImageData(raster.img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.clearRect(0, 0, W, H);
      ctx.drawImage(raster.off, 0, 0, W, H);
    } else {
      ctx.fillStyle = dark ? FREE_DARK : FREE_LIGHT;
      ctx.fillRect(0, 0, W, H);
    }
    const s = cell * dpr;
    // Gaps between cells, when cells are big enough for them to read as a grid rather than noise.
    if (cell >= 5) {
      ctx.fillStyle = bg;
      const g = Math.max(1, Math.round(dpr * (cell >= 12 ? 1.5 : 1)));
      for (let x = 1; x < shape.cols; x++) ctx.fillRect(Math.round(x * s) - (g >> 1), 0, g, H);
      for (let y = 1; y < shape.rows; y++) ctx.fillRect(0, Math.round(y * s) - (g >> 1), W, g);
    }
    const strokePolys = (polys: Point[][], colour: string, lw: number, dash: number[] = []) => {
      ctx.save();
      ctx.lineJoin = 'miter';
      ctx.setLineDash(dash.map((d) => d * dpr));
      // A halo in the background colour keeps the outline visible on any cell colour.
      for (const [stroke, w] of [
        [bg, lw + 2.5],
        [colour, lw],
      ] as const) {
        ctx.strokeStyle = stroke;
        ctx.lineWidth = w * dpr;
        for (const poly of polys) {
          ctx.beginPath();
          poly.forEach(([x, y], i) => (i ? ctx.lineTo(x * s, y * s) : ctx.moveTo(x * s, y * s)));
          ctx.closePath();
          ctx.stroke();
        }
      }
      ctx.restore();
    };
    if (showRegion && meta.regionStartPfn >= 0 && meta.regionPages > 0) {
      const [a, b] = pfnsToPageblocks(meta.regionStartPfn, meta.regionPages, meta.pageblockPages);
      strokePolys(rangeOutline(a, b, shape.cols), dark ? '#e4e9ef' : '#1b2129', 1.5, [5, 3]);
    }
    for (const h of highlights) {
      const [a, b] = pfnsToPageblocks(h.startPfn, h.pages, meta.pageblockPages);
      strokePolys(rangeOutline(a, b, shape.cols), h.ok ? (dark ? '#6ea3fa' : '#2563d9') : dark ? '#f08a5d' : '#c2410c', 2.5);
    }
    recordDraw(performance.now() - t0);
  }, [data, width, cssW, cssH, cell, dark, mode, focusKind, palette, raster, kinds, meta, shape, highlights, showRegion]);

  const rowLabelEvery = Math.max(1, Math.ceil(18 / cell));
  const rowPages = shape.cols * meta.pageblockPages;

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const col = Math.floor((e.clientX - r.left) / cell);
    const row = Math.floor((e.clientY - r.top) / cell);
    const pb = row * shape.cols + col;
    if (col < 0 || col >= shape.cols || row < 0 || pb >= meta.pageblocks) setHover(null);
    else setHover({ pb, x: e.clientX, y: e.clientY, key: false });
  };

  // Keyboard: the canvas takes focus and arrow keys move a cell cursor (PageUp/Down by 8 rows, Home/End),
  // so the per-pageblock counts are reachable without a mouse.
  const moveTo = (pb: number) => {
    const c = canvas.current;
    if (!c) return;
    const p = Math.max(0, Math.min(meta.pageblocks - 1, pb));
    const r = c.getBoundingClientRect();
    setHover({ pb: p, x: r.left + ((p % shape.cols) + 1) * cell, y: r.top + (Math.floor(p / shape.cols) + 1) * cell, key: true });
  };
  const onKey = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const cur = hover?.pb ?? 0;
    const step: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -shape.cols,
      ArrowDown: shape.cols,
      PageUp: -8 * shape.cols,
      PageDown: 8 * shape.cols,
    };
    if (e.key in step) moveTo(hover ? cur + step[e.key]! : 0);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(meta.pageblocks - 1);
    else if (e.key === 'Escape') setHover(null);
    else return;
    e.preventDefault();
  };

  return (
    <div className="memmap" ref={wrap} style={{ minHeight: 60 }}>
      {/* Row labels are page frame numbers (the pfn of each row's first pageblock), not physical addresses. */}
      <div className="faint small" style={{ textAlign: 'right', width: 58 }} title="page frame number of each row's first pageblock" aria-hidden="true">
        pfn
      </div>
      <div />
      <div className="axis" style={{ height: cssH, width: 58 }} aria-hidden="true">
        {Array.from({ length: shape.rows }, (_, r) => r)
          .filter((r) => r % rowLabelEvery === 0)
          .map((r) => (
            <span key={r} style={{ top: r * cell + cell / 2 }}>
              {hexPfn(r * rowPages)}
            </span>
          ))}
      </div>
      <div style={{ width: cssW, maxWidth: '100%', position: 'relative' }}>
        <canvas
          ref={canvas}
          style={{ width: cssW, height: cssH }}
          role="img"
          tabIndex={0}
          aria-label={`${label}. Arrow keys move between pageblocks.`}
          onMouseMove={onMove}
          onMouseLeave={() => setHover((h) => (h?.key ? h : null))}
          onKeyDown={onKey}
          onBlur={() => setHover(null)}
        />
        {hover?.key && (
          <div
            className="map-cursor"
            aria-hidden="true"
            style={{ left: (hover.pb % shape.cols) * cell - 1, top: Math.floor(hover.pb / shape.cols) * cell - 1, width: cell + 2, height: cell + 2 }}
          />
        )}
        {hover?.key && data && (
          <div className="sr-only" aria-live="polite">
            {describePageblock(meta, data, hover.pb)}
          </div>
        )}
      </div>
      {hover && data && <MapTip meta={meta} data={data} pb={hover.pb} x={hover.x} y={hover.y} dark={dark} highlights={highlights} />}
    </div>
  );
}

/** What a screen reader hears for the cursor's pageblock. */
function describePageblock(meta: MemoryMapMeta, data: Uint16Array, pb: number): string {
  const counts = pageblockCounts(data, meta.kinds.length, pb);
  const parts = counts.flatMap((n, k) => (n > 0 ? [`${n} ${kindLabel(meta.kinds[k]!)}`] : []));
  const mt = pageblockMigratetype(meta, data, pb);
  return `pageblock ${pb}, pfn ${hexPfn(pb * meta.pageblockPages)}${mt ? `, MIGRATE_${mt}` : ''}: ${parts.join(', ')}`;
}

function MapTip({ meta, data, pb, x, y, dark, highlights }: { meta: MemoryMapMeta; data: Uint16Array; pb: number; x: number; y: number; dark: boolean; highlights: MapHighlight[] }) {
  const counts = pageblockCounts(data, meta.kinds.length, pb);
  const mt = pageblockMigratetype(meta, data, pb);
  const start = pb * meta.pageblockPages;
  const end = start + meta.pageblockPages;
  const inRegion = meta.regionStartPfn >= 0 && start < meta.regionStartPfn + meta.regionPages && end > meta.regionStartPfn;
  const reqs = highlights.filter((h) => start < h.startPfn + h.pages && end > h.startPfn);
  const left = Math.min(x + 14, window.innerWidth - 250);
  const top = Math.min(y + 14, window.innerHeight - 320);
  return (
    <div className="tip" style={{ left, top }}>
      <div className="head">
        pageblock {pb} · pfn {hexPfn(start)}–{hexPfn(end - 1)}
      </div>
      <div className="faint small" style={{ marginBottom: 4 }}>
        {mt && <span className="mono">MIGRATE_{mt} · </span>}
        {formatPages(meta.pageblockPages)}
        {inRegion ? ' · in the region' : ''}
        {reqs.map((r) => ` · ${r.label}`).join('')}
      </div>
      <table>
        <tbody>
          {counts.map((n, k) =>
            n > 0 ? (
              <tr key={k}>
                <td>
                  <span className="swatch" style={{ background: kindColour(meta.kinds[k]!, dark) }} />
                  {kindLabel(meta.kinds[k]!)}
                </td>
                <td className="num">{n}</td>
                <td className="num faint" style={{ paddingLeft: 8 }}>
                  {((n / meta.pageblockPages) * 100).toFixed(0)}%
                </td>
              </tr>
            ) : null,
          )}
        </tbody>
      </table>
    </div>
  );
}

