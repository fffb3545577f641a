/*
 * The compare page's device reference: one row when every compared run
 * replays the same trace, one line when the traces differ or only some runs
 * replay one, nothing without a trace.
 */
import { describe, expect, it } from 'vitest';
import { observedMetric, traceReference, traceReferenceNote, type Observed } from '../../src/renderer/lib/compare.ts';
import { compareColumns } from '../../src/renderer/lib/metrics.ts';
import type { RunInfo, RunSummary } from '../../src/shared/types.ts';

const camera: Observed = { count: 4, failed: 1, latencyUs: { mean: 67000, p50: 4000, p90: 250000, p99: 250000, max: 250000 } };

function run(id: number, observed: Observed | undefined | null): Pick<RunInfo, 'id' | 'summary'> {
  if (observed === null) return { id, summary: null };
  const requests = { count: 4, succeeded: 4, failed: 0, latencyUs: { mean: 10, p50: 10, p90: 10, p99: 10, max: 10 }, ...(observed ? { observed } : {}) };
  return { id, summary: { requests } as unknown as RunSummary };
}

const labels = new Map([
  [1, '#1 carveout'],
  [2, '#2 gcma'],
  [3, '#3 cma'],
]);

describe('compare: the traced device as a reference', () => {
  it('one trace shared by every run: one reference with its numbers', () => {
    // Equal numbers from separate objects (each run's summary carries its own copy).
    const ref = traceReference([run(1, camera), run(2, structuredClone(camera))]);
    expect(ref).toEqual({ kind: 'shared', observed: camera, runIds: [1, 2] });
    expect(traceReferenceNote(ref, labels)).toBeNull();
    // A run that did not complete has no results either way: it does not make the trace "some runs' only".
    expect(traceReference([run(1, camera), run(2, camera), run(3, null)])).toMatchObject({ kind: 'shared', runIds: [1, 2] });
  });

  it('different traces: a line, no row', () => {
    for (const other of [
      { ...camera, count: 5 },
      { ...camera, failed: 0 },
      { ...camera, latencyUs: { ...camera.latencyUs, p99: 249000 } },
      { ...camera, latencyUs: { ...camera.latencyUs, mean: 66000 } },
    ]) {
      const ref = traceReference([run(1, camera), run(2, other)]);
      expect(ref).toEqual({ kind: 'different', runIds: [1, 2] });
      expect(traceReferenceNote(ref, labels)).toBe("These runs replay different traces; see each run's page for its device timings.");
    }
    // Different traces win over "only some": the line says the traces differ.
    expect(traceReference([run(1, camera), run(2, { ...camera, count: 9 }), run(3, undefined)]).kind).toBe('different');
  });

  it('only some runs replay a trace: a line naming them', () => {
    const one = traceReference([run(1, camera), run(2, undefined)]);
    expect(one).toEqual({ kind: 'some', runIds: [1] });
    expect(traceReferenceNote(one, labels)).toBe("Only #1 carveout replays a traced device's requests; see its page for the device timings.");
    const two = traceReference([run(1, camera), run(2, undefined), run(3, camera)]);
    expect(traceReferenceNote(two, labels)).toBe("Only #1 carveout and #3 cma replay a traced device's requests; see their pages for the device timings.");
    expect(traceReferenceNote({ kind: 'some', runIds: [1, 2, 3] }, labels)).toMatch(/^Only #1 carveout, #2 gcma and #3 cma replay /);
  });

  it('no trace: nothing at all', () => {
    for (const runs of [[run(1, undefined), run(2, undefined)], [run(1, null), run(2, null)], []]) {
      const ref = traceReference(runs);
      expect(ref).toEqual({ kind: 'none' });
      expect(traceReferenceNote(ref, labels)).toBeNull();
    }
  });

  it('fills the request and latency columns, "–" for the rest', () => {
    expect(observedMetric('success', camera)).toBe(0.75);
    expect(observedMetric('failed', camera)).toBe(1);
    expect(['mean', 'p50', 'p90', 'p99', 'max'].map((k) => observedMetric(k, camera))).toEqual([67000, 4000, 250000, 250000, 250000]);
    expect(observedMetric('success', { ...camera, count: 0, failed: 0 })).toBeNull();
    for (const id of ['boundMax', 'slowdown', 'utilisation', 'vmstat.pswpout']) expect(observedMetric(id, camera)).toBeNull();
    // Every column the table can show is either one of the device's or deliberately "–".
    const all = compareColumns([{ summary: { requests: { count: 1, succeeded: 1, failed: 0, latencyUs: camera.latencyUs, boundUs: { mean: 1, max: 1 } }, background: { slowdown: 1.1, completionS: 1 }, region: { meanUtilisation: 0.5 }, vmstat: { oom_kill: 1, pgmigrate_success: 1, pswpout: 1, workingset_refault: 1 } } } as unknown as RunInfo]);
    expect(all.filter((m) => observedMetric(m.id, camera) !== null).map((m) => m.id)).toEqual(['success', 'failed', 'p50', 'p99', 'max']);
  });
});
