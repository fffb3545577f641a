/* cmawb trace and --contig-trace: reading a device's cma trace, and replaying it in run and compare. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { renderRunReport } from '../../src/cli/report.ts';
import type { RunInput } from '../../src/engine/result.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { parseScenario } from '../../src/engine/scenario/schema.ts';
import { capture, fakeContext, fakeRunner, summary, type FakeRunner } from './helpers.ts';

const TRACE = join(import.meta.dirname, '..', 'fixtures', 'traces', 'camera-v6.txt');
const realFs = { readFile: (p: string) => readFileSync(p, 'utf8') };

async function cli(argv: string[], over: Partial<CliContext> & { runner?: FakeRunner } = {}) {
  const c = capture();
  const code = await main(argv, fakeContext(c, { ...realFs, ...over }));
  return { code, stdout: c.stdout, stderr: c.stderr };
}

describe('cmawb trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cmawb-trace-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tells what the trace holds, per task, with the traced latencies', async () => {
    const r = await cli(['trace', TRACE]);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('camera-v6.txt: 5 requests by 3 tasks over 4.1 s');
    const row = r.stdout.find((l) => l.startsWith('camera_provider-612'))!;
    expect(row.split(/\s+/)).toEqual(['camera_provider-612', '3', '3072', '12', 'ms', '250', 'ms', '1', '1']);
    expect(r.stdout).toContain('note: 2 buffers never released in the trace: held to the end of the run');
  });

  it('--json prints the import, --trace-area keeps one area', async () => {
    const r = await cli(['trace', TRACE, '--json', '--trace-area', 'reserved']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout.join('\n'));
    expect(j.requests).toBe(1);
    expect(j.workloads.map((w: { name: string }) => w.name)).toEqual(['kworker_u8_3-77']);
  });

  it('with a scenario prints one scenario that --scenario-file accepts, notes on stderr', async () => {
    const r = await cli(['trace', TRACE, '--scenario', 'tiny', '--trace-area', 'camera', '--trace-start', '2']);
    expect(r.code).toBe(0);
    const s = parseScenario(JSON.parse(r.stdout.join('\n')));
    expect(s.name).toBe('tiny-custom');
    expect(s.workloads.map((w) => [w.kind, w.startAtS])).toEqual([
      ['contigTrace', 2],
      ['contigTrace', 2],
    ]);
    expect(r.stderr.every((l) => l.startsWith('note: '))).toBe(true);
    const file = join(dir, 's.json');
    writeFileSync(file, r.stdout.join('\n'));
    const calls: RunInput[] = [];
    expect((await cli(['run', '--scenario-file', file, '--policy', 'carveout', '--no-save'], { runner: fakeRunner(calls) })).code).toBe(0);
    expect(calls[0]!.scenario.workloads[0]!.kind).toBe('contigTrace');
  });

  it('explains every wrong use with exit 2', async () => {
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'trace.dat'), Buffer.from([0x17, 0x08, 0x44, ...Buffer.from('tracing6\0\0')]));
    const cases: [string[], string][] = [
      [['trace'], 'missing the trace FILE'],
      [['trace', join(dir, 'none.txt')], 'no such file'],
      [['trace', TRACE, TRACE], 'one trace FILE at a time'],
      [['trace', TRACE, '--trace-start', '3'], '--trace-start needs --scenario or --scenario-file'],
      [['trace', TRACE, '--scenario', 'tiny', '--json'], '--json is for the import itself'],
      [['trace', TRACE, '--trace-area', 'cam'], 'no allocations in area "cam"; the trace has "camera", "reserved"'],
      [['trace', join(dir, 'empty.txt')], 'the file is empty'],
      [['trace', join(dir, 'trace.dat')], 'trace-cmd report FILE > trace.txt'],
      [['trace', TRACE, '--scenario', 'tiny', '--trace-start', '90000'], 'past the 24 h a run may last'],
      [['trace', join(import.meta.dirname, 'trace.test.ts')], 'no cma events found'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.join('\n'), argv.join(' ')).toContain(message);
    }
  });

  it('reads a UTF-16 file as PowerShell writes it, and points the replay hint at the chosen area', async () => {
    const file = join(dir, 'utf16.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(TRACE, 'utf8'), 'utf16le')]));
    const r = await cli(['trace', file, '--trace-area', 'camera']);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('utf16.txt: 4 requests by 2 tasks over 4.1 s');
    expect(r.stdout.at(-1)).toBe(`replay it: cmawb run --scenario NAME --contig-trace ${file} --trace-area camera --policy NAME`);
  });

  it('has help, the same as --help', async () => {
    const a = await cli(['help', 'trace']);
    const b = await cli(['trace', '--help']);
    expect(a.stdout).toEqual(b.stdout);
    expect(a.stdout.join('\n')).toContain('/sys/kernel/tracing/events/cma/enable');
  });
});

describe('--contig-trace', () => {
  it('replaces the scenario\'s contiguous clients in run, after --scenario-set', async () => {
    const calls: RunInput[] = [];
    const r = await cli(['run', '--scenario', 'tiny', '--scenario-set', 'durationS=20', '--contig-trace', TRACE, '--trace-start', '1', '--policy', 'carveout', '--no-save'], {
      runner: fakeRunner(calls),
    });
    expect(r.code).toBe(0);
    const s = calls[0]!.scenario;
    expect(s.name).toBe('tiny-custom');
    expect(s.title).toBe('A tiny test machine (durationS=20) (contig clients: trace camera-v6.txt)');
    expect(s.durationS).toBe(20);
    expect(s.workloads.map((w) => w.name)).toEqual(['camera_provider-612', 'media_codec-890', 'kworker_u8_3-77']);
  });

  it('replays the same trace in every row of a compare, and prints the device\'s timings once', async () => {
    const calls: RunInput[] = [];
    const base = fakeRunner(calls);
    // The engine fills requests.observed from the replayed trace; the fake runner does not run it.
    const runner: FakeRunner = (input, policy, hooks) => {
      const res = base(input, policy, hooks);
      res.summary.requests.observed = { count: 4, failed: 1, latencyUs: { mean: 67000, p50: 4000, p90: 250000, p99: 250000, max: 250000 } };
      return res;
    };
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout,gcma', '--contig-trace', TRACE, '--trace-area', 'camera', '--no-save'], { runner });
    expect(r.code).toBe(0);
    expect(calls).toHaveLength(2);
    for (const c of calls) expect(c.scenario.workloads.filter((w) => w.kind === 'contigTrace')).toHaveLength(2);
    expect(r.stdout.filter((l) => l.startsWith('traced on the device'))).toEqual(['traced on the device: mean 67 ms  p50 4 ms  p99 250 ms  max 250 ms (4 timed, 1 failed there)']);
  });

  it('tells on stderr what the replay cannot match: several areas, another area size, a longer run', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--contig-trace', TRACE, '--trace-start', '8', '--policy', 'carveout', '--no-save', '--json'], { runner: fakeRunner() });
    expect(r.code).toBe(0);
    const notes = r.stderr.filter((l) => l.startsWith('note: '));
    expect(notes).toContain('note: the trace has 2 CMA areas (camera: 4, reserved: 1), all replayed into this machine\'s one area; keep one with --trace-area NAME');
    expect(notes).toContain('note: the trace runs the scenario to 13 s (it was 10 s); background workloads that end sooner leave the machine idle');
    const one = await cli(['run', '--scenario', 'tiny', '--contig-trace', TRACE, '--trace-area', 'camera', '--policy', 'carveout', '--no-save'], { runner: fakeRunner() });
    // tiny's region is 8 MiB; the traced camera area 128 MiB.
    expect(one.stderr).toContain('note: the traced area camera is 128 MiB, this scenario\'s region 8 MiB (--scenario-set machine.regionMiB=128 to match)');
    expect(one.stderr.some((l) => l.includes('CMA areas'))).toBe(false);
  });

  it('needs the file for its companions and reports a bad file by name', async () => {
    let r = await cli(['run', '--scenario', 'tiny', '--trace-area', 'camera', '--policy', 'carveout']);
    expect([r.code, r.stderr[0]]).toEqual([2, 'cmawb: --trace-area needs --contig-trace FILE']);
    r = await cli(['run', '--scenario', 'tiny', '--contig-trace', 'nope.txt', '--policy', 'carveout']);
    expect([r.code, r.stderr[0]]).toEqual([2, 'cmawb: --contig-trace nope.txt: no such file']);
    r = await cli(['run', '--scenario', 'tiny', '--contig-trace', TRACE, '--trace-start', '100000', '--policy', 'carveout']);
    expect(r.code).toBe(2);
    expect(r.stderr.at(-1)).toMatch(/^cmawb: --contig-trace .*camera-v6.txt: the trace's last request comes 100004 s into the run, past the 24 h a run may last/);
  });

  it('the report shows the traced kernel\'s latencies beside the simulated ones', () => {
    const s = summary();
    s.requests.observed = { count: 4, failed: 1, latencyUs: { mean: 67000, p50: 4000, p90: 250000, p99: 250000, max: 250000 } };
    const line = renderRunReport(s).find((l) => l.trim().startsWith('traced'))!;
    expect(line).toContain('mean 67 ms  p50 4 ms  p90 250 ms  p99 250 ms  max 250 ms  (4 timed on the device, 1 failed there)');
    expect(renderRunReport(summary()).some((l) => l.trim().startsWith('traced'))).toBe(false);
  });
});
