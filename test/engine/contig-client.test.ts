/* The contiguous client: alignment it asks for, what taking free pages costs, per-size statistics. */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { PLATFORMS } from '../../src/engine/platform/profiles.ts';
import { parseScenario } from '../../src/engine/scenario/schema.ts';

function carveoutRun(contig: Record<string, unknown>, second?: Record<string, unknown>) {
  const scenario = parseScenario({
    name: 'client',
    machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 16, pageblockOrder: 9, kernelReservedMiB: 0 },
    durationS: 5,
    sampleIntervalMs: 1000,
    snapshotIntervalMs: 5000,
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
});
