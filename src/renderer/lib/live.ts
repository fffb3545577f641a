/*
 * A run's live data shaped for the live charts: series rows into columns
 * over virtual seconds (pages as MiB), and completed requests into a latency
 * scatter over the time each completed, failed ones in a series of their own.
 */
import type { RequestRecord, SampleRow } from '../../shared/types.ts';
import { pagesToMiB } from './format.ts';

export interface LiveColumns {
  /** Virtual seconds. */
  t: number[];
  /** MiB per requested column (0 where a row lacks it). */
  mib: Record<string, number[]>;
}

export function liveColumns(rows: readonly SampleRow[], columns: readonly string[]): LiveColumns {
  const t = new Array<number>(rows.length);
  const mib: Record<string, number[]> = {};
  for (const c of columns) mib[c] = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    t[i] = r.tNs / 1e9;
    for (const c of columns) mib[c]![i] = pagesToMiB(r.values[c] ?? 0);
  }
  return { t, mib };
}

export interface LatencyScatter {
  /** Completion time, virtual seconds, ascending (uPlot needs sorted x). */
  x: number[];
  /** Latency in µs of successful requests (null at a failed one's x). */
  ok: (number | null)[];
  /** Latency in µs of failed requests (null at a successful one's x). */
  failed: (number | null)[];
  failedCount: number;
  /** Slowest successful latency, µs (0 when none). */
  maxOkUs: number;
}

/** The y axis is logarithmic, so latencies are floored at 1 µs (a request that failed at once has ~0). */
const MIN_US = 1;

export function latencyScatter(requests: readonly RequestRecord[]): LatencyScatter {
  let sorted = true;
  for (let i = 1; i < requests.length; i++) if (requests[i]!.endNs < requests[i - 1]!.endNs) sorted = false;
  const rs = sorted ? requests : [...requests].sort((a, b) => a.endNs - b.endNs);
  const n = rs.length;
  const x = new Array<number>(n);
  const ok = new Array<number | null>(n);
  const failed = new Array<number | null>(n);
  let failedCount = 0;
  let maxOkUs = 0;
  for (let i = 0; i < n; i++) {
    const r = rs[i]!;
    const us = Math.max(MIN_US, r.latencyNs / 1000);
    x[i] = r.endNs / 1e9;
    if (r.ok) {
      ok[i] = us;
      failed[i] = null;
      if (us > maxOkUs) maxOkUs = us;
    } else {
      ok[i] = null;
      failed[i] = us;
      failedCount++;
    }
  }
  return { x, ok, failed, failedCount, maxOkUs };
}
