/* scenarios:*, policies:*, plugins:*: what the experiment form and the plugin page are built from. */
import { basename } from 'node:path';
import { SCENARIOS } from '../../../engine/scenario/library.ts';
import { parseCmaTrace, TraceError } from '../../../engine/scenario/cma-ftrace.ts';
import { withContigTrace } from '../../../engine/scenario/with-trace.ts';
import { parseScenario } from '../../../engine/scenario/schema.ts';
import { ApiFailure } from '../errors.ts';
import { defineHandlers } from '../handler.ts';

/** How long a plugin or policy list waits for a running load check. */
export const LIST_WAIT_MS = 10_000;

export const catalogHandlers = defineHandlers({
  'scenarios:list': () => SCENARIOS,

  'scenarios:importTrace': (input) => {
    let trace;
    try {
      trace = parseCmaTrace(input.text, { area: input.area, startAtS: input.startAtS });
    } catch (e) {
      if (e instanceof TraceError) throw new ApiFailure('invalid_input', e.message, [{ path: 'text', message: e.message }]);
      throw e;
    }
    if (input.scenario === undefined) return { trace, scenario: null };
    const label = input.fileName ? basename(input.fileName) : 'upload';
    return { trace, scenario: withContigTrace(parseScenario(input.scenario), trace.workloads, { label, startAtS: input.startAtS }) };
  },

  // Plugins that fail to load are neither offered nor shown as loaded: the lists wait for the load
  // check (it runs once per plugin version). A plugin that hangs its check does not hang the page:
  // after LIST_WAIT_MS the lists go out as known, and `plugins:changed` follows when the check ends.
  'policies:list': async (_input, ctx) => {
    await ctx.catalog.checked?.(LIST_WAIT_MS);
    return ctx.catalog.policies();
  },

  'plugins:list': async (_input, ctx) => {
    await ctx.catalog.checked?.(LIST_WAIT_MS);
    return ctx.catalog.plugins();
  },

  'plugins:reload': async (_input, ctx) => {
    const list = await ctx.catalog.reload();
    ctx.emit('plugins:changed', list);
    return list;
  },

  'plugins:openFolder': async (input, ctx) => {
    let path = ctx.paths.pluginsPath;
    if (input?.name !== undefined) {
      const plugin = ctx.catalog.plugins().find((p) => p.name === input.name);
      if (!plugin) throw new ApiFailure('not_found', `no plugin named "${input.name}"`);
      path = plugin.dir;
    }
    if (!path) throw new ApiFailure('not_found', input?.name ? `plugin "${input.name}" has no folder on disk` : 'there is no user plugin folder yet');
    const opened = ctx.host.openPath ? await ctx.host.openPath(path) : false;
    return { path, opened };
  },
});
