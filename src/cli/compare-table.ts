/*
 * From run summaries to the compare table: rows with their statistics over
 * seeds (src/shared/compare-metrics.ts, the same the UI shows) and the
 * aligned text table built from them. Pure functions of RunSummary, so tests
 * feed synthetic summaries.
 */
import type { Params, RunSummary } from '../engine/result.ts';
import { rowStats } from '../shared/compare-metrics.ts';
import type { MetricStats } from '../shared/types.ts';
import { formatCount, formatCountCi, formatPct, formatSlowdown, formatUs, formatWithCi, sig3 } from './format.ts';
import { renderTable, type Align } from './table.ts';

export interface CompareRow {
  label: string;
  policy: string;
  params: Params;
  runs: RunSummary[];
  stats: Record<string, MetricStats>;
}

export function makeRow(label: string, policy: string, params: Params, runs: RunSummary[]): CompareRow {
  // A run where no request succeeded has no latency in the statistics (compare-metrics.ts).
  return { label, policy, params, runs, stats: rowStats(runs) };
}

/**
 * Short names for the engine's failure reasons so the cell stays narrow
 * ("pin:3 wb:1"). Keyed by the cause after the errno prefix; the causes are
 * the engine's (src/engine/migrate/migrate.ts, PIN_CAUSE_NAMES). A legend
 * under the table spells out every abbreviation used.
 */
const CAUSE_ABBREV: Readonly<Record<string, string>> = {
  'short-term GUP pin': 'pin',
  'long-term GUP pin': 'lpin',
  'AIO ring page': 'aio',
  'per-CPU LRU batch reference': 'lru',
  'pinned when the range was scanned (not isolated)': 'pin-scan',
  'buffer_head LRU reference': 'bh',
  'page locked': 'lock',
  'under writeback': 'wb',
  'dirty page, filesystem without migratepage': 'dirty',
  'unmovable kernel page': 'unmov',
  'no destination page': 'nomem',
  'range isolated by another allocation': 'isol',
  'no free range in the area': 'full',
  busy: 'busy',
  failed: 'fail',
};

export function abbreviateReason(reason: string): string {
  const cause = reason.replace(/^-E[A-Z]+:\s*/, '');
  const known = CAUSE_ABBREV[cause];
  if (known) return reason.startsWith('-ENOMEM') && known !== 'nomem' ? `nomem-${known}` : known;
  // Unknown causes: first word, lower case, so the cell stays short; the legend has the full text.
  return (cause.split(/[\s,:]+/)[0] || reason).toLowerCase();
}

/** "pin = -EBUSY: short-term GUP pin" for every reason that appears in the rows. */
export function failureLegend(rows: readonly CompareRow[]): string[] {
  const reasons = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.stats)) if (k.startsWith('failures.')) reasons.add(k.slice('failures.'.length));
  return [...reasons].sort().map((reason) => `${abbreviateReason(reason)} = ${reason}`);
}

/** "pin:3 wb:1", means over seeds, most frequent first; "-" when nothing failed. */
export function failureCell(stats: Record<string, MetricStats>): string {
  const parts = Object.entries(stats)
    .filter(([k, s]) => k.startsWith('failures.') && s.mean !== null && s.mean > 0)
    .sort((a, b) => b[1].mean! - a[1].mean! || a[0].localeCompare(b[0]))
    .map(([k, s]) => `${abbreviateReason(k.slice('failures.'.length))}:${sig3(s.mean!)}`);
  return parts.length ? parts.join(' ') : '-';
}

const slowdownCi = (f: number) => `${(f * 100).toFixed(1)}%`;

/** Swap I/O: pages swapped in plus out (pswpin + pswpout), shown as the data they moved, in MiB (the unit is in the header). */
export const SWAP_HEADER = 'swap I/O MiB';
const PAGES_PER_MIB = (1 << 20) / 4096;

/** Pages -> "0.03", "2.5", "969", "7090", "11.8k" (MiB; whole MiB from 100 on, then the k of every other count). */
export function formatSwapMiB(pages: number | null | undefined): string {
  if (pages === null || pages === undefined || !Number.isFinite(pages)) return '-';
  const mib = pages / PAGES_PER_MIB;
  return Math.abs(mib) < 100 ? sig3(mib) : formatCount(Math.round(mib));
}

/** The ± part of swap I/O in its mean's unit ("11.8k ± 1.2k"). */
function swapCi(ci: number, mean: number): string {
  const meanMiB = mean / PAGES_PER_MIB;
  return Math.abs(meanMiB) >= 10_000 ? formatCountCi(ci / PAGES_PER_MIB, meanMiB) : formatSwapMiB(ci);
}

/** Rows of the compare table; bound columns when any row has a computed bound (GCMA-style policies). */
export function compareTable(rows: readonly CompareRow[]): string[] {
  const withBounds = rows.some((r) => (r.stats['boundMeanUs']?.n ?? 0) > 0);
  const header = ['policy', 'success', 'mean', 'p50', 'p99', 'max'];
  if (withBounds) header.push('bound mean', 'bound max');
  header.push('failures', 'bg slowdown', 'region util', 'refaults', SWAP_HEADER);
  const body = rows.map((r) => {
    const s = (k: string): MetricStats => r.stats[k] ?? { mean: null, ci95: null, n: 0 };
    const cells = [
      r.label,
      formatWithCi(s('successRate'), formatPct),
      formatWithCi(s('latencyMeanUs'), formatUs),
      formatWithCi(s('latencyP50Us'), formatUs),
      formatWithCi(s('latencyP99Us'), formatUs),
      formatWithCi(s('latencyMaxUs'), formatUs),
    ];
    if (withBounds) cells.push(formatWithCi(s('boundMeanUs'), formatUs), formatWithCi(s('boundMaxUs'), formatUs));
    cells.push(
      failureCell(r.stats),
      formatWithCi(s('slowdown'), formatSlowdown, slowdownCi),
      formatWithCi(s('regionUtilisation'), formatPct),
      formatWithCi(s('refaults'), formatCount, formatCountCi),
      formatWithCi(s('swapIo'), formatSwapMiB, swapCi),
    );
    return cells;
  });
  const align: Align[] = header.map((h, i) => (i === 0 || h === 'failures' ? 'left' : 'right'));
  return renderTable(header, body, { align });
}

/** "1-5", "1,2,7", "1-3,9": the compact form of a seed list. */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${seeds[i]}-${seeds[j]}` : seeds.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/** The line above the table: "tiny: seeds 1-3 (n=3); cells are mean ± 95% CI half-width" ("tiny: seed 1" for one seed). */
export function compareTitle(scenario: string, seeds: readonly number[]): string {
  const n = seeds.length;
  return `${scenario}: ${n === 1 ? `seed ${formatSeeds(seeds)}` : `seeds ${formatSeeds(seeds)} (n=${n})`}` + (n > 1 ? '; cells are mean ± 95% CI half-width' : '');
}

/**
 * Under the table: the failure legend, and for a replayed trace the device's
 * own timings (every row replays the same requests, so they are one line).
 * Each block starts with an empty line; none when there is nothing to say.
 */
export function compareFooter(rows: readonly CompareRow[]): string[] {
  const lines: string[] = [];
  const legend = failureLegend(rows);
  if (legend.length > 0) lines.push('', 'failures (mean count per run):', ...legend.map((l) => `  ${l}`));
  const observed = rows.flatMap((r) => r.runs).find((run) => run.requests.observed)?.requests.observed;
  if (observed) {
    const o = observed.latencyUs;
    lines.push(
      '',
      `traced on the device: mean ${formatUs(o.mean)}  p50 ${formatUs(o.p50)}  p99 ${formatUs(o.p99)}  max ${formatUs(o.max)}` +
        ` (${observed.count} timed, ${observed.failed} failed there)`,
    );
  }
  return lines;
}
