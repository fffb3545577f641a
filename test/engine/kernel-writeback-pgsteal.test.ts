/*
 * A page reclaim wrote out is rotated to the inactive tail when its write ends
 * (end_page_writeback -> rotate_reclaimable_page, pgrotated) and freed by the next
 * shrink_folio_list, which counts pgsteal. The engine frees it at the end of the write and
 * counts both, pgsteal for the reclaimer that wrote it.
 */
import { describe, expect, it } from 'vitest';
import { PF_ACTIVE, PF_WRITEBACK } from '../../src/engine/mm/types.ts';
import { machine } from './helpers.ts';

/** A carve-out machine with `anonPages` of anonymous memory and no page cache, so reclaim swaps. */
function anonMachine(anonPages: number) {
  const m = machine('carveout');
  const k = m.k;
  const anon = k.newAnon(anonPages);
  for (let i = 0; i < anonPages; i++) expect(k.touchAnon(0, anon, i)).toBe(true);
  m.sim.run(1e9);
  k.lruAddDrainAll();
  return { m, k, anon };
}

describe('pgsteal and pgrotated for pages freed when their writeback ends', () => {
  for (const kswapd of [true, false]) {
    it(`counts them for ${kswapd ? 'kswapd' : 'direct reclaim'}, the reclaimer that wrote them`, () => {
      const { m, k } = anonMachine(1500);
      // The first passes find the young pages referenced and activate them; then they are swapped.
      for (let i = 0; i < 100 && k.vm.get('pswpout') === 0; i++) k.vmscan.shrink(32, kswapd);
      const written = k.vm.get('pswpout');
      expect(written).toBeGreaterThan(0);
      const own = kswapd ? 'pgsteal_kswapd' : 'pgsteal_direct';
      const other = kswapd ? 'pgsteal_direct' : 'pgsteal_kswapd';
      // Queued swap-outs are not reclaimed yet.
      expect(k.vm.get(own)).toBe(0);
      const freeBefore = k.vm.get('pgfree');
      m.sim.run(20e9);
      expect(k.nrWriteback).toBe(0);
      const freed = k.vm.get('pgfree') - freeBefore;
      expect(freed).toBe(written);
      expect(k.vm.get(own)).toBe(written);
      expect(k.vm.get(other)).toBe(0);
      expect(k.vm.get('pgrotated')).toBe(written);
    });
  }

  it('keeps a page activated while it was written, and neither rotates nor steals it', () => {
    const { m, k } = anonMachine(1500);
    for (let i = 0; i < 100 && k.vm.get('pswpout') === 0; i++) k.vmscan.shrink(32, true);
    const written = k.vm.get('pswpout');
    const under: number[] = [];
    for (let p = 0; p < k.mem.nrPages; p++) if (k.mem.flags[p]! & PF_WRITEBACK) under.push(p);
    expect(under.length).toBe(written);
    // Two references while the write is in flight: mark_page_accessed activates the page.
    const hot = under[0]!;
    k.markAccessed(0, hot);
    k.markAccessed(0, hot);
    expect(k.mem.flags[hot]! & PF_ACTIVE).toBeTruthy();
    m.sim.run(20e9);
    expect(k.mem.mapping[hot]).toBeGreaterThanOrEqual(0);
    expect(k.vm.get('pgrotated')).toBe(written - 1);
    expect(k.vm.get('pgsteal_kswapd')).toBe(written - 1);
  });
});
