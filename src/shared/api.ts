/*
 * The workbench API as one typed map: `namespace:method` -> input schema and
 * output type (GitHub Desktop's ipc-shared.ts habit, with AFFiNE's
 * namespaced handler map behind it). Main implements exactly these keys
 * (src/main/api), the transports (Electron IPC, HTTP + WebSocket) dispatch by
 * key, and the renderer's client derives its types from here. Adding a
 * method = one entry here + one handler; tsc then points at everything else.
 *
 * Every call answers an ApiResponse envelope: handlers validate, catch, and
 * never throw into a transport. Errors are structured and readable:
 * {code, message, fieldErrors?}.
 */
import type { z } from 'zod';
import type { ApiEvent } from './events.ts';
import { Inputs } from './schemas.ts';
import type {
  AppInfo,
  CompareResult,
  CsvExportResult,
  ExportResult,
  ImportResult,
  LiveSnapshot,
  PluginInfo,
  PolicyInfo,
  RunDetail,
  RunFacets,
  RunInfo,
  RunProgressEvent,
  Scenario,
  SnapshotData,
  TraceImport,
  StartResult,
  ValidateResult,
  FieldError,
} from './types.ts';

/** An input schema with the output type carried alongside (types only, nothing at run time). */
interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: never read; only `typeof` of it matters. */
  readonly output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

export const API = {
  /** Built-in scenarios, full objects (title, description, source, machine, workloads). */
  'scenarios:list': method<Scenario[]>()(Inputs.none),
  /**
   * Read a cma tracepoint trace into replay workloads; with `scenario`, also that scenario with its
   * contiguous clients replaced by them (renamed NAME-custom). Errors name the bad line.
   */
  'scenarios:importTrace': method<{ trace: TraceImport; scenario: Scenario | null }>()(Inputs.importTrace),
  /** Policies with their parameter schemas and presets (what the experiment form is built from). */
  'policies:list': method<PolicyInfo[]>()(Inputs.none),
  /** Every plugin the host found, with status or error. */
  'plugins:list': method<PluginInfo[]>()(Inputs.none),
  /** Rescan the plugin folders; returns the new list. */
  'plugins:reload': method<PluginInfo[]>()(Inputs.none),
  /** Electron: open the user plugin folder (or one plugin's) in the file manager. Browser mode: returns the path, opened false. */
  'plugins:openFolder': method<{ path: string; opened: boolean }>()(Inputs.openPluginFolder),

  /** Check a RunConfig without starting anything; every problem comes back with its field path. Never an error for a bad config. */
  'config:validate': method<ValidateResult>()(Inputs.validate),

  /** Validate and queue policies × sweep values × seeds; an invalid config is an `invalid_input` error with fieldErrors. */
  'runs:start': method<StartResult>()(Inputs.start),
  /** Stop a queued or running run. `cancelled` is false if it had already finished. */
  'runs:cancel': method<{ cancelled: boolean }>()(Inputs.runId),
  /**
   * The runs of this process's session, for a page reloaded or reconnected: queued ones in order, running ones
   * with their latest progress, and finished ones (oldest first) until dismissed.
   */
  'runs:active': method<{ queued: number[]; running: RunProgressEvent[]; finished: number[] }>()(Inputs.none),
  /** Take finished runs off the session's list (the live page's dismiss); queued, running and unknown ids are left alone. */
  'runs:dismiss': method<{ dismissed: number[] }>()(Inputs.runIds),
  /** What a running run has streamed so far (for a page that subscribes to `runs:live` mid-run); empty and active false otherwise. */
  'runs:liveSnapshot': method<LiveSnapshot>()(Inputs.runId),
  /** Distinct scenario names, policy names and tags of the stored runs, sorted: the history filter's options. */
  'runs:facets': method<RunFacets>()(Inputs.none),
  /** Stored runs, newest first; `total` counts every match before limit/offset. */
  'runs:list': method<{ runs: RunInfo[]; total: number }>()(Inputs.list),
  /** One run: inputs, summary, requests, series, map meta and snapshot times. */
  'runs:get': method<RunDetail>()(Inputs.runId),
  /** One memory-map snapshot by index. */
  'runs:snapshot': method<SnapshotData>()(Inputs.snapshot),
  'runs:tag': method<{ runs: { id: number; tags: string[] }[] }>()(Inputs.tags),
  'runs:untag': method<{ runs: { id: number; tags: string[] }[] }>()(Inputs.tags),
  'runs:note': method<{ id: number; notes: string }>()(Inputs.note),
  /** Delete finished runs (queued/running ones are refused: cancel first). */
  'runs:delete': method<{ deleted: number[] }>()(Inputs.runIds),
  /** Queue a new run with the stored inputs of a run. */
  'runs:rerun': method<{ id: number }>()(Inputs.runId),
  /** Archive file (.cmawb) of finished runs. */
  'runs:export': method<ExportResult>()(Inputs.export),
  /** Add the runs of an archive file; runs already present (same uuid) are skipped. */
  'runs:import': method<ImportResult>()(Inputs.import),
  /** requests.csv, series.csv and summary.json of one completed run. */
  'runs:exportCsv': method<CsvExportResult>()(Inputs.exportCsv),
  /** 2..20 runs: summaries, latency CDFs, the config fields that differ, seed groups with mean and 95 % CI. */
  'runs:compare': method<CompareResult>()(Inputs.compare),

  'app:info': method<AppInfo>()(Inputs.none),
  /** Electron: open an https link from the allowlist in the system browser. Browser mode: opened false (use a normal link). */
  'app:openExternal': method<{ opened: boolean }>()(Inputs.openExternal),
  /**
   * Open one of the repository's docs (docs/<name>). Electron: with the system's viewer for markdown.
   * Browser mode: opened false and the URL the server shows it at (/docs/<name>).
   */
  'app:openDocs': method<{ opened: boolean; path: string; url: string | null }>()(Inputs.openDocs),
} as const;

export type Api = typeof API;
export type ApiMethod = keyof Api;
export type ApiNamespace = ApiMethod extends `${infer N}:${string}` ? N : never;
/** What the caller passes (defaults not applied yet). */
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>;
/** What the handler receives (after parsing: defaults applied). */
export type ApiParsedInput<M extends ApiMethod> = z.output<Api[M]['input']>;
export type ApiOutput<M extends ApiMethod> = NonNullable<Api[M]['output']>;

export const API_METHODS = Object.keys(API) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API, name);
}

export { API_EVENTS, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, isApiEvent, type ApiEvent, type ApiEvents } from './events.ts';

export const API_ERROR_CODES = [
  /** The input does not match the method's schema, or a RunConfig does not validate; see fieldErrors. */
  'invalid_input',
  'unknown_method',
  /** No run with that id (or no snapshot with that index). */
  'not_found',
  /** The run's state forbids it (delete a running run, export an unfinished one). */
  'conflict',
  /** An archive file that cannot be read or is not ours. */
  'bad_archive',
  /** Not possible in this mode (a file path in browser mode). */
  'unsupported',
  /** Transport: missing or wrong token. */
  'unauthorized',
  /** Transport: the server or main process could not be reached. */
  'unavailable',
  /** A bug; the message says what failed. */
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  /** One readable sentence, fit to show as is. */
  message: string;
  fieldErrors?: FieldError[];
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Wire form of a call over WebSocket (HTTP uses POST /api/<method> with the input as body). */
export interface WireCall {
  type: 'call';
  /** Echoed in the reply. */
  seq: number;
  method: string;
  input?: unknown;
}
export type WireServerMessage =
  | { type: 'reply'; seq: number; response: ApiResponse<unknown> }
  | { type: 'event'; event: ApiEvent; payload: unknown };
