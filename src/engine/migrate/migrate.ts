/*
 * Page migration (mm/migrate.c): move one in-use page to a free page outside
 * the range, or say why not. The reasons are the ones the LKML thread lists:
 * extra references (GUP pins, per-CPU LRU batches, buffer_head LRUs), AIO
 * rings before v3.12, locked pages, writeback, dirty pages on a filesystem
 * without a migratepage callback, and no destination page (-ENOMEM).
 */
import type { Kernel } from '../kernel.ts';
import { LIST_LRU_BATCH_BASE, LIST_NONE } from '../mm/lists.ts';
import {
  MIGRATE_MOVABLE,
  PF_BUFFER_HEAD,
  PF_DIRTY,
  PF_ISOLATED,
  PF_LOCKED,
  PF_WRITEBACK,
  PG_ANON,
  PG_FILE,
  PG_ZRAM,
  PIN_AIO_RING,
  PIN_CAUSE_NAMES,
} from '../mm/types.ts';
import { V } from '../metrics/vmstat.ts';

export const MIG_OK = 0;
/** Transient failure: the page stays on the list and is retried (-EAGAIN). */
export const MIG_BUSY = 1;
/** Sync mode: wait until mem.busyUntil[pfn], then retry. */
export const MIG_WAIT = 2;
/** No destination page (-ENOMEM): alloc_contig_range gives up at once. */
export const MIG_NOMEM = 3;

export const CAUSE_LRU_BATCH = 'per-CPU LRU batch reference';
export const CAUSE_BH_LRU = 'buffer_head LRU reference';
export const CAUSE_LOCKED = 'page locked';
export const CAUSE_WRITEBACK = 'under writeback';
export const CAUSE_DIRTY_NO_MIGRATE = 'dirty page, filesystem without migratepage';
export const CAUSE_UNMOVABLE = 'unmovable kernel page';
export const CAUSE_NOMEM = 'no destination page';

export function isMovableKind(kind: number): boolean {
  return kind === PG_ANON || kind === PG_FILE || kind === PG_ZRAM;
}

export class Migrator {
  /** Why the last MIG_BUSY happened. */
  lastCause = '';

  constructor(private readonly k: Kernel) {}

  /** Why this page cannot be migrated right now, or '' if nothing but a copy stands in the way. */
  blockCause(pfn: number, sync: boolean): string {
    const k = this.k;
    const mem = k.mem;
    const kind = mem.kind[pfn]!;
    if (!isMovableKind(kind) || (kind === PG_ZRAM && !k.features.zsmallocMovable)) return CAUSE_UNMOVABLE;
    const list = mem.lists.list[pfn]!;
    if (list >= LIST_LRU_BATCH_BASE && list < LIST_LRU_BATCH_BASE + 32) return CAUSE_LRU_BATCH;
    if (mem.pinCount[pfn]! > 0) {
      const cause = mem.pinCause[pfn]!;
      if (!(cause === PIN_AIO_RING && k.features.aioRingMigratable)) return PIN_CAUSE_NAMES[cause]!;
    }
    const f = mem.flags[pfn]!;
    if (f & PF_BUFFER_HEAD && k.inBhLru(pfn)) return CAUSE_BH_LRU;
    if (!sync) {
      if (f & PF_LOCKED) return CAUSE_LOCKED;
      if (f & PF_WRITEBACK) return CAUSE_WRITEBACK;
      if (f & PF_DIRTY && mem.kind[pfn] === PG_FILE && k.maps.lacksMigrateCallback(mem.mapping[pfn]!)) return CAUSE_DIRTY_NO_MIGRATE;
    }
    return '';
  }

  /**
   * One migrate_pages attempt on one page (unmap_and_move). `force` (migrate_pages' pass > 2)
   * lets a sync migration wait for a page lock or writeback; before it they are -EAGAIN.
   */
  migratePage(pfn: number, sync: boolean, cpu: number, force = true): number {
    const k = this.k;
    const mem = k.mem;
    const cause = this.blockCause(pfn, sync);
    if (cause !== '') {
      this.lastCause = cause;
      k.charged += k.costs.migrateRetryNs;
      return MIG_BUSY;
    }
    const f = mem.flags[pfn]!;
    if (f & (PF_LOCKED | PF_WRITEBACK)) {
      // lock_page / wait_on_page_writeback in MIGRATE_SYNC. Writeback is waited for until it
      // really ends, even when the request is still queued behind reads past its estimate.
      if (force && (mem.busyUntil[pfn]! > k.now() || f & PF_WRITEBACK)) return MIG_WAIT;
      this.lastCause = f & PF_LOCKED ? CAUSE_LOCKED : CAUSE_WRITEBACK;
      k.charged += k.costs.migrateRetryNs;
      return MIG_BUSY;
    }
    if (f & PF_DIRTY && mem.kind[pfn] === PG_FILE && k.maps.lacksMigrateCallback(mem.mapping[pfn]!)) {
      // fallback_migrate_page -> writeout(): start writeback, retry later.
      k.vmscan.queueWriteback(pfn, false);
      k.vmscan.flushIo();
      this.lastCause = CAUSE_DIRTY_NO_MIGRATE;
      return MIG_WAIT;
    }
    const kind = mem.kind[pfn]!;
    const dst = k.allocPage(cpu, 'migrate-target', MIGRATE_MOVABLE, k.allowCma('migrate-target', MIGRATE_MOVABLE));
    if (dst < 0) {
      this.lastCause = CAUSE_NOMEM;
      k.vm.v[V.pgmigrate_fail]++;
      return MIG_NOMEM;
    }
    if (mem.kind[pfn] !== kind) {
      // Freed while the destination was allocated (only a page not isolated can be): nothing to move.
      k.freePage(cpu, dst);
      return MIG_OK;
    }
    this.movePage(pfn, dst);
    k.charged += k.costs.migratePageNs;
    k.vm.v[V.pgmigrate_success]++;
    return MIG_OK;
  }

  /** Move a page's identity to dst and free the source (which lands on an isolated free list). */
  movePage(src: number, dst: number): void {
    const k = this.k;
    const mem = k.mem;
    mem.kind[dst] = mem.kind[src]!;
    // The new page goes back on the LRU (putback): no longer isolated.
    mem.flags[dst] = mem.flags[src]! & ~PF_ISOLATED;
    const map = mem.mapping[src]!;
    const idx = mem.index[src]!;
    mem.mapping[dst] = map;
    mem.index[dst] = idx;
    mem.pinCount[dst] = mem.pinCount[src]!;
    mem.pinCause[dst] = mem.pinCause[src]!;
    mem.busyUntil[dst] = mem.busyUntil[src]!;
    mem.pinCount[src] = 0;
    mem.pinCause[src] = 0;
    if (map >= 0) k.maps.get(map)[idx] = dst;
    const list = mem.lists.list[src]!;
    if (list !== LIST_NONE) {
      mem.lists.del(src);
      mem.lists.addHead(list, dst);
    }
    k.freePage(0, src);
  }
}
