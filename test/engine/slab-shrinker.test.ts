/* Reclaimable slab: where its pages come from, and how reclaim's shrinker frees them. */
import { describe, expect, it } from 'vitest';
import { MIGRATE_RECLAIMABLE, PG_KERNEL } from '../../src/engine/mm/types.ts';
import { loadedMachine } from './helpers.ts';

/** A legacy-CMA machine (movable pages may borrow the area) with `filePages` of clean cache. */
function machine(filePages: number) {
  return loadedMachine('legacy-cma', 0, filePages);
}

describe('reclaimable slab', () => {
  it('takes its pages from RECLAIMABLE pageblocks, never from the CMA area', () => {
    const k = machine(0);
    const r = k.region!;
    const before = k.nrKernel;
    const pfns = k.slab.growHeld(0, 600);
    expect(pfns.length).toBe(600);
    expect(k.nrKernel - before).toBe(600);
    expect(k.slab.nrPages).toBe(600);
    for (const pfn of pfns) {
      expect(k.mem.kind[pfn]).toBe(PG_KERNEL);
      // Boot leaves every pageblock MOVABLE: the slab took whole blocks for itself.
      expect(k.pb.mtOf(pfn)).toBe(MIGRATE_RECLAIMABLE);
      expect(pfn < r.startPfn || pfn >= r.startPfn + r.pages).toBe(true);
    }
  });

  it('scans the cache in proportion to the LRU scan, as shrink_slab did from v3.12 to v4.15', () => {
    const k = machine(0);
    k.slab.grow(0, 600);
    // 4 * 100 / DEFAULT_SEEKS * 600 / (1,000 + 1) = 119.88: 119 pages, the rest carried over.
    expect(k.slab.shrink(100, 1000)).toBe(119);
    expect(k.slab.nrPages).toBe(481);
    expect(k.vm.get('slabs_scanned')).toBe(119);
    // Less than a page on its own (4 * 1 / 2 * 481 / 1,001 = 0.96), one with the carried 0.88.
    expect(k.slab.shrink(1, 1000)).toBe(1);
  });

  it('frees the oldest pages first and never the ones still in use, until they are released', () => {
    const k = machine(0);
    const held = k.slab.growHeld(0, 50);
    k.slab.grow(0, 100);
    // A scan far larger than the LRU: capped at twice the cache, so every free-able page goes.
    expect(k.slab.shrink(10_000, 10)).toBe(100);
    expect(k.slab.nrPages).toBe(50);
    for (const pfn of held) expect(k.mem.kind[pfn]).toBe(PG_KERNEL);
    expect(k.slab.shrink(10_000, 10)).toBe(0);
    k.slab.release(held);
    expect(k.slab.shrink(10_000, 10)).toBe(50);
    expect(k.slab.nrPages).toBe(0);
    for (const pfn of held) expect(k.mem.kind[pfn]).not.toBe(PG_KERNEL);
  });

  it('gives up slab under reclaim, counted as reclaimed, even when the LRU has nothing left', () => {
    const k = machine(2000);
    k.slab.grow(0, 1000);
    let got = 0;
    for (let i = 0; i < 20; i++) got += k.vmscan.shrink(32, true);
    const freedSlab = 1000 - k.slab.nrPages;
    expect(freedSlab).toBeGreaterThan(0);
    // About twice as much of the slab goes as of the LRU it was weighed against.
    const lruFreed = k.vm.get('pgsteal_kswapd');
    expect(got).toBe(lruFreed + freedSlab);
    const k2 = machine(0);
    k2.slab.grow(0, 100);
    expect(k2.vmscan.shrink(32, true)).toBeGreaterThan(0);
  });
});
