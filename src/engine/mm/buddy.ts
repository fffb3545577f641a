/*
 * The buddy allocator (mm/page_alloc.c): free_area[order].free_list[migratetype]
 * with merging on free, splitting on allocation (expand), the fallback table
 * and pageblock stealing. Since v6.9 a free block always sits on the list of
 * its head pageblock's migratetype; we keep that invariant throughout.
 */
import { LIST_BUDDY_BASE, LIST_NONE } from './lists.ts';
import type { MemMap } from './pages.ts';
import type { Pageblocks } from './pageblock.ts';
import {
  MAX_ORDER,
  MIGRATE_CMA,
  MIGRATE_ISOLATE,
  MIGRATE_MOVABLE,
  MIGRATE_PCPTYPES,
  MIGRATE_RECLAIMABLE,
  MIGRATE_TYPES,
  MIGRATE_UNMOVABLE,
  PG_FREE,
} from './types.ts';

/** mm/page_alloc.c fallbacks[][]: steal order per migratetype. */
const FALLBACKS: readonly (readonly number[])[] = [
  [MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE], // UNMOVABLE
  [MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE], // MOVABLE
  [MIGRATE_UNMOVABLE, MIGRATE_MOVABLE], // RECLAIMABLE
];

/** Before v4.1 MOVABLE's list began with CMA (taken without stealing: CMA pageblocks never change type). */
const MOVABLE_FALLBACKS_PRE_4_1: readonly number[] = [MIGRATE_CMA, MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE];

export function buddyListId(order: number, mt: number): number {
  return LIST_BUDDY_BASE + order * MIGRATE_TYPES + mt;
}

export class Buddy {
  /** Free pages per migratetype (NR_FREE_PAGES split by type; ISOLATE excluded from nrFree). */
  readonly freeByMt = new Int32Array(MIGRATE_TYPES);
  /** Pageblocks whose type changed by stealing (for vmstat). */
  steals = 0;

  constructor(
    private readonly mem: MemMap,
    private readonly pb: Pageblocks,
  ) {}

  /** NR_FREE_PAGES: isolated free pages are not counted (set_migratetype_isolate). */
  nrFree(): number {
    const f = this.freeByMt;
    return f[0]! + f[1]! + f[2]! + f[3]!;
  }

  nrFreeCma(): number {
    return this.freeByMt[MIGRATE_CMA]!;
  }

  private addBlock(pfn: number, order: number, mt: number): void {
    const mem = this.mem;
    mem.order[pfn] = order;
    mem.lists.addHead(LIST_BUDDY_BASE + order * MIGRATE_TYPES + mt, pfn);
    this.freeByMt[mt] += 1 << order;
  }

  private delBlock(pfn: number, order: number, mt: number): void {
    const mem = this.mem;
    mem.lists.del(pfn);
    mem.order[pfn] = -1;
    this.freeByMt[mt] -= 1 << order;
  }

  /** Is pfn the head of a free buddy block of exactly `order`? (page_is_buddy) */
  private isBuddy(pfn: number, order: number): boolean {
    const mem = this.mem;
    return mem.order[pfn] === order && mem.kind[pfn] === PG_FREE && mem.lists.list[pfn]! !== LIST_NONE;
  }

  /**
   * __free_one_page: put a block back, merging with free buddies. Above
   * pageblock order, blocks of different types merge only if both are
   * ordinary (CMA and ISOLATE never merge with others).
   */
  freeBlock(pfn: number, order: number): void {
    const mem = this.mem;
    const kind = mem.kind;
    const n = 1 << order;
    for (let i = 0; i < n; i++) kind[pfn + i] = PG_FREE;
    const pbOrder = this.pb.order;
    const total = mem.nrPages;
    let mt = this.pb.mtOf(pfn);
    while (order < MAX_ORDER - 1) {
      const buddy = pfn ^ (1 << order);
      if (buddy + (1 << order) > total || !this.isBuddy(buddy, order)) break;
      const buddyMt = this.pb.mtOf(buddy);
      if (order >= pbOrder && buddyMt !== mt && (mt >= MIGRATE_PCPTYPES || buddyMt >= MIGRATE_PCPTYPES)) break;
      this.delBlock(buddy, order, buddyMt);
      pfn = pfn & buddy;
      order++;
      mt = this.pb.mtOf(pfn);
    }
    this.addBlock(pfn, order, mt);
  }

  /** expand(): split a block of `high` down to `low`, returning the upper halves to the free lists. */
  private expand(pfn: number, low: number, high: number): void {
    while (high > low) {
      high--;
      const half = pfn + (1 << high);
      this.addBlock(half, high, this.pb.mtOf(half));
    }
  }

  /** __rmqueue_smallest: the smallest free block of `mt` at or above `order`. */
  rmqueueSmallest(order: number, mt: number): number {
    const lists = this.mem.lists;
    const head = lists.head;
    for (let o = order; o < MAX_ORDER; o++) {
      const pfn = head[LIST_BUDDY_BASE + o * MIGRATE_TYPES + mt]!;
      if (pfn < 0) continue;
      return this.takeBlock(pfn, o, mt, order);
    }
    return -1;
  }

  /** Take a free block of `blockOrder` off its list and hand out its first 2^order pages (expand). */
  private takeBlock(pfn: number, blockOrder: number, mt: number, order: number): number {
    this.delBlock(pfn, blockOrder, mt);
    this.expand(pfn, order, blockOrder);
    return pfn;
  }

  /** __rmqueue_cma_fallback; `largest`: the pre-v4.1 pick, the largest free CMA block first. */
  rmqueueCmaFallback(order: number, largest = false): number {
    if (!largest) return this.rmqueueSmallest(order, MIGRATE_CMA);
    const head = this.mem.lists.head;
    for (let o = MAX_ORDER - 1; o >= order; o--) {
      const pfn = head[LIST_BUDDY_BASE + o * MIGRATE_TYPES + MIGRATE_CMA]!;
      if (pfn >= 0) return this.takeBlock(pfn, o, MIGRATE_CMA, order);
    }
    return -1;
  }

  /**
   * __rmqueue_fallback: take the largest block of a fallback type, stealing its
   * whole pageblock when the block is big (can_steal_fallback) and most of the
   * pageblock is free. Returns the pfn allocated, or -1. `withCma`: the
   * pre-v4.1 table, where a MOVABLE fallback tries CMA first at each order.
   * `unmovableSteals` false: v3.18 and earlier, where only RECLAIMABLE and large orders
   * may claim a block.
   */
  rmqueueFallback(order: number, startMt: number, withCma = false, unmovableSteals = true): number {
    const fallbacks = withCma && startMt === MIGRATE_MOVABLE ? MOVABLE_FALLBACKS_PRE_4_1 : FALLBACKS[startMt]!;
    const head = this.mem.lists.head;
    const pbOrder = this.pb.order;
    for (let o = MAX_ORDER - 1; o >= order; o--) {
      for (let f = 0; f < fallbacks.length; f++) {
        const fmt = fallbacks[f]!;
        const pfn = head[LIST_BUDDY_BASE + o * MIGRATE_TYPES + fmt]!;
        if (pfn < 0) continue;
        const canSteal =
          fmt !== MIGRATE_CMA &&
          (o >= pbOrder >> 1 || startMt === MIGRATE_RECLAIMABLE || (unmovableSteals && startMt === MIGRATE_UNMOVABLE));
        if (canSteal) {
          const pbIdx = this.pb.of(pfn);
          const free = this.countFreeInPageblock(pbIdx);
          if (o >= pbOrder || free >= this.pb.nrPages >> 1) {
            this.setPageblockMigratetype(pbIdx, startMt);
            this.steals++;
            const got = this.rmqueueSmallest(order, startMt);
            if (got >= 0) return got;
          }
        }
        // Take from the fallback list directly without changing the pageblock's type.
        const p = head[LIST_BUDDY_BASE + o * MIGRATE_TYPES + fmt]!;
        if (p < 0) continue;
        return this.takeBlock(p, o, fmt, order);
      }
    }
    return -1;
  }

  countFreeInPageblock(pbIdx: number): number {
    const mem = this.mem;
    const start = pbIdx << this.pb.order;
    const end = Math.min(start + this.pb.nrPages, mem.nrPages);
    let free = 0;
    for (let pfn = start; pfn < end; ) {
      const o = mem.order[pfn]!;
      if (o >= 0 && mem.kind[pfn] === PG_FREE && mem.lists.list[pfn]! !== LIST_NONE) {
        free += 1 << o;
        pfn += 1 << o;
      } else pfn++;
    }
    return free;
  }

  /**
   * set_pageblock_migratetype + move_freepages_block: change a pageblock's type
   * and move the free blocks headed in it to the new type's lists. A larger
   * free block that covers the pageblock is split first so types stay exact.
   */
  setPageblockMigratetype(pbIdx: number, newMt: number): void {
    const mem = this.mem;
    const pbOrder = this.pb.order;
    const start = pbIdx << pbOrder;
    this.splitCoveringBlock(start, pbOrder);
    const oldMt = this.pb.mt[pbIdx]!;
    if (oldMt === newMt) return;
    const end = Math.min(start + this.pb.nrPages, mem.nrPages);
    for (let pfn = start; pfn < end; ) {
      const o = mem.order[pfn]!;
      if (o >= 0 && mem.kind[pfn] === PG_FREE && mem.lists.list[pfn]! !== LIST_NONE) {
        this.delBlock(pfn, o, oldMt);
        this.pb.mt[pbIdx] = newMt;
        this.addBlock(pfn, o, newMt);
        this.pb.mt[pbIdx] = oldMt;
        pfn += 1 << o;
      } else pfn++;
    }
    this.pb.mt[pbIdx] = newMt;
  }

  /** If a free block larger than 2^order covers pfn (aligned), split it so pfn heads a block of at most 2^order. */
  private splitCoveringBlock(pfn: number, order: number): void {
    for (let o = MAX_ORDER - 1; o > order; o--) {
      const head = pfn & ~((1 << o) - 1);
      if (!this.isBuddy(head, o)) continue;
      const piece = this.splitAround(head, o, pfn, order);
      this.addBlock(piece, order, this.pb.mtOf(piece));
      return;
    }
  }

  /**
   * Take one specific free page out of the buddy allocator (take_page_off_buddy
   * / isolate_freepages_range): split its block around it.
   */
  takeFreePage(pfn: number): boolean {
    for (let o = 0; o < MAX_ORDER; o++) {
      const head = pfn & ~((1 << o) - 1);
      if (!this.isBuddy(head, o)) continue;
      this.splitAround(head, o, pfn, 0);
      return true;
    }
    return false;
  }

  /**
   * Remove the free block (head, o) and give back every half that does not
   * contain pfn, down to `order`. Returns the 2^order piece holding pfn, which
   * is left off the lists for the caller.
   */
  private splitAround(head: number, o: number, pfn: number, order: number): number {
    this.delBlock(head, o, this.pb.mtOf(head));
    let cur = head;
    while (o > order) {
      o--;
      const hi = cur + (1 << o);
      if (pfn >= hi) {
        this.addBlock(cur, o, this.pb.mtOf(cur));
        cur = hi;
      } else {
        this.addBlock(hi, o, this.pb.mtOf(hi));
      }
    }
    return cur;
  }
}
