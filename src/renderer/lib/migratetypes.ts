/*
 * Pageblock migratetypes as the map's "Migratetype" mode colours them. The
 * names are the snapshot's (meta.migratetypes, the engine's MIGRATE_* order);
 * colours are from Paul Tol's colour-blind-safe "muted" scheme. The legend
 * switches with the mode; MIGRATE_CMA's wine is no page kind's colour, so a
 * CMA pageblock never reads as zram or device memory.
 */

export interface MigratetypeInfo {
  name: string;
  colour: string;
  /** One line for the legend's tooltip. */
  help: string;
}

export const MIGRATETYPE_INFO: readonly MigratetypeInfo[] = [
  {
    name: 'UNMOVABLE',
    colour: '#cc6677',
    help: 'MIGRATE_UNMOVABLE: kernel allocations. A MOVABLE block here was stolen by a fallback and fragments memory for good.',
  },
  {
    name: 'MOVABLE',
    colour: '#88ccee',
    help: 'MIGRATE_MOVABLE: user and page-cache pages. A reserved region (carve-out, GCMA) keeps the MOVABLE it was initialised with, outside the buddy allocator.',
  },
  { name: 'RECLAIMABLE', colour: '#44aa99', help: 'MIGRATE_RECLAIMABLE: slab caches the shrinkers can free (dentries, inodes).' },
  { name: 'CMA', colour: '#882255', help: 'MIGRATE_CMA: the CMA area. Movable allocations borrow it: before Linux 5.8 only once MOVABLE is exhausted, since then also when it holds over half the free memory.' },
  { name: 'ISOLATE', colour: '#ddcc77', help: 'MIGRATE_ISOLATE: taken off the allocator by alloc_contig_range while a request empties it.' },
];

/** `MIGRATE_CMA` for "CMA": how the kernel spells it. */
export function migratetypeLabel(name: string): string {
  return `MIGRATE_${name}`;
}

export function migratetypeColour(name: string): string {
  return MIGRATETYPE_INFO.find((m) => m.name === name)?.colour ?? '#999999';
}

export function migratetypeHelp(name: string): string {
  return MIGRATETYPE_INFO.find((m) => m.name === name)?.help ?? migratetypeLabel(name);
}
