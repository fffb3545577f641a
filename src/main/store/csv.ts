/*
 * CSV export of one completed run for spreadsheets and pandas: requests.csv
 * (one row per contiguous request), series.csv (t_ns plus one column per
 * series) and summary.json. RFC 4180 quoting; numbers as JavaScript prints them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestRecord, SeriesSet } from '../../engine/result.ts';
import { RunStateError, type RunStore } from './run-store.ts';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const REQUEST_COLUMNS: [string, (r: RequestRecord) => unknown][] = [
  ['id', (r) => r.id],
  ['client', (r) => r.client],
  ['pages', (r) => r.pages],
  ['start_ns', (r) => r.startNs],
  ['end_ns', (r) => r.endNs],
  ['latency_ns', (r) => r.latencyNs],
  ['ok', (r) => (r.ok ? 1 : 0)],
  ['reason', (r) => r.reason],
  ['start_pfn', (r) => r.startPfn],
  ['migrated', (r) => r.migrated],
  ['dropped', (r) => r.dropped],
  ['written', (r) => r.written],
  ['retries', (r) => r.retries],
  ['candidates', (r) => r.candidates],
  ['bound_ns', (r) => r.boundNs],
  ['deadline_missed', (r) => (r.deadlineMissed ? 1 : 0)],
  // "pfn:cause" pairs separated by spaces: readable, and one cell per request.
  ['blocking', (r) => r.blocking.map((b) => `${b.pfn}:${b.cause}`).join(' ')],
];

export function requestsCsv(requests: readonly RequestRecord[]): string {
  const lines = [REQUEST_COLUMNS.map((c) => c[0]).join(',')];
  for (const r of requests) lines.push(REQUEST_COLUMNS.map(([, get]) => cell(get(r))).join(','));
  return lines.join('\n') + '\n';
}

export function seriesCsv(series: SeriesSet): string {
  const names = Object.keys(series.columns);
  const cols = names.map((n) => series.columns[n]!);
  const lines = [['t_ns', ...names].map(cell).join(',')];
  for (let i = 0; i < series.t.length; i++) {
    let line = String(series.t[i]);
    for (const c of cols) line += ',' + String(c[i]);
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** Write the run's CSV files into `dir` (created if missing); returns the paths written. */
export function exportRunCsv(runs: RunStore, id: number, dir: string): string[] {
  const run = runs.mustGet(id);
  if (run.status !== 'completed' || !run.summary) throw new RunStateError(`run ${id} is ${run.status}; only completed runs have data to export`);
  const series = runs.series(id);
  if (!series) throw new Error(`run ${id} is completed but its series are missing`);
  mkdirSync(dir, { recursive: true });
  const files = {
    'requests.csv': requestsCsv(runs.requests(id)),
    'series.csv': seriesCsv(series),
    'summary.json': JSON.stringify(run.summary, null, 2) + '\n',
  };
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}
