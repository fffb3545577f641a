/*
 * The plain data the store returns. Times are ms since the epoch (wall clock,
 * bookkeeping only; results carry virtual time).
 */
import type { Params, RunOptions, RunSummary } from '../../engine/result.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A run in one of these states will never change again. */
export const FINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

export interface PolicyRef {
  name: string;
  version: string;
  /** Plugin content hash (origin.hash) or, for a module without origin, sha256 of its manifest. */
  hash: string;
  /**
   * Folder the plugin host loaded the policy from (origin.dir); null for a
   * module without an origin and for runs stored or archived before it was
   * recorded. Where the code was, not what it was: the hash says that.
   */
  dir?: string | null;
}

export interface RunListItem {
  id: number;
  /** Stable across export/import; import skips a uuid already present. */
  uuid: string;
  name: string;
  status: RunStatus;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  lastSeen: number | null;
  scenarioName: string;
  policy: PolicyRef;
  params: Params;
  seed: number;
  engineVersion: string | null;
  resultHash: string | null;
  summary: RunSummary | null;
  error: { message: string; stack: string | null } | null;
  tags: string[];
  notes: string;
}

/** One run with everything needed to reproduce it. */
export interface RunRecord extends RunListItem {
  scenario: Scenario;
  options: RunOptions | null;
}

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
