/* A workbench over a temporary archive and a tiny scenario whose runs take about a second. */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import type { ScenarioInput } from '../../src/engine/scenario/schema.ts';
import { createWorkbench, type Workbench, type WorkbenchOptions } from '../../src/main/api/index.ts';
import { configurePlugins } from '../../src/main/plugins/index.ts';
import type { ApiEvent, ApiEvents, ApiInput, ApiMethod, ApiOutput, ApiResponse } from '../../src/shared/api.ts';
import type { RunConfigInput } from '../../src/shared/schemas.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export const TINY: ScenarioInput = {
  name: 'tiny-api',
  title: 'Tiny API test board',
  // A toy machine: a real x86 kernel image (32 MiB) would not fit, so none is reserved.
    machine: { platform: 'x86-vm', memMiB: 32, regionMiB: 8, pageblockOrder: 9, swap: { device: 'storage', sizeMiB: 16 }, kernelReservedMiB: 0 },
  durationS: 40,
  sampleIntervalMs: 500,
  snapshotIntervalMs: 2000,
  workloads: [
    { kind: 'slab', pagesPerS: 200, lifetimeMs: 2000, maxPages: 300 },
    { kind: 'contig', sizes: [64, 256, 1024], order: 'cycle', count: 12, intervalMs: 300, holdMs: 100, startAtS: 0.5 },
  ],
};

/** The form's submission for TINY: mainline CMA and GCMA, seed 1, no baseline runs. */
export const tinyConfig = (over: Partial<RunConfigInput> = {}): RunConfigInput => ({
  scenario: TINY as Record<string, unknown>,
  policies: [{ name: 'mainline-cma' }, { name: 'gcma' }],
  seeds: [1],
  baseline: false,
  ...over,
});

export interface TestBench {
  wb: Workbench;
  dir: string;
  call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiResponse<ApiOutput<M>>>;
  /** The value, failing the test with the error message otherwise. */
  ok<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiOutput<M>>;
  events: { event: ApiEvent; payload: ApiEvents[ApiEvent] }[];
}

export function benches() {
  // The built-in plugins only: whatever sits in this machine's user plugin folder must not change the tests.
  configurePlugins({ userDir: null });
  const tmp = tempDirs();
  const open: Workbench[] = [];
  return {
    make(opts: Partial<WorkbenchOptions> = {}): TestBench {
      const dir = tmp.make();
      const wb = createWorkbench({
        mode: 'browser',
        appRoot: ROOT,
        dbPath: join(dir, 'workbench.db'),
        log: () => {},
        watchPlugins: false,
        ...opts,
        runManager: { poolSize: 2, progressIntervalMs: 20, ...opts.runManager },
      });
      open.push(wb);
      const events: TestBench['events'] = [];
      wb.subscribe((event, payload) => events.push({ event, payload }));
      const call = ((method: string, input?: unknown) => wb.dispatch(method, input)) as TestBench['call'];
      return {
        wb,
        dir,
        events,
        call,
        async ok(method, input) {
          const r = await call(method, input);
          if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
          return r.value;
        },
      };
    },
    async cleanup() {
      for (const wb of open.splice(0)) await wb.dispose();
      tmp.cleanup();
    },
  };
}
