import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findScenario } from '../../src/engine/scenario/library.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import type { Params } from '../../src/engine/result.ts';

// no-swap-pins: an RDMA-like driver pins 2,048-page buffers long-term on a small board without swap,
// where movable memory spills into the CMA area and the codec asks for most of it.
function run(policy: string, params: Params, seed: number) {
  return runSimulation(
    { scenario: findScenario('no-swap-pins')!, policy, params, seed, options: { baseline: false, detail: false } },
    findPolicy(policy)!,
  );
}

const pinFailures = (r: ReturnType<typeof run>) => r.requests.filter((q) => !q.ok && q.blocking.some((b) => b.cause === 'long-term GUP pin'));
const SEEDS = [1, 2, 3];

describe('long-term pins in CMA', () => {
  it('legacy-cma fails with the long-term pin named as the cause', () => {
    let failures = 0;
    for (const seed of SEEDS) {
      const r = run('legacy-cma', {}, seed);
      // Every record explains itself: a failure names its reason's cause among its blockers,
      // a success that needed more than one candidate names what refused the earlier ones.
      for (const q of r.requests) {
        if (!q.ok && q.reason!.startsWith('-EBUSY')) expect(q.blocking.map((b) => b.cause)).toContain(q.reason!.slice('-EBUSY: '.length));
        if (q.ok && q.candidates > 1) expect(q.blocking.length).toBeGreaterThan(0);
      }
      const region = { start: r.map.regionStartPfn, end: r.map.regionStartPfn + r.map.regionPages };
      for (const q of pinFailures(r)) {
        // The pin refused the last candidate, or an earlier one before the request ran out of destinations.
        if (q.reason === '-EBUSY: long-term GUP pin') failures++;
        else expect(q.reason).toBe('-ENOMEM: no destination page');
        const pin = q.blocking.find((b) => b.cause === 'long-term GUP pin')!;
        expect(pin.pfn).toBeGreaterThanOrEqual(region.start);
        expect(pin.pfn).toBeLessThan(region.end);
      }
    }
    expect(failures).toBeGreaterThan(0);
  });

  it('migrating out of CMA before a long-term pin (the v5.1 quirk) removes those failures', () => {
    let migrated = 0;
    for (const seed of SEEDS) {
      const r = run('cma-quirks', { longtermPinMigrate: true }, seed);
      expect(pinFailures(r)).toEqual([]);
      migrated += r.summary.vmstat['longterm_pin_migrate']!;
    }
    // The pins did come for CMA pages: they were moved out first.
    expect(migrated).toBeGreaterThan(0);
  });
});
