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
  PG_ANON,
  PG_CLEANCACHE,
  PG_DEVICE,
  PG_FRONTSWAP,
  PG_KERNEL,
  PG_RESERVED,
} from '../mm/types.ts';
import { KIB_PER_PAGE, V } from '../metrics/vmstat.ts';
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
    k.vm.v[V.frontswap_stores]++;
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

  evacuate(pfn: number, toMemory = true): number {
    const k = this.k;
    const mem = k.mem;
    if (mem.kind[pfn] !== PG_FRONTSWAP || (mem.flags[pfn]! & PF_DIRTY) === 0) throw new Error(`pool.evacuate: pfn ${pfn} is not write-back frontswap`);
    const map = mem.mapping[pfn]!;
    const idx = mem.index[pfn]!;
    const slots = k.maps.get(map);
    k.vm.v[V.gcma_evacuated]++;
    const release = (): void => k.resetReservedPage(pfn);
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
      release();
      return k.costs.memcpyPageNs;
    }
    // 2. zram, if configured and it can grow.
    if (this.zramEnabled) {
      k.swapUsed--;
      const before = k.charged;
      if (k.zramStore(0)) {
        slots[idx] = SLOT_ZRAM;
        release();
        const c = k.charged - before;
        k.charged = before;
        return c;
      }
      k.charged = before;
      k.swapUsed++;
    }
    // 3. The swap device, at its speed (the slot was reserved at store time).
    const now = k.now() + k.charged;
    const done = k.device.submitSync(now, 4096, true);
    k.vm.v[V.pgpgout] += KIB_PER_PAGE;
    k.vm.v[V.pswpout]++;
    slots[idx] = SLOT_SWAP;
    release();
    return done - now;
  }

  evacuateBoundNs(pages: number): number {
    const k = this.k;
    const c = k.costs;
    // Each evacuation allocates at most one page and then copies or compresses it.
    const perPageCpu = c.pageAllocNs + Math.max(c.memcpyPageNs, this.zramEnabled ? c.zramCompressPageNs : 0);
    return pages * perPageCpu + k.device.writeBoundNs(k.now() + k.charged, pages);
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

