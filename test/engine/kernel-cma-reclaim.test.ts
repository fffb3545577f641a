/*
 * Direct reclaim for an allocation that cannot use CMA, on a machine whose
 * reclaimable pages all sit in the CMA area: freeing them brings that
 * allocation no nearer its watermark, so one pass is enough to know retrying
 * is useless (should_reclaim_retry, v4.7). Retrying 16 full-LRU passes per
 * page made a zram phone on legacy CMA take hours of wall time.
 */
import { describe, expect, it } from 'vitest';
import { machine } from './helpers.ts';
import { V } from '../../src/engine/metrics/vmstat.ts';
import { PF_LOCKED, PG_FILE } from '../../src/engine/mm/types.ts';

describe('direct reclaim that frees only CMA pages', () => {
  it('gives up after one pass for a kernel allocation instead of retrying 16 times', () => {
    const m = machine('legacy-cma');
    const k = m.k;
    const area = k.region!;
    // Kernel pages fill normal memory down to just above min; page cache then spills into CMA.
    while (k.zone.nrFree() - k.zone.nrFreeCma() > k.wm.min + 8) if (k.allocKernelPage(0) < 0) break;
    const file = k.newFile(area.pages / 2);
    expect(k.readFile(0, file, 0, area.pages / 2)).toBe(true);
    // The reads complete (without running time: kswapd would drop these pages first, trying in
    // vain to raise normal memory's free count).
    for (let p = 0; p < k.mem.kind.length; p++) if (k.mem.kind[p] === PG_FILE) k.mem.flags[p]! &= ~PF_LOCKED;
    k.lruAddDrainAll();
    let inCma = 0;
    for (let p = area.startPfn; p < area.startPfn + area.pages; p++) if (k.mem.kind[p] === PG_FILE) inCma++;
    expect(inCma).toBeGreaterThan(area.pages / 4);
    // Now take normal memory below min: every kernel allocation has to reclaim.
    while (k.zone.nrFree() - k.zone.nrFreeCma() > k.wm.min - 4) if (k.allocKernelPage(0) < 0) break;
    const stalls = k.vm.v[V.allocstall]!;
    k.allocKernelPage(0);
    expect(k.vm.v[V.allocstall]! - stalls).toBe(1);
  });
});
