/*
 * npm run bench: speed and memory targets, printed as one JSON object.
 *  - order-0 page alloc/free events per second through the allocator (pcp + buddy), one core
 *  - a 16 GiB machine (4,194,304 pages) initialised and run briefly: peak RSS
 *  - cubox-rfc-v2 with legacy-cma (baseline included): wall time
 *  - the run archive (list 1,000 runs; load one large run)
 *  - the UI in Chromium (20-run comparison render, 4M-page memory-map step)
 */
import 'reflect-metadata';
import { MemMap } from '../src/engine/mm/pages.ts';
import { Pageblocks } from '../src/engine/mm/pageblock.ts';
import { Zone } from '../src/engine/mm/zone.ts';
import { pcpConfig } from '../src/engine/mm/pcp.ts';
import { MAINLINE_FEATURES } from '../src/engine/policy/sdk.ts';
import { MIGRATE_MOVABLE, PG_ANON } from '../src/engine/mm/types.ts';
import { runSimulation } from '../src/engine/run.ts';
import { findScenario } from '../src/engine/scenario/library.ts';
import { parseScenario } from '../src/engine/scenario/schema.ts';
import { findPolicy } from '../src/main/plugins/builtin.ts';
import { benchTrace } from './bench-trace.ts';

function allocFreeRate(): { eventsPerSec: number; events: number } {
  const pages = 262144;
  const mem = new MemMap(pages);
  const z = new Zone(mem, new Pageblocks(pages, 9), pcpConfig(pages, 1), { ...MAINLINE_FEATURES });
  z.releaseToBuddy(0, pages);
  const held = new Int32Array(4096);
  const rounds = 2000;
  let events = 0;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < held.length; i++) {
      const p = z.allocPage(0, MIGRATE_MOVABLE, false);
      mem.kind[p] = PG_ANON;
      held[i] = p;
    }
    for (let i = held.length - 1; i >= 0; i--) z.freePage(0, held[i]!);
    events += 2 * held.length;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { eventsPerSec: Math.round(events / s), events };
}

function bigMachine(): { pages: number; wallMs: number; peakRssMiB: number } {
  const scenario = parseScenario({
    name: 'bench-16g',
    machine: { platform: 'x86-vm', memMiB: 16384, regionMiB: 1024, swap: { device: 'storage', sizeMiB: 2048 } },
    durationS: 20,
    sampleIntervalMs: 1000,
    snapshotIntervalMs: 10_000,
    workloads: [
      { kind: 'appLaunch', appsPerStorm: 4, stormEveryS: 5, storms: 3, fileMiBPerApp: 100, anonMiBPerApp: 200, lifetimeS: 5 },
      { kind: 'contig', sizes: [4096], count: 5, intervalMs: 2000, holdMs: 500, startAtS: 2 },
    ],
  });
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = Date.now();
  runSimulation({ scenario, policy: 'legacy-cma', params: {}, seed: 1, options: { baseline: false } }, findPolicy('legacy-cma')!, {
    onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)),
  });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { pages: 16384 * 256, wallMs: Date.now() - t0, peakRssMiB: Math.round(peak / 1048576) };
}

function cubox(): { wallMs: number; virtualS: number; requests: number } {
  const t0 = Date.now();
  const r = runSimulation({ scenario: findScenario('cubox-rfc-v2')!, policy: 'legacy-cma', params: {}, seed: 1 }, findPolicy('legacy-cma')!);
  return { wallMs: Date.now() - t0, virtualS: r.summary.virtualS, requests: r.summary.requests.count };
}

const alloc = allocFreeRate();
const big = bigMachine();
const cub = cubox();
const trace = benchTrace();
let store: unknown = null;
try {
  const mod = (await import('./bench-store.ts')) as { benchStore?: () => Promise<unknown> };
  if (mod.benchStore) store = await mod.benchStore();
} catch (e) {
  store = { error: (e as Error).message };
}
let ui: unknown = null;
try {
  const mod = (await import('./bench-ui.ts')) as { benchUi?: () => Promise<unknown> };
  if (mod.benchUi) ui = await mod.benchUi();
} catch (e) {
  ui = { error: (e as Error).message };
}
const out = {
  allocFree: { ...alloc, target: 10_000_000, ok: alloc.eventsPerSec >= 10_000_000 },
  machine16GiB: { ...big, targetRssMiB: 512, ok: big.peakRssMiB <= 512 },
  cuboxLegacyCma: { ...cub, targetMs: 10_000, ok: cub.wallMs < 10_000 },
  traceImport: trace,
  store,
  ui,
};
console.log(JSON.stringify(out, null, 2));
