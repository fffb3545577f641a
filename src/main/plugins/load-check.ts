/*
 * Which plugins fail to load (bundle, import, class checks), found without
 * loading any plugin code on the caller's thread: the loads happen in a
 * worker with a timeout per plugin and a heap limit, like a run. A plugin
 * whose top-level code loops, allocates without bound or kills its worker is
 * reported as broken, and the plugins after it are checked in a fresh worker.
 * For `cmawb policies`, which lists the plugins that cannot run.
 */
import { Worker } from 'node:worker_threads';
import type { PluginEntry } from './discover.ts';
import type { PluginProblem } from './problems.ts';

const BOOTSTRAP = new URL('./load-check-worker-bootstrap.mjs', import.meta.url);

export interface LoadCheckWorkerData {
  names: string[];
}

export type LoadCheckMessage =
  | { type: 'loading'; name: string }
  | { type: 'failed'; name: string; problems: PluginProblem[] }
  | { type: 'done' };

export interface LoadCheckOptions {
  /** Wall-clock limit for loading one plugin, seconds; default 60 (as `plugin check`). */
  timeoutS?: number;
  /** Heap limit of the worker, MB; default 512. */
  maxOldGenerationSizeMb?: number;
}

/**
 * Load each entry's code in a worker (the host's sources, as configured
 * with configurePlugins); returns the problems of those that failed, by name.
 */
export async function findLoadProblems(entries: readonly PluginEntry[], opts: LoadCheckOptions = {}): Promise<Map<string, PluginProblem[]>> {
  const found = new Map<string, PluginProblem[]>();
  let remaining = entries.map((e) => e.name);
  while (remaining.length > 0) {
    const { stoppedAt } = await checkIn(remaining, found, entries, opts);
    if (stoppedAt === null) break;
    remaining = remaining.slice(remaining.indexOf(stoppedAt) + 1);
  }
  return found;
}

/** One worker over `names`; resolves with the plugin it was stopped in (null: it got through). */
function checkIn(
  names: string[],
  found: Map<string, PluginProblem[]>,
  entries: readonly PluginEntry[],
  opts: LoadCheckOptions,
): Promise<{ stoppedAt: string | null }> {
  const timeoutS = opts.timeoutS ?? 60;
  const heapMb = opts.maxOldGenerationSizeMb ?? 512;
  const data: LoadCheckWorkerData = { names };
  return new Promise((resolve) => {
    let current: string | null = null;
    let settled = false;
    let timer: NodeJS.Timeout | null = null;
    const worker = new Worker(BOOTSTRAP, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    const finish = (failure?: string, stack?: string): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      void worker.terminate();
      if (failure === undefined) return resolve({ stoppedAt: null });
      // Stopped before the first plugin: blame the first, so the loop moves on.
      const name = current ?? names[0]!;
      const e = entries.find((x) => x.name === name);
      found.set(name, [{ phase: 'import', file: e?.entryFile ?? e?.dir ?? name, message: failure, ...(stack ? { stack } : {}) }]);
      resolve({ stoppedAt: name });
    };
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish(`did not finish loading within ${timeoutS} s: an endless loop in its top-level code?`), timeoutS * 1000);
    };
    arm();
    worker.on('message', (m: LoadCheckMessage) => {
      switch (m.type) {
        case 'loading':
          current = m.name;
          arm();
          return;
        case 'failed':
          found.set(m.name, m.problems);
          return;
        case 'done':
          finish();
          return;
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(`ran out of memory while loading: the worker exceeded its ${heapMb} MB heap limit`);
      else finish(`threw while loading: ${err.message}`, err.stack);
    });
    worker.on('exit', (code) => finish(`the worker exited (code ${code}) while loading it`));
  });
}
