/*
 * What a run produces. RunSummary is the `cmawb run --json` contract; the rest
 * (requests, series, snapshots) is what the archive stores and the UI draws.
 * Plain data only: everything here must survive structuredClone and JSON.
 */
import type { Scenario } from './scenario/schema.ts';

export type ParamValue = number | boolean | string;
export type Params = Record<string, ParamValue>;

export interface RunInput {
  scenario: Scenario;
  policy: string;
  params: Params;
  seed: number;
  options?: RunOptions;
}

export interface RunOptions {
  /** Also run the scenario without contiguous clients to measure background slowdown (default true). */
  baseline?: boolean;
  /** Run the debug invariant checker after every event (slow; tests on small machines). */
  checkInvariants?: boolean;
  /** Keep per-request records, series and snapshots (default true). */
  detail?: boolean;
}

export interface LatencyStats {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * Latency of a run's successful requests (as bySize and the CDF count them): every field null
 * when none succeeded. Before engine 0.14.0 failed requests were included (each the time until
 * the call returned) and a run without requests gave 0s.
 */
export type RequestLatency = { [K in keyof LatencyStats]: number | null };

/** Latency of one request size. */
export interface SizeStats {
  count: number;
  failed: number;
  /**
   * Successful requests only (as the RFC's evaluation module reports them): null when none of the
   * size succeeded (0 before engine 0.10.0); minUs is absent in runs archived before engine 0.5.0.
   */
  minUs?: number | null;
  meanUs: number | null;
  maxUs: number | null;
}

/** What a traced kernel measured for the requests a run replays. */
export interface ObservedRequests {
  /** Traced requests with a start and a finish event. */
  count: number;
  failed: number;
  latencyUs: LatencyStats;
}

/** A slow request as the summary names it. */
export interface SlowRequest {
  id: number;
  pages: number;
  latencyUs: number;
  ok: boolean;
  reason: string | null;
  /** Pages that failed it or made it wait, by cause ("waited for writeback", a pin's name, ...). */
  causes: Record<string, number>;
}

export interface RunSummary {
  scenario: string;
  policy: string;
  policyVersion: string;
  params: Params;
  seed: number;
  engineVersion: string;
  resultHash: string;
  requests: {
    count: number;
    succeeded: number;
    failed: number;
    latencyUs: RequestLatency;
    /** Per request size: latency of successful requests (the RFC v2 table's rows). */
    bySize: Record<string, SizeStats>;
    /** GCMA-style policies: the computed worst case beside the actual; null elsewhere. */
    boundUs: { mean: number; max: number; violations: number } | null;
    /** The slowest requests (up to 3) and what held them up: blocking pfns counted by cause. Absent before engine 0.5.0. */
    slowest?: SlowRequest[];
    /** A replayed trace's requests as the traced kernel timed them (cmawb trace import); absent otherwise. */
    observed?: ObservedRequests;
  };
  failures: Record<string, number>;
  vmstat: Record<string, number>;
  background: {
    /** Virtual seconds until every finite background workload finished (null if none finished). */
    completionS: number | null;
    baselineS: number | null;
    slowdown: number | null;
    perWorkload: Record<string, number | null>;
  };
  region: {
    pages: number;
    /** Mean fraction of the region holding useful data (device buffers, borrowed pages, stored copies). */
    meanUtilisation: number;
  };
  virtualS: number;
  events: number;
}

export interface BlockingPfn {
  pfn: number;
  cause: string;
}

export interface RequestRecord {
  id: number;
  client: string;
  pages: number;
  startNs: number;
  endNs: number;
  latencyNs: number;
  ok: boolean;
  reason: string | null;
  startPfn: number;
  migrated: number;
  dropped: number;
  written: number;
  retries: number;
  candidates: number;
  boundNs: number | null;
  deadlineMissed: boolean;
  /** Failed requests: the pfns that refused to move and why. Successful ones: what delayed them (blockers of earlier candidates, long sync waits). At most 16. */
  blocking: BlockingPfn[];
}

export interface SeriesSet {
  intervalNs: number;
  /** Sample times in ns. */
  t: number[];
  /** Named columns, each the same length as t. */
  columns: Record<string, number[]>;
}

/**
 * Pageblock-granular content counts: data[pb * kinds.length + k] = pages of kind k. With
 * MemoryMapMeta.migratetypes, the counts are followed by one entry per pageblock: the index
 * of its migratetype in that list (engine 0.12.0 on).
 */
export interface MapSnapshot {
  tNs: number;
  data: Uint16Array;
}

export interface MemoryMapMeta {
  pageblockPages: number;
  pageblocks: number;
  regionStartPfn: number;
  regionPages: number;
  kinds: readonly string[];
  /** Names of the migratetypes each snapshot ends with, one per pageblock; absent before engine 0.12.0. */
  migratetypes?: readonly string[];
}

export interface RunResult {
  summary: RunSummary;
  requests: RequestRecord[];
  series: SeriesSet;
  map: MemoryMapMeta;
  snapshots: MapSnapshot[];
}

export interface RunProgress {
  virtualNs: number;
  /** The scenario's virtual-time limit; runs usually end earlier, when every finite workload is done. */
  totalNs: number;
  /** Estimated share of this phase done: the larger of virtual time over the limit and the slowest finite workload's progress. */
  fraction: number;
  events: number;
  phase: 'baseline' | 'main';
}

/** One row of the sampled series, as it is taken (main phase only). */
export interface SampleRow {
  tNs: number;
  values: Record<string, number>;
}

export interface RunHooks {
  onProgress?: (p: RunProgress) => void;
  /** Each series sample as it is taken, for live charts. */
  onSample?: (row: SampleRow) => void;
  /** Each contiguous request as it completes. */
  onRequest?: (r: RequestRecord) => void;
  shouldCancel?: () => boolean;
}

export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelled';
  }
}
