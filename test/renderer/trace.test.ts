/* A replayed CMA trace in the UI: the card's summary, the import's words, record <-> traced request pairing, the form's import steps. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCmaTrace } from '../../src/engine/scenario/cma-ftrace.ts';
import { withContigTrace } from '../../src/engine/scenario/with-trace.ts';
import { runSimulation } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { SCENARIOS } from '../../src/engine/scenario/library.ts';
import { tinyScenario } from '../engine/helpers.ts';
import { requestRecord } from '../shared/records.ts';
import { workloadSummary } from '../../src/renderer/lib/scenario-fields.ts';
import { importDetails, importHeadline, pairTraced, ratioText, traceAreas, tracedCell, tracedSamples, tracedText, traceSummary, type TraceWorkload } from '../../src/renderer/lib/trace.ts';
import { applyOverrides, emptyDraft, traceSource, withTrace, withoutTrace, type ExperimentDraft } from '../../src/renderer/pages/new/draft.ts';
import { problemLabel } from '../../src/renderer/pages/new/problems.ts';
import type { Scenario } from '../../src/shared/types.ts';

const camera = readFileSync('test/fixtures/traces/camera-v6.txt', 'utf8');
const scenarios = SCENARIOS as unknown as Scenario[];
const noSwap = scenarios.find((s) => s.name === 'no-swap-pins')!;

describe('contigTrace card summary', () => {
  it('says how many requests, their sizes, the span and what the traced kernel took', () => {
    const t = parseCmaTrace(camera, { area: 'camera' });
    const cam = t.workloads.find((w) => w.name === 'camera_provider-612')!;
    // 3 requests of 3,072 pages at 0, 3.0 and 4.0 s: 12.0 ms ok, 250 ms failed, 4.0 ms ok.
    expect(workloadSummary(cam as unknown as Record<string, unknown>)).toBe('3 traced requests of 3,072 pages over 4.00 s; traced p50 12.0 ms, max 250 ms, 1 failed');
  });
  it('gives a size range, the deadline, and leaves out the traced timing a v4 trace lacks', () => {
    const w = { kind: 'contigTrace', requests: [{ atMs: 0, pages: 2048 }, { atMs: 500, pages: 3072 }], deadlineMs: 100 };
    expect(traceSummary(w)).toBe('2 traced requests of 2,048–3,072 pages over 0.50 s; deadline 100 ms');
    expect(traceSummary({ kind: 'contigTrace', requests: [{ atMs: 7, pages: 1, observedUs: 40, observedOk: true }] })).toBe('1 traced request of 1 page; traced p50 40.0 µs, max 40.0 µs');
    const v4 = parseCmaTrace(readFileSync('test/fixtures/traces/cma-v4.txt', 'utf8'));
    expect(traceSummary(v4.workloads[0] as unknown as Record<string, unknown>)).toBe('2 traced requests of 256–512 pages over 1.75 s; 1 failed');
  });
  it('p50 is the nearest-rank median, as the engine summary computes it', () => {
    const reqs = [100, 300, 200, 400].map((us, i) => ({ atMs: i, pages: 16, observedUs: us, observedOk: true }));
    expect(traceSummary({ kind: 'contigTrace', requests: reqs })).toContain('traced p50 200 µs, max 400 µs');
  });
});

describe('import result in words', () => {
  const t = parseCmaTrace(camera);
  it('headline and timing', () => {
    expect(importHeadline(t)).toBe('5 requests from 3 tasks over 4.10 s');
    expect(importDetails(t)).toBe('all 5 timed, 1 failed on the device, 1 busy retry');
    expect(importDetails({ requests: 2, timed: 0, failed: 0, busyRetries: 0 })).toBe('0 of 2 timed, none failed on the device');
  });
  it('lists areas largest first', () => {
    expect(traceAreas(t)).toEqual([
      ['camera', 4],
      ['reserved', 1],
    ]);
  });
});

describe('pairing simulated requests with traced ones', () => {
  const trace = parseCmaTrace(camera, { area: 'camera' });
  const machine = { platform: 'x86-vm' as const, memMiB: 128, regionMiB: 48, pageblockOrder: 9 as const, kernelReservedMiB: 0 };
  const scenario = withContigTrace(tinyScenario({ machine, durationS: 12 }), trace.workloads, { label: 'camera-v6.txt', startAtS: 1 });

  it('pairs the k-th record of a traced client with its k-th traced request, in a real run', () => {
    const r = runSimulation({ scenario, policy: 'carveout', params: {}, seed: 1, options: { baseline: false } }, findPolicy('carveout')!);
    const pairs = pairTraced(scenario, r.requests);
    expect(pairs.size).toBe(r.requests.length);
    expect(r.requests.length).toBe(4);
    for (const rec of r.requests) {
      const m = pairs.get(rec.id)!;
      expect(m.client).toBe(rec.client);
      expect(rec.pages).toBe(m.traced.pages);
      // Issued at the traced time (or later, when the previous request of the task was still running).
      expect(rec.startNs).toBeGreaterThanOrEqual((1 + m.traced.atMs / 1e3) * 1e9 - 1);
    }
    // The camera's second request is the one the device failed.
    const failed = [...pairs.values()].filter((m) => m.traced.observedOk === false);
    expect(failed.map((m) => [m.client, m.index])).toEqual([['camera_provider-612', 1]]);
  });

  it('pairs by issue order (ids), not by the completion order records arrive in', () => {
    const w = (name: string, pages: number[]): TraceWorkload => ({ kind: 'contigTrace', name, startAtS: 0, requests: pages.map((p, i) => ({ atMs: i, pages: p, alignOrder: 0, holdMs: null })) });
    const s = { workloads: [...noSwap.workloads.filter((x) => x.kind !== 'contig'), w('a', [10, 20, 30]), w('b', [40])] };
    const records = [
      requestRecord({ id: 3, client: 'a', pages: 30 }),
      requestRecord({ id: 0, client: 'a', pages: 10 }),
      requestRecord({ id: 2, client: 'b', pages: 40 }),
      requestRecord({ id: 1, client: 'a', pages: 20 }),
      requestRecord({ id: 4, client: 'camera', pages: 99 }),
    ];
    const pairs = pairTraced(s, records);
    expect([...pairs].map(([id, m]) => [id, m.client, m.index, m.traced.pages]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
      [0, 'a', 0, 10],
      [1, 'a', 1, 20],
      [2, 'b', 0, 40],
      [3, 'a', 2, 30],
    ]);
    // A scenario without a trace pairs nothing.
    expect(pairTraced(noSwap, records).size).toBe(0);
  });

  it('says what the device did with a request and how the simulation compares', () => {
    const m = { client: 'cam-1', index: 1, of: 3, traced: { atMs: 0, pages: 16, alignOrder: 0, holdMs: null, observedUs: 250_000, observedOk: false } };
    expect(tracedText(m, { latencyNs: 5e6, ok: true })).toBe(
      "request 2 of 3 traced for cam-1: failed on the device after 250 ms; simulated 5.00 ms (0.02× the device's); the simulation succeeded where the device failed",
    );
    expect(tracedText({ ...m, traced: { ...m.traced, observedUs: 1000, observedOk: true } }, { latencyNs: 2e6, ok: true })).toBe("request 2 of 3 traced for cam-1: succeeded on the device after 1.00 ms; simulated 2.00 ms (2× the device's)");
    const untimed = { ...m.traced, observedUs: undefined, observedOk: true };
    expect(tracedText({ ...m, traced: untimed }, { latencyNs: 1, ok: true })).toMatch(/succeeded on the device; the trace has no start event/);
    expect(tracedCell(m.traced)).toBe('250 ms, failed');
    expect(tracedCell(untimed)).toBe('ok, not timed');
  });

  it('ratios and the traced CDF samples', () => {
    expect(ratioText(50, 100)).toBe('0.5×');
    expect(ratioText(1500, 100)).toBe('15×');
    expect(ratioText(1, 0)).toBe('–');
    const samples = tracedSamples(scenario);
    expect(samples).toHaveLength(4);
    expect(samples.filter((x) => !x.ok)).toEqual([{ latencyNs: 250_000_000, ok: false }]);
  });
});

describe('the form around an import', () => {
  const draft: ExperimentDraft = { ...emptyDraft(), scenario: 'no-swap-pins', overrides: { 'machine.memMiB': 512, 'workloads.0.jobs': 4 } };

  it('sends the form as it is, edits applied', () => {
    const src = traceSource(draft, noSwap, scenarios)!;
    expect(src.machine.memMiB).toBe(512);
    expect(src.workloads[0]).toMatchObject({ jobs: 4 });
    // The catalog's scenario is untouched.
    expect(noSwap.machine.memMiB).not.toBe(512);
    expect(applyOverrides(noSwap, { 'workloads.99.jobs': 1 })).toEqual(noSwap);
  });

  it('takes the returned scenario as the base, re-imports from the form before the trace, and removes cleanly', () => {
    const t1 = parseCmaTrace(camera);
    const imported = withContigTrace(traceSource(draft, noSwap, scenarios)!, t1.workloads, { label: 'camera-v6.txt' });
    let d = withTrace(draft, noSwap, imported, { fileName: 'camera-v6.txt', text: camera, area: null, result: t1 });
    expect(d.scenario).toBe(imported);
    expect(d.overrides).toEqual({});
    // Edits after the import: one to the machine, one to a traced workload.
    const tracedIdx = imported.workloads.findIndex((w) => w.kind === 'contigTrace');
    d = { ...d, overrides: { durationS: 99, [`workloads.${tracedIdx}.deadlineMs`]: 50 } };
    // Another area starts again from the form before the first import (no trace stacked on a trace).
    const src = traceSource(d, imported, scenarios)!;
    expect(src.name).toBe('no-swap-pins');
    expect(src.machine.memMiB).toBe(512);
    const t2 = parseCmaTrace(camera, { area: 'camera' });
    const again = withContigTrace(src, t2.workloads, { label: 'camera-v6.txt' });
    d = withTrace(d, imported, again, { fileName: 'camera-v6.txt', text: camera, area: 'camera', result: t2 });
    expect(d.overrides).toEqual({ durationS: 99 });
    expect(d.trace?.area).toBe('camera');
    expect(d.trace?.before).toEqual({ scenario: 'no-swap-pins', overrides: draft.overrides });
    const back = withoutTrace(d);
    expect(back).toMatchObject({ scenario: 'no-swap-pins', overrides: draft.overrides, trace: null });
  });

  it('names a traced request in the start bar by position', () => {
    const t = parseCmaTrace(camera, { area: 'camera' });
    const s = withContigTrace(noSwap, t.workloads, { label: 'x' });
    const i = s.workloads.findIndex((w) => w.kind === 'contigTrace');
    expect(problemLabel(`config.scenario.workloads.${i}.requests.2.atMs`, { policies: [] }, s)).toBe(`${s.workloads[i]!.name} · request 3 · atMs`);
    expect(problemLabel(`config.overrides.workloads.${i}.deadlineMs`, { policies: [] }, s)).toBe(`${s.workloads[i]!.name} · Deadline`);
  });
});
