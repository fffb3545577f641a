/*
 * The page-content kinds a memory-map snapshot counts per pageblock, in
 * column order. Dependency-free so the renderer can take the same list
 * through src/shared instead of keeping its own copy.
 */
export const MAP_KINDS = [
  'free',
  'anon',
  'file-clean',
  'file-dirty',
  'file-writeback',
  'pinned',
  'kernel',
  'zram',
  'cleancache',
  'frontswap',
  'device',
  'reserved',
  'isolated',
] as const;

export type MapKind = (typeof MAP_KINDS)[number];

/**
 * Pageblock migratetypes by the engine's MIGRATE_* value (mm/types.ts), as a snapshot
 * records them after its kind counts: what a pageblock's free pages are listed as.
 */
export const MAP_MIGRATETYPES = ['UNMOVABLE', 'MOVABLE', 'RECLAIMABLE', 'CMA', 'ISOLATE'] as const;
