/*
 * Reclaimable slab: the dentries, inodes and page-cache tree nodes a workload
 * leaves behind. Their caches are SLAB_RECLAIM_ACCOUNT, so their pages come
 * from MIGRATE_RECLAIMABLE pageblocks (never from CMA) and only a shrinker
 * frees them. Reclaim calls shrink_slab after each LRU pass; from v3.12 to
 * v4.15 it scans a cache in proportion to the LRU scan:
 *   delta = 4 * nr_scanned / seeks * freeable / (lru_pages + 1),  seeks = 2,
 * at most twice the cache per call (do_shrink_slab / shrink_slab_node).
 *
 * Page granularity, oldest first: a page is freed whole once scanned. That is
 * the optimistic end: in Linux a slab page is freed only when every object on
 * it is, and a dentry still in use (a header every compile opens) keeps its
 * page. docs/engine.md says so.
 */
import type { Kernel } from '../kernel.ts';
import { MIGRATE_RECLAIMABLE } from '../mm/types.ts';
import { V } from '../metrics/vmstat.ts';

/** DEFAULT_SEEKS: a shrinker's object costs two seeks to recreate. */
const DEFAULT_SEEKS = 2;

export class SlabShrinker {
  /** Reclaimable slab pages, oldest first (the dcache and icache LRUs in creation order). */
  private pfns: number[] = [];
  private head = 0;
  /** Scan work smaller than one page, carried to the next call (shrinker->nr_deferred). */
  private deferred = 0;

  /** Pages whose objects are in use: not on the shrinker's list. */
  private nrHeld = 0;
  /** Owners to tell when the shrinker frees their page (growOwned). */
  private readonly owners = new Map<number, (pfn: number) => void>();

  constructor(private readonly k: Kernel) {}

  /** Pages the shrinker may free. */
  get nrFreeable(): number {
    return this.pfns.length - this.head;
  }

  /** NR_SLAB_RECLAIMABLE. */
  get nrPages(): number {
    return this.nrFreeable + this.nrHeld;
  }

  /** The pages the shrinker may free, oldest first (for the invariant checker). */
  freeablePfns(): readonly number[] {
    return this.pfns.slice(this.head);
  }

  /** Allocate `pages` reclaimable slab pages (may reclaim) onto the shrinker's list. Returns how many it got. */
  grow(cpu: number, pages: number): number {
    const got = this.growHeld(cpu, pages);
    this.release(got);
    return got.length;
  }

  /** Slab pages whose objects stay in use (the caller's): off the shrinker's list until release(). */
  growHeld(cpu: number, pages: number): number[] {
    const k = this.k;
    const got: number[] = [];
    while (got.length < pages) {
      const pfn = k.allocKernelPage(cpu, MIGRATE_RECLAIMABLE);
      if (pfn < 0) break;
      got.push(pfn);
    }
    this.nrHeld += got.length;
    return got;
  }

  /**
   * One slab page onto the shrinker's list whose owner tracks the objects on it: `onFree` runs
   * when the shrinker frees the page, so the owner knows to allocate them again on next use.
   * Returns the pfn, or -1.
   */
  growOwned(cpu: number, onFree: (pfn: number) => void): number {
    const [pfn] = this.growHeld(cpu, 1);
    if (pfn === undefined) return -1;
    this.owners.set(pfn, onFree);
    this.release([pfn]);
    return pfn;
  }

  /** The objects on `pfns` are unused now: the shrinker may free them, after the older ones. */
  release(pfns: readonly number[]): void {
    this.nrHeld -= pfns.length;
    for (const pfn of pfns) this.pfns.push(pfn);
  }

  /** shrink_slab after an LRU pass that scanned `scanned` of `lruPages`: returns the pages freed. */
  shrink(scanned: number, lruPages: number): number {
    const freeable = this.nrFreeable;
    if (freeable === 0 || scanned === 0) return 0;
    const k = this.k;
    let total = this.deferred + ((4 * scanned) / DEFAULT_SEEKS) * (freeable / (lruPages + 1));
    if (total > freeable * 2) total = freeable * 2;
    const n = Math.min(freeable, Math.floor(total));
    this.deferred = total - Math.floor(total);
    // Counted in pages here; the kernel counts objects.
    k.vm.v[V.slabs_scanned] += n;
    for (let i = 0; i < n; i++) {
      const pfn = this.pfns[this.head++]!;
      k.freeKernelPage(0, pfn);
      const onFree = this.owners.get(pfn);
      if (onFree) {
        this.owners.delete(pfn);
        onFree(pfn);
      }
    }
    if (this.head > 4096 && this.head * 2 > this.pfns.length) {
      this.pfns = this.pfns.slice(this.head);
      this.head = 0;
    }
    return n;
  }
}
