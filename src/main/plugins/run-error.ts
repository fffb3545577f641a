/*
 * Blame for a failed run: when the error's stack passes through the plugin's
 * own files, the run's message names the plugin and the line, so the user
 * knows the policy (not the engine) threw. The stack is kept whole either way.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import { displayPath } from './paths.ts';
import { PluginError } from './problems.ts';
import { pluginFrame } from './stack.ts';

export function describeRunError(err: unknown, policy: PolicyModule | null): { message: string; stack: string | null } {
  const e = err instanceof Error ? err : new Error(String(err));
  const stack = e.stack ?? null;
  // A plugin that failed to load already says which plugin and where.
  if (e instanceof PluginError || !policy?.origin) return { message: e.message, stack };
  const at = pluginFrame(stack ?? undefined, policy.origin.dir);
  if (!at) return { message: e.message, stack };
  const { name, version } = policy.manifest;
  return { message: `plugin ${name} ${version} threw: ${errorText(e)} (at ${displayPath(at.file)}:${at.line}:${at.column})`, stack };
}

/** The error's message, with its class when that says more than "Error" (TypeError, RangeError...). */
export function errorText(e: Error): string {
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
}
