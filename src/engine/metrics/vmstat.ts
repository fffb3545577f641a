/*
 * Event counters, bumped at the outcome, one enum. Most are named as the
 * kernel names them (/proc/vmstat from include/linux/vm_event_item.h, the CMA
 * area's sysfs files of mm/cma_sysfs.c, cleancache's and frontswap's debugfs
 * files); the rest are the workbench's own and say so, so nobody looks for
 * them on a device. Display text and origin kept beside each name.
 */

/** pgpgin and pgpgout count KiB: a page is 4 KiB (all platforms here). */
export const KIB_PER_PAGE = 4;

/** Where a counter's name comes from. */
export type CounterOrigin = 'vmstat' | 'cma-sysfs' | 'debugfs' | 'workbench';

export const VMSTAT = [
  // One zone here: the kernel splits these per zone (pgalloc_normal, ...), and allocstall per zone since v4.8.
  ['pgalloc', 'pages allocated (pgalloc_<zone> summed)', 'vmstat'],
  ['pgfree', 'pages freed', 'vmstat'],
  ['pgfault', 'page faults', 'vmstat'],
  ['pgmajfault', 'major faults (I/O)', 'vmstat'],
  ['pgscan_kswapd', 'pages scanned by kswapd', 'vmstat'],
  ['pgscan_direct', 'pages scanned by direct reclaim', 'vmstat'],
  ['pgsteal_kswapd', 'pages reclaimed by kswapd', 'vmstat'],
  ['pgsteal_direct', 'pages reclaimed by direct reclaim', 'vmstat'],
  ['pgactivate', 'pages activated', 'vmstat'],
  ['pgdeactivate', 'pages deactivated', 'vmstat'],
  // end_page_writeback -> rotate_reclaimable_page (folio_rotate_reclaimable today): a page reclaim
  // wrote out goes to the inactive tail when the write ends, counted by pagevec_move_tail.
  ['pgrotated', 'pages reclaim wrote out moved to the inactive tail when their writeback ended', 'vmstat'],
  // Not pgrotated: reclaim putting busy pages back is no kernel counter.
  ['reclaim_busy_skip', 'pages reclaim passed over, pinned, locked or under writeback, and put back on the LRU', 'workbench'],
  ['allocstall', 'direct reclaim stalls (allocstall_<zone> summed)', 'vmstat'],
  ['vmscan_throttle_writeback', 'allocations that slept for writeback instead of OOM (reason VMSCAN_THROTTLE_WRITEBACK of the mm_vmscan_throttled tracepoint)', 'workbench'],
  ['kswapd_wake', 'kswapd wakeups (the mm_vmscan_wakeup_kswapd tracepoint)', 'workbench'],
  ['oom_kill', 'OOM kills', 'vmstat'],
  ['slabs_scanned', 'reclaimable slab pages scanned (and freed) by shrinkers', 'vmstat'],
  ['pswpin', 'pages swapped in', 'vmstat'],
  ['pswpout', 'pages swapped out', 'vmstat'],
  // /proc/vmstat reports pgpgin/pgpgout in KiB (vmstat_start() halves the sector count).
  ['pgpgin', 'KiB read from storage for the page cache', 'vmstat'],
  ['pgpgout', 'KiB written to storage by reclaim and evacuation', 'vmstat'],
  ['workingset_refault_anon', 'anon refaults', 'vmstat'],
  ['workingset_refault_file', 'file refaults', 'vmstat'],
  ['workingset_refault', 'refaults, anon + file (one counter, of file pages only, before v5.9)', 'vmstat'],
  ['pgmigrate_success', 'pages migrated', 'vmstat'],
  ['pgmigrate_fail', 'page migration failures', 'vmstat'],
  ['cma_alloc_success', 'CMA allocations that succeeded', 'vmstat'],
  ['cma_alloc_fail', 'CMA allocations that failed', 'vmstat'],
  // The area's sysfs files are alloc_pages_success and alloc_pages_fail; prefixed here, where all counters share one list.
  ['cma_alloc_pages_success', 'pages in successful CMA allocations (cma/<area>/alloc_pages_success)', 'cma-sysfs'],
  ['cma_alloc_pages_fail', 'pages in failed CMA allocations (cma/<area>/alloc_pages_fail)', 'cma-sysfs'],
  ['contig_alloc_success', 'contiguous requests that succeeded (any policy)', 'workbench'],
  ['contig_alloc_fail', 'contiguous requests that failed (any policy)', 'workbench'],
  ['pageblock_steal', 'pageblocks whose type changed by fallback stealing', 'workbench'],
  ['drop_clean_contig', 'clean pages dropped by contiguous allocation', 'workbench'],
  ['nr_written_contig', 'pages written back for contiguous allocation', 'workbench'],
  ['zram_stored', 'pages stored in zram', 'workbench'],
  ['zram_loaded', 'pages loaded from zram', 'workbench'],
  ['cleancache_puts', 'cleancache puts (debugfs cleancache/puts)', 'debugfs'],
  ['cleancache_succ_gets', 'cleancache hits (debugfs cleancache/succ_gets)', 'debugfs'],
  ['cleancache_failed_gets', 'cleancache misses (debugfs cleancache/failed_gets)', 'debugfs'],
  ['cleancache_invalidates', 'cleancache copies invalidated, write or truncate (debugfs cleancache/invalidates)', 'debugfs'],
  ['frontswap_succ_stores', 'frontswap stores the backend took (debugfs frontswap/succ_stores)', 'debugfs'],
  ['frontswap_failed_stores', 'frontswap stores the backend refused; the page goes to the swap device (debugfs frontswap/failed_stores)', 'debugfs'],
  ['frontswap_loads', 'frontswap loads (debugfs frontswap/loads)', 'debugfs'],
  ['frontswap_invalidates', 'frontswap copies invalidated (debugfs frontswap/invalidates)', 'debugfs'],
  ['gcma_evictions', 'GCMA pool evictions', 'workbench'],
  ['gcma_evacuated', 'write-back frontswap pages evacuated for the device', 'workbench'],
  ['longterm_pin_migrate', 'pages migrated out of CMA before a long-term pin', 'workbench'],
  ['longterm_pin_fail', 'long-term pins refused: no page outside CMA to migrate to', 'workbench'],
  ['dirty_throttle', 'writers throttled by dirty limits (the balance_dirty_pages tracepoint)', 'workbench'],
] as const satisfies readonly (readonly [string, string, CounterOrigin])[];

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

const ORIGIN = new Map<string, CounterOrigin>(VMSTAT.map(([n, , o]) => [n, o]));
const TEXT = new Map<string, string>(VMSTAT.map(([n, t]) => [n, t]));

/** A counter's origin; counters a policy adds with IMetrics.count are the workbench's. */
export function counterOrigin(name: string): CounterOrigin {
  return ORIGIN.get(name) ?? 'workbench';
}

/** What a counter counts, where the engine knows it (a policy's own counters have no text). */
export function counterText(name: string): string | undefined {
  return TEXT.get(name);
}
