/*
 * __zone_watermark_ok lowers min only for ALLOC_HIGH (__GFP_HIGH: min / 2) and ALLOC_HARDER
 * (atomic and rt callers: a further min / 4). GFP_KERNEL allocations (page tables, stacks, slab)
 * check plain min: below it they enter direct reclaim instead of eating the atomic reserve.
 */
import { describe, expect, it } from 'vitest';
import { MIGRATE_UNMOVABLE, PG_KERNEL } from '../../src/engine/mm/types.ts';
import { machine } from './helpers.ts';

/** A carve-out machine with clean page cache to reclaim and `target(min)` free pages outside the region. */
function squeezed(target: (min: number) => number) {
  const m = machine('carveout');
  const k = m.k;
  const file = k.newFile(1500);
  expect(k.readFile(0, file, 0, 1500)).toBe(true);
  m.sim.run(10e9);
  k.lruAddDrainAll();
  const want = target(k.wm.min);
  // Take free pages past the watermark check (as ALLOC_NO_WATERMARKS would) down to `want`.
  while (k.zone.nrFree() - k.zone.nrFreeCma() > want) {
    const p = k.zone.allocPage(1, MIGRATE_UNMOVABLE, false);
    expect(p).toBeGreaterThanOrEqual(0);
    k.mem.kind[p] = PG_KERNEL;
  }
  return k;
}

describe('watermark of unmovable kernel allocations', () => {
  it('sends a GFP_KERNEL allocation below min to direct reclaim, not into the reserve', () => {
    // Free pages between min / 2 and min: the old ALLOC_HARDER-for-everyone rule allocated here.
    const k = squeezed((min) => min - 4);
    expect(k.zone.nrFree()).toBeGreaterThan(k.wm.min >> 1);
    expect(k.allocKernelPage(0)).toBeGreaterThanOrEqual(0);
    expect(k.vm.get('allocstall')).toBeGreaterThan(0);
    expect(k.vm.get('pgscan_direct')).toBeGreaterThan(0);
    expect(k.vm.get('pgsteal_direct')).toBeGreaterThan(0);
  });

  it('allocates without reclaim above min', () => {
    const k = squeezed((min) => min + 8);
    expect(k.allocKernelPage(0)).toBeGreaterThanOrEqual(0);
    expect(k.vm.get('allocstall')).toBe(0);
  });
});
