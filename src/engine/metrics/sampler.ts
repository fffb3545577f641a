/*
 * Time series at a fixed virtual interval and pageblock-granular memory-map
 * snapshots. Region contents come from a scan of the region (tens of
 * thousands of pages), the map from a scan of all pages at a coarser interval.
 */
import type { Kernel } from '../kernel.ts';
import type { MapSnapshot, MemoryMapMeta, SeriesSet } from '../result.ts';
import {
  MIGRATE_ISOLATE,
  PF_DIRTY,
  PF_WRITEBACK,
  PG_ANON,
  PG_CLEANCACHE,
  PG_DEVICE,
  PG_FILE,
  PG_FREE,
  PG_FRONTSWAP,
  PG_KERNEL,
  PG_PCP,
  PG_RESERVED,
  PG_ZRAM,
} from '../mm/types.ts';
import { MAP_KINDS, MAP_MIGRATETYPES } from './map-kinds.ts';

export { MAP_KINDS };

export const SERIES_COLUMNS = [
  'free_pages',
  'free_cma_pages',
  'anon_pages',
  'file_pages',
  'dirty_pages',
  'writeback_pages',
  'kernel_pages',
  'slab_reclaimable_pages',
  'swap_used_pages',
  'zram_pool_pages',
  'region_device',
  'region_anon',
  'region_file',
  'region_cleancache',
  'region_frontswap',
  'region_free',
  'region_useful_fraction',
  'background_progress',
  'runnable_tasks',
] as const;

export class Sampler {
  readonly series: SeriesSet;
  readonly snapshots: MapSnapshot[] = [];
  private utilSum = 0;
  private utilSamples = 0;

  constructor(
    private readonly k: Kernel,
    intervalNs: number,
    private readonly usefulRegionPages: () => number,
    private readonly backgroundProgress: () => number,
  ) {
    const columns: Record<string, number[]> = {};
    for (const c of SERIES_COLUMNS) columns[c] = [];
    this.series = { intervalNs, t: [], columns };
  }

  meanUtilisation(): number {
    return this.utilSamples ? this.utilSum / this.utilSamples : 0;
  }

  sample(now: number): void {
    const k = this.k;
    const mem = k.mem;
    const c = this.series.columns;
    const r = k.region;
    let dev = 0;
    let anon = 0;
    let file = 0;
    let cc = 0;
    let fs = 0;
    let free = 0;
    if (r) {
      const kind = mem.kind;
      for (let p = r.startPfn, end = r.startPfn + r.pages; p < end; p++) {
        const kd = kind[p]!;
        if (kd === PG_DEVICE) dev++;
        else if (kd === PG_ANON || kd === PG_ZRAM) anon++;
        else if (kd === PG_FILE) file++;
        else if (kd === PG_CLEANCACHE) cc++;
        else if (kd === PG_FRONTSWAP) fs++;
        else if (kd === PG_FREE || kd === PG_PCP || kd === PG_RESERVED) free++;
      }
    }
    const useful = r ? this.usefulRegionPages() / r.pages : 0;
    if (r) {
      this.utilSum += useful;
      this.utilSamples++;
    }
    this.series.t.push(now);
    const push = (name: string, v: number): void => {
      c[name]!.push(v);
    };
    push('free_pages', k.zone.nrFree() + k.zone.nrPcp());
    push('free_cma_pages', k.zone.nrFreeCma());
    push('anon_pages', k.nrAnon);
    push('file_pages', k.nrFile);
    push('dirty_pages', k.nrDirty);
    push('writeback_pages', k.nrWriteback);
    push('kernel_pages', k.nrKernel);
    push('slab_reclaimable_pages', k.slab.nrPages);
    push('swap_used_pages', k.swapUsed);
    push('zram_pool_pages', k.zramPoolPages);
    push('region_device', dev);
    push('region_anon', anon);
    push('region_file', file);
    push('region_cleancache', cc);
    push('region_frontswap', fs);
    push('region_free', free);
    push('region_useful_fraction', useful);
    push('background_progress', this.backgroundProgress());
    push('runnable_tasks', k.runnable);
  }

  /** The most recent sample as one row (for live views). */
  lastRow(): { tNs: number; values: Record<string, number> } {
    const i = this.series.t.length - 1;
    const values: Record<string, number> = {};
    for (const c of SERIES_COLUMNS) values[c] = this.series.columns[c]![i]!;
    return { tNs: this.series.t[i]!, values };
  }

  /** Count pages per content kind in every pageblock. */
  snapshot(now: number): void {
    const k = this.k;
    const mem = k.mem;
    const kinds = MAP_KINDS.length;
    const nPb = k.pb.count;
    // The kind counts, then each pageblock's migratetype (MAP_MIGRATETYPES).
    const data = new Uint16Array(nPb * kinds + nPb);
    const kind = mem.kind;
    const flags = mem.flags;
    const pin = mem.pinCount;
    const pbOrder = k.pb.order;
    const pbMt = k.pb.mt;
    for (let p = 0, n = mem.nrPages; p < n; p++) {
      const pb = p >>> pbOrder;
      const kd = kind[p]!;
      let cat: number;
      if (kd === PG_FREE || kd === PG_PCP) cat = pbMt[pb] === MIGRATE_ISOLATE ? 12 : 0;
      else if (pin[p]! > 0) cat = 5;
      else if (kd === PG_ANON) cat = 1;
      else if (kd === PG_FILE) {
        const f = flags[p]!;
        cat = f & PF_WRITEBACK ? 4 : f & PF_DIRTY ? 3 : 2;
      } else if (kd === PG_KERNEL) cat = 6;
      else if (kd === PG_ZRAM) cat = 7;
      else if (kd === PG_CLEANCACHE) cat = 8;
      else if (kd === PG_FRONTSWAP) cat = 9;
      else if (kd === PG_DEVICE) cat = 10;
      else cat = 11;
      data[pb * kinds + cat]++;
    }
    data.set(pbMt.subarray(0, nPb), nPb * kinds);
    this.snapshots.push({ tNs: now, data });
  }

  meta(): MemoryMapMeta {
    const k = this.k;
    return {
      pageblockPages: k.pb.nrPages,
      pageblocks: k.pb.count,
      regionStartPfn: k.region?.startPfn ?? -1,
      regionPages: k.region?.pages ?? 0,
      kinds: MAP_KINDS,
      migratetypes: MAP_MIGRATETYPES,
    };
  }
}

/** Region pages not free: device buffers, borrowed movable pages, stored copies. */
export function regionPagesInUse(k: Kernel): number {
  const r = k.region;
  if (!r) return 0;
  const kind = k.mem.kind;
  let used = 0;
  for (let p = r.startPfn, end = r.startPfn + r.pages; p < end; p++) {
    const kd = kind[p]!;
    if (kd !== PG_FREE && kd !== PG_PCP && kd !== PG_RESERVED) used++;
  }
  return used;
}
