import { describe, expect, it } from 'vitest';
import { latencyScatter, liveColumns } from '../../src/renderer/lib/live.ts';
import { LiveDataStore } from '../../src/renderer/state/live-data.ts';
import type { ApiClient } from '../../src/shared/client.ts';
import type { LiveSnapshot, RequestRecord, SampleRow } from '../../src/shared/types.ts';
import { requestRecord } from '../shared/records.ts';

const row = (s: number, free: number): SampleRow => ({ tNs: s * 1e9, values: { free_pages: free, region_device: 256 } });
const req = (id: number, endMs: number, latencyUs: number, ok = true): RequestRecord =>
  requestRecord({
    id,
    startNs: endMs * 1e6 - latencyUs * 1000,
    endNs: endMs * 1e6,
    latencyNs: latencyUs * 1000,
    ok,
    reason: ok ? null : '-EBUSY: long-term GUP pin',
    startPfn: ok ? 0 : -1,
  });

describe('live chart data', () => {
  it('turns rows into columns of MiB over virtual seconds', () => {
    const c = liveColumns([row(0, 25600), row(1, 256)], ['free_pages', 'region_device', 'missing']);
    expect(c.t).toEqual([0, 1]);
    expect(c.mib['free_pages']).toEqual([100, 1]);
    expect(c.mib['region_device']).toEqual([1, 1]);
    expect(c.mib['missing']).toEqual([0, 0]);
  });

  it('splits requests into ok and failed points sorted by completion, floored at 1 µs for the log axis', () => {
    const s = latencyScatter([req(2, 30, 500), req(1, 10, 20_000, false), req(3, 20, 0, false)]);
    expect(s.x).toEqual([0.01, 0.02, 0.03]);
    expect(s.ok).toEqual([null, null, 500]);
    expect(s.failed).toEqual([20_000, 1, null]);
    expect(s.failedCount).toBe(2);
    expect(s.maxOkUs).toBe(500);
  });
});

function fakeApi(snapshot: LiveSnapshot | null) {
  const listeners = new Map<string, (p: unknown) => void>();
  const calls: string[] = [];
  const api = {
    on: (event: string, l: (p: unknown) => void) => {
      listeners.set(event, l);
      return () => listeners.delete(event);
    },
    result: async (method: string) => {
      calls.push(method);
      return snapshot ? { ok: true, value: snapshot } : { ok: false, error: { code: 'not_found', message: 'no' } };
    },
  } as unknown as ApiClient;
  return { api, calls, emit: (event: string, payload: unknown) => listeners.get(event)!(payload) };
}

describe('LiveDataStore', () => {
  it('buffers runs:live per run and bumps a version once per frame', () => {
    const frames: (() => void)[] = [];
    const f = fakeApi(null);
    const store = new LiveDataStore(f.api, (fn) => frames.push(fn));
    f.emit('runs:live', { id: 4, rows: [row(0, 10)], requests: [] });
    f.emit('runs:live', { id: 4, rows: [row(1, 11)], requests: [req(1, 900, 50)] });
    f.emit('runs:live', { id: 5, rows: [row(0, 12)], requests: [] });
    // Three batches, one frame scheduled, nothing redrawn yet.
    expect(frames).toHaveLength(1);
    expect(store.getState().versions).toEqual({});
    frames.shift()!();
    expect(store.getState().versions).toEqual({ 4: 1, 5: 1 });
    expect(store.get(4)!.rows().map((r) => r.tNs)).toEqual([0, 1e9]);
    expect(store.get(4)!.requests().map((r) => r.id)).toEqual([1]);
    store.keepOnly([5]);
    expect(store.get(4)).toBeUndefined();
    expect(store.getState().versions).toEqual({ 5: 1 });
  });

  it('fills in what a run streamed before the page listened, once, and not for runs it saw start', async () => {
    const snap: LiveSnapshot = { id: 7, active: true, rows: [row(0, 1), row(1, 2), row(2, 3)], requests: [req(1, 500, 80)], rowStride: 1, droppedRequests: 0 };
    const f = fakeApi(snap);
    const store = new LiveDataStore(f.api, (fn) => fn());
    f.emit('runs:live', { id: 7, rows: [row(2, 3), row(3, 4)], requests: [req(2, 2500, 90)] });
    store.watch(7);
    store.watch(7);
    await new Promise((r) => setTimeout(r, 0));
    expect(f.calls).toEqual(['runs:liveSnapshot']);
    expect(store.get(7)!.rows().map((r) => r.tNs / 1e9)).toEqual([0, 1, 2, 3]);
    expect(store.get(7)!.requests().map((r) => r.id)).toEqual([1, 2]);
    expect(store.getState().versions[7]).toBe(2);

    f.emit('runs:status', { runId: 8, status: 'running' });
    store.watch(8);
    await new Promise((r) => setTimeout(r, 0));
    expect(f.calls).toHaveLength(1);
  });
});
