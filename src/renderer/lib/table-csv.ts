/*
 * The history table as CSV (what is listed, with the summary numbers), for a
 * spreadsheet or a mailing-list reply. RFC 4180 quoting; latencies in µs and
 * rates as fractions so the numbers stay machine-readable.
 */
import type { RunInfo } from '../../shared/types.ts';

const COLUMNS: [string, (r: RunInfo) => unknown][] = [
  ['id', (r) => r.id],
  ['name', (r) => r.name],
  ['status', (r) => r.status],
  ['scenario', (r) => r.scenarioName],
  ['policy', (r) => r.policy.name],
  ['policy_version', (r) => r.policy.version],
  ['params', (r) => JSON.stringify(r.params)],
  ['seed', (r) => r.seed],
  ['requests', (r) => r.summary?.requests.count],
  ['succeeded', (r) => r.summary?.requests.succeeded],
  ['latency_p50_us', (r) => r.summary?.requests.latencyUs.p50],
  ['latency_p99_us', (r) => r.summary?.requests.latencyUs.p99],
  ['latency_max_us', (r) => r.summary?.requests.latencyUs.max],
  ['background_slowdown', (r) => r.summary?.background.slowdown],
  ['region_utilisation', (r) => r.summary?.region.meanUtilisation],
  ['tags', (r) => r.tags.join(' ')],
  ['notes', (r) => r.notes],
  ['created', (r) => new Date(r.createdAt).toISOString()],
];

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function runsToCsv(runs: readonly RunInfo[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const r of runs) lines.push(COLUMNS.map(([, get]) => csvCell(get(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}
