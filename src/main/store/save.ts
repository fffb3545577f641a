/*
 * Save a run that finished outside the run manager (tools and tests that
 * simulate in-process; the app and the CLI's `run` and `compare` go through
 * the run manager, which stores its runs itself).
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { RunInput, RunResult } from '../../engine/result.ts';
import { policyRef } from './policy-ref.ts';
import { defaultRunName } from './run-name.ts';
import type { RunStore } from './run-store.ts';
import type { WorkbenchStore } from './workbench-store.ts';

export interface SaveOptions {
  name?: string;
  tags?: readonly string[];
  notes?: string;
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
      name: opts.name ?? defaultRunName(input, policy.manifest),
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
