/* blogbench's articles in reclaimable slab: created with the article, freed by the shrinker, looked up again on the next open. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/engine/scenario/schema.ts';
import { BlogbenchActor } from '../../src/engine/workload/blogbench.ts';
import { Rng } from '../../src/engine/sim/rng.ts';
import { machine } from './helpers.ts';

function blogbench(slabKiBPerFile: number) {
  const s = parseScenario({
    name: 'blog',
    machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 8, pageblockOrder: 9, swap: { device: 'none', sizeMiB: 0 }, kernelReservedMiB: 0 },
    durationS: 10,
    workloads: [{ kind: 'blogbench', writers: 1, readers: 1, files: 30, fileKiB: 4, iterations: 400, thinkMs: 10, slabKiBPerFile }],
  });
  const m = machine('legacy-cma', {}, s);
  const w = s.workloads[0]!;
  if (w.kind !== 'blogbench') throw new Error('not blogbench');
  const actor = new BlogbenchActor(w, { k: m.k, sim: m.sim, rng: new Rng(1, 'blog'), cpu: 0, onFinish: () => {} });
  actor.start();
  return m;
}

describe('blogbench articles in reclaimable slab', () => {
  it('packs the articles written so far into slab pages, and costs nothing when unset', () => {
    const m = blogbench(1.16);
    // 200 writes spread over 30 articles: every article exists by 2 s, three to a page.
    m.sim.run(2e9);
    expect(m.k.slab.nrPages).toBe(10);
    const none = blogbench(0);
    none.sim.run(2e9);
    expect(none.k.slab.nrPages).toBe(0);
  });

  it('looks an article up again after the shrinker freed its dentry and inode', () => {
    const m = blogbench(1.16);
    m.sim.run(2e9);
    // A scan far larger than the LRU: every slab page goes.
    expect(m.k.slab.shrink(1e6, 1)).toBe(10);
    expect(m.k.slab.nrPages).toBe(0);
    // No article is new now, yet opening them brings their objects back.
    m.sim.run(3e9);
    expect(m.k.slab.nrPages).toBeGreaterThan(0);
    expect(m.k.slab.nrPages).toBeLessThanOrEqual(10);
  });
});
