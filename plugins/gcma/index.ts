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

/**
 * deadline-iosched's write_expire (5 * HZ): how long a queued async write may be passed by sync
 * requests. A range page an eviction is still writing can wait that long before its write starts.
 */
const WRITE_EXPIRE_NS = 5e9;
/** A waiter whose write estimate has passed looks again this often (as the engine's sync migration does). */
const RECHECK_NS = 1e6;

@injectable()
export class GcmaPolicy implements Policy {
  private free!: FreePages;
  /** One LRU per client, as the RFC's dmem keeps (cc_dmem, fs_dmem). */
  private ccLru!: PfnLru;
  private fsLru!: PfnLru;
  /** Store order of each copy, for sharedLru mode: the shared LRU's oldest is the older of the two tails. */
  private storedAt!: Float64Array;
  private storeSeq = 0;
  private storedKind!: Uint8Array;
  /** Region pages an eviction is writing to the swap device: not free until the write ends. */
  private writing!: Uint8Array;
  private writingCount = 0;
  /** Region pages a contiguous allocation in progress waits for: not handed to stores when released. */
  private claimed!: Uint8Array;
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
    this.storedAt = new Float64Array(r.pages);
    this.writing = new Uint8Array(r.pages);
    this.claimed = new Uint8Array(r.pages);
    this.ccLru = new PfnLru(r.startPfn, r.pages);
    this.fsLru = new PfnLru(r.startPfn, r.pages);
    if (this.p['zram'] === true) this.pool.useZram();
  }

  private get frontswapCap(): number {
    return Math.floor(Number(this.p['ratio']) * this.pages);
  }

  /** sharedLru mode: the list holding the oldest copy of either client. */
  private sharedOldest(): PfnLru {
    const cc = this.ccLru.oldest();
    const fs = this.fsLru.oldest();
    if (cc < 0) return this.fsLru;
    if (fs < 0) return this.ccLru;
    return this.storedAt[cc - this.start]! <= this.storedAt[fs - this.start]! ? this.ccLru : this.fsLru;
  }

  /**
   * Evict a batch of the oldest copies (dmem_evict_lru, NR_EVICT_BATCH). `pick` names the list to
   * take each victim from. Dropped copies are free at once; write-back copies written to the swap
   * device come back through onPoolRelease when their write ends. The pool charges the work to
   * the reclaiming task that asked for room.
   */
  private evict(pick: () => PfnLru): void {
    const batch = Number(this.p['evictionBatch']);
    const victims: number[] = [];
    for (let i = 0; i < batch; i++) {
      const victim = pick().oldest();
      if (victim < 0) break;
      this.forget(victim);
      victims.push(victim);
    }
    if (victims.length === 0) return;
    this.pool.evict(victims);
    for (const pfn of victims) {
      if (this.pool.slot(pfn) === PoolSlot.Free) this.free.add(pfn);
      else if (!this.writing[pfn - this.start]) {
        this.writing[pfn - this.start] = 1;
        this.writingCount++;
      }
    }
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

  /**
   * A free region page for a client's store (dmem_alloc_page). With none free, the client evicts
   * a batch of its own oldest copies (the RFC: dmem_evict_lru on the caller's dmem only), or with
   * sharedLru the oldest of either client's. -1: the put fails. While frontswap's earlier
   * evictions are still being written, room is on its way: its store fails without evicting more.
   */
  private freePage(own: PfnLru): number {
    if (this.free.size === 0 && !(own === this.fsLru && this.writingCount > 0)) this.evict(this.p['sharedLru'] ? () => this.sharedOldest() : () => own);
    return this.free.pop();
  }

  private stored(dst: number, kind: number, lru: PfnLru): void {
    const i = dst - this.start;
    this.storedKind[i] = kind;
    this.storedAt[i] = this.storeSeq++;
    lru.push(dst);
  }

  onCleanEvict(pfn: number, workingSet: boolean): void {
    if (this.p['workingSetOnly'] && !workingSet) return;
    const dst = this.freePage(this.ccLru);
    if (dst < 0) return;
    this.pool.storeCleancache(pfn, dst);
    this.stored(dst, STORED_CC, this.ccLru);
    this.ccCount++;
  }

  onSwapOut(pfn: number): boolean {
    const cap = this.frontswapCap;
    if (cap === 0) return false;
    // The frontswap cap blocks: only frontswap's own copies can make room under it (in either LRU mode).
    if (this.fsCount >= cap && this.writingCount === 0) this.evict(() => this.fsLru);
    if (this.fsCount + this.writingCount >= cap) return false;
    const dst = this.freePage(this.fsLru);
    if (dst < 0) return false;
    if (!this.pool.storeFrontswap(pfn, dst, this.p['frontswapMode'] === 'write-through')) {
      this.free.add(dst);
      return false;
    }
    this.stored(dst, STORED_FS, this.fsLru);
    this.fsCount++;
    return true;
  }

  onPoolRelease(pfn: number): void {
    const i = pfn - this.start;
    this.forget(pfn);
    if (this.writing[i]) {
      this.writing[i] = 0;
      this.writingCount--;
    }
    // A contiguous allocation waiting for this page takes it when it wakes.
    if (!this.claimed[i]) this.free.add(pfn);
  }

  /**
   * The worst case for clearing [first, end), from what it holds before anything is done: taking
   * every page; dropping each cleancache and write-through copy; every write-back copy (and every
   * page an eviction is still writing) evacuated at its costliest: an allocation, a copy or
   * compression, and then a device write anyway, behind the device's whole backlog, with no overlap
   * of CPU and I/O assumed. A page an eviction is still writing may also wait write_expire.
   */
  private boundNs(first: number, end: number): number {
    const c = this.costs;
    let drops = 0;
    let writeBack = 0;
    let beingWritten = 0;
    for (let pfn = first; pfn < end; pfn++) {
      const s = this.pool.slot(pfn);
      if (s === PoolSlot.Cleancache || s === PoolSlot.FrontswapWriteThrough) drops++;
      else if (s === PoolSlot.FrontswapWriteBack) {
        writeBack++;
        if (this.writing[pfn - this.start]) beingWritten++;
      }
    }
    return (end - first) * c.pageAllocNs + drops * c.dropCleanPageNs + this.pool.evacuateBoundNs(writeBack) + (beingWritten > 0 ? WRITE_EXPIRE_NS : 0);
  }

  private takePage(pfn: number): void {
    this.claimed[pfn - this.start] = 0;
    this.free.remove(pfn);
    this.pool.take(pfn);
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
    rec.boundNs = this.boundNs(first, end);
    this.contig.bitmap.set(bit, req.pages);
    this.deviceCount += req.pages;
    rec.startPfn = first;
    // Act: drop, evacuate, take. No migration, no pins, nothing to wait for but our own I/O.
    const c = this.costs;
    let cpu = req.pages * c.pageAllocNs;
    const writeBack: number[] = [];
    for (let pfn = first; pfn < end; pfn++) {
      const s = this.pool.slot(pfn);
      if (s === PoolSlot.Cleancache || s === PoolSlot.FrontswapWriteThrough) {
        this.forget(pfn);
        cpu += this.pool.drop(pfn);
        rec.dropped++;
      } else if (s === PoolSlot.FrontswapWriteBack) {
        this.forget(pfn);
        writeBack.push(pfn);
      }
    }
    // CPU work adds up; the device writes overlap one another, so only the last one's end counts.
    const ev = this.pool.evacuateAll(writeBack);
    cpu += ev.cpuNs;
    rec.written += ev.written;
    // Pages still being written by an eviction, ascending: claimed until their writes end.
    let waiting: number[] = [];
    for (let pfn = first; pfn < end; pfn++) {
      if (this.pool.slot(pfn) === PoolSlot.Free) this.takePage(pfn);
      else {
        this.claimed[pfn - this.start] = 1;
        waiting.push(pfn);
      }
    }
    // The drop loop runs under GCMA's spinlocks (no cond_resched): it keeps its CPU. Evacuation
    // writes run meanwhile; whatever is left of them after the loop is slept through.
    yield atomicStep(cpu);
    if (ev.waitNs > cpu) yield sleepStep(ev.waitNs - cpu);
    // Pages an eviction was already writing: released when their writes end.
    while (waiting.length > 0) {
      waiting = waiting.filter((pfn) => {
        if (this.pool.slot(pfn) !== PoolSlot.Free) return true;
        this.takePage(pfn);
        return false;
      });
      if (waiting.length > 0) yield sleepStep(RECHECK_NS);
    }
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
