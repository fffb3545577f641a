/* Small machines and scenarios for engine tests (fast enough for the invariant checker). */
import { parseScenario, type Scenario, type ScenarioInput } from '../../src/engine/scenario/schema.ts';
import { buildMachine, runSimulation, type Machine } from '../../src/engine/run.ts';
import { resolveParams } from '../../src/engine/policy/manifest.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import type { Params, RunResult } from '../../src/engine/result.ts';

export function tinyScenario(over: Partial<ScenarioInput> = {}, extraWorkloads: ScenarioInput['workloads'] = []): Scenario {
  return parseScenario({
    name: 'tiny',
    // A toy machine: a real x86 kernel image (32 MiB) would not fit, so none is reserved.
    machine: { platform: 'x86-vm', memMiB: 32, regionMiB: 8, pageblockOrder: 9, swap: { device: 'storage', sizeMiB: 16 }, kernelReservedMiB: 0 },
    durationS: 40,
    sampleIntervalMs: 500,
    snapshotIntervalMs: 5000,
    workloads: [
      {
        kind: 'kbuild',
        jobs: 4,
        units: 24,
        cpuMsPerUnit: 60,
        anonMiBPerUnit: 6,
        headersMiB: 6,
        headerKiBPerUnit: 256,
        sourceKiBPerUnit: 32,
        objKiBPerUnit: 512,
        shortPinEveryMs: 20,
        shortPinPages: 4,
        shortPinMs: 5,
      },
      { kind: 'slab', pagesPerS: 200, lifetimeMs: 2000, maxPages: 300 },
      { kind: 'contig', sizes: [64, 256, 1024], order: 'cycle', count: 12, intervalMs: 300, holdMs: 100, startAtS: 0.5 },
      ...extraWorkloads,
    ],
    ...over,
  });
}

export function run(scenario: Scenario, policy: string, params: Params = {}, seed = 1, checkInvariants = false): RunResult {
  const mod = findPolicy(policy);
  if (!mod) throw new Error(`no policy ${policy}`);
  return runSimulation({ scenario, policy, params, seed, options: { checkInvariants, baseline: false } }, mod);
}

/** A built machine (kernel + policy, workloads not started) for tests that drive the engine directly. */
export function machine(policy: string, params: Params = {}, scenario: Scenario = tinyScenario()): Machine {
  const mod = findPolicy(policy);
  if (!mod) throw new Error(`no policy ${policy}`);
  return buildMachine(scenario, mod, resolveParams(mod.manifest, params), 1);
}

/**
 * A machine whose LRU holds `anonPages` of anonymous memory and `filePages` of clean page cache,
 * every read complete and every per-CPU batch drained; workloads not started.
 */
export function loadedMachine(policy: string, anonPages: number, filePages: number) {
  const m = machine(policy);
  const k = m.k;
  const anon = k.newAnon(anonPages);
  for (let i = 0; i < anonPages; i++) if (!k.touchAnon(0, anon, i)) throw new Error(`anon page ${i} not allocated`);
  const file = k.newFile(filePages);
  if (!k.readFile(0, file, 0, filePages)) throw new Error('page cache not read');
  m.sim.run(10e9); // the reads complete and unlock their pages
  k.lruAddDrainAll();
  return k;
}
