/*
 * The page allocator front end for our single zone (mm/page_alloc.c):
 * rmqueue() ladder, per-CPU lists, free_unref_page(), drain_all_pages().
 * Watermarks and the slow path (reclaim) live in the kernel layer above.
 */
import type { KernelFeatures } from '../policy/sdk.ts';
import { Buddy } from './buddy.ts';
import type { MemMap } from './pages.ts';
import type { Pageblocks } from './pageblock.ts';
import { PCP_CMA, PCP_TYPES, pcpListId, type PcpConfig } from './pcp.ts';
import { MAX_ORDER, MIGRATE_CMA, MIGRATE_ISOLATE, MIGRATE_MOVABLE, PG_PCP } from './types.ts';

export class Zone {
  readonly buddy: Buddy;

  constructor(
    readonly mem: MemMap,
    readonly pb: Pageblocks,
    readonly pcp: PcpConfig,
    private readonly features: KernelFeatures,
  ) {
    this.buddy = new Buddy(mem, pb);
  }

  nrFree(): number {
    return this.buddy.nrFree();
  }

  nrFreeCma(): number {
    return this.buddy.nrFreeCma();
  }

  private cmaFirst(): boolean {
    const t = this.features.cmaFirstThreshold;
    return t !== null && this.buddy.nrFreeCma() > t * this.buddy.nrFree();
  }

  /** __rmqueue: CMA first when the v5.8 rule says so, then own type, then CMA, then steal. */
  rmqueue(order: number, mt: number, allowCma: boolean): number {
    const buddy = this.buddy;
    if (allowCma && this.cmaFirst()) {
      const p = buddy.rmqueueCmaFallback(order, this.features.cmaFallbackLargest);
      if (p >= 0) return p;
    }
    let p = buddy.rmqueueSmallest(order, mt);
    if (p >= 0) return p;
    const unmovableSteals = this.features.unmovableStealsPageblock;
    if (allowCma && this.features.cmaFallbackLargest) return buddy.rmqueueFallback(order, mt, true, unmovableSteals);
    if (allowCma) {
      p = buddy.rmqueueCmaFallback(order);
      if (p >= 0) return p;
    }
    return buddy.rmqueueFallback(order, mt, false, unmovableSteals);
  }

  /** rmqueue_bulk: refill a per-CPU list with up to `batch` pages. */
  private refill(listId: number, mt: number, allowCma: boolean, cmaOnly: boolean): number {
    const mem = this.mem;
    const batch = this.pcp.batch;
    let got = 0;
    for (; got < batch; got++) {
      const p = cmaOnly ? this.buddy.rmqueueCmaFallback(0, this.features.cmaFallbackLargest) : this.rmqueue(0, mt, allowCma);
      if (p < 0) break;
      mem.kind[p] = PG_PCP;
      mem.lists.addTail(listId, p);
    }
    return got;
  }

  private popPcp(listId: number): number {
    const lists = this.mem.lists;
    const p = lists.head[listId]!;
    if (p >= 0) lists.del(p);
    return p;
  }

  /**
   * Allocate one order-0 page for `cpu`. Returns a pfn (kind left for the
   * caller to set) or -1 when the allowed free lists are empty.
   */
  allocPage(cpu: number, mt: number, allowCma: boolean): number {
    if (mt !== MIGRATE_MOVABLE) {
      const id = pcpListId(cpu, mt);
      if (this.mem.lists.head[id]! < 0 && this.refill(id, mt, false, false) === 0) return -1;
      return this.popPcp(id);
    }
    const mode = this.features.cmaPcp;
    const movId = pcpListId(cpu, MIGRATE_MOVABLE);
    if (mode === 'movable') {
      // v5.10: movable allocations without ALLOC_CMA bypass the pcp list, which may hold CMA pages.
      if (!allowCma) return this.rmqueue(0, mt, false);
      if (this.mem.lists.head[movId]! < 0 && this.refill(movId, mt, true, false) === 0) return -1;
      return this.popPcp(movId);
    }
    if (allowCma && this.cmaFirst()) {
      const p = this.allocCmaPage(cpu, mode);
      if (p >= 0) return p;
    }
    if (this.mem.lists.head[movId]! >= 0 || this.refill(movId, mt, false, false) > 0) return this.popPcp(movId);
    return allowCma ? this.allocCmaPage(cpu, mode) : -1;
  }

  private allocCmaPage(cpu: number, mode: 'separate' | 'off'): number {
    if (mode === 'off') return this.buddy.rmqueueCmaFallback(0, this.features.cmaFallbackLargest);
    const id = pcpListId(cpu, PCP_CMA);
    if (this.mem.lists.head[id]! < 0 && this.refill(id, MIGRATE_CMA, true, true) === 0) return -1;
    return this.popPcp(id);
  }

  /** Higher-order allocation straight from the buddy lists. */
  allocBlock(order: number, mt: number, allowCma: boolean): number {
    return this.rmqueue(order, mt, allowCma);
  }

  /** free_unref_page: to the per-CPU list of the page's type, spilling a batch when above high. */
  freePage(cpu: number, pfn: number): void {
    const mt = this.pb.mtOf(pfn);
    let type = mt;
    if (mt === MIGRATE_ISOLATE) {
      this.buddy.freeBlock(pfn, 0);
      return;
    }
    if (mt === MIGRATE_CMA) {
      const mode = this.features.cmaPcp;
      if (mode === 'off') {
        this.buddy.freeBlock(pfn, 0);
        return;
      }
      type = mode === 'separate' ? PCP_CMA : MIGRATE_MOVABLE;
    }
    const mem = this.mem;
    const id = pcpListId(cpu, type);
    mem.kind[pfn] = PG_PCP;
    mem.lists.addHead(id, pfn);
    if (mem.lists.count[id]! > this.pcp.high) this.freePcppagesBulk(id, this.pcp.batch);
  }

  /** free_pcppages_bulk: return `count` pages from the cold end of a per-CPU list. */
  private freePcppagesBulk(id: number, count: number): void {
    const lists = this.mem.lists;
    for (let i = 0; i < count; i++) {
      const p = lists.tail[id]!;
      if (p < 0) break;
      lists.del(p);
      this.buddy.freeBlock(p, 0);
    }
  }

  /** drain_all_pages: every per-CPU list back to the buddy allocator. */
  drainAllPages(): number {
    let drained = 0;
    const lists = this.mem.lists;
    for (let cpu = 0; cpu < this.pcp.cpus; cpu++) {
      for (let t = 0; t < PCP_TYPES; t++) {
        const id = pcpListId(cpu, t);
        drained += lists.count[id]!;
        this.freePcppagesBulk(id, lists.count[id]!);
      }
    }
    return drained;
  }

  nrPcp(): number {
    let n = 0;
    const c = this.mem.lists.count;
    for (let cpu = 0; cpu < this.pcp.cpus; cpu++) for (let t = 0; t < PCP_TYPES; t++) n += c[pcpListId(cpu, t)]!;
    return n;
  }

  /** Hand [startPfn, startPfn+pages) to the buddy allocator in the largest aligned blocks (memblock_free_all). */
  releaseToBuddy(startPfn: number, pages: number): void {
    const end = startPfn + pages;
    let pfn = startPfn;
    while (pfn < end) {
      let o = MAX_ORDER - 1;
      while (o > 0 && ((pfn & ((1 << o) - 1)) !== 0 || pfn + (1 << o) > end)) o--;
      this.buddy.freeBlock(pfn, o);
      pfn += 1 << o;
    }
  }
}
