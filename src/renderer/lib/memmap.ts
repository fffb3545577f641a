/*
 * Memory-map raster: one pixel per pageblock, coloured from a snapshot's
 * pageblock x kind counts, written into a Uint32Array over an ImageData so a
 * redraw is one pass over the counts plus one putImageData. The canvas then
 * scales the small image up with smoothing off (see components/map).
 *
 * A 16 GiB machine has 8,192 pageblocks of 512 pages (or 4,096 of 1,024), so
 * even the blend mode is ~100k multiply-adds per step: far inside a frame.
 * The hot loops keep typed arrays in locals and allocate nothing.
 */
import { packRgba } from './kinds.ts';

/**
 * How cells are coloured: by content (dominant kind, page-weighted blend, one kind's heat)
 * or by the pageblock's migratetype, which shows stealing (MOVABLE blocks turned
 * UNMOVABLE by a kernel allocation's fallback) and isolation during a request.
 */
export type MapMode = 'dominant' | 'blend' | 'heat' | 'migratetype';

export interface GridShape {
  cols: number;
  rows: number;
}

/**
 * Columns are a power of two so every row starts at a round pfn (readable
 * hex labels on the axis), and about twice as many as rows so the map fits a
 * wide panel: 8,192 pageblocks -> 128 x 64, 400 -> 32 x 13.
 */
export function gridShape(pageblocks: number): GridShape {
  const n = Math.max(1, pageblocks);
  let cols = 1;
  while (cols * cols < n * 2) cols *= 2;
  cols = Math.max(8, Math.min(cols, 256));
  return { cols, rows: Math.ceil(n / cols) };
}

/** Colour table per kind, packed for the Uint32 view, plus split channels for blending. */
export interface Palette {
  packed: Uint32Array;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
  /** Colour of cells past the last pageblock (the grid's ragged end). */
  empty: number;
}

export function makePalette(rgb: readonly (readonly [number, number, number])[], empty: readonly [number, number, number]): Palette {
  const n = rgb.length;
  const p: Palette = {
    packed: new Uint32Array(n),
    r: new Float32Array(n),
    g: new Float32Array(n),
    b: new Float32Array(n),
    empty: packRgba(empty[0], empty[1], empty[2], 0),
  };
  for (let i = 0; i < n; i++) {
    const c = rgb[i]!;
    p.packed[i] = packRgba(c[0], c[1], c[2]);
    p.r[i] = c[0];
    p.g[i] = c[1];
    p.b[i] = c[2];
  }
  return p;
}

/**
 * Paint one snapshot into `out` (length >= cols*rows).
 * - dominant: the kind with most pages; ties go to the later kind in the list
 *   because later kinds (pinned, device, isolated) are the rarer, more telling ones.
 * - blend: the page-weighted mean colour.
 * - heat: `focus` kind only; any page of it shows (a single pin blocks a whole
 *   pageblock for CMA), shading darker as its share grows.
 * - migratetype: the migratetype recorded after the counts (engine >= 0.12.0), with a
 *   palette indexed by migratetype; snapshots without one paint as empty.
 */
export function paintMap(
  data: Uint16Array | Uint32Array,
  kinds: number,
  pageblocks: number,
  pal: Palette,
  mode: MapMode,
  focus: number,
  out: Uint32Array,
): void {
  const packed = pal.packed;
  const n = out.length;
  if (mode === 'migratetype') {
    const tail = pageblocks * kinds;
    const has = data.length >= tail + pageblocks;
    for (let pb = 0; pb < pageblocks; pb++) out[pb] = has ? (packed[data[tail + pb]!] ?? pal.empty) : pal.empty;
  } else if (mode === 'dominant') {
    for (let pb = 0; pb < pageblocks; pb++) {
      const base = pb * kinds;
      let best = 0;
      let bestN = -1;
      for (let k = 0; k < kinds; k++) {
        const c = data[base + k]!;
        if (c >= bestN && c > 0) {
          best = k;
          bestN = c;
        }
      }
      out[pb] = packed[best]!;
    }
  } else if (mode === 'blend') {
    const R = pal.r;
    const G = pal.g;
    const B = pal.b;
    for (let pb = 0; pb < pageblocks; pb++) {
      const base = pb * kinds;
      let r = 0;
      let g = 0;
      let b = 0;
      let total = 0;
      for (let k = 0; k < kinds; k++) {
        const c = data[base + k]!;
        if (c === 0) continue;
        r += c * R[k]!;
        g += c * G[k]!;
        b += c * B[k]!;
        total += c;
      }
      if (total === 0) {
        out[pb] = packed[0]!;
      } else {
        const inv = 1 / total;
        out[pb] = ((255 << 24) | (((b * inv) & 255) << 16) | (((g * inv) & 255) << 8) | ((r * inv) & 255)) >>> 0;
      }
    }
  } else {
    const fr = pal.r[0]!;
    const fg = pal.g[0]!;
    const fb = pal.b[0]!;
    const kr = pal.r[focus]!;
    const kg = pal.g[focus]!;
    const kb = pal.b[focus]!;
    for (let pb = 0; pb < pageblocks; pb++) {
      const base = pb * kinds;
      let total = 0;
      for (let k = 0; k < kinds; k++) total += data[base + k]!;
      const c = data[base + focus]!;
      if (c === 0 || total === 0) {
        out[pb] = packed[0]!;
        continue;
      }
      // 0.35 floor: one page in 512 must still be visible.
      const t = 0.35 + 0.65 * (c / total);
      const r = fr + (kr - fr) * t;
      const g = fg + (kg - fg) * t;
      const b = fb + (kb - fb) * t;
      out[pb] = ((255 << 24) | ((b & 255) << 16) | ((g & 255) << 8) | (r & 255)) >>> 0;
    }
  }
  for (let i = pageblocks; i < n; i++) out[i] = pal.empty;
}

/** Page counts of one pageblock, by kind index. */
export function pageblockCounts(data: Uint16Array, kinds: number, pb: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < kinds; k++) out.push(data[pb * kinds + k] ?? 0);
  return out;
}

/**
 * A pageblock's migratetype (MIGRATE_CMA, ...), as the snapshot recorded it after its kind
 * counts; null for snapshots of engines before 0.12.0, which have none.
 */
export function pageblockMigratetype(meta: { pageblocks: number; kinds: readonly string[]; migratetypes?: readonly string[] }, data: Uint16Array, pb: number): string | null {
  const names = meta.migratetypes;
  const at = meta.pageblocks * meta.kinds.length + pb;
  if (!names || pb < 0 || pb >= meta.pageblocks || data.length < meta.pageblocks * (meta.kinds.length + 1)) return null;
  return names[data[at]!] ?? null;
}

/**
 * Pageblocks per migratetype (index into meta.migratetypes) in a snapshot that ends with
 * them; all zero for older snapshots.
 */
export function migratetypeTotals(data: Uint16Array, kinds: number, pageblocks: number, types: number): number[] {
  const out = new Array<number>(types).fill(0);
  const tail = pageblocks * kinds;
  if (data.length < tail + pageblocks) return out;
  for (let pb = 0; pb < pageblocks; pb++) {
    const t = data[tail + pb]!;
    if (t < types) out[t]! += 1;
  }
  return out;
}

/**
 * Pageblocks per migratetype in `bins` equal pfn bins (the address x time heatmap's rows):
 * out[b * types + t]. Painted with mode 'dominant' and a migratetype palette, a bin shows
 * its most common migratetype.
 */
export function binMigratetypes(data: Uint16Array, kinds: number, pageblocks: number, types: number, bins: number, out = new Uint32Array(bins * types)): Uint32Array {
  out.fill(0);
  const tail = pageblocks * kinds;
  if (data.length < tail + pageblocks) return out;
  for (let pb = 0; pb < pageblocks; pb++) {
    const t = data[tail + pb]!;
    if (t >= types) continue;
    const b = Math.min(bins - 1, Math.floor((pb * bins) / pageblocks));
    out[b * types + t]! += 1;
  }
  return out;
}

/**
 * Sum of pages per kind over pageblocks [fromPb, toPb). Give toPb (meta.pageblocks) for a
 * snapshot that ends with migratetypes; the default suits counts alone.
 */
export function kindTotals(data: Uint16Array, kinds: number, fromPb = 0, toPb = Math.floor(data.length / kinds)): number[] {
  const out = new Array<number>(kinds).fill(0);
  for (let pb = fromPb; pb < toPb; pb++) for (let k = 0; k < kinds; k++) out[k]! += data[pb * kinds + k]!;
  return out;
}

export type Point = [number, number];

/**
 * Outline of the pageblock cells [startPb, endPb) laid out row-major over
 * `cols` columns, as closed polygons in cell units. A range is at most a
 * staircase: one rectangle, two disjoint rectangles (wrapping a row edge
 * without overlap), or one eight-cornered polygon.
 */
export function rangeOutline(startPb: number, endPb: number, cols: number): Point[][] {
  if (endPb <= startPb) return [];
  const r0 = Math.floor(startPb / cols);
  const c0 = startPb % cols;
  const r1 = Math.floor((endPb - 1) / cols);
  const c1 = ((endPb - 1) % cols) + 1;
  const rect = (x0: number, y0: number, x1: number, y1: number): Point[] => [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  if (r0 === r1) return [rect(c0, r0, c1, r0 + 1)];
  if (r1 === r0 + 1 && c1 <= c0) return [rect(c0, r0, cols, r0 + 1), rect(0, r1, c1, r1 + 1)];
  const poly: Point[] = [
    [c0, r0],
    [cols, r0],
    [cols, r1],
    [c1, r1],
    [c1, r1 + 1],
    [0, r1 + 1],
    [0, r0 + 1],
    [c0, r0 + 1],
  ];
  // Drop repeated and straight-through corners (a range starting at column 0 or ending at the last column).
  const dedup = poly.filter((p, i) => {
    const q = poly[(i + poly.length - 1) % poly.length]!;
    return p[0] !== q[0] || p[1] !== q[1];
  });
  return [
    dedup.filter((p, i) => {
      const a = dedup[(i + dedup.length - 1) % dedup.length]!;
      const b = dedup[(i + 1) % dedup.length]!;
      return !((a[0] === p[0] && p[0] === b[0]) || (a[1] === p[1] && p[1] === b[1]));
    }),
  ];
}

/** Pageblocks covering the pfn range [startPfn, startPfn + pages). */
export function pfnsToPageblocks(startPfn: number, pages: number, pageblockPages: number): [number, number] {
  const s = Math.floor(startPfn / pageblockPages);
  const e = Math.ceil((startPfn + Math.max(1, pages)) / pageblockPages);
  return [s, e];
}

/** Index of the snapshot at or before time t (ns); 0 when t precedes the first. */
export function snapshotAt(times: readonly number[], tNs: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) return -1;
  if (tNs <= times[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= tNs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Sum pageblock x kind counts into `bins` equal pfn bins (the rows of the
 * address x time heatmap): out[b * kinds + k]. Uint32 because a bin holds
 * many pageblocks' pages.
 */
export function binCounts(data: Uint16Array, kinds: number, pageblocks: number, bins: number, out = new Uint32Array(bins * kinds)): Uint32Array {
  out.fill(0);
  for (let pb = 0; pb < pageblocks; pb++) {
    const b = Math.min(bins - 1, Math.floor((pb * bins) / pageblocks));
    const src = pb * kinds;
    const dst = b * kinds;
    for (let k = 0; k < kinds; k++) out[dst + k]! += data[src + k]!;
  }
  return out;
}

/**
 * Round pfn ticks for an address axis of `totalPages`: multiples of a power-of-two number
 * of pageblocks (0x0, 0x10000, 0x20000, ...: how a kernel engineer counts addresses), the
 * smallest such step that gives at most `maxTicks` ticks past 0. Ticks run from 0 to the
 * last multiple not past the end.
 */
export function pfnTicks(totalPages: number, pageblockPages: number, maxTicks = 6): number[] {
  if (!(totalPages > 0) || !(pageblockPages > 0)) return [0];
  let step = pageblockPages;
  while (totalPages / step > maxTicks) step *= 2;
  const out: number[] = [];
  for (let p = 0; p <= totalPages; p += step) out.push(p);
  return out;
}
