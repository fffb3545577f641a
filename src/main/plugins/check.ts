/*
 * `cmawb plugin check`: validate one plugin folder and run it on the smoke
 * scenario, step by step, saying what failed and where. The manifest is read
 * here (no plugin code); loading and the smoke runs happen in a worker with a
 * wall-clock watchdog and a heap limit, the same containment as a run.
 */
import { Worker } from 'node:worker_threads';
import type { CheckMessage, CheckWorkerData, SmokeReport } from './check-protocol.ts';
import { readPluginFolder, type PluginEntry } from './discover.ts';
import { displayPath } from './paths.ts';
import type { PluginProblem } from './problems.ts';

const BOOTSTRAP = new URL('./check-worker-bootstrap.mjs', import.meta.url);

export interface CheckOptions {
  /** Wall-clock limit for loading plus all smoke runs, seconds; default 60. */
  timeoutS?: number;
  /** Heap limit of the validation worker, MB; default 512 (the smoke machine is 48 MiB). */
  maxOldGenerationSizeMb?: number;
  /** Run the smoke scenario after loading; default true. */
  smoke?: boolean;
  /** Plugins already installed, to warn about a name clash before it becomes a "duplicate" error. */
  installed?: readonly PluginEntry[];
}

export type CheckStepName = 'manifest' | 'load' | 'smoke';

export interface CheckStep {
  step: CheckStepName;
  ok: boolean;
  /** One line: what was checked, or which variant. */
  detail: string;
  problems: PluginProblem[];
}

export interface CheckReport {
  dir: string;
  name: string;
  ok: boolean;
  hash: string;
  steps: CheckStep[];
  warnings: string[];
}

export async function checkPlugin(dir: string, opts: CheckOptions = {}): Promise<CheckReport> {
  const entry = readPluginFolder(dir, 'cli');
  const report: CheckReport = { dir: entry.dir, name: entry.name, ok: false, hash: entry.hash, steps: [], warnings: [] };
  for (const other of opts.installed ?? []) {
    if (other.name === entry.name && other.dir !== entry.dir) {
      report.warnings.push(`the name "${entry.name}" is also used by ${displayPath(other.dir)}; loaded together, the later one is reported as a duplicate`);
    }
  }
  if (entry.problems.length || !entry.manifest) {
    report.steps.push({ step: 'manifest', ok: false, detail: 'manifest.json', problems: entry.problems });
    return report;
  }
  const m = entry.manifest;
  report.steps.push({
    step: 'manifest',
    ok: true,
    detail: `${m.name} ${m.version}, sdk ${m.sdk}, ${count(m.params.length, 'parameter')}, ${count(m.presets?.length ?? 0, 'preset')}`,
    problems: [],
  });
  await runWorker(entry, opts, report);
  report.ok = report.steps.every((s) => s.ok);
  return report;
}

function runWorker(entry: PluginEntry, opts: CheckOptions, report: CheckReport): Promise<void> {
  const timeoutS = opts.timeoutS ?? 60;
  const heapMb = opts.maxOldGenerationSizeMb ?? 512;
  const data: CheckWorkerData = { dir: entry.dir, smoke: opts.smoke ?? true };
  return new Promise((resolve) => {
    let phase = 'start';
    let settled = false;
    const worker = new Worker(BOOTSTRAP, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    const stepOf = (p: string): CheckStepName => (p.startsWith('smoke') ? 'smoke' : 'load');
    const finish = (failure?: { message: string; stack?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (failure) {
        const problem: PluginProblem = { phase: 'runtime', file: entry.entryFile ?? entry.dir, message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) };
        report.steps.push({ step: stepOf(phase), ok: false, detail: phase.replace(/^smoke /, ''), problems: [problem] });
      }
      void worker.terminate();
      resolve();
    };
    const timer = setTimeout(
      () => finish({ message: `did not finish within ${timeoutS} s (during ${phase}): an endless loop? The run watchdog would stop it the same way` }),
      timeoutS * 1000,
    );
    worker.on('message', (msg: CheckMessage) => {
      switch (msg.type) {
        case 'phase':
          phase = msg.phase;
          return;
        case 'problems':
          report.steps.push({ step: 'load', ok: false, detail: displayPath(entry.entryFile ?? entry.dir), problems: msg.problems });
          return;
        case 'loaded':
          report.hash = msg.hash;
          report.steps.push({ step: 'load', ok: true, detail: `class ${msg.className}, content hash ${msg.hash.slice(0, 12)}`, problems: [] });
          return;
        case 'smoke':
          report.steps.push(smokeStep(msg.report, entry.dir));
          return;
        case 'smoke-failed':
          report.steps.push({ step: 'smoke', ok: false, detail: msg.label, problems: [msg.problem] });
          return;
        case 'done':
          finish();
          return;
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish({ message: `ran out of memory during ${phase}: the validation worker exceeded its ${heapMb} MB heap limit (runs are stopped the same way)` });
      } else {
        finish({ message: `worker failed during ${phase}: ${err.message}`, ...(err.stack ? { stack: err.stack } : {}) });
      }
    });
    worker.on('exit', (code) => finish({ message: `the validation worker exited (code ${code}) during ${phase} without finishing` }));
  });
}

function smokeStep(r: SmokeReport, dir: string): CheckStep {
  const problems: PluginProblem[] = [];
  if (r.deterministic === false) {
    problems.push({
      phase: 'runtime',
      file: dir,
      message: 'not deterministic: two runs with seed 1 gave different results (Math.random, Date.now or state kept in module variables across runs?); use IRng and IClock',
    });
  }
  if (r.devicePagesAtEnd > 0) {
    problems.push({
      phase: 'runtime',
      file: dir,
      message: `leaks device pages: ${r.devicePagesAtEnd} region pages were still allocated to the device when the run ended, though every buffer had been released; releaseContig must give back what allocContig took (IContig.cmaRelease, returnReserved or IPool.giveBack)`,
    });
  }
  const fails = Object.entries(r.failures)
    .map(([reason, n]) => `${n}x ${reason}`)
    .join(', ');
  const detail = `${r.label}: ${r.requests} requests, ${r.succeeded} ok${fails ? ` (${fails})` : ''}, ${r.virtualS} s virtual, invariants held${r.deterministic ? ', deterministic' : ''} (${r.wallMs} ms)`;
  return { step: 'smoke', ok: problems.length === 0, detail, problems };
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
