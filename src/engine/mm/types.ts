/*
 * Kernel vocabulary shared by the mm modules: migratetypes, buddy orders, page
 * content kinds, page flags and pin causes. Values index typed arrays, so they
 * are small integers (const enums would not survive isolatedModules).
 */

// include/linux/mmzone.h: enum migratetype (HIGHATOMIC omitted: no high-order atomic reserve is modelled).
export const MIGRATE_UNMOVABLE = 0;
export const MIGRATE_MOVABLE = 1;
export const MIGRATE_RECLAIMABLE = 2;
export const MIGRATE_CMA = 3;
export const MIGRATE_ISOLATE = 4;
export const MIGRATE_TYPES = 5;
export const MIGRATE_PCPTYPES = 3;
export const MIGRATETYPE_NAMES = ['Unmovable', 'Movable', 'Reclaimable', 'CMA', 'Isolate'] as const;

/** Orders 0..10 (MAX_ORDER 11 in kernels before 6.4, MAX_PAGE_ORDER 10 after). */
export const MAX_ORDER = 11;

/** What a page frame holds. Exactly one per pfn: "no page in two states". */
export const PG_FREE = 0; // on a buddy free list
export const PG_PCP = 1; // free, on a per-CPU list
export const PG_ANON = 2;
export const PG_FILE = 3;
export const PG_KERNEL = 4; // unmovable kernel allocation (slab, page tables)
export const PG_ZRAM = 5; // zsmalloc pool page backing zram
export const PG_DEVICE = 6; // part of a contiguous allocation handed to a device
export const PG_RESERVED = 7; // free page of a carve-out or pool region, outside the buddy allocator
export const PG_CLEANCACHE = 8; // pool region page holding a cleancache copy
export const PG_FRONTSWAP = 9; // pool region page holding a frontswap copy
export const PAGE_KINDS = 10;
export const PAGE_KIND_NAMES = ['free', 'pcp', 'anon', 'file', 'kernel', 'zram', 'device', 'reserved', 'cleancache', 'frontswap'] as const;

/** page->flags subset. */
export const PF_DIRTY = 1;
export const PF_WRITEBACK = 2;
export const PF_LOCKED = 4;
export const PF_ACTIVE = 8;
export const PF_REFERENCED = 16;
/** Buffer heads attached (block-device metadata pages); per-CPU bh LRUs may hold references. */
export const PF_BUFFER_HEAD = 32;
/** Freed by its owner while pinned: the last unpin frees it. */
export const PF_ORPHAN = 64;
/** Reclaim wrote it out: free it when writeback completes (PG_reclaim). */
export const PF_RECLAIM = 128;
/** PG_workingset: the page was activated (or refaulted) once; it stays set when deactivated. */
export const PF_WORKINGSET = 256;
/** Isolated for migration (isolate_lru_page took it off the LRU): reclaim does not see it. */
export const PF_ISOLATED = 512;

/** Why a page holds an extra reference (the cause recorded with a pin). */
export const PIN_NONE = 0;
export const PIN_GUP_SHORT = 1;
export const PIN_GUP_LONG = 2;
export const PIN_AIO_RING = 3;
export const PIN_CAUSE_NAMES = ['none', 'short-term GUP pin', 'long-term GUP pin', 'AIO ring page'] as const;

export const NO_PFN = -1;
