import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace, parseCmaTrace, TraceError } from '../../src/engine/scenario/cma-ftrace.ts';
import { parseScenario } from '../../src/engine/scenario/schema.ts';
import { tinyScenario } from './helpers.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/traces/${name}`, import.meta.url), 'utf8');

describe('cma trace import', () => {
  it('pairs start and finish per task, times them, and keeps each task a workload of its own', () => {
    const t = parseCmaTrace(fixture('camera-v6.txt'));
    expect(t.workloads.map((w) => w.name)).toEqual(['camera_provider-612', 'media_codec-890', 'kworker_u8_3-77']);
    const cam = t.workloads[0]!.requests;
    expect(cam.map((r) => r.atMs)).toEqual([0, 2999.9, 3999.9]);
    expect(cam.map((r) => r.observedUs)).toEqual([12000, 250000, 4000]);
    expect(cam.map((r) => r.observedOk)).toEqual([true, false, true]);
    expect(cam.map((r) => r.alignOrder)).toEqual([8, 8, 8]);
    expect(t.workloads[1]!.requests[0]).toMatchObject({ atMs: 499.9, pages: 2048, observedUs: 2000 });
    expect(t).toMatchObject({ requests: 5, failed: 1, timed: 5, busyRetries: 1, areas: { camera: 4, reserved: 1 }, areaPages: { camera: 32768, reserved: 4096 } });
  });

  it('takes a buffer lifetime from its release, matched by pfn and count, and says what it could not match', () => {
    const t = parseCmaTrace(fixture('camera-v6.txt'));
    const [first, failed, last] = t.workloads[0]!.requests;
    expect(first!.holdMs).toBe(2000);
    // The device never had the failed request's buffer: a policy that gets it gives it back at once.
    expect(failed!.holdMs).toBe(0);
    // The last one is never released before the trace ends.
    expect(last!.holdMs).toBeNull();
    expect(t.workloads[1]!.requests[0]!.holdMs).toBe(3000);
    expect(t.notes).toContain('1 release of buffers allocated before the trace began (ignored)');
    expect(t.notes).toContain('1 request failed on the device: where a policy succeeds, the replay frees that buffer at once');
    expect(t.notes).toContain('2 buffers never released in the trace: held to the end of the run');
  });

  it('keeps one area with --area and names the areas it has when the name matches none', () => {
    const t = parseCmaTrace(fixture('camera-v6.txt'), { area: 'reserved' });
    expect(t.workloads.map((w) => w.name)).toEqual(['kworker_u8_3-77']);
    expect(t.requests).toBe(1);
    expect(() => parseCmaTrace(fixture('camera-v6.txt'), { area: 'cam' })).toThrow('no allocations in area "cam"; the trace has "camera", "reserved"');
  });

  it('reads the single cma_alloc event of v4.1-v5.12 kernels, padded NULL page included, without a latency', () => {
    const t = parseCmaTrace(fixture('cma-v4.txt'));
    expect(t.workloads).toHaveLength(1);
    const [a, b] = t.workloads[0]!.requests;
    expect(a).toMatchObject({ atMs: 0, pages: 256, alignOrder: 8, holdMs: 1500, observedOk: true });
    expect(a!.observedUs).toBeUndefined();
    expect(b).toMatchObject({ atMs: 1750, pages: 512, alignOrder: 9, holdMs: 0, observedOk: false });
    expect(t.timed).toBe(0);
    expect(t.workloads[0]!.name).toBe('task-1500');
  });

  it('refuses text without cma events, and says how to record them', () => {
    expect(() => parseCmaTrace('# tracer: nop\n  bash-1 [000] ..... 1.0: sched_switch: x=1\n')).toThrow(TraceError);
    expect(() => parseCmaTrace('')).toThrow(/events\/cma\/enable/);
  });

  it('names the line of a malformed field', () => {
    const bad = ' cam-1 [000] ..... 5.000000: cma_alloc_start: name=a request_count=lots align=0\n';
    expect(() => parseCmaTrace(bad)).toThrow('line 1: cma_alloc_start: request_count=lots is not a whole number');
  });

  it('reads Windows line endings and a byte-order mark as plain lines, with the same line numbers', () => {
    const text = fixture('camera-v6.txt');
    const crlf = '\uFEFF' + text.replace(/\n/g, '\r\n');
    expect(parseCmaTrace(crlf)).toEqual(parseCmaTrace(text));
    const bad = 'x\r\n cam-1 [000] ..... 5.000000: cma_alloc_start: name=a request_count=lots align=0\r\n';
    expect(() => parseCmaTrace(bad)).toThrow('line 2: cma_alloc_start: request_count=lots is not a whole number');
  });

  it('produces workloads a scenario accepts as they are', () => {
    const t = parseCmaTrace(fixture('camera-v6.txt'));
    const base = tinyScenario();
    const s = parseScenario({ ...base, workloads: [...base.workloads.filter((w) => w.kind !== 'contig'), ...t.workloads] });
    expect(s.workloads.filter((w) => w.kind === 'contigTrace')).toHaveLength(3);
  });

  it('rejects a hand-edited trace whose requests go back in time', () => {
    const base = tinyScenario();
    const w = { kind: 'contigTrace', name: 't', requests: [{ atMs: 10, pages: 1 }, { atMs: 5, pages: 1 }] };
    expect(() => parseScenario({ ...base, workloads: [...base.workloads, w] })).toThrow(
      'workloads.3.requests.1.atMs: must not be earlier than request 0 (10 ms)',
    );
  });
});

describe('cma trace import, v5.13 naming', () => {
  it('takes cma_alloc after a cma_alloc_start of the same task as the end of a timed call', () => {
    const text = [
      '  cam-5 [001] ....  10.000000: cma_alloc_start: count=64 align=6',
      '  cam-5 [001] ....  10.000750: cma_alloc: pfn=8a000 page=ffffffff00000001 count=64 align=6',
      '  cam-5 [001] ....  11.000000: cma_alloc_start: count=64 align=6',
      '  cam-5 [001] ....  11.500000: cma_alloc: pfn=8a040 page=(null) count=64 align=6',
    ].join('\n');
    const t = parseCmaTrace(text);
    expect(t.workloads[0]!.requests).toEqual([
      { atMs: 0, pages: 64, alignOrder: 6, holdMs: null, observedUs: 750, observedOk: true },
      { atMs: 1000, pages: 64, alignOrder: 6, holdMs: 0, observedUs: 500000, observedOk: false },
    ]);
    expect(t.notes.some((n) => n.includes('did not finish'))).toBe(false);
  });
});

const line = (task: string, ts: number, event: string, fields: string, cpu = 1): string => `  ${task} [00${cpu}] ..... ${ts.toFixed(6)}: ${event}: ${fields}`;
const start = (task: string, ts: number, pages: number, area = 'cam') => line(task, ts, 'cma_alloc_start', `name=${area} request_count=${pages} available_count=1 total_count=4096 align=4`);
const finish = (task: string, ts: number, pages: number, pfn = '0x1000', errorno = 0, area = 'cam') =>
  line(task, ts, 'cma_alloc_finish', `name=${area} pfn=${pfn} page=${errorno ? '0000000000000000' : '00000000deadbeef'} count=${pages} align=4 errorno=${errorno}`);
const release = (task: string, ts: number, pages: number, pfn = '0x1000') => line(task, ts, 'cma_release', `name=cam pfn=${pfn} page=00000000deadbeef count=${pages}`);

describe('cma trace import, traces as devices write them', () => {
  it('pairs by pid, so a comm ftrace lost ("<...>") does not split a call, and names the task by the comm it kept', () => {
    const t = parseCmaTrace([start('<...>-612', 1, 16), finish('camera-612', 1.002, 16)].join('\n'));
    expect(t.workloads.map((w) => w.name)).toEqual(['camera-612']);
    expect(t.workloads[0]!.requests[0]!.observedUs).toBe(2000);
  });

  it('sorts per-CPU buffers saved one after the other, and never yields a negative time', () => {
    const cpu0 = [start('cod-2', 50, 8), finish('cod-2', 50.002, 8, '0x2000')].map((l) => l.replace('[001]', '[000]'));
    const cpu1 = [release('cam-1', 99, 64), start('cam-1', 100, 64), finish('cam-1', 100.005, 64)];
    const t = parseCmaTrace([...cpu1, ...cpu0].join('\n'));
    expect(t.notes[0]).toMatch(/not in time order/);
    expect(t.workloads.map((w) => [w.name, w.requests[0]!.atMs, w.requests[0]!.observedUs])).toEqual([
      ['cod-2', 0, 2000],
      ['cam-1', 50000, 5000],
    ]);
    for (const w of t.workloads) for (const r of w.requests) expect(r.holdMs === null || r.holdMs >= 0).toBe(true);
  });

  it('counts each request once per area, whichever events carry the name', () => {
    const v513 = [start('cam-1', 1, 16), line('cam-1', 1.001, 'cma_alloc', 'name=cam pfn=1000 page=00000000deadbeef count=16 align=4')].join('\n');
    expect(parseCmaTrace(v513).areas).toEqual({ cam: 1 });
  });

  it('leaves out requests for 0 pages and says so', () => {
    const t = parseCmaTrace([start('cam-1', 1, 0), finish('cam-1', 1.001, 0), start('cam-1', 2, 16), finish('cam-1', 2.001, 16)].join('\n'));
    expect(t.requests).toBe(1);
    expect(t.notes).toContain('1 request for 0 pages (cma_alloc returns at once) left out');
  });

  it('says when the ring buffer lost or overwrote events, and when a start lost its end', () => {
    const t = parseCmaTrace(
      ['# entries-in-buffer/entries-written: 4/9   #P:4', start('cam-1', 1, 16), 'CPU:2 [LOST 5 EVENTS]', start('cam-1', 2, 16), finish('cam-1', 2.001, 16)].join('\n'),
    );
    expect(t.requests).toBe(1);
    expect(t.notes.join('\n')).toMatch(/lost 5 events .*buffer_size_kb/);
    expect(t.notes.join('\n')).toMatch(/overwrote 5 older events/);
    expect(t.notes).toContain('1 task started an allocation before its previous one finished (its end was lost; the earlier one is left out)');
  });

  it('reads perf script output', () => {
    const perf = [
      ' camera   612 [002]  1200.000100: cma:cma_alloc_start: name=camera request_count=3072 available_count=30000 total_count=32768 align=8',
      ' camera   612 [002]  1200.012100: cma:cma_alloc_finish: name=camera pfn=0x9c100 page=0xffffea000270400 count=3072 align=8 errorno=0',
    ].join('\n');
    expect(parseCmaTrace(perf).workloads[0]).toMatchObject({ name: 'camera-612', requests: [{ pages: 3072, observedUs: 12000 }] });
  });

  it('says when an area filter has nothing to choose from, and names a line it cannot read', () => {
    const t = parseCmaTrace(readFileSync(new URL('../fixtures/traces/cma-v4.txt', import.meta.url), 'utf8'), { area: 'camera' });
    expect(t.requests).toBe(2);
    expect(t.notes).toContain('this kernel prints no area names, so the area filter "camera" kept every request');
    expect(() => parseCmaTrace('x\ncamera 612 1200.0 cma_alloc_start count=3\n')).toThrow('line 2 mentions a cma event in a layout not understood');
  });
});

describe('cma trace import, two traces in one file', () => {
  it('refuses a clock that goes back on one CPU, naming the line', () => {
    const text = [start('cam-1', 4294.96, 16), finish('cam-1', 4294.965, 16), start('cam-1', 0.5, 16), finish('cam-1', 0.501, 16)].join('\n');
    expect(() => parseCmaTrace(text)).toThrow('line 3: the clock goes back on CPU 1, from 4294.965 s (line 2) to 0.5 s: two traces in one file, or a clock reset?');
  });
});

describe('trace file bytes', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('reads UTF-8 with or without a byte-order mark, and UTF-16 as PowerShell writes it', () => {
    const text = readFileSync(new URL('../fixtures/traces/camera-v6.txt', import.meta.url), 'utf8');
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    expect(parseCmaTrace(decodeTrace(utf16)).requests).toBe(5);
    expect(parseCmaTrace(decodeTrace(new Uint8Array([0xef, 0xbb, 0xbf, ...enc(text)]))).requests).toBe(5);
  });

  it('refuses trace-cmd\'s binary trace.dat with the command that turns it into text, and other binary files', () => {
    expect(() => decodeTrace(new Uint8Array([0x17, 0x08, 0x44, ...enc('tracing6\0rest')]))).toThrow('trace-cmd report FILE > trace.txt');
    expect(() => decodeTrace(new Uint8Array([1, 2, 0, 0, 5]))).toThrow('not a text trace');
  });
});

describe('cma trace import notes', () => {
  it('group thousands in counts', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1200; i++) lines.push(start('cam-1', i, 16), finish('cam-1', i + 0.001, 16, '0x1000', -12));
    expect(parseCmaTrace(lines.join('\n')).notes).toContain('1,200 requests failed on the device: where a policy succeeds, the replay frees that buffer at once');
  });
});
