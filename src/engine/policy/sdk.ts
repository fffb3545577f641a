/*
 * The policy SDK: the interface a policy implements and the engine services it
 * may ask for by token. Each token is a Symbol with an interface of the same
 * name (VS Code's createDecorator habit), registered in the per-run child
 * container before the policy is resolved. Policies never see raw page arrays:
 * every primitive here charges the virtual time the platform profile says it
 * costs.
 */
import type { Params } from '../result.ts';
import type { PolicyManifest } from './manifest.ts';

/** Where an allocation comes from; policies key placement and allowlists on it. */
export type AllocSource = 'anon' | 'file' | 'kernel' | 'zram' | 'aio' | 'pin-buffer' | 'migrate-target';
export const ALLOC_SOURCES: readonly AllocSource[] = ['anon', 'file', 'kernel', 'zram', 'aio', 'pin-buffer', 'migrate-target'];

export interface AllocIntent {
  source: AllocSource;
  /** 0 UNMOVABLE, 1 MOVABLE, 2 RECLAIMABLE (the kernel's gfp_migratetype). */
  migratetype: number;
  /** The allocation backs memory that will be pinned long-term (FOLL_LONGTERM). */
  longtermPin: boolean;
}

/** How the reserved region is managed. */
export type RegionKind = 'cma' | 'carveout' | 'pool';

export interface RegionInfo {
  kind: RegionKind;
  startPfn: number;
  pages: number;
}

/**
 * Kernel behaviour switches a policy sets at setup. Each models a mainline
 * change or a vendor/Android patch (domain.md section 3).
 */
export interface KernelFeatures {
  /** Where free CMA pages sit on the per-CPU lists: mixed into MOVABLE (upstream), their own list (Android), or never (vendor quirk). */
  cmaPcp: 'movable' | 'separate' | 'off';
  /** v5.8 (commit 16867664936e): use CMA first when free CMA > this fraction of free pages; null = CMA only as fallback (pre-5.8). */
  cmaFirstThreshold: number | null;
  /**
   * Before v4.1 (commit dc67647b78b9) CMA was the first entry of MOVABLE's
   * fallback list inside __rmqueue_fallback, which takes the largest free
   * block first: every fallback broke another high-order CMA block, spreading
   * borrowed pages one per block across the whole area. false: since v4.1
   * __rmqueue_cma_fallback takes the smallest CMA block.
   */
  cmaFallbackLargest: boolean;
  /** Which allocation sources may take CMA pages ('movable' = any movable allocation, upstream). */
  cmaAllowedSources: 'movable' | readonly AllocSource[];
  /** Android: page cache never placed in CMA. */
  pageCacheInCma: boolean;
  /** v3.12: AIO ring pages have a migratepage callback. */
  aioRingMigratable: boolean;
  /** v5.1: FOLL_LONGTERM GUP migrates the page out of CMA before pinning. */
  longtermPinMigrate: boolean;
  /** v5.13: lru_cache_disable() while a contiguous allocation runs. */
  lruCacheDisableDuringContig: boolean;
  /** v5.13: invalidate the per-CPU buffer_head LRUs before migrating. */
  bhLruInvalidateDuringContig: boolean;
  /**
   * An UNMOVABLE fallback of a small order (below pageblock_order / 2) claims
   * the pageblock when half of it is free (can_steal_fallback). Added after
   * v3.18 by commit 9c0415eb8cbf; false: try_to_steal_freepages of v3.18 and earlier, which
   * takes the page and leaves the block's type alone, scattering unmovable
   * pages through MOVABLE pageblocks.
   */
  unmovableStealsPageblock: boolean;
  /**
   * Up to v5.10 set_migratetype_isolate drained every CPU's page lists once
   * for each pageblock it isolated, and alloc_contig_range drained the LRU
   * batches in migrate_prep and both again before test_pages_isolated. v5.11
   * (commit 7612921f2376) moved the drain to the callers, once per range.
   */
  drainPerIsolatedPageblock: boolean;
  /**
   * SDK 1.6. zone_batchsize() caps the per-CPU batch at this many KiB before the
   * quarter and 2^n - 1 rounding: 512 up to v4.18 ("But no more than 1/2 of a meg"),
   * 1024 since v4.19 (commit d8a759b57035 "mm, page_alloc: double zone's batchsize",
   * lore:20180711055855.29072-1-aaron.lu@intel.com). On an 800 MiB board: batch 31,
   * high 186 with 512; 63 and 378 with 1024. Read whenever the per-CPU lists fill or spill.
   */
  pcpBatchCapKiB: 512 | 1024;
  /**
   * SDK 1.6. zsmalloc pages are movable: allocated with __GFP_MOVABLE (so ALLOC_CMA
   * may place them in CMA) and migratable through zs_page_migrate. Since v4.8
   * (Minchan Kim's series, commit 48b4800a1c6a "zsmalloc: page migration support" and
   * "zram: use __GFP_MOVABLE for memory allocation",
   * lore:1464736881-24886-1-git-send-email-minchan@kernel.org). false: up to v4.7
   * zram's pool allocated with GFP_NOIO | __GFP_HIGHMEM (zram_meta_alloc ->
   * zs_create_pool): UNMOVABLE pages, never in CMA, never migrated.
   */
  zsmallocMovable: boolean;
}

export const MAINLINE_FEATURES: KernelFeatures = {
  cmaPcp: 'movable',
  cmaFirstThreshold: 0.5,
  cmaFallbackLargest: false,
  cmaAllowedSources: 'movable',
  pageCacheInCma: true,
  aioRingMigratable: true,
  longtermPinMigrate: true,
  lruCacheDisableDuringContig: true,
  bhLruInvalidateDuringContig: true,
  unmovableStealsPageblock: true,
  drainPerIsolatedPageblock: false,
  pcpBatchCapKiB: 1024,
  zsmallocMovable: true,
};

/** A contiguous request as the device driver asks for it. */
export interface ContigRequest {
  id: number;
  client: string;
  pages: number;
  /** Alignment order of the start pfn (cma_alloc uses min(get_order(size), CONFIG_CMA_ALIGNMENT)). */
  alignOrder: number;
  deadlineNs: number | null;
}

/**
 * The record a contiguous allocation fills in as it works. Primitives update
 * the counters; the policy sets the outcome (and, for bounded policies, boundNs).
 */
export interface ContigRecord {
  startPfn: number;
  reason: string | null;
  migrated: number;
  dropped: number;
  written: number;
  retries: number;
  candidates: number;
  boundNs: number | null;
  blocking: { pfn: number; cause: string }[];
}

/** Off the CPU for `sleepNs` (waiting on I/O, msleep): the task does not compete for the CPUs meanwhile. */
export interface ContigSleep {
  readonly sleepNs: number;
}
/** CPU work with no preemption point (a loop under a spinlock): it is not shared with other tasks. */
export interface ContigAtomic {
  readonly atomicNs: number;
}
/**
 * One step of a contiguous allocation. A plain number is CPU work that passes
 * cond_resched() points: the requesting task shares the CPUs with every other
 * runnable task (CFS), so it can take longer than its ns in virtual time.
 */
export type ContigStep = number | ContigSleep | ContigAtomic;

export const sleepStep = (ns: number): ContigSleep => ({ sleepNs: ns });
export const atomicStep = (ns: number): ContigAtomic => ({ atomicNs: ns });

/**
 * A contiguous allocation is a generator: each yielded step lets virtual time
 * pass (the rest of the system runs meanwhile); it returns true on success
 * with record.startPfn set.
 */
export type ContigTask = Generator<ContigStep, boolean, void>;

export interface CmaAllocOptions {
  /** Async migration, one pass: skip a blocked range quickly (proposed 2021). */
  failFast?: boolean;
  /** Sleep this long and retry the whole area scan after -EBUSY (Qualcomm's proposal). */
  backoffMs?: number;
  maxTries?: number;
}

export interface Policy {
  /** Reserve and describe the region, set kernel features. Runs once before the workload starts. */
  setup(): void;
  /**
   * Optional: may this allocation take pages from the region (CMA kind only)? Replaces the
   * cmaAllowedSources/pageCacheInCma rule; call IKernel.allowedBySwitches(intent) to keep it.
   */
  mayUseRegion?(intent: AllocIntent): boolean;
  /** Reclaim is dropping a clean file page: keep a copy (cleancache put)? `workingSet` is true for refaulted pages. */
  onCleanEvict?(pfn: number, workingSet: boolean): void;
  /** Reclaim is swapping out an anonymous page: store it (frontswap)? Return true if stored. */
  onSwapOut?(pfn: number): boolean;
  /** A stored copy in the pool was released by the engine (loaded back, invalidated, freed). */
  onPoolRelease?(pfn: number): void;
  /** Turn a request into primitive steps. */
  allocContig(req: ContigRequest, rec: ContigRecord): ContigTask;
  /** Give a successful allocation back. */
  releaseContig(startPfn: number, pages: number): void;
  /** Region pages holding useful data right now (for the utilisation metric); default: not free. */
  usefulRegionPages?(): number;
}

export interface PolicyClass {
  new (...args: never[]): Policy;
}

export interface PolicyModule {
  manifest: PolicyManifest;
  policy: PolicyClass;
  /** Folder the plugin was loaded from and a hash of its files (set by the plugin host). */
  origin?: { dir: string; hash: string };
}

// ---- Services, each a token and an interface of the same name ----

export const IPolicyParams = Symbol('IPolicyParams');
export type IPolicyParams = Readonly<Params>;

export const IClock = Symbol('IClock');
export interface IClock {
  /** Virtual time now, ns. */
  now(): number;
}

export const IRng = Symbol('IRng');
export interface IRng {
  /** Uniform in [0, 1), the policy's own seeded stream. */
  next(): number;
  int(n: number): number;
}

export const IMetrics = Symbol('IMetrics');
export interface IMetrics {
  /** Bump a vmstat-style counter (created on first use). */
  count(name: string, delta?: number): void;
  get(name: string): number;
}

/** Per-page and per-operation costs of the machine, ns (platform profile). */
export const ICosts = Symbol('ICosts');
export interface ICosts {
  readonly pageAllocNs: number;
  /** Taking one free page for a contiguous allocation (no zeroing: cma_alloc does not clear). */
  readonly pageTakeNs: number;
  readonly migratePageNs: number;
  readonly dropCleanPageNs: number;
  readonly memcpyPageNs: number;
  readonly isolatePageblockNs: number;
  readonly drainPcpNs: number;
  readonly migrateRetryNs: number;
  readonly zramCompressPageNs: number;
  readonly zramDecompressPageNs: number;
  /** Time to write one page to the swap device when the queue is empty: write access time + 4 KiB. */
  readonly deviceWritePageNs: number;
  /** The swap device's write access time. */
  readonly deviceLatencyNs: number;
  readonly cpus: number;
}

/** Read-only views of memory plus the one-time region reservation. */
export const IMemory = Symbol('IMemory');
export interface IMemory {
  readonly totalPages: number;
  readonly pageblockPages: number;
  /** Reserve a pageblock-aligned region at the top of memory; only during setup(). */
  reserveRegion(pages: number, kind: RegionKind): RegionInfo;
  readonly region: RegionInfo | null;
  /** Free pages in the zone (buddy, excluding PCP lists), and how many of them are in CMA pageblocks. */
  nrFree(): number;
  nrFreeCma(): number;
  /** Page content kind name of a pfn ("free", "anon", "file", "cleancache", ...). */
  kindName(pfn: number): string;
}

export const IKernel = Symbol('IKernel');
export interface IKernel {
  readonly features: Readonly<KernelFeatures>;
  set(features: Partial<KernelFeatures>): void;
  /**
   * SDK 1.5: what the engine answers for ALLOC_CMA without a mayUseRegion hook: movable, not
   * long-term pinned, and allowed by cmaAllowedSources and pageCacheInCma. A hook replaces that
   * rule; one that calls this keeps the switches working.
   */
  allowedBySwitches(intent: AllocIntent): boolean;
}

/** Bitmap over the region (cma->bitmap): which pages are allocated to the device. */
export interface IRegionBitmap {
  readonly pages: number;
  /** First aligned run of `count` clear bits at or after `fromBit` (bitmap_find_next_zero_area_off); -1 if none. */
  findZeroArea(fromBit: number, count: number, alignOrder: number): number;
  set(bit: number, count: number): void;
  clear(bit: number, count: number): void;
  isClear(bit: number, count: number): boolean;
  weight(): number;
}

/** The CMA machinery: alloc_contig_range and its steps, cma_alloc on top. */
export const IContig = Symbol('IContig');
export interface IContig {
  /** cma_alloc(): bitmap search, alloc_contig_range per candidate, next candidate on -EBUSY. */
  cmaAlloc(req: ContigRequest, rec: ContigRecord, opts?: CmaAllocOptions): ContigTask;
  /** cma_release(): free the pages back and clear the bitmap. */
  cmaRelease(startPfn: number, pages: number): void;
  /** alloc_contig_range() on one candidate [startPfn, startPfn+pages). */
  allocContigRange(startPfn: number, pages: number, rec: ContigRecord, opts?: CmaAllocOptions): ContigTask;
  /** The region's allocation bitmap (CMA and carve-out kinds). */
  readonly bitmap: IRegionBitmap;
  /** Carve-out: take free reserved pages [start, start+pages) for the device (bitmap search is the caller's). */
  takeReserved(startPfn: number, pages: number, rec: ContigRecord): number;
  /** Carve-out and pool: give device pages back to the region as free reserved pages. */
  returnReserved(startPfn: number, pages: number): void;
}

/** Content of a pool region page (GCMA). */
export const PoolSlot = {
  Free: 0,
  Device: 1,
  Cleancache: 2,
  FrontswapWriteThrough: 3,
  FrontswapWriteBack: 4,
} as const;
export type PoolSlot = (typeof PoolSlot)[keyof typeof PoolSlot];

/** The GCMA pool primitives: store and drop second-class copies in the region. */
export const IPool = Symbol('IPool');
export interface IPool {
  slot(pfn: number): PoolSlot;
  /** cleancache put: copy the clean file page `srcPfn` into free region page `dstPfn` (memcpy). */
  storeCleancache(srcPfn: number, dstPfn: number): void;
  /** frontswap store: copy anon page `srcPfn` into `dstPfn`. write-through also has the kernel write the page to the swap device (counted in pswpout; the copy takes the page's slot when that write ends); false if no swap slot, or write-through with the device's request queue full. */
  storeFrontswap(srcPfn: number, dstPfn: number, writeThrough: boolean): boolean;
  /** Drop a cleancache or write-through frontswap copy (cost: dropCleanPageNs). */
  drop(pfn: number): number;
  /**
   * Move a write-back frontswap page out of the region before the device gets it:
   * into free normal memory (unless `toMemory` is false, as when evicting to make
   * room during reclaim), else zram if configured, else the swap device.
   * Returns the virtual time (ns from now) until the page is free.
   */
  evacuate(pfn: number, toMemory?: boolean): number;
  /**
   * Worst-case ns to evacuate `pages` write-back pages now: the device backlog, then
   * writes merged SWAP_CLUSTER_MAX (32) pages a request.
   */
  evacuateBoundNs(pages: number): number;
  /**
   * SDK 1.6. Evict copies from a hook (onCleanEvict, onSwapOut) to make room: cleancache
   * and write-through copies are dropped; write-back ones go to zram when configured, else
   * to the swap device as async writes merged 32 pages a request that hold their region
   * pages until they end (then onPoolRelease). Every cost is charged to the caller.
   */
  evict(pfns: readonly number[]): void;
  /**
   * SDK 1.6. Evacuate write-back pages for a contiguous allocation: into memory, else zram,
   * else merged sync device writes. cpuNs: copy and compression work (not charged: yield
   * it); waitNs: ns until the last write ends (pages an eviction is still writing included);
   * written: pages this call wrote to the device.
   */
  evacuateAll(pfns: readonly number[], toMemory?: boolean): { cpuNs: number; waitNs: number; written: number };
  /** Region page goes to the device / comes back free. */
  take(pfn: number): void;
  giveBack(pfn: number): void;
  /**
   * Add a zram pool in front of a storage swap device (call from setup()), so
   * evacuate() compresses write-back frontswap pages into normal memory before
   * writing them out. A no-op when the machine already swaps to zram.
   */
  useZram(): void;
  /** evacuate() has a zram pool to compress into (the swap device, or useZram()). */
  readonly zramEnabled: boolean;
}
