/*
 * Contiguous allocation (mm/page_alloc.c alloc_contig_range, mm/cma.c
 * cma_alloc) as generators: each yielded step lets virtual time pass while the
 * rest of the system keeps running (pins expire, writeback completes, other
 * tasks allocate outside the isolated range). CPU work is yielded as plain ns
 * (the loops pass cond_resched(), so the task shares the CPUs); waits for I/O
 * as sleep steps.
 *
 * alloc_contig_range, as in v5.x-6.x:
 *   1. start_isolate_page_range: pageblocks covering the range -> MIGRATE_ISOLATE
 *      (up to v5.10 each pageblock isolated also drained the page lists)
 *   2. drain_all_pages + lru_add_drain_all (+ invalidate_bh_lrus, v5.13)
 *   3. __alloc_contig_migrate_range: batches of COMPACT_CLUSTER_MAX pages
 *      (isolate_migratepages_block passes over anon pages with more references
 *      than mappings, i.e. pinned: since v3.15 they are never taken); then
 *      reclaim_clean_pages_from_list and migrate_pages (10 passes, waiting on
 *      locked or writeback pages only from the 4th, "force"); the 5th
 *      migrate_pages call on one batch gives -EBUSY; -ENOMEM aborts at once
 *   4. test_pages_isolated: every page free, else -EBUSY
 *   5. take the free pages, undo_isolate_page_range
 */
import type { Kernel } from '../kernel.ts';
import { sleepStep, type CmaAllocOptions, type ContigRecord, type ContigRequest, type ContigStep, type ContigTask } from '../policy/sdk.ts';
import { LIST_ACTIVE_ANON, LIST_ACTIVE_FILE, LIST_INACTIVE_ANON, LIST_INACTIVE_FILE, LIST_LRU_BATCH_BASE } from '../mm/lists.ts';
import { MIGRATE_ISOLATE, PF_DIRTY, PF_ISOLATED, PF_LOCKED, PF_WRITEBACK, PG_ANON, PG_DEVICE, PG_FILE, PG_FREE, PG_RESERVED, PG_ZRAM, PIN_AIO_RING } from '../mm/types.ts';
import { V } from '../metrics/vmstat.ts';
import { CAUSE_LRU_BATCH, CAUSE_NOMEM, MIG_BUSY, MIG_NOMEM, MIG_OK, MIG_WAIT, Migrator } from './migrate.ts';
import { RegionBitmap } from './bitmap.ts';

/** COMPACT_CLUSTER_MAX (= SWAP_CLUSTER_MAX). */
const COMPACT_CLUSTER_MAX = 32;
/** __alloc_contig_migrate_range: migrate_pages calls on one batch before -EBUSY (tries == 5). */
export const CONTIG_MAX_TRIES = 5;
/** migrate_pages: passes per call (10 since v2.6; NR_MAX_MIGRATE_PAGES_RETRY in 6.x). */
export const MIGRATE_PASSES = 10;
/**
 * migrate_pages calls unmap_and_move with force = (pass > 2): before that a locked page or
 * one under writeback is -EAGAIN (retried next pass), from then on the task waits for it.
 */
export const MIGRATE_FORCE_FROM_PASS = 3;
/** Why an in-use page a request left alone (isolate_migratepages_block) still stood there at the check. */
export const CAUSE_PINNED_AT_ISOLATION = 'pinned when the range was scanned (not isolated)';
/** Blocking pfns kept per request. */
const MAX_BLOCKING = 16;
/** Sync waits at least this long are recorded with the page that caused them. */
const WAIT_WORTH_NAMING_NS = 1e6;
export const CAUSE_WAIT_WRITEBACK = 'waited for writeback';
/** A page still under writeback past its estimated end is looked at again after this long. */
const WRITEBACK_RECHECK_NS = 1e6;
export const CAUSE_WAIT_LOCKED = 'waited for page lock (I/O)';
/** The CPU a contiguous allocation runs on (its per-CPU lists). */
const CONTIG_CPU = 0;

export class ContigAllocator {
  readonly migrator: Migrator;
  bitmap: RegionBitmap | null = null;

  constructor(private readonly k: Kernel) {
    this.migrator = new Migrator(k);
  }

  private addBlocking(rec: ContigRecord, pfn: number, cause: string): void {
    if (rec.blocking.length >= MAX_BLOCKING) return;
    for (const b of rec.blocking) if (b.pfn === pfn) return;
    rec.blocking.push({ pfn, cause });
  }

  /** Yield what the kernel charged so far: its CPU part as shared work, any I/O wait in it as sleep. */
  private *flush(): Generator<ContigStep, void, void> {
    const { cpuNs, waitNs } = this.k.takeCharged();
    yield cpuNs;
    if (waitNs > 0) yield sleepStep(waitNs);
  }

  /** alloc_contig_range on [start, start + pages). */
  *allocContigRange(start: number, pages: number, rec: ContigRecord, opts: CmaAllocOptions = {}): ContigTask {
    const k = this.k;
    const mem = k.mem;
    const pb = k.pb;
    const costs = k.costs;
    const sync = !opts.failFast;
    const perBlockDrain = k.features.drainPerIsolatedPageblock;
    const end = start + pages;
    const pbFirst = pb.of(start);
    const pbLast = pb.of(end - 1);
    const saved = k.charged;
    k.charged = 0;
    k.lruCacheDisabled++;
    const oldMt: number[] = [];
    let isolated = 0;
    // Pages isolated from the LRU for the current migration batch.
    const pending: number[] = [];
    try {
      // 1. Isolate. A pageblock already isolated by a concurrent request is a conflict (-EBUSY).
      for (let i = pbFirst; i <= pbLast; i++) {
        if (pb.mt[i] === MIGRATE_ISOLATE) {
          rec.reason = '-EBUSY: range isolated by another allocation';
          return false;
        }
        oldMt.push(pb.mt[i]!);
        k.zone.buddy.setPageblockMigratetype(i, MIGRATE_ISOLATE);
        isolated++;
        k.charged += costs.isolatePageblockNs;
        if (perBlockDrain) {
          k.zone.drainAllPages();
          k.charged += costs.drainPerCpuNs * k.cpus;
        }
      }
      // 2. Drain per-CPU lists so no free page of the range hides there (before v5.11 the
      // page lists were drained above and migrate_prep drains the LRU batches).
      if (!perBlockDrain) k.zone.drainAllPages();
      k.lruAddDrainAll();
      k.charged += (perBlockDrain ? 1 : 2) * costs.drainPerCpuNs * k.cpus;
      if (k.features.bhLruInvalidateDuringContig) {
        k.invalidateBhLrus();
        k.charged += costs.drainPerCpuNs * k.cpus;
      }
      yield* this.flush();

      // 3. Migrate.
      // In-use pages isolation skipped because a per-CPU LRU batch held them (no lru_cache_disable),
      // or because they were pinned anon pages: they stay in the range and fail the final check.
      const skippedInBatch: number[] = [];
      const skippedPinned: number[] = [];
      let pfn = start;
      let tries = 0;
      const maxTries = opts.failFast ? 1 : CONTIG_MAX_TRIES;
      const passes = opts.failFast ? 1 : MIGRATE_PASSES;
      let failed = false;
      for (;;) {
        if (pending.length === 0) {
          // isolate_migratepages_range: in-use pages on the LRU (or zsmalloc) in pfn order.
          while (pfn < end && pending.length < COMPACT_CLUSTER_MAX) {
            if (this.isPinnedAnon(pfn)) skippedPinned.push(pfn);
            else if (this.isIsolatable(pfn)) {
              // isolate_lru_page: reclaim must not free a page migration holds.
              mem.flags[pfn]! |= PF_ISOLATED;
              pending.push(pfn);
            } else if (this.inLruBatch(pfn)) skippedInBatch.push(pfn);
            pfn++;
          }
          if (pending.length === 0) break;
          tries = 0;
        } else if (++tries >= maxTries) {
          failed = true;
          break;
        }
        // reclaim_clean_pages_from_list: clean page cache is dropped, not copied.
        for (let i = pending.length - 1; i >= 0; i--) {
          const p = pending[i]!;
          if (this.isDroppable(p)) {
            k.vmscan.evictCleanFile(p);
            k.charged += costs.dropCleanPageNs;
            k.vm.v[V.drop_clean_contig]++;
            rec.dropped++;
            pending.splice(i, 1);
          }
        }
        // migrate_pages: up to `passes` passes over what is left.
        for (let pass = 0; pass < passes && pending.length > 0; pass++) {
          for (let i = 0; i < pending.length; ) {
            const p = pending[i]!;
            if (mem.kind[p] === PG_FREE) {
              pending.splice(i, 1);
              continue;
            }
            const r = this.migrator.migratePage(p, sync, CONTIG_CPU, pass >= MIGRATE_FORCE_FROM_PASS);
            if (r === MIG_OK) {
              rec.migrated++;
              pending.splice(i, 1);
            } else if (r === MIG_WAIT) {
              const f = mem.flags[p]!;
              if (f & PF_WRITEBACK && this.migrator.lastCause !== '') rec.written++;
              this.migrator.lastCause = '';
              // Past its estimate the write has not reached the device yet: look again shortly
              // (dispatch makes busyUntil exact), as end_page_writeback would wake us.
              const wait = mem.busyUntil[p]! > k.now() ? mem.busyUntil[p]! - k.now() : WRITEBACK_RECHECK_NS;
              // A long sync wait is what makes a tail: name the page and why.
              if (wait >= WAIT_WORTH_NAMING_NS) this.addBlocking(rec, p, f & PF_WRITEBACK ? CAUSE_WAIT_WRITEBACK : CAUSE_WAIT_LOCKED);
              yield* this.flush();
              yield sleepStep(wait);
            } else if (r === MIG_NOMEM) {
              rec.reason = `-ENOMEM: ${CAUSE_NOMEM}`;
              this.addBlocking(rec, p, CAUSE_NOMEM);
              return false;
            } else {
              rec.retries++;
              i++;
            }
          }
          yield* this.flush();
        }
        if (pending.length > 0) k.vm.v[V.pgmigrate_fail] += pending.length;
      }
      if (failed) {
        // The reason is this candidate's own first blocker (the list may already name it from an earlier candidate).
        let firstCause = '';
        for (const p of pending) {
          const cause = this.migrator.blockCause(p, false) || 'busy';
          if (firstCause === '') firstCause = cause;
          this.addBlocking(rec, p, cause);
        }
        rec.reason = `-EBUSY: ${firstCause || 'busy'}`;
        return false;
      }
      // 4. Verify: everything in the range must now be free. Before v5.11 both drains ran
      // here and each is charged; later kernels are charged one (see docs/engine.md).
      k.zone.drainAllPages();
      k.lruAddDrainAll();
      k.charged += (perBlockDrain ? 2 : 1) * costs.drainPerCpuNs * k.cpus;
      let busy = 0;
      let firstCause = '';
      for (let p = start; p < end; p++) {
        if (mem.kind[p] !== PG_FREE) {
          const cause =
            this.migrator.blockCause(p, false) ||
            (skippedInBatch.includes(p)
              ? CAUSE_LRU_BATCH
              : skippedPinned.includes(p)
                ? CAUSE_PINNED_AT_ISOLATION
                : `not free (${mem.kind[p] === PG_DEVICE ? 'device' : 'in use'})`);
          if (busy++ === 0) firstCause = cause;
          this.addBlocking(rec, p, cause);
        }
      }
      if (busy > 0) {
        rec.reason = `-EBUSY: ${firstCause}`;
        return false;
      }
      // 5. Take the pages (isolate_freepages_range).
      const buddy = k.zone.buddy;
      for (let p = start; p < end; p++) {
        buddy.takeFreePage(p);
        mem.kind[p] = PG_DEVICE;
      }
      k.charged += pages * costs.pageTakeNs;
      return true;
    } finally {
      // putback_movable_pages: whatever could not be moved goes back on the LRU.
      for (const p of pending) mem.flags[p]! &= ~PF_ISOLATED;
      for (let i = 0; i < isolated; i++) k.zone.buddy.setPageblockMigratetype(pbFirst + i, oldMt[i]!);
      k.lruCacheDisabled--;
      k.charged = saved + k.charged;
    }
  }

  private isIsolatable(pfn: number): boolean {
    const mem = this.k.mem;
    const kind = mem.kind[pfn]!;
    // zsmalloc pages migrate only since v4.8 (zsmallocMovable); before, they were never isolated.
    if (kind === PG_ZRAM) return this.k.features.zsmallocMovable;
    const list = mem.lists.list[pfn]!;
    return list === LIST_INACTIVE_ANON || list === LIST_ACTIVE_ANON || list === LIST_INACTIVE_FILE || list === LIST_ACTIVE_FILE;
  }

  /**
   * isolate_migratepages_block's "admittedly racy check" (v3.15, still in 6.x): an anon page
   * (no mapping) whose reference count exceeds its map count is pinned, so migration would
   * fail; it is not isolated at all. An AIO ring page is file-backed (the aio inode), so it
   * is taken like any other.
   */
  private isPinnedAnon(pfn: number): boolean {
    const mem = this.k.mem;
    return mem.kind[pfn] === PG_ANON && mem.pinCount[pfn]! > 0 && mem.pinCause[pfn] !== PIN_AIO_RING;
  }

  private inLruBatch(pfn: number): boolean {
    const list = this.k.mem.lists.list[pfn]!;
    return list >= LIST_LRU_BATCH_BASE && list < LIST_LRU_BATCH_BASE + this.k.cpus;
  }

  private isDroppable(pfn: number): boolean {
    const mem = this.k.mem;
    return (
      mem.kind[pfn] === PG_FILE &&
      mem.pinCount[pfn] === 0 &&
      (mem.flags[pfn]! & (PF_DIRTY | PF_LOCKED | PF_WRITEBACK)) === 0 &&
      mem.mapping[pfn]! >= 0
    );
  }

  /** cma_alloc: candidates from the area bitmap; -EBUSY moves to the next aligned candidate. */
  *cmaAlloc(req: ContigRequest, rec: ContigRecord, opts: CmaAllocOptions = {}): ContigTask {
    const k = this.k;
    const region = k.region;
    const bitmap = this.bitmap;
    if (!region || !bitmap) throw new Error('cmaAlloc: no CMA area reserved');
    const n = req.pages;
    const maxTries = opts.backoffMs ? Math.max(1, opts.maxTries ?? 1) : 1;
    for (let attempt = 0; attempt < maxTries; attempt++) {
      if (attempt > 0) {
        rec.retries++;
        yield sleepStep(opts.backoffMs! * 1e6);
      }
      let from = 0;
      for (;;) {
        const bit = bitmap.findZeroArea(from, n, req.alignOrder);
        if (bit < 0) break;
        bitmap.set(bit, n);
        rec.candidates++;
        const ok = yield* this.allocContigRange(region.startPfn + bit, n, rec, opts);
        if (ok) {
          rec.startPfn = region.startPfn + bit;
          rec.reason = null;
          k.vm.v[V.cma_alloc_success]++;
          k.vm.v[V.cma_alloc_pages_success] += n;
          return true;
        }
        bitmap.clear(bit, n);
        if (rec.reason?.startsWith('-ENOMEM')) {
          attempt = maxTries;
          break;
        }
        from = bit + (1 << req.alignOrder);
      }
    }
    if (rec.reason === null) rec.reason = 'no free range in the area';
    k.vm.v[V.cma_alloc_fail]++;
    k.vm.v[V.cma_alloc_pages_fail] += n;
    return false;
  }

  /** cma_release: pages back to the buddy allocator, bits cleared. */
  cmaRelease(startPfn: number, pages: number): void {
    const k = this.k;
    // Checked before anything is freed: freeing a page twice would corrupt the free lists.
    assertDeviceRange(k, 'cmaRelease', startPfn, pages);
    for (let p = startPfn; p < startPfn + pages; p++) k.freePage(0, p);
    this.bitmap!.clear(startPfn - k.region!.startPfn, pages);
  }

  /** Carve-out / pool: take free reserved pages for the device. */
  takeReserved(startPfn: number, pages: number, rec: ContigRecord): number {
    const k = this.k;
    const mem = k.mem;
    for (let p = startPfn; p < startPfn + pages; p++) {
      if (mem.kind[p] !== PG_RESERVED) throw new Error(`takeReserved: pfn ${p} is not a free reserved page`);
      mem.kind[p] = PG_DEVICE;
    }
    rec.startPfn = startPfn;
    return pages * k.costs.pageTakeNs;
  }

  returnReserved(startPfn: number, pages: number): void {
    assertDeviceRange(this.k, 'returnReserved', startPfn, pages);
    for (let p = startPfn; p < startPfn + pages; p++) this.k.resetReservedPage(p);
  }
}

/**
 * A policy may only give back what a device holds: whole pages inside the region, each
 * allocated to a device. Anything else (a second release, an offset pfn) is the policy's bug,
 * named here instead of surfacing later as broken free lists.
 */
export function assertDeviceRange(k: Kernel, what: string, startPfn: number, pages: number): void {
  const r = k.region;
  const call = `${what}(${startPfn}, ${pages})`;
  if (!Number.isInteger(startPfn) || !Number.isInteger(pages) || pages < 1) throw new Error(`${call}: expects a whole first pfn and a page count of at least 1`);
  if (!r || startPfn < r.startPfn || startPfn + pages > r.startPfn + r.pages) {
    throw new Error(`${call}: the range is not inside the region${r ? ` (pfns ${r.startPfn}-${r.startPfn + r.pages - 1})` : ' (none reserved)'}`);
  }
  const p = firstPfnNotHeld(k, startPfn, pages);
  if (p >= 0) throw new Error(`${call}: pfn ${p} is not allocated to a device (released twice, or not the range the allocation returned)`);
}

/** The first pfn of [startPfn, startPfn + pages) not allocated to a device, or -1 when a device holds them all. */
export function firstPfnNotHeld(k: Kernel, startPfn: number, pages: number): number {
  const kind = k.mem.kind;
  for (let p = startPfn; p < startPfn + pages; p++) if (kind[p] !== PG_DEVICE) return p;
  return -1;
}
