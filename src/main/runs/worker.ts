/*
 * One run in a worker thread: load the policy's code through the plugin host,
 * simulate with progress and cancel hooks, post the result. Series rows and
 * completed requests go to the parent in batches, at most one message per
 * liveIntervalMs (a big run samples thousands of times a second of wall
 * time; one message each would swamp the parent). Kept small:
 * everything that can outlive a crashed or terminated worker (status,
 * persistence) is the manager's job. Plugin code runs here and only here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { RequestRecord, RunHooks, RunInput, RunProgress, RunResult, SampleRow } from '../../engine/result.ts';
import { describeRunError } from '../plugins/run-error.ts';
import { policyRef } from '../store/policy-ref.ts';
import { loadPolicy } from './policy-lookup.ts';
import type { RunWorkerData, WorkerMessage } from './protocol.ts';

interface RunnerModule {
  runSimulation(input: RunInput, policy: PolicyModule, hooks?: RunHooks): RunResult;
  resolvePolicy?(name: string): PolicyModule;
}

const data = workerData as RunWorkerData;
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const runner: RunnerModule = data.runnerModule ? await import(data.runnerModule) : await import('../../engine/run.ts');
const cancel = new Int32Array(data.cancelFlag);

let policy: PolicyModule | null = null;
try {
  policy = runner.resolvePolicy ? runner.resolvePolicy(data.input.policy) : await loadPolicy(data.input.policy);
  let last = -Infinity;
  let phase: RunProgress['phase'] | null = null;
  const live = data.liveIntervalMs === undefined ? null : liveBatcher(data.liveIntervalMs);
  const hooks: RunHooks = {
    onProgress(p) {
      phase = p.phase;
      live?.tick();
      const now = performance.now();
      if (now - last < data.progressIntervalMs) return;
      last = now;
      post({ type: 'progress', progress: { ...p } });
    },
    shouldCancel: () => Atomics.load(cancel, 0) !== 0,
  };
  if (live) {
    hooks.onRequest = live.onRequest;
    hooks.onSample = (row) => {
      // Samples come from the main phase only. The engine reports progress every few thousand events, so say
      // the phase changed now: otherwise the live charts would fill under a "baseline" label until the next report.
      if (phase !== 'main') {
        phase = 'main';
        last = performance.now();
        const totalNs = data.input.scenario.durationS * 1e9;
        post({ type: 'progress', progress: { virtualNs: row.tNs, totalNs, fraction: 0, events: 0, phase: 'main' } });
      }
      live.onSample(row);
    };
  }
  const result = runner.runSimulation(data.input, policy!, hooks);
  // The last batch goes before the result, so the parent has every row and request when the run completes.
  live?.flush();
  // Snapshots are the bulk of the result: move their buffers instead of copying (each buffer once).
  const buffers = new Set<ArrayBuffer>();
  for (const s of result.snapshots) if (s.data.buffer instanceof ArrayBuffer) buffers.add(s.data.buffer);
  post({ type: 'result', result, policy: policyRef(policy!) }, [...buffers]);
} catch (err) {
  if (err instanceof Error && err.name === 'RunCancelled') post({ type: 'cancelled' });
  else post({ type: 'error', ...describeRunError(err, policy) });
}

/** Rows and requests collected between two 'live' messages; the engine hands over fresh objects it never touches again. */
function liveBatcher(intervalMs: number) {
  let lastPost = -Infinity;
  let rows: SampleRow[] = [];
  let requests: RequestRecord[] = [];
  const flush = (now = performance.now()): void => {
    lastPost = now;
    if (!rows.length && !requests.length) return;
    post({ type: 'live', rows, requests });
    rows = [];
    requests = [];
  };
  const tick = (): void => {
    const now = performance.now();
    if (now - lastPost >= intervalMs) flush(now);
  };
  return {
    onSample(row: SampleRow): void {
      rows.push(row);
      tick();
    },
    onRequest(r: RequestRecord): void {
      requests.push(r);
      tick();
    },
    tick,
    flush,
  };
}
