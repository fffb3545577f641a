/*
 * The engine side of the SDK: implementations of the service interfaces a
 * policy receives by token. They wrap the kernel so a policy can only act
 * through primitives that charge virtual time.
 */
import type { Kernel } from '../kernel.ts';
import { assertDeviceRange, type ContigAllocator } from '../migrate/contig.ts';
import { RegionBitmap } from '../migrate/bitmap.ts';
import { SLOT_SHADOW, SLOT_SWAP, SLOT_ZRAM, encodePool } from '../mm/mappings.ts';
import {
  MAX_ORDER,
  MIGRATE_CMA,
  MIGRATE_MOVABLE,
  PAGE_KIND_NAMES,
  PF_DIRTY,
  PF_WRITEBACK,
  PG_ANON,
  PG_CLEANCACHE,
  PG_DEVICE,
  PG_FRONTSWAP,
  PG_KERNEL,
  PG_RESERVED,
} from '../mm/types.ts';
import { KIB_PER_PAGE, V } from '../metrics/vmstat.ts';
import { SWAP_CLUSTER_MAX } from '../reclaim/vmscan.ts';
import type {
  AllocIntent,
  CmaAllocOptions,
  ContigRecord,
  ContigRequest,
  ContigTask,
  IContig,
  IKernel,
  IMemory,
  IPool,
  KernelFeatures,
  RegionInfo,
  RegionKind,
} from './sdk.ts';
import { PoolSlot } from './sdk.ts';

export class MemoryService implements IMemory {
  private setupOpen = true;

  constructor(
    private readonly k: Kernel,
    private readonly contig: ContigAllocator,
  ) {}

  get totalPages(): number {
    return this.k.mem.nrPages;
  }
  get pageblockPages(): number {
    return this.k.pb.nrPages;
  }
  get region(): RegionInfo | null {
    return this.k.region;
  }

  closeSetup(): void {
    this.setupOpen = false;
  }

  reserveRegion(pages: number, kind: RegionKind): RegionInfo {
    const k = this.k;
    if (!this.setupOpen) throw new Error('reserveRegion: only during setup()');
    if (k.region) throw new Error('reserveRegion: a region is already reserved');
    // CMA areas are aligned to max(MAX_ORDER block, pageblock) (cma_init_reserved_mem).
    const align = Math.max(1 << (MAX_ORDER - 1), k.pb.nrPages);
    const rounded = Math.ceil(pages / k.pb.nrPages) * k.pb.nrPages;
    const start = Math.floor((k.mem.nrPages - rounded) / align) * align;
    if (rounded <= 0) throw new Error('reserveRegion: the scenario gives no region (machine.regionMiB is 0); this policy needs at least one pageblock');
    if (start < k.bootReservedPages) {
      throw new Error(`reserveRegion: ${pages} pages do not fit in ${k.mem.nrPages - k.bootReservedPages} (${k.mem.nrPages} less ${k.bootReservedPages} the kernel keeps from boot)`);
    }
    k.region = { kind, startPfn: start, pages: rounded };
    this.contig.bitmap = new RegionBitmap(rounded);
    return k.region;
  }

  nrFree(): number {
    return this.k.zone.nrFree();
  }
  nrFreeCma(): number {
    return this.k.zone.nrFreeCma();
  }
  kindName(pfn: number): string {
    return PAGE_KIND_NAMES[this.k.mem.kind[pfn]!]!;
  }
}

/**
 * memblock_free_all after setup: the kernel's own pages (image, memmap) stay
 * out, CMA pageblocks go into the buddy allocator, other regions stay reserved.
 */
export function bootMemory(k: Kernel): void {
  const r = k.region;
  const mem = k.mem;
  const low = k.bootReservedPages;
  mem.kind.fill(PG_KERNEL, 0, low);
  if (!r) {
    k.zone.releaseToBuddy(low, mem.nrPages - low);
    return;
  }
  k.zone.releaseToBuddy(low, r.startPfn - low);
  const end = r.startPfn + r.pages;
  if (end < mem.nrPages) k.zone.releaseToBuddy(end, mem.nrPages - end);
  if (r.kind === 'cma') {
    for (let pb = k.pb.of(r.startPfn); pb < k.pb.of(end - 1) + 1; pb++) k.pb.mt[pb] = MIGRATE_CMA;
    k.zone.releaseToBuddy(r.startPfn, r.pages);
  } else {
    mem.kind.fill(PG_RESERVED, r.startPfn, end);
  }
}

export class KernelService implements IKernel {
  constructor(private readonly k: Kernel) {}
  get features(): Readonly<KernelFeatures> {
    return this.k.features;
  }
  set(features: Partial<KernelFeatures>): void {
    Object.assign(this.k.features, features);
  }
  allowedBySwitches(intent: AllocIntent): boolean {
    return this.k.defaultMayUseRegion(intent);
  }
}

export class ContigService implements IContig {
  constructor(
    private readonly k: Kernel,
    private readonly c: ContigAllocator,
  ) {}
  get bitmap(): RegionBitmap {
    if (!this.c.bitmap) throw new Error('no region reserved');
    return this.c.bitmap;
  }
  cmaAlloc(req: ContigRequest, rec: ContigRecord, opts?: CmaAllocOptions): ContigTask {
    if (this.k.region?.kind !== 'cma') throw new Error('cmaAlloc needs a CMA region (reserveRegion(pages, "cma"))');
    return this.c.cmaAlloc(req, rec, opts);
  }
  cmaRelease(startPfn: number, pages: number): void {
    this.c.cmaRelease(startPfn, pages);
  }
  allocContigRange(startPfn: number, pages: number, rec: ContigRecord, opts?: CmaAllocOptions): ContigTask {
    return this.c.allocContigRange(startPfn, pages, rec, opts);
  }
  takeReserved(startPfn: number, pages: number, rec: ContigRecord): number {
    return this.c.takeReserved(startPfn, pages, rec);
  }
  returnReserved(startPfn: number, pages: number): void {
    this.c.returnReserved(startPfn, pages);
  }
}

/**
 * GCMA pool primitives. A stored copy is a region page of kind cleancache or
 * frontswap whose owner slot points back at it; write-back frontswap pages
 * carry PF_DIRTY (their only copy is here).
 */
export class PoolService implements IPool {
  constructor(private readonly k: Kernel) {}

  get zramEnabled(): boolean {
    return this.k.zramMap >= 0;
  }

  useZram(): void {
    this.k.ensureZram();
  }

  slot(pfn: number): PoolSlot {
    const mem = this.k.mem;
    switch (mem.kind[pfn]) {
      case PG_RESERVED:
        return PoolSlot.Free;
      case PG_CLEANCACHE:
        return PoolSlot.Cleancache;
      case PG_FRONTSWAP:
        return mem.flags[pfn]! & PF_DIRTY ? PoolSlot.FrontswapWriteBack : PoolSlot.FrontswapWriteThrough;
      default:
        return PoolSlot.Device;
    }
  }

  private assertFree(dst: number): void {
    const k = this.k;
    const r = k.region;
    if (!r || r.kind !== 'pool' || dst < r.startPfn || dst >= r.startPfn + r.pages) throw new Error(`pool: pfn ${dst} is not in the pool region`);
    if (k.mem.kind[dst] !== PG_RESERVED) throw new Error(`pool: pfn ${dst} is not free`);
  }

  private copyIdentity(src: number, dst: number, kind: number, takeSlot = true): void {
    const mem = this.k.mem;
    mem.kind[dst] = kind;
    mem.flags[dst] = 0;
    mem.mapping[dst] = mem.mapping[src]!;
    mem.index[dst] = mem.index[src]!;
    if (takeSlot) this.k.maps.get(mem.mapping[src]!)[mem.index[src]!] = encodePool(dst);
    this.k.charged += this.k.costs.memcpyPageNs;
  }

  storeCleancache(src: number, dst: number): void {
    this.assertFree(dst);
    this.copyIdentity(src, dst, PG_CLEANCACHE);
    this.k.vm.v[V.cleancache_puts]++;
  }

  storeFrontswap(src: number, dst: number, writeThrough: boolean): boolean {
    const k = this.k;
    this.assertFree(dst);
    // Both modes hold swap space: write-through for its second copy (on the swap device, or
    // compressed in zram when swap is zram), write-back a reserved slot to guarantee evacuation.
    if (k.swapUsed >= k.swapCapacity) return false;
    // Write-through: frontswap_store reports failure, so __swap_writepage writes the page too.
    const writesDevice = writeThrough && k.swapDevice !== 'zram';
    if (writeThrough && k.swapDevice === 'zram') {
      if (!k.zramStore(0)) return false;
    } else {
      // __swap_writepage sleeps for a request when the queue is full: refuse the store and let
      // reclaim back off as it does for any swap write.
      if (writesDevice && !k.vmscan.queueHasRoom()) return false;
      k.swapUsed++;
    }
    // PSWPOUT is counted by __swap_writepage: only a write-through store reaches it.
    if (writeThrough) k.vm.v[V.pswpout]++;
    // A page written to the device stays resident under writeback and keeps its slot until
    // reclaim frees it (Kernel.frontswapWrites); the copy stands for it from then on.
    this.copyIdentity(src, dst, PG_FRONTSWAP, !writesDevice);
    if (writesDevice) k.frontswapWrites.add(src, dst);
    if (!writeThrough) k.mem.flags[dst] = PF_DIRTY;
    k.vm.v[V.frontswap_succ_stores]++;
    return true;
  }

  drop(pfn: number): number {
    const k = this.k;
    const mem = k.mem;
    const kind = mem.kind[pfn];
    if (kind !== PG_CLEANCACHE && kind !== PG_FRONTSWAP) throw new Error(`pool.drop: pfn ${pfn} holds no copy`);
    if (kind === PG_FRONTSWAP && mem.flags[pfn]! & PF_DIRTY) throw new Error(`pool.drop: pfn ${pfn} is write-back frontswap; evacuate it`);
    if (k.frontswapWrites.forgetCopy(pfn)) {
      // Its page is still resident, being written: the slot stays with it, the device gets the copy.
      k.resetReservedPage(pfn);
      k.vm.v[V.frontswap_invalidates]++;
      return k.costs.dropCleanPageNs;
    }
    // The dropped copy's second copy remains: on the swap device, or in zram when swap is zram.
    const swapSlot = k.swapDevice === 'zram' ? SLOT_ZRAM : SLOT_SWAP;
    k.maps.get(mem.mapping[pfn]!)[mem.index[pfn]!] = kind === PG_CLEANCACHE ? SLOT_SHADOW : swapSlot;
    k.resetReservedPage(pfn);
    k.vm.v[kind === PG_CLEANCACHE ? V.cleancache_invalidates : V.frontswap_invalidates]++;
    return k.costs.dropCleanPageNs;
  }

  private assertWriteBack(pfn: number, who: string): void {
    const mem = this.k.mem;
    if (mem.kind[pfn] !== PG_FRONTSWAP || (mem.flags[pfn]! & PF_DIRTY) === 0) throw new Error(`${who}: pfn ${pfn} is not write-back frontswap`);
  }

  /** A write-back page already being written to the device by an eviction (evict()). */
  private beingWritten(pfn: number): boolean {
    return (this.k.mem.flags[pfn]! & PF_WRITEBACK) !== 0;
  }

  /**
   * Move a write-back page into normal memory (unless `toMemory` is false) or zram, with no I/O.
   * Returns the CPU ns it took that the caller must account for (the memcpy, or the compression,
   * taken back out of `charged`; the page allocation stays charged), or -1 if neither took it.
   */
  private evacuateWithoutIo(pfn: number, toMemory: boolean): number {
    const k = this.k;
    const mem = k.mem;
    const map = mem.mapping[pfn]!;
    const idx = mem.index[pfn]!;
    const slots = k.maps.get(map);
    // 1. Free normal memory: the page becomes resident again (swap cache), no I/O.
    const dst = toMemory ? k.allocPage(0, 'anon', MIGRATE_MOVABLE, false, false) : -1;
    if (dst >= 0) {
      mem.kind[dst] = PG_ANON;
      mem.flags[dst] = 0;
      mem.mapping[dst] = map;
      mem.index[dst] = idx;
      slots[idx] = dst;
      k.nrAnon++;
      k.swapUsed--;
      k.lruAdd(0, dst);
      k.resetReservedPage(pfn);
      return k.costs.memcpyPageNs;
    }
    // 2. zram, if configured and it can grow.
    if (this.zramEnabled) {
      k.swapUsed--;
      const before = k.charged;
      if (k.zramStore(0)) {
        slots[idx] = SLOT_ZRAM;
        k.resetReservedPage(pfn);
        const c = k.charged - before;
        k.charged = before;
        return c;
      }
      k.charged = before;
      k.swapUsed++;
    }
    return -1;
  }

  /**
   * Synchronous writes of write-back pages to the swap device, merged SWAP_CLUSTER_MAX pages to a
   * request as swap-out merges them under the plug, all submitted at `now`. The caller waits for
   * them, so the region pages are released at once. Returns the completion of the last request.
   */
  private writeSync(pfns: readonly number[], now: number): number {
    const k = this.k;
    const mem = k.mem;
    let done = now;
    for (let i = 0; i < pfns.length; i += SWAP_CLUSTER_MAX) {
      const n = Math.min(SWAP_CLUSTER_MAX, pfns.length - i);
      done = Math.max(done, k.device.submitSync(now, n * 4096, true));
      k.vm.v[V.pgpgout] += n * KIB_PER_PAGE;
    }
    for (const pfn of pfns) {
      k.maps.get(mem.mapping[pfn]!)[mem.index[pfn]!] = SLOT_SWAP;
      k.vm.v[V.pswpout]++;
      k.resetReservedPage(pfn);
    }
    return done;
  }

  /**
   * Asynchronous writes of evicted write-back pages, SWAP_CLUSTER_MAX pages to a request, queued
   * like reclaim's writeback: each region page stays under writeback (PF_WRITEBACK, still holding
   * the only complete copy) until its request completes, then its slot names the swap device and
   * the page is released (onPoolRelease). A full request queue makes the writer sleep in
   * get_request until the device takes a request, charged as I/O wait.
   */
  private writeAsync(pfns: readonly number[]): void {
    const k = this.k;
    const mem = k.mem;
    for (let i = 0; i < pfns.length; i += SWAP_CLUSTER_MAX) {
      const chunk = pfns.slice(i, i + SWAP_CLUSTER_MAX);
      const n = chunk.length;
      const bytes = n * 4096;
      let now = k.now() + k.charged;
      if (!k.device.mayQueueWrite(bytes)) {
        k.chargeWait(Math.max(0, k.device.queueRoomAt(now, bytes) - now));
        now = k.now() + k.charged;
      }
      const owners = chunk.map((pfn) => [mem.mapping[pfn]!, mem.index[pfn]!] as const);
      const ours = (j: number): boolean => {
        const pfn = chunk[j]!;
        return mem.kind[pfn] === PG_FRONTSWAP && (mem.flags[pfn]! & PF_WRITEBACK) !== 0 && mem.mapping[pfn] === owners[j]![0] && mem.index[pfn] === owners[j]![1];
      };
      for (const pfn of chunk) mem.flags[pfn]! |= PF_WRITEBACK;
      const setBusy = (done: number): void => {
        for (let j = 0; j < n; j++) if (ours(j)) mem.busyUntil[chunk[j]!] = done;
      };
      const onDone = (): void => {
        for (let j = 0; j < n; j++) {
          // A fault may have loaded the copy back (or its owner exited) meanwhile: nothing to do then.
          if (!ours(j)) continue;
          const pfn = chunk[j]!;
          k.maps.get(owners[j]![0])[owners[j]![1]] = SLOT_SWAP;
          k.releasePoolPage(pfn);
        }
      };
      const estimate = k.device.queueWrite(now, bytes, setBusy, onDone);
      setBusy(estimate);
      k.vm.v[V.pgpgout] += n * KIB_PER_PAGE;
      k.vm.v[V.pswpout] += n;
    }
  }

  evacuate(pfn: number, toMemory = true): number {
    // One page: its copy or compression work, or the wait for its device write (never both).
    const r = this.evacuatePages([pfn], toMemory, 'pool.evacuate');
    return r.cpuNs + r.waitNs;
  }

  /**
   * Evacuate every write-back page of `pfns` for a contiguous allocation: to free normal memory,
   * else zram, else the swap device in merged synchronous requests. `cpuNs` is the copy and
   * compression work (not charged: the caller yields it), `waitNs` the ns from now until the last
   * device write ends (pages an eviction is already writing included), `written` the pages this
   * call wrote to the device.
   */
  evacuateAll(pfns: readonly number[], toMemory = true): { cpuNs: number; waitNs: number; written: number } {
    return this.evacuatePages(pfns, toMemory, 'pool.evacuateAll');
  }

  private evacuatePages(pfns: readonly number[], toMemory: boolean, who: string): { cpuNs: number; waitNs: number; written: number } {
    const k = this.k;
    const now = k.now() + k.charged;
    let cpuNs = 0;
    let waitNs = 0;
    const toDevice: number[] = [];
    for (const pfn of pfns) {
      this.assertWriteBack(pfn, who);
      if (this.beingWritten(pfn)) {
        waitNs = Math.max(waitNs, k.mem.busyUntil[pfn]! - now);
        continue;
      }
      k.vm.v[V.gcma_evacuated]++;
      const cpu = this.evacuateWithoutIo(pfn, toMemory);
      if (cpu >= 0) cpuNs += cpu;
      else toDevice.push(pfn);
    }
    if (toDevice.length > 0) waitNs = Math.max(waitNs, this.writeSync(toDevice, now) - now);
    return { cpuNs, waitNs, written: toDevice.length };
  }

  /**
   * Evict stored copies to make room, from a hook (a cleancache put or frontswap store under
   * reclaim): cleancache and write-through copies are dropped; write-back copies go to zram if
   * configured, else to the swap device as asynchronous merged writes that hold their region pages
   * until they end (then onPoolRelease). Every cost is charged to the caller (the reclaiming task).
   * Pages already being written are left alone. Afterwards a page is free (slot() Free) or being written.
   */
  evict(pfns: readonly number[]): void {
    const k = this.k;
    const toDevice: number[] = [];
    for (const pfn of pfns) {
      const s = this.slot(pfn);
      if (s === PoolSlot.Cleancache || s === PoolSlot.FrontswapWriteThrough) {
        k.charged += this.drop(pfn);
        k.vm.v[V.gcma_evictions]++;
        continue;
      }
      if (s !== PoolSlot.FrontswapWriteBack) throw new Error(`pool.evict: pfn ${pfn} holds no copy`);
      if (this.beingWritten(pfn)) continue;
      k.vm.v[V.gcma_evictions]++;
      k.vm.v[V.gcma_evacuated]++;
      const cpu = this.evacuateWithoutIo(pfn, false);
      if (cpu >= 0) k.charged += cpu;
      else toDevice.push(pfn);
    }
    if (toDevice.length > 0) this.writeAsync(toDevice);
  }

  evacuateBoundNs(pages: number): number {
    const k = this.k;
    const c = k.costs;
    if (pages === 0) return 0;
    // Each evacuation allocates at most one page and then copies or compresses it; in the worst
    // case every page then still goes to the device, SWAP_CLUSTER_MAX pages to a request, behind
    // everything queued now (any queued async write may expire first).
    const perPageCpu = c.pageAllocNs + Math.max(c.memcpyPageNs, this.zramEnabled ? c.zramCompressPageNs : 0);
    return pages * perPageCpu + k.device.writeBoundNs(k.now() + k.charged, pages, SWAP_CLUSTER_MAX);
  }

  take(pfn: number): void {
    const mem = this.k.mem;
    if (mem.kind[pfn] !== PG_RESERVED) throw new Error(`pool.take: pfn ${pfn} is not free`);
    mem.kind[pfn] = PG_DEVICE;
  }

  giveBack(pfn: number): void {
    assertDeviceRange(this.k, 'pool.giveBack', pfn, 1);
    this.k.resetReservedPage(pfn);
  }
}

