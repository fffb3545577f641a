/* app:*: what the about box and the docs links need. */
import { ENGINE_VERSION } from '../../../engine/version.ts';
import { SDK_VERSION } from '../../../engine/policy/manifest.ts';
import { defineHandlers } from '../handler.ts';

export const appHandlers = defineHandlers({
  'app:info': (_input, ctx) => ({
    name: 'CMA Workbench',
    version: ctx.appVersion,
    engineVersion: ENGINE_VERSION,
    sdkVersion: SDK_VERSION,
    mode: ctx.mode,
    dbPath: ctx.paths.dbPath,
    docsPath: ctx.paths.docsPath,
    pluginsPath: ctx.paths.pluginsPath,
    platform: process.platform,
  }),

  // The shell's security module vets the URL; browser mode has no shell, the page opens links itself.
  'app:openExternal': async (input, ctx) => ({ opened: ctx.host.openExternal ? await ctx.host.openExternal(input.url) : false }),
});
