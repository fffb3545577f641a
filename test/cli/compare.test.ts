import { describe, expect, it } from 'vitest';
import { abbreviateReason, compareTable, failureCell, failureLegend, formatSeeds, formatSwapMiB, makeRow, SWAP_HEADER } from '../../src/cli/compare-table.ts';
import { rowStats } from '../../src/shared/compare-metrics.ts';
import { formatIds, planCompare } from '../../src/cli/commands/compare.ts';
import { main } from '../../src/cli/main.ts';
import type { RunInput } from '../../src/engine/result.ts';
import type { InterruptSignal, RunServiceOptions } from '../../src/cli/context.ts';
import { capture, fakeContext, fakeRunner, fakeRuns, summary } from './helpers.ts';

const lat = (mean: number) => ({ mean, p50: mean, p90: mean, p99: mean, max: mean });

describe('rowStats', () => {
  it('computes mean and 95% CI per metric over seeds', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) =>
      summary({ seed, requests: { ...summary().requests, latencyUs: lat(seed * 1000), succeeded: 10 - (seed % 2), failed: seed % 2 } }),
    );
    const s = rowStats(runs);
    expect(s['latencyMeanUs']!.mean).toBe(3000);
    expect(s['latencyMeanUs']!.ci95).toBeCloseTo(1963.243, 0);
    expect(s['latencyMeanUs']!.n).toBe(5);
    expect(s['successRate']!.mean).toBeCloseTo((9 + 10 + 9 + 10 + 9) / 50, 10);
    expect(s['refaults']!.mean).toBe(12);
    expect(s['swapIo']!.mean).toBe(7);
    expect(s['slowdown']!.mean).toBeCloseTo(1.03, 10);
    expect(s['boundMeanUs']).toEqual({ mean: null, ci95: null, n: 0 });
  });

  it('counts a failure reason as 0 in runs that lack it', () => {
    const pin = '-EBUSY: short-term GUP pin';
    const wb = '-EBUSY: under writeback';
    const s = rowStats([summary({ failures: { [pin]: 4, [wb]: 1 } }), summary({ failures: {} })]);
    expect(s[`failures.${pin}`]!.mean).toBe(2);
    expect(s[`failures.${wb}`]!.mean).toBe(0.5);
    expect(failureCell(s)).toBe('pin:2 wb:0.5');
    expect(failureCell(rowStats([summary({ failures: {} })]))).toBe('-');
  });
});

describe('failure reasons', () => {
  it('abbreviates the engine causes and explains them in a legend', () => {
    expect(abbreviateReason('-EBUSY: long-term GUP pin')).toBe('lpin');
    expect(abbreviateReason('-ENOMEM: no destination page')).toBe('nomem');
    expect(abbreviateReason('no free range in the area')).toBe('full');
    expect(abbreviateReason('-EBUSY: Something New happened')).toBe('something');
    const row = makeRow('x', 'x', {}, [summary({ failures: { '-EBUSY: under writeback': 2, 'no free range in the area': 1 } })]);
    expect(failureLegend([row])).toEqual(['wb = -EBUSY: under writeback', 'full = no free range in the area']);
  });
});

describe('compareTable', () => {
  it('assembles one line per row from synthetic summaries', () => {
    const cma = makeRow('legacy-cma', 'legacy-cma', {}, [
      summary({
        policy: 'legacy-cma',
        requests: { ...summary().requests, count: 32, succeeded: 30, failed: 2, latencyUs: { mean: 298_640, p50: 200_000, p90: 1e6, p99: 2e6, max: 2_768_349 } },
        failures: { '-EBUSY: short-term GUP pin': 1, '-EBUSY: under writeback': 1 },
        background: { completionS: 523.7, baselineS: 507.7, slowdown: 523.7 / 507.7, perWorkload: {} },
        region: { pages: 65536, meanUtilisation: 0.8 },
      }),
    ]);
    const gcma = makeRow('gcma', 'gcma', {}, [
      summary({
        requests: { ...summary().requests, count: 32, succeeded: 32, failed: 0, latencyUs: { mean: 13_091, p50: 10_000, p90: 50_000, p99: 80_000, max: 86_887 } },
        failures: {},
        background: { completionS: 515, baselineS: 507.7, slowdown: 515 / 507.7, perWorkload: {} },
      }),
    ]);
    const lines = compareTable([cma, gcma]);
    expect(lines[0]).toMatch(/^policy\s+success\s+mean\s+p50\s+p99\s+max\s+failures\s+bg slowdown\s+region util\s+refaults\s+swap I\/O MiB$/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^legacy-cma\s+93\.8%\s+299 ms\s+200 ms\s+2 s\s+2\.77 s\s+pin:1 wb:1\s+\+3\.2%\s+80\.0%\s+12\s+0\.03$/);
    expect(lines[3]).toMatch(/^gcma\s+100%\s+13\.1 ms\s+10 ms\s+80 ms\s+86\.9 ms\s+-\s+\+1\.4%/);
    // Columns line up: every line has the same width up to trailing spaces of the last column.
    const widths = new Set(lines.map((l) => [...l].length));
    expect(widths.size).toBe(1);
  });

  it('shows swap I/O in MiB, the unit in the header, not as a bare page count', () => {
    expect(SWAP_HEADER).toBe('swap I/O MiB');
    // pswpin + pswpout pages of 4 KiB: 256 pages are 1 MiB.
    expect([formatSwapMiB(0), formatSwapMiB(7), formatSwapMiB(256), formatSwapMiB(640), formatSwapMiB(248_064), formatSwapMiB(3_030_000), formatSwapMiB(null)]).toEqual([
      '0', '0.03', '1', '2.5', '969', '11.8k', '-',
    ]);
    const row = makeRow('carveout', 'carveout', {}, [1, 2].map((seed) => summary({ seed, vmstat: { ...summary().vmstat, pswpin: 0, pswpout: seed * 1_515_000 } })));
    const lines = compareTable([row]);
    expect(lines[0]).toMatch(/swap I\/O MiB$/);
    // Mean ± CI half-width, both in MiB, written as every count is (no thousands separator; k from 10,000 on).
    expect(lines[2]).toMatch(/\s8877 ± 37\.6k$/);
  });

  it('shows mean ± CI with several seeds and bound columns when a row has a bound', () => {
    const runs = [1, 2, 3].map((seed) =>
      summary({ seed, requests: { ...summary().requests, latencyUs: lat(seed * 100), boundUs: { mean: 500, max: 900, violations: 0 } } }),
    );
    const lines = compareTable([makeRow('gcma ratio=0.25', 'gcma', { ratio: 0.25 }, runs)]);
    expect(lines[0]).toMatch(/max\s+bound mean\s+bound max\s+failures/);
    expect(lines[2]).toMatch(/^gcma ratio=0\.25\s+90\.0% ± 0\s+200 µs ± 248 µs/);
    expect(lines[2]).toMatch(/500 µs ± 0\s+900 µs ± 0/);
  });

  it('formats seed lists compactly', () => {
    expect(formatSeeds([1, 2, 3, 4, 5])).toBe('1-5');
    expect(formatSeeds([1, 2, 7])).toBe('1,2,7');
    expect(formatSeeds([1, 2, 3, 9])).toBe('1-3,9');
  });
});

describe('planCompare', () => {
  const c = capture();
  const ctx = fakeContext(c);

  it('applies --set to its policy only and makes sweep rows', () => {
    const plan = planCompare(
      ['--scenario', 'tiny', '--policies', 'carveout,gcma', '--set', 'gcma.batch=64', '--sweep', 'gcma.ratio=0.25,0.75', '--seeds', '1-3'],
      ctx,
    )!;
    expect(plan.seeds).toEqual([1, 2, 3]);
    // A row names what --set gave as well as the swept value.
    expect(plan.rows.map((r) => r.label)).toEqual(['carveout', 'gcma batch=64 ratio=0.25', 'gcma batch=64 ratio=0.75']);
    expect(plan.rows[0]!.params).toEqual({});
    expect(plan.rows[1]!.params).toEqual({ ratio: 0.25, batch: 64, writeThrough: true });
    expect(plan.sweep).toEqual({ policy: 'gcma', key: 'ratio', values: [0.25, 0.75] });
  });

  it('defaults --policies to the swept policy and accepts presets', () => {
    const plan = planCompare(['--scenario', 'tiny', '--sweep', 'gcma.preset=android,rfc-v2'], ctx)!;
    expect(plan.rows.map((r) => r.label)).toEqual(['gcma preset=android', 'gcma preset=rfc-v2']);
    const overridden = planCompare(['--scenario', 'tiny', '--sweep', 'gcma.preset=android,rfc-v2', '--set', 'gcma.ratio=0.3'], ctx)!;
    expect(overridden.rows.map((r) => r.label)).toEqual(['gcma ratio=0.3 preset=android', 'gcma ratio=0.3 preset=rfc-v2']);
    expect(overridden.rows[0]!.params['ratio']).toBe(0.3);
    expect(plan.rows[0]!.params).toEqual({ ratio: 1, batch: 32, writeThrough: true, preset: 'android' });
    const added = planCompare(['--scenario', 'tiny', '--policies', 'carveout', '--sweep', 'gcma.ratio=0,1'], ctx)!;
    expect(added.rows.map((r) => r.label)).toEqual(['carveout', 'gcma ratio=0', 'gcma ratio=1']);
    const bools = planCompare(['--scenario', 'tiny', '--sweep', 'gcma.writeThrough=true,false'], ctx)!;
    expect(bools.rows.map((r) => r.params['writeThrough'])).toEqual([true, false]);
  });
});

describe('cmawb compare', () => {
  async function cli(argv: string[], calls: RunInput[] = []) {
    const c = capture();
    const code = await main(argv, fakeContext(c, { runner: fakeRunner(calls) }));
    return { code, stdout: c.stdout, stderr: c.stderr };
  }

  it('runs every row on every seed and prints one table', async () => {
    const calls: RunInput[] = [];
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout,gcma', '--seeds', '1,2'], calls);
    expect(r.code).toBe(0);
    expect(calls.map((c) => `${c.policy}/${c.seed}`)).toEqual(['carveout/1', 'carveout/2', 'gcma/1', 'gcma/2']);
    expect(r.stdout[0]).toBe('tiny: seeds 1,2 (n=2); cells are mean ± 95% CI half-width');
    expect(r.stdout.some((l) => /^gcma\s/.test(l))).toBe(true);
    expect(r.stderr).toEqual([]);
  });

  it('--json prints {scenario, seeds, rows} with runs and stats', async () => {
    const r = await cli(['compare', '--scenario', 'tiny', '--sweep', 'gcma.ratio=0,0.5', '--seeds', '1-3', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(1);
    const j = JSON.parse(r.stdout[0]!);
    expect(j.scenario).toBe('tiny');
    expect(j.seeds).toEqual([1, 2, 3]);
    expect(j.rows.map((x: { label: string }) => x.label)).toEqual(['gcma ratio=0', 'gcma ratio=0.5']);
    const row = j.rows[1];
    expect(row.policy).toBe('gcma');
    expect(row.params.ratio).toBe(0.5);
    expect(row.runs).toHaveLength(3);
    expect(row.runs[0].seed).toBe(1);
    // fake latency = 100 * seed + 1000 * ratio -> 700 mean over seeds 1..3
    expect(row.stats.latencyMeanUs.mean).toBe(700);
    expect(row.stats.latencyMeanUs.n).toBe(3);
    expect(row.stats.latencyMeanUs.ci95).toBeCloseTo(248.4, 1);
  });

  it('saves every run unless --no-save; the note goes to stderr under --json', async () => {
    const calls: RunInput[] = [];
    const opened: RunServiceOptions[] = [];
    const openRuns = fakeRuns(fakeRunner(calls), { firstId: 10, opened });
    let c = capture();
    await main(['compare', '--scenario', 'tiny', '--policies', 'carveout,gcma', '--seeds', '1,2', '--db', 'a.db'], fakeContext(c, { openRuns }));
    expect(calls.map((i) => `${i.policy}/${i.seed}`)).toEqual(['carveout/1', 'carveout/2', 'gcma/1', 'gcma/2']);
    expect(opened[0]).toEqual({ save: true, db: 'a.db', timeoutS: 3600, jobs: undefined });
    expect(c.stdout.at(-1)).toBe('saved runs #10-#13');
    c = capture();
    await main(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--seeds', '1,2', '--json', '--jobs', '3', '--timeout', '60'], fakeContext(c, { openRuns }));
    expect(opened[1]).toEqual({ save: true, db: undefined, timeoutS: 60, jobs: 3 });
    expect(JSON.parse(c.stdout.join('\n')).rows[0].runIds).toEqual([14, 15]);
    expect(c.stderr).toEqual(['saved runs #14, #15']);
    c = capture();
    await main(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--no-save', '--json'], fakeContext(c, { openRuns }));
    expect(opened[2]!.save).toBe(false);
    // --no-save: runIds is present, null (documented in the README).
    expect(JSON.parse(c.stdout.join('\n')).rows[0].runIds).toBeNull();
    expect(c.stderr).toEqual([]);
    expect(formatIds([3, 5, 9])).toBe('#3, #5, #9');
  });

  it('rows come out in plan order whatever order the runs finish in', async () => {
    // The fake finishes runs in reverse submission order within each batch of --jobs.
    const c = capture();
    const base = fakeRuns(fakeRunner());
    const openRuns: typeof base = async (o) => {
      const s = await base(o);
      const delays = new Map<number, number>();
      return {
        ...s,
        submit: (input) => {
          const id = s.submit(input);
          delays.set(id, 40 - 10 * (id % 4));
          return id;
        },
        wait: async (id) => {
          const out = await s.wait(id);
          await new Promise((r) => setTimeout(r, delays.get(id)));
          return out;
        },
      };
    };
    const code = await main(['compare', '--scenario', 'tiny', '--sweep', 'gcma.ratio=0,0.5,1', '--seeds', '1-3', '--jobs', '4', '--json', '--no-save'], fakeContext(c, { openRuns }));
    expect(code).toBe(0);
    const j = JSON.parse(c.stdout.join('\n'));
    expect(j.rows.map((r: { label: string }) => r.label)).toEqual(['gcma ratio=0', 'gcma ratio=0.5', 'gcma ratio=1']);
    for (const row of j.rows) expect(row.runs.map((s: { seed: number; params: { ratio: number } }) => [s.seed, s.params.ratio])).toEqual([1, 2, 3].map((seed) => [seed, row.params.ratio]));
  });

  it('a failed run fails the compare with one line naming row and seed; the runs still going are cancelled', async () => {
    const c = capture();
    const runner = fakeRunner();
    const code = await main(
      ['compare', '--scenario', 'tiny', '--policies', 'carveout,gcma', '--seeds', '1-3', '--jobs', '1'],
      fakeContext(c, {
        openRuns: fakeRuns((input, p, hooks) => {
          if (input.policy === 'gcma' && input.seed === 2) throw new Error('plugin gcma 1.2.0 threw: boom (at gcma/index.ts:3:4)');
          return runner(input, p, hooks);
        }, { firstId: 1 }),
      }),
    );
    expect(code).toBe(1);
    expect(c.stdout).toEqual([]);
    expect(c.stderr).toEqual(['cmawb: compare: gcma seed 2: plugin gcma 1.2.0 threw: boom (at gcma/index.ts:3:4); stored as failed run #5']);
  });

  it('Ctrl-C cancels the runs going, reports what was saved and exits 130', async () => {
    const c = capture();
    let interrupt: (s: InterruptSignal) => void = () => {};
    const runner = fakeRunner();
    const code = await main(
      ['compare', '--scenario', 'tiny', '--policies', 'carveout,gcma', '--seeds', '1-2', '--jobs', '2'],
      fakeContext(c, {
        onInterrupt: (l) => ((interrupt = l), { dispose() {} }),
        // Ctrl-C while the first run is simulating: it still completes, the second (queued behind it) is cancelled.
        openRuns: fakeRuns((input, p, hooks) => {
          if (input.seed === 1) interrupt('SIGINT');
          return runner(input, p, hooks);
        }, { firstId: 20 }),
      }),
    );
    expect(code).toBe(130);
    expect(c.stdout).toEqual([]);
    expect(c.stderr).toEqual(['cmawb: cancelling (Ctrl-C again to stop at once)', 'cmawb: compare: cancelled (Ctrl-C) after 1 of 4 runs; saved run #20; run #21 stored as cancelled; 2 not started']);
  });

  it('bad --jobs values are usage errors', async () => {
    for (const v of ['0', '-2', 'many', '1.5']) {
      const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--jobs', v]);
      expect([r.code, r.stderr]).toEqual([2, [`cmawb: --jobs: expected a positive integer, got "${v}"`]]);
    }
  });

  it('rejects bad sweeps before running anything', async () => {
    const calls: RunInput[] = [];
    for (const [argv, msg] of [
      [['--sweep', 'gcma.ratio=0.5'], 'cmawb: --sweep gcma.ratio: expected two or more comma-separated values, got "0.5"'],
      [['--sweep', 'gcma.ratio=0.5,7'], 'cmawb: gcma: ratio: 7 is above the maximum 1'],
      [['--sweep', 'ratio=1,2'], 'cmawb: --sweep: expected policy.key=v1,v2,..., got "ratio=1,2"'],
      [['--policies', 'gcma', '--set', 'ratio=1'], 'cmawb: --set: expected policy.key, got "ratio" (e.g. gcma.ratio)'],
      [['--policy', 'gcma'], 'cmawb: unknown flag --policy (did you mean --policies?)'],
      [
        ['--policies', 'gcma', '--scenario-sweep', 'durationS=10,-4'],
        'cmawb: --scenario-sweep durationS=-4: must be more than 0',
      ],
      [['--policies', 'gcma,gcma'], 'cmawb: --policies: "gcma" listed twice'],
      [['--policies', 'gcma', '--set', 'gcma.ratio=0', '--sweep', 'gcma.ratio=0,1'], 'cmawb: --set gcma.ratio and --sweep gcma.ratio both given; keep one'],
    ] as const) {
      const r = await cli(['compare', '--scenario', 'tiny', ...argv], calls);
      expect(r.code).toBe(2);
      expect(r.stderr).toEqual([msg]);
    }
    expect(calls).toEqual([]);
  });
});
