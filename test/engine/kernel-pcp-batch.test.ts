/*
 * zone_batchsize()'s cap by kernel version (KernelFeatures.pcpBatchCapKiB): 512 KiB up to v4.18,
 * 1 MiB since v4.19 (commit d8a759b57035 "mm, page_alloc: double zone's batchsize"). On the
 * cubox's ~790 MiB zone that is batch 31 / high 186 for the GCMA RFC's v3.18, 63 / 378 today.
 */
import { describe, expect, it } from 'vitest';
import { pcpConfig, pcpListId, zoneBatchsize } from '../../src/engine/mm/pcp.ts';
import { MIGRATE_UNMOVABLE, PG_KERNEL } from '../../src/engine/mm/types.ts';
import { MAINLINE_FEATURES } from '../../src/engine/policy/sdk.ts';
import { machine, tinyScenario } from './helpers.ts';

/** An 800 MiB board like the cubox (no kernel image reserved: 204,800 managed pages). */
const board = () =>
  tinyScenario({ machine: { platform: 'x86-vm', memMiB: 800, regionMiB: 256, pageblockOrder: 10, swap: { device: 'none', sizeMiB: 0 }, kernelReservedMiB: 0 } });

describe('PCP batch cap by kernel version', () => {
  it('computes zone_batchsize with the v3.x and the v4.19+ cap', () => {
    expect(zoneBatchsize(204800, 512)).toBe(31);
    expect(zoneBatchsize(204800, 1024)).toBe(63);
    // Below 512 MiB the cap does not bind: both kernels agree.
    expect(zoneBatchsize(65536, 512)).toBe(15);
    expect(zoneBatchsize(65536, 1024)).toBe(15);
    expect(zoneBatchsize(262144)).toBe(63);
  });

  it('follows the switch when a policy sets it after the zone was built', () => {
    const features = { ...MAINLINE_FEATURES };
    const pcp = pcpConfig(204800, 4, features);
    expect([pcp.batch, pcp.high]).toEqual([63, 378]);
    features.pcpBatchCapKiB = 512;
    expect([pcp.batch, pcp.high]).toEqual([31, 186]);
  });

  it('gives legacy-cma (v3.18) batch 31 and high 186, mainline 63 and 378', () => {
    const legacy = machine('legacy-cma', {}, board()).k;
    expect(legacy.features.pcpBatchCapKiB).toBe(512);
    expect([legacy.zone.pcp.batch, legacy.zone.pcp.high]).toEqual([31, 186]);
    const mainline = machine('mainline-cma', {}, board()).k;
    expect([mainline.zone.pcp.batch, mainline.zone.pcp.high]).toEqual([63, 378]);
    const v419 = machine('legacy-cma', { pcpBatchCapKiB: '1024' }, board()).k;
    expect([v419.zone.pcp.batch, v419.zone.pcp.high]).toEqual([63, 378]);
  });

  it('sets the cap from the cma-quirks presets kernel versions', () => {
    expect(machine('cma-quirks', {}, board()).k.zone.pcp.batch).toBe(31);
    expect(machine('cma-quirks', { pcpBatchCapKiB: '1024' }, board()).k.zone.pcp.batch).toBe(63);
  });

  it('refills and spills a v3.18 per-CPU list in batches of 31, holding at most 186 pages', () => {
    const k = machine('legacy-cma', {}, board()).k;
    const id = pcpListId(0, MIGRATE_UNMOVABLE);
    const pfns: number[] = [];
    pfns.push(k.allocKernelPage(0));
    // rmqueue_bulk took one batch; the allocation used one of it.
    expect(k.mem.lists.count[id]).toBe(30);
    for (let i = 0; i < 400; i++) pfns.push(k.allocKernelPage(0));
    for (const p of pfns) expect(k.mem.kind[p]).toBe(PG_KERNEL);
    for (const p of pfns) k.freeKernelPage(0, p);
    // free_unref_page: above high (186) a batch of 31 goes back to the buddy lists.
    expect(k.mem.lists.count[id]!).toBeLessThanOrEqual(186);
    expect(k.mem.lists.count[id]!).toBeGreaterThan(186 - 31);
  });
});
