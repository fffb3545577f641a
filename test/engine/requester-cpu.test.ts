/*
 * The task running a contiguous allocation is one CFS task among the build's
 * jobs: preemptible CPU work is shared after the lag it earned asleep, atomic
 * work is not, and sleeping earns the lag back.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { tinyScenario } from './helpers.ts';
import { atomicStep, sleepStep, type ContigStep, type ContigTask, type Policy, type PolicyModule } from '../../src/engine/policy/sdk.ts';
import { schedLatencyNs } from '../../src/engine/workload/cfs-task.ts';

const MS = 1e6;

/** A policy whose one request runs the given steps and then fails (no region needed). */
function scripted(steps: ContigStep[]): PolicyModule {
  class Scripted implements Policy {
    setup(): void {}
    *allocContig(): ContigTask {
      for (const s of steps) yield s;
      return false;
    }
    releaseContig(): void {}
    usefulRegionPages(): number {
      return 0;
    }
  }
  return {
    manifest: { name: 'scripted', version: '0.0.0', description: 'test', sdk: '^1.3.0', params: [] },
    policy: Scripted as unknown as PolicyModule['policy'],
  };
}

/** 4 CPUs; `jobs` CPU-bound compile jobs with tiny heaps (no reclaim), one request at 1 s. */
function latencyMs(steps: ContigStep[], jobs: number): number {
  const scenario = tinyScenario({
    name: 'cpu-share',
    machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 0, pageblockOrder: 9, kernelReservedMiB: 0 },
    durationS: 5,
    sampleIntervalMs: 1000,
    workloads: [
      ...(jobs > 0
        ? [{ kind: 'kbuild' as const, jobs, units: jobs, cpuMsPerUnit: 60_000, anonMiBPerUnit: 0.2, anonCv: 0, headersMiB: 0.1, headerKiBPerUnit: 4, sourceKiBPerUnit: 4, objKiBPerUnit: 4 }]
        : []),
      { kind: 'contig' as const, sizes: [1], count: 1, intervalMs: 1000, holdMs: 0, startAtS: 1 },
    ],
  });
  const r = runSimulation({ scenario, policy: 'scripted', params: {}, seed: 1, options: { baseline: false } }, scripted(steps));
  expect(r.requests).toHaveLength(1);
  return r.requests[0]!.latencyNs / MS;
}

describe('the allocating task under CFS', () => {
  it('sysctl_sched_latency is 6 ms times 1 + log2(CPUs), capped at 8 CPUs', () => {
    expect([1, 2, 4, 8, 64].map((c) => schedLatencyNs(c) / MS)).toEqual([6, 12, 18, 24, 24]);
  });

  it('runs preemptible work at once for its wake-up lag, then at a fair share of the CPUs', () => {
    const lag = schedLatencyNs(4) / 2 / MS; // 9 ms
    // 12 jobs and the task itself share 4 CPUs.
    expect(latencyMs([100 * MS], 12)).toBeCloseTo(lag + (100 - lag) * (13 / 4), 6);
    // With CPUs to spare nothing is stretched.
    expect(latencyMs([100 * MS], 0)).toBeCloseTo(100, 6);
  });

  it('keeps its CPU through atomic work', () => {
    expect(latencyMs([atomicStep(100 * MS)], 12)).toBeCloseTo(100, 6);
  });

  it('sleeps through I/O waits without sharing, and earns its lag back while asleep', () => {
    const lag = schedLatencyNs(4) / 2 / MS;
    const burst = lag + (30 - lag) * (13 / 4);
    expect(latencyMs([30 * MS, sleepStep(50 * MS), 30 * MS], 12)).toBeCloseTo(burst + 50 + burst, 6);
  });
});
