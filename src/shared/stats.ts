/*
 * Small-sample statistics for comparing runs over seeds. Compare runs a
 * handful of seeds, so the 95 % interval uses Student's t, not 1.96. Pure
 * (no Node, no DOM): `cmawb compare`, the API's runs:compare and the renderer
 * can all use it and agree to the digit.
 */
import type { MetricStats } from './types.ts';

export type { MetricStats };

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

/** Mean and CI over the values that exist (a run without a baseline has no slowdown). */
export function summarize(values: readonly (number | null | undefined)[]): MetricStats {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return { mean: null, ci95: null, n: 0 };
  return { mean: mean(xs), ci95: ci95(xs), n: xs.length };
}
