import { describe, expect, it } from 'vitest';
import { LIST_ACTIVE_FILE, LIST_INACTIVE_ANON, LIST_INACTIVE_FILE } from '../../src/engine/mm/lists.ts';
import { MIGRATE_MOVABLE, PF_ACTIVE, PF_ISOLATED, PF_REFERENCED, PG_FILE } from '../../src/engine/mm/types.ts';
import { RECLAIM_THROTTLE_NS } from '../../src/engine/kernel.ts';
import { loadedMachine, machine as newMachine, tinyScenario } from './helpers.ts';

/** A carve-out machine (no CMA borrowing) with `anonPages` of anonymous memory and `filePages` of clean cache. */
function machine(anonPages: number, filePages: number) {
  return loadedMachine('carveout', anonPages, filePages);
}

/** A 64 MiB carve-out machine (no CMA borrowing) with the given swap, workloads not started. */
function carveout64(swap: { device: 'none' | 'storage'; sizeMiB: number }) {
  return newMachine('carveout', {}, tinyScenario({ machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 8, pageblockOrder: 9, swap, kernelReservedMiB: 0 } }));
}

/** Move `n` pages from the inactive file list to the active one (as second references would). */
function activateFile(k: ReturnType<typeof machine>, n: number) {
  const lists = k.mem.lists;
  for (let i = 0; i < n; i++) {
    const p = lists.tail[LIST_INACTIVE_FILE]!;
    lists.del(p);
    k.mem.flags[p] = k.mem.flags[p]! | PF_ACTIVE;
    lists.addHead(LIST_ACTIVE_FILE, p);
  }
}

describe('reclaim balance (get_scan_count)', () => {
  it('reclaims only page cache while the inactive file list is at least the active one', () => {
    const k = machine(1500, 1500);
    const c = k.mem.lists.count;
    expect(c[LIST_INACTIVE_FILE]!).toBeGreaterThanOrEqual(c[LIST_ACTIVE_FILE]!);
    expect(k.vmscan.scanBalance()).toBe('file');
    const anonBefore = c[LIST_INACTIVE_ANON]!;
    for (let i = 0; i < 10; i++) k.vmscan.shrink(32, true);
    expect(k.vm.get('pswpout')).toBe(0);
    expect(k.vm.get('pgsteal_kswapd')).toBeGreaterThan(0);
    expect(c[LIST_INACTIVE_ANON]!).toBe(anonBefore);
  });

  it('swaps anonymous pages in proportion once the active file list is the larger', () => {
    const k = machine(1500, 1500);
    activateFile(k, 1000);
    expect(k.vmscan.scanBalance()).toBe('fract');
    // The first pass over the young anonymous pages activates them; later passes swap.
    for (let i = 0; i < 100 && k.vm.get('pswpout') === 0; i++) k.vmscan.shrink(32, true);
    expect(k.vm.get('pswpout')).toBeGreaterThan(0);
    expect(k.vm.get('pgsteal_kswapd')).toBeGreaterThan(0);
  });

  it('stops queueing swap-outs from direct reclaim once the request queue is full', () => {
    // A 64 MiB machine whose anonymous memory alone is more than a congested queue holds.
    const m = carveout64({ device: 'storage', sizeMiB: 32 });
    const k = m.k;
    const anon = k.newAnon(12000);
    for (let i = 0; i < 12000; i++) expect(k.touchAnon(0, anon, i)).toBe(true);
    m.sim.run(10e9);
    k.lruAddDrainAll();
    expect(k.vm.get('pswpout')).toBe(0);
    // One call, no virtual time: the queued writes cannot drain meanwhile. Its deep priority
    // passes reach some 6,000 inactive pages; the full queue stops them at 128 requests.
    k.vmscan.directReclaim(false);
    const queued = k.vm.get('pswpout');
    expect(queued).toBeGreaterThan(3000);
    expect(queued).toBeLessThan(128 * 32); // BLKDEV_MAX_RQ x a merged reclaim batch
    expect(k.device.mayQueueWrite(4096)).toBe(false);
    // Its last swap-out found the queue full. The task sleeps in get_request until the device
    // takes the oldest queued request, not for congestion_wait's HZ/10.
    expect(k.vmscan.writeRefused).toBe(true);
    const now = k.now() + k.charged;
    const retry = k.reclaimRetryAt();
    expect(retry).toBeGreaterThan(now);
    expect(retry).toBeLessThan(now + RECLAIM_THROTTLE_NS);
    m.sim.run(retry);
    expect(k.device.mayQueueWrite(4096)).toBe(true);
  });

  it('leaves pages isolated for migration alone, as if they were off the LRU', () => {
    const k = machine(0, 256);
    const lists = k.mem.lists;
    // The 64 coldest clean file pages are in a migration batch.
    const held: number[] = [];
    for (let p = lists.tail[LIST_INACTIVE_FILE]!; p >= 0 && held.length < 64; p = lists.prev[p]!) held.push(p);
    for (const p of held) k.mem.flags[p] = k.mem.flags[p]! | PF_ISOLATED;
    for (let i = 0; i < 20; i++) k.vmscan.shrink(32, true);
    expect(k.vm.get('pgsteal_kswapd')).toBeGreaterThan(0);
    for (const p of held) expect(k.mem.kind[p]).toBe(PG_FILE);
    // Without the flag the same pages are the first to go.
    const k2 = machine(0, 256);
    const cold = k2.mem.lists.tail[LIST_INACTIVE_FILE]!;
    k2.vmscan.shrink(32, true);
    expect(k2.mem.kind[cold]).not.toBe(PG_FILE);
  });

  it('keeps the text a running program maps executable, and lets it go once the program exits', () => {
    const m = newMachine('carveout');
    const k = m.k;
    // The text is read first, so it sits at the cold end of both file lists.
    const text = k.newFile(512);
    k.maps.mapExec(text);
    expect(k.readFile(0, text, 0, 512)).toBe(true);
    const data = k.newFile(1500);
    expect(k.readFile(0, data, 0, 1500)).toBe(true);
    m.sim.run(10e9); // the reads complete and unlock their pages
    k.lruAddDrainAll();
    activateFile(k, 256); // half the text on the active list
    const resident = (file: number) => k.maps.get(file).filter((s) => s >= 0).length;
    for (let i = 0; i < 40; i++) k.vmscan.shrink(32, true);
    expect(k.vm.get('pgsteal_kswapd')).toBeGreaterThan(500);
    expect(resident(data)).toBeLessThan(1000);
    // Every text page is still there, and on the active list (activated, or kept by the VM_EXEC rule).
    expect(resident(text)).toBe(512);
    for (const p of k.maps.get(text)) expect(k.mem.lists.list[p]).toBe(LIST_ACTIVE_FILE);
    k.maps.unmapExec(text);
    for (let i = 0; i < 200 && resident(text) === 512; i++) k.vmscan.shrink(32, true);
    expect(resident(text)).toBeLessThan(512);
  });

  it('turns to anonymous memory when file pages and free memory are both nearly gone', () => {
    const k = machine(1500, 4);
    // Eat the free pages so file + free sits under the high watermark.
    while (k.zone.nrFree() - k.zone.nrFreeCma() > 0 && k.allocKernelPage(0) >= 0);
    expect(k.vmscan.scanBalance()).toBe('anon');
  });
});

describe('waking kswapd (the low watermark, with and without free CMA)', () => {
  it('lets movable allocations borrow CMA without waking kswapd; the next unmovable one wakes it', () => {
    const m = newMachine('legacy-cma');
    const k = m.k;
    const cmaFree = k.zone.nrFreeCma();
    const anon = k.newAnon(k.mem.kind.length);
    // Movable pages count free CMA toward the watermark (ALLOC_CMA): they take normal memory to
    // the last page, then borrow CMA, and kswapd sleeps throughout.
    let i = 0;
    while (k.zone.nrFreeCma() === cmaFree) expect(k.touchAnon(0, anon, i++)).toBe(true);
    expect(k.zone.nrFree() - k.zone.nrFreeCma()).toBeLessThan(k.wm.low);
    expect(k.vm.get('kswapd_wake')).toBe(0);
    // An allocation that may not use CMA sees normal memory alone, under low: it wakes kswapd.
    k.allocKernelPage(0);
    expect(k.vm.get('kswapd_wake')).toBe(1);
  });
});

describe('direct reclaim and the way to OOM', () => {
  /** Fill free memory with anonymous pages that were all referenced again (a hot heap). */
  function hotAnonMachine() {
    const k = machine(0, 0);
    const anon = k.newAnon(1 << 16);
    let i = 0;
    while (k.zone.nrFree() - k.zone.nrFreeCma() > k.wm.min) expect(k.touchAnon(0, anon, i++)).toBe(true);
    const flags = k.mem.flags;
    for (let p = 0; p < flags.length; p++) if (k.mem.mapping[p] === anon) flags[p] = flags[p]! | PF_REFERENCED;
    k.lruAddDrainAll();
    return { k, anon, next: i };
  }

  it('goes past a referenced cold end (priority passes) instead of failing the allocation', () => {
    const { k, anon, next } = hotAnonMachine();
    // The first pass only activates what it sees; deeper passes age the active list and swap.
    for (let j = 0; j < 64; j++) expect(k.touchAnon(0, anon, next + j)).toBe(true);
    expect(k.vm.get('pswpout')).toBeGreaterThan(0);
    expect(k.vm.get('allocstall')).toBeGreaterThan(0);
  });

  it('drains other CPUs\' per-CPU lists before giving up', () => {
    const k = machine(0, 0);
    // Park free pages on CPU 1's list, then exhaust everything else with kernel pages (no reclaim possible).
    const parked: number[] = [];
    for (let j = 0; j < 20; j++) parked.push(k.allocPage(1, 'anon', MIGRATE_MOVABLE, false));
    for (const p of parked) k.freePage(1, p);
    while (k.zone.allocPage(0, 0, false) >= 0);
    expect(k.zone.nrFree()).toBe(0);
    expect(k.zone.nrPcp()).toBeGreaterThan(0);
    const pfn = k.allocPage(0, 'anon', MIGRATE_MOVABLE, false);
    expect(pfn).toBeGreaterThanOrEqual(0);
  });

  it('goes out of memory once it has scanned six times what it could free without freeing a page', () => {
    // No swap: only page cache is reclaimable, and its pages stay locked for their reads (no
    // virtual time passes). Reclaim meets I/O it could wait on, but frees nothing.
    const m = carveout64({ device: 'none', sizeMiB: 0 });
    const k = m.k;
    const file = k.newFile(256);
    expect(k.readFile(0, file, 0, 256)).toBe(true);
    const anon = k.newAnon(1 << 16);
    let i = 0;
    while (k.zone.nrFree() - k.zone.nrFreeCma() > k.wm.min) expect(k.touchAnon(0, anon, i++)).toBe(true);
    k.lruAddDrainAll();
    const retries: number[] = [];
    for (let j = 0; j < 50; j++) {
      expect(k.vmscan.directReclaim(false)).toBe(0);
      retries.push(k.reclaimRetryAt());
    }
    // First it sleeps on the reads; once it has scanned 6 x 256 pages with none freed, it is out of memory.
    expect(retries[0]).toBeGreaterThan(0);
    expect(retries[retries.length - 1]).toBe(-1);
    const firstOom = retries.indexOf(-1);
    expect(retries.slice(firstOom).every((t) => t === -1)).toBe(true);
  });

  it('sleeps HZ/10 while writeback is in flight, and only then is out of memory', () => {
    const { k } = hotAnonMachine();
    expect(k.reclaimRetryAt()).toBe(-1);
    // Reclaim queues swap-out writes: memory will come back when they complete.
    for (let j = 0; j < 4 && k.nrWriteback === 0; j++) k.vmscan.directReclaim(false);
    expect(k.nrWriteback).toBeGreaterThan(0);
    expect(k.reclaimRetryAt()).toBe(k.now() + k.charged + RECLAIM_THROTTLE_NS);
    expect(k.vm.get('vmscan_throttle_writeback')).toBe(1);
  });
});
