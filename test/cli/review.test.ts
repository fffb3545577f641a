/*
 * The fixes of a fresh-user review of the CLI, one test per finding (the
 * `runs` ones are in runs.test.ts): --db and file checks, a scenario file
 * that shadows a built-in, compare --json's typed sweep values, --json
 * failures, SIGTERM, help text, exit codes and number formatting.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, USAGE } from '../../src/cli/main.ts';
import { renderRunReport } from '../../src/cli/report.ts';
import { compareTable, makeRow } from '../../src/cli/compare-table.ts';
import { formatCount, formatCountCi, formatLatencyStats, formatWithCi } from '../../src/cli/format.ts';
import { openManagerRuns } from '../../src/cli/run-service.ts';
import { onSignal, type CliContext, type InterruptSignal, type RunServiceOptions } from '../../src/cli/context.ts';
import type { RunInput, RunSummary } from '../../src/engine/result.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';
import { capture, fakeContext, fakeRunner, fakeRuns, summary, TINY, TINY_JSON, type FakeRunner } from './helpers.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

async function cli(argv: string[], over: Partial<CliContext> & { runner?: FakeRunner; files?: Record<string, string> } = {}) {
  const c = capture();
  const code = await main(argv, fakeContext(c, over));
  return { code, stdout: c.stdout, stderr: c.stderr };
}

/** A summary in which no request succeeded, latency null as engine 0.13.0 reports it. */
function noneSucceeded(latency: 'null' | 'zero' = 'null'): RunSummary {
  const s = summary();
  const v = latency === 'null' ? null : 0;
  return {
    ...s,
    requests: {
      ...s.requests,
      succeeded: 0,
      failed: 10,
      latencyUs: { mean: v, p50: v, p90: v, p99: v, max: v } as unknown as RunSummary['requests']['latencyUs'],
      slowest: [{ id: 2, pages: 16, latencyUs: 0, ok: false, reason: 'no free range in the area', causes: {} }],
    },
  };
}

describe('--db checks for commands that write runs (findings 3, 14)', () => {
  it('run refuses a --db that is a folder, or whose folder does not exist, before any run (exit 2)', async () => {
    const dir = tmp.make();
    const calls: RunInput[] = [];
    const folder = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--db', dir], { runner: fakeRunner(calls) });
    expect([folder.code, folder.stderr]).toEqual([2, [`cmawb: --db ${dir} is a folder; give the archive's file name (e.g. ${join(dir, 'workbench.db')})`]]);
    const deep = join(dir, 'no', 'such', 'x.db');
    const nodir = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--db', deep], { runner: fakeRunner(calls) });
    expect([nodir.code, nodir.stderr]).toEqual([2, [`cmawb: --db ${deep}: folder ${join(dir, 'no', 'such')} does not exist`]]);
    expect(calls).toEqual([]);
    // --no-save ignores --db.
    expect((await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--db', dir, '--no-save'])).code).toBe(0);
  });

  it('the real run service names the path too', async () => {
    const dir = tmp.make();
    const opts: RunServiceOptions = { save: true, db: dir, timeoutS: 1, jobs: 1 };
    await expect(openManagerRuns(opts, capture().out)).rejects.toThrow(`--db ${dir} is a folder`);
  });
});

describe('latency when no request succeeded (finding 5)', () => {
  it('the run report says "none succeeded" and shows no 0 latency, null or 0', () => {
    for (const kind of ['null', 'zero'] as const) {
      const text = renderRunReport(noneSucceeded(kind)).join('\n');
      expect(text).toMatch(/\n\s+latency\s+none succeeded\n/);
      expect(text).toMatch(/Slowest requests \(none succeeded/);
      expect(text).not.toMatch(/\b0 µs/);
    }
  });

  it('formatLatencyStats prints "-" for null fields', () => {
    expect(formatLatencyStats({ mean: null, p50: null, p90: null, p99: null, max: null })).toBe('mean -  p50 -  p90 -  p99 -  max -');
  });

  it('compare leaves latency cells empty for a row where nothing succeeded, and pools only measured seeds', () => {
    const none = compareTable([makeRow('x', 'x', {}, [noneSucceeded('zero')])]);
    expect(none[2]).toMatch(/^x\s+0%\s+-\s+-\s+-\s+-\s/);
    const mixed = makeRow('y', 'y', {}, [noneSucceeded('zero'), summary()]);
    expect(mixed.stats['latencyMeanUs']).toMatchObject({ mean: 100, n: 1 });
  });
});

describe('a scenario file named like a built-in (finding 6)', () => {
  it('runs as NAME-custom with a note on stderr when its content differs', async () => {
    const calls: RunInput[] = [];
    const r = await cli(['run', '--scenario-file', 's.json', '--policy', 'carveout', '--json', '--no-save'], { files: { 's.json': JSON.stringify(TINY_JSON) }, runner: fakeRunner(calls) });
    expect(r.code).toBe(0);
    expect(calls.map((c) => c.scenario.name)).toEqual(['tiny-custom']);
    expect(r.stderr).toEqual(['cmawb: note: s.json differs from the built-in scenario tiny; it runs as tiny-custom']);
  });

  it('keeps the name of an identical copy', async () => {
    const calls: RunInput[] = [];
    const r = await cli(['run', '--scenario-file', 's.json', '--policy', 'carveout', '--json', '--no-save'], { files: { 's.json': JSON.stringify(TINY) }, runner: fakeRunner(calls) });
    expect(calls.map((c) => c.scenario.name)).toEqual(['tiny']);
    expect(r.stderr).toEqual([]);
  });

  it('reads a file that starts with a UTF-8 BOM (finding 14)', async () => {
    const r = await cli(['run', '--scenario-file', 's.json', '--policy', 'carveout', '--json', '--no-save'], { files: { 's.json': '\ufeff' + JSON.stringify(TINY) } });
    expect([r.code, r.stderr]).toEqual([0, []]);
  });
});

describe('compare --json (finding 7)', () => {
  it('scenarioSweep values are typed, and every row has its sweep value', async () => {
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout', '--scenario-sweep', 'device.count=2,4', '--json', '--no-save']);
    const j = JSON.parse(r.stdout.join('\n'));
    expect(j.scenarioSweep).toEqual({ path: 'device.count', values: [2, 4] });
    expect(j.rows.map((row: { sweep: unknown; scenarioSweep: unknown; runIds: unknown }) => [row.sweep, row.scenarioSweep, row.runIds])).toEqual([
      [null, { path: 'device.count', value: 2 }, null],
      [null, { path: 'device.count', value: 4 }, null],
    ]);
  });

  it('--sweep rows carry {key, value}; other rows null', async () => {
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout', '--sweep', 'gcma.writeThrough=true,false', '--json']);
    const rows = JSON.parse(r.stdout.join('\n')).rows as { label: string; sweep: unknown; scenarioSweep: unknown; runIds: unknown }[];
    expect(rows.map((row) => [row.label, row.sweep, row.scenarioSweep])).toEqual([
      ['carveout', null, null],
      ['gcma writeThrough=true', { key: 'writeThrough', value: true }, null],
      ['gcma writeThrough=false', { key: 'writeThrough', value: false }, null],
    ]);
    expect(rows[0]!.runIds).toEqual([42]);
  });
});

describe('--json failures (finding 8)', () => {
  it('a usage error of run --json prints {error, exitCode} on stdout too', async () => {
    const r = await cli(['run', '--scenario', 'nope', '--policy', 'gcma', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stdout.map((l) => JSON.parse(l))).toEqual([{ error: r.stderr[0]!.replace(/^cmawb: /, ''), exitCode: 2 }]);
  });

  it('a failed compare --json prints one JSON object with exit code 1', async () => {
    const runner = () => {
      throw new Error('boom');
    };
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--json', '--no-save'], { runner });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.join('\n'))).toEqual({ error: 'gcma seed 1: boom', exitCode: 1 });
  });
});

describe('SIGTERM (finding 9)', () => {
  it('cancels the runs like Ctrl-C and exits 143 with one line', async () => {
    let interrupt: (s: InterruptSignal) => void = () => {};
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma'], {
      onInterrupt: (l) => ((interrupt = l), { dispose() {} }),
      openRuns: async (o) => {
        const s = await fakeRuns(fakeRunner(), { firstId: 3 })(o);
        return { ...s, submit: (i) => (setImmediate(() => interrupt('SIGTERM')), s.submit(i)) };
      },
    });
    expect(r.code).toBe(143);
    expect(r.stderr).toEqual(['cmawb: cancelling (SIGTERM)', 'cmawb: run: cancelled (SIGTERM); run #3 stored as cancelled']);
  });

  it('the real listener takes SIGTERM as well as SIGINT', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const seen: InterruptSignal[] = [];
    const sub = onSignal((s) => seen.push(s));
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([before[0]! + 1, before[1]! + 1]);
    process.emit('SIGTERM', 'SIGTERM');
    sub.dispose();
    expect(seen).toEqual(['SIGTERM']);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});

describe('help text (finding 10)', () => {
  it('the top-level help lists the options of run and compare and every runs subcommand', () => {
    const text = USAGE.join('\n');
    for (const flag of ['--scenario-file', '--scenario-set', '--no-baseline', '--db', '--scenario-sweep', '--set', '--no-save']) expect(text).toContain(flag);
    expect(text).toMatch(/runs list\|show\|compare\|tag\|untag\|note\|delete\|rerun\|export\|import/);
    expect(text).toMatch(/143/);
  });

  it('compare --help names every key of its --json object', async () => {
    const r = await cli(['compare', '--help']);
    expect(r.stdout.join('\n')).toMatch(/--json\s+print \{scenario, seeds, sweep, scenarioSweep, rows\}/);
  });
});

describe('exit codes (finding 13)', () => {
  it('plugin new into a folder that exists and is not empty: exit 2, one line', async () => {
    const dir = tmp.make();
    mkdirSync(join(dir, 'taken-name'));
    writeFileSync(join(dir, 'taken-name', 'x'), '');
    const c = capture();
    const code = await main(['plugin', 'new', 'taken-name', '--dir', dir], { out: c.out });
    expect(code).toBe(2);
    expect(c.stderr).toEqual([`cmawb: plugin new: ${join(dir, 'taken-name')} already exists and is not empty; pick another name or --dir`]);
  });
});

describe('number formatting (finding 14)', () => {
  it('a count ± its half-width in the same unit', () => {
    expect(formatWithCi({ mean: 61_800, ci95: 8023, n: 5 }, formatCount, formatCountCi)).toBe('61.8k ± 8.02k');
    expect(formatWithCi({ mean: 900, ci95: 80, n: 5 }, formatCount, formatCountCi)).toBe('900 ± 80');
    const rows = [1, 2, 3].map((seed) => summary({ seed, vmstat: { ...summary().vmstat, workingset_refault: 55_000 + seed * 5000 } }));
    expect(compareTable([makeRow('r', 'r', {}, rows)])[2]).toMatch(/\s65k ± 12\.4k\s/);
  });

  it('--version --json prints the version facts as one object', async () => {
    const c = capture();
    expect(await main(['--version', '--json'], { out: c.out })).toBe(0);
    const v = JSON.parse(c.stdout.join('\n'));
    expect(Object.keys(v)).toEqual(['version', 'engineVersion', 'sdkVersion', 'nodeVersion']);
    expect(v.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
