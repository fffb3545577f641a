/*
 * Means of sampled series over a window of virtual time: "what did the
 * machine look like while the workload was at its peak".
 */
import type { SeriesSet } from '../result.ts';

/** Mean of every column over the samples taken in [fromNs, toNs]; NaN for an empty window. */
export function windowMeans(series: SeriesSet, fromNs: number, toNs: number): Record<string, number> {
  const idx: number[] = [];
  series.t.forEach((t, i) => {
    if (t >= fromNs && t <= toNs) idx.push(i);
  });
  const out: Record<string, number> = {};
  for (const [name, col] of Object.entries(series.columns)) out[name] = idx.reduce((s, i) => s + col[i]!, 0) / idx.length;
  return out;
}
