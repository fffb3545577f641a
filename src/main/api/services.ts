/*
 * Composition root of everything behind the API: open the archive, start
 * the run manager, pick the policy catalog, wire run events to subscribers
 * and build the dispatcher. Browser mode (cmawb serve), the Electron main
 * process and the tests all start here, so they behave the same; only the
 * transport and the HostShell differ.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiEvent, ApiEvents } from '../../shared/api.ts';
import { RunManager, type Disposable, type RunManagerOptions } from '../runs/index.ts';
import { openStore, type OpenOptions } from '../store/index.ts';
import { dataDir, resolveDbPath } from '../store/paths.ts';
import { hostCatalog, type PolicyCatalog } from './catalog.ts';
import type { ApiContext, AppPaths, HostShell } from './context.ts';
import { createDispatch, type Dispatch, type DispatchOptions } from './dispatch.ts';
import { forwardRunEvents } from './progress.ts';

export type EventListener = <E extends ApiEvent>(event: E, payload: ApiEvents[E]) => void;

export interface WorkbenchOptions {
  mode: 'electron' | 'browser';
  /** `--db FILE`; default $CMAWB_DB, then the user data folder (the CLI's rule). */
  dbPath?: string;
  /** Repository root, or the app folder when packaged: package.json lives here. */
  appRoot: string;
  /** Where docs/ and plugins/ are (electron-builder extraResources); default appRoot. */
  resourcesRoot?: string;
  /** better-sqlite3 addon for Electron's ABI. */
  nativeBinding?: OpenOptions['nativeBinding'];
  shell?: HostShell;
  catalog?: PolicyCatalog;
  /** Test seams and tuning for the run manager. */
  runManager?: Partial<Omit<RunManagerOptions, 'store'>>;
  dispatch?: DispatchOptions;
  /** Watch plugin folders and push `plugins:changed` (default true). */
  watchPlugins?: boolean;
  log?: (message: string) => void;
}

export interface Workbench {
  ctx: ApiContext;
  dispatch: Dispatch;
  /** Every API event, for a transport to forward; dispose to stop. */
  subscribe(listener: EventListener): Disposable;
  /** Cancel queued runs, interrupt running ones, close the archive. */
  dispose(): Promise<void>;
}

export function appVersion(appRoot: string): string {
  try {
    return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function createWorkbench(opts: WorkbenchOptions): Workbench {
  const log = opts.log ?? ((m: string) => console.error(m));
  const dbPath = resolveDbPath(opts.dbPath ? { flag: opts.dbPath } : {});
  const resources = opts.resourcesRoot ?? opts.appRoot;
  const store = openStore(dbPath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  if (store.recovered.length) log(`marked ${store.recovered.length} run(s) interrupted: their process stopped (${store.recovered.join(', ')})`);
  const runs = new RunManager({ store: store.runs, log: (m) => log(`run manager: ${m}`), ...opts.runManager });
  const listeners = new Set<EventListener>();
  const catalog = opts.catalog ?? hostCatalog();
  const paths: AppPaths = {
    dbPath,
    docsPath: join(resources, 'docs'),
    pluginsPath: catalog.userDir(),
    exportsPath: join(dataDir(), 'exports'),
  };
  const ctx: ApiContext = {
    mode: opts.mode,
    appVersion: appVersion(opts.appRoot),
    store,
    runs,
    catalog,
    paths,
    host: opts.shell ?? {},
    emit(event, payload) {
      for (const l of [...listeners]) {
        try {
          l(event, payload);
        } catch (err) {
          log(`event listener of ${event} threw: ${String(err)}`);
        }
      }
    },
  };
  const forwarding = forwardRunEvents(ctx);
  // A plugin folder edited while the app runs: the plugins page and the experiment form update by themselves.
  const watching = opts.watchPlugins === false ? null : (catalog.watch?.((list) => ctx.emit('plugins:changed', list)) ?? null);
  let disposed: Promise<void> | null = null;
  return {
    ctx,
    dispatch: createDispatch(ctx, opts.dispatch),
    subscribe(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose() {
      disposed ??= (async () => {
        forwarding.dispose();
        watching?.dispose();
        await runs.dispose();
        listeners.clear();
        store.close();
      })();
      return disposed;
    },
  };
}
