/*
 * The plugin host's public face for the rest of main and the CLI. Reading
 * manifests is safe on any thread; loading code (loadPolicy, loadPluginFolder)
 * belongs in run workers, the validation worker and the load-check worker.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { Disposable } from '../runs/events.ts';
import { describeEntry } from './describe.ts';
import { isUsable, type PluginEntry } from './discover.ts';
import { pluginHost } from './registry.ts';
import { formatProblem } from './problems.ts';

export { PluginHost, UnknownPolicyError, type PluginChange, type PluginHostOptions } from './host.ts';
export { configurePlugins, pluginConfig, pluginHost, pluginSources, type PluginConfig } from './registry.ts';
export { discoverPlugins, isUsable, pluginFolders, readPluginFolder, type PluginEntry, type PluginSource, type PluginSourceKind } from './discover.ts';
export { loadPluginFolder, checkPolicyClass, type LoadedPlugin } from './load.ts';
export { PluginError, formatProblem, type PluginProblem, type ProblemPhase } from './problems.ts';
export { checkPlugin, type CheckReport, type CheckStep, type CheckOptions } from './check.ts';
export { findLoadProblems, type LoadCheckOptions } from './load-check.ts';
export { describeEntry };
export { SMOKE_SCENARIO, SMOKE_SCENARIO_ZRAM, runSmoke, smokeVariants } from './smoke.ts';
export { BUILTIN_PLUGINS_DIR, SDK_ENTRY, SDK_SPECIFIERS, userPluginsDir, displayPath } from './paths.ts';
export { hashPluginDir } from './hash.ts';
export { satisfies } from './semver.ts';

/** A plugin as the UI lists it (the shape of src/shared's PluginInfo, plus the content hash). */
export interface PluginSummary {
  name: string;
  version: string | null;
  sdk: string | null;
  dir: string;
  builtin: boolean;
  status: 'loaded' | 'error';
  error: string | null;
  hash: string;
}

export function summarize(e: PluginEntry): PluginSummary {
  return {
    name: e.name,
    version: e.manifest?.version ?? null,
    sdk: e.manifest?.sdk ?? null,
    dir: e.dir,
    builtin: e.source === 'builtin',
    // "loaded" means valid and runnable: the code itself only ever loads in a run worker.
    status: isUsable(e) ? 'loaded' : 'error',
    error: isUsable(e) ? null : e.problems.map((p) => formatProblem(p)).join('\n'),
    hash: e.hash,
  };
}

/** Every plugin of the configured sources, broken ones with their error. */
export function listPlugins(): PluginSummary[] {
  return pluginHost().all().map(summarize);
}

/** Rescan now (the "reload" button); returns the new list. */
export function reloadPlugins(): PluginSummary[] {
  pluginHost().rescan();
  return listPlugins();
}

/** Manifests (with origin) of the usable policies, for forms and run records; their classes are not loaded here. */
export function describePolicies(): PolicyModule[] {
  return pluginHost().usable().map(describeEntry);
}

/** Start hot reload; `listener` gets the new list after each change. */
export function watchPlugins(listener: (plugins: PluginSummary[]) => void): Disposable {
  const host = pluginHost();
  const sub = host.onDidChange(() => listener(listPlugins()));
  const w = host.watch();
  return {
    dispose: () => {
      sub.dispose();
      w.dispose();
    },
  };
}
