/*
 * A stored run as the API hands it out: the store's record plus the fields
 * the API adds at the top level for the views (policyDir). Additive only, so
 * a renderer that does not know a field simply ignores it.
 */
import type { RunListItem } from '../store/types.ts';

export function runInfo<T extends RunListItem>(run: T): T & { policyDir: string | null } {
  return { ...run, policyDir: run.policy.dir ?? null };
}
