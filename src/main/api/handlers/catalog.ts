/* scenarios:*, policies:*, plugins:*: what the experiment form and the plugin page are built from. */
import { SCENARIOS } from '../../../engine/scenario/library.ts';
import { ApiFailure } from '../errors.ts';
import { defineHandlers } from '../handler.ts';

export const catalogHandlers = defineHandlers({
  'scenarios:list': () => SCENARIOS,

  'policies:list': (_input, ctx) => ctx.catalog.policies(),

  'plugins:list': (_input, ctx) => ctx.catalog.plugins(),

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
