/*
 * Summary statistics for the --json contract and the deterministic result hash.
 */
import { createHash } from 'node:crypto';
import type { RequestRecord, SizeStats, SlowRequest } from '../result.ts';
import { round3 } from './latency-stats.ts';

export { latencyStatsUs, percentile } from './latency-stats.ts';

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
      // null, not 0: a size that never succeeded has no latency to report.
      minUs: ok.length ? round3(min) : null,
      meanUs: ok.length ? round3(sum / ok.length) : null,
      maxUs: ok.length ? round3(max) : null,
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
