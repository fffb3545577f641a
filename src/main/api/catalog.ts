/*
 * The one adapter between the API and the plugin host (src/main/plugins):
 * manifests and plugin status for forms and the plugins page, rescans, and
 * hot-reload notifications. Only manifests are read on this thread; plugin
 * code loads in run workers and, to find the plugins that cannot load
 * (syntax errors, forbidden imports, no policy class...), in the load-check
 * worker (findLoadProblems), as `cmawb policies` does. That check runs once
 * per plugin version (folder and content hash): at start, after a reload or
 * a hot-reload change, never per request.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { Disposable } from '../runs/index.ts';
import {
  describeEntry,
  findLoadProblems,
  formatProblem,
  listPlugins,
  pluginConfig,
  pluginHost,
  reloadPlugins,
  userPluginsDir,
  watchPlugins,
  type PluginEntry,
  type PluginProblem,
  type PluginSummary,
} from '../plugins/index.ts';
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
  /** Hot reload: `listener` gets the new list after the folders change (or a load check finishes). */
  watch?(listener: (plugins: PluginInfo[]) => void): Disposable;
  /**
   * Resolves when the code of every plugin currently listed has been load-checked, so
   * policies() and plugins() tell plugins that fail to load from usable ones; with
   * `waitMs`, resolves after that long at the latest (the lists then show unchecked
   * plugins as usable, and watchers hear when the check finishes). Catalogs that
   * know their plugins load leave it out.
   */
  checked?(waitMs?: number): Promise<void>;
}

export function policyInfo(mod: PolicyModule, builtin: boolean): PolicyInfo {
  return { ...mod.manifest, dir: mod.origin?.dir ?? null, builtin };
}

function pluginInfo(p: PluginSummary): PluginInfo {
  const { hash: _hash, ...info } = p;
  return info;
}

export type LoadCheck = (entries: readonly PluginEntry[]) => Promise<Map<string, PluginProblem[]>>;

export interface HostCatalogOptions {
  /** Test seam: the worker-backed check (default findLoadProblems). */
  loadCheck?: LoadCheck;
  log?: (message: string) => void;
}

/**
 * Load checks by plugin version (`dir\0hash`): the problems, or null if it loaded. A
 * version's answer does not change, so one checker serves every catalog of the process.
 */
class LoadChecker {
  private readonly results = new Map<string, PluginProblem[] | null>();
  private running: Promise<void> | null = null;
  readonly listeners = new Set<() => void>();

  constructor(
    private readonly loadCheck: LoadCheck,
    private readonly log: (message: string) => void,
  ) {}

  problems(e: { dir: string; hash: string }): PluginProblem[] | null {
    return this.results.get(versionKey(e)) ?? null;
  }

  /** Check every listed plugin version not checked yet; true if a check ran (and listeners heard of it). */
  async checkAll(): Promise<boolean> {
    let ran = false;
    for (;;) {
      if (this.running) {
        ran = true;
        await this.running;
        continue;
      }
      const todo = pluginHost().usable().filter((e) => !this.results.has(versionKey(e)));
      if (todo.length === 0) return ran;
      this.running = this.checkOnce(todo).finally(() => (this.running = null));
    }
  }

  /** One worker over the versions not checked yet; the lists change only when it has answered. */
  private async checkOnce(todo: PluginEntry[]): Promise<void> {
    let found: Map<string, PluginProblem[]>;
    try {
      found = await this.loadCheck(todo);
    } catch (err) {
      // The check itself failed (not a plugin): they stay usable; a run of a broken one still fails with its error.
      this.log(`plugin load check failed: ${String(err)}`);
      found = new Map();
    }
    for (const e of todo) this.results.set(versionKey(e), found.get(e.name) ?? null);
    // Forget versions no longer present (edited plugins), so the map does not grow with every save.
    const present = new Set(pluginHost().all().map(versionKey));
    for (const k of [...this.results.keys()]) if (!present.has(k)) this.results.delete(k);
    for (const l of [...this.listeners]) l();
  }
}

const versionKey = (e: { dir: string; hash: string }): string => `${e.dir}\0${e.hash}`;
let shared: LoadChecker | null = null;

export function hostCatalog(opts: HostCatalogOptions = {}): PolicyCatalog {
  const log = opts.log ?? ((m: string) => console.error(m));
  const checker = opts.loadCheck ? new LoadChecker(opts.loadCheck, log) : (shared ??= new LoadChecker((entries) => findLoadProblems(entries), log));
  const loadProblems = (e: { dir: string; hash: string }) => checker.problems(e);
  const checkAll = () => checker.checkAll();

  const plugins = (): PluginInfo[] =>
    listPlugins().map((p) => {
      const problems = p.status === 'loaded' ? loadProblems(p) : null;
      if (!problems) return pluginInfo(p);
      return pluginInfo({ ...p, status: 'error', error: problems.map((x) => formatProblem(x)).join('\n') });
    });

  // Start checking now, so the first page that lists plugins rarely waits.
  void checkAll();

  return {
    policies() {
      return pluginHost()
        .usable()
        .filter((e) => !loadProblems(e))
        .map((e) => policyInfo(describeEntry(e), e.source === 'builtin'));
    },
    plugins,
    reload: async () => {
      reloadPlugins();
      await checkAll();
      return plugins();
    },
    userDir() {
      const cfg = pluginConfig();
      return cfg.userDir === undefined ? userPluginsDir() : cfg.userDir;
    },
    watch: (listener) => {
      const notify = (): void => listener(plugins());
      checker.listeners.add(notify);
      // A changed folder: its new version is checked before the list goes out (checkAll tells the listeners).
      const w = watchPlugins(() => void checkAll().then((ran) => ran || notify()));
      return {
        dispose: () => {
          checker.listeners.delete(notify);
          w.dispose();
        },
      };
    },
    async checked(waitMs) {
      const all = checkAll().then(() => undefined);
      if (waitMs === undefined) return all;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
      clearTimeout(timer);
    },
  };
}
