/* Messages between the run manager and a run's worker thread. */
import type { RequestRecord, RunInput, RunProgress, RunResult, SampleRow } from '../../engine/result.ts';
import type { PolicyRef } from '../store/types.ts';

export interface RunWorkerData {
  input: RunInput;
  /** Int32 flag: non-zero asks the run to stop (hooks.shouldCancel). */
  cancelFlag: SharedArrayBuffer;
  progressIntervalMs: number;
  /**
   * Minimum wall ms between batches of live data (series rows and completed
   * requests); absent: the worker does not stream them.
   */
  liveIntervalMs?: number;
  /**
   * Module URL exporting `runSimulation` (and optionally `resolvePolicy`)
   * instead of the engine's; only tests and tools set it.
   */
  runnerModule?: string;
}

export type WorkerMessage =
  | { type: 'progress'; progress: RunProgress }
  /** Rows and requests since the previous batch, in the order the engine produced them (main phase only). */
  | { type: 'live'; rows: SampleRow[]; requests: RequestRecord[] }
  | { type: 'result'; result: RunResult; policy: PolicyRef }
  | { type: 'cancelled' }
  | { type: 'error'; message: string; stack: string | null };
