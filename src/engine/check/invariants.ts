/*
 * The debug invariant checker (like CONFIG_DEBUG_VM): accounting conservation,
 * free-list and LRU consistency, and "no page in two states". O(pages) per
 * call, so tests run it after every event on small machines only.
 */
import type { Kernel } from '../kernel.ts';
import { buddyListId } from '../mm/buddy.ts';
import { LIST_ACTIVE_ANON, LIST_ACTIVE_FILE, LIST_IDS, LIST_INACTIVE_ANON, LIST_INACTIVE_FILE, LIST_LRU_BATCH_BASE, LIST_NONE, LIST_PCP_BASE } from '../mm/lists.ts';
import { SLOT_POOL_BASE, decodePool } from '../mm/mappings.ts';
import {
  MIGRATE_TYPES,
  PF_ORPHAN,
  PG_ANON,
  PG_CLEANCACHE,
  PG_FILE,
  PG_FREE,
  PG_FRONTSWAP,
  PG_KERNEL,
  PG_PCP,
  PG_RESERVED,
} from '../mm/types.ts';

export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

function fail(msg: string): never {
  throw new InvariantError(msg);
}

export function checkInvariants(k: Kernel): void {
  const mem = k.mem;
  const lists = mem.lists;
  const n = mem.nrPages;
  // Every list: walk it, counts and back links agree, each member names the list.
  for (let id = 1; id < LIST_IDS; id++) {
    let c = 0;
    let prev = -1;
    for (let p = lists.head[id]!; p >= 0; p = lists.next[p]!) {
      if (lists.list[p] !== id) fail(`pfn ${p} on list ${id} but list[pfn]=${lists.list[p]}`);
      if (lists.prev[p] !== prev) fail(`pfn ${p} on list ${id}: broken prev link`);
      prev = p;
      if (++c > n) fail(`list ${id} has a cycle`);
    }
    if (c !== lists.count[id]) fail(`list ${id}: count ${lists.count[id]} but ${c} members`);
    if (lists.tail[id] !== prev) fail(`list ${id}: tail mismatch`);
  }
  // Buddy blocks cover exactly the FREE pages; per-type totals match.
  const covered = new Uint8Array(n);
  const freeByMt = new Int32Array(MIGRATE_TYPES);
  for (let pfn = 0; pfn < n; pfn++) {
    const id = lists.list[pfn]!;
    const kind = mem.kind[pfn]!;
    if (id >= 1 && id < LIST_PCP_BASE) {
      const o = mem.order[pfn]!;
      const mt = k.pb.mtOf(pfn);
      if (id !== buddyListId(o, mt)) fail(`free block at pfn ${pfn} order ${o} on list ${id}, expected ${buddyListId(o, mt)} (mt ${mt})`);
      if ((pfn & ((1 << o) - 1)) !== 0) fail(`free block at pfn ${pfn} not aligned to order ${o}`);
      for (let i = pfn; i < pfn + (1 << o); i++) {
        if (covered[i]) fail(`pfn ${i} in two free blocks`);
        if (mem.kind[i] !== PG_FREE) fail(`pfn ${i} inside free block at ${pfn} has kind ${mem.kind[i]}`);
        covered[i] = 1;
      }
      freeByMt[mt] += 1 << o;
    } else if (id >= LIST_PCP_BASE && id < LIST_INACTIVE_ANON) {
      if (kind !== PG_PCP) fail(`pfn ${pfn} on pcp list has kind ${kind}`);
    } else if (id >= LIST_INACTIVE_ANON && id <= LIST_ACTIVE_FILE) {
      const want = kind === PG_FILE ? [LIST_INACTIVE_FILE, LIST_ACTIVE_FILE] : kind === PG_ANON ? [LIST_INACTIVE_ANON, LIST_ACTIVE_ANON] : [];
      if (!want.includes(id)) fail(`pfn ${pfn} kind ${kind} on LRU list ${id}`);
    } else if (id >= LIST_LRU_BATCH_BASE) {
      if (kind !== PG_ANON && kind !== PG_FILE) fail(`pfn ${pfn} kind ${kind} in an LRU batch`);
    } else if (id === LIST_NONE) {
      if (kind === PG_PCP) fail(`pcp page ${pfn} on no list`);
      if ((kind === PG_ANON || kind === PG_FILE) && (mem.flags[pfn]! & PF_ORPHAN) === 0) fail(`in-use page ${pfn} (kind ${kind}) on no LRU list`);
    }
  }
  for (let pfn = 0; pfn < n; pfn++) if (mem.kind[pfn] === PG_FREE && !covered[pfn]) fail(`free pfn ${pfn} belongs to no free block`);
  for (let mt = 0; mt < MIGRATE_TYPES; mt++) {
    if (freeByMt[mt] !== k.zone.buddy.freeByMt[mt]) fail(`NR_FREE for migratetype ${mt}: counter ${k.zone.buddy.freeByMt[mt]} but ${freeByMt[mt]} on lists`);
  }
  // Page counters match the pages.
  let anon = 0;
  let file = 0;
  for (let pfn = 0; pfn < n; pfn++) {
    if (mem.mapping[pfn]! < 0) continue;
    if (mem.kind[pfn] === PG_ANON) anon++;
    else if (mem.kind[pfn] === PG_FILE) file++;
  }
  if (anon !== k.nrAnon) fail(`nrAnon ${k.nrAnon} but ${anon} owned anon pages`);
  if (file !== k.nrFile) fail(`nrFile ${k.nrFile} but ${file} owned file pages`);
  // rmap: every resident slot points at a page that points back; pool slots at stored copies.
  for (const id of k.maps.live()) {
    const slots = k.maps.get(id);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if (s >= 0) {
        if (mem.mapping[s] !== id || mem.index[s] !== i) fail(`mapping ${id}[${i}] -> pfn ${s}, which belongs to ${mem.mapping[s]}[${mem.index[s]}]`);
      } else if (s <= SLOT_POOL_BASE) {
        const p = decodePool(s);
        if (mem.kind[p] !== PG_CLEANCACHE && mem.kind[p] !== PG_FRONTSWAP) fail(`mapping ${id}[${i}] -> pool pfn ${p} of kind ${mem.kind[p]}`);
        if (mem.mapping[p] !== id || mem.index[p] !== i) fail(`pool pfn ${p} does not point back to ${id}[${i}]`);
      }
    }
  }
  // Region-only kinds stay in the region.
  const r = k.region;
  for (let pfn = 0; pfn < n; pfn++) {
    const kind = mem.kind[pfn]!;
    if (kind === PG_RESERVED || kind === PG_CLEANCACHE || kind === PG_FRONTSWAP) {
      if (!r || pfn < r.startPfn || pfn >= r.startPfn + r.pages) fail(`pfn ${pfn} of region kind ${kind} outside the region`);
    }
  }
  // The shrinker's pages are kernel pages, each once, and counted.
  const slabSeen = new Set<number>();
  for (const pfn of k.slab.freeablePfns()) {
    if (mem.kind[pfn] !== PG_KERNEL) fail(`slab pfn ${pfn} has kind ${mem.kind[pfn]}`);
    if (slabSeen.has(pfn)) fail(`slab pfn ${pfn} twice on the shrinker's list`);
    slabSeen.add(pfn);
  }
  if (k.slab.nrPages > k.nrKernel) fail(`${k.slab.nrPages} slab pages but only ${k.nrKernel} kernel pages`);
  if (k.swapUsed < 0 || k.swapUsed > k.swapCapacity) fail(`swap used ${k.swapUsed} outside [0, ${k.swapCapacity}]`);
}
