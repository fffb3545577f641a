/*
 * The per-run numbers a comparison is built from, and their statistics over
 * the seeds of one row or group. One table for `cmawb compare` (the text
 * table and its JSON) and the API's runs:compare (seed groups), so the
 * terminal and the UI report the same means and intervals. Pure functions of
 * RunSummary, so tests feed synthetic summaries.
 */
import { summarize } from './stats.ts';
import type { MetricStats, RunSummary } from './types.ts';

/**
 * A run's latency statistic, or null where no request succeeded: a run that failed every
 * request (instantly, for a full carve-out) must not rank as the fastest; runs of engines
 * before 0.14.0 mixed failed requests' times into these statistics.
 */
export function runLatencyUs(s: RunSummary, k: 'mean' | 'p50' | 'p90' | 'p99' | 'max'): number | null {
  return s.requests.succeeded > 0 ? s.requests.latencyUs[k] : null;
}
const latency = (k: 'mean' | 'p50' | 'p99' | 'max') => (s: RunSummary) => runLatencyUs(s, k);

/** Metric name -> its value in one run (null where the run has none, e.g. no bound computed). */
export const METRICS: Readonly<Record<string, (s: RunSummary) => number | null>> = {
  successRate: (s) => (s.requests.count > 0 ? s.requests.succeeded / s.requests.count : null),
  latencyMeanUs: latency('mean'),
  latencyP50Us: latency('p50'),
  latencyP99Us: latency('p99'),
  latencyMaxUs: latency('max'),
  boundMeanUs: (s) => s.requests.boundUs?.mean ?? null,
  boundMaxUs: (s) => s.requests.boundUs?.max ?? null,
  boundViolations: (s) => s.requests.boundUs?.violations ?? null,
  failed: (s) => s.requests.failed,
  slowdown: (s) => s.background.slowdown,
  regionUtilisation: (s) => s.region.meanUtilisation,
  refaults: (s) => s.vmstat['workingset_refault'] ?? null,
  swapIo: (s) =>
    s.vmstat['pswpin'] === undefined && s.vmstat['pswpout'] === undefined
      ? null
      : (s.vmstat['pswpin'] ?? 0) + (s.vmstat['pswpout'] ?? 0),
};

/** Statistics over a row's runs; failure reasons appear as "failures.<reason>" (0 in runs without that reason). */
export function rowStats(runs: readonly RunSummary[]): Record<string, MetricStats> {
  const stats: Record<string, MetricStats> = {};
  for (const [name, get] of Object.entries(METRICS)) stats[name] = summarize(runs.map(get));
  const reasons = new Set(runs.flatMap((r) => Object.keys(r.failures)));
  for (const reason of [...reasons].sort()) {
    stats[`failures.${reason}`] = summarize(runs.map((r) => r.failures[reason] ?? 0));
  }
  return stats;
}
