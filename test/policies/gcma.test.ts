import { describe, expect, it } from 'vitest';
import { run, tinyScenario } from '../engine/helpers.ts';
import { buildMachine } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { resolveParams } from '../../src/engine/policy/manifest.ts';
import { SLOT_POOL_BASE } from '../../src/engine/mm/mappings.ts';
import { PG_CLEANCACHE, PG_RESERVED } from '../../src/engine/mm/types.ts';

describe('gcma', () => {
  it('never fails while allocations fit the region, and actual latency never exceeds the bound', () => {
    const ratios = [0, 0.25, 0.5, 0.75, 1];
    for (let seed = 1; seed <= 8; seed++) {
      const ratio = ratios[seed % ratios.length]!;
      const mode = seed % 2 ? 'write-back' : 'write-through';
      const r = run(tinyScenario(), 'gcma', { ratio, frontswapMode: mode, zram: seed % 3 === 0 }, seed);
      expect(r.summary.requests.failed).toBe(0);
      for (const q of r.requests) {
        expect(q.boundNs).not.toBeNull();
        expect(q.latencyNs).toBeLessThanOrEqual(q.boundNs!);
      }
      expect(r.summary.requests.boundUs!.violations).toBe(0);
    }
  });

  it('invalidates cleancache copies on write and truncate (no stale copy survives)', () => {
    const mod = findPolicy('gcma')!;
    const scenario = tinyScenario();
    const m = buildMachine(scenario, mod, resolveParams(mod.manifest, { ratio: 0 }), 1);
    const k = m.k;
    const file = k.newFile(8);
    k.readFile(0, file, 0, 8);
    k.lruAddDrainAll();
    const slots = k.maps.get(file);
    // Reclaim drops two clean pages: both go to cleancache.
    const a = slots[2]!;
    const b = slots[5]!;
    k.vmscan.evictCleanFile(a);
    k.vmscan.evictCleanFile(b);
    expect(slots[2]).toBeLessThanOrEqual(SLOT_POOL_BASE);
    const copyA = SLOT_POOL_BASE - slots[2]!;
    const copyB = SLOT_POOL_BASE - slots[5]!;
    expect(k.mem.kind[copyA]).toBe(PG_CLEANCACHE);
    // A write to page 2 invalidates its copy before dirtying a fresh page.
    k.writeFile(0, file, 2, 1);
    expect(slots[2]).toBeGreaterThanOrEqual(0);
    expect(k.mem.kind[copyA]).toBe(PG_RESERVED);
    // Truncate drops the remaining copy.
    k.truncateFile(0, file);
    expect(k.mem.kind[copyB]).toBe(PG_RESERVED);
    expect(Array.from(slots).every((s) => s === -1)).toBe(true);
    expect(m.vmstat.get('cleancache_invalidates')).toBe(2);
  });

  // Worst-case latency is not asserted monotone: with the domain.md costs, evacuating a write-back
  // page into free normal memory (alloc + memcpy) is cheaper than dropping a cleancache page, so on
  // this small board raising ratio lowered the worst case. Reported on the issue; see docs/validation.md.
  it('raising ratio keeps or lowers swap device I/O (write-back, mean of seeds)', () => {
    const seeds = [1, 2, 3];
    const ratios = [0, 0.5, 1];
    const rows = ratios.map((ratio) => {
      let swapIo = 0;
      for (const seed of seeds) {
        const r = run(tinyScenario(), 'gcma', { ratio, frontswapMode: 'write-back' }, seed);
        swapIo += (r.summary.vmstat['pswpin']! + r.summary.vmstat['pswpout']! - r.summary.vmstat['frontswap_loads']! - r.summary.vmstat['frontswap_stores']!) / seeds.length;
      }
      return { ratio, swapIo };
    });
    for (let i = 1; i < rows.length; i++) {
      // 5 % tolerance for run-to-run noise.
      expect(rows[i]!.swapIo).toBeGreaterThanOrEqual(0);
      expect(rows[i]!.swapIo).toBeLessThanOrEqual(rows[i - 1]!.swapIo * 1.05);
    }
  });
});
