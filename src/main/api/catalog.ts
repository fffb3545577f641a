/*
 * The one adapter between the API and wherever policies come from. Today the
 * built-ins statically imported by src/main/plugins/builtin.ts; when the
 * plugin host (src/main/plugins, another issue) exports listPlugins and
 * reloadPlugins, only builtinCatalog() below is replaced.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import { findPolicy, listPolicies } from '../plugins/builtin.ts';
import type { PluginInfo, PolicyInfo } from '../../shared/types.ts';

export interface PolicyCatalog {
  policies(): PolicyModule[];
  find(name: string): PolicyModule | undefined;
  plugins(): PluginInfo[];
  /** Rescan plugin folders; returns the new plugin list. */
  reload(): Promise<PluginInfo[]>;
}

export function policyInfo(mod: PolicyModule): PolicyInfo {
  return { ...mod.manifest, dir: mod.origin?.dir ?? null, builtin: !mod.origin };
}

/** `builtinDir`: the plugins/ folder (repository root, or resources/plugins when packaged), for "open folder". */
export function builtinCatalog(builtinDir: string | null): PolicyCatalog {
  const plugins = (): PluginInfo[] =>
    listPolicies().map((m) => {
      const dir = builtinDir ? join(builtinDir, m.manifest.name) : null;
      return {
        name: m.manifest.name,
        version: m.manifest.version,
        sdk: m.manifest.sdk,
        dir: dir && existsSync(dir) ? dir : null,
        builtin: true,
        status: 'loaded',
        error: null,
      };
    });
  return {
    policies: listPolicies,
    find: findPolicy,
    plugins,
    // Built-ins are compiled in: nothing to rescan until the plugin host lands.
    reload: async () => plugins(),
  };
}
