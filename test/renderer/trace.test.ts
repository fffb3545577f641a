/*
 * A replayed CMA trace in the UI: the card's summary, the import's words, record <-> traced request pairing, the form's import steps,
 * the file's bytes read as the CLI reads them, the area-size warning, like-with-like statistics, and traces too big to spread into Math.min.
 */
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
import {
  areaSizeWarning,
  comparedRecords,
  extent,
  holdText,
  importDetails,
  importErrorText,
  importHeadline,
  latencyRow,
  lengthenedText,
  pairTraced,
  ratioText,
  readTraceBytes,
  spanText,
  traceAreas,
  tracedCell,
  tracedSamples,
  tracedText,
  traceSummary,
  type TraceWorkload,
} from '../../src/renderer/lib/trace.ts';
import { alignCdfs, latencyCdf } from '../../src/renderer/lib/cdf.ts';
import { latencyScale } from '../../src/renderer/pages/detail/request-text.ts';
import { errorText, PageErrorBoundary } from '../../src/renderer/components/common/PageErrorBoundary.tsx';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
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
    expect(workloadSummary(cam as unknown as Record<string, unknown>)).toBe('3 requests of 3,072 pages over 4.00 s · device p50 12.0 ms, max 250 ms, 1 failed');
  });
  it('gives a size range, the deadline, and leaves out the traced timing a v4 trace lacks', () => {
    const w = { kind: 'contigTrace', requests: [{ atMs: 0, pages: 2048 }, { atMs: 500, pages: 3072 }], deadlineMs: 100 };
    expect(traceSummary(w)).toBe('2 requests of 2,048–3,072 pages over 0.50 s · deadline 100 ms');
    expect(traceSummary({ kind: 'contigTrace', requests: [{ atMs: 7, pages: 1, observedUs: 40, observedOk: true }] })).toBe('1 request of 1 page · device p50 40.0 µs, max 40.0 µs');
    const v4 = parseCmaTrace(readFileSync('test/fixtures/traces/cma-v4.txt', 'utf8'));
    expect(traceSummary(v4.workloads[0] as unknown as Record<string, unknown>)).toBe('2 requests of 256–512 pages over 1.75 s · 1 failed on the device');
  });
  it('p50 is the nearest-rank median, as the engine summary computes it', () => {
    const reqs = [100, 300, 200, 400].map((us, i) => ({ atMs: i, pages: 16, observedUs: us, observedOk: true }));
    expect(traceSummary({ kind: 'contigTrace', requests: reqs })).toContain('device p50 200 µs, max 400 µs');
  });
});

describe('import result in words', () => {
  const t = parseCmaTrace(camera);
  it('headline and timing', () => {
    expect(importHeadline(t)).toBe('5 requests from 3 tasks over 4.10 s');
    expect(importDetails(t)).toBe('all 5 timed, 1 failed on the device, 1 busy retry');
    expect(importDetails({ requests: 2, timed: 0, failed: 0, busyRetries: 0 })).toBe('0 of 2 timed, none failed on the device');
  });
  it('spans in seconds as the CLI gives them, never a clock', () => {
    expect(importHeadline({ requests: 130_000, workloads: [{}, {}] as never[], spanS: 2665 })).toBe('130,000 requests from 2 tasks over 2665 s');
    expect(spanText(2665)).toBe('2665 s');
    expect(spanText(4.1)).toBe('4.10 s');
    expect(spanText(599)).toBe('599 s');
    expect(spanText(7200)).toBe('7200 s');
    const reqs = [0, 2_665_000].map((atMs) => ({ atMs, pages: 16 }));
    expect(traceSummary({ kind: 'contigTrace', requests: reqs })).toBe('2 requests of 16 pages over 2665 s');
  });
  it('says when the trace lengthened the run past the scenario', () => {
    expect(lengthenedText(600, 2666)).toBe("The trace runs to 2666 s, past the scenario's 600 s: background workloads that end sooner leave the machine idle.");
    expect(lengthenedText(12, 30)).toBe("The trace runs to 30.0 s, past the scenario's 12.0 s: background workloads that end sooner leave the machine idle.");
    expect(lengthenedText(60, 60)).toBeNull();
    expect(lengthenedText(60, 5)).toBeNull();
    expect(lengthenedText(undefined, 60)).toBeNull();
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
      "request 2 of 3 traced for cam-1: failed on the device after 250 ms; simulated 5.00 ms (0.02× the device's); the simulation succeeded where the device failed (and freed the buffer at once)",
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

describe('the held column', () => {
  it('says a request the device failed held nothing, rather than "0 ns" or "never released"', () => {
    // The import gives a failed request holdMs 0 (a policy that gets it frees it at once); older imports gave null.
    expect(holdText({ holdMs: 0, observedOk: false })).toBe('— (failed)');
    expect(holdText({ holdMs: null, observedOk: false })).toBe('— (failed)');
    expect(holdText({ holdMs: null, observedOk: true })).toBe('never released');
    expect(holdText({ holdMs: 2000 })).toBe('2.00 s');
    const t = parseCmaTrace(camera, { area: 'camera' });
    const cam = t.workloads.find((w) => w.name === 'camera_provider-612')!;
    expect(cam.requests.map((r) => holdText(r))).toEqual(['2.00 s', '— (failed)', 'never released']);
  });
});

describe('traces too big to spread into Math.min/Math.max (about 120,000 arguments overflow the stack)', () => {
  const N = 200_000;
  const requests = Array.from({ length: N }, (_, i) => ({ atMs: i * 2, pages: 256 + (i % 7) * 256, alignOrder: 0, holdMs: 1, observedUs: 100 + (i % 1000), observedOk: i % 10 !== 0 }));
  const w: TraceWorkload = { kind: 'contigTrace', name: 'big-1', startAtS: 0, requests };

  it('summarises the card', () => {
    expect(traceSummary(w as unknown as Record<string, unknown>)).toBe('200,000 requests of 256–1,792 pages over 400 s · device p50 599 µs, max 1.10 ms, 20,000 failed');
    expect(extent(requests.map((r) => r.pages))).toEqual([256, 1792]);
    expect(extent([])).toBeNull();
  });

  it('pairs, compares and scales the run page\'s table', () => {
    const records = requests.map((r, id) => requestRecord({ id, client: 'big-1', pages: r.pages, latencyNs: r.observedUs * 500, ok: r.observedOk, boundNs: id % 2 ? r.observedUs * 1000 : null }));
    const pairs = pairTraced({ workloads: [w] }, records);
    expect(pairs.size).toBe(N);
    const row = latencyRow(comparedRecords(pairs, records));
    expect(row).toMatchObject({ count: N, failed: N / 10 });
    expect(row.latencyUs.max).toBe(549.5);
    expect(tracedSamples({ workloads: [w] })).toHaveLength(N);
    expect(latencyScale(records)).toEqual({ lo: 50_500 / 2, hi: 1_099_000 });
    expect(latencyScale([requestRecord({ id: 0 })])).toBeNull();
    const { x } = alignCdfs([latencyCdf(records)], [2e6]);
    expect(x.at(-1)).toBe(2e6);
  });
});

describe('traced vs simulated compares like with like', () => {
  it('holds the simulated requests replaying timed traced ones, failed included, as the engine summarises all', () => {
    const trace = parseCmaTrace(camera, { area: 'camera' });
    const machine = { platform: 'x86-vm' as const, memMiB: 256, regionMiB: 128, pageblockOrder: 9 as const, kernelReservedMiB: 0 };
    const scenario = withContigTrace(tinyScenario({ machine, durationS: 12 }), trace.workloads, { label: 'camera-v6.txt', startAtS: 1 });
    const r = runSimulation({ scenario, policy: 'carveout', params: {}, seed: 1, options: { baseline: false } }, findPolicy('carveout')!);
    const pairs = pairTraced(scenario, r.requests);
    // Every traced request is timed here: the same set as the engine's summary, to the digit.
    const row = latencyRow(comparedRecords(pairs, r.requests));
    expect(row).toEqual({ count: r.summary.requests.count, failed: r.summary.requests.failed, latencyUs: r.summary.requests.latencyUs });
    expect(r.summary.requests.observed).toMatchObject({ count: 4, failed: 1 });
  });

  it('leaves out the simulated requests whose traced original has no latency', () => {
    const w: TraceWorkload = {
      kind: 'contigTrace',
      name: 't',
      startAtS: 0,
      requests: [
        { atMs: 0, pages: 16, alignOrder: 0, holdMs: 1, observedUs: 100, observedOk: true },
        { atMs: 1, pages: 16, alignOrder: 0, holdMs: 1, observedOk: true },
        { atMs: 2, pages: 16, alignOrder: 0, holdMs: 0, observedUs: 900, observedOk: false },
      ],
    };
    const records = [0, 1, 2].map((id) => requestRecord({ id, client: 't', latencyNs: (id + 1) * 1e5, ok: id !== 2 }));
    const kept = comparedRecords(pairTraced({ workloads: [w] }, records), records);
    expect(kept.map((r) => r.id)).toEqual([0, 2]);
    expect(latencyRow(kept)).toEqual({ count: 2, failed: 1, latencyUs: { mean: 200, p50: 100, p90: 300, p99: 300, max: 300 } });
  });
});

describe('the traced area against the machine\'s region', () => {
  const t = parseCmaTrace(camera);
  it('knows the area sizes the kernel printed', () => {
    expect(t.areaPages).toEqual({ camera: 32_768, reserved: 4096 });
  });
  it('warns for the chosen area, or the only one, when the sizes differ', () => {
    expect(areaSizeWarning(t, 'camera', 64)).toEqual({ area: 'camera', pages: 32_768, mib: 128, text: "The traced area camera is 128 MiB; this machine's region is 64 MiB." });
    expect(areaSizeWarning(t, 'camera', 128)).toBeNull();
    expect(areaSizeWarning(t, 'reserved', 128)?.text).toBe("The traced area reserved is 16 MiB; this machine's region is 128 MiB.");
    // Every area at once: no one size to offer.
    expect(areaSizeWarning(t, null, 64)).toBeNull();
    expect(areaSizeWarning({ areas: { cam: 3 }, areaPages: { cam: 1024 } }, null, 64)?.mib).toBe(4);
    // A size of part of a MiB: said in pages, offered rounded up.
    expect(areaSizeWarning({ areas: { cam: 3 }, areaPages: { cam: 1000 } }, null, 64)).toMatchObject({ mib: 4, text: "The traced area cam is 1,000 pages (3.91 MiB); this machine's region is 64 MiB." });
    // Kernels that do not print total_count: nothing to say.
    expect(areaSizeWarning({ areas: { cam: 3 }, areaPages: {} }, 'cam', 64)).toBeNull();
    expect(areaSizeWarning(parseCmaTrace(readFileSync('test/fixtures/traces/cma-v4.txt', 'utf8')), null, 64)).toBeNull();
  });
});

describe('reading the picked file', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('says an empty file is empty, before any call', () => {
    expect(readTraceBytes('empty.txt', new Uint8Array())).toEqual({ ok: false, error: 'empty.txt is empty' });
    expect(readTraceBytes('blank.txt', bytes('\uFEFF \n\n'))).toEqual({ ok: false, error: 'blank.txt is empty' });
  });
  it("refuses trace-cmd's trace.dat and other binary files with what to do", () => {
    const dat = new Uint8Array([0x17, 0x08, 0x44, ...bytes('tracing6'), 0, 0, 0, 0]);
    const r = readTraceBytes('trace.dat', dat);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^trace\.dat: this is trace-cmd's binary trace\.dat; turn it into text with `trace-cmd report/);
    const bin = readTraceBytes('x.bin', new Uint8Array([1, 2, 0, 0, 5]));
    expect(!bin.ok && bin.error).toMatch(/^x\.bin: not a text trace \(the file holds binary data\)/);
  });
  it('decodes UTF-8 and UTF-16 by the byte-order mark', () => {
    expect(readTraceBytes('a.txt', bytes(camera))).toEqual({ ok: true, text: camera });
    const le = new Uint8Array(2 + camera.length * 2);
    le[0] = 0xff;
    le[1] = 0xfe;
    for (let i = 0; i < camera.length; i++) new DataView(le.buffer).setUint16(2 + i * 2, camera.charCodeAt(i), true);
    expect(readTraceBytes('w.txt', le)).toEqual({ ok: true, text: camera });
  });
  it("shows the import's error without the API's method name", () => {
    // What the API answers for an empty text (its input check) and for a trace without cma events.
    expect(importErrorText('empty.txt', { code: 'invalid_input', message: 'scenarios:importTrace: text: the trace file is empty', fieldErrors: [{ path: 'text', message: 'the trace file is empty' }] })).toBe('empty.txt: the trace file is empty');
    expect(importErrorText('n.txt', { code: 'invalid_input', message: 'no cma events found; record them with x', fieldErrors: [{ path: 'text', message: 'no cma events found; record them with x' }] })).toBe('n.txt: no cma events found; record them with x');
    expect(importErrorText('n.txt', { code: 'internal', message: 'scenarios:importTrace failed: boom' })).toBe('n.txt: boom');
    expect(importErrorText('n.txt', { code: 'unavailable', message: 'scenarios:importTrace: fetch failed' })).toBe('n.txt: the workbench did not answer (fetch failed)');
  });
});

describe('a page that throws while rendering', () => {
  const children = createElement('p', null, 'the page');
  it('shows the error and a way on, instead of a blank window', () => {
    const error = new RangeError('Maximum call stack size exceeded');
    const b = new PageErrorBoundary({ children, resetKey: '#/new' });
    b.state = { ...b.state, ...PageErrorBoundary.getDerivedStateFromError(error) };
    const html = renderToStaticMarkup(b.render() as React.ReactElement);
    expect(html).toContain('role="alert"');
    expect(html).toContain('This page failed to draw');
    expect(html).toContain('RangeError: Maximum call stack size exceeded');
    for (const button of ['Try again', 'Back', 'Reload']) expect(html).toContain(`>${button}</button>`);
    expect(errorText('thrown string')).toBe('thrown string');
    expect(errorText(new Error('plain'))).toBe('plain');
  });
  it('renders the page when nothing failed, and starts clean on another route', () => {
    const b = new PageErrorBoundary({ children, resetKey: '#/new' });
    expect(renderToStaticMarkup(b.render() as React.ReactElement)).toBe('<p>the page</p>');
    const failed = { error: new Error('x'), key: '#/runs/1' };
    expect(PageErrorBoundary.getDerivedStateFromProps({ children, resetKey: '#/runs/1' }, failed)).toBeNull();
    expect(PageErrorBoundary.getDerivedStateFromProps({ children, resetKey: '#/runs' }, failed)).toEqual({ error: null, key: '#/runs' });
  });
});
