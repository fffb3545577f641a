import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { renderRunReport } from '../../src/cli/report.ts';
import type { RunInput } from '../../src/engine/result.ts';
import type { CliContext, InterruptSignal, RunServiceOptions } from '../../src/cli/context.ts';
import { capture, fakeContext, fakeRunner, fakeRuns, summary, TINY, TINY_JSON, type FakeRunner } from './helpers.ts';

async function cli(argv: string[], over: Partial<CliContext> & { runner?: FakeRunner } = {}) {
  const c = capture();
  const code = await main(argv, fakeContext(c, over));
  return { code, stdout: c.stdout, stderr: c.stderr };
}

describe('cmawb run', () => {
  it('--json prints exactly one RunSummary object and the save note on stderr', async () => {
    const calls: RunInput[] = [];
    const opened: RunServiceOptions[] = [];
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', 'ratio=0.25', '--seed', '7', '--json', '--db', 'x.db'], {
      openRuns: fakeRuns(fakeRunner(calls), { firstId: 5, opened }),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(1);
    const j = JSON.parse(r.stdout[0]!);
    expect(j.policy).toBe('gcma');
    expect(j.seed).toBe(7);
    expect(j.params).toEqual({ ratio: 0.25, batch: 32, writeThrough: true });
    expect(Object.keys(j)).toEqual(Object.keys(summary()));
    expect(r.stderr).toEqual(['saved run #5']);
    expect(opened).toEqual([{ save: true, db: 'x.db', timeoutS: 3600, jobs: 1 }]);
    expect(calls[0]!.options).toBeUndefined();
  });

  it('defaults seed 1, honours --no-baseline and --no-save, and prints a report', async () => {
    const calls: RunInput[] = [];
    const opened: RunServiceOptions[] = [];
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--no-baseline', '--no-save', '--timeout', '2.5'], {
      openRuns: fakeRuns(fakeRunner(calls), { opened }),
    });
    expect(r.code).toBe(0);
    expect(opened).toEqual([{ save: false, db: undefined, timeoutS: 2.5, jobs: 1 }]);
    expect(calls[0]!.seed).toBe(1);
    expect(calls[0]!.options).toEqual({ baseline: false });
    const text = r.stdout.join('\n');
    expect(text).toMatch(/Contiguous requests/);
    expect(text).toMatch(/By request size/);
    expect(text).not.toMatch(/saved run/);
  });

  it('prints "saved run #ID" on stdout without --json', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', 'preset=android']);
    expect(r.stdout.at(-1)).toBe('saved run #42');
    expect(r.stdout.join('\n')).toMatch(/params: .*preset=android/);
  });

  it('a failed run is exit 1 with one message, naming the stored run when saving', async () => {
    const runner = () => {
      throw new Error('engine not built yet');
    };
    let r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--no-save'], { runner });
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['cmawb: run: engine not built yet']);
    expect(r.stdout).toEqual([]);
    r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--json'], { openRuns: fakeRuns(runner, { firstId: 8 }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['cmawb: run: engine not built yet; stored as failed run #8']);
    // --json: stdout is still one JSON object, the error and the exit code.
    expect(r.stdout.map((l) => JSON.parse(l))).toEqual([{ error: 'engine not built yet; stored as failed run #8', exitCode: 1 }]);
  });

  it('bad --timeout values are usage errors', async () => {
    for (const [v, msg] of [
      ['-1', 'cmawb: --timeout: expected seconds (a non-negative number), got "-1"'],
      ['soon', 'cmawb: --timeout: expected seconds (a non-negative number), got "soon"'],
      ['1e9', 'cmawb: --timeout: expected seconds (a non-negative number), got "1e9"'],
    ]) {
      const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--timeout', v!]);
      expect([r.code, r.stderr]).toEqual([2, [msg]]);
    }
  });

  it('Ctrl-C cancels the run: exit 130 with one line', async () => {
    let interrupt: (s: InterruptSignal) => void = () => {};
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma'], {
      onInterrupt: (l) => ((interrupt = l), { dispose() {} }),
      // The fake manager starts a run on a later tick; Ctrl-C before that cancels it.
      openRuns: async (o) => {
        const s = await fakeRuns(fakeRunner(), { firstId: 3 })(o);
        return { ...s, submit: (i) => (setImmediate(() => interrupt('SIGINT')), s.submit(i)) };
      },
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual(['cmawb: cancelling (Ctrl-C again to stop at once)', 'cmawb: run: cancelled (Ctrl-C); run #3 stored as cancelled']);
  });

  it('shows progress on a TTY and clears the line afterwards', async () => {
    const writes: string[] = [];
    let t = 0;
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--no-save'], {
      progress: { isTTY: true, write: (s) => writes.push(s) },
      clock: () => (t += 1000),
    });
    expect(r.code).toBe(0);
    expect(writes[0]).toMatch(/^\rtiny\/gcma \[#+\.+\]\s+\d+% main/);
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('shows no progress with --json', async () => {
    const writes: string[] = [];
    await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--no-save', '--json'], {
      progress: { isTTY: true, write: (s) => writes.push(s) },
    });
    expect(writes).toEqual([]);
  });
});

describe('--scenario-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cmawb-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const realFs = { readFile: (p: string) => readFileSync(p, 'utf8') };

  it('runs a valid file', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ ...TINY_JSON, name: 'from-file' }));
    const calls: RunInput[] = [];
    const r = await cli(['run', '--scenario-file', file, '--policy', 'carveout', '--no-save', '--json'], { ...realFs, runner: fakeRunner(calls) });
    expect(r.code).toBe(0);
    expect(calls[0]!.scenario.name).toBe('from-file');
  });

  it('names the bad field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...TINY_JSON, machine: { ...TINY_JSON.machine, memMiB: -5 } }));
    const r = await cli(['run', '--scenario-file', file, '--policy', 'carveout', '--no-save'], realFs);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(new RegExp(`^cmawb: ${file}: invalid scenario: machine\\.memMiB: `));
  });

  it('names a bad field inside a workload', async () => {
    const file = join(dir, 'bad2.json');
    writeFileSync(file, JSON.stringify({ ...TINY_JSON, workloads: [{ ...TINY_JSON.workloads[0], count: 0 }] }));
    const r = await cli(['compare', '--scenario-file', file, '--policies', 'carveout'], realFs);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/invalid scenario: workloads\.0\.count: /);
  });

  it('reports unreadable files and bad JSON', async () => {
    let r = await cli(['run', '--scenario-file', join(dir, 'missing.json'), '--policy', 'carveout'], realFs);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/missing\.json: no such file$/);
    // The whole of `cmawb scenarios --json` is a list: say to keep one.
    const list = join(dir, 'all.json');
    writeFileSync(list, JSON.stringify([TINY_JSON, TINY_JSON]));
    r = await cli(['run', '--scenario-file', list, '--policy', 'carveout'], realFs);
    expect(r.stderr).toEqual([`cmawb: ${list}: holds a list of 2 scenarios; keep one object (e.g. jq '.[0]' ${list})`]);
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": ');
    r = await cli(['run', '--scenario-file', file, '--policy', 'carveout'], realFs);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/not valid JSON/);
  });

  it('refuses both --scenario and --scenario-file', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--scenario-file', 'x.json', '--policy', 'carveout']);
    expect(r.stderr).toEqual(['cmawb: give --scenario or --scenario-file, not both']);
  });
});

describe('--scenario-set', () => {
  it('changes fields of the scenario, machine and a named workload, and renames the result', async () => {
    const calls: RunInput[] = [];
    const r = await cli(
      ['run', '--scenario', 'tiny', '--policy', 'carveout', '--no-save', '--json', '--scenario-set', 'device.count=3', '--scenario-set', 'machine.memMiB=128', '--scenario-set', 'durationS=20', '--scenario-set', 'device.sizes=[4, 8]'],
      { runner: fakeRunner(calls) },
    );
    expect(r.code).toBe(0);
    const s = calls[0]!.scenario;
    expect(s.name).toBe('tiny-custom');
    expect(s.title).toBe('A tiny test machine (device.count=3, machine.memMiB=128, durationS=20, device.sizes=[4, 8])');
    expect(s.durationS).toBe(20);
    expect(s.machine.memMiB).toBe(128);
    expect(s.workloads[0]).toMatchObject({ kind: 'contig', count: 3, sizes: [4, 8] });
  });

  it('sets an optional field the scenario leaves out', async () => {
    const calls: RunInput[] = [];
    expect(TINY.machine.kernelReservedMiB).toBeUndefined();
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--no-save', '--json', '--scenario-set', 'machine.kernelReservedMiB=30'], {
      runner: fakeRunner(calls),
    });
    expect(r.code).toBe(0);
    expect(calls[0]!.scenario.machine.kernelReservedMiB).toBe(30);
  });

  it('applies to every run of a compare', async () => {
    const calls: RunInput[] = [];
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout,gcma', '--seeds', '1-2', '--no-save', '--json', '--scenario-set', 'device.count=5'], {
      runner: fakeRunner(calls),
    });
    expect(r.code).toBe(0);
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.scenario.name === 'tiny-custom' && c.scenario.workloads[0]!.kind === 'contig' && c.scenario.workloads[0]!.count === 5)).toBe(true);
  });

  it('compare --scenario-sweep makes one row per policy and value, each run with its own scenario', async () => {
    const calls: RunInput[] = [];
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout,gcma', '--no-save', '--json', '--scenario-sweep', 'device.count=2,4'], {
      runner: fakeRunner(calls),
    });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout[0]!);
    // Typed as applied, like --sweep's values.
    expect(j.scenarioSweep).toEqual({ path: 'device.count', values: [2, 4] });
    expect(j.rows.map((row: { label: string }) => row.label)).toEqual(['carveout device.count=2', 'carveout device.count=4', 'gcma device.count=2', 'gcma device.count=4']);
    expect(calls.map((c) => (c.scenario.workloads[0]!.kind === 'contig' ? c.scenario.workloads[0]!.count : -1))).toEqual([2, 4, 2, 4]);
    expect(calls[1]!.scenario.title).toBe('A tiny test machine (device.count=4)');
  });

  it('compare --scenario-sweep checks every value before running, and takes one sweep at a time', async () => {
    const calls: RunInput[] = [];
    const err = async (...flags: string[]) => {
      const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout', '--no-save', ...flags], { runner: fakeRunner(calls) });
      expect(r.code).toBe(2);
      return r.stderr[0]!;
    };
    expect(await err('--scenario-sweep', 'device.count=2,0')).toBe('cmawb: --scenario-sweep device.count=0: must be at least 1');
    expect(await err('--scenario-sweep', 'device.count=2')).toMatch(/expected two or more comma-separated values/);
    expect(await err('--scenario-sweep', 'device.count=2,2')).toMatch(/a value is repeated/);
    expect(await err('--scenario-sweep', 'device.count=2,3', '--scenario-set', 'device.count=5')).toMatch(/both given; keep one/);
    expect(await err('--scenario-sweep', 'device.count=2,3', '--sweep', 'carveout.x=1,2')).toMatch(/give --sweep or --scenario-sweep, not both/);
    expect(calls).toHaveLength(0);
  });

  it('names what is wrong: an unknown field (with the closest), a bad value, a path that leads nowhere', async () => {
    const err = async (set: string) => {
      const r = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--no-save', '--scenario-set', set]);
      expect(r.code).toBe(2);
      expect(r.stderr).toHaveLength(1);
      return r.stderr[0]!;
    };
    expect(await err('device.cuont=3')).toMatch(/^cmawb: --scenario-set device\.cuont: workload device has no field "cuont" \(did you mean count\?\); fields: name, /);
    expect(await err('count=3')).toMatch(/the scenario has no field "count" \(did you mean device\.count\?\)/);
    expect(await err('device.count=0')).toBe('cmawb: --scenario-set device.count=0: must be at least 1');
    expect(await err('durationS=soon')).toMatch(/^cmawb: --scenario-set durationS: the field is a number: write a decimal number such as 32, 0.5 or 2e6, got "soon"$/);
    expect(await err('camera.count=3')).toMatch(/"camera" is not a group of fields in the scenario; workloads: device$/);
    expect(await err('device.kind=slab')).toMatch(/the kind of workload device cannot be changed/);
    expect(await err('device.count')).toMatch(/expected path=value/);
  });
});

describe('renderRunReport', () => {
  it('covers requests, failures, sizes, bound, background, region and vmstat', () => {
    const text = renderRunReport(
      summary({
        requests: { ...summary().requests, boundUs: { mean: 50, max: 900, violations: 0 } },
        failures: { pinned: 1, writeback: 0 },
      }),
    ).join('\n');
    expect(text).toMatch(/requests\s+10: 9 succeeded \(90\.0%\), 1 failed/);
    expect(text).toMatch(/latency\s+mean 100 µs\s+p50 80 µs\s+p90 150 µs\s+p99 300 µs\s+max 400 µs/);
    expect(text).toMatch(/bound\s+mean 50 µs\s+max 900 µs/);
    expect(text).toMatch(/Failures by reason\n\s+pinned\s+1\n\n/);
    expect(text).toMatch(/\n\s+16\s+64 KiB\s+5\s+1\s+90 µs\s+180 µs\s+400 µs/);
    expect(text).toContain('Slowest requests');
    expect(text).toMatch(/\n\s+7\s+16\s+400 µs\s+ok\s+waited for writeback \(2 pages\)/);
    expect(text).toMatch(/\n\s+3\s+16\s+310 µs\s+-EBUSY: short-term GUP pin\s+short-term GUP pin\n/);
    expect(text).toMatch(/slowdown\s+\+3\.0%/);
    expect(text).toMatch(/utilisation\s+40\.0% mean/);
    expect(text).toMatch(/pgmigrate_success\s+100/);
    expect(text).not.toMatch(/cma_alloc_fail/);
    expect(text).not.toMatch(/OOM kills/);
  });

  it('says a slow request with no page named lost its time to its own work', () => {
    const s = summary();
    const slowest = [{ id: 9, pages: 32000, latencyUs: 1_176_407, ok: true, reason: null, causes: {} }];
    const text = renderRunReport({ ...s, requests: { ...s.requests, slowest } }).join('\n');
    expect(text).toMatch(/\n\s+9\s+32000\s+\S+ s\s+ok\s+none named \(its own work\)/);
  });

  it('gives no latency for a size that never succeeded, and no blocker column for a failure nothing blocked', () => {
    const s = summary();
    const bySize = { '100000': { count: 2, failed: 2, minUs: 0, meanUs: 0, maxUs: 0 } };
    const slowest = [{ id: 4, pages: 100000, latencyUs: 0, ok: false, reason: 'no free range in the area', causes: {} }];
    const text = renderRunReport({ ...s, requests: { ...s.requests, bySize, slowest } }).join('\n');
    expect(text).toMatch(/\n\s+100000\s+391 MiB\s+2\s+2\s+-\s+-\s+-\n/);
    // A request that failed at once has no latency to show: "-", not "0 µs".
    expect(text).toMatch(/\n\s+4\s+100000\s+-\s+no free range in the area\s+-\n/);
  });

  it('says when OOM kills cut the background work short', () => {
    const s = summary();
    const text = renderRunReport({ ...s, vmstat: { ...s.vmstat, oom_kill: 3 } }).join('\n');
    expect(text).toMatch(/OOM kills\s+3 \(their work was skipped: completion is shorter than a real run's\)/);
  });
});

describe('cmawb scenarios / policies', () => {
  it('lists scenarios as a table and as JSON', async () => {
    let r = await cli(['scenarios']);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toMatch(/^name\s+platform\s+RAM\s+region\s+swap\s+duration\s+workloads$/);
    expect(r.stdout[2]).toMatch(/^tiny\s+rpi2\s+64 MiB\s+8 MiB\s+none\s+10 s\s+device \(contig\)$/);
    r = await cli(['scenarios', '--json']);
    expect(JSON.parse(r.stdout.join('\n'))[0].name).toBe('tiny');
  });

  it('lists policies with parameters and presets', async () => {
    let r = await cli(['policies']);
    expect(r.code).toBe(0);
    const text = r.stdout.join('\n');
    expect(text).toMatch(/^carveout 1\.0\.0: static reservation\n  no parameters/);
    expect(text).toMatch(/ratio\s+number\s+0\.5\s+0\.\.1\s+cleancache share/);
    expect(text).toMatch(/batch\s+integer\s+32 pages\s+1\.\.1024/);
    expect(text).toMatch(/writeThrough\s+boolean\s+true\s+true\|false/);
    expect(text).toMatch(/presets \(--set preset=NAME\):\n\s+android: Android 2025 GCMA \(cleancache only\)\n\s+ratio=1/);
    r = await cli(['policies', '--json']);
    const j = JSON.parse(r.stdout.join('\n'));
    expect(j.map((p: { name: string }) => p.name)).toEqual(['carveout', 'gcma']);
    expect(j[1].params[0]).toMatchObject({ key: 'ratio', type: 'number', default: 0.5, min: 0, max: 1 });
    expect(j[1].presets[0].models).toMatch(/Android/);
  });
});
