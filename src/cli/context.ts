/*
 * What a CLI command may touch: output, the scenario and policy catalog, the
 * simulation runner and the archive. Everything is injected so tests drive
 * commands with fakes; main.ts fills in the real ones lazily.
 */
import type { RunHooks, RunInput, RunResult } from '../engine/result.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { PolicyModule } from '../engine/policy/sdk.ts';

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

export interface Catalog {
  scenarios(): Scenario[];
  findScenario(name: string): Scenario | undefined;
  policies(): PolicyModule[];
  findPolicy(name: string): PolicyModule | undefined;
}

export type Runner = (input: RunInput, policy: PolicyModule, hooks?: RunHooks) => RunResult;

/** Store a finished run in the archive; returns the run id. */
export type Saver = (input: RunInput, policy: PolicyModule, result: RunResult, dbPath: string | undefined) => Promise<number>;

export interface CliContext {
  out: Out;
  /** null: no progress at all (tests, or not wanted). */
  progress: ProgressSink | null;
  catalog: Catalog;
  runner: Runner;
  save: Saver;
  readFile(path: string): string;
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
