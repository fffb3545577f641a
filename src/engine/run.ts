/* Placeholder: the run loop lands with the engine. */
import type { RunHooks, RunInput, RunResult } from './result.ts';
import type { PolicyModule } from './policy/sdk.ts';

export function runSimulation(_input: RunInput, _policy: PolicyModule, _hooks: RunHooks = {}): RunResult {
  throw new Error('engine not built yet');
}
