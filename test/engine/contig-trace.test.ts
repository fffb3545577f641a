/* Replaying a traced request sequence: timing, the caller blocking, buffer lifetimes, the traced kernel's own numbers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { parseCmaTrace } from '../../src/engine/scenario/cma-ftrace.ts';
import { withContigTrace } from '../../src/engine/scenario/with-trace.ts';
import type { ScenarioInput } from '../../src/engine/scenario/schema.ts';
import { run, tinyScenario } from './helpers.ts';

type TraceReq = { atMs: number; pages: number; holdMs?: number | null; observedUs?: number; observedOk?: boolean };

/** A 64 MiB machine with a 16 MiB (4,096-page) area and nothing else running but the trace. */
function replay(requests: TraceReq[], policy = 'carveout', extra: ScenarioInput['workloads'] = []) {
  const scenario = tinyScenario({
    name: 'replay',
    machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 16, pageblockOrder: 9, kernelReservedMiB: 0 },
    durationS: 30,
    sampleIntervalMs: 1000,
    workloads: [{ kind: 'contigTrace', name: 'cam', requests, startAtS: 2 }, ...extra],
  });
  return runSimulation({ scenario, policy, params: {}, seed: 1, options: { baseline: false } }, findPolicy(policy)!);
}

describe('trace replay', () => {
  it('issues each request at its traced time after startAtS', () => {
    const r = replay([
      { atMs: 0, pages: 64, holdMs: 10 },
      { atMs: 250, pages: 128, holdMs: 10 },
      { atMs: 1000.5, pages: 32, holdMs: 10 },
    ]);
    expect(r.requests.map((q) => q.startNs)).toEqual([2e9, 2.25e9, 3.0005e9]);
    expect(r.requests.map((q) => q.pages)).toEqual([64, 128, 32]);
    expect(r.requests.every((q) => q.ok && q.client === 'cam')).toBe(true);
  });

  it('makes a request wait while the one before it is still running (cma_alloc blocks its caller)', () => {
    // Legacy CMA on a loaded machine takes longer than 1 µs for 1,024 pages.
    const bg = tinyScenario().workloads.filter((w) => w.kind !== 'contig');
    const r = replay([{ atMs: 0, pages: 1024, holdMs: 1 }, { atMs: 0.001, pages: 16, holdMs: 1 }], 'legacy-cma', bg);
    const [a, b] = r.requests;
    expect(a!.latencyNs).toBeGreaterThan(1000);
    expect(b!.startNs).toBe(a!.endNs);
  });

  it('holds a buffer for its traced lifetime, and to the end of the run when the trace never released it', () => {
    const later = { atMs: 5000, pages: 3000, holdMs: 10 };
    // 3,000 + 3,000 pages do not fit the 4,096-page area together.
    const released = replay([{ atMs: 0, pages: 3000, holdMs: 1000 }, later]);
    expect(released.requests.map((q) => q.ok)).toEqual([true, true]);
    const kept = replay([{ atMs: 0, pages: 3000, holdMs: null }, later]);
    expect(kept.requests.map((q) => q.ok)).toEqual([true, false]);
  });

  it('puts the traced kernel\'s latencies beside the simulated ones, and only for a trace', () => {
    const r = replay([
      { atMs: 0, pages: 64, holdMs: 10, observedUs: 100, observedOk: true },
      { atMs: 100, pages: 64, holdMs: 10, observedUs: 3000, observedOk: false },
      { atMs: 200, pages: 64, holdMs: 10 },
    ]);
    expect(r.summary.requests.observed).toEqual({ count: 2, failed: 1, latencyUs: expect.objectContaining({ mean: 1550, max: 3000 }) });
    expect(run(tinyScenario(), 'carveout').summary.requests.observed).toBeUndefined();
  });

  it('is left out of the baseline run, so the background slowdown is measured against the load alone', () => {
    const t = parseCmaTrace(readFileSync(new URL('../fixtures/traces/camera-v6.txt', import.meta.url), 'utf8'));
    const scenario = withContigTrace(tinyScenario(), t.workloads, { label: 'camera-v6.txt' });
    const r = runSimulation({ scenario, policy: 'legacy-cma', params: {}, seed: 1 }, findPolicy('legacy-cma')!);
    expect(r.summary.background.baselineS).not.toBeNull();
    expect(r.summary.requests.count).toBe(5);
  });
});

describe('a scenario with its contiguous clients replaced by a trace', () => {
  const t = parseCmaTrace(readFileSync(new URL('../fixtures/traces/camera-v6.txt', import.meta.url), 'utf8'));

  it('keeps the machine and the background load, starts the trace where the first client started, and is renamed', () => {
    const base = tinyScenario();
    const s = withContigTrace(base, t.workloads, { label: 'camera-v6.txt' });
    expect(s.machine).toEqual(base.machine);
    expect(s.workloads.map((w) => w.kind)).toEqual(['kbuild', 'slab', 'contigTrace', 'contigTrace', 'contigTrace']);
    expect(s.workloads.filter((w) => w.kind === 'contigTrace').every((w) => w.startAtS === 0.5)).toBe(true);
    expect(s.name).toBe('tiny-custom');
    expect(s.title).toBe('tiny (contig clients: trace camera-v6.txt)');
  });

  it('lengthens the run to reach the last traced request and honours an explicit start', () => {
    const s = withContigTrace(tinyScenario({ durationS: 2 }), t.workloads, { label: 'x', startAtS: 10 });
    expect(s.workloads.find((w) => w.kind === 'contigTrace')!.startAtS).toBe(10);
    expect(s.durationS).toBe(15); // the last request at 10 s + 3.3 s, plus a second, rounded up
  });

  it('is deterministic', () => {
    const s = withContigTrace(tinyScenario(), t.workloads, { label: 'x' });
    expect(run(s, 'legacy-cma', {}, 3).summary.resultHash).toBe(run(s, 'legacy-cma', {}, 3).summary.resultHash);
  });
});
