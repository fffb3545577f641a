import { describe, expect, it } from 'vitest';
import { run, tinyScenario } from './helpers.ts';
import type { KbuildWorkload } from '../../src/engine/scenario/schema.ts';

/** The tiny scenario for 6 s, its build changed to put memory under pressure. */
function pressured(build: Partial<KbuildWorkload>) {
  const scenario = tinyScenario({ durationS: 6 });
  scenario.workloads = scenario.workloads.map((w) => (w.kind === 'kbuild' ? { ...w, ...build } : w));
  return scenario;
}

// The invariant checker runs after every event: accounting, lists, rmap, region kinds.
describe('invariants hold after every event', () => {
  const cases: [string, Record<string, string | number | boolean>][] = [
    ['carveout', {}],
    ['legacy-cma', {}],
    ['cma-quirks', { preset: 'vendor-2014' }],
    ['cma-quirks', { preset: 'android' }],
    ['mainline-cma', {}],
    ['gcma', { ratio: 0.5, frontswapMode: 'write-through' }],
    ['gcma', { ratio: 1, frontswapMode: 'write-back', zram: true }],
  ];
  for (const [policy, params] of cases) {
    it(`${policy} ${JSON.stringify(params)}`, () => {
      const scenario = tinyScenario({ durationS: 12 });
      const r = run(scenario, policy, params, 5, true);
      expect(r.summary.events).toBeGreaterThan(1000);
      expect(r.summary.requests.count).toBeGreaterThan(0);
    });
  }

  // zram as the swap device: frontswap write-through copies are backed by zram entries.
  for (const [policy, params] of [
    ['legacy-cma', {}],
    ['gcma', { ratio: 1, frontswapMode: 'write-through' }],
    ['gcma', { ratio: 0.5, frontswapMode: 'write-back' }],
  ] as [string, Record<string, string | number | boolean>][]) {
    it(`${policy} ${JSON.stringify(params)} with zram swap`, () => {
      const scenario = tinyScenario({
        durationS: 12,
        machine: { platform: 'x86-vm', memMiB: 22, regionMiB: 8, pageblockOrder: 9, swap: { device: 'zram', sizeMiB: 16 }, fsMigrateCallback: true, kernelReservedMiB: 0 },
      });
      const r = run(scenario, policy, params, 5, true);
      expect(r.summary.vmstat['zram_stored']).toBeGreaterThan(0);
    });
  }

  // Write-through frontswap under swap pressure: copies wait for their page's device write.
  it('gcma write-through under swap pressure', () => {
    const scenario = pressured({ anonMiBPerUnit: 10, units: 96 });
    const r = run(scenario, 'gcma', { ratio: 1, frontswapMode: 'write-through' }, 1, true);
    expect(r.summary.vmstat['frontswap_succ_stores']).toBeGreaterThan(0);
    expect(r.summary.vmstat['frontswap_loads']).toBeGreaterThan(0);
  });

  // The compiler's text stays active while the jobs run; contiguous requests migrate it like any page cache.
  // The jobs' kernel pages come and go with them; the shrinker frees the slab units leave.
  for (const policy of ['legacy-cma', 'gcma']) {
    it(`${policy} with the compiler's text, the jobs' other processes and their kernel memory, under pressure`, () => {
      const scenario = pressured({ anonMiBPerUnit: 8, units: 96, jobAnonKiB: 512, textMiB: 2, jobKernelKiB: 256, slabMiB: 1, slabKiBPerUnit: 64 });
      const r = run(scenario, policy, {}, 1, true);
      expect(r.summary.vmstat['pgscan_kswapd']).toBeGreaterThan(0);
      expect(r.summary.vmstat['slabs_scanned']).toBeGreaterThan(0);
      expect(r.summary.requests.count).toBeGreaterThan(0);
    });
  }

  // Articles' dentries and inodes under page-cache pressure: the shrinker frees them, reads bring them back.
  it('legacy-cma with blogbench articles in reclaimable slab', () => {
    const scenario = tinyScenario({ durationS: 6 }, [
      { kind: 'blogbench', writers: 2, readers: 4, files: 2000, fileKiB: 16, iterations: 400, thinkMs: 5, slabKiBPerFile: 1.16 },
    ]);
    const r = run(scenario, 'legacy-cma', {}, 1, true);
    expect(r.summary.vmstat['slabs_scanned']).toBeGreaterThan(0);
    expect(Math.max(...r.series.columns['slab_reclaimable_pages']!)).toBeGreaterThan(0);
  });

  // Memory overcommitted: direct reclaim's deep passes, reclaim sleeps and OOM kills all happen.
  it('carveout under swap pressure (reclaim sleeps and OOM kills)', () => {
    const scenario = pressured({ anonMiBPerUnit: 10, units: 96 });
    const r = run(scenario, 'carveout', {}, 1, true);
    expect(r.summary.vmstat['vmscan_throttle_writeback']).toBeGreaterThan(0);
    expect(r.summary.vmstat['oom_kill']).toBeGreaterThan(0);
  });
});

