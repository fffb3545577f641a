/*
 * GCMA against the RFC v2 code (gcma.c on dmem): per-client LRUs and evictions, eviction costs
 * charged to the reclaiming task, merged device writes, and a bound computed before the work.
 */
import { describe, expect, it } from 'vitest';
import { gcmaAnonMachine } from './gcma-machine.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { resolveParams } from '../../src/engine/policy/manifest.ts';
import { SLOT_SWAP } from '../../src/engine/mm/mappings.ts';
import { PG_CLEANCACHE, PG_FRONTSWAP, PG_RESERVED } from '../../src/engine/mm/types.ts';
import { PoolService } from '../../src/engine/policy/services.ts';
import type { Kernel } from '../../src/engine/kernel.ts';
import type { ContigRecord } from '../../src/engine/policy/sdk.ts';

/** 64 MiB with an 8 MiB (2,048-page) pool. */
const gcmaMachine = (params: Record<string, string | number | boolean>) => gcmaAnonMachine(8, params);

function regionKinds(k: Kernel): { free: number; cc: number; fs: number } {
  const r = k.region!;
  let free = 0;
  let cc = 0;
  let fs = 0;
  for (let p = r.startPfn; p < r.startPfn + r.pages; p++) {
    const kind = k.mem.kind[p];
    if (kind === PG_RESERVED) free++;
    else if (kind === PG_CLEANCACHE) cc++;
    else if (kind === PG_FRONTSWAP) fs++;
  }
  return { free, cc, fs };
}

/** Read `pages` of a new file; the returned function has reclaim drop every one of them (cleancache puts). */
function readFile(m: ReturnType<typeof gcmaMachine>['m'], pages: number): () => void {
  const k = m.k;
  const file = k.newFile(pages);
  expect(k.readFile(0, file, 0, pages)).toBe(true);
  m.sim.run(k.now() + 10e9);
  k.lruAddDrainAll();
  const slots = k.maps.get(file);
  return () => {
    for (let i = 0; i < pages; i++) if (slots[i]! >= 0) k.vmscan.evictCleanFile(slots[i]!);
  };
}

function cleanEvictFile(m: ReturnType<typeof gcmaMachine>['m'], pages: number): void {
  readFile(m, pages)();
}

/** Run a contiguous allocation's steps back to back; returns the time it took (no other task runs). */
function runContig(m: ReturnType<typeof gcmaMachine>['m'], pages: number): { ns: number; rec: ContigRecord; ok: boolean } {
  const k = m.k;
  const rec: ContigRecord = { startPfn: -1, reason: null, migrated: 0, dropped: 0, written: 0, retries: 0, candidates: 0, boundNs: null, blocking: [] };
  k.takeCharged();
  const gen = m.policy.allocContig({ id: 1, client: 't', pages, alignOrder: 0, deadlineNs: null }, rec);
  let ns = 0;
  for (;;) {
    const r = gen.next();
    const charged = k.takeCharged();
    ns += charged.cpuNs + charged.waitNs;
    if (r.done) return { ns, rec, ok: r.value };
    const s = r.value;
    ns += typeof s === 'number' ? s : 'atomicNs' in s ? s.atomicNs : s.sleepNs;
  }
}

describe('gcma (RFC v2 audit)', () => {
  it('the gcma-rfc-2015 preset keeps one LRU per client, as the RFC does', () => {
    const mod = findPolicy('gcma')!;
    const preset = mod.manifest.presets!.find((p) => p.name === 'gcma-rfc-2015')!;
    expect(resolveParams(mod.manifest, { preset: 'gcma-rfc-2015' })['sharedLru']).toBe(false);
    expect(preset.models).not.toMatch(/shared LRU/i);
  });

  it('a store into a full region evicts only its own client\'s copies (sharedLru: either client\'s)', () => {
    const fill = (sharedLru: boolean) => {
      const g = gcmaMachine({ ratio: 1, frontswapMode: 'write-through', sharedLru });
      const k = g.k;
      // Frontswap fills the whole region (write-through: every copy droppable).
      // (A store at the full region evicts a batch of frontswap's own: up to a batch stays free.)
      for (let i = 0; i < 400 && regionKinds(k).fs < k.region!.pages - 32; i++) {
        k.vmscan.directReclaim(false);
        g.m.sim.run(k.now() + 1e9);
      }
      expect(regionKinds(k).free).toBeLessThanOrEqual(32);
      const evict = readFile(g.m, 64);
      // Reading may have made frontswap evict a batch of its own for its next store.
      const before = regionKinds(k);
      const puts = k.vm.get('cleancache_puts');
      evict();
      return { k, before, after: regionKinds(k), puts: k.vm.get('cleancache_puts') - puts };
    };
    // Per client (the RFC): cleancache makes room only by evicting its own copies, so it never
    // holds more than the pages that were free, and no frontswap copy goes for it.
    const own = fill(false);
    expect(own.after.fs).toBe(own.before.fs);
    expect(own.after.cc).toBeLessThanOrEqual(Math.max(1, own.before.free));
    expect(own.k.vm.get('cleancache_invalidates')).toBeGreaterThan(0);
    // sharedLru (not the RFC): the oldest copies go, whichever client's they are.
    const shared = fill(true);
    expect(shared.puts).toBe(64);
    expect(shared.after.fs).toBeLessThan(shared.before.fs);
  });

  it('with sharedLru, a frontswap store blocked by its ratio cap evicts only frontswap copies', () => {
    // Cap: a quarter of 2,048 pages. Cleancache first takes 1,500 pages.
    const g = gcmaMachine({ ratio: 0.25, frontswapMode: 'write-through', sharedLru: true });
    const k = g.k;
    cleanEvictFile(g.m, 1500);
    expect(regionKinds(k).cc).toBe(1500);
    for (let i = 0; i < 60; i++) {
      k.vmscan.directReclaim(false);
      g.m.sim.run(k.now() + 1e9);
    }
    // Frontswap reached its cap and went on storing by evicting its own oldest copies.
    expect(k.vm.get('frontswap_succ_stores')).toBeGreaterThan(512 + 32);
    expect(k.vm.get('gcma_evictions')).toBeGreaterThan(0);
    // Not one cleancache copy was thrown away for it.
    expect(regionKinds(k).cc).toBe(1500);
    expect(k.vm.get('cleancache_invalidates')).toBe(0);
    expect(regionKinds(k).fs).toBeLessThanOrEqual(512);
  });

  it('eviction costs are charged to the reclaiming task (zram compression)', () => {
    const g = gcmaMachine({ ratio: 1, frontswapMode: 'write-back', zram: true });
    const k = g.k;
    k.vmscan.directReclaim(false);
    const r = k.region!;
    const victims: number[] = [];
    for (let p = r.startPfn; p < r.startPfn + r.pages && victims.length < 32; p++) if (k.mem.kind[p] === PG_FRONTSWAP) victims.push(p);
    expect(victims.length).toBe(32);
    k.takeCharged();
    new PoolService(k).evict(victims);
    const { cpuNs } = k.takeCharged();
    expect(cpuNs).toBeGreaterThanOrEqual(32 * k.costs.zramCompressPageNs);
    for (const p of victims) expect(k.mem.kind[p]).toBe(PG_RESERVED);
    expect(k.vm.get('zram_stored')).toBe(32);
  });

  it('an eviction to the swap device holds its region pages until the merged write ends', () => {
    const g = gcmaMachine({ ratio: 1, frontswapMode: 'write-back' });
    const k = g.k;
    for (let i = 0; i < 3; i++) k.vmscan.directReclaim(false);
    const r = k.region!;
    const victims: number[] = [];
    for (let p = r.startPfn; p < r.startPfn + r.pages && victims.length < 64; p++) if (k.mem.kind[p] === PG_FRONTSWAP) victims.push(p);
    expect(victims.length).toBe(64);
    const owners = victims.map((p) => [k.mem.mapping[p]!, k.mem.index[p]!] as const);
    const written = k.device.bytesWritten;
    const pool = new PoolService(k);
    pool.evict(victims);
    // Queued, not written: the pages still hold the only complete copy.
    for (const p of victims) expect(k.mem.kind[p]).toBe(PG_FRONTSWAP);
    expect(k.device.bytesWritten - written).toBe(64 * 4096);
    expect(k.vm.get('pswpout')).toBe(64);
    g.m.sim.run(k.now() + 10e9);
    for (const p of victims) expect(k.mem.kind[p]).toBe(PG_RESERVED);
    for (const [map, idx] of owners) expect(k.maps.get(map)[idx]).toBe(SLOT_SWAP);
  });

  it('a contiguous allocation writes write-back pages in 32-page requests, not one request per page', () => {
    const g = gcmaMachine({ ratio: 1, frontswapMode: 'write-back' });
    const k = g.k;
    for (let i = 0; i < 3; i++) k.vmscan.directReclaim(false);
    g.m.sim.run(k.now() + 10e9);
    const r = k.region!;
    const pages: number[] = [];
    for (let p = r.startPfn; p < r.startPfn + r.pages && pages.length < 64; p++) if (k.mem.kind[p] === PG_FRONTSWAP) pages.push(p);
    expect(pages.length).toBe(64);
    const d = k.device;
    const pool = new PoolService(k);
    const bound = pool.evacuateBoundNs(64);
    // No free normal memory to take them: toMemory false sends them to the device.
    const ev = pool.evacuateAll(pages, false);
    expect(ev.written).toBe(64);
    // Two requests on an idle device: two access times, not 64.
    const twoRequests = 2 * d.writeLatencyNs + (64 * 4096) / d.writeBytesPerNs;
    expect(ev.waitNs).toBeCloseTo(twoRequests, 0);
    expect(ev.waitNs).toBeLessThan(3 * d.writeLatencyNs + (64 * 4096) / d.writeBytesPerNs);
    expect(bound).toBeGreaterThanOrEqual(ev.waitNs);
  });

  it('the bound is a worst case from the range before the work: never below the actual, above it with mixed contents', () => {
    const g = gcmaMachine({ ratio: 1, frontswapMode: 'write-back' });
    const k = g.k;
    // Some write-back frontswap pages (reclaim frees their pages: free memory to evacuate into),
    // then cleancache copies.
    for (let i = 0; i < 3; i++) k.vmscan.directReclaim(false);
    g.m.sim.run(k.now() + 10e9);
    cleanEvictFile(g.m, 300);
    const kinds = regionKinds(k);
    expect(kinds.fs).toBeGreaterThan(0);
    expect(kinds.cc).toBeGreaterThan(0);
    expect(kinds.free).toBeGreaterThan(0);
    const pswpout = k.vm.get('pswpout');
    const { ns, rec, ok } = runContig(g.m, k.region!.pages);
    expect(ok).toBe(true);
    expect(rec.boundNs).not.toBeNull();
    expect(ns).toBeLessThanOrEqual(rec.boundNs!);
    // The write-back pages went to free memory: cheaper than the device write the bound assumes.
    expect(ns).toBeLessThan(rec.boundNs!);
    expect(rec.dropped).toBe(kinds.cc);
    expect(k.vm.get('gcma_evacuated')).toBe(kinds.fs);
    // None of them was written to the device, so none counts as written.
    expect(rec.written).toBe(0);
    expect(k.vm.get('pswpout')).toBe(pswpout);
    for (let p = k.region!.startPfn; p < k.region!.startPfn + k.region!.pages; p++) expect(k.mem.kind[p]).not.toBe(PG_RESERVED);
  });
});
