import { describe, expect, it } from 'vitest';
import { MemMap } from '../../src/engine/mm/pages.ts';
import { Pageblocks } from '../../src/engine/mm/pageblock.ts';
import { Zone } from '../../src/engine/mm/zone.ts';
import { pcpConfig, zoneBatchsize } from '../../src/engine/mm/pcp.ts';
import { MAINLINE_FEATURES } from '../../src/engine/policy/sdk.ts';
import { MIGRATE_CMA, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, PG_ANON } from '../../src/engine/mm/types.ts';
import { buddyListId } from '../../src/engine/mm/buddy.ts';
import { computeWatermarks } from '../../src/engine/mm/watermark.ts';

function zone(pages = 8192, features = { ...MAINLINE_FEATURES }) {
  const mem = new MemMap(pages);
  const pb = new Pageblocks(pages, 9);
  const z = new Zone(mem, pb, pcpConfig(pages, 2), features);
  z.releaseToBuddy(0, pages);
  return { mem, pb, z };
}

describe('buddy allocator', () => {
  it('boots into max-order blocks and merges everything back after alloc/free', () => {
    const { mem, z } = zone();
    expect(mem.lists.count[buddyListId(10, MIGRATE_MOVABLE)]).toBe(8);
    const got: number[] = [];
    for (let i = 0; i < 8192; i++) {
      const p = z.allocPage(i & 1, MIGRATE_MOVABLE, false);
      if (p < 0) break;
      mem.kind[p] = PG_ANON;
      got.push(p);
    }
    expect(got.length).toBe(8192);
    expect(new Set(got).size).toBe(8192);
    expect(z.nrFree()).toBe(0);
    for (const p of got) z.freePage(0, p);
    z.drainAllPages();
    expect(z.nrFree()).toBe(8192);
    expect(mem.lists.count[buddyListId(10, MIGRATE_MOVABLE)]).toBe(8);
  });

  it('steals a whole pageblock for unmovable allocations (fallback)', () => {
    const { pb, z } = zone();
    const p = z.allocPage(0, MIGRATE_UNMOVABLE, false);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(pb.mtOf(p)).toBe(MIGRATE_UNMOVABLE);
    expect(z.buddy.steals).toBe(1);
  });

  it('up to v3.18 a small unmovable fallback takes its page without claiming a half-free movable pageblock; later kernels claim it', () => {
    // Only one pageblock (pfns 512-1023) has free memory: every other 8-page run, 256 pages in
    // order-3 blocks, too small to claim under the v3.18 rule (pageblock_order / 2 = 4).
    const fallback = (unmovableStealsPageblock: boolean) => {
      const { mem, pb, z } = zone(8192, { ...MAINLINE_FEATURES, unmovableStealsPageblock });
      const all: number[] = [];
      for (let p = z.rmqueue(0, MIGRATE_MOVABLE, false); p >= 0; p = z.rmqueue(0, MIGRATE_MOVABLE, false)) {
        mem.kind[p] = PG_ANON;
        all.push(p);
      }
      for (const p of all) if (p >> 9 === 1 && ((p >> 3) & 1) === 0) z.freePage(0, p);
      z.drainAllPages();
      expect(z.nrFree()).toBe(256);
      const got = z.rmqueue(0, MIGRATE_UNMOVABLE, false);
      expect(got >> 9).toBe(1);
      return { mt: pb.mtOf(got), steals: z.buddy.steals, freeUnmovable: z.buddy.freeByMt[MIGRATE_UNMOVABLE] };
    };
    expect(fallback(false)).toEqual({ mt: MIGRATE_MOVABLE, steals: 0, freeUnmovable: 0 });
    expect(fallback(true)).toEqual({ mt: MIGRATE_UNMOVABLE, steals: 1, freeUnmovable: 255 });
  });

  it('keeps CMA pageblocks for ALLOC_CMA allocations only, and uses them as fallback pre-5.8', () => {
    const features = { ...MAINLINE_FEATURES, cmaFirstThreshold: null };
    const mem = new MemMap(4096);
    const pb = new Pageblocks(4096, 9);
    const z = new Zone(mem, pb, pcpConfig(4096, 1), features);
    for (let i = 4; i < 8; i++) pb.mt[i] = MIGRATE_CMA;
    z.releaseToBuddy(0, 4096);
    expect(z.nrFreeCma()).toBe(2048);
    const nonCma: number[] = [];
    for (;;) {
      const p = z.allocPage(0, MIGRATE_MOVABLE, false);
      if (p < 0) break;
      nonCma.push(p);
    }
    expect(nonCma.length).toBe(2048);
    expect(nonCma.every((p) => pb.mtOf(p) !== MIGRATE_CMA)).toBe(true);
    const cma = z.allocPage(0, MIGRATE_MOVABLE, true);
    expect(pb.mtOf(cma)).toBe(MIGRATE_CMA);
  });

  it('before v4.1 breaks a fresh max-order CMA block for every fallback; since v4.1 it takes the smallest', () => {
    const spread = (cmaFallbackLargest: boolean): Set<number> => {
      const mem = new MemMap(8192);
      const pb = new Pageblocks(8192, 9);
      const z = new Zone(mem, pb, pcpConfig(8192, 1), { ...MAINLINE_FEATURES, cmaFirstThreshold: null, cmaFallbackLargest });
      for (let i = 8; i < 16; i++) pb.mt[i] = MIGRATE_CMA;
      z.releaseToBuddy(0, 8192);
      while (z.rmqueue(0, MIGRATE_MOVABLE, false) >= 0);
      const blocks = new Set<number>();
      for (let i = 0; i < 4; i++) {
        const p = z.rmqueue(0, MIGRATE_MOVABLE, true);
        expect(pb.mtOf(p)).toBe(MIGRATE_CMA);
        blocks.add(p >> 10);
      }
      return blocks;
    };
    // Four borrowed pages: one in each of the four order-10 CMA blocks, or all four in one.
    expect(spread(true).size).toBe(4);
    expect(spread(false).size).toBe(1);
  });

  it('uses CMA first above the v5.8 threshold', () => {
    const mem = new MemMap(4096);
    const pb = new Pageblocks(4096, 9);
    const z = new Zone(mem, pb, pcpConfig(4096, 1), { ...MAINLINE_FEATURES, cmaFirstThreshold: 0.5 });
    for (let i = 2; i < 8; i++) pb.mt[i] = MIGRATE_CMA;
    z.releaseToBuddy(0, 4096);
    const p = z.allocPage(0, MIGRATE_MOVABLE, true);
    expect(pb.mtOf(p)).toBe(MIGRATE_CMA);
  });

  it('sizes PCP batches like zone_batchsize() and watermarks like min_free_kbytes', () => {
    expect(zoneBatchsize(262144)).toBe(63);
    expect(zoneBatchsize(131072)).toBe(31);
    expect(zoneBatchsize(65536)).toBe(15);
    const wm = computeWatermarks(262144);
    expect(wm.min).toBe(Math.floor(Math.floor(Math.sqrt(1048576 * 16)) / 4));
    expect(wm.low).toBeGreaterThan(wm.min);
    expect(wm.high).toBeGreaterThan(wm.low);
  });
});
