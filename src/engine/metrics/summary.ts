/*
 * Summary statistics for the --json contract and the deterministic result hash.
 */
import { createHash } from 'node:crypto';
import type { LatencyStats, RequestRecord, SizeStats, SlowRequest } from '../result.ts';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function latencyStatsUs(latenciesNs: number[]): LatencyStats {
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

export function bySize(records: RequestRecord[]): Record<string, SizeStats> {
  const out: Record<string, SizeStats> = {};
  const sizes = [...new Set(records.map((r) => r.pages))].sort((a, b) => a - b);
  for (const s of sizes) {
    const rs = records.filter((r) => r.pages === s);
    const ok = rs.filter((r) => r.ok).map((r) => r.latencyNs / 1000);
    const mean = ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : 0;
    out[String(s)] = {
      count: rs.length,
      failed: rs.length - ok.length,
      minUs: round3(ok.length ? Math.min(...ok) : 0),
      meanUs: round3(mean),
      maxUs: round3(ok.length ? Math.max(...ok) : 0),
    };
  }
  return out;
}

/** The `n` slowest requests (ties: the earlier first), with their blockers counted by cause. */
export function slowestRequests(records: RequestRecord[], n = 3): SlowRequest[] {
  return [...records]
    .sort((a, b) => b.latencyNs - a.latencyNs || a.id - b.id)
    .slice(0, n)
    .map((r) => {
      const causes: Record<string, number> = {};
      for (const b of r.blocking) causes[b.cause] = (causes[b.cause] ?? 0) + 1;
      return { id: r.id, pages: r.pages, latencyUs: round3(r.latencyNs / 1000), ok: r.ok, reason: r.reason, causes };
    });
}

/** sha256 over a canonical serialisation (keys in insertion order, which the engine fixes). */
export function hashResult(parts: unknown): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(parts, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint16Array) : v)));
  return h.digest('hex');
}
