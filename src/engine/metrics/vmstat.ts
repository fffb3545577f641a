/*
 * vmstat-style event counters, named as in /proc/vmstat and
 * /sys/kernel/mm/cma/<area>/ (include/linux/vm_event_item.h, mm/cma.h).
 * One enum, bumped at the outcome; display text kept beside it.
 */

export const VMSTAT = [
  ['pgalloc', 'pages allocated'],
  ['pgfree', 'pages freed'],
  ['pgfault', 'page faults'],
  ['pgmajfault', 'major faults (I/O)'],
  ['pgscan_kswapd', 'pages scanned by kswapd'],
  ['pgscan_direct', 'pages scanned by direct reclaim'],
  ['pgsteal_kswapd', 'pages reclaimed by kswapd'],
  ['pgsteal_direct', 'pages reclaimed by direct reclaim'],
  ['pgactivate', 'pages activated'],
  ['pgdeactivate', 'pages deactivated'],
  ['pgrotated', 'pages rotated on the LRU'],
  ['allocstall', 'direct reclaim stalls'],
  ['vmscan_throttle_writeback', 'allocations that slept for writeback instead of OOM (VMSCAN_THROTTLE_WRITEBACK)'],
  ['kswapd_wake', 'kswapd wakeups'],
  ['oom_kill', 'OOM kills'],
  ['slabs_scanned', 'reclaimable slab pages scanned (and freed) by shrinkers'],
  ['pswpin', 'pages swapped in'],
  ['pswpout', 'pages swapped out'],
  ['pgpgin', 'pages read from storage'],
  ['pgpgout', 'pages written to storage'],
  ['workingset_refault_anon', 'anon refaults'],
  ['workingset_refault_file', 'file refaults'],
  ['workingset_refault', 'refaults (anon + file)'],
  ['pgmigrate_success', 'pages migrated'],
  ['pgmigrate_fail', 'page migration failures'],
  ['cma_alloc_success', 'CMA allocations that succeeded'],
  ['cma_alloc_fail', 'CMA allocations that failed'],
  ['cma_alloc_pages_success', 'pages in successful CMA allocations'],
  ['cma_alloc_pages_fail', 'pages in failed CMA allocations'],
  ['contig_alloc_success', 'contiguous requests that succeeded (any policy)'],
  ['contig_alloc_fail', 'contiguous requests that failed (any policy)'],
  ['pageblock_steal', 'pageblocks whose type changed by fallback stealing'],
  ['drop_clean_contig', 'clean pages dropped by contiguous allocation'],
  ['nr_written_contig', 'pages written back for contiguous allocation'],
  ['zram_stored', 'pages stored in zram'],
  ['zram_loaded', 'pages loaded from zram'],
  ['cleancache_puts', 'cleancache puts'],
  ['cleancache_succ_gets', 'cleancache hits'],
  ['cleancache_failed_gets', 'cleancache misses'],
  ['cleancache_invalidates', 'cleancache copies invalidated (write/truncate)'],
  ['frontswap_stores', 'frontswap stores'],
  ['frontswap_loads', 'frontswap loads'],
  ['frontswap_invalidates', 'frontswap copies invalidated'],
  ['gcma_evictions', 'GCMA pool evictions'],
  ['gcma_evacuated', 'write-back frontswap pages evacuated for the device'],
  ['longterm_pin_migrate', 'pages migrated out of CMA before a long-term pin'],
  ['longterm_pin_fail', 'long-term pins refused: no page outside CMA to migrate to'],
  ['dirty_throttle', 'writers throttled by dirty limits'],
] as const;

export type VmstatName = (typeof VMSTAT)[number][0];

export const V = Object.fromEntries(VMSTAT.map(([n], i) => [n, i])) as { [K in VmstatName]: number };

export class Vmstat {
  readonly v = new Float64Array(VMSTAT.length);
  private readonly extra = new Map<string, number>();

  count(name: string, delta = 1): void {
    const i = (V as Record<string, number>)[name];
    if (i !== undefined) this.v[i] += delta;
    else this.extra.set(name, (this.extra.get(name) ?? 0) + delta);
  }

  get(name: string): number {
    const i = (V as Record<string, number>)[name];
    return i !== undefined ? this.v[i]! : (this.extra.get(name) ?? 0);
  }

  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < VMSTAT.length; i++) out[VMSTAT[i]![0]] = this.v[i]!;
    for (const k of [...this.extra.keys()].sort()) out[k] = this.extra.get(k)!;
    return out;
  }
}
