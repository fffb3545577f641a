import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCmaTrace, TraceError } from '../../src/engine/scenario/cma-ftrace.ts';
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
    expect(t).toMatchObject({ requests: 5, failed: 1, timed: 5, busyRetries: 1, areas: { camera: 4, reserved: 1 } });
  });

  it('takes a buffer lifetime from its release, matched by pfn and count, and says what it could not match', () => {
    const t = parseCmaTrace(fixture('camera-v6.txt'));
    const [first, failed, last] = t.workloads[0]!.requests;
    expect(first!.holdMs).toBe(2000);
    // A failed request has no buffer; the last one is never released before the trace ends.
    expect(failed!.holdMs).toBeNull();
    expect(last!.holdMs).toBeNull();
    expect(t.workloads[1]!.requests[0]!.holdMs).toBe(3000);
    expect(t.notes).toContain('1 release of buffers allocated before the trace began (ignored)');
    expect(t.notes).toContain('2 buffers are never released in the trace: held to the end of the run');
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
    expect(b).toMatchObject({ atMs: 1750, pages: 512, alignOrder: 9, observedOk: false });
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
      { atMs: 1000, pages: 64, alignOrder: 6, holdMs: null, observedUs: 500000, observedOk: false },
    ]);
    expect(t.notes.some((n) => n.includes('did not finish'))).toBe(false);
  });
});
