/*
 * Page reclaim (mm/vmscan.c): kswapd in the background between the low and
 * high watermarks, direct reclaim when an allocation falls below min. Scans
 * the inactive lists from the cold end in SWAP_CLUSTER_MAX batches: clean file
 * pages are dropped (the policy may keep a cleancache copy), dirty ones are
 * written out by kswapd, anonymous pages go to frontswap, zram or the swap
 * device. Also the writeback flusher and dirty throttling (mm/page-writeback.c).
 */
import type { Kernel } from '../kernel.ts';
import {
  LIST_ACTIVE_ANON,
  LIST_ACTIVE_FILE,
  LIST_INACTIVE_ANON,
  LIST_INACTIVE_FILE,
} from '../mm/lists.ts';
import { SLOT_SHADOW, SLOT_ZRAM } from '../mm/mappings.ts';
import { zoneWatermarkOk } from '../mm/watermark.ts';
import {
  PF_ACTIVE,
  PF_DIRTY,
  PF_ISOLATED,
  PF_LOCKED,
  PF_RECLAIM,
  PF_REFERENCED,
  PF_WORKINGSET,
  PF_WRITEBACK,
  PG_ANON,
  PG_FILE,
} from '../mm/types.ts';
import { KIB_PER_PAGE, V } from '../metrics/vmstat.ts';

/** HZ/10: the timeout of congestion_wait (before v5.16) and of reclaim_throttle's writeback wait. */
export const RECLAIM_THROTTLE_NS = 100e6;
export const SWAP_CLUSTER_MAX = 32;
/** zone_reclaimable's factor: scanned pages per reclaimable page before a zone counts as unreclaimable. */
const ZONE_RECLAIMABLE_RATE = 6;
/** DEF_PRIORITY: the first reclaim pass scans 1/4096 of the LRU. */
const DEF_PRIORITY = 12;
/** vm.swappiness default. */
const SWAPPINESS = 60;
/** dirty_background_ratio / dirty_ratio defaults (percent of available memory). */
const DIRTY_BACKGROUND_RATIO = 10;
const DIRTY_RATIO = 20;
/** dirty_expire_centisecs, dirty_writeback_centisecs. */
export const DIRTY_EXPIRE_NS = 30e9;
export const WRITEBACK_INTERVAL_NS = 5e9;
/** balance_dirty_pages pauses a writer at most this long (MAX_PAUSE, 200 ms). */
const MAX_PAUSE_NS = 200e6;
/** Vmscan.reclaimWriter values. */
const WRITER_KSWAPD = 1;
const WRITER_DIRECT = 2;

export class Vmscan {
  private kswapdRunning = false;
  /** Pages a direct reclaim pass passed over: I/O in flight or due (locked, dirty, writeback), or pinned. */
  private scannedIo = 0;
  private scannedPinned = 0;
  /** A reclaim write found the request queue full since the last reset (kswapd step or direct reclaim). */
  writeRefused = false;
  /** Pages scanned since a page was last freed (NR_PAGES_SCANNED; any free resets it). */
  scannedSinceFree = 0;
  /** The last direct reclaim met pages that I/O will make reclaimable: worth sleeping on, not OOM. */
  sawIo = false;
  private readonly ioBatch: number[] = [];
  /**
   * Which reclaimer started each reclaim write (PG_reclaim): WRITER_KSWAPD or WRITER_DIRECT, 0 for
   * none. When the write ends the kernel rotates the page to the inactive tail and the next
   * shrink_folio_list frees it; the engine frees it then and there (Kernel.endWriteback) and
   * counts its pgsteal for the reclaimer that wrote it, standing in for whichever scans next.
   */
  private readonly reclaimWriter: Uint8Array;

  constructor(private readonly k: Kernel) {
    this.reclaimWriter = new Uint8Array(k.mem.nrPages);
  }

  /** The reclaimer that wrote `pfn` out was kswapd (true) or a direct reclaimer (false); forgets it. */
  takeReclaimWriter(pfn: number): boolean {
    const w = this.reclaimWriter[pfn]!;
    this.reclaimWriter[pfn] = 0;
    return w === WRITER_KSWAPD;
  }

  /** pgdat_balanced: kswapd's target excludes free CMA pages (zone_watermark_ok_safe without ALLOC_CMA). */
  private balanced(): boolean {
    const z = this.k.zone;
    return zoneWatermarkOk(z.nrFree(), z.nrFreeCma(), this.k.wm.high, false);
  }

  wakeKswapd(): void {
    if (this.kswapdRunning) return;
    this.kswapdRunning = true;
    this.k.vm.v[V.kswapd_wake]++;
    // kswapd is a normal-priority kthread: one more runnable task sharing the CPUs.
    this.k.runnable++;
    const k = this.k;
    k.sched.at(k.now(), () => this.kswapdStep());
  }

  /** One kswapd batch; reschedules itself after the batch's CPU time until balanced. */
  private kswapdStep(): void {
    const k = this.k;
    if (this.balanced()) {
      this.kswapdRunning = false;
      k.runnable--;
      return;
    }
    const saved = k.charged;
    k.charged = 0;
    this.writeRefused = false;
    const got = this.shrink(SWAP_CLUSTER_MAX, true);
    const cost = k.charged;
    k.charged = saved;
    if (got === 0 && (cost < 1e6 || this.writeRefused)) {
      // Nothing reclaimable now (all pinned, under writeback), or the request queue is full.
      k.sched.at(this.backoffUntil(k.now()), () => this.kswapdStep());
      return;
    }
    // CFS fair share: with more runnable tasks than CPUs, a batch takes proportionally longer.
    k.sched.at(k.now() + Math.max(cost * k.cpuStretch(), 1000), () => this.kswapdStep());
  }

  /**
   * try_to_free_pages, charged to the allocating task: passes from DEF_PRIORITY
   * down to 0, each scanning lru_pages >> priority (at least a batch), until
   * SWAP_CLUSTER_MAX pages are freed. The deep passes are what find unreferenced
   * pages when the cold end of the lists was recently touched.
   */
  directReclaim(allowCma: boolean): number {
    void allowCma;
    const k = this.k;
    k.vm.v[V.allocstall]++;
    this.writeRefused = false;
    const c = k.mem.lists.count;
    const vm = k.vm.v;
    let reclaimed = 0;
    this.sawIo = false;
    for (let priority = DEF_PRIORITY; priority >= 0 && reclaimed < SWAP_CLUSTER_MAX; priority--) {
      const lru = c[LIST_INACTIVE_ANON]! + c[LIST_ACTIVE_ANON]! + c[LIST_INACTIVE_FILE]! + c[LIST_ACTIVE_FILE]!;
      const scannedBefore = vm[V.pgscan_direct]!;
      this.scannedIo = 0;
      this.scannedPinned = 0;
      reclaimed += this.shrink(SWAP_CLUSTER_MAX - reclaimed, false, Math.max(2 * SWAP_CLUSTER_MAX, lru >> priority));
      if (this.scannedIo > 0) this.sawIo = true;
      // Mostly pages busy with I/O or pinned: scanning deeper only burns CPU. The kernel wakes
      // the flusher and naps on the device instead (wait_iff_congested, reclaim_throttle).
      const scanned = vm[V.pgscan_direct]! - scannedBefore;
      if (reclaimed === 0 && scanned > 0 && (this.scannedIo + this.scannedPinned) * 2 >= scanned) {
        if (k.nrDirty > 0) this.flusherRun(scanned);
        break;
      }
    }
    return reclaimed;
  }

  /**
   * zone_reclaimable (v3.x-4.x): reclaim still counts as progress until it has scanned six times
   * the pages it could free (file LRU, and anonymous while swap has room) without one page freed.
   */
  zoneReclaimable(): boolean {
    return this.scannedSinceFree < this.reclaimablePages() * ZONE_RECLAIMABLE_RATE;
  }

  /** zone_reclaimable_pages: the file LRU, and the anonymous LRU while swap has room. */
  private reclaimablePages(): number {
    const c = this.k.mem.lists.count;
    let pages = c[LIST_INACTIVE_FILE]! + c[LIST_ACTIVE_FILE]!;
    if (this.swapAvailable()) pages += c[LIST_INACTIVE_ANON]! + c[LIST_ACTIVE_ANON]!;
    return pages;
  }

  private swapAvailable(): boolean {
    const k = this.k;
    // Frontswap and zram hold swap slots too, so a full swap device stops every kind of swap-out.
    return k.swapUsed < k.swapCapacity;
  }

  /**
   * get_scan_count's shortcuts before the swappiness split. SCAN_ANON when the
   * file cache is nearly gone (file + free at or under the high watermark).
   * SCAN_FILE while the inactive file list is at least as long as the active
   * one: used-once cache is reclaimed before any anonymous page is swapped
   * ("mm: vmscan: only evict file pages when we have plenty", v3.8; since v5.9
   * the same role is played by cache_trim_mode). Below 1 GiB of file LRU the
   * kernel's inactive:active target is 1:1 (inactive_list_is_low).
   */
  scanBalance(): 'anon' | 'file' | 'fract' {
    const k = this.k;
    const c = k.mem.lists.count;
    const inactiveFile = c[LIST_INACTIVE_FILE]!;
    const fileLru = inactiveFile + c[LIST_ACTIVE_FILE]!;
    if (!this.swapAvailable()) return 'file';
    // NR_FREE_PAGES here, free CMA pages included, as the kernel reads it.
    if (fileLru + k.zone.nrFree() <= k.wm.high) return 'anon';
    if (inactiveFile > 0 && inactiveFile >= c[LIST_ACTIVE_FILE]!) return 'file';
    return 'fract';
  }

  /**
   * shrink_node: scan both inactive lists in proportion to swappiness and list
   * size (unless scanBalance() picks one), refilling them from the active
   * lists when they get short.
   */
  shrink(nrToReclaim: number, kswapd: boolean, scan = nrToReclaim * 2): number {
    const k = this.k;
    const c = k.mem.lists.count;
    const anonLru = c[LIST_INACTIVE_ANON]! + c[LIST_ACTIVE_ANON]!;
    const fileLru = c[LIST_INACTIVE_FILE]! + c[LIST_ACTIVE_FILE]!;
    const propAnon = this.swapAvailable() ? SWAPPINESS * anonLru : 0;
    const propFile = (200 - SWAPPINESS) * fileLru;
    const balance = this.scanBalance();
    let wAnon = balance === 'file' ? 0 : propAnon;
    let wFile = balance === 'anon' ? 0 : propFile;
    if (wAnon + wFile === 0) {
      // The chosen side is empty: fall back to the proportional split.
      wAnon = propAnon;
      wFile = propFile;
    }
    if (wAnon + wFile === 0) return this.shrinkSlab(0);
    const vm = k.vm.v;
    const scannedBefore = vm[V.pgscan_kswapd]! + vm[V.pgscan_direct]!;
    let anonScan = Math.round((scan * wAnon) / (wAnon + wFile));
    let fileScan = scan - anonScan;
    if (fileScan > 0 && c[LIST_INACTIVE_FILE]! < c[LIST_ACTIVE_FILE]!) this.shrinkActive(LIST_ACTIVE_FILE, LIST_INACTIVE_FILE, fileScan);
    if (anonScan > 0 && c[LIST_INACTIVE_ANON]! < c[LIST_ACTIVE_ANON]!) this.shrinkActive(LIST_ACTIVE_ANON, LIST_INACTIVE_ANON, anonScan);
    let reclaimed = 0;
    // Direct reclaim stops once it has its batch; kswapd scans the whole pass.
    const goal = kswapd ? Infinity : nrToReclaim;
    if (fileScan > 0) reclaimed += this.shrinkInactive(LIST_INACTIVE_FILE, fileScan, kswapd, goal);
    if (anonScan > 0 && reclaimed < goal) reclaimed += this.shrinkInactive(LIST_INACTIVE_ANON, anonScan, kswapd, goal - reclaimed);
    // shrink_lruvec ages the active anon list whenever the inactive one is low, even on a
    // file-only pass, so anonymous pages are ready to swap once the cache runs out.
    const ageAnon = this.swapAvailable() && c[LIST_INACTIVE_ANON]! < c[LIST_ACTIVE_ANON]!;
    if (ageAnon) this.shrinkActive(LIST_ACTIVE_ANON, LIST_INACTIVE_ANON, SWAP_CLUSTER_MAX);
    if (reclaimed === 0 && anonScan === 0 && this.swapAvailable() && anonLru > 0) {
      anonScan = scan;
      reclaimed += this.shrinkInactive(LIST_INACTIVE_ANON, anonScan, kswapd);
    }
    if (reclaimed === 0 && fileScan === 0 && fileLru > 0) {
      fileScan = scan;
      reclaimed += this.shrinkInactive(LIST_INACTIVE_FILE, fileScan, kswapd);
    }
    this.flushIo();
    return reclaimed + this.shrinkSlab(vm[V.pgscan_kswapd]! + vm[V.pgscan_direct]! - scannedBefore);
  }

  /**
   * shrink_slab after the LRU pass, against zone_reclaimable_pages (file LRU, and anonymous
   * while swap has room); what it frees counts as reclaimed (reclaim_state->reclaimed_slab).
   * A pass that scanned no LRU page still presses the caches as if it scanned a batch.
   */
  private shrinkSlab(scanned: number): number {
    return this.k.slab.shrink(scanned === 0 ? SWAP_CLUSTER_MAX : scanned, this.reclaimablePages());
  }

  /** shrink_active_list: deactivate from the cold end of the active list. */
  private shrinkActive(from: number, to: number, n: number): void {
    const k = this.k;
    const mem = k.mem;
    const lists = mem.lists;
    n = Math.min(n, lists.count[from]!);
    for (let i = 0; i < n; i++) {
      const p = lists.tail[from]!;
      if (p < 0) break;
      lists.del(p);
      // Isolated for migration: off the LRU in the kernel, so left where it is.
      if (mem.flags[p]! & PF_ISOLATED) {
        lists.addHead(from, p);
        continue;
      }
      // Referenced text of a running program stays active (the VM_EXEC exception since 2.6.31).
      if (this.execText(p)) {
        lists.addHead(from, p);
        continue;
      }
      mem.flags[p]! &= ~(PF_ACTIVE | PF_REFERENCED);
      lists.addHead(to, p);
      k.vm.v[V.pgdeactivate]++;
    }
    k.charged += n * k.costs.reclaimScanPageNs;
  }

  /** shrink_folio_list over up to n pages from the inactive list's cold end. */
  private shrinkInactive(list: number, n: number, kswapd: boolean, goal = Infinity): number {
    const k = this.k;
    const mem = k.mem;
    const lists = mem.lists;
    const vm = k.vm.v;
    const flags = mem.flags;
    let reclaimed = 0;
    // One pass looks at each page at most once: rotated pages go back to the head.
    n = Math.min(n, lists.count[list]!);
    for (let i = 0; i < n && reclaimed < goal; i++) {
      const p = lists.tail[list]!;
      if (p < 0) break;
      vm[kswapd ? V.pgscan_kswapd : V.pgscan_direct]++;
      this.scannedSinceFree++;
      k.charged += k.costs.reclaimScanPageNs;
      const f = flags[p]!;
      lists.del(p);
      if (f & PF_ISOLATED) {
        // Isolated for migration: off the LRU in the kernel, so not reclaimable here.
        lists.addHead(list, p);
        continue;
      }
      if (mem.pinCount[p]! > 0 || f & (PF_LOCKED | PF_WRITEBACK)) {
        lists.addHead(list, p);
        vm[V.reclaim_busy_skip]++;
        if (f & (PF_LOCKED | PF_WRITEBACK)) this.scannedIo++;
        else this.scannedPinned++;
        continue;
      }
      const file = mem.kind[p] === PG_FILE;
      if ((f & PF_REFERENCED && !file) || this.execText(p)) {
        // folio_check_references: a mapped anon page whose PTE was young is activated, and so
        // is mapped executable file text.
        flags[p] = (f & ~PF_REFERENCED) | PF_ACTIVE | PF_WORKINGSET;
        lists.addHead(file ? LIST_ACTIVE_FILE : LIST_ACTIVE_ANON, p);
        vm[V.pgactivate]++;
        continue;
      }
      if (file) {
        if (f & PF_REFERENCED) {
          // Unmapped page cache referenced once: FOLIOREF_RECLAIM_CLEAN. Activation of page cache
          // happens only in mark_page_accessed (a second access while on the inactive list).
          flags[p] = f & ~PF_REFERENCED;
          if (f & PF_DIRTY) {
            lists.addHead(list, p);
            continue;
          }
        }
        if (f & PF_DIRTY) {
          // Only kswapd writes file pages from reclaim (pageout); direct reclaim leaves them to the flusher.
          lists.addHead(list, p);
          this.scannedIo++;
          if (kswapd) {
            if (this.queueHasRoom()) this.queueWriteback(p, true, true);
            else this.writeRefused = true;
          }
          continue;
        }
        this.evictCleanFile(p, true);
        vm[kswapd ? V.pgsteal_kswapd : V.pgsteal_direct]++;
        reclaimed++;
        continue;
      }
      // Anonymous page: frontswap (policy pool), zram, or the swap device.
      if (this.swapOut(p, list, kswapd)) {
        vm[kswapd ? V.pgsteal_kswapd : V.pgsteal_direct]++;
        reclaimed++;
      }
    }
    return reclaimed;
  }

  /** A page cache page a running program maps executable: always found referenced. */
  private execText(p: number): boolean {
    const mem = this.k.mem;
    return mem.kind[p] === PG_FILE && this.k.maps.execMapped(mem.mapping[p]!);
  }

  /** Bytes of one more reclaim write, counting the batch not yet submitted. */
  private nextWriteBytes(): number {
    return (this.ioBatch.length + 1) * 4096;
  }

  /**
   * When reclaim that got nowhere tries again, from `from`: the HZ/10 nap (congestion_wait,
   * reclaim_throttle), or sooner when its own write found the queue full and the device frees a
   * request first (the writer sleeps in get_request only that long).
   */
  backoffUntil(from: number): number {
    const nap = from + RECLAIM_THROTTLE_NS;
    if (!this.writeRefused) return nap;
    const k = this.k;
    return Math.min(nap, k.device.queueRoomAt(k.now() + k.charged, this.nextWriteBytes()));
  }

  /** Room in the device's request queue for one more reclaim write. */
  queueHasRoom(): boolean {
    return this.k.device.mayQueueWrite(this.nextWriteBytes());
  }

  /** Returns true if the page was freed now (async device writes free it later). */
  private swapOut(p: number, list: number, kswapd: boolean): boolean {
    const k = this.k;
    const mem = k.mem;
    const map = mem.mapping[p]!;
    const idx = mem.index[p]!;
    // frontswap_store: the pool counts PSWPOUT itself when a write-through store also writes the device.
    if (k.hooks.onSwapOut(p)) {
      if (k.frontswapWrites.has(p)) {
        // Written through: swap_writepage writes the page as well; it is freed when that ends.
        mem.lists.addHead(list, p);
        this.queueWriteback(p, true, kswapd);
        return false;
      }
      k.nrAnon--;
      k.freePage(0, p);
      return true;
    }
    if (k.swapUsed >= k.swapCapacity) {
      mem.flags[p]! |= PF_ACTIVE;
      mem.lists.addHead(LIST_ACTIVE_ANON, p);
      return false;
    }
    if (k.swapDevice === 'zram') {
      if (!k.zramStore(0)) {
        mem.lists.addHead(list, p);
        return false;
      }
      k.maps.get(map)[idx] = SLOT_ZRAM;
      k.vm.v[V.pswpout]++;
      k.nrAnon--;
      k.freePage(0, p);
      return true;
    }
    // A full request queue: the writer would sleep in get_request. We keep the page instead and
    // let the caller back off until the device frees a request (backoffUntil).
    if (!this.queueHasRoom()) {
      mem.lists.addHead(list, p);
      this.scannedIo++;
      this.writeRefused = true;
      return false;
    }
    k.swapUsed++;
    k.vm.v[V.pswpout]++;
    mem.lists.addHead(list, p);
    this.queueWriteback(p, true, kswapd);
    return false;
  }

  /** Drop a clean file page: cleancache put first, else leave a shadow entry for refault detection. */
  evictCleanFile(p: number, charge = false): void {
    const k = this.k;
    const mem = k.mem;
    const map = mem.mapping[p]!;
    const idx = mem.index[p]!;
    if (charge) k.charged += k.costs.dropCleanPageNs;
    if (mem.lists.list[p] !== 0) mem.lists.del(p);
    const slots = k.maps.get(map);
    k.hooks.onCleanEvict(p, (mem.flags[p]! & PF_WORKINGSET) !== 0);
    if (slots[idx] === p) slots[idx] = SLOT_SHADOW;
    k.nrFile--;
    k.freePage(0, p);
  }

  /**
   * Start writeback of a page (pageout / swap_writepage); batched into one device request.
   * `reclaim`: reclaim wrote it (PG_reclaim), by kswapd or, with `kswapd` false, a direct reclaimer.
   */
  queueWriteback(p: number, reclaim: boolean, kswapd = false): void {
    const k = this.k;
    const mem = k.mem;
    const f = mem.flags[p]!;
    if (f & PF_DIRTY) k.nrDirty--;
    mem.flags[p] = (f & ~PF_DIRTY) | PF_WRITEBACK | (reclaim ? PF_RECLAIM : 0);
    this.reclaimWriter[p] = reclaim ? (kswapd ? WRITER_KSWAPD : WRITER_DIRECT) : 0;
    k.nrWriteback++;
    this.ioBatch.push(p);
    if (this.ioBatch.length >= 256) this.flushIo();
  }

  /**
   * Queue the batched writes as one async request; pages stay under writeback
   * until it completes. busyUntil holds the expected completion, made exact
   * when the device starts the request (reads may go first).
   */
  flushIo(): number {
    const k = this.k;
    const n = this.ioBatch.length;
    if (n === 0) return 0;
    const pfns = this.ioBatch.splice(0, n);
    const now = k.now() + k.charged;
    const mem = k.mem;
    const setBusy = (done: number): void => {
      for (let i = 0; i < n; i++) if (mem.flags[pfns[i]!]! & PF_WRITEBACK) mem.busyUntil[pfns[i]!] = done;
    };
    const estimate = k.device.queueWrite(now, n * 4096, setBusy, () => k.endWriteback(pfns));
    k.vm.v[V.pgpgout] += n * KIB_PER_PAGE;
    setBusy(estimate);
    return estimate;
  }

  /**
   * wb_workfn: write back expired dirty pages, or until below the background
   * threshold; at least `atLeast` of the oldest when reclaim asks
   * (wakeup_flusher_threads from a reclaim pass that met dirty pages).
   */
  flusherRun(atLeast = 0): void {
    const k = this.k;
    const now = k.now();
    const q = k.dirtyQueue;
    const background = this.dirtyLimit(DIRTY_BACKGROUND_RATIO);
    const mem = k.mem;
    let written = 0;
    while (k.dirtyHead < q.length) {
      const t = q[k.dirtyHead + 2]!;
      if (now - t < DIRTY_EXPIRE_NS && k.nrDirty <= background && written >= atLeast) break;
      const map = q[k.dirtyHead]!;
      const idx = q[k.dirtyHead + 1]!;
      k.dirtyHead += 3;
      const slots = k.maps.tryGet(map);
      if (!slots || idx >= slots.length) continue;
      const p = slots[idx]!;
      if (p < 0 || mem.kind[p] !== PG_FILE) continue;
      const f = mem.flags[p]!;
      if ((f & PF_DIRTY) === 0 || f & PF_WRITEBACK) continue;
      this.queueWriteback(p, false);
      if (++written >= 4096) break;
    }
    if (k.dirtyHead > 30000 && k.dirtyHead * 2 > q.length) {
      k.dirtyQueue = q.slice(k.dirtyHead);
      k.dirtyHead = 0;
    }
    this.flushIo();
  }

  private dirtyLimit(ratio: number): number {
    const k = this.k;
    return ((k.zone.nrFree() + k.nrFile) * ratio) / 100;
  }

  /** balance_dirty_pages: above dirty_ratio the writer sleeps while the device drains. */
  balanceDirtyPages(): void {
    const k = this.k;
    if (k.nrDirty > this.dirtyLimit(DIRTY_BACKGROUND_RATIO)) this.flusherRun();
    if (k.nrDirty <= this.dirtyLimit(DIRTY_RATIO)) return;
    k.vm.v[V.dirty_throttle]++;
    k.chargeWait(Math.min(MAX_PAUSE_NS, k.device.backlogNs(k.now() + k.charged)));
  }
}

