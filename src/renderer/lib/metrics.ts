/*
 * The metrics the comparison table and the summary cards show, each with the
 * direction that counts as better, so deltas against a pinned baseline can be
 * coloured without a reader guessing whether "+12 %" is good news.
 */
import type { RunInfo, RunSummary, SeedGroup } from '../../shared/types.ts';
import { METRICS as SHARED_METRICS, runLatencyUs } from '../../shared/compare-metrics.ts';
import { formatCount, formatPagesSpread, formatPages, formatPercent, formatSeconds, formatSlowdown, formatUs, formatUsSpread, isZeroText, signed } from './format.ts';

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
  /** Why this run's value cannot be ranked (it flatters the run), or null: such a value gets a marker and no better/worse colour. */
  caveat?: (s: RunSummary) => string | null;
  /**
   * The seed-group statistic of a metric whose run-to-run variation is as large as the effects
   * compared (background slowdown: several % between seeds of one configuration). Its deltas are
   * ranked only when both runs' seed groups have 2+ runs and their 95 % intervals do not overlap.
   */
  noisy?: string;
  help?: string;
}

/** Why OOM kills skew background numbers; the per-run marker and the seed groups' say it alike. */
const OOM_SKEW = 'their work was skipped, so the background finished early';

const oomKills = (s: RunSummary): number => s.vmstat['oom_kill'] ?? 0;
const kills = (n: number): string => `${formatCount(n)} OOM kill${n === 1 ? '' : 's'}`;

/** OOM-killed tasks never finish their work, so background completion (and slowdown) look better than a real run's. */
function oomCaveat(s: RunSummary): string | null {
  const n = oomKills(s);
  return n > 0 ? `${kills(n)}: ${OOM_SKEW} and this value flatters the run` : null;
}

const pct = (v: number): string => formatPercent(v, 1);
const pp = (d: number): string => signed(`${Math.abs(d * 100).toFixed(1)} pp`, d);
/** A ± half-width of a share or ratio: percentage points, not a relative %. */
const ppSpread = (h: number): string => `${Math.abs(h * 100).toFixed(1)} pp`;
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
  { id: 'p50', label: 'Latency p50', group: 'latency', direction: 'lower', get: (s) => runLatencyUs(s, 'p50'), format: formatUs, formatDelta: us },
  { id: 'p90', label: 'Latency p90', group: 'latency', direction: 'lower', get: (s) => runLatencyUs(s, 'p90'), format: formatUs, formatDelta: us },
  { id: 'p99', label: 'Latency p99', group: 'latency', direction: 'lower', get: (s) => runLatencyUs(s, 'p99'), format: formatUs, formatDelta: us },
  { id: 'max', label: 'Latency max', group: 'latency', direction: 'lower', get: (s) => runLatencyUs(s, 'max'), format: formatUs, formatDelta: us },
  { id: 'mean', label: 'Latency mean', group: 'latency', direction: 'lower', get: (s) => runLatencyUs(s, 'mean'), format: formatUs, formatDelta: us },
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
    format: (v) => formatSlowdown(v + 1),
    formatDelta: pp,
    absoluteOnly: true,
    caveat: oomCaveat,
    noisy: 'slowdown',
    help: 'Background completion time vs the same run without contiguous clients (one seed each: varies by several % from seed to seed)',
  },
  {
    id: 'completion',
    label: 'Background completion',
    group: 'background',
    direction: 'lower',
    get: (s) => s.background.completionS,
    format: formatSeconds,
    formatDelta: (d) => signed(formatSeconds(Math.abs(d)), d),
    caveat: oomCaveat,
    noisy: 'slowdown',
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
  {
    // As the seed groups' "Swap I/O" (shared/compare-metrics swapIo): one measure, one unit, on the whole page.
    id: 'swapIo',
    label: 'Swap I/O',
    group: 'vmstat',
    direction: 'lower',
    get: SHARED_METRICS['swapIo']!,
    format: formatPages,
    formatDelta: (d) => signed(formatPages(Math.abs(d)), d),
    help: 'Pages swapped in + out (pswpin + pswpout) as a size, 4 KiB a page',
  },
  vm('pswpin', 'Swap-ins', 'pswpin'),
  vm('workingset_refault', 'Refaults', 'workingset_refault'),
  vm('allocstall', 'Direct reclaim stalls', 'allocstall'),
];

/** The compare table's columns, in order. */
const COMPARE_COLUMNS = ['success', 'failed', 'p50', 'p99', 'max', 'boundMax', 'slowdown', 'vmstat.oom_kill', 'utilisation', 'vmstat.pgmigrate_success', 'swapIo', 'vmstat.workingset_refault'];

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

/** Beyond this relative increase a delta reads as a ratio: "×147", not "+14605%". */
export const RATIO_ABOVE = 10;

export function formatRel(rel: number | null): string {
  if (rel === null) return '';
  if (!Number.isFinite(rel)) return '';
  if (rel > RATIO_ABOVE) {
    const ratio = 1 + rel;
    return `×${ratio < 100 ? ratio.toFixed(1).replace(/\.0$/, '') : Math.round(ratio).toLocaleString('en-US')}`;
  }
  return signed(`${Math.abs(rel * 100).toFixed(Math.abs(rel) < 0.1 ? 1 : 0)}%`, rel);
}

/** One compare-table cell as it reads: value, the delta to the baseline and its verdict, and why it is not ranked. */
export interface CellView {
  value: string;
  /** Relative change ("−20%"), shown before the absolute one; null when only the absolute one is shown. */
  rel: string | null;
  /** Absolute change ("−1.2 ms", "+3.0 pp"); null for the baseline or without a value to compare. */
  abs: string | null;
  /** 'none' also when the comparison is not fair (a caveat on either side), not resolved (noisy) or the shown change is zero. */
  verdict: Verdict;
  caveat: string | null;
  /** A noisy metric's change left unranked because the seed groups do not separate it from run-to-run variation. */
  unresolved: boolean;
}

/**
 * cellView's `resolved`: for a noisy metric, whether the two runs' seed groups separate (groupsSeparate);
 * unset counts as not (each side a single run).
 */
export function cellView(m: MetricDef, run: RunSummary | null, base: RunSummary | null, isBase: boolean, resolved = false): CellView | null {
  const v = run ? m.get(run) : null;
  if (v === null) return null;
  const caveat = run && m.caveat ? m.caveat(run) : null;
  const view: CellView = { value: m.format(v), rel: null, abs: null, verdict: 'none', caveat, unresolved: false };
  if (isBase) return view;
  const d = delta(v, base ? m.get(base) : null, m.direction);
  if (!d) return view;
  view.abs = m.formatDelta(d.abs);
  if (!m.absoluteOnly && d.rel !== null) view.rel = formatRel(d.rel);
  // A change that prints as zero is no change: no arrow, no colour.
  const shownZero = isZeroText(view.abs) && (view.rel === null || isZeroText(view.rel));
  // A skewed value on either side makes "better" meaningless (fewer tasks finished sooner).
  const skewed = caveat !== null || (base !== null && m.caveat?.(base) != null);
  // Run-to-run variation as large as the change: shown, not ranked.
  const unresolved = m.noisy !== undefined && !resolved && d.verdict !== 'same';
  view.verdict = shownZero ? 'same' : skewed || unresolved ? 'none' : d.verdict;
  view.unresolved = !shownZero && !skewed && unresolved;
  return view;
}

/**
 * Whether two seed groups' 95 % intervals of `stat` do not overlap, each over 2+ runs: only
 * then does a difference of a noisy metric stand out from seed-to-seed variation.
 * A run compared with a run of its own group (same configuration, another seed) never does.
 */
export function groupsSeparate(a: SeedGroup | undefined, b: SeedGroup | undefined, stat: string): boolean {
  if (!a || !b || a === b) return false;
  const sa = a.stats[stat];
  const sb = b.stats[stat];
  if (!sa || !sb || sa.mean === null || sb.mean === null || sa.ci95 === null || sb.ci95 === null) return false;
  if (a.runIds.length < 2 || b.runIds.length < 2) return false;
  return sa.mean + sa.ci95 < sb.mean - sb.ci95 || sb.mean + sb.ci95 < sa.mean - sa.ci95;
}

/** Under the metric table, when some noisy delta was left unranked: why, and where to look instead. */
export function noisyNote(labels: readonly string[], multiSeed: boolean): string | null {
  if (!labels.length) return null;
  const what = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0]!;
  return `${what}: not marked better or worse. Between seeds of one configuration it varies by several %, so one run against another says little; ${
    multiSeed ? 'it is ranked only where both seed groups have 2+ seeds and their 95 % intervals do not overlap (see Grouped by seed).' : 'compare several seeds of each configuration.'
  }`;
}

/**
 * Display of the seed-group statistics main computes (names from `cmawb
 * compare`: successRate, latencyP50Us, ...). Unknown names (new metrics,
 * "failures.<reason>") fall back to a plain count.
 */
export interface GroupMetricDef {
  label: string;
  /** The column header's tooltip (else the statistic's name). */
  help?: string;
  direction: Direction;
  format: (v: number) => string;
  /** The ± half-width, when it reads differently from a value (slowdown is a ratio shown as %; latencies in the mean's unit). */
  formatCi?: (h: number, mean: number) => string;
  /** OOM kills in any of the group's runs flatter the mean (background measures), as `MetricDef.caveat` marks a run's value. */
  oomSkewed?: boolean;
}

export const GROUP_METRICS: Record<string, GroupMetricDef> = {
  successRate: { label: 'Success', direction: 'higher', format: pct, formatCi: ppSpread, help: 'Share of requests that got their pages; ± in percentage points' },
  latencyMeanUs: { label: 'Mean', direction: 'lower', format: formatUs, formatCi: formatUsSpread },
  latencyP50Us: { label: 'p50', direction: 'lower', format: formatUs, formatCi: formatUsSpread },
  latencyP99Us: { label: 'p99', direction: 'lower', format: formatUs, formatCi: formatUsSpread },
  latencyMaxUs: { label: 'Max', direction: 'lower', format: formatUs, formatCi: formatUsSpread },
  boundMeanUs: { label: 'Bound mean', direction: 'lower', format: formatUs, formatCi: formatUsSpread },
  boundMaxUs: { label: 'Bound max', direction: 'lower', format: formatUs, formatCi: formatUsSpread },
  boundViolations: { label: 'Over bound', direction: 'lower', format: formatCount },
  failed: { label: 'Failed', direction: 'lower', format: formatCount },
  slowdown: { label: 'Slowdown', direction: 'lower', format: formatSlowdown, formatCi: ppSpread, oomSkewed: true, help: 'Background completion vs the run without the device; ± in percentage points' },
  regionUtilisation: { label: 'Region use', direction: 'higher', format: pct, formatCi: ppSpread, help: 'Mean share of the region holding useful data; ± in percentage points' },
  refaults: { label: 'Refaults', direction: 'lower', format: formatCount },
  // pswpin + pswpout are pages; as a size they read like the rest of the page.
  swapIo: { label: 'Swap I/O', direction: 'lower', format: formatPages, formatCi: formatPagesSpread, help: 'Pages swapped in + out (pswpin + pswpout) as a size, 4 KiB a page' },
};

/** "mean ± half-width" of a seed group's metric; the mean alone with one seed. A zero spread is a bare 0, as the CLI prints it. */
export function formatGroupStat(name: string, mean: number | null, ci95: number | null): { mean: string; ci: string | null } {
  if (mean === null) return { mean: '–', ci: null };
  const def = groupMetric(name);
  if (ci95 === null) return { mean: def.format(mean), ci: null };
  return { mean: def.format(mean), ci: ci95 === 0 ? '0' : def.formatCi ? def.formatCi(ci95, mean) : def.format(ci95) };
}

export function groupMetric(name: string): GroupMetricDef {
  return GROUP_METRICS[name] ?? { label: name.replace(/^failures\./, 'fail: '), direction: 'lower', format: formatCount };
}

/** The OOM kills behind a seed group's statistics: of its runs that main pooled (completed, with a summary), those with kills. */
export interface GroupOom {
  /** Seeds of the runs that had OOM kills, in the group's order. */
  seeds: number[];
  kills: number;
  /** Runs pooled into the group's statistics. */
  pooled: number;
}

export function groupOom(group: SeedGroup, runs: readonly RunInfo[]): GroupOom {
  const byId = new Map(runs.map((r) => [r.id, r] as const));
  const pooled = group.runIds.map((id) => byId.get(id)).filter((r): r is RunInfo => r?.status === 'completed' && r.summary !== null);
  const killed = pooled.filter((r) => oomKills(r.summary!) > 0);
  return { seeds: killed.map((r) => r.seed), kills: killed.reduce((n, r) => n + oomKills(r.summary!), 0), pooled: pooled.length };
}

/** Why a group's mean of this metric is not comparable (a run with OOM kills went into it), or null; the per-run marker's words. */
export function groupCaveat(name: string, oom: GroupOom): string | null {
  if (!groupMetric(name).oomSkewed || oom.seeds.length === 0) return null;
  return `${kills(oom.kills)} in ${oom.seeds.length} of ${oom.pooled} runs: ${OOM_SKEW} and this mean flatters the group`;
}

/** A seed group's seeds in words: "1 seed: 1", "5 seeds: 1–5", "3 seeds: 1, 2, 7". */
export function seedsText(seeds: readonly number[]): string {
  const sorted = [...seeds].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    // Two in a row read better as a list than as a range.
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return `${sorted.length} seed${sorted.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/**
 * The run page's line under the background slowdown: it is one seed, and a negative value is
 * the build finishing sooner than in the run without the device (variation between two
 * simulations, not a speed-up). Null without a value.
 */
export function slowdownNote(ratio: number | null | undefined): string | null {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return null;
  const shown = formatSlowdown(ratio);
  if (ratio < 1 && !isZeroText(shown)) {
    return 'one seed; negative means the background finished sooner than in the run without the device, variation between two simulations, not a speed-up. Compare several seeds.';
  }
  return 'one seed; it varies by several % from seed to seed. Compare several seeds.';
}
