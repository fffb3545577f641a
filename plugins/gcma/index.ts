/*
 * GCMA (Guaranteed CMA; Park and Kim 2014-15, revived 2025). The region never
 * serves movable allocations. Two second-class clients keep copies of evicted
 * pages there: cleancache (clean file pages) and frontswap (swapped-out anon
 * pages). A contiguous request drops those copies (write-back frontswap pages
 * are evacuated first), so it cannot fail on pins and its latency is bounded:
 * the bound is computed from what the range holds before acting.
 */
import {
  ICosts,
  IContig,
  IMemory,
  IPolicyParams,
  IPool,
  PfnLru,
  PoolSlot,
  atomicStep,
  inject,
  sleepStep,
  injectable,
  type ContigRecord,
  type ContigRequest,
  type ContigTask,
  type Policy,
  type PolicyManifest,
  type PolicyModule,
} from '@cmawb/sdk';
import manifest from './manifest.json' with { type: 'json' };

/** Free region pages as a sparse set: O(1) pop, insert and remove by pfn. */
class FreePages {
  private readonly dense: Int32Array;
  private readonly pos: Int32Array;
  size = 0;
  constructor(
    private readonly base: number,
    pages: number,
  ) {
    this.dense = new Int32Array(pages);
    this.pos = new Int32Array(pages).fill(-1);
  }
  add(pfn: number): void {
    const i = pfn - this.base;
    if (this.pos[i]! >= 0) return;
    this.pos[i] = this.size;
    this.dense[this.size++] = pfn;
  }
  remove(pfn: number): void {
    const i = pfn - this.base;
    const at = this.pos[i]!;
    if (at < 0) return;
    const last = this.dense[--this.size]!;
    this.dense[at] = last;
    this.pos[last - this.base] = at;
    this.pos[i] = -1;
  }
  pop(): number {
    if (this.size === 0) return -1;
    const pfn = this.dense[this.size - 1]!;
    this.remove(pfn);
    return pfn;
  }
}

const STORED_CC = 1;
const STORED_FS = 2;

@injectable()
export class GcmaPolicy implements Policy {
  private free!: FreePages;
  private ccLru!: PfnLru;
  private fsLru!: PfnLru;
  private storedKind!: Uint8Array;
  private ccCount = 0;
  private fsCount = 0;
  private deviceCount = 0;
  private start = 0;
  private pages = 0;

  constructor(
    @inject(IPolicyParams) private readonly p: IPolicyParams,
    @inject(IMemory) private readonly memory: IMemory,
    @inject(IContig) private readonly contig: IContig,
    @inject(IPool) private readonly pool: IPool,
    @inject(ICosts) private readonly costs: ICosts,
  ) {}

  setup(): void {
    const r = this.memory.reserveRegion(Number(this.p['regionPages']), 'pool');
    this.start = r.startPfn;
    this.pages = r.pages;
    this.free = new FreePages(r.startPfn, r.pages);
    for (let pfn = r.startPfn + r.pages - 1; pfn >= r.startPfn; pfn--) this.free.add(pfn);
    this.storedKind = new Uint8Array(r.pages);
    this.ccLru = new PfnLru(r.startPfn, r.pages);
    this.fsLru = this.p['sharedLru'] ? this.ccLru : new PfnLru(r.startPfn, r.pages);
    if (this.p['zram'] === true) this.pool.useZram();
  }

  private get frontswapCap(): number {
    return Math.floor(Number(this.p['ratio']) * this.pages);
  }

  /** Evict the oldest copies of an LRU to free pages (batched like the RFC). */
  private evict(lru: PfnLru): void {
    const batch = Number(this.p['evictionBatch']);
    for (let i = 0; i < batch; i++) {
      const victim = lru.oldest();
      if (victim < 0) return;
      // Evicting to make room happens under reclaim: never back into normal memory.
      this.dropStored(victim, false);
      this.free.add(victim);
    }
  }

  /** Drop or evacuate one stored copy; returns the CPU ns and the ns until the page is free. */
  private dropStored(pfn: number, toMemory = true): { cpu: number; wait: number } {
    const slot = this.pool.slot(pfn);
    this.forget(pfn);
    if (slot === PoolSlot.FrontswapWriteBack) return { cpu: 0, wait: this.pool.evacuate(pfn, toMemory) };
    return { cpu: this.pool.drop(pfn), wait: 0 };
  }

  /** The engine or the policy removed a stored copy: update counts and LRUs. */
  private forget(pfn: number): void {
    const i = pfn - this.start;
    const kind = this.storedKind[i];
    if (kind === STORED_CC) this.ccCount--;
    else if (kind === STORED_FS) this.fsCount--;
    this.storedKind[i] = 0;
    this.ccLru.remove(pfn);
    this.fsLru.remove(pfn);
  }

  /** A free region page; when none is left, cleancache copies (the cheapest to lose) are evicted first. */
  private freePage(): number {
    if (this.free.size === 0) this.evict(this.ccLru.size > 0 ? this.ccLru : this.fsLru);
    return this.free.pop();
  }

  onCleanEvict(pfn: number, workingSet: boolean): void {
    if (this.p['workingSetOnly'] && !workingSet) return;
    if (this.fsCount >= this.pages) return;
    const dst = this.freePage();
    if (dst < 0) return;
    this.pool.storeCleancache(pfn, dst);
    this.storedKind[dst - this.start] = STORED_CC;
    this.ccCount++;
    this.ccLru.push(dst);
  }

  onSwapOut(pfn: number): boolean {
    const cap = this.frontswapCap;
    if (cap === 0) return false;
    if (this.fsCount >= cap) this.evict(this.fsLru);
    if (this.fsCount >= cap) return false;
    const dst = this.freePage();
    if (dst < 0) return false;
    if (!this.pool.storeFrontswap(pfn, dst, this.p['frontswapMode'] === 'write-through')) {
      this.free.add(dst);
      return false;
    }
    this.storedKind[dst - this.start] = STORED_FS;
    this.fsCount++;
    this.fsLru.push(dst);
    return true;
  }

  onPoolRelease(pfn: number): void {
    this.forget(pfn);
    this.free.add(pfn);
  }

  *allocContig(req: ContigRequest, rec: ContigRecord): ContigTask {
    const bit = this.contig.bitmap.findZeroArea(0, req.pages, req.alignOrder);
    rec.candidates = 1;
    if (bit < 0) {
      rec.reason = 'no free range in the area';
      return false;
    }
    const first = this.start + bit;
    const end = first + req.pages;
    // The bound, from what the range holds, before touching anything.
    let stored = 0;
    let writeBack = 0;
    let freeN = 0;
    for (let pfn = first; pfn < end; pfn++) {
      const s = this.pool.slot(pfn);
      if (s === PoolSlot.Free) freeN++;
      else if (s === PoolSlot.FrontswapWriteBack) writeBack++;
      else stored++;
    }
    const c = this.costs;
    rec.boundNs = (freeN + stored + writeBack) * c.pageAllocNs + stored * c.dropCleanPageNs + this.pool.evacuateBoundNs(writeBack);
    // Act: drop, evacuate, take. No migration, no pins, nothing to wait for but our own I/O.
    let cpu = req.pages * c.pageAllocNs;
    let wait = 0;
    for (let pfn = first; pfn < end; pfn++) {
      const s = this.pool.slot(pfn);
      if (s !== PoolSlot.Free) {
        const r = this.dropStored(pfn);
        cpu += r.cpu;
        wait = Math.max(wait, r.wait);
        if (s === PoolSlot.FrontswapWriteBack) rec.written++;
        else rec.dropped++;
      }
      this.free.remove(pfn);
      this.pool.take(pfn);
    }
    this.contig.bitmap.set(bit, req.pages);
    this.deviceCount += req.pages;
    rec.startPfn = first;
    // The drop loop runs under GCMA's spinlocks (no cond_resched): it keeps its CPU. Evacuation
    // writes run meanwhile; whatever is left of them after the loop is slept through.
    yield atomicStep(cpu);
    if (wait > cpu) yield sleepStep(wait - cpu);
    return true;
  }

  releaseContig(startPfn: number, pages: number): void {
    for (let pfn = startPfn; pfn < startPfn + pages; pfn++) {
      this.pool.giveBack(pfn);
      this.free.add(pfn);
    }
    this.contig.bitmap.clear(startPfn - this.start, pages);
    this.deviceCount -= pages;
  }

  usefulRegionPages(): number {
    return this.deviceCount + this.ccCount + this.fsCount;
  }
}

const module: PolicyModule = { manifest: manifest as unknown as PolicyManifest, policy: GcmaPolicy };
export default module;
