/*
 * The run manager: a queue of runs executed in worker threads, at most
 * `poolSize` at once, persisted through the store at every state change.
 * Each run gets a fresh worker: a worker that was terminated (watchdog,
 * forced cancel) or died of its heap limit cannot be reused, and a fresh heap
 * means one policy's leaks or globals never leak into the next run.
 *
 * Live data: a worker streams its series rows and completed requests in
 * batches; the manager re-emits them (onLive) and keeps a bounded buffer per
 * running run (src/shared/live.ts), so a page that subscribes mid-run can
 * fetch what it missed (liveData). The buffer goes when the run ends: the
 * archive has everything then.
 *
 * Session: the manager also remembers the runs it finished (until the live
 * page dismisses them), so with the queue and the running ones it can say
 * which runs this process ran, and a page reloaded or opened later shows the
 * same list.
 *
 * Failure containment: a worker's exception, crash, out-of-memory death or
 * hang ends that run as failed (with the reason); nothing a worker does can
 * throw out of the manager, and the other runs keep going.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { RequestRecord, RunInput, RunResult, SampleRow } from '../../engine/result.ts';
import { parseScenario } from '../../engine/scenario/schema.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { LiveBuffer, type LiveData } from '../../shared/live.ts';
import { policyRef } from '../store/policy-ref.ts';
import { defaultRunName } from '../store/run-name.ts';
import type { RunStore } from '../store/run-store.ts';
import type { PolicyRef, RunRecord, RunStatus } from '../store/types.ts';
import { Emitter, type Disposable } from './events.ts';
import { lookupPolicy } from './policy-lookup.ts';
import { ProgressTracker, type RunProgressInfo } from './progress.ts';
import type { RunWorkerData, WorkerMessage } from './protocol.ts';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export interface RunManagerOptions {
  store: RunStore;
  /** Concurrent runs; default max(1, cores - 1) so the UI/CLI thread keeps a core. */
  poolSize?: number;
  /** Wall-clock limit per run in seconds (0 = none); default 3600. */
  watchdogS?: number;
  /** Heap limit of each worker (V8 old generation), MB; default 4096. Page arrays are typed arrays outside this heap. */
  maxOldGenerationSizeMb?: number;
  /** Minimum wall ms between progress messages from a worker; default 250. */
  progressIntervalMs?: number;
  /** Minimum wall ms between batches of live data (series rows, completed requests) from a worker; default 250. null: workers send none (the CLI). */
  liveIntervalMs?: number | null;
  /** Live buffer of each running run: rows kept (thinned beyond this) and newest requests kept; defaults in src/shared/live.ts. */
  liveMaxRows?: number;
  liveMaxRequests?: number;
  /** How often queued/running runs refresh last_seen in the store; default 5000 ms. */
  heartbeatMs?: number;
  /** After cancel, how long a worker may ignore the flag before it is terminated; default 5000 ms. */
  cancelGraceMs?: number;
  /** Module exporting runSimulation (and optionally resolvePolicy) for the workers; default the engine. */
  runnerModule?: string | URL;
  /** Policy lookup on this thread (for the run record); must agree with the worker's. */
  resolvePolicy?: (name: string) => PolicyModule;
  /** Where internal problems go (a listener threw, the store refused a write). */
  log?: (message: string) => void;
}

export interface SubmitOptions {
  name?: string;
  tags?: readonly string[];
  notes?: string;
}

export interface RunStatusEvent {
  runId: number;
  status: RunStatus;
  error?: { message: string; stack: string | null };
}

/** A batch of a running run's live data, in the order the engine produced it. */
export interface RunLiveEvent {
  runId: number;
  rows: SampleRow[];
  requests: RequestRecord[];
}

export interface RunOutcome {
  runId: number;
  status: Extract<RunStatus, 'completed' | 'failed' | 'cancelled' | 'interrupted'>;
  resultHash: string | null;
  error: { message: string; stack: string | null } | null;
}

type FinalStatus = RunOutcome['status'];

interface Job {
  id: number;
  input: RunInput;
  cancel: Int32Array<SharedArrayBuffer>;
  worker: Worker | null;
  tracker: ProgressTracker | null;
  lastProgress: RunProgressInfo | null;
  live: LiveBuffer | null;
  lastBeat: number;
  /** Set before terminate(): what the worker's exit means. */
  killReason: { status: FinalStatus; message: string } | null;
  timers: NodeJS.Timeout[];
  settled: boolean;
  done: Promise<RunOutcome>;
  resolve: (o: RunOutcome) => void;
}

/** Finished runs remembered for the session at most (the oldest go first). */
const SESSION_FINISHED_MAX = 1000;

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

export class RunManager {
  private readonly store: RunStore;
  private readonly poolSize: number;
  private readonly watchdogS: number;
  private readonly heapMb: number;
  private readonly progressIntervalMs: number;
  private readonly liveIntervalMs: number | null;
  private readonly liveMaxRows: number | undefined;
  private readonly liveMaxRequests: number | undefined;
  private readonly heartbeatMs: number;
  private readonly cancelGraceMs: number;
  private readonly runnerModule: string | undefined;
  private readonly resolvePolicy: (name: string) => PolicyModule;
  private readonly log: (message: string) => void;

  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private readonly jobs = new Map<number, Job>();
  /** Runs this manager finished, in the order they finished, until dismissed. */
  private finishedIds: number[] = [];
  private heartbeat: NodeJS.Timeout | null = null;
  private disposed = false;

  private readonly progressEmitter = new Emitter<RunProgressInfo>();
  private readonly statusEmitter = new Emitter<RunStatusEvent>();
  private readonly liveEmitter = new Emitter<RunLiveEvent>();
  /** Progress of running runs, throttled by the worker. */
  readonly onProgress = this.progressEmitter.event;
  /** Every state change: queued, running, and the final one. */
  readonly onStatus = this.statusEmitter.event;
  /** Series rows and completed requests of running runs (main phase), batched by the worker. */
  readonly onLive = this.liveEmitter.event;

  constructor(opts: RunManagerOptions) {
    this.store = opts.store;
    this.poolSize = Math.max(1, Math.floor(opts.poolSize ?? defaultPoolSize()));
    this.watchdogS = opts.watchdogS ?? 3600;
    this.heapMb = opts.maxOldGenerationSizeMb ?? 4096;
    this.progressIntervalMs = opts.progressIntervalMs ?? 250;
    this.liveIntervalMs = opts.liveIntervalMs === undefined ? 250 : opts.liveIntervalMs;
    this.liveMaxRows = opts.liveMaxRows;
    this.liveMaxRequests = opts.liveMaxRequests;
    this.heartbeatMs = opts.heartbeatMs ?? 5000;
    this.cancelGraceMs = opts.cancelGraceMs ?? 5000;
    this.runnerModule = opts.runnerModule === undefined ? undefined : String(opts.runnerModule);
    this.resolvePolicy = opts.resolvePolicy ?? lookupPolicy;
    this.log = opts.log ?? ((m) => console.error(`run manager: ${m}`));
  }

  /** Queue a run; returns its id at once. Throws only for an unknown policy or after dispose(). */
  submit(input: RunInput, opts: SubmitOptions = {}): number {
    if (this.disposed) throw new Error('run manager is shut down');
    const module = this.resolvePolicy(input.policy);
    const policy: PolicyRef = policyRef(module);
    const id = this.store.create({
      name: opts.name ?? defaultRunName(input, module.manifest),
      scenario: input.scenario,
      policy,
      params: input.params,
      seed: input.seed,
      options: input.options ?? null,
      // Recorded now, not only from the summary: a run that fails or is cancelled still says which engine it was for.
      engineVersion: ENGINE_VERSION,
      tags: opts.tags,
      notes: opts.notes,
    });
    let resolve!: (o: RunOutcome) => void;
    const done = new Promise<RunOutcome>((r) => (resolve = r));
    const job: Job = {
      id,
      input,
      cancel: new Int32Array(new SharedArrayBuffer(4)),
      worker: null,
      tracker: null,
      lastProgress: null,
      live: null,
      lastBeat: 0,
      killReason: null,
      timers: [],
      settled: false,
      done,
      resolve,
    };
    this.jobs.set(id, job);
    this.queue.push(job);
    this.emitStatus({ runId: id, status: 'queued' });
    this.ensureHeartbeat();
    this.pump();
    return id;
  }

  /** Queue a new run with the stored inputs of run `id` (scenario, policy name, params, seed, options). */
  rerun(id: number, opts: SubmitOptions = {}): number {
    const run = this.store.mustGet(id);
    return this.submit(storedRunInput(run), { name: opts.name ?? `${run.name} (rerun of ${id})`, tags: opts.tags, notes: opts.notes });
  }

  /** Resolves when the run reaches a final state. */
  wait(id: number): Promise<RunOutcome> {
    const job = this.jobs.get(id);
    if (job) return job.done;
    // Not ours (finished earlier, or another process's): report what the store says if it is final.
    const run = this.store.mustGet(id);
    if (run.status === 'queued' || run.status === 'running') {
      return Promise.reject(new Error(`run ${id} is ${run.status} in another process; this manager cannot wait for it`));
    }
    return Promise.resolve({ runId: id, status: run.status, resultHash: run.resultHash, error: run.error });
  }

  /** Ask a run to stop. Queued: cancelled at once. Running: the engine stops at its next check, or the worker is terminated after the grace period. */
  cancel(id: number): boolean {
    const job = this.jobs.get(id);
    if (!job || job.settled) return false;
    const q = this.queue.indexOf(job);
    if (q >= 0) {
      this.queue.splice(q, 1);
      this.settle(job, 'cancelled', null);
      return true;
    }
    Atomics.store(job.cancel, 0, 1);
    job.timers.push(setTimeout(() => this.kill(job, 'cancelled', `cancelled (worker did not stop within ${this.cancelGraceMs} ms)`), this.cancelGraceMs));
    return true;
  }

  progress(id: number): RunProgressInfo | null {
    return this.jobs.get(id)?.lastProgress ?? null;
  }

  /** What a running run has streamed so far (bounded, see src/shared/live.ts); null once it has ended or before it starts. */
  liveData(id: number): LiveData | null {
    return this.jobs.get(id)?.live?.data() ?? null;
  }

  active(): { queued: number[]; running: number[] } {
    return { queued: this.queue.map((j) => j.id), running: [...this.running.keys()] };
  }

  /** Runs this manager finished and that were not dismissed, oldest first: with active(), the runs of this session. */
  finished(): number[] {
    return [...this.finishedIds].sort((a, b) => a - b);
  }

  /** Take finished runs off the session's list (the live page dismissed them); queued, running and unknown ids are ignored. Returns the ids taken off. */
  dismiss(ids: readonly number[]): number[] {
    const drop = new Set(ids);
    const gone = this.finishedIds.filter((id) => drop.has(id));
    if (gone.length) this.finishedIds = this.finishedIds.filter((id) => !drop.has(id));
    return gone.sort((a, b) => a - b);
  }

  /** Stop everything: queued runs are cancelled, running ones terminated and marked interrupted. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) this.settle(job, 'cancelled', { message: 'cancelled: the run manager shut down', stack: null });
    const pending = [...this.running.values()];
    for (const job of pending) this.kill(job, 'interrupted', 'interrupted: the run manager shut down');
    await Promise.all(pending.map((j) => j.done));
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.progressEmitter.clear();
    this.statusEmitter.clear();
    this.liveEmitter.clear();
  }

  // ---- internals ----

  private pump(): void {
    while (!this.disposed && this.running.size < this.poolSize && this.queue.length) this.start(this.queue.shift()!);
  }

  private start(job: Job): void {
    try {
      this.store.markRunning(job.id);
    } catch (err) {
      this.settle(job, 'failed', asError(err, 'could not mark the run running'));
      return;
    }
    this.running.set(job.id, job);
    const now = Date.now();
    job.lastBeat = now;
    job.tracker = new ProgressTracker(job.id, job.input.options?.baseline === false ? 1 : 2, now);
    if (this.liveIntervalMs !== null) job.live = new LiveBuffer(this.liveMaxRows, this.liveMaxRequests);
    this.emitStatus({ runId: job.id, status: 'running' });
    const data: RunWorkerData = {
      input: job.input,
      cancelFlag: job.cancel.buffer,
      progressIntervalMs: this.progressIntervalMs,
      ...(this.liveIntervalMs !== null ? { liveIntervalMs: this.liveIntervalMs } : {}),
      ...(this.runnerModule ? { runnerModule: this.runnerModule } : {}),
    };
    let worker: Worker;
    try {
      worker = new Worker(BOOTSTRAP, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    } catch (err) {
      this.settle(job, 'failed', asError(err, 'could not start a worker'));
      return;
    }
    job.worker = worker;
    if (this.watchdogS > 0) {
      job.timers.push(setTimeout(() => this.kill(job, 'failed', `watchdog timeout after ${this.watchdogS} s`), this.watchdogS * 1000));
    }
    worker.on('message', (m: WorkerMessage) => this.onMessage(job, m));
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.settle(job, 'failed', {
          message: `the run ran out of memory: its worker exceeded the ${this.heapMb} MB heap limit (maxOldGenerationSizeMb)`,
          stack: err.stack ?? null,
        });
      } else {
        this.settle(job, 'failed', { message: err.message || String(err), stack: err.stack ?? null });
      }
    });
    worker.on('exit', (code) => {
      if (job.killReason) this.settle(job, job.killReason.status, { message: job.killReason.message, stack: null });
      else this.settle(job, 'failed', { message: `worker exited unexpectedly (exit code ${code}) before reporting a result`, stack: null });
    });
  }

  private onMessage(job: Job, m: WorkerMessage): void {
    if (job.settled) return;
    switch (m.type) {
      case 'progress': {
        const now = Date.now();
        const info = job.tracker!.update(m.progress, now);
        job.lastProgress = info;
        if (now - job.lastBeat >= 1000) this.beat([job.id], now);
        this.progressEmitter.fire(info, (e) => this.log(`progress listener threw: ${String(e)}`));
        return;
      }
      case 'live':
        job.live?.push(m.rows, m.requests);
        this.liveEmitter.fire({ runId: job.id, rows: m.rows, requests: m.requests }, (e) => this.log(`live listener threw: ${String(e)}`));
        return;
      case 'result':
        this.finishWithResult(job, m.result, m.policy);
        return;
      case 'cancelled':
        this.settle(job, 'cancelled', null);
        return;
      case 'error':
        this.settle(job, 'failed', { message: m.message, stack: m.stack });
        return;
    }
  }

  private finishWithResult(job: Job, result: RunResult, policy: PolicyRef): void {
    try {
      this.store.complete(job.id, result, policy);
    } catch (err) {
      this.settle(job, 'failed', asError(err, 'the run finished but its result could not be saved'));
      return;
    }
    this.settle(job, 'completed', null, result.summary.resultHash, true);
  }

  /** Terminate a worker; its exit settles the job with this reason. */
  private kill(job: Job, status: FinalStatus, message: string): void {
    if (job.settled || job.killReason) return;
    job.killReason = { status, message };
    if (job.worker) void job.worker.terminate();
    else this.settle(job, status, { message, stack: null });
  }

  /** The single place a job ends: persist, clean up, notify, start the next. Runs once per job. */
  private settle(
    job: Job,
    status: FinalStatus,
    error: { message: string; stack: string | null } | null,
    resultHash: string | null = null,
    persisted = false,
  ): void {
    if (job.settled) return;
    job.settled = true;
    for (const t of job.timers) clearTimeout(t);
    if (job.worker) {
      // Whatever the worker still does (timers a plugin left behind) no longer matters.
      const w = job.worker;
      w.removeAllListeners('message');
      w.on('error', () => {});
      void w.terminate();
    }
    if (!persisted) {
      try {
        if (status === 'completed') throw new Error('completed without a result');
        this.store.finish(job.id, status, error?.message ?? null, error?.stack ?? null);
      } catch (err) {
        this.log(`could not record run ${job.id} as ${status}: ${String(err)}`);
      }
    }
    this.running.delete(job.id);
    this.jobs.delete(job.id);
    job.live = null;
    this.finishedIds.push(job.id);
    if (this.finishedIds.length > SESSION_FINISHED_MAX) this.finishedIds.shift();
    this.emitStatus({ runId: job.id, status, ...(error ? { error } : {}) });
    job.resolve({ runId: job.id, status, resultHash, error });
    if (!this.running.size && !this.queue.length && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
    this.pump();
  }

  private ensureHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => this.beat([...this.queue.map((j) => j.id), ...this.running.keys()], Date.now()), this.heartbeatMs);
    // A heartbeat alone must not keep a CLI process alive.
    this.heartbeat.unref();
  }

  private beat(ids: number[], now: number): void {
    if (!ids.length) return;
    try {
      this.store.heartbeat(ids, now);
      for (const id of ids) {
        const j = this.jobs.get(id);
        if (j) j.lastBeat = now;
      }
    } catch (err) {
      this.log(`heartbeat failed: ${String(err)}`);
    }
  }

  private emitStatus(e: RunStatusEvent): void {
    this.statusEmitter.fire(e, (err) => this.log(`status listener threw: ${String(err)}`));
  }
}

function asError(err: unknown, context: string): { message: string; stack: string | null } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { message: `${context}: ${e.message}`, stack: e.stack ?? null };
}

/** The inputs a stored run ran with, to run it again (re-validated: the run may come from an archive of another version). */
export function storedRunInput(run: Pick<RunRecord, 'scenario' | 'policy' | 'params' | 'seed' | 'options'>): RunInput {
  return {
    scenario: parseScenario(run.scenario),
    policy: run.policy.name,
    params: run.params,
    seed: run.seed,
    ...(run.options ? { options: run.options } : {}),
  };
}
