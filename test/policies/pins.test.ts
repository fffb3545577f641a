import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/engine/scenario/schema.ts';
import { run, tinyScenario } from '../engine/helpers.ts';

// An RDMA-like driver pins 1,024-page buffers long-term; the device asks for the whole area.
function pinned() {
  const s = tinyScenario(
    { machine: { platform: 'x86-vm', memMiB: 20, regionMiB: 8, pageblockOrder: 9, swap: { device: 'storage', sizeMiB: 16 }, fsMigrateCallback: true } },
    [{ kind: 'pinner', name: 'rdma', mode: 'long', bufferPages: 1024, pinPages: 1024, everyMs: 1000, durationMs: 900, startAtS: 1 }],
  );
  s.workloads = s.workloads.map((w) => (w.kind === 'contig' ? { ...w, sizes: [2048], count: 10, intervalMs: 400, startAtS: 1.5 } : w));
  return parseScenario(s);
}

const pinFailures = (r: ReturnType<typeof run>) => r.requests.filter((q) => !q.ok && q.blocking.some((b) => b.cause === 'long-term GUP pin'));

// Pins land in CMA when movable memory is placed there: the v5.8 CMA-first rule does that on this
// small board; legacy-cma's fallback-only placement rarely puts the driver's buffers in CMA here.
describe('long-term pins in CMA', () => {
  it('CMA without the v5.1 rule fails with the long-term pin named as the cause', () => {
    let failures = 0;
    for (const seed of [1, 2]) {
      const r = run(pinned(), 'cma-quirks', { cmaFirst: true }, seed);
      const f = pinFailures(r);
      failures += f.length;
      for (const q of f) {
        expect(q.reason).toBe('-EBUSY: long-term GUP pin');
        expect(q.blocking[0]!.pfn).toBeGreaterThanOrEqual(r.map.regionStartPfn);
      }
    }
    expect(failures).toBeGreaterThan(0);
  });

  it('migrating out of CMA before a long-term pin (v5.1 quirk) removes those failures', () => {
    for (const seed of [1, 2]) {
      const r = run(pinned(), 'cma-quirks', { cmaFirst: true, longtermPinMigrate: true }, seed);
      expect(pinFailures(r)).toEqual([]);
      expect(r.summary.vmstat['longterm_pin_migrate']).toBeGreaterThan(0);
    }
  });
});
