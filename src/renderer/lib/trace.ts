/*
 * Replayed CMA traces as the UI shows them: the one-line summary of a
 * contigTrace workload, the import's result in words, and which traced
 * request each simulated request replays. The engine issues a traced task's
 * requests one after another, so the k-th record of a contigTrace client is
 * the k-th entry of that workload's `requests`; pairing by position (ids grow
 * in issue order) is all it takes.
 */
import type { RequestRecord, Scenario, TraceImport, Workload } from '../../shared/types.ts';
import { formatCount, formatNs, formatSeconds, formatUs } from './format.ts';

export type TraceWorkload = Extract<Workload, { kind: 'contigTrace' }>;
export type TracedRequest = TraceWorkload['requests'][number];

export function isTraceWorkload(w: { kind: string }): w is TraceWorkload {
  return w.kind === 'contigTrace';
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Nearest-rank percentile of sorted values, as the engine's summary computes it. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** "2,048–3,072 pages", or "3,072 pages" when every request is one size (the card's table has the MiB). */
function pageRange(pages: readonly number[]): string {
  const lo = Math.min(...pages);
  const hi = Math.max(...pages);
  if (lo === hi) return `${formatCount(lo)} page${lo === 1 ? '' : 's'}`;
  return `${formatCount(lo)}–${formatCount(hi)} pages`;
}

/**
 * One line for a contigTrace card: "4 traced requests of 2,048–3,072 pages
 * over 4.00 s; traced p50 12.1 ms, max 250 ms, 1 failed". Fields are read loosely:
 * the form passes the workload with its edits applied.
 */
export function traceSummary(w: Record<string, unknown>): string {
  const reqs = Array.isArray(w['requests']) ? (w['requests'] as Partial<TracedRequest>[]) : [];
  if (reqs.length === 0) return 'no traced requests';
  const pages = reqs.map((r) => Number(r.pages));
  const ats = reqs.map((r) => Number(r.atMs));
  const spanS = (Math.max(...ats) - Math.min(...ats)) / 1e3;
  const when = reqs.length === 1 ? '' : ` over ${formatSeconds(spanS)}`;
  let line = `${plural(reqs.length, 'traced request')} of ${pageRange(pages)}${when}`;
  const timed = reqs.flatMap((r) => (typeof r.observedUs === 'number' ? [r.observedUs] : [])).sort((a, b) => a - b);
  const failed = reqs.filter((r) => r.observedOk === false).length;
  const traced: string[] = [];
  if (timed.length) traced.push(`traced p50 ${formatUs(nearestRank(timed, 50))}`, `max ${formatUs(timed[timed.length - 1])}`);
  if (failed) traced.push(`${formatCount(failed)} failed`);
  if (traced.length) line += `; ${traced.join(', ')}`;
  if (typeof w['deadlineMs'] === 'number') line += `; deadline ${formatCount(w['deadlineMs'])} ms`;
  return line;
}

/** The import's headline: "5 requests from 3 tasks over 4.00 s". */
export function importHeadline(t: Pick<TraceImport, 'requests' | 'workloads' | 'spanS'>): string {
  return `${plural(t.requests, 'request')} from ${plural(t.workloads.length, 'task')} over ${formatSeconds(t.spanS)}`;
}

/** What the import found about the traced kernel's own timing: "4 timed, 1 failed on the device, 1 busy retry". */
export function importDetails(t: Pick<TraceImport, 'requests' | 'timed' | 'failed' | 'busyRetries'>): string {
  const parts = [t.timed === t.requests ? `all ${formatCount(t.timed)} timed` : `${formatCount(t.timed)} of ${formatCount(t.requests)} timed`];
  parts.push(t.failed ? `${formatCount(t.failed)} failed on the device` : 'none failed on the device');
  if (t.busyRetries) parts.push(plural(t.busyRetries, 'busy retry', 'busy retries'));
  return parts.join(', ');
}

/** Area choices, largest first: [name, requests]. */
export function traceAreas(t: Pick<TraceImport, 'areas'>): [string, number][] {
  return Object.entries(t.areas).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A simulated request's traced original. */
export interface TracedMatch {
  client: string;
  /** Position in the client's trace, 0-based. */
  index: number;
  /** Requests the client's trace holds. */
  of: number;
  traced: TracedRequest;
}

/**
 * Record id -> the traced request it replays, for every record of a
 * contigTrace client of the run's scenario. Records beyond a trace's length
 * (none in a well-formed run) and records of other clients are left out.
 */
export function pairTraced(scenario: Pick<Scenario, 'workloads'>, records: readonly Pick<RequestRecord, 'id' | 'client'>[]): Map<number, TracedMatch> {
  const traces = new Map<string, TracedRequest[]>();
  for (const w of scenario.workloads) if (isTraceWorkload(w)) traces.set(w.name, w.requests);
  const out = new Map<number, TracedMatch>();
  if (traces.size === 0) return out;
  const byClient = new Map<string, number[]>();
  for (const r of records) {
    if (!traces.has(r.client)) continue;
    const ids = byClient.get(r.client) ?? [];
    ids.push(r.id);
    byClient.set(r.client, ids);
  }
  for (const [client, ids] of byClient) {
    const reqs = traces.get(client)!;
    // Records arrive in completion order; ids are handed out as requests are issued.
    ids.sort((a, b) => a - b);
    ids.forEach((id, index) => {
      if (index < reqs.length) out.set(id, { client, index, of: reqs.length, traced: reqs[index]! });
    });
  }
  return out;
}

/** The traced outcome in a few words: "12.1 ms, ok", "250 ms, failed", "ok, not timed". */
export function tracedCell(t: TracedRequest): string {
  const outcome = t.observedOk === false ? 'failed' : t.observedOk === true ? 'ok' : null;
  if (t.observedUs === undefined) return outcome ? `${outcome}, not timed` : 'not timed';
  return outcome ? `${formatUs(t.observedUs)}, ${outcome}` : formatUs(t.observedUs);
}

/**
 * The drill-down's sentence for a replayed request: what the traced kernel
 * did with it and how the simulation compares.
 */
export function tracedText(m: TracedMatch, sim: Pick<RequestRecord, 'latencyNs' | 'ok'>): string {
  const t = m.traced;
  const which = `request ${formatCount(m.index + 1)} of ${formatCount(m.of)} traced for ${m.client}`;
  const outcome = t.observedOk === false ? 'failed' : t.observedOk === true ? 'succeeded' : 'outcome not recorded';
  if (t.observedUs === undefined) return `${which}: ${outcome} on the device; the trace has no start event, so no latency (cma_alloc of kernels before v5.13)`;
  let line = `${which}: ${outcome} on the device after ${formatUs(t.observedUs)}`;
  const simNs = sim.latencyNs;
  const tracedNs = t.observedUs * 1e3;
  if (simNs > 0 && tracedNs > 0) line += `; simulated ${formatNs(simNs)} (${ratioText(simNs, tracedNs)} the device's)`;
  if (t.observedOk !== undefined && t.observedOk !== sim.ok) line += sim.ok ? '; the simulation succeeded where the device failed' : '; the simulation failed where the device succeeded';
  return line;
}

/** "held 2.00 s", "never released" for the requests table. */
export function holdText(holdMs: number | null): string {
  return holdMs === null ? 'never released' : formatNs(holdMs * 1e6);
}

/** "0.31×", "12×": how the simulated value compares with the traced one; "–" when either is zero. */
export function ratioText(simulated: number, traced: number): string {
  if (!(simulated > 0) || !(traced > 0)) return '–';
  const r = simulated / traced;
  return `${r >= 10 || r < 0.1 ? Number(r.toPrecision(2)) : Number(r.toFixed(2))}×`;
}

/** The traced kernel's timed requests as CDF samples (a failed one never completes, as in the simulated CDF). */
export function tracedSamples(scenario: Pick<Scenario, 'workloads'>): { latencyNs: number; ok: boolean }[] {
  return scenario.workloads.flatMap((w) => (isTraceWorkload(w) ? w.requests.flatMap((r) => (r.observedUs === undefined ? [] : [{ latencyNs: r.observedUs * 1e3, ok: r.observedOk !== false }])) : []));
}
