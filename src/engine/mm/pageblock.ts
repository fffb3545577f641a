/*
 * Pageblocks: pageblock_order-sized groups of pages, each with one migratetype
 * (mm/page_alloc.c: set_pageblock_migratetype). Moving free pages between
 * lists when the type changes is the buddy allocator's job (buddy.ts).
 */
import { MIGRATE_MOVABLE } from './types.ts';

export class Pageblocks {
  readonly order: number;
  readonly nrPages: number;
  readonly count: number;
  readonly mt: Uint8Array;

  constructor(totalPages: number, pageblockOrder: number) {
    this.order = pageblockOrder;
    this.nrPages = 1 << pageblockOrder;
    this.count = Math.ceil(totalPages / this.nrPages);
    // Boot marks every pageblock MOVABLE (memmap_init_range); allocations steal from there.
    this.mt = new Uint8Array(this.count).fill(MIGRATE_MOVABLE);
  }

  of(pfn: number): number {
    return pfn >>> this.order;
  }

  mtOf(pfn: number): number {
    return this.mt[pfn >>> this.order]!;
  }
}
