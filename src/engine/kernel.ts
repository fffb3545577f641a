/*
 * The simulated kernel: one zone of physical memory with its allocator, LRU,
 * page cache, anonymous memory, swap/zram, pins and the storage device. The
 * mechanisms live in their own modules (mm/, reclaim/, migrate/); this class
 * holds the shared state and the entry points workloads call (fault, read,
 * write, truncate, pin, exit).
 *
 * Costs: every entry point adds the virtual time it takes on the caller's
 * behalf to `charged` (CPU work and synchronous I/O waits); the calling actor
 * turns that into the delay before its next step.
 */
import { StorageDevice } from './reclaim/device.ts';
import type { PlatformProfile } from './platform/profiles.ts';
import type { AllocIntent, AllocSource, KernelFeatures, RegionInfo } from './policy/sdk.ts';
import { MemMap } from './mm/pages.ts';
import { Pageblocks } from './mm/pageblock.ts';
import { Zone } from './mm/zone.ts';
import { pcpConfig } from './mm/pcp.ts';
import { computeWatermarks, zoneWatermarkOk, type Watermarks } from './mm/watermark.ts';
import {
  LIST_ACTIVE_ANON,
  LIST_ACTIVE_FILE,
  LIST_INACTIVE_ANON,
  LIST_INACTIVE_FILE,
  LIST_LRU_BATCH_BASE,
  LIST_NONE,
} from './mm/lists.ts';
import {
  MAP_ANON,
  MAP_FILE,
  MAP_ZRAM,
  Mappings,
  SLOT_EMPTY,
  SLOT_POOL_BASE,
  SLOT_SHADOW,
  SLOT_SWAP,
  SLOT_ZRAM,
  decodePool,
  encodePool,
} from './mm/mappings.ts';
import {
  MIGRATE_MOVABLE,
  MIGRATE_UNMOVABLE,
  PF_ACTIVE,
  PF_BUFFER_HEAD,
  PF_DIRTY,
  PF_LOCKED,
  PF_ORPHAN,
  PF_RECLAIM,
  PF_REFERENCED,
  PF_WORKINGSET,
  PF_WRITEBACK,
  PG_ANON,
  PG_FILE,
  PG_KERNEL,
  PG_RESERVED,
  PG_ZRAM,
  PIN_NONE,
} from './mm/types.ts';
import { KIB_PER_PAGE, V, type Vmstat } from './metrics/vmstat.ts';
import { SlabShrinker } from './reclaim/slab-shrinker.ts';
import { SWAP_CLUSTER_MAX, Vmscan } from './reclaim/vmscan.ts';
import { FrontswapWrites } from './reclaim/frontswap-writes.ts';

/** folio_batch size (PAGEVEC_SIZE): per-CPU LRU add/activate batches hold this many pages. */
export const LRU_BATCH = 15;
export { RECLAIM_THROTTLE_NS } from './reclaim/vmscan.ts';
/** BH_LRU_SIZE: per-CPU buffer_head LRU entries. */
export const BH_LRU_SIZE = 16;

/**
 * Pages the kernel takes before the buddy allocator exists (the "reserved" of
 * the boot-time Memory: line, less init memory freed later): its image, and the
 * memmap, one struct page per page frame.
 */
export function bootReservedPages(totalPages: number, p: Pick<PlatformProfile, 'kernelImageKiB' | 'structPageBytes'>): number {
  return Math.ceil((p.kernelImageKiB * 1024 + totalPages * p.structPageBytes) / 4096);
}

export interface Scheduler {
  now(): number;
  at(time: number, fn: () => void): void;
}

export interface KernelPolicyHooks {
  mayUseRegion(intent: AllocIntent): boolean;
  onCleanEvict(pfn: number, workingSet: boolean): void;
  onSwapOut(pfn: number): boolean;
  onPoolRelease(pfn: number): void;
}

export interface KernelConfig {
  totalPages: number;
  /** Pages the kernel keeps from boot (image and memmap), never in the buddy allocator. */
  bootReservedPages: number;
  cpus: number;
  pageblockOrder: number;
  platform: PlatformProfile;
  swapDevice: 'none' | 'storage' | 'zram';
  swapPages: number;
  fsMigrateCallback: boolean;
  features: KernelFeatures;
}

export class Kernel {
  readonly mem: MemMap;
  readonly pb: Pageblocks;
  readonly zone: Zone;
  readonly wm: Watermarks;
  readonly maps = new Mappings();
  readonly device: StorageDevice;
  readonly vmscan: Vmscan;
  /** Reclaimable slab (dentries, inodes) and its shrinker. */
  readonly slab: SlabShrinker;
  /** Write-through frontswap stores whose page is still being written to the swap device. */
  readonly frontswapWrites = new FrontswapWrites();
  readonly cpus: number;
  readonly costs: PlatformProfile;
  readonly features: KernelFeatures;
  /** pfns [0, bootReservedPages) hold the kernel image and memmap. */
  readonly bootReservedPages: number;
  region: RegionInfo | null = null;
  hooks: KernelPolicyHooks;

  /** Virtual time charged to the current caller. */
  charged = 0;
  /** The part of `charged` the caller spent asleep on I/O rather than on a CPU (see chargeWait). */
  waited = 0;
  /** Tasks currently wanting CPU (build jobs, kswapd, a task in a contiguous allocation): CFS shares the CPUs among them. */
  runnable = 0;

  // Counters the reclaim and writeback paths need (NR_* zone/node stats).
  nrAnon = 0;
  nrFile = 0;
  nrDirty = 0;
  nrWriteback = 0;
  nrKernel = 0;
  swapCapacity: number;
  swapUsed = 0;
  readonly swapDevice: 'none' | 'storage' | 'zram';
  zramStored = 0;
  zramMap = -1;
  zramPoolPages = 0;
  /** Contiguous allocations in progress disable per-CPU LRU batching (lru_cache_disable). */
  lruCacheDisabled = 0;
  /** Per-CPU buffer_head LRU: pfns whose buffer heads are referenced. */
  readonly bhLru: Int32Array;
  private bhLruPos: Int32Array;
  /** Dirty pages in dirtying order: [mapping, index, time] triples (the flusher's b_dirty list). */
  dirtyQueue: number[] = [];
  dirtyHead = 0;

  constructor(
    cfg: KernelConfig,
    readonly sched: Scheduler,
    readonly vm: Vmstat,
  ) {
    this.cpus = cfg.cpus;
    this.costs = cfg.platform;
    this.features = cfg.features;
    this.mem = new MemMap(cfg.totalPages);
    this.pb = new Pageblocks(cfg.totalPages, cfg.pageblockOrder);
    this.bootReservedPages = cfg.bootReservedPages;
    // The zone's size for PCP batches and watermarks is what the buddy allocator manages.
    const managed = cfg.totalPages - cfg.bootReservedPages;
    // PCP batch and high follow features.pcpBatchCapKiB, which a policy may set after this (setup()).
    this.zone = new Zone(this.mem, this.pb, pcpConfig(managed, cfg.cpus, this.features), this.features);
    this.wm = computeWatermarks(managed);
    const p = cfg.platform;
    this.device = new StorageDevice(p.storageReadMBps * 1e-3, p.storageWriteMBps * 1e-3, p.storageLatencyNs, this.sched, p.storageWriteLatencyNs);
    this.swapDevice = cfg.swapDevice;
    this.swapCapacity = cfg.swapDevice === 'none' ? 0 : cfg.swapPages;
    this.bhLru = new Int32Array(cfg.cpus * BH_LRU_SIZE).fill(-1);
    this.bhLruPos = new Int32Array(cfg.cpus);
    this.vmscan = new Vmscan(this);
    this.slab = new SlabShrinker(this);
    if (cfg.swapDevice === 'zram') this.ensureZram();
    this.hooks = {
      mayUseRegion: (i) => this.defaultMayUseRegion(i),
      onCleanEvict: () => {},
      onSwapOut: () => false,
      onPoolRelease: () => {},
    };
    this.fsMigrate = cfg.fsMigrateCallback;
  }

  now(): number {
    return this.sched.now();
  }

  /** CFS fair share: with more runnable tasks than CPUs, CPU work takes this many times longer. */
  cpuStretch(): number {
    return Math.max(1, this.runnable / this.cpus);
  }

  /** What the caller was charged since the last take, as CPU time and I/O wait; both start again from 0. */
  takeCharged(): { cpuNs: number; waitNs: number } {
    const waitNs = this.waited;
    const cpuNs = this.charged - waitNs;
    this.charged = 0;
    this.waited = 0;
    return { cpuNs, waitNs };
  }

  /** The caller sleeps `ns` waiting for I/O: charged like CPU time, but a scheduler model can tell it apart. */
  chargeWait(ns: number): void {
    this.charged += ns;
    this.waited += ns;
  }

  /** The pfn lies in a CMA area (whatever its pageblock's current type, e.g. ISOLATE mid-allocation). */
  inCmaRegion(pfn: number): boolean {
    const r = this.region;
    return r !== null && r.kind === 'cma' && pfn >= r.startPfn && pfn < r.startPfn + r.pages;
  }

  // ---------------------------------------------------------------- allocation

  /** ALLOC_CMA for this allocation: CMA regions only, policy hook or the feature table. */
  defaultMayUseRegion(intent: AllocIntent): boolean {
    const f = this.features;
    if (intent.migratetype !== MIGRATE_MOVABLE || intent.longtermPin) return false;
    if (intent.source === 'file' && !f.pageCacheInCma) return false;
    if (f.cmaAllowedSources === 'movable') return true;
    return f.cmaAllowedSources.includes(intent.source);
  }

  private readonly intent: AllocIntent = { source: 'anon', migratetype: MIGRATE_MOVABLE, longtermPin: false };

  allowCma(source: AllocSource, mt: number, longtermPin = false): boolean {
    if (!this.region || this.region.kind !== 'cma') return false;
    const i = this.intent;
    i.source = source;
    i.migratetype = mt;
    i.longtermPin = longtermPin;
    return this.hooks.mayUseRegion(i);
  }

  /**
   * get_page_from_freelist + the slow path: wake kswapd below the low
   * watermark, reclaim directly below min. Returns a pfn or -1 (OOM).
   */
  allocPage(cpu: number, source: AllocSource, mt: number, allowCma: boolean, canReclaim = true): number {
    const zone = this.zone;
    const wm = this.wm;
    // __zone_watermark_ok lowers min only by alloc flags: ALLOC_HIGH (__GFP_HIGH, min - min/2)
    // and ALLOC_HARDER (atomic or rt callers, a further min/4; ALLOC_MIN_RESERVE and
    // ALLOC_NON_BLOCK since v6.3). Every allocation that comes here can sleep without __GFP_HIGH:
    // GFP_KERNEL page tables, stacks and slab, GFP_HIGHUSER_MOVABLE faults and page cache,
    // migration targets. So all check plain min. The one allocation allowed below min, zram's
    // store from reclaim (PF_MEMALLOC: ALLOC_NO_WATERMARKS), skips this path (zramStore).
    const minMark = wm.min;
    if (!zoneWatermarkOk(zone.nrFree(), zone.nrFreeCma(), wm.low, allowCma)) this.vmscan.wakeKswapd();
    for (let attempt = 0; attempt < 16; attempt++) {
      if (zoneWatermarkOk(zone.nrFree(), zone.nrFreeCma(), minMark, allowCma)) {
        const pfn = zone.allocPage(cpu, mt, allowCma);
        if (pfn >= 0) {
          this.vm.v[V.pgalloc]++;
          this.charged += this.costs.pageAllocNs;
          return pfn;
        }
      }
      if (!canReclaim) return -1;
      const freeBefore = zone.nrFree();
      const cmaBefore = zone.nrFreeCma();
      const reclaimed = this.vmscan.directReclaim(allowCma);
      if (reclaimed === 0 && !zoneWatermarkOk(zone.nrFree(), zone.nrFreeCma(), minMark, allowCma)) break;
      // Reclaim freed CMA pages and nothing else, for an allocation that cannot use them: no
      // progress toward its watermark, so retrying cannot help (should_reclaim_retry, v4.7).
      const cmaGain = zone.nrFreeCma() - cmaBefore;
      if (!allowCma && cmaGain > 0 && zone.nrFree() - freeBefore <= cmaGain && !zoneWatermarkOk(zone.nrFree(), zone.nrFreeCma(), minMark, allowCma)) break;
    }
    // Last try without the watermark (the OOM killer would run here). Reclaim that made no
    // progress may have left free pages on other CPUs' lists: drain them first
    // (__alloc_pages_direct_reclaim's drain_all_pages before giving up).
    if (canReclaim && zone.nrPcp() > 0) {
      zone.drainAllPages();
      this.charged += this.costs.drainPerCpuNs * this.cpus;
    }
    const pfn = zone.allocPage(cpu, mt, allowCma);
    if (pfn >= 0) {
      this.vm.v[V.pgalloc]++;
      return pfn;
    }
    return -1;
  }

  /**
   * After an allocation failed: when to try again, or -1 to give up (OOM).
   * While writeback is in flight, or reclaim met pages that I/O will free
   * (locked for a read, dirty for the flusher), reclaim is still making
   * progress: the task sleeps instead (congestion_wait before v5.16,
   * reclaim_throttle since; both time out after HZ/10) and is not OOM-killed,
   * unless reclaim has scanned the zone over and over without a page freed.
   */
  reclaimRetryAt(): number {
    // Scanned over and over without freeing a page: do_try_to_free_pages reports no progress and
    // the allocator goes to the OOM killer, however much I/O is in flight.
    if (!this.vmscan.zoneReclaimable()) return -1;
    if (this.nrWriteback === 0 && this.nrDirty > 0) this.vmscan.flusherRun(SWAP_CLUSTER_MAX);
    if (this.nrWriteback === 0 && !this.vmscan.sawIo) return -1;
    this.vm.v[V.vmscan_throttle_writeback]++;
    return this.vmscan.backoffUntil(this.now() + this.charged);
  }

  /** Free a page back to the allocator: it must already be off every LRU list. */
  freePage(cpu: number, pfn: number): void {
    const mem = this.mem;
    this.vmscan.scannedSinceFree = 0;
    mem.flags[pfn] = 0;
    mem.mapping[pfn] = -1;
    mem.index[pfn] = -1;
    mem.busyUntil[pfn] = 0;
    this.zone.freePage(cpu, pfn);
    this.vm.v[V.pgfree]++;
  }

  // ---------------------------------------------------------------- LRU

  lruListOf(pfn: number): number {
    const file = this.mem.kind[pfn] === PG_FILE;
    const active = (this.mem.flags[pfn]! & PF_ACTIVE) !== 0;
    return file ? (active ? LIST_ACTIVE_FILE : LIST_INACTIVE_FILE) : active ? LIST_ACTIVE_ANON : LIST_INACTIVE_ANON;
  }

  /** folio_add_lru / folio_activate: via the per-CPU batch unless lru_cache_disable() is in force. */
  lruAdd(cpu: number, pfn: number): void {
    const lists = this.mem.lists;
    if (this.lruCacheDisabled > 0 && this.features.lruCacheDisableDuringContig) {
      lists.addHead(this.lruListOf(pfn), pfn);
      return;
    }
    const id = LIST_LRU_BATCH_BASE + cpu;
    lists.addTail(id, pfn);
    if (lists.count[id]! >= LRU_BATCH) this.lruBatchDrain(cpu);
  }

  lruBatchDrain(cpu: number): void {
    const lists = this.mem.lists;
    const id = LIST_LRU_BATCH_BASE + cpu;
    for (let p = lists.head[id]!; p >= 0; p = lists.head[id]!) {
      lists.del(p);
      lists.addHead(this.lruListOf(p), p);
    }
  }

  /** lru_add_drain_all(). */
  lruAddDrainAll(): void {
    for (let c = 0; c < this.cpus; c++) this.lruBatchDrain(c);
  }

  /** Take a page off whatever LRU or batch list it is on. */
  lruDel(pfn: number): void {
    if (this.mem.lists.list[pfn] !== LIST_NONE) this.mem.lists.del(pfn);
  }

  /** mark_page_accessed: second reference on the inactive list activates (through the batch). */
  markAccessed(cpu: number, pfn: number): void {
    const mem = this.mem;
    const f = mem.flags[pfn]!;
    const list = mem.lists.list[pfn]!;
    if ((f & PF_ACTIVE) === 0 && (f & PF_REFERENCED) !== 0 && (list === LIST_INACTIVE_ANON || list === LIST_INACTIVE_FILE)) {
      mem.flags[pfn] = (f & ~PF_REFERENCED) | PF_ACTIVE | PF_WORKINGSET;
      mem.lists.del(pfn);
      this.lruAdd(cpu, pfn);
      this.vm.v[V.pgactivate]++;
    } else {
      mem.flags[pfn] = f | PF_REFERENCED;
    }
  }

  // ---------------------------------------------------------------- anonymous memory

  newAnon(pages: number): number {
    return this.maps.create(pages, MAP_ANON);
  }

  /**
   * Touch anonymous page `idx`: first touch allocates (anon fault), a swapped
   * page is read back (refault), a resident one is referenced. Returns false on OOM.
   */
  touchAnon(cpu: number, map: number, idx: number, source: AllocSource = 'anon'): boolean {
    const slots = this.maps.get(map);
    let s = slots[idx]!;
    if (s >= 0) {
      this.markAccessed(cpu, s);
      return true;
    }
    const pfn = this.allocPage(cpu, source, MIGRATE_MOVABLE, this.allowCma(source, MIGRATE_MOVABLE));
    if (pfn < 0) return false;
    // Reclaim inside the allocation may have moved the copy (pool eviction): read the slot again.
    s = slots[idx]!;
    const vm = this.vm.v;
    this.charged += this.costs.pageFaultNs;
    vm[V.pgfault]++;
    if (s !== SLOT_EMPTY) {
      // Swapped out before, wherever it went: an anon refault, and a major fault (do_swap_page
      // counts PGMAJFAULT for any page it had to bring back, not found in the swap cache).
      vm[V.pgmajfault]++;
      vm[V.workingset_refault_anon]++;
      vm[V.workingset_refault]++;
    }
    // PSWPIN is counted by swap_readpage after frontswap_load misses: device and zram reads only.
    if (s === SLOT_SWAP) {
      // Synchronous swap-in from the device; the slot is freed (exclusive swap cache simplification).
      this.chargeWait(this.device.submitSync(this.now() + this.charged, 4096, false) - (this.now() + this.charged));
      this.swapUsed--;
      vm[V.pswpin]++;
    } else if (s === SLOT_ZRAM) {
      this.charged += this.costs.zramDecompressPageNs;
      this.zramRemove();
      vm[V.zram_loaded]++;
      vm[V.pswpin]++;
    } else if (s <= SLOT_POOL_BASE) {
      const pool = decodePool(s);
      this.charged += this.costs.memcpyPageNs;
      this.releaseFrontswapBacking(pool);
      this.releasePoolPage(pool);
      vm[V.frontswap_loads]++;
    }
    this.installPage(cpu, pfn, PG_ANON, map, idx);
    return true;
  }

  private installPage(cpu: number, pfn: number, kind: number, map: number, idx: number): void {
    const mem = this.mem;
    mem.kind[pfn] = kind;
    mem.flags[pfn] = PF_REFERENCED;
    mem.mapping[pfn] = map;
    mem.index[pfn] = idx;
    this.maps.get(map)[idx] = pfn;
    if (kind === PG_ANON) this.nrAnon++;
    else this.nrFile++;
    this.lruAdd(cpu, pfn);
  }

  /** exit_mmap: free every page of an anonymous mapping, wherever it is. */
  freeAnon(cpu: number, map: number): void {
    const slots = this.maps.get(map);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if (s >= 0) this.putPage(cpu, s);
      else if (s === SLOT_SWAP) this.swapUsed--;
      else if (s === SLOT_ZRAM) this.zramRemove();
      else if (s <= SLOT_POOL_BASE) {
        this.releaseFrontswapBacking(decodePool(s));
        this.releasePoolPage(decodePool(s));
        this.vm.v[V.frontswap_invalidates]++;
      }
    }
    this.maps.destroy(map);
  }

  /**
   * Drop the owner's reference: free now, or leave it to the last unpin /
   * writeback completion (the page outlives its owner while referenced).
   */
  putPage(cpu: number, pfn: number): void {
    const mem = this.mem;
    const kind = mem.kind[pfn]!;
    if (kind === PG_ANON) this.nrAnon--;
    else if (kind === PG_FILE) this.nrFile--;
    if (mem.flags[pfn]! & PF_DIRTY) this.nrDirty--;
    mem.flags[pfn]! &= ~PF_DIRTY;
    mem.mapping[pfn] = -1;
    if (mem.pinCount[pfn]! > 0 || mem.flags[pfn]! & PF_WRITEBACK) {
      mem.flags[pfn]! |= PF_ORPHAN;
      return;
    }
    this.lruDel(pfn);
    this.freePage(cpu, pfn);
  }

  // ---------------------------------------------------------------- zram

  /**
   * The zram pool: the swap device itself, or a compressed tier a policy adds in
   * front of a storage swap device. Either way it can hold every swap slot.
   */
  ensureZram(): void {
    if (this.zramMap < 0) this.zramMap = this.maps.create(Math.ceil(this.swapCapacity / this.costs.zramRatio) + 16, MAP_ZRAM);
  }

  /** Store one compressed page; grows the zsmalloc pool by whole pages. False if memory is short. */
  zramStore(cpu: number): boolean {
    const need = Math.ceil((this.zramStored + 1) / this.costs.zramRatio);
    if (need > this.zramPoolPages) {
      const slots = this.maps.get(this.zramMap);
      if (this.zramPoolPages >= slots.length) return false;
      // Since v4.8 zsmalloc pages are movable (__GFP_MOVABLE, zs_page_migrate), so ALLOC_CMA may
      // place them in CMA; before, zram's pool allocated with GFP_NOIO | __GFP_HIGHMEM: UNMOVABLE,
      // never in CMA (features.zsmallocMovable). Reclaim runs with PF_MEMALLOC, so the store may
      // take the reserves below min (ALLOC_NO_WATERMARKS) rather than fail.
      const mt = this.features.zsmallocMovable ? MIGRATE_MOVABLE : MIGRATE_UNMOVABLE;
      const pfn = this.zone.allocPage(cpu, mt, mt === MIGRATE_MOVABLE && this.allowCma('zram', mt));
      if (pfn < 0) return false;
      this.vm.v[V.pgalloc]++;
      const mem = this.mem;
      mem.kind[pfn] = PG_ZRAM;
      mem.flags[pfn] = 0;
      mem.mapping[pfn] = this.zramMap;
      mem.index[pfn] = this.zramPoolPages;
      slots[this.zramPoolPages++] = pfn;
    }
    this.zramStored++;
    this.swapUsed++;
    this.charged += this.costs.zramCompressPageNs;
    this.vm.v[V.zram_stored]++;
    return true;
  }

  zramRemove(): void {
    this.zramStored--;
    this.swapUsed--;
    const need = Math.ceil(this.zramStored / this.costs.zramRatio);
    while (this.zramPoolPages > need) {
      const slots = this.maps.get(this.zramMap);
      const pfn = slots[--this.zramPoolPages]!;
      slots[this.zramPoolPages] = SLOT_EMPTY;
      this.mem.mapping[pfn] = -1;
      this.freePage(0, pfn);
    }
  }

  // ---------------------------------------------------------------- page cache

  newFile(pages: number, bufferHeads = false): number {
    const id = this.maps.create(pages, MAP_FILE, !this.fsMigrate);
    if (bufferHeads) this.bhFiles.add(id);
    return id;
  }
  private readonly bhFiles = new Set<number>();
  fsMigrate = true;

  /**
   * Read [start, start+n) of a file: hits are referenced; misses look in the
   * pool (cleancache get) and then read from the device in one request, the
   * new pages locked until the read completes.
   */
  readFile(cpu: number, map: number, start: number, n: number): boolean {
    const slots = this.maps.get(map);
    const end = Math.min(slots.length, start + n);
    const mem = this.mem;
    const vm = this.vm.v;
    let misses = 0;
    const allowCma = this.allowCma('file', MIGRATE_MOVABLE);
    const bh = this.bhFiles.has(map);
    for (let i = start; i < end; i++) {
      let s = slots[i]!;
      if (s >= 0) {
        this.markAccessed(cpu, s);
        if (bh) this.bhTouch(cpu, s);
        continue;
      }
      const pfn = this.allocPage(cpu, 'file', MIGRATE_MOVABLE, allowCma);
      if (pfn < 0) return false;
      s = slots[i]!; // reclaim inside the allocation may have evicted a pool copy
      if (s <= SLOT_POOL_BASE) {
        this.charged += this.costs.memcpyPageNs;
        this.releasePoolPage(decodePool(s));
        vm[V.cleancache_succ_gets]++;
        this.installPage(cpu, pfn, PG_FILE, map, i);
      } else {
        if (this.region?.kind === 'pool') vm[V.cleancache_failed_gets]++;
        this.installPage(cpu, pfn, PG_FILE, map, i);
        if (s === SLOT_SHADOW) {
          // A refault: the page belongs to the working set (workingset_refault sets PG_workingset).
          vm[V.workingset_refault_file]++;
          vm[V.workingset_refault]++;
          mem.flags[pfn]! |= PF_WORKINGSET;
        }
        mem.flags[pfn]! |= PF_LOCKED;
        misses++;
      }
      if (bh) mem.flags[pfn]! |= PF_BUFFER_HEAD;
    }
    if (misses > 0) {
      const now = this.now() + this.charged;
      const done = this.device.submitSync(now, misses * 4096, false);
      vm[V.pgpgin] += misses * KIB_PER_PAGE;
      vm[V.pgmajfault]++;
      this.chargeWait(done - now);
      // Unlock at completion: until then the pages are PG_locked (a migration blocker).
      const locked: number[] = [];
      for (let i = start; i < end; i++) {
        const p = slots[i]!;
        if (p >= 0 && mem.flags[p]! & PF_LOCKED && mem.busyUntil[p]! < done) {
          mem.busyUntil[p] = done;
          locked.push(map, i);
        }
      }
      this.sched.at(done, () => this.unlockPages(locked));
    }
    return true;
  }

  private unlockPages(mapIdx: number[]): void {
    const mem = this.mem;
    for (let k = 0; k < mapIdx.length; k += 2) {
      const slots = this.maps.tryGet(mapIdx[k]!);
      if (!slots) continue;
      const p = slots[mapIdx[k + 1]!]!;
      // A recycled mapping id may point elsewhere now: only unlock pages whose read is over.
      if (p >= 0 && mem.busyUntil[p]! <= this.now()) mem.flags[p]! &= ~PF_LOCKED;
    }
  }

  /** Write [start, start+n): pages become dirty; a stored copy is invalidated first (stays clean). */
  writeFile(cpu: number, map: number, start: number, n: number): boolean {
    const slots = this.maps.get(map);
    const end = Math.min(slots.length, start + n);
    const mem = this.mem;
    const allowCma = this.allowCma('file', MIGRATE_MOVABLE);
    const now = this.now();
    for (let i = start; i < end; i++) {
      let s = slots[i]!;
      if (s <= SLOT_POOL_BASE) {
        this.releasePoolPage(decodePool(s));
        this.vm.v[V.cleancache_invalidates]++;
        slots[i] = SLOT_EMPTY;
        s = SLOT_EMPTY;
      }
      if (s < 0) {
        const pfn = this.allocPage(cpu, 'file', MIGRATE_MOVABLE, allowCma);
        if (pfn < 0) return false;
        this.installPage(cpu, pfn, PG_FILE, map, i);
        s = pfn;
      } else this.markAccessed(cpu, s);
      if ((mem.flags[s]! & PF_DIRTY) === 0) {
        mem.flags[s]! |= PF_DIRTY;
        this.nrDirty++;
        this.dirtyQueue.push(map, i, now);
      }
      this.charged += this.costs.memcpyPageNs;
    }
    this.vmscan.balanceDirtyPages();
    return true;
  }

  /** truncate_inode_pages: drop every page and every stored copy of a file. */
  truncateFile(cpu: number, map: number, destroy = false): void {
    const slots = this.maps.get(map);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if (s >= 0) this.putPage(cpu, s);
      else if (s <= SLOT_POOL_BASE) {
        this.releasePoolPage(decodePool(s));
        this.vm.v[V.cleancache_invalidates]++;
      }
      slots[i] = SLOT_EMPTY;
    }
    if (destroy) {
      this.bhFiles.delete(map);
      this.maps.destroy(map);
    }
  }

  /** Touch a buffer_head page: the per-CPU bh LRU keeps a reference to it (bh_lru_install). */
  private bhTouch(cpu: number, pfn: number): void {
    const base = cpu * BH_LRU_SIZE;
    const pos = this.bhLruPos[cpu]!;
    this.bhLru[base + pos] = pfn;
    this.bhLruPos[cpu] = (pos + 1) % BH_LRU_SIZE;
  }

  inBhLru(pfn: number): boolean {
    const b = this.bhLru;
    for (let i = 0; i < b.length; i++) if (b[i] === pfn) return true;
    return false;
  }

  /** invalidate_bh_lrus(). */
  invalidateBhLrus(): void {
    this.bhLru.fill(-1);
  }

  // ---------------------------------------------------------------- pool (region copies)

  /**
   * A frontswap copy is going away: free what backs it. Write-through copies have a
   * second copy on the swap device (a zram entry when swap is zram); write-back
   * copies hold a reserved swap slot so they can always be evacuated.
   */
  releaseFrontswapBacking(poolPfn: number): void {
    const writeThrough = (this.mem.flags[poolPfn]! & PF_DIRTY) === 0;
    if (writeThrough && this.swapDevice === 'zram') this.zramRemove();
    else this.swapUsed--;
  }

  /** A page kept or freed at the end of its swap write loses its swap slot, and its write-through frontswap copy if it has one. */
  private dropSwapCopies(pfn: number): void {
    this.swapUsed--;
    const copy = this.frontswapWrites.take(pfn);
    if (copy < 0) return;
    this.releasePoolPage(copy);
    this.vm.v[V.frontswap_invalidates]++;
  }

  /** A region page (carve-out or pool) is free again: no content, no owner. */
  resetReservedPage(pfn: number): void {
    const mem = this.mem;
    mem.kind[pfn] = PG_RESERVED;
    mem.flags[pfn] = 0;
    mem.mapping[pfn] = -1;
    mem.index[pfn] = -1;
  }

  /** A stored copy leaves the pool: the region page is free again and the policy hears of it. */
  releasePoolPage(pfn: number): void {
    this.resetReservedPage(pfn);
    this.hooks.onPoolRelease(pfn);
  }

  // ---------------------------------------------------------------- kernel pages and pins

  /** A kernel page: UNMOVABLE (page tables, stacks), or RECLAIMABLE for slab a shrinker can free. */
  allocKernelPage(cpu: number, mt: number = MIGRATE_UNMOVABLE): number {
    const pfn = this.allocPage(cpu, 'kernel', mt, false);
    if (pfn < 0) return -1;
    this.mem.kind[pfn] = PG_KERNEL;
    this.mem.flags[pfn] = 0;
    this.nrKernel++;
    return pfn;
  }

  freeKernelPage(cpu: number, pfn: number): void {
    this.nrKernel--;
    this.freePage(cpu, pfn);
  }

  /** Take a reference with a cause (GUP pin, AIO ring). */
  pin(pfn: number, cause: number, until: number): void {
    const mem = this.mem;
    if (mem.pinCount[pfn] === 0 || cause > mem.pinCause[pfn]!) mem.pinCause[pfn] = cause;
    mem.pinCount[pfn]++;
    if (until > mem.busyUntil[pfn]!) mem.busyUntil[pfn] = until;
  }

  unpin(cpu: number, pfn: number): void {
    const mem = this.mem;
    if (--mem.pinCount[pfn]! === 0) {
      mem.pinCause[pfn] = PIN_NONE;
      if (mem.flags[pfn]! & PF_ORPHAN) {
        this.lruDel(pfn);
        this.freePage(cpu, pfn);
      }
    }
  }

  /**
   * Writeback of `pfns` finished (end_page_writeback): free pages reclaim wrote out, unless touched since.
   * The kernel clears PG_reclaim and rotates such a page to the inactive tail
   * (rotate_reclaimable_page, counted in pgrotated), where the next shrink_folio_list frees it and
   * counts pgsteal. The engine frees it at once, counting both; pgsteal goes to the reclaimer
   * that wrote it (pgsteal_kswapd or pgsteal_direct).
   */
  endWriteback(pfns: number[]): void {
    const mem = this.mem;
    const vm = this.vm.v;
    for (let k = 0; k < pfns.length; k++) {
      const pfn = pfns[k]!;
      const f = mem.flags[pfn]!;
      if ((f & PF_WRITEBACK) === 0) continue;
      mem.flags[pfn] = f & ~PF_WRITEBACK;
      this.nrWriteback--;
      const byKswapd = f & PF_RECLAIM ? this.vmscan.takeReclaimWriter(pfn) : false;
      if (f & PF_ORPHAN) {
        const anon = mem.kind[pfn] === PG_ANON;
        if (anon) this.dropSwapCopies(pfn);
        if (mem.pinCount[pfn] === 0) {
          // An exited task's anon page reclaim was swapping out stays in the swap cache while under
          // writeback (free_swap_and_cache skips it): rotated at the end, reclaim frees it. A
          // truncated file page the kernel would have waited for in truncate_inode_pages.
          if (f & PF_RECLAIM && anon) {
            this.rotateReclaimable(pfn, f);
            vm[byKswapd ? V.pgsteal_kswapd : V.pgsteal_direct]++;
          }
          this.lruDel(pfn);
          this.freePage(0, pfn);
        }
        continue;
      }
      if ((f & PF_RECLAIM) === 0) continue;
      mem.flags[pfn]! &= ~PF_RECLAIM;
      const rotated = this.rotateReclaimable(pfn, f);
      if (f & PF_REFERENCED || mem.pinCount[pfn]! > 0 || !rotated) {
        // Touched again: keep it, drop its copies.
        if (mem.kind[pfn] === PG_ANON) this.dropSwapCopies(pfn);
        continue;
      }
      const map = mem.mapping[pfn]!;
      const idx = mem.index[pfn]!;
      this.lruDel(pfn);
      if (mem.kind[pfn] === PG_ANON) {
        // A write-through frontswap copy now stands for the page; else the swap device holds it.
        const copy = this.frontswapWrites.take(pfn);
        this.maps.get(map)[idx] = copy >= 0 ? encodePool(copy) : SLOT_SWAP;
        this.nrAnon--;
        vm[byKswapd ? V.pgsteal_kswapd : V.pgsteal_direct]++;
      } else {
        vm[byKswapd ? V.pgsteal_kswapd : V.pgsteal_direct]++;
        this.vmscan.evictCleanFile(pfn);
        continue;
      }
      this.freePage(0, pfn);
    }
  }

  /**
   * rotate_reclaimable_page (v3.18; folio_rotate_reclaimable today): a page whose PG_reclaim write
   * ended moves to the inactive tail, counted in pgrotated, unless it is locked, dirty, active or
   * off the LRU (pagevec_move_tail checks the last two again). `f`: its flags as the write ended.
   */
  private rotateReclaimable(pfn: number, f: number): boolean {
    if (f & (PF_LOCKED | PF_DIRTY | PF_ACTIVE)) return false;
    const list = this.mem.lists.list[pfn];
    if (list !== LIST_INACTIVE_ANON && list !== LIST_INACTIVE_FILE) return false;
    this.vm.v[V.pgrotated]++;
    return true;
  }

}
