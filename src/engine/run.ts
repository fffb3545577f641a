/*
 * One simulation run: build the machine from the scenario, resolve the policy
 * from a per-run child container (tsyringe) with the engine's services
 * registered under the SDK tokens, run the workloads in virtual time, and
 * summarise. Same scenario + policy + params + seed + ENGINE_VERSION gives the
 * same result, bit for bit (resultHash).
 */
import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import { Kernel, bootReservedPages } from './kernel.ts';
import { Simulation } from './sim/simulation.ts';
import { Rng } from './sim/rng.ts';
import { V, Vmstat } from './metrics/vmstat.ts';
import { Sampler, regionPagesInUse } from './metrics/sampler.ts';
import { bySize, hashResult, latencyStatsUs, slowestRequests } from './metrics/summary.ts';
import { getPlatform } from './platform/profiles.ts';
import { ContigAllocator } from './migrate/contig.ts';
import { WRITEBACK_INTERVAL_NS } from './reclaim/vmscan.ts';
import { ContigService, KernelService, MemoryService, PoolService, bootMemory } from './policy/services.ts';
import {
  IClock,
  IContig,
  ICosts,
  IKernel,
  IMemory,
  IMetrics,
  IPolicyParams,
  IPool,
  IRng,
  MAINLINE_FEATURES,
  type Policy,
  type PolicyModule,
} from './policy/sdk.ts';
import { resolveParams } from './policy/manifest.ts';
import { ENGINE_VERSION } from './version.ts';
import type { Actor, ActorEnv } from './workload/actor.ts';
import { KbuildActor } from './workload/kbuild.ts';
import { BlogbenchActor } from './workload/blogbench.ts';
import { AppLaunchActor } from './workload/applaunch.ts';
import { PinnerActor } from './workload/pinner.ts';
import { SlabActor } from './workload/slab.ts';
import { ContigClientActor } from './workload/contig.ts';
import { ContigTraceActor } from './workload/contig-trace.ts';
import type { RequestSink } from './workload/contig-requester.ts';
import { checkInvariants } from './check/invariants.ts';
import type { ObservedRequests, Params, RequestRecord, RunHooks, RunInput, RunResult, RunSummary } from './result.ts';
import { isContigWorkload, type Scenario } from './scenario/schema.ts';

const MiB_PAGES = 256;

export interface Machine {
  sim: Simulation;
  k: Kernel;
  policy: Policy;
  contig: ContigAllocator;
  vmstat: Vmstat;
}

/** Build kernel + policy for a scenario; exported for tests that drive the engine directly. */
export function buildMachine(scenario: Scenario, policyModule: PolicyModule, params: Record<string, unknown>, seed: number): Machine {
  const m = scenario.machine;
  const platform = getPlatform(m.platform);
  const sim = new Simulation();
  const vmstat = new Vmstat();
  const totalPages = Math.floor(m.memMiB * MiB_PAGES);
  const k = new Kernel(
    {
      totalPages,
      bootReservedPages:
        m.kernelReservedMiB !== undefined ? Math.ceil(m.kernelReservedMiB * MiB_PAGES) : bootReservedPages(totalPages, platform),
      cpus: m.cpus ?? platform.cpus,
      pageblockOrder: m.pageblockOrder ?? platform.pageblockOrder,
      platform,
      swapDevice: m.swap.device,
      swapPages: Math.floor(m.swap.sizeMiB * MiB_PAGES),
      fsMigrateCallback: m.fsMigrateCallback,
      features: { ...MAINLINE_FEATURES },
    },
    { now: () => sim.now(), at: (t, fn) => sim.at(t, fn) },
    vmstat,
  );
  const contig = new ContigAllocator(k);
  const memory = new MemoryService(k, contig);
  const child = rootContainer.createChildContainer();
  const rng = new Rng(seed, `policy:${policyModule.manifest.name}`);
  child.register(IPolicyParams, { useValue: Object.freeze({ ...params, regionPages: Math.floor(m.regionMiB * MiB_PAGES) }) });
  child.register(IClock, { useValue: { now: () => sim.now() + k.charged } });
  child.register(IRng, { useValue: { next: () => rng.next(), int: (n: number) => rng.int(n) } });
  child.register(IMetrics, { useValue: { count: (n: string, d = 1) => vmstat.count(n, d), get: (n: string) => vmstat.get(n) } });
  child.register(ICosts, {
    useValue: Object.freeze({
      pageAllocNs: platform.pageAllocNs,
      pageTakeNs: platform.pageTakeNs,
      migratePageNs: platform.migratePageNs,
      dropCleanPageNs: platform.dropCleanPageNs,
      memcpyPageNs: platform.memcpyPageNs,
      isolatePageblockNs: platform.isolatePageblockNs,
      drainPcpNs: platform.drainPerCpuNs,
      migrateRetryNs: platform.migrateRetryNs,
      zramCompressPageNs: platform.zramCompressPageNs,
      zramDecompressPageNs: platform.zramDecompressPageNs,
      deviceWritePageNs: k.device.writeLatencyNs + 4096 / k.device.writeBytesPerNs,
      deviceLatencyNs: k.device.writeLatencyNs,
      cpus: k.cpus,
    }),
  });
  child.register(IMemory, { useValue: memory });
  child.register(IKernel, { useValue: new KernelService(k) });
  child.register(IContig, { useValue: new ContigService(k, contig) });
  child.register(IPool, { useValue: new PoolService(k) });
  const policy = child.resolve(policyModule.policy as unknown as new () => Policy);
  policy.setup();
  memory.closeSetup();
  if (!k.region && m.regionMiB > 0) {
    throw new Error(`policy ${policyModule.manifest.name} reserved no region (scenario asks for ${m.regionMiB} MiB)`);
  }
  bootMemory(k);
  k.hooks = {
    mayUseRegion: policy.mayUseRegion ? (i) => policy.mayUseRegion!(i) : (i) => k.defaultMayUseRegion(i),
    onCleanEvict: policy.onCleanEvict ? (p, ws) => policy.onCleanEvict!(p, ws) : () => {},
    // __frontswap_store: with a backend registered, a refused store counts failed_stores.
    onSwapOut: policy.onSwapOut
      ? (p) => {
          const stored = policy.onSwapOut!(p);
          if (!stored) k.vm.v[V.frontswap_failed_stores]++;
          return stored;
        }
      : () => false,
    onPoolRelease: policy.onPoolRelease ? (p) => policy.onPoolRelease!(p) : () => {},
  };
  return { sim, k, policy, contig, vmstat };
}

interface Outcome {
  machine: Machine;
  records: RequestRecord[];
  sampler: Sampler | null;
  actors: Actor[];
  completionS: number | null;
  perWorkload: Record<string, number | null>;
}

function simulate(
  input: RunInput,
  policyModule: PolicyModule,
  params: Params,
  withContig: boolean,
  detail: boolean,
  hooks: RunHooks,
  phase: 'baseline' | 'main',
): Outcome {
  const { scenario, seed } = input;
  const machine = buildMachine(scenario, policyModule, params, seed);
  const { sim, k, policy, contig } = machine;
  const records: RequestRecord[] = [];
  let nextReq = 1;
  const sink: RequestSink = { policy, records, nextId: () => nextReq++, onRequest: hooks.onRequest };
  const actors: Actor[] = [];
  let finiteLeft = 0;
  const onFinish = (a: Actor): void => {
    if (a.finite && --finiteLeft === 0) sim.stop();
  };
  scenario.workloads.forEach((w, i) => {
    const env: ActorEnv = { k, sim, rng: new Rng(seed, `${i}:${w.kind}:${w.name}`), cpu: i % k.cpus, onFinish };
    let a: Actor | null = null;
    switch (w.kind) {
      case 'kbuild':
        a = new KbuildActor(w, env);
        break;
      case 'blogbench':
        a = new BlogbenchActor(w, env);
        break;
      case 'appLaunch':
        a = new AppLaunchActor(w, env);
        break;
      case 'pinner':
        a = new PinnerActor(w, env, contig.migrator);
        break;
      case 'slab':
        a = new SlabActor(w, env);
        break;
      case 'contig':
        if (withContig) a = new ContigClientActor(w, env, sink);
        break;
      case 'contigTrace':
        if (withContig) a = new ContigTraceActor(w, env, sink);
        break;
    }
    if (a) actors.push(a);
  });
  for (const a of actors) if (a.finite) finiteLeft++;
  for (const a of actors) a.start();

  const flusher = (): void => {
    k.charged = 0;
    k.vmscan.flusherRun();
    k.charged = 0;
    sim.after(WRITEBACK_INTERVAL_NS, flusher);
  };
  sim.after(WRITEBACK_INTERVAL_NS, flusher);

  const background = actors.filter((a) => a.background);
  const bgProgress = (): number => (background.length ? background.reduce((s, a) => s + a.progress(), 0) / background.length : 0);
  let sampler: Sampler | null = null;
  if (detail) {
    const useful = policy.usefulRegionPages ? () => policy.usefulRegionPages!() : () => regionPagesInUse(k);
    const s = new Sampler(k, scenario.sampleIntervalMs * 1e6, useful, bgProgress);
    sampler = s;
    const sample = (): void => {
      s.sample(sim.now());
      if (hooks.onSample) hooks.onSample(s.lastRow());
      sim.after(scenario.sampleIntervalMs * 1e6, sample);
    };
    const snap = (): void => {
      s.snapshot(sim.now());
      sim.after(scenario.snapshotIntervalMs * 1e6, snap);
    };
    sim.at(0, sample);
    sim.at(0, snap);
  }
  if (input.options?.checkInvariants) sim.afterEvent = () => checkInvariants(k);

  const endNs = scenario.durationS * 1e9;
  if (finiteLeft > 0 || actors.length > 0) {
    const finite = actors.filter((a) => a.finite);
    const fraction = (t: number): number => {
      let slowest = finite.length ? 1 : 0;
      for (const a of finite) slowest = Math.min(slowest, a.finishedAt !== null ? 1 : a.progress());
      return Math.min(1, Math.max(t / endNs, slowest));
    };
    sim.run(
      endNs,
      (t, ev) => hooks.onProgress?.({ virtualNs: t, totalNs: endNs, fraction: fraction(t), events: ev, phase }),
      hooks.shouldCancel,
    );
  }
  if (sampler) {
    sampler.sample(sim.now());
    sampler.snapshot(sim.now());
  }
  const perWorkload: Record<string, number | null> = {};
  let completion: number | null = null;
  let allDone = background.length > 0;
  for (const a of background) {
    perWorkload[a.name] = a.finishedAt === null ? null : a.finishedAt / 1e9;
    if (a.finishedAt === null) allDone = false;
    else completion = Math.max(completion ?? 0, a.finishedAt / 1e9);
  }
  return { machine, records, sampler, actors, completionS: allDone ? completion : null, perWorkload };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A replayed trace's own latencies (what the traced kernel took), beside the simulated ones; absent without a trace. */
function observedSummary(scenario: Scenario): { observed?: ObservedRequests } {
  const traced = scenario.workloads.flatMap((w) => (w.kind === 'contigTrace' ? w.requests : []));
  const timed = traced.filter((t) => t.observedUs !== undefined);
  if (timed.length === 0) return {};
  return {
    observed: {
      count: timed.length,
      failed: timed.filter((t) => t.observedOk === false).length,
      latencyUs: latencyStatsUs(timed.map((t) => t.observedUs! * 1000)),
    },
  };
}

/** Run one simulation (plus the no-contiguous-client baseline unless disabled). */
export function runSimulation(input: RunInput, policyModule: PolicyModule, hooks: RunHooks = {}): RunResult {
  const detail = input.options?.detail ?? true;
  const params = resolveParams(policyModule.manifest, input.params);
  const hasContig = input.scenario.workloads.some(isContigWorkload);
  let baselineS: number | null = null;
  if ((input.options?.baseline ?? true) && hasContig) {
    baselineS = simulate(input, policyModule, params, false, false, hooks, 'baseline').completionS;
  }
  const out = simulate(input, policyModule, params, true, detail, hooks, 'main');
  const { machine, records } = out;
  const vm = machine.vmstat;
  // Successful requests only, like bySize and the CDF: a failed request has no latency to report.
  const lat = records.filter((r) => r.ok).map((r) => r.latencyNs);
  const failures: Record<string, number> = {};
  for (const r of records) if (!r.ok) failures[r.reason ?? 'failed'] = (failures[r.reason ?? 'failed'] ?? 0) + 1;
  const bounded = records.filter((r) => r.boundNs !== null);
  const region = machine.k.region;
  const summary: RunSummary = {
    scenario: input.scenario.name,
    policy: policyModule.manifest.name,
    policyVersion: policyModule.manifest.version,
    params,
    seed: input.seed,
    engineVersion: ENGINE_VERSION,
    resultHash: '',
    requests: {
      count: records.length,
      succeeded: records.filter((r) => r.ok).length,
      failed: records.filter((r) => !r.ok).length,
      latencyUs: lat.length ? latencyStatsUs(lat) : { mean: null, p50: null, p90: null, p99: null, max: null },
      bySize: bySize(records),
      boundUs: bounded.length
        ? {
            mean: round6(bounded.reduce((s, r) => s + r.boundNs!, 0) / bounded.length / 1000),
            max: round6(bounded.reduce((m, r) => Math.max(m, r.boundNs!), 0) / 1000),
            violations: bounded.filter((r) => r.latencyNs > r.boundNs!).length,
          }
        : null,
      slowest: slowestRequests(records),
      ...observedSummary(input.scenario),
    },
    failures,
    vmstat: vm.toRecord(),
    background: {
      completionS: out.completionS === null ? null : round6(out.completionS),
      baselineS: baselineS === null ? null : round6(baselineS),
      slowdown: out.completionS !== null && baselineS ? round6(out.completionS / baselineS) : null,
      perWorkload: Object.fromEntries(Object.entries(out.perWorkload).map(([name, s]) => [name, s === null ? null : round6(s)])),
    },
    region: {
      pages: region?.pages ?? 0,
      meanUtilisation: round6(out.sampler ? out.sampler.meanUtilisation() : 0),
    },
    virtualS: round6(machine.sim.now() / 1e9),
    events: machine.sim.events,
  };
  const series = out.sampler?.series ?? { intervalNs: input.scenario.sampleIntervalMs * 1e6, t: [], columns: {} };
  summary.resultHash = hashResult({ summary, records, series });
  return {
    summary,
    requests: records,
    series,
    map: out.sampler?.meta() ?? {
      pageblockPages: machine.k.pb.nrPages,
      pageblocks: machine.k.pb.count,
      regionStartPfn: region?.startPfn ?? -1,
      regionPages: region?.pages ?? 0,
      kinds: [],
    },
    snapshots: out.sampler?.snapshots ?? [],
  };
}
