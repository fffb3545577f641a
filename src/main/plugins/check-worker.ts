/*
 * The validation worker behind `cmawb plugin check`: load the plugin (bundle,
 * import, class checks) and run the smoke scenario, reporting each step. It
 * is a worker so a plugin that loops or allocates without bound is stopped by
 * the parent's watchdog or the heap limit, like a run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckMessage, CheckWorkerData } from './check-protocol.ts';
import { loadPluginFolder } from './load.ts';
import { PluginError } from './problems.ts';
import { describeRunError, errorText } from './run-error.ts';
import { runSmoke, smokeVariants } from './smoke.ts';
import { pluginFrame } from './stack.ts';

const data = workerData as CheckWorkerData;
const post = (m: CheckMessage): void => parentPort!.postMessage(m);

async function main(): Promise<void> {
  post({ type: 'phase', phase: 'load' });
  let loaded;
  try {
    loaded = await loadPluginFolder(data.dir, 'cli');
  } catch (e) {
    if (e instanceof PluginError) post({ type: 'problems', problems: [...e.problems] });
    else {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ type: 'problems', problems: [{ phase: 'import', file: data.dir, message: err.message, ...(err.stack ? { stack: err.stack } : {}) }] });
    }
    return;
  }
  const mod = loaded.module;
  post({ type: 'loaded', name: mod.manifest.name, version: mod.manifest.version, hash: loaded.entry.hash, className: mod.policy.name || '(anonymous)' });
  if (!data.smoke) return;
  for (const v of smokeVariants(mod)) {
    post({ type: 'phase', phase: `smoke ${v.label}` });
    const t0 = performance.now();
    try {
      const { summary, deterministic, devicePagesAtEnd } = runSmoke(mod, v);
      post({
        type: 'smoke',
        report: {
          label: v.label,
          requests: summary.requests.count,
          succeeded: summary.requests.succeeded,
          failures: summary.failures,
          virtualS: summary.virtualS,
          wallMs: Math.round(performance.now() - t0),
          deterministic,
          devicePagesAtEnd,
        },
      });
    } catch (e) {
      const d = describeRunError(e, mod);
      const at = pluginFrame(d.stack ?? undefined, loaded.entry.dir);
      // With a plugin frame the location goes in the problem's file:line, not repeated in the text.
      const message = at && e instanceof Error ? `threw: ${errorText(e)}` : d.message;
      post({
        type: 'smoke-failed',
        label: v.label,
        problem: {
          phase: 'runtime',
          file: at?.file ?? loaded.entry.entryFile ?? loaded.entry.dir,
          ...(at ? { line: at.line, column: at.column } : {}),
          message,
          ...(d.stack ? { stack: d.stack } : {}),
        },
      });
    }
  }
}

await main();
post({ type: 'done' });
