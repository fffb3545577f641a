/*
 * Save a run that finished outside the run manager (tools and tests that
 * simulate in-process; the app and the CLI's `run` and `compare` go through
 * the run manager, which stores its runs itself).
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { RunInput, RunResult } from '../../engine/result.ts';
import { policyRef } from './policy-ref.ts';
import type { RunStore } from './run-store.ts';
import type { WorkbenchStore } from './workbench-store.ts';

export interface SaveOptions {
  name?: string;
  tags?: readonly string[];
  notes?: string;
}

/** A run's default name: "<scenario> / <policy> seed <seed>" ("#" is for run ids). */
export function runName(scenario: string, policy: string, seed: number): string {
  return `${scenario} / ${policy} seed ${seed}`;
}

export function defaultRunName(input: RunInput): string {
  return runName(input.scenario.name, input.policy, input.seed);
}

/** Insert the run and all its data in one transaction; returns the new run id. */
export function saveCompletedRun(
  store: RunStore | WorkbenchStore,
  input: RunInput,
  policy: PolicyModule,
  result: RunResult,
  opts: SaveOptions = {},
): number {
  const runs = 'runs' in store ? store.runs : store;
  return runs.insertCompleted(
    {
      name: opts.name ?? defaultRunName(input),
      scenario: input.scenario,
      policy: policyRef(policy),
      params: input.params,
      seed: input.seed,
      options: input.options ?? null,
      tags: opts.tags,
      notes: opts.notes,
    },
    result,
  );
}
