/*
 * The one adapter between the API and wherever policies come from. Today the
 * built-ins of src/main/plugins/builtin.ts; when the plugin host
 * (src/main/plugins/index.ts: listPlugins, reloadPlugins, describePolicies)
 * is in, only the function the composition root picks changes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import { listPolicies } from '../plugins/builtin.ts';
import type { PluginInfo, PolicyInfo } from '../../shared/types.ts';

export interface PolicyCatalog {
  /** Usable policies: manifests (parameter schemas, presets) and where they came from. No plugin code runs here. */
  policies(): PolicyInfo[];
  /** Every plugin found, broken ones with their error. */
  plugins(): PluginInfo[];
  /** Rescan plugin folders; returns the new plugin list. */
  reload(): Promise<PluginInfo[]>;
}

export function policyInfo(mod: PolicyModule, builtin: boolean): PolicyInfo {
  return { ...mod.manifest, dir: mod.origin?.dir ?? null, builtin };
}

/** `builtinDir`: the plugins/ folder (repository root, or resources/plugins when packaged), for "open folder". */
export function builtinCatalog(builtinDir: string | null): PolicyCatalog {
  const plugins = (): PluginInfo[] =>
    listPolicies().map((m) => {
      const dir = m.origin?.dir ?? (builtinDir ? join(builtinDir, m.manifest.name) : null);
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
    policies: () => listPolicies().map((m) => policyInfo(m, true)),
    plugins,
    // Built-ins are compiled in: nothing to rescan.
    reload: async () => plugins(),
  };
}
