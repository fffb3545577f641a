/* config:validate: every problem of a RunConfig with its field path, before anything starts. */
import { validateRunConfig, type RunConfigCatalog } from '../../../shared/run-config.ts';
import { SCENARIOS } from '../../../engine/scenario/library.ts';
import type { ApiContext } from '../context.ts';
import { defineHandlers } from '../handler.ts';

export function runConfigCatalog(ctx: ApiContext): RunConfigCatalog {
  return {
    scenarios: () => SCENARIOS,
    policies: () => ctx.catalog.policies(),
    unavailable: (name) => ctx.catalog.plugins().find((p) => p.name === name && p.status !== 'loaded')?.error?.split('\n')[0] ?? undefined,
  };
}

export const configHandlers = defineHandlers({
  'config:validate': async (input, ctx) => {
    // A policy whose code cannot load is refused here, with its error, not when its run starts.
    await ctx.catalog.checked?.();
    return validateRunConfig(input.config, runConfigCatalog(ctx));
  },
});
