/* The contiguous client: alignment it asks for, what taking free pages costs, per-size statistics. */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { PLATFORMS } from '../../src/engine/platform/profiles.ts';
import { machine, run, tinyScenario } from './helpers.ts';
import { slowestRequests } from '../../src/engine/metrics/summary.ts';
import { requestRecord } from '../shared/records.ts';

function carveoutRun(contig: Record<string, unknown>, second?: Record<string, unknown>) {
  const scenario = tinyScenario({
    name: 'client',
    machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 16, pageblockOrder: 9, kernelReservedMiB: 0 },
    durationS: 5,
    sampleIntervalMs: 1000,
    workloads: [
      { kind: 'contig', name: 'a', sizes: [5], count: 2, intervalMs: 100, holdMs: 2000, ...contig },
      ...(second ? [{ kind: 'contig' as const, name: 'b', sizes: [5], count: 1, intervalMs: 100, holdMs: 2000, startAtS: 0.5, ...second }] : []),
    ],
  });
  return runSimulation({ scenario, policy: 'carveout', params: {}, seed: 1, options: { baseline: false } }, findPolicy('carveout')!);
}

describe('contiguous client', () => {
  it('aligns to the buffer order by default and to alignOrder when the caller gives one', () => {
    // Client a holds 5 pages at the start of the region while client b asks for 5 more.
    const gap = (r: ReturnType<typeof carveoutRun>) => r.requests[1]!.startPfn - r.requests[0]!.startPfn;
    // Order 3 (dma_alloc_coherent's rule) puts b's buffer 8 pages on; order 1 (cma_alloc(.., 1)) 6.
    expect(gap(carveoutRun({ count: 1 }, {}))).toBe(8);
    expect(gap(carveoutRun({ count: 1 }, { alignOrder: 1 }))).toBe(6);
  });

  it('charges pageTakeNs per page for free pages, not an order-0 allocation with zeroing', () => {
    const r = carveoutRun({ sizes: [1000], count: 3, holdMs: 0 });
    const take = PLATFORMS['x86-vm']!.pageTakeNs;
    expect(take).toBeLessThan(PLATFORMS['x86-vm']!.pageAllocNs);
    for (const q of r.requests) expect(q.latencyNs).toBe(1000 * take);
  });

  it('reports min, mean and max of successful requests per size', () => {
    const r = carveoutRun({ sizes: [1000, 10], count: 4, order: 'cycle', holdMs: 0 });
    const take = PLATFORMS['x86-vm']!.pageTakeNs / 1000;
    expect(r.summary.requests.bySize['10']).toEqual({ count: 2, failed: 0, minUs: 10 * take, meanUs: 10 * take, maxUs: 10 * take });
    const big = r.summary.requests.bySize['1000']!;
    expect([big.minUs, big.meanUs, big.maxUs]).toEqual([1000 * take, 1000 * take, 1000 * take]);
  });

  it('reports no latency (null, not 0 µs) for a size that never succeeded', () => {
    // 5,000 pages do not fit the 4,096-page region; 10 pages do.
    const r = carveoutRun({ sizes: [5000, 10], count: 4, order: 'cycle', holdMs: 0 });
    expect(r.summary.requests.bySize['5000']).toEqual({ count: 2, failed: 2, minUs: null, meanUs: null, maxUs: null });
    expect(r.summary.requests.bySize['10']!.meanUs).toBeGreaterThan(0);
  });

  it('before v5.11 drains the page lists once per pageblock it isolates, then both caches before the check', () => {
    // An idle machine: a request's latency is what alloc_contig_range charges.
    const latencies = (drainPerIsolatedPageblock: boolean) => {
      const scenario = tinyScenario({
        name: 'drains',
        machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 16, pageblockOrder: 9, kernelReservedMiB: 0 },
        durationS: 5,
        sampleIntervalMs: 1000,
        workloads: [{ kind: 'contig', sizes: [1, 2048], order: 'cycle', count: 2, intervalMs: 100, holdMs: 0, alignOrder: 9 }],
      });
      const params = { drainPerIsolatedPageblock };
      const r = runSimulation({ scenario, policy: 'legacy-cma', params, seed: 1, options: { baseline: false } }, findPolicy('legacy-cma')!);
      expect(r.requests.map((q) => q.ok)).toEqual([true, true]);
      return r.requests.map((q) => q.latencyNs);
    };
    const drain = PLATFORMS['x86-vm']!.drainPerCpuNs * machine('legacy-cma').k.cpus;
    const [one, four] = latencies(true);
    const [oneV511, fourV511] = latencies(false);
    // Pageblocks + 3 drains against 3: one more for 1 page (1 pageblock), four more for 2,048 (4).
    expect(one! - oneV511!).toBe(drain);
    expect(four! - fourV511!).toBe(4 * drain);
  });

  it('names the slowest requests in the run summary', () => {
    const r = run(tinyScenario(), 'legacy-cma', {}, 3);
    const slow = r.summary.requests.slowest!;
    expect(slow).toHaveLength(3);
    expect(slow[0]!.latencyUs).toBe(r.summary.requests.latencyUs.max);
    expect(slow.map((q) => q.latencyUs)).toEqual([...slow.map((q) => q.latencyUs)].sort((a, b) => b - a));
    for (const q of slow) expect(q.pages).toBe(r.requests.find((x) => x.id === q.id)!.pages);
  });

  it('counts what held each slow request up by cause', () => {
    const rec = (id: number, ms: number, blocking: string[], ok = true) =>
      requestRecord({
        id,
        endNs: ms * 1e6,
        latencyNs: ms * 1e6,
        ok,
        reason: ok ? null : `-EBUSY: ${blocking[0]}`,
        startPfn: ok ? 100 : -1,
        blocking: blocking.map((cause, i) => ({ pfn: 1000 + i, cause })),
      });
    const slow = slowestRequests([
      rec(1, 5, []),
      rec(2, 4000, ['waited for writeback', 'waited for writeback', 'long-term GUP pin']),
      rec(3, 900, ['short-term GUP pin'], false),
      rec(4, 900, []),
    ]);
    expect(slow).toEqual([
      { id: 2, pages: 256, latencyUs: 4_000_000, ok: true, reason: null, causes: { 'waited for writeback': 2, 'long-term GUP pin': 1 } },
      { id: 3, pages: 256, latencyUs: 900_000, ok: false, reason: '-EBUSY: short-term GUP pin', causes: { 'short-term GUP pin': 1 } },
      { id: 4, pages: 256, latencyUs: 900_000, ok: true, reason: null, causes: {} },
    ]);
  });
  it('reports the latency of successful requests only, none (not 0 µs) when nothing succeeded', () => {
    const NONE = { mean: null, p50: null, p90: null, p99: null, max: null };
    const none = carveoutRun({ startAtS: 60 });
    expect(none.summary.requests.count).toBe(0);
    expect(none.summary.requests.latencyUs).toEqual(NONE);
    // Larger than the 16 MiB region: every request fails at once, which is no latency either.
    const failed = carveoutRun({ sizes: [5000] });
    expect(failed.summary.requests.failed).toBe(2);
    expect(failed.summary.requests.latencyUs).toEqual(NONE);
    expect(carveoutRun({}).summary.requests.latencyUs.max).toBeGreaterThan(0);
  });
});
