/*
 * The smoke scenario `cmawb plugin check` runs a plugin on: a 48 MiB machine
 * with a 12 MiB region, a small kernel build (anon + page cache, short pins),
 * slab growth, a long-term pinner and nine contiguous requests from 16 to 1024
 * pages, about four seconds of virtual time. Small enough to run with the
 * invariant checker after every event in well under a second, busy enough to
 * reach every hook: placement, cleancache/frontswap (swap on storage),
 * contiguous allocation and release.
 */
import { parseScenario, type Scenario } from '../../engine/scenario/schema.ts';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { Params, RunSummary } from '../../engine/result.ts';
import { runSimulation } from '../../engine/run.ts';

export const SMOKE_SCENARIO: Scenario = parseScenario({
  name: 'plugin-smoke',
  title: 'Plugin smoke test: every hook on a small machine',
  // A toy machine: a real x86 kernel image (32 MiB) would leave almost nothing, so none is reserved.
  machine: { platform: 'x86-vm', memMiB: 48, regionMiB: 12, pageblockOrder: 9, swap: { device: 'storage', sizeMiB: 16 }, kernelReservedMiB: 0 },
  durationS: 6,
  sampleIntervalMs: 500,
  snapshotIntervalMs: 2000,
  workloads: [
    {
      kind: 'kbuild',
      jobs: 4,
      units: 16,
      cpuMsPerUnit: 80,
      anonMiBPerUnit: 8,
      headersMiB: 6,
      headerKiBPerUnit: 256,
      sourceKiBPerUnit: 32,
      objKiBPerUnit: 512,
      shortPinEveryMs: 20,
      shortPinPages: 4,
      shortPinMs: 5,
    },
    { kind: 'slab', pagesPerS: 200, lifetimeMs: 2000, maxPages: 300 },
    { kind: 'pinner', mode: 'long', bufferPages: 256, pinPages: 64, everyMs: 1500, durationMs: 1000 },
    { kind: 'contig', sizes: [16, 256, 1024], order: 'cycle', count: 9, intervalMs: 400, holdMs: 100, startAtS: 0.5 },
  ],
});

/**
 * The same machine swapping to zram instead of storage, under enough memory pressure to swap:
 * allocations of the 'zram' source (the compressed pages) ask mayUseRegion only there.
 */
export const SMOKE_SCENARIO_ZRAM: Scenario = parseScenario({
  ...SMOKE_SCENARIO,
  name: 'plugin-smoke-zram',
  title: 'Plugin smoke test on zram swap',
  machine: { ...SMOKE_SCENARIO.machine, swap: { device: 'zram', sizeMiB: 16 } },
  // Heaps twice as large, so reclaim swaps and zram allocates (the storage variant never needs to).
  workloads: SMOKE_SCENARIO.workloads.map((w) => (w.kind === 'kbuild' ? { ...w, anonMiBPerUnit: 2 * w.anonMiBPerUnit } : w)),
});

export interface SmokeVariant {
  /** "defaults", "defaults, zram swap" or "preset NAME". */
  label: string;
  params: Params;
  /** The smoke scenario unless given. */
  scenario?: Scenario;
}

/** Defaults (on storage swap, then on zram), then each preset: a preset's values are checked against the schema, but only a run shows they work. */
export function smokeVariants(mod: PolicyModule): SmokeVariant[] {
  return [
    { label: 'defaults', params: {} },
    { label: 'defaults, zram swap', params: {}, scenario: SMOKE_SCENARIO_ZRAM },
    ...(mod.manifest.presets ?? []).map((p) => ({ label: `preset ${p.name}`, params: { preset: p.name } })),
  ];
}

export interface SmokeOutcome {
  summary: RunSummary;
  /** The second run with the same seed gave the same result hash (null: not checked for this variant). */
  deterministic: boolean | null;
  /**
   * Region pages still allocated to the device when the run ends. The smoke client frees every
   * buffer long before then, so anything here is a releaseContig that gave nothing back.
   */
  devicePagesAtEnd: number;
}

/**
 * Run one variant with the invariant checker on; the defaults variant is run
 * a second time (checker off) to catch a policy that is not deterministic
 * (Math.random, wall-clock time, state kept in module variables across runs).
 */
export function runSmoke(mod: PolicyModule, v: SmokeVariant, scenario: Scenario = v.scenario ?? SMOKE_SCENARIO): SmokeOutcome {
  const input = { scenario, policy: mod.manifest.name, params: v.params, seed: 1, options: { checkInvariants: true, baseline: false } };
  const first = runSimulation(input, mod);
  const device = first.series.columns['region_device'] ?? [];
  const devicePagesAtEnd = device.length ? device[device.length - 1]! : 0;
  if (v.label !== 'defaults') return { summary: first.summary, deterministic: null, devicePagesAtEnd };
  const again = runSimulation({ ...input, options: { checkInvariants: false, baseline: false } }, mod);
  return { summary: first.summary, deterministic: again.summary.resultHash === first.summary.resultHash, devicePagesAtEnd };
}
