/*
 * The worker behind findLoadProblems (load-check.ts): load each named plugin
 * through the plugin host (the sources configured by the parent, inherited
 * as environment data) and report the ones that fail. Plugin code runs here,
 * never in the parent's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadCheckMessage, LoadCheckWorkerData } from './load-check.ts';
import { PluginError } from './problems.ts';
import { pluginHost } from './registry.ts';

const data = workerData as LoadCheckWorkerData;
const post = (m: LoadCheckMessage): void => parentPort!.postMessage(m);
const host = pluginHost();

for (const name of data.names) {
  post({ type: 'loading', name });
  try {
    await host.load(name);
  } catch (e) {
    if (e instanceof PluginError) {
      post({ type: 'failed', name, problems: [...e.problems] });
    } else {
      const err = e instanceof Error ? e : new Error(String(e));
      const dir = host.all().find((x) => x.name === name)?.dir ?? name;
      post({ type: 'failed', name, problems: [{ phase: 'import', file: dir, message: err.message, ...(err.stack ? { stack: err.stack } : {}) }] });
    }
  }
}
post({ type: 'done' });
