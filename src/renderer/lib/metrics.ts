/*
 * The metrics the comparison table and the summary cards show, each with the
 * direction that counts as better, so deltas against a pinned baseline can be
 * coloured without a reader guessing whether "+12 %" is good news.
 */
import type { RunInfo, RunSummary } from '../../shared/types.ts';
import { formatCount, formatPercent, formatSeconds, formatUs, signed } from './format.ts';

export type Direction = 'lower' | 'higher' | 'neutral';

export interface MetricDef {
  id: string;
  label: string;
  group: 'requests' | 'latency' | 'background' | 'region' | 'vmstat';
  direction: Direction;
  get: (s: RunSummary) => number | null;
  format: (v: number) => string;
  /** How an absolute difference reads ("+1.2 ms", "+3.0 pp"). */
  formatDelta: (d: number) => string;
  /** Values that are already fractions (rates, shares) compare in percentage points only: a relative change of a share misleads. */
  absoluteOnly?: boolean;
  /** A column only worth showing when some run has a non-zero value (a warning, not a measure). */
  onlyIfNonZero?: boolean;
  help?: string;
}

const pct = (v: number): string => formatPercent(v, 1);
const pp = (d: number): string => signed(`${Math.abs(d * 100).toFixed(1)} pp`, d);
const us = (d: number): string => signed(formatUs(Math.abs(d)), d);
const cnt = (d: number): string => signed(formatCount(Math.abs(d)), d);
const vm = (key: string, label: string, help: string): MetricDef => ({
  id: `vmstat.${key}`,
  label,
  group: 'vmstat',
  direction: 'lower',
  get: (s) => s.vmstat[key] ?? null,
  format: formatCount,
  formatDelta: cnt,
  help,
});

export const METRICS: readonly MetricDef[] = [
  {
    id: 'success',
    label: 'Success rate',
    group: 'requests',
    direction: 'higher',
    get: (s) => (s.requests.count ? s.requests.succeeded / s.requests.count : null),
    format: pct,
    formatDelta: pp,
    absoluteOnly: true,
    help: 'Contiguous requests that got their pages',
  },
  { id: 'failed', label: 'Failed requests', group: 'requests', direction: 'lower', get: (s) => s.requests.failed, format: formatCount, formatDelta: cnt },
  { id: 'p50', label: 'Latency p50', group: 'latency', direction: 'lower', get: (s) => s.requests.latencyUs.p50, format: formatUs, formatDelta: us },
  { id: 'p90', label: 'Latency p90', group: 'latency', direction: 'lower', get: (s) => s.requests.latencyUs.p90, format: formatUs, formatDelta: us },
  { id: 'p99', label: 'Latency p99', group: 'latency', direction: 'lower', get: (s) => s.requests.latencyUs.p99, format: formatUs, formatDelta: us },
  { id: 'max', label: 'Latency max', group: 'latency', direction: 'lower', get: (s) => s.requests.latencyUs.max, format: formatUs, formatDelta: us },
  { id: 'mean', label: 'Latency mean', group: 'latency', direction: 'lower', get: (s) => s.requests.latencyUs.mean, format: formatUs, formatDelta: us },
  {
    id: 'boundMax',
    label: 'Bound (max)',
    group: 'latency',
    direction: 'lower',
    get: (s) => s.requests.boundUs?.max ?? null,
    format: formatUs,
    formatDelta: us,
    help: 'GCMA: computed worst-case latency',
  },
  {
    id: 'slowdown',
    label: 'Background slowdown',
    group: 'background',
    direction: 'lower',
    get: (s) => (s.background.slowdown === null ? null : s.background.slowdown - 1),
    format: (v) => signed(formatPercent(Math.abs(v)), v),
    formatDelta: pp,
    absoluteOnly: true,
    help: 'Background completion time vs the same run without contiguous clients',
  },
  {
    id: 'completion',
    label: 'Background completion',
    group: 'background',
    direction: 'lower',
    get: (s) => s.background.completionS,
    format: formatSeconds,
    formatDelta: (d) => signed(formatSeconds(Math.abs(d)), d),
  },
  {
    id: 'vmstat.oom_kill',
    label: 'OOM kills',
    group: 'background',
    direction: 'lower',
    get: (s) => s.vmstat['oom_kill'] ?? null,
    format: formatCount,
    formatDelta: cnt,
    onlyIfNonZero: true,
    help: 'Tasks killed for memory: their work was skipped, so their background completion flatters the run',
  },
  {
    id: 'utilisation',
    label: 'Region utilisation',
    group: 'region',
    direction: 'higher',
    get: (s) => s.region.meanUtilisation,
    format: pct,
    formatDelta: pp,
    absoluteOnly: true,
    help: 'Mean share of the region holding useful data',
  },
  vm('pgmigrate_success', 'Pages migrated', 'pgmigrate_success'),
  vm('pgmigrate_fail', 'Migration failures', 'pgmigrate_fail'),
  vm('pswpout', 'Swap-outs', 'pswpout'),
  vm('pswpin', 'Swap-ins', 'pswpin'),
  vm('workingset_refault', 'Refaults', 'workingset_refault'),
  vm('allocstall', 'Direct reclaim stalls', 'allocstall'),
];

/** The compare table's columns, in order. */
const COMPARE_COLUMNS = ['success', 'failed', 'p50', 'p99', 'max', 'boundMax', 'slowdown', 'vmstat.oom_kill', 'utilisation', 'vmstat.pgmigrate_success', 'vmstat.pswpout', 'vmstat.workingset_refault'];

/** Columns for these runs: none that no run has (a bound without GCMA, counters an older engine lacks), no warning no run raised. */
export function compareColumns(runs: readonly RunInfo[]): MetricDef[] {
  return COMPARE_COLUMNS.map((id) => METRICS.find((m) => m.id === id)!).filter((m) =>
    runs.some((r) => {
      const v = r.summary ? m.get(r.summary) : null;
      return v !== null && !(m.onlyIfNonZero && v === 0);
    }),
  );
}

export type Verdict = 'better' | 'worse' | 'same' | 'none';

export interface Delta {
  abs: number;
  /** Relative to |baseline|; null when the baseline is 0. */
  rel: number | null;
  verdict: Verdict;
}

/** Difference from a baseline; changes under 0.5 % (or exactly zero) count as the same. */
export function delta(value: number | null, base: number | null, direction: Direction): Delta | null {
  if (value === null || base === null || !Number.isFinite(value) || !Number.isFinite(base)) return null;
  const abs = value - base;
  const rel = base === 0 ? null : abs / Math.abs(base);
  let verdict: Verdict = 'none';
  if (direction !== 'neutral') {
    const small = abs === 0 || (rel !== null && Math.abs(rel) < 0.005);
    if (small) verdict = 'same';
    else verdict = (abs < 0) === (direction === 'lower') ? 'better' : 'worse';
  }
  return { abs, rel, verdict };
}

export function formatRel(rel: number | null): string {
  if (rel === null) return '';
  if (!Number.isFinite(rel)) return '';
  return signed(`${Math.abs(rel * 100).toFixed(Math.abs(rel) < 0.1 ? 1 : 0)}%`, rel);
}

/**
 * Display of the seed-group statistics main computes (names from `cmawb
 * compare`: successRate, latencyP50Us, ...). Unknown names (new metrics,
 * "failures.<reason>") fall back to a plain count.
 */
export interface GroupMetricDef {
  label: string;
  direction: Direction;
  format: (v: number) => string;
  /** The ± half-width, when it reads differently from a value (slowdown is a ratio shown as %). */
  formatCi?: (h: number) => string;
}

export const GROUP_METRICS: Record<string, GroupMetricDef> = {
  successRate: { label: 'Success', direction: 'higher', format: pct },
  latencyMeanUs: { label: 'Mean', direction: 'lower', format: formatUs },
  latencyP50Us: { label: 'p50', direction: 'lower', format: formatUs },
  latencyP99Us: { label: 'p99', direction: 'lower', format: formatUs },
  latencyMaxUs: { label: 'Max', direction: 'lower', format: formatUs },
  boundMeanUs: { label: 'Bound mean', direction: 'lower', format: formatUs },
  boundMaxUs: { label: 'Bound max', direction: 'lower', format: formatUs },
  boundViolations: { label: 'Over bound', direction: 'lower', format: formatCount },
  failed: { label: 'Failed', direction: 'lower', format: formatCount },
  slowdown: { label: 'Slowdown', direction: 'lower', format: (v) => signed(formatPercent(Math.abs(v - 1)), v - 1), formatCi: (h) => formatPercent(h) },
  regionUtilisation: { label: 'Region use', direction: 'higher', format: pct },
  refaults: { label: 'Refaults', direction: 'lower', format: formatCount },
  swapIo: { label: 'Swap I/O', direction: 'lower', format: formatCount },
};

export function groupMetric(name: string): GroupMetricDef {
  return GROUP_METRICS[name] ?? { label: name.replace(/^failures\./, 'fail: '), direction: 'lower', format: formatCount };
}
