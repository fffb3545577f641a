/*
 * Zone watermarks (mm/page_alloc.c: __setup_per_zone_wmarks, __zone_watermark_ok).
 * min_free_kbytes = sqrt(lowmem_kbytes * 16), clamped to [128, 262144];
 * low/high add max(min/4, managed * watermark_scale_factor / 10000), scale 10.
 */

export interface Watermarks {
  min: number;
  low: number;
  high: number;
}

export function computeWatermarks(managedPages: number): Watermarks {
  const kbytes = managedPages * 4;
  const minFreeKbytes = Math.min(262144, Math.max(128, Math.floor(Math.sqrt(kbytes * 16))));
  const min = Math.floor(minFreeKbytes / 4);
  const tmp = Math.max(min >> 2, Math.floor((managedPages * 10) / 10000));
  return { min, low: min + tmp, high: min + 2 * tmp };
}

/**
 * __zone_watermark_ok for order-0: allocations that may not use CMA must not
 * count free CMA pages, which is why kswapd keeps reclaiming while CMA is free.
 */
export function zoneWatermarkOk(nrFree: number, nrFreeCma: number, mark: number, allocCma: boolean): boolean {
  const free = allocCma ? nrFree : nrFree - nrFreeCma;
  return free > mark;
}
