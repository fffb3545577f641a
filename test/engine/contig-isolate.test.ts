/*
 * alloc_contig_range's treatment of pinned and writeback pages, checked on a small machine
 * driven by hand: what the kernel isolates (isolate_migratepages_block) and when
 * migrate_pages waits (force = pass > 2).
 */
import { describe, expect, it } from 'vitest';
import { machine } from './helpers.ts';
import { CAUSE_PINNED_AT_ISOLATION, MIGRATE_FORCE_FROM_PASS } from '../../src/engine/migrate/contig.ts';
import { PF_WRITEBACK, PG_ANON, PIN_GUP_SHORT } from '../../src/engine/mm/types.ts';
import type { ContigRecord, ContigStep } from '../../src/engine/policy/sdk.ts';

function newRecord(): ContigRecord {
  return { startPfn: -1, reason: null, migrated: 0, dropped: 0, written: 0, retries: 0, candidates: 0, boundNs: null, blocking: [] };
}

/** A legacy-cma machine whose CMA area holds anon pages (borrowed once the MOVABLE lists ran dry), and a range in it. */
function areaWithAnon() {
  const m = machine('legacy-cma');
  const k = m.k;
  const area = k.region!;
  // Touch anon until a quarter of the area is borrowed (pre-5.8: CMA only once MOVABLE ran dry),
  // leaving the rest of the area free for migration targets.
  const anon = k.newAnon(k.mem.kind.length);
  let borrowed = 0;
  for (let i = 0; borrowed < area.pages / 4; i++) {
    if (!k.touchAnon(0, anon, i)) throw new Error(`anon page ${i} not allocated`);
    const pfn = k.maps.get(anon)[i]!;
    if (pfn >= area.startPfn && pfn < area.startPfn + area.pages) borrowed++;
  }
  k.lruAddDrainAll();
  // The request takes the area's first half; free CMA pages of the second half are its migration targets.
  const range = { start: area.startPfn, pages: area.pages / 2 };
  const inArea: number[] = [];
  for (let p = range.start; p < range.start + range.pages; p++) if (k.mem.kind[p] === PG_ANON) inArea.push(p);
  return { m, k, r: range, inArea };
}

/** Run a contiguous-allocation generator to its end; `onSleep` runs at each sleep before time moves on. */
function drive(m: ReturnType<typeof machine>, gen: Generator<ContigStep, boolean, void>, onSleep: () => void = () => {}): boolean {
  for (let s = gen.next(); ; s = gen.next()) {
    if (s.done) return s.value;
    const step = s.value;
    if (typeof step === 'object' && 'sleepNs' in step) {
      onSleep();
      m.sim.run(m.sim.now() + step.sleepNs);
    }
  }
}

describe('alloc_contig_range: pinned and writeback pages', () => {
  it('leaves a pinned anon page unisolated, migrates the rest of the range, then fails the check naming the pin', () => {
    const { m, k, r, inArea } = areaWithAnon();
    expect(inArea.length).toBeGreaterThan(100);
    const pinned = inArea[Math.floor(inArea.length / 2)]!;
    k.pin(pinned, PIN_GUP_SHORT, 1e15);
    const rec = newRecord();
    const ok = drive(m, m.contig.allocContigRange(r.start, r.pages, rec));
    expect(ok).toBe(false);
    expect(rec.reason).toBe('-EBUSY: short-term GUP pin');
    expect(rec.blocking).toContainEqual({ pfn: pinned, cause: 'short-term GUP pin' });
    // Never handed to migrate_pages: no retries spent on it; every other borrowed page moved out.
    expect(rec.retries).toBe(0);
    expect(rec.migrated).toBe(inArea.length - 1);
    expect(k.mem.kind[pinned]).toBe(PG_ANON);
  });

  it('names a page that was pinned when scanned but released before the check', () => {
    const { m, k, r, inArea } = areaWithAnon();
    const pinned = inArea[0]!;
    k.pin(pinned, PIN_GUP_SHORT, 1e15);
    const rec = newRecord();
    const gen = m.contig.allocContigRange(r.start, r.pages, rec);
    // The first step is the drains before migration; the scan follows. Unpin once migration has begun.
    let released = false;
    for (let s = gen.next(), n = 0; ; s = gen.next(), n++) {
      if (s.done) {
        expect(s.value).toBe(false);
        break;
      }
      if (n === 2 && !released) {
        k.unpin(0, pinned);
        released = true;
      }
    }
    expect(released).toBe(true);
    expect(rec.reason).toBe(`-EBUSY: ${CAUSE_PINNED_AT_ISOLATION}`);
  });

  it('retries a page under writeback for the first passes and waits for it only from the force pass', () => {
    const { m, k, r, inArea } = areaWithAnon();
    const wb = inArea[0]!;
    k.mem.flags[wb]! |= PF_WRITEBACK;
    k.mem.busyUntil[wb] = m.sim.now() + 20e6;
    const rec = newRecord();
    let sleeps = 0;
    const ok = drive(m, m.contig.allocContigRange(r.start, r.pages, rec), () => {
      // end_page_writeback at the first wait: the next look finds it done.
      sleeps++;
      k.mem.flags[wb]! &= ~PF_WRITEBACK;
    });
    expect(ok).toBe(true);
    expect(sleeps).toBe(1);
    expect(rec.retries).toBe(MIGRATE_FORCE_FROM_PASS);
    expect(rec.written).toBe(1);
    expect(rec.migrated).toBe(inArea.length);
  });
});
