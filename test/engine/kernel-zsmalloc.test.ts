/*
 * zsmalloc pages became movable in v4.8 (commit 48b4800a1c6a "zsmalloc: page migration support",
 * "zram: use __GFP_MOVABLE for memory allocation"). Before, zram's pool allocated with
 * GFP_NOIO | __GFP_HIGHMEM: UNMOVABLE pages, never in CMA (KernelFeatures.zsmallocMovable).
 */
import { describe, expect, it } from 'vitest';
import { MIGRATE_CMA, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, PG_ZRAM } from '../../src/engine/mm/types.ts';
import type { Params } from '../../src/engine/result.ts';
import { machine, run, tinyScenario } from './helpers.ts';

const zramBoard = () =>
  tinyScenario({ machine: { platform: 'x86-vm', memMiB: 32, regionMiB: 8, pageblockOrder: 9, swap: { device: 'zram', sizeMiB: 16 }, kernelReservedMiB: 0 } });

/** Store `n` compressed pages; returns the zsmalloc pages backing them. */
function zramPages(policy: string, params: Params, n: number) {
  const k = machine(policy, params, zramBoard()).k;
  for (let i = 0; i < n; i++) expect(k.zramStore(0)).toBe(true);
  const pages: number[] = [];
  for (let p = 0; p < k.mem.nrPages; p++) if (k.mem.kind[p] === PG_ZRAM) pages.push(p);
  expect(pages.length).toBe(k.zramPoolPages);
  expect(pages.length).toBeGreaterThan(0);
  return { k, pages };
}

// CMA first whenever any CMA page is free, and zram allowed in CMA (Android's __GFP_CMA list).
const zramIntoCma: Params = { cmaFirst: true, cmaFirstThreshold: 0, gfpCmaAllowlist: true, cmaAllowedSources: 'zram' };

describe('zsmalloc movability by kernel version', () => {
  it('places movable zsmalloc pages (v4.8+) in CMA when the rules allow', () => {
    const { k, pages } = zramPages('cma-quirks', { ...zramIntoCma, zsmallocMovable: true }, 300);
    expect(k.features.zsmallocMovable).toBe(true);
    expect(pages.every((p) => k.inCmaRegion(p))).toBe(true);
  });

  it('allocates v3.18 zsmalloc pages UNMOVABLE, never in CMA', () => {
    const { k, pages } = zramPages('cma-quirks', { ...zramIntoCma, zsmallocMovable: false }, 300);
    expect(pages.some((p) => k.inCmaRegion(p) || k.pb.mtOf(p) === MIGRATE_CMA)).toBe(false);
  });

  it('lets v3.18 zsmalloc pages steal pageblocks as UNMOVABLE fallbacks do', () => {
    // Every pageblock starts MOVABLE: an unmovable fallback that may claim a block turns it UNMOVABLE.
    const old = zramPages('legacy-cma', { unmovableStealsPageblock: true, zsmallocMovable: false }, 100);
    expect(old.pages.every((p) => old.k.pb.mtOf(p) === MIGRATE_UNMOVABLE)).toBe(true);
    const v48 = zramPages('legacy-cma', { unmovableStealsPageblock: true, zsmallocMovable: true }, 100);
    expect(v48.pages.every((p) => v48.k.pb.mtOf(p) === MIGRATE_MOVABLE)).toBe(true);
  });

  it('is on by default (legacy CMA lasted to v5.7), off with the parameter or the vendor-2014 preset', () => {
    expect(zramPages('legacy-cma', {}, 100).k.features.zsmallocMovable).toBe(true);
    expect(machine('mainline-cma', {}, zramBoard()).k.features.zsmallocMovable).toBe(true);
    expect(machine('legacy-cma', { zsmallocMovable: false }, zramBoard()).k.features.zsmallocMovable).toBe(false);
  });

  it('runs a v3.18 zram machine with contiguous requests clean under the invariant checker', () => {
    const r = run(zramBoard(), 'legacy-cma', { zsmallocMovable: false }, 1, true);
    expect(r.summary.vmstat['zram_stored']).toBeGreaterThan(0);
    expect(r.summary.requests.count).toBeGreaterThan(0);
    expect(r.summary.requests.failed).toBe(0);
  });
});
