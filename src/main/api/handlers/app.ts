/* app:*: what the about box and the docs links need. */
import { ENGINE_VERSION } from '../../../engine/version.ts';
import { SDK_VERSION } from '../../../engine/policy/manifest.ts';
import { resolveDoc } from '../../server/docs.ts';
import { ApiFailure } from '../errors.ts';
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

  'app:openDocs': async (input, ctx) => {
    const path = resolveDoc(ctx.paths.docsPath, input.name);
    if (!path) throw new ApiFailure('not_found', `there is no docs/${input.name}`);
    if (ctx.mode === 'browser') return { opened: false, path, url: `/docs/${input.name}` };
    return { opened: ctx.host.openDoc ? await ctx.host.openDoc(path) : false, path, url: null };
  },
});
