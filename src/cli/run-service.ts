/*
 * The real RunService: a RunManager (src/main/runs) over the archive, so
 * `cmawb run` and `cmawb compare` execute every simulation in a worker
 * thread with the app's containment (watchdog, heap limit, cancel). Plugin
 * code never runs in the CLI's thread. Without saving, the manager writes to
 * an in-memory database that is dropped at the end, and each run's copy is
 * deleted as soon as its summary has been read.
 */
import type { RunManagerOptions } from '../main/runs/index.ts';
import type { Out, RunService, RunServiceOptions } from './context.ts';

/** Run manager options for tests and tools (a fake runner module, a smaller heap limit...). */
export type ManagerOverrides = Partial<Omit<RunManagerOptions, 'store' | 'poolSize' | 'watchdogS'>>;

export async function openManagerRuns(opts: RunServiceOptions, out: Out, overrides: ManagerOverrides = {}): Promise<RunService> {
  const { RunManager, defaultPoolSize } = await import('../main/runs/index.ts');
  const { archivePath, openArchive } = await import('./files.ts');
  const store = await openArchive(opts.save ? archivePath(opts.db, 'write') : ':memory:');
  const poolSize = Math.max(1, opts.jobs ?? defaultPoolSize());
  let manager;
  try {
    manager = new RunManager({
      store: store.runs,
      poolSize,
      watchdogS: opts.timeoutS,
      // Live series and requests are for the app's charts; the CLI shows progress only.
      liveIntervalMs: null,
      log: (m) => out.error(`cmawb: ${m}`),
      ...overrides,
    });
  } catch (e) {
    store.close();
    throw e;
  }
  const m = manager;
  let closing: Promise<void> | null = null;
  return {
    poolSize,
    submit: (input) => m.submit(input),
    wait: (id) => m.wait(id),
    cancel: (id) => m.cancel(id),
    onProgress: (l) => m.onProgress(l),
    onStatus: (l) => m.onStatus(l),
    summary(id) {
      const run = store.runs.mustGet(id);
      if (!run.summary) throw new Error(`run ${id} is ${run.status} and has no summary`);
      if (!opts.save) store.runs.delete([id]);
      return run.summary;
    },
    close() {
      closing ??= m.dispose().finally(() => store.close());
      return closing;
    },
  };
}
