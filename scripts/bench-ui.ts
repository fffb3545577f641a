/*
 * UI performance targets (issue 6), measured in Debian's Chromium against
 * browser mode on a throwaway archive:
 *  - opening a 20-run comparison renders in < 300 ms after the data arrives
 *    (ComparePage records data-arrival -> first frame after commit, charts included)
 *  - the memory map of a 4,194,304-page machine redraws a time step in < 16 ms
 *    (8,192 pageblocks of 512 pages, and 4,096 of 1,024; #/bench/memmap)
 * Prints one JSON object; writes it to test-results/bench-ui.json too.
 *   node bin/run-ts.mjs scripts/bench-ui.ts
 * Also exports benchUi() for scripts/bench.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { api, buildRenderer, chromiumAvailable, CHROMIUM, launchBrowser, RESULTS, startApp, tempBuildDir } from '../test/e2e/harness.ts';
import type { RunInfo, StartResult } from '../src/shared/types.ts';
import type { MapBenchResult } from '../src/renderer/pages/bench/MapBench.tsx';

const COMPARE_TARGET_MS = 300;
const MAP_TARGET_MS = 16;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
}

export async function benchUi(): Promise<object> {
  if (!chromiumAvailable()) return { skipped: `no Chromium at ${CHROMIUM}` };
  const build = tempBuildDir();
  const t0 = Date.now();
  await buildRenderer(build);
  const buildMs = Date.now() - t0;
  const app = await startApp(build, { poolSize: Math.max(1, cpus().length) });
  const browser = await launchBrowser();
  try {
    // 20 real runs: 4 policies x 5 seeds of the no-swap scenario, shortened, no baseline pass.
    const t1 = Date.now();
    const started = await api<StartResult>(app, 'runs:start', {
      config: {
        scenario: 'no-swap-pins',
        overrides: { durationS: 60 },
        policies: [{ name: 'legacy-cma' }, { name: 'gcma' }, { name: 'cma-quirks', params: { preset: 'mainline-6.x' } }, { name: 'mainline-cma' }],
        seeds: [1, 2, 3, 4, 5],
        baseline: false,
      },
    });
    const ids = started.runIds;
    for (;;) {
      const { runs } = await api<{ runs: RunInfo[] }>(app, 'runs:list', {});
      const done = runs.filter((r) => ids.includes(r.id) && r.status !== 'queued' && r.status !== 'running');
      if (done.length === ids.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const simulateMs = Date.now() - t1;

    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(app.url);
    const compare: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${app.origin}/#/runs`);
      await page.reload();
      await page.goto(`${app.origin}/#/compare?ids=${ids.join(',')}`);
      await page.waitForFunction(() => (window.__cmawbCompareRenderMs?.length ?? 0) > 0, null, { timeout: 30_000 });
      compare.push(await page.evaluate(() => window.__cmawbCompareRenderMs!.at(-1)!));
    }

    const maps: Record<string, MapBenchResult> = {};
    for (const order of [9, 10]) {
      await page.goto(`${app.origin}/#/bench/memmap?order=${order}&steps=150`);
      await page.reload();
      await page.waitForFunction(() => window.__cmawbBench, null, { timeout: 60_000 });
      maps[`order${order}`] = await page.evaluate(() => window.__cmawbBench!);
    }
    const worstMapMedian = Math.max(...Object.values(maps).map((m) => m.stepMs.median));
    return {
      compare20: { runs: ids.length, renderMs: compare, medianMs: median(compare), targetMs: COMPARE_TARGET_MS, ok: median(compare) < COMPARE_TARGET_MS },
      memmap4M: { ...maps, targetMs: MAP_TARGET_MS, ok: worstMapMedian < MAP_TARGET_MS },
      setup: { rendererBuildMs: buildMs, simulate20RunsMs: simulateMs },
    };
  } finally {
    await browser.close();
    await app.close();
    rmSync(build, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await benchUi();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'bench-ui.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out, null, 2));
}
