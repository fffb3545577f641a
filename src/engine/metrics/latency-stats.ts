/*
 * Latency statistics as the run summary reports them: nearest-rank
 * percentiles, µs to 3 decimals. No Node imports, so the UI computes the
 * same numbers (through src/shared/latency-stats.ts) for the rows it builds
 * itself, such as the traced-vs-simulated table.
 */
import type { LatencyStats } from '../result.ts';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function latencyStatsUs(latenciesNs: readonly number[]): LatencyStats {
  if (latenciesNs.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const us = latenciesNs.map((x) => x / 1000).sort((a, b) => a - b);
  let sum = 0;
  for (const x of us) sum += x;
  return {
    mean: round3(sum / us.length),
    p50: round3(percentile(us, 50)),
    p90: round3(percentile(us, 90)),
    p99: round3(percentile(us, 99)),
    max: round3(us[us.length - 1]!),
  };
}
