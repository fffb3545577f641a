/*
 * Replayed CMA traces as the UI shows them: the one-line summary of a
 * contigTrace workload, the import's result in words, and which traced
 * request each simulated request replays. The engine issues a traced task's
 * requests one after another, so the k-th record of a contigTrace client is
 * the k-th entry of that workload's `requests`; pairing by position (ids grow
 * in issue order) is all it takes. Also: the picked file's bytes as text
 * (decoded as the CLI decodes them), the import's errors in the trace
 * reader's words, the traced area's size against the machine's region, and
 * statistics over the same requests on both sides of the comparison.
 */
import type { ApiError } from '../../shared/api.ts';
import type { LatencyStats, RequestLatency, RequestRecord, Scenario, TraceImport, Workload } from '../../shared/types.ts';
import { decodeTrace, TraceError } from '../../shared/trace-file.ts';
import { latencyStatsUs, percentile } from '../../shared/latency-stats.ts';
import type { LatencySample } from './cdf.ts';
import { formatCount, formatMiB, formatNs, formatSeconds, formatUs } from './format.ts';

export type TraceWorkload = Extract<Workload, { kind: 'contigTrace' }>;
export type TracedRequest = TraceWorkload['requests'][number];

export function isTraceWorkload(w: { kind: string }): w is TraceWorkload {
  return w.kind === 'contigTrace';
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * Smallest and largest of many numbers, or null for none. A loop: Math.min(...xs)
 * passes every value as an argument and overflows the call stack past about
 * 120,000 of them, and a trace can hold more requests than that.
 */
export function extent(xs: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** "2,048–3,072 pages", or "3,072 pages" when every request is one size (the card's table has the MiB). */
function pageRange(pages: readonly number[]): string {
  const [lo, hi] = extent(pages) ?? [0, 0];
  if (lo === hi) return `${formatCount(lo)} page${lo === 1 ? '' : 's'}`;
  return `${formatCount(lo)}–${formatCount(hi)} pages`;
}

/**
 * One line for a contigTrace card, short enough for the collapsed card's
 * head (the tooltip has it whole when it is not): "3 requests of 3,072 pages
 * over 4.00 s · device p50 12.0 ms, max 250 ms, 1 failed". Fields are read
 * loosely: the form passes the workload with its edits applied.
 */
export function traceSummary(w: Record<string, unknown>): string {
  const reqs = Array.isArray(w['requests']) ? (w['requests'] as Partial<TracedRequest>[]) : [];
  if (reqs.length === 0) return 'no traced requests';
  const pages = reqs.map((r) => Number(r.pages));
  const [first, last] = extent(reqs.map((r) => Number(r.atMs))) ?? [0, 0];
  const when = reqs.length === 1 ? '' : ` over ${spanText((last - first) / 1e3)}`;
  let line = `${plural(reqs.length, 'request')} of ${pageRange(pages)}${when}`;
  const timed = reqs.flatMap((r) => (typeof r.observedUs === 'number' ? [r.observedUs] : [])).sort((a, b) => a - b);
  const failed = reqs.filter((r) => r.observedOk === false).length;
  if (timed.length) line += ` · device p50 ${formatUs(percentile(timed, 50))}, max ${formatUs(timed[timed.length - 1])}${failed ? `, ${formatCount(failed)} failed` : ''}`;
  else if (failed) line += ` · ${formatCount(failed)} failed on the device`;
  if (typeof w['deadlineMs'] === 'number') line += ` · deadline ${formatCount(w['deadlineMs'])} ms`;
  return line;
}

/**
 * A trace's span in seconds as the CLI's trace report gives it: "4.10 s", "2665 s", never the
 * scrubber's clock ("44:25"), which reads as a time of day beside a trace's timestamps.
 */
export function spanText(s: number): string {
  return Math.abs(s) < 600 ? formatSeconds(s) : formatUs(s * 1e6);
}

/** The import's headline: "5 requests from 3 tasks over 4.00 s". */
export function importHeadline(t: Pick<TraceImport, 'requests' | 'workloads' | 'spanS'>): string {
  return `${plural(t.requests, 'request')} from ${plural(t.workloads.length, 'task')} over ${spanText(t.spanS)}`;
}

/**
 * The line the import panel shows when the trace lengthened the run (the imported
 * scenario's durationS past the form's before the import); null when it did not.
 */
export function lengthenedText(beforeS: number | null | undefined, afterS: number | null | undefined): string | null {
  if (typeof beforeS !== 'number' || typeof afterS !== 'number' || !Number.isFinite(beforeS) || !Number.isFinite(afterS) || !(afterS > beforeS)) return null;
  return `The trace runs to ${spanText(afterS)}, past the scenario's ${spanText(beforeS)}: background workloads that end sooner leave the machine idle.`;
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
  if (t.observedOk !== undefined && t.observedOk !== sim.ok) line += sim.ok ? '; the simulation succeeded where the device failed (and freed the buffer at once)' : '; the simulation failed where the device succeeded';
  return line;
}

/**
 * The "held" cell of the traced-requests table: "2.00 s", "never released", or
 * "— (failed)" for a request the device failed (it held nothing; a policy that
 * gets it frees it at once, which the import records as a hold of 0).
 */
export function holdText(r: Pick<TracedRequest, 'holdMs' | 'observedOk'>): string {
  if (r.observedOk === false) return '— (failed)';
  return r.holdMs === null ? 'never released' : formatNs(r.holdMs * 1e6);
}

/** "0.31×", "12×": how the simulated value compares with the traced one; "–" when either is zero. */
export function ratioText(simulated: number | null, traced: number | null): string {
  if (simulated === null || traced === null || !(simulated > 0) || !(traced > 0)) return '–';
  const r = simulated / traced;
  return `${r >= 10 || r < 0.1 ? Number(r.toPrecision(2)) : Number(r.toFixed(2))}×`;
}

/** The traced kernel's timed requests as CDF samples (a failed one never completes, as in the simulated CDF). */
export function tracedSamples(scenario: Pick<Scenario, 'workloads'>): { latencyNs: number; ok: boolean }[] {
  return scenario.workloads.flatMap((w) => (isTraceWorkload(w) ? w.requests.flatMap((r) => (r.observedUs === undefined ? [] : [{ latencyNs: r.observedUs * 1e3, ok: r.observedOk !== false }])) : []));
}

/** Requests, failed ones and latency statistics: one row of the traced-vs-simulated table. */
export interface LatencyRow {
  count: number;
  failed: number;
  /** null fields: no request to time (a run summary's when none succeeded, engine 0.14.0 on). */
  latencyUs: RequestLatency;
}

export function latencyRow(samples: readonly LatencySample[]): LatencyRow {
  return { count: samples.length, failed: samples.filter((s) => !s.ok).length, latencyUs: latencyStatsUs(samples.map((s) => s.latencyNs)) };
}

/**
 * The simulated requests to hold against the device's timings: those replaying
 * a traced request that has a latency (the engine's summary.requests.observed
 * covers exactly those, failed ones included). Without a pairing (no records)
 * this is empty and the caller falls back to the run's summary.
 */
export function comparedRecords<R extends Pick<RequestRecord, 'id'>>(traced: ReadonlyMap<number, TracedMatch>, records: readonly R[]): R[] {
  return records.filter((r) => traced.get(r.id)?.traced.observedUs !== undefined);
}

/** What the size warning says and offers: the traced area against the machine's region. */
export interface AreaSizeWarning {
  area: string;
  pages: number;
  /** The region size to offer, in whole MiB (an area of a part of a MiB rounds up). */
  mib: number;
  text: string;
}

/**
 * After an import: the traced CMA area's size (total_count, where the kernel
 * printed it) when it differs from the form's machine.regionMiB, for the
 * chosen area or, with none chosen, the trace's only area. Null when the trace
 * does not say, or the sizes agree.
 */
export function areaSizeWarning(t: Pick<TraceImport, 'areas' | 'areaPages'>, area: string | null, regionMiB: number): AreaSizeWarning | null {
  const sizes = t.areaPages ?? {};
  let name = area;
  if (name === null) {
    const seen = Object.keys(t.areas);
    const sized = Object.keys(sizes);
    if (seen.length === 1) name = seen[0]!;
    else if (seen.length === 0 && sized.length === 1) name = sized[0]!;
  }
  if (name === null) return null;
  const pages = sizes[name];
  if (typeof pages !== 'number' || !(pages > 0)) return null;
  const mib = Math.ceil(pages / 256);
  if (mib === regionMiB) return null;
  const size = pages % 256 === 0 ? mibText(mib) : `${formatCount(pages)} pages (${formatMiB(pages / 256)})`;
  return { area: name, pages, mib, text: `The traced area ${name} is ${size}; this machine's region is ${mibText(regionMiB)}.` };
}

/** "64 MiB", "1,024 MiB", "3.91 MiB": whole MiB as typed in the form, not "64.0 MiB". */
export function mibText(mib: number): string {
  return Number.isInteger(mib) ? `${formatCount(mib)} MiB` : formatMiB(mib);
}

/** A picked file's text, or why it cannot be replayed: empty, trace-cmd's binary trace.dat, another binary file. */
export function readTraceBytes(fileName: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  if (bytes.length === 0) return { ok: false, error: `${fileName} is empty` };
  let text: string;
  try {
    text = decodeTrace(bytes);
  } catch (e) {
    if (e instanceof TraceError) return { ok: false, error: `${fileName}: ${e.message}` };
    return { ok: false, error: `${fileName}: could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, error: `${fileName} is empty` };
  return { ok: true, text };
}

/**
 * The import's error for the panel, without the API's method name: the trace
 * reader's sentence (it names the line or says how to record the events).
 */
export function importErrorText(fileName: string, error: Pick<ApiError, 'code' | 'message' | 'fieldErrors'>): string {
  const field = error.fieldErrors?.find((f) => f.path === 'text');
  if (field) return `${fileName}: ${field.message}`;
  const msg = error.message.replace(/^[a-z]+:[A-Za-z]+( failed)?:\s*/, '').replace(/^text:\s*/, '');
  if (error.code === 'unavailable') return `${fileName}: the workbench did not answer (${msg})`;
  return `${fileName}: ${msg}`;
}
