/*
 * The readable report of one run (`cmawb run` without --json): what the
 * device asked for, what it cost, why it failed, and what it did to the rest
 * of the machine.
 */
import type { RunSummary } from '../engine/result.ts';
import { renderPairs, renderTable } from './table.ts';
import { counterOrigin } from '../engine/metrics/vmstat.ts';
import { formatCount, formatObserved, formatRunLatency, formatPct, formatSeconds, formatSlowdown, formatUs } from './format.ts';

/** The counters worth a glance after a run, in display order. */
export const VMSTAT_EXCERPT = [
  'pgmigrate_success',
  'pgmigrate_fail',
  'pswpin',
  'pswpout',
  'workingset_refault',
  'allocstall',
  'cma_alloc_success',
  'cma_alloc_fail',
  'contig_alloc_success',
  'contig_alloc_fail',
] as const;

/** cma_alloc_* count cma_alloc() calls: a policy that never calls it (carve-out, GCMA) leaves them 0, which says nothing. */
const CMA_ONLY = new Set<string>(['cma_alloc_success', 'cma_alloc_fail']);

export function renderRunReport(s: RunSummary): string[] {
  const lines: string[] = [];
  const params = Object.entries(s.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  lines.push(`${s.scenario} / ${s.policy} ${s.policyVersion}  seed ${s.seed}  engine ${s.engineVersion}`);
  if (params) lines.push(`params: ${params}`);
  lines.push(`virtual time ${formatSeconds(s.virtualS)}, ${formatCount(s.events)} events, result ${s.resultHash}`);

  const r = s.requests;
  lines.push('', 'Contiguous requests');
  const okRate = r.count > 0 ? ` (${formatPct(r.succeeded / r.count)})` : '';
  const reqPairs: [string, string][] = [
    ['requests', `${r.count}: ${r.succeeded} succeeded${okRate}, ${r.failed} failed`],
    ['latency', formatRunLatency(r)],
  ];
  // The replayed trace's own timings: what the traced kernel took for the same requests.
  if (r.observed) reqPairs.push(['traced', formatObserved(r.observed)]);
  if (r.boundUs) {
    reqPairs.push([
      'bound',
      `mean ${formatUs(r.boundUs.mean)}  max ${formatUs(r.boundUs.max)}  (${r.boundUs.violations} requests over their bound)`,
    ]);
  }
  lines.push(...renderPairs(reqPairs));

  const failures = Object.entries(s.failures).filter(([, n]) => n > 0);
  if (failures.length > 0) {
    lines.push('', 'Failures by reason');
    lines.push(...renderPairs(failures.sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, String(n)])));
  }

  const sizes = Object.entries(r.bySize).sort((a, b) => Number(a[0]) - Number(b[0]));
  if (sizes.length > 0) {
    lines.push('', 'By request size (latency of successful requests)');
    lines.push(
      ...renderTable(
        ['pages', 'size', 'count', 'failed', 'min', 'mean', 'max'],
        sizes.map(([pages, b]) => [
          pages,
          formatPagesSize(Number(pages)),
          String(b.count),
          String(b.failed),
          // Runs archived before engine 0.5.0 have no minimum; a size that never succeeded has no latency (0 before engine 0.10.0).
          b.minUs == null || b.failed === b.count ? '-' : formatUs(b.minUs),
          b.meanUs === null || b.failed === b.count ? '-' : formatUs(b.meanUs),
          b.maxUs === null || b.failed === b.count ? '-' : formatUs(b.maxUs),
        ]),
        { indent: '  ', align: ['right', 'right', 'right', 'right', 'right', 'right', 'right'] },
      ),
    );
  }

  // What made the tail: the slowest requests and the pages that held them up.
  const slow = r.slowest ?? [];
  if (slow.length > 0) {
    lines.push('', r.succeeded === 0 ? 'Slowest requests (none succeeded: the time until each failed)' : 'Slowest requests');
    lines.push(
      ...renderTable(
        ['id', 'pages', 'latency', 'outcome', 'held up by'],
        slow.map((q) => [
          String(q.id),
          String(q.pages),
          // A request that failed at once took no time to measure: not a latency of 0.
          !q.ok && !q.latencyUs ? '-' : formatUs(q.latencyUs),
          q.ok ? 'ok' : (q.reason ?? 'failed'),
          Object.entries(q.causes)
            .map(([cause, n]) => (n > 1 ? `${cause} (${n} pages)` : cause))
            // No page refused it or made it wait a millisecond: its time went to the allocation's own work
            // (migrating, or only taking free pages), on shared CPUs. A failure is explained by its outcome.
            .join(', ') || (q.ok ? 'none named (its own work)' : '-'),
        ]),
        { indent: '  ', align: ['right', 'right', 'right', 'left', 'left'] },
      ),
    );
  }

  const bg = s.background;
  lines.push('', 'Background');
  const bgPairs: [string, string][] = [
    ['completion', bg.completionS === null ? 'did not finish' : formatSeconds(bg.completionS)],
    ['baseline', bg.baselineS === null ? 'not measured' : formatSeconds(bg.baselineS)],
    ['slowdown', formatSlowdown(bg.slowdown)],
  ];
  const oom = s.vmstat['oom_kill'] ?? 0;
  // A killed task's remaining work is skipped, so the completion time flatters the run.
  if (oom > 0) bgPairs.push(['OOM kills', `${oom} (their work was skipped: completion is shorter than a real run's)`]);
  for (const [name, t] of Object.entries(bg.perWorkload)) {
    bgPairs.push([`  ${name}`, t === null ? 'did not finish' : formatSeconds(t)]);
  }
  lines.push(...renderPairs(bgPairs));

  lines.push('', 'Region');
  lines.push(
    ...renderPairs([
      ['pages', `${s.region.pages} (${formatPagesSize(s.region.pages)})`],
      ['utilisation', `${formatPct(s.region.meanUtilisation)} mean`],
    ]),
  );

  const shown = VMSTAT_EXCERPT.filter((k) => s.vmstat[k] !== undefined && !(CMA_ONLY.has(k) && !s.vmstat['cma_alloc_success'] && !s.vmstat['cma_alloc_fail']));
  if (shown.length > 0) {
    // The workbench's own counters are starred: nobody should look for them on a device.
    const own = shown.some((k) => counterOrigin(k) === 'workbench');
    lines.push('', 'vmstat');
    lines.push(...renderPairs(shown.map((k): [string, string] => [counterOrigin(k) === 'workbench' ? `${k} *` : k, String(s.vmstat[k])])));
    if (own) lines.push("  * the workbench's own counter, not a kernel one");
  }
  return lines;
}

/** 4 KiB pages as KiB/MiB/GiB. */
export function formatPagesSize(pages: number): string {
  const kib = pages * 4;
  if (kib < 1024) return `${kib} KiB`;
  if (kib < 1024 * 1024) return `${trim(kib / 1024)} MiB`;
  return `${trim(kib / 1024 / 1024)} GiB`;
}

function trim(v: number): string {
  return v.toFixed(v >= 100 ? 0 : 1).replace(/\.0$/, '');
}
