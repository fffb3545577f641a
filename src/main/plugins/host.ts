/*
 * The plugin host: which policies exist (discovery and manifest validation,
 * no plugin code), their code on request (load, for workers only),
 * and hot reload (folders watched, changes re-validated after a short quiet
 * period, listeners told which plugins changed).
 *
 * Every lookup re-hashes the plugin's folder first, so a run never records a
 * stale hash even if it starts before the watcher's debounce has fired.
 */
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import { Emitter, type Disposable } from '../runs/events.ts';
import { discoverPlugins, isUsable, type PluginEntry, type PluginSource } from './discover.ts';
import { hashPluginDir } from './hash.ts';
import { loadPluginFolder } from './load.ts';
import { SDK_ENTRY } from './paths.ts';
import { PluginError } from './problems.ts';

export interface PluginHostOptions {
  sources: readonly PluginSource[];
  /** The SDK entry plugins' SDK imports are rewritten to (default: this checkout's src/engine/policy/index.ts). */
  sdkEntry?: string;
  /** Quiet period after the last file event before re-validating; default 200 ms (editors write in bursts). */
  debounceMs?: number;
  log?: (message: string) => void;
}

/** What a rescan changed, by plugin name. */
export interface PluginChange {
  added: string[];
  removed: string[];
  /** Content hash or validity changed. */
  changed: string[];
}

export class UnknownPolicyError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`unknown policy "${name}" (available: ${known.length ? known.join(', ') : 'none'})`);
    this.name = 'UnknownPolicyError';
  }
}

export class PluginHost {
  readonly sources: readonly PluginSource[];
  private readonly sdkEntry: string;
  private readonly debounceMs: number;
  private readonly log: (message: string) => void;
  private entries: PluginEntry[] | null = null;
  private readonly loaded = new Map<string, Promise<PolicyModule>>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly changeEmitter = new Emitter<PluginChange>();
  /** Fired after a rescan that changed something (hot reload). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(opts: PluginHostOptions) {
    this.sources = opts.sources;
    this.sdkEntry = opts.sdkEntry ?? SDK_ENTRY;
    this.debounceMs = opts.debounceMs ?? 200;
    this.log = opts.log ?? ((m) => console.error(`plugin host: ${m}`));
  }

  /** Discover again now; returns what changed since the last scan. */
  rescan(): PluginChange {
    const before = this.entries;
    this.entries = discoverPlugins(this.sources);
    return before ? diff(before, this.entries) : { added: this.entries.map((e) => e.name), removed: [], changed: [] };
  }

  /** Every plugin found, broken ones included (with their problems). */
  all(): readonly PluginEntry[] {
    if (!this.entries) this.rescan();
    return this.entries!;
  }

  usable(): PluginEntry[] {
    return this.all().filter(isUsable);
  }

  broken(): PluginEntry[] {
    return this.all().filter((e) => !isUsable(e));
  }

  /**
   * The usable plugin called `name`, its hash checked against the folder now.
   * Throws UnknownPolicyError, or PluginError when that plugin is broken.
   */
  resolve(name: string): PluginEntry {
    let e = this.pick(name);
    if (e && safeHash(e.dir) !== e.hash) {
      this.rescan();
      e = this.pick(name);
    }
    if (!e) throw new UnknownPolicyError(name, this.usable().map((x) => x.name));
    if (!isUsable(e)) throw new PluginError(e.name, e.dir, e.problems);
    return e;
  }

  /** Load the code of policy `name` (runs plugin code: workers only). */
  async load(name: string): Promise<PolicyModule> {
    const e = this.resolve(name);
    const key = `${e.dir}\0${e.hash}`;
    let p = this.loaded.get(key);
    if (!p) {
      p = loadPluginFolder(e.dir, e.source, this.sdkEntry).then(({ entry, module }) => {
        if (entry.name !== name) throw new PluginError(name, e.dir, [{ phase: 'manifest', file: e.dir, field: 'name', message: `renamed to "${entry.name}" while loading` }]);
        return module;
      });
      this.loaded.set(key, p);
      // A failed load is not cached: the author fixes the file and tries again.
      p.catch(() => this.loaded.delete(key));
    }
    return p;
  }

  /**
   * Load every usable plugin; a plugin whose code fails to load joins the
   * broken list with its problems instead. Runs plugin code: workers only.
   */
  async loadAll(): Promise<{ modules: PolicyModule[]; broken: PluginEntry[] }> {
    const modules: PolicyModule[] = [];
    const broken = this.broken();
    for (const e of this.usable()) {
      try {
        modules.push(await this.load(e.name));
      } catch (err) {
        if (!(err instanceof PluginError)) throw err;
        broken.push({ ...e, problems: [...err.problems] });
      }
    }
    return { modules, broken };
  }

  /** Watch every source folder; a change re-validates after the debounce and fires onDidChange. */
  watch(): Disposable {
    if (this.watchers.length) return { dispose: () => this.unwatch() };
    this.all();
    for (const src of this.sources) {
      // The user folder is the app's to create: watching it from the start catches the first plugin dropped in.
      if (src.kind === 'user') {
        try {
          mkdirSync(src.dir, { recursive: true });
        } catch (err) {
          this.log(`cannot create ${src.dir}: ${String(err)}`);
        }
      }
      try {
        const w = watch(src.dir, { recursive: true }, () => this.schedule());
        w.on('error', (err) => {
          this.log(`stopped watching ${src.dir}: ${String(err)}`);
          w.close();
          this.schedule();
        });
        this.watchers.push(w);
      } catch (err) {
        this.log(`cannot watch ${src.dir}: ${String(err)}`);
      }
    }
    return { dispose: () => this.unwatch() };
  }

  dispose(): void {
    this.unwatch();
    this.changeEmitter.clear();
  }

  private unwatch(): void {
    for (const w of this.watchers.splice(0)) w.close();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      let change: PluginChange;
      try {
        change = this.rescan();
      } catch (err) {
        this.log(`rescan failed: ${String(err)}`);
        return;
      }
      if (change.added.length || change.removed.length || change.changed.length) {
        this.changeEmitter.fire(change, (err) => this.log(`change listener threw: ${String(err)}`));
      }
    }, this.debounceMs);
  }

  private pick(name: string): PluginEntry | undefined {
    // A duplicate is broken and never shadows the first folder that claimed the name.
    const all = this.all();
    return all.find((e) => e.name === name && e.problems.every((p) => p.phase !== 'duplicate'));
  }
}

function safeHash(dir: string): string {
  try {
    return hashPluginDir(dir);
  } catch {
    return '';
  }
}

function diff(before: readonly PluginEntry[], after: readonly PluginEntry[]): PluginChange {
  const key = (e: PluginEntry): string => `${e.dir}\0${e.hash}\0${e.problems.length}`;
  const b = new Map(before.map((e) => [e.name, e]));
  const a = new Map(after.map((e) => [e.name, e]));
  return {
    added: [...a.keys()].filter((n) => !b.has(n)),
    removed: [...b.keys()].filter((n) => !a.has(n)),
    changed: [...a.keys()].filter((n) => b.has(n) && key(b.get(n)!) !== key(a.get(n)!)),
  };
}
