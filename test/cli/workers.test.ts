/*
 * `cmawb run` and `cmawb compare` execute their runs in the run manager's
 * workers: a plugin that throws or loops fails its run with the app's
 * message while the CLI's thread stays free; saving, --no-save, --jobs and
 * progress go through the real manager (here over a fake runner module
 * where the engine's speed does not matter).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openManagerRuns } from '../../src/cli/run-service.ts';
import type { CliContext, InterruptSignal } from '../../src/cli/context.ts';
import { SMOKE_SCENARIO } from '../../src/main/plugins/smoke.ts';
import { openStore } from '../../src/main/store/index.ts';
import { resolvePolicy } from '../fixtures/store/fake-runner.ts';
import { fixture, tempDirs } from '../plugins/helpers.ts';
import { capture, fakeContext, fakeModule } from './helpers.ts';

const tmp = tempDirs('cmawb-cli-workers-');
afterEach(() => tmp.cleanup());

function smokeFile(): string {
  const file = join(tmp.make(), 'smoke.json');
  writeFileSync(file, JSON.stringify(SMOKE_SCENARIO));
  return file;
}

async function cli(argv: string[], over: Partial<CliContext> = {}) {
  const c = capture();
  const code = await main(argv, { out: c.out, progress: null, ...over });
  return { code, stdout: c.stdout, stderr: c.stderr };
}

describe('plugins run in workers, not in the CLI', () => {
  it('a plugin that throws: exit 1, one line with plugin, message and file:line; the failed run is stored with its stack', async () => {
    const db = join(tmp.make(), 'w.db');
    const r = await cli(['run', '--plugins', fixture('throwing'), '--scenario-file', smokeFile(), '--policy', 'fixture-throwing', '--no-baseline', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual([
      'cmawb: run: plugin fixture-throwing 1.0.0 threw: fixture: allocContig exploded on request 1 (at test/fixtures/plugins/throwing/index.ts:17:11); stored as failed run #1',
    ]);
    const store = openStore(db);
    try {
      expect(store.runs.mustGet(1)).toMatchObject({ status: 'failed', policy: { name: 'fixture-throwing', dir: fixture('throwing') } });
      expect(store.runs.mustGet(1).error!.stack).toContain(`${fixture('throwing/index.ts')}:17:11`);
    } finally {
      store.close();
    }
  });

  it('a plugin that loops: the watchdog stops it after --timeout while this thread keeps going', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const t0 = performance.now();
    const r = await cli(['run', '--plugins', fixture('looping'), '--scenario-file', smokeFile(), '--policy', 'fixture-looping', '--no-baseline', '--no-save', '--timeout', '1']);
    clearInterval(timer);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['cmawb: run: watchdog timeout after 1 s (--timeout S sets the limit)']);
    // The loop ran elsewhere: this thread's timers kept firing.
    expect(ticks).toBeGreaterThan(((performance.now() - t0) / 50) * 0.5);
  });

  it('compare: a throwing plugin fails the compare naming its row and seed', async () => {
    const r = await cli(
      ['compare', '--plugins', fixture('good'), '--plugins', fixture('throwing'), '--scenario-file', smokeFile(), '--policies', 'fixture-good,fixture-throwing', '--no-baseline', '--no-save', '--jobs', '2'],
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([expect.stringMatching(/^cmawb: compare: fixture-throwing seed 1: plugin fixture-throwing 1\.0\.0 threw: .*index\.ts:17:11\)$/)]);
  });
});

describe('the real run manager over a fake runner module', () => {
  const RUNNER = new URL('../fixtures/store/fake-runner.ts', import.meta.url);
  const FAKE = fakeModule({
    name: 'fake-policy',
    version: '0.0.1',
    description: 'the fake runner',
    sdk: '^1.0.0',
    params: [{ key: 'wallMs', type: 'integer', default: 300, min: 0, max: 60_000, description: 'wall time per run' }],
  });

  function ctx(c: ReturnType<typeof capture>, over: Partial<CliContext> = {}): CliContext {
    const base = fakeContext(c);
    return {
      ...base,
      catalog: { ...base.catalog, policies: () => [FAKE], findPolicy: (n) => (n === 'fake-policy' ? FAKE : undefined) },
      openRuns: (o) => openManagerRuns(o, c.out, { runnerModule: RUNNER, resolvePolicy, progressIntervalMs: 10, log: () => {} }),
      ...over,
    };
  }

  it('run: progress from the manager on a TTY, the summary back, the run saved with its id', async () => {
    const db = join(tmp.make(), 'w.db');
    const c = capture();
    const writes: string[] = [];
    let t = 0;
    const code = await main(['run', '--scenario', 'tiny', '--policy', 'fake-policy', '--seed', '4', '--db', db], ctx(c, { progress: { isTTY: true, write: (s) => writes.push(s) }, clock: () => (t += 200) }));
    expect(code, c.stderr.join('\n')).toBe(0);
    expect(writes.some((w) => /^\rtiny\/fake-policy \[#*\.*\]\s+\d+% baseline/.test(w))).toBe(true);
    expect(writes.some((w) => /^\rtiny\/fake-policy \[#+\.*\]\s+\d+% main/.test(w))).toBe(true);
    expect(writes.at(-1)).toBe('\r\x1b[K');
    expect(c.stdout.at(-1)).toBe('saved run #1');
    const store = openStore(db);
    try {
      expect(store.runs.mustGet(1)).toMatchObject({ status: 'completed', seed: 4, policy: { name: 'fake-policy' } });
    } finally {
      store.close();
    }
  });

  it('run --no-save: nothing reaches the archive file', async () => {
    const db = join(tmp.make(), 'never.db');
    const c = capture();
    const code = await main(['run', '--scenario', 'tiny', '--policy', 'fake-policy', '--no-save', '--json', '--db', db], ctx(c));
    expect(code, c.stderr.join('\n')).toBe(0);
    expect(JSON.parse(c.stdout.join('\n'))).toMatchObject({ policy: 'fake-policy', seed: 1 });
    expect(c.stderr).toEqual([]);
    expect(existsSync(db)).toBe(false);
  });

  it('compare --jobs 3: runs in parallel, rows and archive ids in plan order', async () => {
    const db = join(tmp.make(), 'w.db');
    const c = capture();
    let running = 0;
    let peak = 0;
    const base = ctx(c);
    const t0 = performance.now();
    const code = await main(['compare', '--scenario', 'tiny', '--sweep', 'fake-policy.wallMs=300,50,150', '--seeds', '1-2', '--jobs', '3', '--json', '--db', db], {
      ...base,
      openRuns: async (o) => {
        const s = await base.openRuns(o);
        s.onStatus((e) => {
          if (e.status === 'running') peak = Math.max(peak, ++running);
          else if (e.status !== 'queued') running--;
        });
        return s;
      },
    });
    expect(code, c.stderr.join('\n')).toBe(0);
    expect(peak).toBe(3);
    const j = JSON.parse(c.stdout.join('\n'));
    expect(j.rows.map((r: { label: string }) => r.label)).toEqual(['fake-policy wallMs=300', 'fake-policy wallMs=50', 'fake-policy wallMs=150']);
    expect(j.rows.map((r: { runIds: number[] }) => r.runIds)).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(j.rows.flatMap((r: { runs: { seed: number }[] }) => r.runs.map((s) => s.seed))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(c.stderr).toEqual(['saved runs #1-#6']);
    const store = openStore(db);
    try {
      expect([1, 2, 3, 4, 5, 6].map((id) => store.runs.mustGet(id).params['wallMs'])).toEqual([300, 300, 50, 50, 150, 150]);
    } finally {
      store.close();
    }
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it('Ctrl-C: the runs going end cancelled in the archive, exit 130', async () => {
    const db = join(tmp.make(), 'w.db');
    const c = capture();
    let interrupt: (s: InterruptSignal) => void = () => {};
    const base = ctx(c, { onInterrupt: (l) => ((interrupt = l), { dispose() {} }) });
    const code = await main(['compare', '--scenario', 'tiny', '--policies', 'fake-policy', '--set', 'fake-policy.wallMs=20000', '--seeds', '1-4', '--jobs', '2', '--db', db], {
      ...base,
      openRuns: async (o) => {
        const s = await base.openRuns(o);
        // Interrupt once both workers are simulating.
        let seen = 0;
        s.onProgress(() => {
          if (++seen === 4) interrupt('SIGINT');
        });
        return s;
      },
    });
    expect(code).toBe(130);
    expect(c.stderr).toEqual(['cmawb: cancelling (Ctrl-C again to stop at once)', 'cmawb: compare: cancelled (Ctrl-C) after 0 of 4 runs; runs #1, #2 stored as cancelled; 2 not started']);
    const store = openStore(db);
    try {
      expect(store.runs.list({}).map((r) => [r.id, r.status]).sort()).toEqual([
        [1, 'cancelled'],
        [2, 'cancelled'],
      ]);
    } finally {
      store.close();
    }
  });
});
