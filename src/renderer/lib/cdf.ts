/*
 * Latency CDFs like the GCMA paper's figures: x = latency (log axis), y =
 * fraction of all requests that completed within x. Failed requests never
 * complete, so a policy that fails 20 % plateaus at 0.8 instead of hiding its
 * failures in a CDF of successes.
 */

export interface LatencySample {
  latencyNs: number;
  ok: boolean;
}

export interface Cdf {
  /** Sorted latencies of successful requests, µs. */
  x: number[];
  /** Fraction of all requests (ok or not) with latency <= x[i]. */
  y: number[];
  total: number;
  failed: number;
}

export function latencyCdf(samples: readonly LatencySample[]): Cdf {
  const xs: number[] = [];
  for (const s of samples) if (s.ok) xs.push(s.latencyNs / 1e3);
  xs.sort((a, b) => a - b);
  const total = samples.length;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    // Ties collapse into one step at the last index of the run.
    if (i + 1 < xs.length && xs[i + 1] === xs[i]) continue;
    x.push(xs[i]!);
    y.push((i + 1) / total);
  }
  return { x, y, total, failed: total - xs.length };
}

/**
 * Most per-size lines one CDF chart draws. Sizes differ in latency by orders
 * of magnitude, so a kernel engineer reads the chart per size (the GCMA RFC
 * v2 table has 8); past ten the run palette's distinct hues run out and the
 * key turns into noise, so the chart falls back to one line and says why.
 */
export const MAX_SIZE_LINES = 10;

export interface SizeCdfs {
  /** One CDF per request size, smallest first; pages null for the single all-requests line. */
  lines: { pages: number | null; cdf: Cdf }[];
  /** Why the sizes were merged into one line, for a note under the chart; null when they were not. */
  merged: string | null;
}

/** Latency CDFs by request size (each over that size's requests), or one over all when there are too many sizes. */
export function cdfsBySize(requests: readonly (LatencySample & { pages: number })[], max = MAX_SIZE_LINES): SizeCdfs {
  const sizes = [...new Set(requests.map((r) => r.pages))].sort((a, b) => a - b);
  if (sizes.length === 0) return { lines: [{ pages: null, cdf: latencyCdf(requests) }], merged: null };
  if (sizes.length > max) {
    return { lines: [{ pages: null, cdf: latencyCdf(requests) }], merged: `${sizes.length} request sizes: more than ${max} lines would not be readable, so one line covers all requests; the table has each size` };
  }
  return { lines: sizes.map((p) => ({ pages: p, cdf: latencyCdf(requests.filter((r) => r.pages === p)) })), merged: null };
}

/** Step-CDF value at `v`: fraction with latency <= v. */
export function cdfAt(cdf: Cdf, v: number): number {
  let lo = 0;
  let hi = cdf.x.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf.x[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : cdf.y[lo - 1]!;
}

/**
 * Put several CDFs on one shared x array (uPlot wants aligned data): the
 * union of their x values, each CDF evaluated there as a step function.
 * Values before a CDF's first point are null so the line starts at its
 * first real sample instead of crawling along y = 0 on a log axis.
 */
export function alignCdfs(cdfs: readonly Cdf[], extra: readonly number[] = []): { x: number[]; ys: (number | null)[][] } {
  const set = new Set<number>();
  for (const c of cdfs) for (const v of c.x) set.add(v);
  // Points the axis must reach (a failed request's latency, beyond every completion): the lines run flat to them.
  for (const v of extra) if (v > 0 && Number.isFinite(v)) set.add(v);
  const x = [...set].sort((a, b) => a - b);
  const ys = cdfs.map((c) => {
    const first = c.x.length ? c.x[0]! : Infinity;
    return x.map((v) => (v < first ? null : cdfAt(c, v)));
  });
  return { x, ys };
}

/** How far the CDF chart's x axis reaches past the smallest and the largest latency (a log axis: factors). */
export const CDF_PAD_LO = 0.8;
export const CDF_PAD_HI = 1.25;

/**
 * The CDF chart's data: alignCdfs with the x domain padded on both sides
 * (×0.8 below the smallest latency, ×1.25 above the largest), and each line
 * given a 0 at the x just before its first step. So a line whose requests all
 * took one time still shows its rise from 0 to its share at that x (uPlot's
 * stepped path would otherwise start at the top of the rise), and a step at
 * the largest latency still has a flat run after it, not a zero-length one
 * hidden at the axis' edge.
 */
export function cdfPlotData(cdfs: readonly Cdf[], extra: readonly number[] = []): { x: number[]; ys: (number | null)[][] } {
  const { x, ys } = alignCdfs(cdfs, extra);
  if (x.length === 0) return { x, ys };
  const px = [x[0]! * CDF_PAD_LO, ...x, x[x.length - 1]! * CDF_PAD_HI];
  const pys = ys.map((y) => {
    const row: (number | null)[] = [null, ...y, y.length ? y[y.length - 1]! : null];
    const first = row.findIndex((v) => v !== null);
    if (first > 0) row[first - 1] = 0;
    return row;
  });
  return { x: px, ys: pys };
}

/** Quantile of an already-sorted array (linear interpolation, q in 0..1). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
