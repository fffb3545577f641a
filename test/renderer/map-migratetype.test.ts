/* The map's tooltip reads a pageblock's migratetype from the snapshot's tail; older snapshots have none. */
import { describe, expect, it } from 'vitest';
import { kindTotals, pageblockMigratetype } from '../../src/renderer/lib/memmap.ts';

describe('pageblockMigratetype', () => {
  const kinds = ['free', 'anon'];
  const migratetypes = ['UNMOVABLE', 'MOVABLE', 'RECLAIMABLE', 'CMA', 'ISOLATE'];
  // Two pageblocks: counts [3, 1] and [0, 4], then migratetypes MOVABLE and CMA.
  const data = Uint16Array.from([3, 1, 0, 4, 1, 3]);

  it('names the migratetype after the counts, and totals leave it out', () => {
    const meta = { pageblocks: 2, kinds, migratetypes };
    expect([0, 1].map((pb) => pageblockMigratetype(meta, data, pb))).toEqual(['MOVABLE', 'CMA']);
    expect(pageblockMigratetype(meta, data, 2)).toBeNull();
    expect(kindTotals(data, kinds.length, 0, meta.pageblocks)).toEqual([3, 5]);
  });

  it('says nothing for snapshots of engines before 0.12.0', () => {
    expect(pageblockMigratetype({ pageblocks: 2, kinds }, data.subarray(0, 4), 0)).toBeNull();
    expect(pageblockMigratetype({ pageblocks: 2, kinds, migratetypes }, data.subarray(0, 4), 0)).toBeNull();
  });
});
