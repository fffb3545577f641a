/* A small GCMA machine for policy tests: 64 MiB, swap on storage, 9,000 anonymous pages touched and drained. */
import { expect } from 'vitest';
import { machine, tinyScenario } from '../engine/helpers.ts';

export function gcmaAnonMachine(regionMiB: number, params: Record<string, string | number | boolean>) {
  const scenario = tinyScenario({
    machine: { platform: 'x86-vm', memMiB: 64, regionMiB, pageblockOrder: 9, swap: { device: 'storage', sizeMiB: 32 }, kernelReservedMiB: 0 },
  });
  const m = machine('gcma', params, scenario);
  const k = m.k;
  const anon = k.newAnon(9000);
  for (let i = 0; i < 9000; i++) expect(k.touchAnon(0, anon, i)).toBe(true);
  m.sim.run(10e9);
  k.lruAddDrainAll();
  return { m, k, anon };
}
