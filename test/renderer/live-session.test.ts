/*
 * The live page's session across a reload and a dropped connection: the list
 * loaded from the server's session, in queue order, charts on the newest;
 * statuses that only move forward; the archive's truth after a reconnect;
 * dismissals the server remembers; the nav's count while offline; runs
 * deleted in Runs leaving the list. Plus the home route and the history
 * filter's options, from the same audit.
 */
import { describe, expect, it } from 'vitest';
import { activeCount, liveBadge } from '../../src/renderer/app/live-badge.ts';
import { parseHash } from '../../src/renderer/app/router.ts';
import { liveSections } from '../../src/renderer/pages/live/sections.ts';
import { filterOptions } from '../../src/renderer/pages/runs/facets.ts';
import { ConnectionStore, isOffline } from '../../src/renderer/state/connection.ts';
import { createStores } from '../../src/renderer/state/context.tsx';
import { LiveDataStore } from '../../src/renderer/state/live-data.ts';
import { resyncOnReconnect } from '../../src/renderer/state/live-sync.ts';
import { LiveStore } from '../../src/renderer/state/live.ts';
import { RunsStore } from '../../src/renderer/state/runs.ts';
import type { ApiClient } from '../../src/shared/client.ts';
import type { RunInfo, RunProgressEvent, RunStatus, SampleRow } from '../../src/shared/types.ts';
import { requestRecord } from '../shared/records.ts';

type Answer = (input: unknown) => unknown;

/** An ApiClient answering from `answers` (an Error is a failed call) and recording every call. */
function fakeApi(answers: Record<string, Answer>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { method: string; input: unknown }[] = [];
  const answer = async (method: string, input: unknown) => {
    calls.push({ method, input });
    const a = answers[method];
    if (!a) return { ok: false as const, error: { code: 'unavailable', message: `${method}: not answered` } };
    const v = a(input);
    return v instanceof Error ? { ok: false as const, error: { code: 'unavailable', message: v.message } } : { ok: true as const, value: v };
  };
  const api = {
    on: (event: string, l: (p: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(l);
      return () => listeners.get(event)!.delete(l);
    },
    result: answer,
    call: async (method: string, input: unknown) => {
      const r = await answer(method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
  } as unknown as ApiClient;
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { api, calls, emit, answers };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function info(id: number, status: RunStatus, error: string | null = null): RunInfo {
  return {
    id,
    uuid: `u${id}`,
    name: `run ${id} name`,
    status,
    createdAt: 0,
    startedAt: null,
    finishedAt: null,
    lastSeen: null,
    scenarioName: 'no-swap-pins',
    policy: { name: 'gcma', version: '1.0.0', hash: 'h' },
    params: {},
    seed: 1,
    engineVersion: '0.1.0',
    resultHash: null,
    summary: null,
    error: error === null ? null : { message: error, stack: null },
    tags: [],
    notes: '',
  };
}

const progress = (runId: number, events = 100, elapsedS = 1): RunProgressEvent => ({
  runId,
  status: 'running',
  phase: 'main',
  fraction: 0.5,
  eventsPerS: 1000,
  etaS: 10,
  elapsedS,
  virtualNs: 1e9,
  totalNs: 2e9,
  events,
});

describe('live runs after a page reload', () => {
  it('shows the server session: runs finished before the reload, in queue order, charts on the newest', async () => {
    const archive: Record<number, RunInfo> = { 48: info(48, 'completed'), 49: info(49, 'running'), 50: info(50, 'running'), 51: info(51, 'queued') };
    const f = fakeApi({
      'runs:active': () => ({ queued: [51], running: [progress(50), progress(49)], finished: [48] }),
      'runs:list': () => ({ runs: Object.values(archive).reverse(), total: 4 }),
    });
    const live = new LiveStore(f.api);
    await live.load();
    const s = live.getState();
    expect(s.order).toEqual([48, 49, 50, 51]);
    expect(s.order.map((id) => s.runs[id]!.status)).toEqual(['completed', 'running', 'running', 'queued']);
    expect(s.runs[48]!.info?.name).toBe('run 48 name');

    // The rest finish after the reload, the newest (queued last) not last.
    f.emit('runs:status', { runId: 49, status: 'completed' });
    f.emit('runs:status', { runId: 51, status: 'running' });
    f.emit('runs:status', { runId: 51, status: 'completed' });
    f.emit('runs:status', { runId: 50, status: 'completed' });
    // Live data came in for the runs that ran after the reload; 48 draws from the archive.
    const streamed = new Set([49, 50, 51]);
    const v = liveSections(live.getState(), (id) => streamed.has(id));
    expect(v.done.map((r) => r.id)).toEqual([51, 50, 49, 48]);
    expect(v.chartsOpen).toBe(51);
    expect(v.running).toEqual([]);
  });

  it('never moves a run backwards: a late progress event or an older listing leaves a finished run finished', async () => {
    const f = fakeApi({ 'runs:list': () => ({ runs: [info(7, 'running')], total: 1 }) });
    const live = new LiveStore(f.api);
    f.emit('runs:progress', progress(7));
    f.emit('runs:status', { runId: 7, status: 'completed' });
    f.emit('runs:progress', progress(7, 200, 2));
    await flush();
    expect(live.getState().runs[7]!.status).toBe('completed');
  });

  it('opens the charts of the newest finished run that has any, queue first in line first', () => {
    const state = {
      order: [3, 1, 2, 5, 4],
      runs: Object.fromEntries(
        (
          [
            [1, 'failed'],
            [2, 'cancelled'],
            [3, 'queued'],
            [4, 'queued'],
            [5, 'failed'],
          ] as const
        ).map(([id, status]) => [id, { id, status: status as RunStatus, progress: null, rate: [], info: null, error: null, changedAt: 0 }]),
      ),
    };
    const v = liveSections(state, (id) => id === 1 || id === 2);
    expect(v.queued.map((r) => r.id)).toEqual([3, 4]);
    expect(v.done.map((r) => r.id)).toEqual([5, 2, 1]);
    // 5 failed without streaming anything: no charts to keep open.
    expect(v.chartsOpen).toBe(2);
  });
});

describe('live runs when the server goes away', () => {
  it('on reconnect shows what the archive says of runs the restarted server no longer has', async () => {
    const archive: Record<number, RunInfo> = { 49: info(49, 'running'), 50: info(50, 'queued'), 51: info(51, 'queued') };
    let active = { queued: [50, 51], running: [progress(49)], finished: [] as number[] };
    const f = fakeApi({
      'runs:active': () => active,
      'runs:list': () => ({ runs: Object.values(archive).reverse(), total: 3 }),
    });
    const live = new LiveStore(f.api);
    const changes: [number, RunStatus][] = [];
    live.onStatusChange((id, status) => changes.push([id, status]));
    await live.load();
    expect(live.getState().order.map((id) => live.getState().runs[id]!.status)).toEqual(['running', 'queued', 'queued']);

    // Ctrl-C: the server interrupts 49 and cancels the queue, and the page hears nothing of it.
    archive[49] = info(49, 'interrupted', 'interrupted: the run manager shut down');
    archive[50] = info(50, 'cancelled', 'cancelled: the run manager shut down');
    archive[51] = info(51, 'cancelled', 'cancelled: the run manager shut down');
    active = { queued: [], running: [], finished: [] };
    const connection = new ConnectionStore(false);
    connection.set(true);
    const refreshes: number[] = [];
    const runs = { refreshSoon: (ms: number) => refreshes.push(ms) };
    const liveData = new LiveDataStore(f.api, (fn) => fn());
    const stop = resyncOnReconnect({ connection, live, liveData, runs } as unknown as Parameters<typeof resyncOnReconnect>[0]);
    connection.set(false);
    expect(f.calls.filter((c) => c.method === 'runs:active')).toHaveLength(1);
    connection.set(true);
    await flush();
    await flush();
    stop();

    const s = live.getState();
    expect(s.order).toEqual([49, 50, 51]);
    expect(s.order.map((id) => s.runs[id]!.status)).toEqual(['interrupted', 'cancelled', 'cancelled']);
    expect(s.runs[49]!.error).toBe('interrupted: the run manager shut down');
    // The detail and history stores hear of each change.
    expect(changes).toEqual([
      [49, 'interrupted'],
      [50, 'cancelled'],
      [51, 'cancelled'],
    ]);
    expect(refreshes).toEqual([0]);
  });

  it('treats the first connection as no reconnect', () => {
    const connection = new ConnectionStore(false);
    const loads: string[] = [];
    const stores = {
      connection,
      live: { load: async () => (loads.push('live'), true) },
      liveData: { resync: () => loads.push('liveData') },
      runs: { refreshSoon: () => loads.push('runs') },
    } as unknown as Parameters<typeof resyncOnReconnect>[0];
    resyncOnReconnect(stores);
    connection.set(true);
    expect(loads).toEqual([]);
    connection.set(false);
    connection.set(true);
    expect(loads.sort()).toEqual(['live', 'liveData', 'runs']);
  });

  it('dismisses finished runs in the server session too, and leaves active ones alone', async () => {
    const f = fakeApi({ 'runs:dismiss': (input) => ({ dismissed: (input as { ids: number[] }).ids }), 'runs:list': () => ({ runs: [], total: 0 }) });
    const live = new LiveStore(f.api);
    f.emit('runs:status', { runId: 1, status: 'completed' });
    f.emit('runs:status', { runId: 2, status: 'failed' });
    f.emit('runs:status', { runId: 3, status: 'queued' });
    await live.dismiss([1, 3]);
    expect(live.getState().order).toEqual([2, 3]);
    await live.dismissFinished();
    expect(live.getState().order).toEqual([3]);
    expect(f.calls.filter((c) => c.method === 'runs:dismiss').map((c) => c.input)).toEqual([{ ids: [1] }, { ids: [2] }]);
  });
});

describe('the nav’s live-run count', () => {
  it('reads as the last known count while the server is unreachable, and as current again on reconnect', async () => {
    const f = fakeApi({ 'runs:active': () => ({ queued: [51], running: [progress(50)], finished: [48] }), 'runs:list': () => ({ runs: [], total: 0 }) });
    const live = new LiveStore(f.api);
    await live.load();
    const connection = new ConnectionStore(false);
    const badge = () => liveBadge(activeCount(live.getState()), isOffline(connection.getState()));
    connection.set(true);
    expect(badge()).toEqual({ text: '2', label: '2 running or queued', stale: false });
    connection.set(false);
    expect(badge()).toEqual({ text: '2', label: 'last known: 2 running or queued; the server is unreachable', stale: true });
    connection.set(true);
    expect(badge()!.stale).toBe(false);
    // Before the first connection nothing is known to be wrong; the desktop bridge never drops.
    expect(isOffline(new ConnectionStore(false).getState())).toBe(false);
    expect(isOffline(new ConnectionStore(true).getState())).toBe(false);
    expect(liveBadge(0, true)).toBeNull();
  });
});

describe('runs deleted in Runs', () => {
  it('leave the live list at once (the server drops them from its session itself)', async () => {
    const f = fakeApi({
      'runs:active': () => ({ queued: [], running: [], finished: [47, 48] }),
      'runs:list': () => ({ runs: [info(47, 'completed'), info(48, 'completed')], total: 2 }),
      'runs:delete': (input) => ({ deleted: (input as { ids: number[] }).ids }),
      'runs:dismiss': (input) => ({ dismissed: (input as { ids: number[] }).ids }),
    });
    const live = new LiveStore(f.api);
    await live.load();
    // 49 finished while the events were lost: the list still has it running, but the server only deletes finished runs.
    f.emit('runs:progress', progress(49));
    expect(live.getState().order).toEqual([47, 48, 49]);
    const runs = new RunsStore(f.api, live);
    await runs.remove([48, 49]);
    expect(live.getState().order).toEqual([47]);
    expect(live.getState().runs[48]).toBeUndefined();
    expect(f.calls.filter((c) => c.method === 'runs:dismiss')).toEqual([]);
  });

  it('leave another tab’s live list, selection and runs list when the server announces the delete', async () => {
    let listed = [info(47, 'completed'), info(48, 'completed')];
    const f = fakeApi({
      'runs:active': () => ({ queued: [], running: [], finished: [47, 48] }),
      'runs:list': () => ({ runs: listed, total: listed.length }),
    });
    const { live, liveData, runs } = createStores(f.api);
    await live.load();
    await runs.refresh();
    runs.select([47, 48]);
    f.emit('runs:live', { id: 48, rows: [row(1, 100)], requests: [] });
    listed = [info(47, 'completed')];
    f.emit('runs:deleted', { ids: [48] });
    expect(live.getState().order).toEqual([47]);
    expect(liveData.get(48)).toBeUndefined();
    expect(runs.getState().selected).toEqual([47]);
    await new Promise((r) => setTimeout(r, 200));
    const list = runs.getState().list;
    expect(list.state === 'ready' && list.value.runs.map((r) => r.id)).toEqual([47]);
  });

  it('refresh the runs list when another tab imports runs', async () => {
    let listed = [info(47, 'completed')];
    const f = fakeApi({ 'runs:list': () => ({ runs: listed, total: listed.length }) });
    const { runs } = createStores(f.api);
    await runs.refresh();
    listed = [info(47, 'completed'), info(60, 'completed')];
    f.emit('runs:imported', { ids: [60] });
    await new Promise((r) => setTimeout(r, 200));
    const list = runs.getState().list;
    expect(list.state === 'ready' && list.value.runs.map((r) => r.id)).toEqual([47, 60]);
  });

  it('take their live charts with them, whichever way they leave the list', async () => {
    const f = fakeApi({
      'runs:list': () => ({ runs: [], total: 0 }),
      'runs:delete': (input) => ({ deleted: (input as { ids: number[] }).ids }),
      'runs:dismiss': (input) => ({ dismissed: (input as { ids: number[] }).ids }),
    });
    const { live, liveData, runs } = createStores(f.api);
    for (const id of [1, 2, 3]) {
      f.emit('runs:live', { id, rows: [row(1, 100)], requests: [] });
      f.emit('runs:status', { runId: id, status: 'completed' });
    }
    await live.dismiss([1]);
    await runs.remove([2]);
    expect([1, 2, 3].map((id) => liveData.get(id) !== undefined)).toEqual([false, false, true]);
  });
});

const row = (s: number, free: number): SampleRow => ({ tNs: s * 1e9, values: { free_pages: free } });

describe('live charts after a reload or a reconnect', () => {
  it('draws a run that completed before the page listened from the archive', async () => {
    const f = fakeApi({
      'runs:liveSnapshot': () => ({ id: 5, active: false, rows: [], requests: [], rowStride: 1, droppedRequests: 0 }),
      'runs:get': () => ({
        run: { ...info(5, 'completed') },
        requests: [requestRecord({ id: 1, endNs: 5e8 })],
        series: { intervalNs: 1e9, t: [0, 1e9, 2e9], columns: { free_pages: [10, 20, 30], region_device: [1, 2, 3] } },
        map: null,
        snapshots: [],
        progress: null,
      }),
    });
    const data = new LiveDataStore(f.api, (fn) => fn());
    data.watch(5);
    await flush();
    await flush();
    expect(f.calls.map((c) => c.method)).toEqual(['runs:liveSnapshot', 'runs:get']);
    expect(data.get(5)!.rows()).toEqual([
      { tNs: 0, values: { free_pages: 10, region_device: 1 } },
      { tNs: 1e9, values: { free_pages: 20, region_device: 2 } },
      { tNs: 2e9, values: { free_pages: 30, region_device: 3 } },
    ]);
    expect(data.get(5)!.requests().map((r) => r.id)).toEqual([1]);
    expect(data.getState().versions[5]).toBe(1);
  });

  it('fills the gap a dropped connection left in a running run from the server buffer', async () => {
    const f = fakeApi({
      'runs:liveSnapshot': () => ({ id: 9, active: true, rows: [row(0, 1), row(1, 2), row(2, 3), row(3, 4)], requests: [], rowStride: 1, droppedRequests: 0 }),
    });
    const data = new LiveDataStore(f.api, (fn) => fn());
    f.emit('runs:status', { runId: 9, status: 'running' });
    f.emit('runs:live', { id: 9, rows: [row(0, 1)], requests: [] });
    // Rows 1..3 were sent while the socket was down.
    data.resync();
    f.emit('runs:live', { id: 9, rows: [row(4, 5)], requests: [] });
    // Until the snapshot is in, the old buffer (with its gap) is what is drawn.
    expect(data.get(9)!.rows().map((r) => r.tNs / 1e9)).toEqual([0, 4]);
    await flush();
    expect(data.get(9)!.rows().map((r) => r.tNs / 1e9)).toEqual([0, 1, 2, 3, 4]);

    // A run known to have ended is not fetched again.
    f.emit('runs:status', { runId: 9, status: 'completed' });
    const before = f.calls.length;
    data.resync();
    await flush();
    expect(f.calls.length).toBe(before);
  });
});

describe('home route', () => {
  it('sends an empty hash and #/ to New experiment', () => {
    for (const h of ['', '#', '#/', '#//']) expect(parseHash(h), h).toEqual({ page: 'new' });
    expect(parseHash('#/nope')).toEqual({ page: 'notfound', path: '/nope' });
  });
});

describe('history filter options', () => {
  it('offer the scenarios the archive holds, edited ones included, besides the built-in ones', () => {
    expect(filterOptions(['cubox-rfc-v2', 'cubox-rfc-v2-custom', 'imported'], ['no-swap-pins', 'cubox-rfc-v2'], undefined)).toEqual([
      'cubox-rfc-v2',
      'cubox-rfc-v2-custom',
      'imported',
      'no-swap-pins',
    ]);
    // Before the archive answers, the catalog; a chosen value always stays selectable.
    expect(filterOptions(undefined, ['b', 'a'], 'gone')).toEqual(['a', 'b', 'gone']);
  });
});
