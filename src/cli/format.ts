/*
 * Number formatting for CLI reports: durations, percentages, counts, and a
 * mean with its 95 % interval. The statistics themselves are in
 * src/shared/stats.ts, shared with the API and the renderer.
 */
import type { MetricStats, RunSummary } from '../shared/types.ts';

/** A latency summary: each field null when nothing was measured (no request succeeded, engine 0.14.0 on). */
export type LatencyFields = Readonly<Record<'mean' | 'p50' | 'p90' | 'p99' | 'max', number | null>>;

/** About three significant digits, trailing zeros dropped: 26, 2.5, 299, 44.7. */
export function sig3(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  let s = v.toFixed(digits);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** A duration given in µs, in the unit that reads best (µs, ms, s). */
export function formatUs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '-';
  const a = Math.abs(us);
  if (a < 1000) return `${sig3(us)} µs`;
  if (a < 1_000_000) return `${sig3(us / 1000)} ms`;
  return `${sig3(us / 1_000_000)} s`;
}

export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '-';
  return formatUs(s * 1_000_000);
}

/** A fraction (0..1) as a percentage. */
export function formatPct(f: number | null | undefined): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '-';
  const p = f * 100;
  return `${Math.abs(p) >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** A slowdown ratio (completion / baseline) as "+3.1%". */
export function formatSlowdown(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '-';
  const p = (ratio - 1) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}

const COUNT_SCALES: readonly [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** Counts: exact below 10,000 (no thousands separator), then k/M/G with three significant digits. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  const a = Math.abs(n);
  if (a < 10_000) return Number.isInteger(n) ? String(n) : sig3(n);
  const [div, unit] = countScale(a);
  return `${sig3(n / div)}${unit}`;
}

/** The divisor and suffix of a count of magnitude `a` >= 10,000: k from 10,000, then M, G. */
function countScale(a: number): readonly [number, string] {
  return COUNT_SCALES.find(([d]) => a >= d * (d === 1e3 ? 10 : 1))!;
}

/**
 * The ± part of a count in its mean's unit: "61.8k ± 8.02k", not
 * "61.8k ± 8023". A mean without a unit (below 10,000) leaves the
 * half-width to formatCount.
 */
export function formatCountCi(ci: number, mean: number): string {
  const a = Math.abs(mean);
  if (!Number.isFinite(a) || a < 10_000) return formatCount(ci);
  const [div, unit] = countScale(a);
  return `${sig3(ci / div)}${unit}`;
}

/**
 * "mean ± half-width" in the metric's own format; just the mean with one
 * sample. `ciFmt` gets the mean too, to put the half-width in its unit (formatCountCi).
 */
export function formatWithCi(s: MetricStats, fmt: (v: number) => string, ciFmt: (v: number, mean: number) => string = fmt): string {
  if (s.mean === null) return '-';
  if (s.ci95 === null) return fmt(s.mean);
  // Identical results over every seed: a bare 0 reads better than "± 0 µs".
  return `${fmt(s.mean)} ± ${s.ci95 === 0 ? '0' : ciFmt(s.ci95, s.mean)}`;
}

/** "mean 67 ms  p50 4 ms  p90 250 ms  p99 250 ms  max 250 ms", each value through `fmt` (a unit, or bare µs); "-" for a null. */
export function formatLatencyStats(l: LatencyFields, fmt: (us: number) => string = formatUs): string {
  const f = (v: number | null): string => (v === null || !Number.isFinite(v) ? '-' : fmt(v));
  return `mean ${f(l.mean)}  p50 ${f(l.p50)}  p90 ${f(l.p90)}  p99 ${f(l.p99)}  max ${f(l.max)}`;
}

/** Whether a run's latency is a measurement: some request succeeded (before engine 0.14.0 a run without one reported failed requests' times, or 0). */
export function hasLatency(r: { succeeded: number; latencyUs: LatencyFields }): boolean {
  return r.succeeded > 0 && r.latencyUs.mean !== null;
}

/** The latency line of a run: its statistics, or "none succeeded" (never a 0 that reads as a measurement). */
export function formatRunLatency(r: { succeeded: number; latencyUs: LatencyFields }, fmt: (us: number) => string = formatUs): string {
  return hasLatency(r) ? formatLatencyStats(r.latencyUs, fmt) : 'none succeeded';
}

/** A replayed trace's device timings, as the run report and `runs show` print them under the simulated latency. */
export function formatObserved(o: NonNullable<RunSummary['requests']['observed']>, fmt: (us: number) => string = formatUs): string {
  return `${formatLatencyStats(o.latencyUs, fmt)}  (${o.count} timed on the device, ${o.failed} failed there)`;
}

