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
  // One pass, in record order (a replayed trace may hold 100,000s of requests of many sizes).
  const groups = new Map<number, { count: number; ok: number[] }>();
  for (const r of records) {
    let g = groups.get(r.pages);
    if (!g) groups.set(r.pages, (g = { count: 0, ok: [] }));
    g.count++;
    if (r.ok) g.ok.push(r.latencyNs / 1000);
  }
  const out: Record<string, SizeStats> = {};
  for (const s of [...groups.keys()].sort((a, b) => a - b)) {
    const { count, ok } = groups.get(s)!;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const x of ok) {
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    out[String(s)] = {
      count,
      failed: count - ok.length,
      minUs: round3(ok.length ? min : 0),
      meanUs: round3(ok.length ? sum / ok.length : 0),
      maxUs: round3(ok.length ? max : 0),
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
