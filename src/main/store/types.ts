/*
 * The plain data the store returns. Times are ms since the epoch (wall clock,
 * bookkeeping only; results carry virtual time).
 */
import { RUN_STATUSES, type PolicyRef, type RunInfo, type RunRecordInfo, type RunStatus } from '../../shared/types.ts';

// The store returns the API's shapes (src/shared/types.ts) rather than twins of them.
export { RUN_STATUSES, type PolicyRef, type RunStatus };
/** A run with everything needed to reproduce it. */
export type RunRecord = Omit<RunRecordInfo, 'policyDir'>;

/** A run as lists show it; policyDir is the API's copy of policy.dir. */
export type RunListItem = Omit<RunInfo, 'policyDir'>;

/** A run in one of these states will never change again. */
export const FINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

export interface RunFilter {
  tag?: string;
  policy?: string;
  scenario?: string;
  status?: RunStatus;
  /** Substring of the name or the notes (case-insensitive for ASCII). */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface SnapshotInfo {
  index: number;
  tNs: number;
}
