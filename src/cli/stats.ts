/*
 * Small-sample statistics and number formatting for CLI reports. Compare runs
 * a handful of seeds, so the 95 % interval uses Student's t, not 1.96.
 */

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n - 1). */
export function stddev(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** Linear-interpolated percentile (p in 0..100), like numpy's default. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

/** Two-sided 95 % Student t quantiles (t_{0.975}) for df = 1..29, i.e. n = 2..30. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045,
];

/** t_{0.975} for `df` degrees of freedom; the normal 1.96 beyond the table. */
export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  return df <= T975.length ? T975[df - 1]! : 1.96;
}

/** Half-width of the 95 % confidence interval of the mean; null below two samples. */
export function ci95(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  return (tQuantile975(xs.length - 1) * stddev(xs)) / Math.sqrt(xs.length);
}

export interface MetricStats {
  mean: number | null;
  ci95: number | null;
  n: number;
}

/** Mean and CI over the values that exist (a run without a baseline has no slowdown). */
export function summarize(values: readonly (number | null | undefined)[]): MetricStats {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return { mean: null, ci95: null, n: 0 };
  return { mean: mean(xs), ci95: ci95(xs), n: xs.length };
}

// ---- formatting ----

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

/** Counts: exact below 10,000, then k/M with three significant digits. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  const a = Math.abs(n);
  if (a < 10_000) return Number.isInteger(n) ? String(n) : sig3(n);
  if (a < 1e6) return `${sig3(n / 1e3)}k`;
  if (a < 1e9) return `${sig3(n / 1e6)}M`;
  return `${sig3(n / 1e9)}G`;
}

/** "mean ± half-width" in the metric's own format; just the mean with one sample. */
export function formatWithCi(s: MetricStats, fmt: (v: number) => string, ciFmt: (v: number) => string = fmt): string {
  if (s.mean === null) return '-';
  if (s.ci95 === null) return fmt(s.mean);
  // Identical results over every seed: a bare 0 reads better than "± 0 µs".
  return `${fmt(s.mean)} ± ${s.ci95 === 0 ? '0' : ciFmt(s.ci95)}`;
}
