import { describe, expect, it } from 'vitest';
import { machine, run, tinyScenario } from '../engine/helpers.ts';
import { gcmaAnonMachine } from './gcma-machine.ts';
import { parseScenario } from '../../src/engine/scenario/schema.ts';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};
/** Student t 0.975 quantiles by degrees of freedom (2..10). */
const T975 = [0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
/** Half-width of the 95 % interval of mean(a) - mean(b), conservative df = min(n) - 1. */
function welchHalfWidth(a: number[], b: number[]): number {
  const df = Math.min(a.length, b.length) - 1;
  return T975[df]! * Math.sqrt(variance(a) / a.length + variance(b) / b.length);
}
import { runSimulation } from '../../src/engine/run.ts';
import { findScenario } from '../../src/engine/scenario/library.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { SLOT_POOL_BASE, SLOT_SWAP } from '../../src/engine/mm/mappings.ts';
import { PF_WRITEBACK, PG_CLEANCACHE, PG_FRONTSWAP, PG_RESERVED } from '../../src/engine/mm/types.ts';
import { PoolService } from '../../src/engine/policy/services.ts';

/** 64 MiB, a 24 MiB pool, swap on storage; 9,000 anonymous pages touched, their reads done, LRU batches drained. */
const anonMachine = (frontswapMode: string) => gcmaAnonMachine(24, { ratio: 1, frontswapMode });

describe('gcma', () => {
  it('never fails while allocations fit the region, and actual latency never exceeds the bound', () => {
    const ratios = [0, 0.25, 0.5, 0.75, 1];
    for (let seed = 1; seed <= 8; seed++) {
      const ratio = ratios[seed % ratios.length]!;
      const mode = seed % 2 ? 'write-back' : 'write-through';
      const r = run(tinyScenario(), 'gcma', { ratio, frontswapMode: mode, zram: seed % 3 === 0 }, seed);
      expect(r.summary.requests.failed).toBe(0);
      for (const q of r.requests) {
        expect(q.boundNs).not.toBeNull();
        expect(q.latencyNs).toBeLessThanOrEqual(q.boundNs!);
      }
      expect(r.summary.requests.boundUs!.violations).toBe(0);
    }
  });

  it('zram=true adds a compressed tier in front of a storage swap device; without it evacuation writes to the device', () => {
    // A swap-heavy build keeps write-back frontswap pages in the area when requests come.
    const s = tinyScenario();
    s.workloads = s.workloads.map((w) => (w.kind === 'kbuild' ? { ...w, anonMiBPerUnit: 10, units: 96 } : w));
    const evac = (zram: boolean) => run(s, 'gcma', { ratio: 1, frontswapMode: 'write-back', zram }, 1).summary.vmstat;
    const withZram = evac(true);
    const without = evac(false);
    expect(withZram['gcma_evacuated']).toBeGreaterThan(0);
    expect(withZram['zram_stored']).toBeGreaterThan(0);
    expect(without['gcma_evacuated']).toBeGreaterThan(0);
    expect(without['zram_stored']).toBe(0);
  });

  it('working-set admission (Android 2025) stores only pages that were once active or refaulted', () => {
    const runRpi = (params: Record<string, boolean | string>) =>
      runSimulation({ scenario: findScenario('rpi2-photo')!, policy: 'gcma', params, seed: 1, options: { baseline: false, detail: false } }, findPolicy('gcma')!);
    const all = runRpi({ workingSetOnly: false });
    const ws = runRpi({ workingSetOnly: true });
    expect(ws.summary.vmstat['cleancache_puts']).toBeGreaterThan(0);
    expect(ws.summary.vmstat['cleancache_puts']).toBeLessThan(all.summary.vmstat['cleancache_puts']! / 2);
    expect(ws.summary.requests.failed).toBe(0);
  });

  it('invalidates cleancache copies on write and truncate (no stale copy survives)', () => {
    const m = machine('gcma', { ratio: 0 });
    const k = m.k;
    const file = k.newFile(8);
    k.readFile(0, file, 0, 8);
    k.lruAddDrainAll();
    const slots = k.maps.get(file);
    // Reclaim drops two clean pages: both go to cleancache.
    const a = slots[2]!;
    const b = slots[5]!;
    k.vmscan.evictCleanFile(a);
    k.vmscan.evictCleanFile(b);
    expect(slots[2]).toBeLessThanOrEqual(SLOT_POOL_BASE);
    const copyA = SLOT_POOL_BASE - slots[2]!;
    const copyB = SLOT_POOL_BASE - slots[5]!;
    expect(k.mem.kind[copyA]).toBe(PG_CLEANCACHE);
    // A write to page 2 invalidates its copy before dirtying a fresh page.
    k.writeFile(0, file, 2, 1);
    expect(slots[2]).toBeGreaterThanOrEqual(0);
    expect(k.mem.kind[copyA]).toBe(PG_RESERVED);
    // Truncate drops the remaining copy.
    k.truncateFile(0, file);
    expect(k.mem.kind[copyB]).toBe(PG_RESERVED);
    expect(Array.from(slots).every((s) => s === -1)).toBe(true);
    expect(m.vmstat.get('cleancache_invalidates')).toBe(2);
  });

  // Linux counts PSWPOUT/PSWPIN in __swap_writepage/swap_readpage, after frontswap: a write-back
  // store never reaches the device, a write-through store goes on to write it, a load reads nothing.
  it('counts swap I/O only for what reaches the device, and write-through stores wait for the request queue', () => {
    const swapOut = (frontswapMode: string, passes: number) => {
      const { m, k, anon } = anonMachine(frontswapMode);
      // Reclaim with no virtual time passing: no queued write can complete meanwhile.
      for (let i = 0; i < passes; i++) k.vmscan.directReclaim(false);
      const stored = k.vm.get('frontswap_succ_stores');
      const pswpout = k.vm.get('pswpout');
      m.sim.run(30e9);
      for (let i = 0; i < 9000; i++) expect(k.touchAnon(0, anon, i)).toBe(true);
      return { k, stored, pswpout };
    };
    // Fewer passes than the 6,144-page region holds: nothing is evacuated to the device.
    const back = swapOut('write-back', 150);
    expect(back.stored).toBeGreaterThan(4096);
    expect(back.k.vm.get('gcma_evacuated')).toBe(0);
    expect(back.pswpout).toBe(0);
    expect(back.k.vm.get('frontswap_loads')).toBeGreaterThan(0);
    expect(back.k.vm.get('pswpin')).toBe(0);
    expect(back.k.vm.get('pgmajfault')).toBeGreaterThanOrEqual(back.k.vm.get('frontswap_loads'));

    const through = swapOut('write-through', 150);
    expect(through.stored).toBeGreaterThan(3000);
    expect(through.pswpout).toBeGreaterThanOrEqual(through.stored);
    // The stores stopped once BLKDEV_MAX_RQ merged 32-page requests were queued.
    expect(through.stored).toBeLessThanOrEqual(128 * 32);
    expect(through.k.vm.get('pswpin')).toBe(0);
  });

  it('counts each frontswap store as taken (succ_stores) or refused (failed_stores), as __frontswap_store does', () => {
    // ratio 0 caps frontswap at nothing: every store is refused and the page goes to the device.
    const off = gcmaAnonMachine(24, { ratio: 0, frontswapMode: 'write-through' });
    off.k.vmscan.directReclaim(false);
    expect(off.k.vm.get('frontswap_succ_stores')).toBe(0);
    expect(off.k.vm.get('frontswap_failed_stores')).toBeGreaterThan(0);
    const on = anonMachine('write-through');
    on.k.vmscan.directReclaim(false);
    // The whole region open to it: most stores are taken (some are refused once the pool is full).
    expect(on.k.vm.get('frontswap_succ_stores')).toBeGreaterThan(on.k.vm.get('frontswap_failed_stores'));
  });

  it('keeps a page written through to the swap device resident until its write ends; then the copy stands for it', () => {
    const { m, k, anon } = anonMachine('write-through');
    const slots = k.maps.get(anon);
    const resident = (): number => Array.from(slots).filter((s) => s >= 0).length;
    const before = resident();
    k.vmscan.directReclaim(false);
    const stored = k.vm.get('frontswap_succ_stores');
    expect(stored).toBeGreaterThan(0);
    // swap_writepage writes the page too: it stays mapped, under writeback, nothing freed yet.
    expect(resident()).toBe(before);
    expect(k.nrWriteback).toBe(stored);
    m.sim.run(k.now() + 10e9);
    // The writes ended and reclaim freed the pages: their slots name the pool copies.
    expect(k.nrWriteback).toBe(0);
    const inPool = Array.from(slots).filter((s) => s <= SLOT_POOL_BASE).length;
    expect(inPool).toBe(stored);
    expect(resident()).toBe(before - stored);
    // A fault reads the copy back: a frontswap load, no device read.
    for (let i = 0; i < 9000; i++) expect(k.touchAnon(0, anon, i)).toBe(true);
    expect(k.vm.get('frontswap_loads')).toBe(stored);
    expect(k.vm.get('pswpin')).toBe(0);
  });

  it('a copy dropped while its page is still being written leaves the page to the swap device', () => {
    const { m, k, anon } = anonMachine('write-through');
    k.vmscan.directReclaim(false);
    const slots = k.maps.get(anon);
    const idx = slots.findIndex((p) => p >= 0 && (k.mem.flags[p]! & PF_WRITEBACK) !== 0);
    expect(idx).toBeGreaterThanOrEqual(0);
    let copy = -1;
    for (let p = k.region!.startPfn; p < k.region!.startPfn + k.region!.pages; p++) {
      if (k.mem.kind[p] === PG_FRONTSWAP && k.mem.mapping[p] === anon && k.mem.index[p] === idx) copy = p;
    }
    expect(copy).toBeGreaterThanOrEqual(0);
    const swapUsed = k.swapUsed;
    // A contiguous allocation needs that pool page: the copy goes, the page keeps its slot.
    new PoolService(k).drop(copy);
    expect(k.mem.kind[copy]).toBe(PG_RESERVED);
    expect(slots[idx]).toBeGreaterThanOrEqual(0);
    expect(k.swapUsed).toBe(swapUsed);
    m.sim.run(k.now() + 10e9);
    // The write ended: the device holds the page, and a fault reads it from there.
    expect(slots[idx]).toBe(SLOT_SWAP);
    expect(k.touchAnon(0, anon, idx)).toBe(true);
    expect(k.vm.get('pswpin')).toBe(1);
  });

  // "Monotone within noise": between neighbouring ratios the mean over seeds may move the
  // wrong way only by less than the 95 % interval of the difference (Welch, t for n-1 df).
  it('raising ratio raises (or keeps) worst-case latency and lowers (or keeps) swap device I/O', () => {
    const seeds = [1, 2, 3, 4, 5];
    const ratios = [0, 0.5, 1];
    const swapHeavy = () => {
      const s = tinyScenario();
      // Enough units that the build (and its swapping) spans the whole request window.
      s.workloads = s.workloads.map((w) => (w.kind === 'kbuild' ? { ...w, anonMiBPerUnit: 10, units: 96 } : w));
      return parseScenario(s);
    };
    const rows = ratios.map((ratio) => {
      const worst: number[] = [];
      const bound: number[] = [];
      const deviceIo: number[] = [];
      const stores: number[] = [];
      for (const seed of seeds) {
        const r = run(swapHeavy(), 'gcma', { ratio, frontswapMode: 'write-back' }, seed);
        const v = r.summary.vmstat;
        worst.push(r.summary.requests.latencyUs.max!);
        bound.push(r.summary.requests.boundUs!.max);
        // Pages that went to or came from the device because they were not kept in memory
        // (frontswap loads and write-back stores count in neither pswpin nor pswpout, as in Linux).
        deviceIo.push(v['pswpin']! + v['pswpout']! + v['workingset_refault_file']!);
        stores.push(v['frontswap_succ_stores']!);
      }
      return { ratio, worst, bound, deviceIo, stores };
    });
    for (let i = 1; i < rows.length; i++) {
      const lo = rows[i - 1]!;
      const hi = rows[i]!;
      expect(mean(hi.worst) + welchHalfWidth(hi.worst, lo.worst)).toBeGreaterThanOrEqual(mean(lo.worst));
      expect(mean(hi.bound) + welchHalfWidth(hi.bound, lo.bound)).toBeGreaterThanOrEqual(mean(lo.bound));
      expect(mean(hi.deviceIo) - welchHalfWidth(hi.deviceIo, lo.deviceIo)).toBeLessThanOrEqual(mean(lo.deviceIo));
    }
    // The knob does something: frontswap stores write-back pages and makes the worst case longer.
    // (Each client evicts only its own copies, as in the RFC, so frontswap holds only what
    // cleancache leaves it, and its own evictions are written to the device: it no longer halves
    // the device I/O by throwing cleancache copies away.)
    expect(mean(rows[2]!.stores)).toBeGreaterThan(0);
    expect(mean(rows[0]!.stores)).toBe(0);
    expect(mean(rows[2]!.worst)).toBeGreaterThan(mean(rows[0]!.worst));
  });
});
