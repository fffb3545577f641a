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
