/*
 * The one adapter between the API and the plugin host (src/main/plugins):
 * manifests and plugin status for forms and the plugins page, rescans, and
 * hot-reload notifications. Only manifests are read here; plugin code loads
 * in run workers, never on the thread that serves the API.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { Disposable } from '../runs/index.ts';
import { describePolicies, listPlugins, pluginConfig, reloadPlugins, userPluginsDir, watchPlugins, type PluginSummary } from '../plugins/index.ts';
import type { PluginInfo, PolicyInfo } from '../../shared/types.ts';

export interface PolicyCatalog {
  /** Usable policies: manifests (parameter schemas, presets) and where they came from. */
  policies(): PolicyInfo[];
  /** Every plugin found, broken ones with their error. */
  plugins(): PluginInfo[];
  /** Rescan plugin folders; returns the new plugin list. */
  reload(): Promise<PluginInfo[]>;
  /** Folder user plugins load from, null if none is configured. */
  userDir(): string | null;
  /** Hot reload: `listener` gets the new list after the folders change. */
  watch?(listener: (plugins: PluginInfo[]) => void): Disposable;
}

export function policyInfo(mod: PolicyModule, builtin: boolean): PolicyInfo {
  return { ...mod.manifest, dir: mod.origin?.dir ?? null, builtin };
}

function pluginInfo(p: PluginSummary): PluginInfo {
  const { hash: _hash, ...info } = p;
  return info;
}

export function hostCatalog(): PolicyCatalog {
  const plugins = () => listPlugins().map(pluginInfo);
  return {
    policies() {
      const builtin = new Set(listPlugins().filter((p) => p.builtin).map((p) => p.dir));
      return describePolicies().map((m) => policyInfo(m, builtin.has(m.origin?.dir ?? '')));
    },
    plugins,
    reload: async () => reloadPlugins().map(pluginInfo),
    userDir() {
      const cfg = pluginConfig();
      return cfg.userDir === undefined ? userPluginsDir() : cfg.userDir;
    },
    watch: (listener) => watchPlugins((list) => listener(list.map(pluginInfo))),
  };
}
