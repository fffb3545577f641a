/*
 * Platform cost profiles: every virtual-time cost the engine charges, per
 * machine. Each constant names its source: domain.md section 5 (the GCMA RFC
 * v2 and paper measurements), kernel constants, or a datasheet-class figure
 * stated as an assumption. Nothing here is fitted to a result table.
 * docs/platforms.md renders the same table for readers.
 */

export interface PlatformProfile {
  name: string;
  title: string;
  cpus: number;
  pageblockOrder: 9 | 10;
  /** The kernel image after boot (code, rodata, rwdata, bss; init is freed): never in the buddy allocator. */
  kernelImageKiB: number;
  /** sizeof(struct page): the memmap costs this much per 4 KiB page of RAM. */
  structPageBytes: number;
  /** Per-page and per-operation CPU costs, ns. */
  pageAllocNs: number;
  /** Taking one free page for a contiguous allocation (isolate_freepages_range; no zeroing). */
  pageTakeNs: number;
  pageFaultNs: number;
  migratePageNs: number;
  migrateRetryNs: number;
  dropCleanPageNs: number;
  memcpyPageNs: number;
  reclaimScanPageNs: number;
  isolatePageblockNs: number;
  /** drain_all_pages / lru_add_drain_all: per-CPU work item round trip. */
  drainPerCpuNs: number;
  zramCompressPageNs: number;
  zramDecompressPageNs: number;
  zramRatio: number;
  /** Storage device (page cache and swap). */
  storageReadMBps: number;
  storageWriteMBps: number;
  /** Access time of a read request. */
  storageLatencyNs: number;
  /** Access time of a write request (flash cards program and erase: far above their read latency). */
  storageWriteLatencyNs: number;
  sources: Record<string, string>;
}

const MB = 1e6;
const pageNsAt = (mbps: number): number => Math.round((4096 / (mbps * MB)) * 1e9);

// domain.md s5: zram LZ4 ratio ~2.1, ~420 MB/s compress, ~1,800 MB/s decompress.
const ZRAM = {
  zramCompressPageNs: pageNsAt(420),
  zramDecompressPageNs: pageNsAt(1800),
  zramRatio: 2.1,
};

const COMMON_SOURCES = {
  migratePageNs: 'domain.md s5: per-page migration ~20-60 us (GCMA paper); slow 32-bit ARM boards take the upper half of the range, 64-bit SoCs and x86 the lower end',
  dropCleanPageNs: 'domain.md s5: dropping a clean page ~1.5-3 us',
  zram: 'domain.md s5: zram LZ4 ratio ~2.1, 420 MB/s compress, 1,800 MB/s decompress',
  pageblockOrder: 'domain.md s2: order 10 (4 MiB) on ARM32 boards such as the Raspberry Pi 2, order 9 (2 MiB) where huge pages exist',
  memcpyPageNs: 'assumption: memcpy bandwidth ~1 GB/s on Cortex-A7/A9 class cores (lmbench-class figure), ~4 GB/s on phone big cores, ~8 GB/s on x86',
  migrateRetryNs: 'assumption: a failed migration attempt (refcount check, unlock) costs ~1 us, small against a copy',
  reclaimScanPageNs: 'assumption: shrink_folio_list spends ~0.5 us per scanned page on a 1 GHz core (isolation, rmap check)',
  drainPerCpuNs: 'assumption: queue_work_on + flush_work round trip ~20 us per CPU for drain_all_pages / lru_add_drain_all',
  isolatePageblockNs: 'assumption: set_migratetype_isolate moves one pageblock of free pages in ~5 us',
  pageAllocNs: 'assumption: order-0 allocation incl. zeroing a 4 KiB page ~1 us at ~4 GB/s clear bandwidth',
  pageTakeNs:
    "GCMA RFC v2 cover letter (lore:1424721263-25314-1-git-send-email-sj38.park@gmail.com): the CuBox's fastest cma_alloc took 381 us for 1 page and 8,612 us for 32,000, about 0.26 us per further page, pageblock isolation included; phone and x86 scaled like pageAllocNs",
  pageFaultNs: 'assumption: minor fault entry/exit + PTE update ~1.5 us on a 1 GHz ARM core',
};

export const PLATFORMS: Record<string, PlatformProfile> = {
  rpi2: {
    name: 'rpi2',
    title: 'Raspberry Pi 2 (4x 900 MHz Cortex-A7, 1 GiB, Class 10 microSD)',
    cpus: 4,
    pageblockOrder: 10,
    kernelImageKiB: 11_804,
    structPageBytes: 36,
    pageAllocNs: 1_000,
    pageTakeNs: 250,
    pageFaultNs: 1_500,
    migratePageNs: 50_000,
    migrateRetryNs: 1_000,
    dropCleanPageNs: 3_000,
    memcpyPageNs: 4_096,
    reclaimScanPageNs: 500,
    isolatePageblockNs: 5_000,
    drainPerCpuNs: 20_000,
    ...ZRAM,
    storageReadMBps: 20,
    storageWriteMBps: 10,
    storageLatencyNs: 1_000_000,
    storageWriteLatencyNs: 3_700_000,
    sources: {
      ...COMMON_SOURCES,
      bootMemory: 'Raspberry Pi kernel7 (ARMv7, the Pi 2 and 3 image) boot logs: raspberrypi/linux#2966 shows 8,192K code + 627K rwdata + 2,164K rodata + 821K bss; raspberrypi/firmware#365 (4.4.42-v7) shows 1,980 memmap pages for 225,280 pages, 36 B each (9 words since v3.19 put the memcg pointer in struct page)',
      machine: 'domain.md s5: GCMA paper (IEEE TC 2019) Raspberry Pi 2, 1 GiB RAM, 64 MiB area',
      storage: 'domain.md s5: Class 10 microSD >= 10 MB/s write; assumption: ~20 MB/s sequential read and ~1 ms read access latency (SD bus UHS-I class 10 cards)',
      storageWrite:
        "Tom's Hardware microSDHC round-up (2011): writing 4 KB blocks at random, the SanDisk card managed just over 1 MB/s at queue depth 1 and most cards a few KB/s; 4 KiB at 1 MB/s is ~4.1 ms, ~3.7 ms of it access time at 10 MB/s (the RFC's card is a Class 10 SanDisk)",
    },
  },
  'cubox-i4': {
    name: 'cubox-i4',
    title: 'CuBox-i4 Pro (4x 1 GHz Cortex-A9, 800 MiB usable, Class 10 microSD)',
    cpus: 4,
    pageblockOrder: 10,
    kernelImageKiB: 11_696,
    structPageBytes: 32,
    pageAllocNs: 1_000,
    pageTakeNs: 250,
    pageFaultNs: 1_500,
    migratePageNs: 40_000,
    migrateRetryNs: 1_000,
    dropCleanPageNs: 3_000,
    memcpyPageNs: 4_096,
    reclaimScanPageNs: 500,
    isolatePageblockNs: 5_000,
    drainPerCpuNs: 20_000,
    ...ZRAM,
    storageReadMBps: 20,
    storageWriteMBps: 10,
    storageLatencyNs: 1_000_000,
    storageWriteLatencyNs: 3_700_000,
    sources: {
      ...COMMON_SOURCES,
      bootMemory: 'dgiese/dustcloud-documentation#3, an i.MX6 (NXP BSP 4.1.15) boot log: 8,035K code + 423K rwdata + 2,812K rodata + 426K bss; struct page is 8 words on 32-bit ARM before v3.19 moved the memcg pointer into it (the RFC ran v3.17)',
      machine: 'GCMA RFC v2 cover letter (lore:1424721263-25314-1-git-send-email-sj38.park@gmail.com; domain.md s5): CuBox i4 Pro, 4x 1 GHz ARMv7, 800 MiB of its 2 GiB, Class 10 microSD; Linux v3.17 (the patches are against v3.18)',
      storage: 'domain.md s5: Class 10 microSD >= 10 MB/s write; assumption: ~20 MB/s read, ~1 ms read latency',
      storageWrite:
        "Tom's Hardware microSDHC round-up (2011): writing 4 KB blocks at random, the SanDisk card managed just over 1 MB/s at queue depth 1 and most cards a few KB/s; 4 KiB at 1 MB/s is ~4.1 ms, ~3.7 ms of it access time at 10 MB/s (the RFC's card is a Class 10 SanDisk)",
    },
  },
  'phone-8g': {
    name: 'phone-8g',
    title: 'Android phone (8 cores, 8 GiB LPDDR, UFS storage)',
    cpus: 8,
    pageblockOrder: 9,
    kernelImageKiB: 32_470,
    structPageBytes: 64,
    pageAllocNs: 400,
    pageTakeNs: 100,
    pageFaultNs: 700,
    migratePageNs: 20_000,
    migrateRetryNs: 500,
    dropCleanPageNs: 1_500,
    memcpyPageNs: 1_024,
    reclaimScanPageNs: 250,
    isolatePageblockNs: 3_000,
    drainPerCpuNs: 10_000,
    ...ZRAM,
    storageReadMBps: 800,
    storageWriteMBps: 200,
    storageLatencyNs: 150_000,
    storageWriteLatencyNs: 150_000,
    sources: {
      ...COMMON_SOURCES,
      bootMemory: 'assumption: an arm64 GKI image of the same order as the x86-64 kernel measured on the development VM (32,470K); struct page is 64 B on 64-bit',
      machine: 'assumption: a 2020s arm64 phone, 8 cores, 8 GiB (the phone-camera scenario)',
      storage: 'assumption: UFS 2.1-class storage, ~800 MB/s read, ~200 MB/s write, ~150 us latency',
      storageWrite: 'assumption: as the read latency (UFS buffers writes in its controller cache)',
    },
  },
  'x86-vm': {
    name: 'x86-vm',
    title: 'x86-64 virtual machine (4 vCPUs, virtio SSD)',
    cpus: 4,
    pageblockOrder: 9,
    kernelImageKiB: 32_470,
    structPageBytes: 64,
    pageAllocNs: 300,
    pageTakeNs: 75,
    pageFaultNs: 500,
    migratePageNs: 20_000,
    migrateRetryNs: 300,
    dropCleanPageNs: 1_500,
    memcpyPageNs: 512,
    reclaimScanPageNs: 150,
    isolatePageblockNs: 2_000,
    drainPerCpuNs: 10_000,
    ...ZRAM,
    storageReadMBps: 500,
    storageWriteMBps: 400,
    storageLatencyNs: 100_000,
    storageWriteLatencyNs: 100_000,
    sources: {
      ...COMMON_SOURCES,
      bootMemory: 'measured: the development VM (x86-64, Linux 6.18) boots with 18,478K code + 2,544K rwdata + 10,280K rodata + 1,168K bss; struct page is 64 B on 64-bit',
      machine: 'assumption: a 4-vCPU x86-64 guest',
      storage: 'assumption: virtio-blk on an SSD, ~500 MB/s read, ~400 MB/s write, ~100 us latency',
      storageWrite: 'assumption: as the read latency (the host and the SSD cache writes)',
    },
  },
};

/** Every cost field, its display label, and the `sources` entry that justifies it. */
export const COST_FIELDS: readonly (readonly [keyof PlatformProfile, string, string])[] = [
  ['cpus', 'CPUs', 'machine'],
  ['pageblockOrder', 'pageblock order', 'pageblockOrder'],
  ['kernelImageKiB', 'kernel image KiB', 'bootMemory'],
  ['structPageBytes', 'struct page bytes', 'bootMemory'],
  ['pageAllocNs', 'order-0 allocation', 'pageAllocNs'],
  ['pageTakeNs', 'take a free page (contiguous)', 'pageTakeNs'],
  ['pageFaultNs', 'minor fault', 'pageFaultNs'],
  ['migratePageNs', 'migrate one page', 'migratePageNs'],
  ['migrateRetryNs', 'failed migration attempt', 'migrateRetryNs'],
  ['dropCleanPageNs', 'drop a clean page', 'dropCleanPageNs'],
  ['memcpyPageNs', 'copy 4 KiB', 'memcpyPageNs'],
  ['reclaimScanPageNs', 'reclaim scan per page', 'reclaimScanPageNs'],
  ['isolatePageblockNs', 'isolate a pageblock', 'isolatePageblockNs'],
  ['drainPerCpuNs', 'per-CPU drain round trip', 'drainPerCpuNs'],
  ['zramCompressPageNs', 'zram compress a page', 'zram'],
  ['zramDecompressPageNs', 'zram decompress a page', 'zram'],
  ['zramRatio', 'zram compression ratio', 'zram'],
  ['storageReadMBps', 'storage read MB/s', 'storage'],
  ['storageWriteMBps', 'storage write MB/s', 'storage'],
  ['storageLatencyNs', 'storage read latency', 'storage'],
  ['storageWriteLatencyNs', 'storage write latency', 'storageWrite'],
];

export function getPlatform(name: string): PlatformProfile {
  const p = PLATFORMS[name];
  if (!p) throw new Error(`unknown platform "${name}" (known: ${Object.keys(PLATFORMS).join(', ')})`);
  return p;
}

export function pageIoNs(mbps: number): number {
  return pageNsAt(mbps);
}
