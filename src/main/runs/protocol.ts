/* Messages between the run manager and a run's worker thread. */
import type { RunInput, RunProgress, RunResult } from '../../engine/result.ts';
import type { PolicyRef } from '../store/types.ts';

export interface RunWorkerData {
  input: RunInput;
  /** Int32 flag: non-zero asks the run to stop (hooks.shouldCancel). */
  cancelFlag: SharedArrayBuffer;
  progressIntervalMs: number;
  /**
   * Module URL exporting `runSimulation` (and optionally `resolvePolicy`)
   * instead of the engine's; only tests and tools set it.
   */
  runnerModule?: string;
}

export type WorkerMessage =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'result'; result: RunResult; policy: PolicyRef }
  | { type: 'cancelled' }
  | { type: 'error'; message: string; stack: string | null };
