/*
 * The plain data the API returns. Main, preload, renderer and CLI meet here
 * (style.md "In this project" 7), so nothing in this folder imports src/main,
 * Node or Electron. Engine result types are re-exported from the pure engine
 * core (src/engine imports neither Node nor a database) so the renderer has
 * one place to import from. The store returns these shapes as they are: the
 * handlers pass store records through, and tsc checks they still match.
 */
import type { PolicyManifest } from '../engine/policy/manifest.ts';
import type {
  BlockingPfn,
  LatencyStats,
  MemoryMapMeta,
  ParamValue,
  Params,
  RequestLatency,
  RequestRecord,
  RunOptions,
  RunSummary,
  SampleRow,
  SeriesSet,
} from '../engine/result.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { LiveData } from './live.ts';

export type {
  BlockingPfn,
  LatencyStats,
  MemoryMapMeta,
  ParamValue,
  Params,
  PolicyManifest,
  RequestLatency,
  RequestRecord,
  RunOptions,
  RunSummary,
  SampleRow,
  Scenario,
  SeriesSet,
};
export type { ParamSpec, PolicyPreset, NumberParamSpec, BooleanParamSpec, EnumParamSpec } from '../engine/policy/manifest.ts';
export type { Machine, Workload } from '../engine/scenario/schema.ts';
export type { TraceImport } from '../engine/scenario/cma-ftrace.ts';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Which policy code a run used: name, version and a content hash. */
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

/** One run as the history table shows it. Times are wall-clock ms since the epoch (bookkeeping only). */
export interface RunInfo {
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
  /**
   * Plugin folder the policy was loaded from (same as policy.dir); null for
   * runs stored before it was recorded. Always set by this build's API;
   * optional so older callers and fixtures still type-check.
   */
  policyDir?: string | null;
  params: Params;
  seed: number;
  engineVersion: string | null;
  resultHash: string | null;
  /** Present once the run completed. */
  summary: RunSummary | null;
  error: { message: string; stack: string | null } | null;
  tags: string[];
  notes: string;
}

/** A run with the inputs needed to reproduce it. */
export interface RunRecordInfo extends RunInfo {
  scenario: Scenario;
  options: RunOptions | null;
}

/** What the stored runs hold, distinct and sorted (`runs:facets`): the history filter offers these. */
export interface RunFacets {
  scenarios: string[];
  policies: string[];
  tags: string[];
}

export interface SnapshotTime {
  index: number;
  tNs: number;
}

/** A policy as the experiment form needs it: the manifest (parameter schema, presets) and where it came from. */
export interface PolicyInfo extends PolicyManifest {
  /** Folder the plugin was loaded from; null for a built-in compiled into the app. */
  dir: string | null;
  builtin: boolean;
}

export type PluginStatus = 'loaded' | 'error' | 'disabled';

/** A plugin the host found, loaded or not. */
export interface PluginInfo {
  name: string;
  version: string | null;
  /** SDK semver range the plugin declares. */
  sdk: string | null;
  dir: string | null;
  builtin: boolean;
  status: PluginStatus;
  /** Why it did not load (status 'error'). */
  error: string | null;
}

/** Live progress of a running run (`runs:progress` event, `runs:active`). */
export interface RunProgressEvent {
  runId: number;
  status: 'running';
  phase: 'baseline' | 'main';
  /** Of the whole run, 0..1. */
  fraction: number;
  eventsPerS: number;
  /** Wall seconds left; null until there is enough progress to extrapolate. */
  etaS: number | null;
  elapsedS: number;
  virtualNs: number;
  totalNs: number;
  events: number;
}

/** A batch of a running run's series rows and completed requests (`runs:live` event), main phase only, in order. */
export interface RunLiveEvent {
  id: number;
  rows: SampleRow[];
  requests: RequestRecord[];
}

/** What a running run has streamed so far (`runs:liveSnapshot`), bounded: see src/shared/live.ts. */
export interface LiveSnapshot extends LiveData {
  id: number;
  /** false once the run has ended (the archive has its full series and requests) or before it starts: rows and requests are empty then. */
  active: boolean;
}

/** Every state change of a run (`runs:status` event). */
export interface RunStatusEvent {
  runId: number;
  status: RunStatus;
  error?: { message: string; stack: string | null };
}

export interface FieldError {
  /** Dotted path into the input, e.g. "config.policies.1.params.ratio" or "config.overrides.machine.memMiB". */
  path: string;
  message: string;
}

/** One run a RunConfig expands to (policies × sweep values × seeds). */
export interface PlannedRun {
  /** Row label: the policy, plus "key=value" for a sweep row. */
  label: string;
  policy: string;
  /** Fully resolved: defaults, then preset, then given values. */
  params: Params;
  seed: number;
}

export interface ValidateResult {
  ok: boolean;
  errors: FieldError[];
  /** The runs `runs:start` would queue (empty when there are errors). */
  runs: PlannedRun[];
  /** The scenario after overrides (null when it does not validate). */
  scenario: Scenario | null;
}

export interface StartResult {
  runIds: number[];
  runs: (PlannedRun & { id: number })[];
}

export interface RunDetail {
  run: RunRecordInfo;
  /** Contiguous requests in completion order (empty unless completed). */
  requests: RequestRecord[];
  series: SeriesSet | null;
  map: MemoryMapMeta | null;
  /** Times of the stored memory-map snapshots; fetch each with runs:snapshot. */
  snapshots: SnapshotTime[];
  /** Latest progress while the run is running in this process. */
  progress: RunProgressEvent | null;
}

/**
 * One memory-map snapshot. `data` is the little-endian bytes of a Uint16Array,
 * base64: data[pb * kinds.length + k] = pages of kind k in pageblock pb.
 * decodeSnapshotData() in src/shared/snapshot.ts turns it back into the array.
 */
export interface SnapshotData {
  runId: number;
  index: number;
  tNs: number;
  encoding: 'u16le-base64';
  data: string;
}

export type ExportResult =
  /** Written on this machine (Electron, CLI). */
  | { kind: 'file'; path: string; runs: number; bytes: number }
  /** Browser mode: the file's bytes for the browser to download. */
  | { kind: 'download'; fileName: string; base64: string; runs: number; bytes: number }
  /** Electron: the user closed the save dialog. */
  | { kind: 'cancelled' };

export type CsvExportResult =
  | { kind: 'files'; dir: string; paths: string[] }
  | { kind: 'download'; files: { name: string; text: string }[] }
  | { kind: 'cancelled' };

export interface ImportResult {
  imported: { id: number; uuid: string; name: string }[];
  skipped: { existingId: number; uuid: string; name: string }[];
}

export interface MetricStats {
  mean: number | null;
  /** Half-width of the 95 % interval (Student's t); null below two runs. */
  ci95: number | null;
  n: number;
}

/** Latency CDF of one run's successful requests: x in µs, y the fraction of successful requests at or below x. */
export interface CdfSeries {
  runId: number;
  /** Ascending latency, µs. */
  x: number[];
  /** 0..1, non-decreasing. */
  y: number[];
  succeeded: number;
  failed: number;
}

/** A configuration field that differs between the compared runs. */
export interface ConfigDiffRow {
  /** e.g. "policy", "params.ratio", "seed", "scenario.machine.memMiB". */
  path: string;
  /** One value per run, in the order of `runs`; undefined where a run lacks the field. */
  values: (ParamValue | null | undefined)[];
  /** On a replayed trace's requests row: per run, which trace (null where the run has none there). */
  traces?: (TraceIdentity | null)[];
}

/** A replayed trace told apart from others in a comparison: its file, request count and content hash. */
export interface TraceIdentity {
  /** The file it was imported from; absent when imported without a name. */
  from?: string;
  count: number;
  /** FNV-1a of the requests: two traces with one file name still differ. */
  hash: string;
}

/** Runs whose configuration differs only by seed. */
export interface SeedGroup {
  label: string;
  policy: string;
  params: Params;
  runIds: number[];
  seeds: number[];
  /** Metric name -> mean and 95 % interval over the group's completed runs (names as in `metrics`). */
  stats: Record<string, MetricStats>;
}

export interface CompareResult {
  runs: RunInfo[];
  /**
   * Metric names in display order (successRate, latencyMeanUs, latencyP50Us, latencyP99Us, latencyMaxUs, boundMeanUs,
   * boundMaxUs, boundViolations, failed, slowdown, regionUtilisation, refaults, swapIo); each group's stats has these,
   * plus "failures.<reason>" for every failure reason seen.
   */
  metrics: string[];
  cdf: CdfSeries[];
  configDiff: ConfigDiffRow[];
  groups: SeedGroup[];
}

export interface AppInfo {
  name: string;
  version: string;
  engineVersion: string;
  sdkVersion: string;
  mode: 'electron' | 'browser';
  dbPath: string;
  /** Folder of the user documentation (docs/ in a checkout, resources/docs when packaged). */
  docsPath: string;
  /** Folder user plugins load from. */
  pluginsPath: string | null;
  platform: string;
}
