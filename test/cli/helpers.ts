/*
 * Fakes for CLI tests: a tiny scenario, two policies, a runner that makes
 * summaries up from its input, and a fake run manager that runs it in this
 * thread with the real manager's events (tests of the real manager path use
 * openManagerRuns with a fake runner module instead).
 */
import { parseScenario, type Scenario } from '../../src/engine/scenario/schema.ts';
import type { PolicyManifest } from '../../src/engine/policy/manifest.ts';
import type { Policy, PolicyModule } from '../../src/engine/policy/sdk.ts';
import type { RunHooks, RunInput, RunResult, RunSummary } from '../../src/engine/result.ts';
import type { CliContext, OpenRuns, Out, RunServiceOptions } from '../../src/cli/context.ts';
import { Emitter, ProgressTracker, type RunOutcome, type RunProgressInfo, type RunStatusEvent } from '../../src/main/runs/index.ts';

export const TINY: Scenario = parseScenario({
  name: 'tiny',
  title: 'A tiny test machine',
  machine: { platform: 'rpi2', memMiB: 64, regionMiB: 8 },
  durationS: 10,
  workloads: [{ kind: 'contig', sizes: [1, 16], count: 2, intervalMs: 100, holdMs: 10 }],
});

export const TINY_JSON = {
  name: 'tiny',
  machine: { platform: 'rpi2', memMiB: 64, regionMiB: 8 },
  durationS: 10,
  workloads: [{ kind: 'contig', sizes: [1, 16], count: 2, intervalMs: 100, holdMs: 10 }],
};

class NoPolicy implements Policy {
  setup(): void {}
  *allocContig(): Generator<number, boolean, void> {
    return false;
  }
  releaseContig(): void {}
}

export function fakeModule(manifest: PolicyManifest): PolicyModule {
  return { manifest, policy: NoPolicy };
}

export const CARVEOUT = fakeModule({
  name: 'carveout',
  version: '1.0.0',
  description: 'static reservation',
  sdk: '^1.0.0',
  params: [],
});

export const GCMA = fakeModule({
  name: 'gcma',
  version: '1.2.0',
  description: 'guaranteed CMA',
  sdk: '^1.0.0',
  params: [
    { key: 'ratio', type: 'number', default: 0.5, min: 0, max: 1, description: 'cleancache share' },
    { key: 'batch', type: 'integer', default: 32, min: 1, max: 1024, description: 'eviction batch', unit: 'pages' },
    { key: 'writeThrough', type: 'boolean', default: true, description: 'frontswap write-through' },
  ],
  presets: [
    { name: 'android', models: 'Android 2025 GCMA (cleancache only)', values: { ratio: 1 } },
    { name: 'rfc-v2', models: 'GCMA RFC v2 (2015), write-through frontswap', values: { ratio: 0.5, batch: 32 } },
  ],
});

export function summary(over: Partial<RunSummary> & { seed?: number } = {}): RunSummary {
  return {
    scenario: 'tiny',
    policy: 'gcma',
    policyVersion: '1.2.0',
    params: {},
    seed: 1,
    engineVersion: 'test',
    resultHash: 'abc',
    requests: {
      count: 10,
      succeeded: 9,
      failed: 1,
      latencyUs: { mean: 100, p50: 80, p90: 150, p99: 300, max: 400 },
      bySize: { '1': { count: 5, failed: 0, minUs: 10, meanUs: 20, maxUs: 40 }, '16': { count: 5, failed: 1, minUs: 90, meanUs: 180, maxUs: 400 } },
      boundUs: null,
      slowest: [
        { id: 7, pages: 16, latencyUs: 400, ok: true, reason: null, causes: { 'waited for writeback': 2 } },
        { id: 3, pages: 16, latencyUs: 310, ok: false, reason: '-EBUSY: short-term GUP pin', causes: { 'short-term GUP pin': 1 } },
      ],
    },
    failures: { '-EBUSY: short-term GUP pin': 1 },
    vmstat: { workingset_refault: 12, pswpin: 3, pswpout: 4, pgmigrate_success: 100 },
    background: { completionS: 10.3, baselineS: 10, slowdown: 1.03, perWorkload: { device: null } },
    region: { pages: 2048, meanUtilisation: 0.4 },
    virtualS: 10.3,
    events: 12345,
    ...over,
  };
}

/** Latency grows with the seed and with gcma's ratio, so rows and seeds differ predictably. */
export type FakeRunner = (input: RunInput, policy: PolicyModule, hooks?: RunHooks) => RunResult;

export function fakeRunner(calls: RunInput[] = []): FakeRunner {
  return (input: RunInput, _policy: PolicyModule, hooks?: RunHooks): RunResult => {
    calls.push(input);
    hooks?.onProgress?.({ virtualNs: 5e9, totalNs: 10e9, fraction: 5e9 / 10e9, events: 100, phase: 'main' });
    const ratio = typeof input.params['ratio'] === 'number' ? input.params['ratio'] : 0;
    const mean = 100 * input.seed + 1000 * ratio;
    const s = summary({
      policy: input.policy,
      params: input.params,
      seed: input.seed,
      requests: {
        ...summary().requests,
        latencyUs: { mean, p50: mean, p90: mean, p99: mean * 2, max: mean * 3 },
        boundUs: input.policy === 'gcma' ? { mean: 2 * mean, max: 5 * mean, violations: 0 } : null,
      },
      background: { ...summary().background, baselineS: input.options?.baseline === false ? null : 10 },
    });
    return {
      summary: s,
      requests: [],
      series: { intervalNs: 1e9, t: [], columns: {} },
      map: { pageblockPages: 512, pageblocks: 0, regionStartPfn: 0, regionPages: 0, kinds: [] },
      snapshots: [],
    };
  };
}

export interface Captured {
  out: Out;
  stdout: string[];
  stderr: string[];
}

export function capture(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: { log: (l) => stdout.push(l), error: (l) => stderr.push(l) }, stdout, stderr };
}

export interface FakeRunsOptions {
  /** Id of the first run submitted (default 42). */
  firstId?: number;
  /** Every RunServiceOptions the command opened the service with. */
  opened?: RunServiceOptions[];
}

/**
 * A fake run manager: each submitted run is simulated by `runner` in this
 * thread on a later tick, with queued/running/final status events and the
 * runner's progress as the manager would report it. A runner that throws
 * fails the run with its message; cancel() ends a run that has not started.
 */
export function fakeRuns(runner: FakeRunner = fakeRunner(), opts: FakeRunsOptions = {}): OpenRuns {
  let nextId = opts.firstId ?? 42;
  return async (o) => {
    opts.opened?.push(o);
    const progress = new Emitter<RunProgressInfo>();
    const status = new Emitter<RunStatusEvent>();
    const outcomes = new Map<number, Promise<RunOutcome>>();
    const summaries = new Map<number, RunSummary>();
    const cancelled: number[] = [];
    const end = (id: number, s: RunOutcome['status'], error: RunOutcome['error'] = null): RunOutcome => {
      status.fire({ runId: id, status: s, ...(error ? { error } : {}) });
      return { runId: id, status: s, resultHash: s === 'completed' ? summaries.get(id)!.resultHash : null, error };
    };
    return {
      poolSize: o.jobs ?? 2,
      submit(input) {
        const id = nextId++;
        status.fire({ runId: id, status: 'queued' });
        outcomes.set(
          id,
          new Promise<RunOutcome>((resolve) =>
            setImmediate(() => {
              if (cancelled.includes(id)) return resolve(end(id, 'cancelled'));
              status.fire({ runId: id, status: 'running' });
              const tracker = new ProgressTracker(id, input.options?.baseline === false ? 1 : 2, Date.now());
              try {
                const r = runner(input, fakeModule({ name: input.policy, version: '0.0.0', description: '', sdk: '^1.0.0', params: [] }), {
                  onProgress: (p) => progress.fire(tracker.update(p, Date.now())),
                });
                summaries.set(id, r.summary);
                resolve(end(id, 'completed'));
              } catch (e) {
                resolve(end(id, 'failed', { message: e instanceof Error ? e.message : String(e), stack: null }));
              }
            }),
          ),
        );
        return id;
      },
      wait: (id) => outcomes.get(id)!,
      cancel(id) {
        cancelled.push(id);
        return true;
      },
      onProgress: progress.event,
      onStatus: status.event,
      summary(id) {
        const s = summaries.get(id);
        if (!s) throw new Error(`fake: run ${id} has no summary`);
        return s;
      },
      close: async () => {},
    };
  };
}

/** A full fake context; `files` backs readFile, `runner` is run by a fake manager (unless `openRuns` is given). */
export function fakeContext(c: Captured, over: Partial<CliContext> & { files?: Record<string, string>; runner?: FakeRunner } = {}): CliContext {
  const { files = {}, runner, ...rest } = over;
  const scenarios = [TINY];
  const policies = [CARVEOUT, GCMA];
  return {
    out: c.out,
    progress: null,
    catalog: {
      scenarios: () => scenarios,
      findScenario: (n) => scenarios.find((s) => s.name === n),
      policies: () => policies,
      findPolicy: (n) => policies.find((p) => p.manifest.name === n),
    },
    openRuns: fakeRuns(runner),
    onInterrupt: () => ({ dispose() {} }),
    readFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return files[p]!;
    },
    clock: () => 0,
    ...rest,
  };
}
