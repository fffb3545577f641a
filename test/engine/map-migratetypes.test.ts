/* Memory-map snapshots end with each pageblock's migratetype, so the map can say MIGRATE_CMA or UNMOVABLE per block. */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { MAP_MIGRATETYPES } from '../../src/engine/metrics/map-kinds.ts';
import { MIGRATE_CMA, MIGRATE_ISOLATE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE } from '../../src/engine/mm/types.ts';
import { SMOKE_SCENARIO } from '../../src/main/plugins/smoke.ts';

describe('snapshot migratetypes', () => {
  it('name the engine\'s MIGRATE_* values in order', () => {
    expect([MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_CMA, MIGRATE_ISOLATE].map((m) => MAP_MIGRATETYPES[m])).toEqual(['UNMOVABLE', 'MOVABLE', 'RECLAIMABLE', 'CMA', 'ISOLATE']);
  });

  it('mark the CMA area CMA and the rest by what the allocator made of it', () => {
    const r = runSimulation({ scenario: SMOKE_SCENARIO, policy: 'legacy-cma', params: {}, seed: 1, options: { baseline: false } }, findPolicy('legacy-cma')!);
    const { map } = r;
    expect(map.migratetypes).toEqual(MAP_MIGRATETYPES);
    const K = map.kinds.length;
    const first = map.regionStartPfn / map.pageblockPages;
    const last = first + map.regionPages / map.pageblockPages;
    for (const snap of r.snapshots) {
      expect(snap.data.length).toBe(map.pageblocks * (K + 1));
      const mt = (pb: number) => map.migratetypes![snap.data[map.pageblocks * K + pb]!];
      for (let pb = 0; pb < map.pageblocks; pb++) {
        // Inside the area: CMA, or ISOLATE while a request holds it isolated.
        if (pb >= first && pb < last) expect(['CMA', 'ISOLATE']).toContain(mt(pb));
        else expect(['UNMOVABLE', 'MOVABLE', 'RECLAIMABLE']).toContain(mt(pb));
      }
    }
    // The build's kernel pages and slab claim blocks of their own (fallback stealing).
    const end = r.snapshots.at(-1)!.data;
    const types = new Set(Array.from(end.subarray(map.pageblocks * K), (i) => map.migratetypes![i]));
    expect(types).toContain('UNMOVABLE');
    expect(types).toContain('MOVABLE');
  });
});
