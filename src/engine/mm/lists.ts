/*
 * Intrusive doubly linked lists over pfns (the kernel's page->lru). A page is
 * on at most one list at a time, whichever it is: buddy free list, per-CPU
 * list or LRU. list[pfn] names the list, so removal and checks are O(1).
 */

export const LIST_NONE = 0;
/** Buddy free lists: 1 + order * MIGRATE_TYPES + migratetype (1..55). */
export const LIST_BUDDY_BASE = 1;
/** Per-CPU lists: 64 + cpu * 4 + pcp type (up to 32 CPUs). */
export const LIST_PCP_BASE = 64;
/** LRU lists (enum lru_list order). */
export const LIST_INACTIVE_ANON = 200;
export const LIST_ACTIVE_ANON = 201;
export const LIST_INACTIVE_FILE = 202;
export const LIST_ACTIVE_FILE = 203;
/** Per-CPU LRU add batches (cpu_fbatches.lru_add): 210 + cpu. */
export const LIST_LRU_BATCH_BASE = 210;
export const LIST_IDS = 256;

export class PageLists {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly list: Uint8Array;
  readonly head = new Int32Array(LIST_IDS).fill(-1);
  readonly tail = new Int32Array(LIST_IDS).fill(-1);
  readonly count = new Int32Array(LIST_IDS);

  constructor(nrPages: number) {
    this.next = new Int32Array(nrPages).fill(-1);
    this.prev = new Int32Array(nrPages).fill(-1);
    this.list = new Uint8Array(nrPages);
  }

  addHead(id: number, pfn: number): void {
    const h = this.head[id]!;
    this.next[pfn] = h;
    this.prev[pfn] = -1;
    if (h >= 0) this.prev[h] = pfn;
    else this.tail[id] = pfn;
    this.head[id] = pfn;
    this.list[pfn] = id;
    this.count[id]++;
  }

  addTail(id: number, pfn: number): void {
    const t = this.tail[id]!;
    this.prev[pfn] = t;
    this.next[pfn] = -1;
    if (t >= 0) this.next[t] = pfn;
    else this.head[id] = pfn;
    this.tail[id] = pfn;
    this.list[pfn] = id;
    this.count[id]++;
  }

  del(pfn: number): void {
    const id = this.list[pfn]!;
    const n = this.next[pfn]!;
    const p = this.prev[pfn]!;
    if (p >= 0) this.next[p] = n;
    else this.head[id] = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail[id] = p;
    this.next[pfn] = -1;
    this.prev[pfn] = -1;
    this.list[pfn] = LIST_NONE;
    this.count[id]--;
  }
}
