/*
 * What a CLI command may touch: output, the scenario and policy catalog, the
 * runs service (the run manager and the archive it writes to) and Ctrl-C.
 * Everything is injected so tests drive commands with fakes; main.ts fills in
 * the real ones lazily.
 */
import type { RunInput, RunSummary } from '../engine/result.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { PolicyModule } from '../engine/policy/sdk.ts';
import type { Disposable, RunOutcome, RunProgressInfo, RunStatusEvent } from '../main/runs/index.ts';

/** Line-oriented output; each call is one line (no trailing newline). */
export interface Out {
  log(line: string): void;
  error(line: string): void;
}

/** Where progress goes: a terminal gets a redrawn line, anything else occasional plain lines. */
export interface ProgressSink {
  isTTY: boolean;
  /** Raw write, no newline added (the TTY line is redrawn with \r). */
  write(text: string): void;
}

/**
 * Scenarios and policies for planning. Policies are manifests and origins
 * only: their code is loaded in run workers, never in the CLI's thread.
 */
export interface Catalog {
  scenarios(): Scenario[];
  findScenario(name: string): Scenario | undefined;
  policies(): PolicyModule[];
  findPolicy(name: string): PolicyModule | undefined;
}

/** How the runs of one command are executed and kept. */
export interface RunServiceOptions {
  /** Store the runs in the archive; false: a throwaway store, nothing reaches the archive. */
  save: boolean;
  /** Archive database (`--db`); undefined: $CMAWB_DB, else the user data folder. */
  db: string | undefined;
  /** Watchdog per run, wall-clock seconds (0: none). */
  timeoutS: number;
  /** Runs at once (worker pool size); undefined: the run manager's default (cores - 1, at least 1). */
  jobs: number | undefined;
}

/**
 * The part of the run manager (src/main/runs) a command drives, plus reading
 * a finished run back. The real one runs every simulation in a worker thread;
 * tests inject a fake, or the real one over a fake runner module.
 */
export interface RunService {
  /** Runs at once. */
  readonly poolSize: number;
  /** Queue a run; returns its id (an archive id when saving). */
  submit(input: RunInput): number;
  wait(id: number): Promise<RunOutcome>;
  cancel(id: number): boolean;
  onProgress(listener: (p: RunProgressInfo) => void): Disposable;
  onStatus(listener: (e: RunStatusEvent) => void): Disposable;
  /** The summary of a completed run (without saving, the throwaway copy is dropped once read). */
  summary(id: number): RunSummary;
  /** Stop: running runs are interrupted, queued ones cancelled; the store is closed. Safe to call twice. */
  close(): Promise<void>;
}

export type OpenRuns = (opts: RunServiceOptions) => Promise<RunService>;

export interface CliContext {
  out: Out;
  /** null: no progress at all (tests, or not wanted). */
  progress: ProgressSink | null;
  catalog: Catalog;
  openRuns: OpenRuns;
  /** Ctrl-C or SIGTERM while runs are going: call `listener` with the signal instead of dying (the real one listens for SIGINT and SIGTERM). */
  onInterrupt(listener: (signal: InterruptSignal) => void): Disposable;
  readFile(path: string): string;
  /** The file's bytes (a trace may be UTF-16); unset: readFile's text. */
  readBytes?(path: string): Uint8Array;
  /** Wall clock in ms, only for progress rates and ETA (never enters results). */
  clock(): number;
}

/** Bad flags or values: a one-line message and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The shell's exit code for a command ended by `signal`: 128 + its number. */
export const SIGNAL_EXIT: Readonly<Record<InterruptSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** How the message names the signal: "cancelled (Ctrl-C)", "cancelled (SIGTERM)". */
export const SIGNAL_WORDS: Readonly<Record<InterruptSignal, string>> = { SIGINT: 'Ctrl-C', SIGTERM: 'SIGTERM' };

/** The user stopped the command (Ctrl-C, or SIGTERM): a one-line message and exit code 130 (143 for SIGTERM). */
export class InterruptedError extends Error {
  constructor(
    message: string,
    readonly signal: InterruptSignal = 'SIGINT',
  ) {
    super(message);
    this.name = 'InterruptedError';
  }

  get exitCode(): number {
    return SIGNAL_EXIT[this.signal];
  }
}

/** Ctrl-C and SIGTERM: while a listener is registered the process does not die of them; the command decides (its runs end cancelled). */
export function onSignal(listener: (signal: InterruptSignal) => void): Disposable {
  const int = () => listener('SIGINT');
  const term = () => listener('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return {
    dispose: () => {
      process.removeListener('SIGINT', int);
      process.removeListener('SIGTERM', term);
    },
  };
}
