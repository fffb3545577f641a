/*
 * The process-wide plugin host and its configuration. The composition root
 * (CLI main, Electron main) configures the sources once; the configuration is
 * also published as worker environment data, so every run worker started
 * afterwards builds a host over the same folders without the run manager
 * having to carry it.
 */
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { resolve } from 'node:path';
import type { PluginSource } from './discover.ts';
import { PluginHost } from './host.ts';
import { BUILTIN_PLUGINS_DIR, userPluginsDir } from './paths.ts';

export interface PluginConfig {
  /** The user's plugin folder; default userPluginsDir() ($CMAWB_PLUGINS_DIR or the data folder's plugins/); null: none. */
  userDir?: string | null;
  /** Extra folders (`--plugins DIR`), searched after the built-ins and the user folder. */
  extraDirs?: readonly string[];
  /** Leave out the built-in plugins/ folder (tests that need an exact set). */
  noBuiltins?: boolean;
}

const ENV_KEY = 'cma-workbench:plugin-config';

let host: PluginHost | null = null;

/** Set where plugins come from, for this thread and for workers started from now on. */
export function configurePlugins(cfg: PluginConfig): void {
  const plain: PluginConfig = {
    ...(cfg.userDir !== undefined ? { userDir: cfg.userDir === null ? null : resolve(cfg.userDir) } : {}),
    extraDirs: (cfg.extraDirs ?? []).map((d) => resolve(d)),
    ...(cfg.noBuiltins ? { noBuiltins: true } : {}),
  };
  setEnvironmentData(ENV_KEY, JSON.stringify(plain));
  host?.dispose();
  host = null;
}

export function pluginConfig(): PluginConfig {
  const raw = getEnvironmentData(ENV_KEY);
  return typeof raw === 'string' ? (JSON.parse(raw) as PluginConfig) : {};
}

export function pluginSources(cfg: PluginConfig = pluginConfig()): PluginSource[] {
  const out: PluginSource[] = [];
  if (!cfg.noBuiltins) out.push({ dir: BUILTIN_PLUGINS_DIR, kind: 'builtin' });
  const user = cfg.userDir === undefined ? userPluginsDir() : cfg.userDir;
  if (user) out.push({ dir: user, kind: 'user' });
  for (const d of cfg.extraDirs ?? []) out.push({ dir: d, kind: 'cli' });
  return out;
}

/** The host over the configured sources, created on first use. */
export function pluginHost(): PluginHost {
  host ??= new PluginHost({ sources: pluginSources() });
  return host;
}
