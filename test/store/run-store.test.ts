import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeDetail,
  openStore,
  policyRef,
  RunNotFoundError,
  RunStateError,
  saveCompletedRun,
  type WorkbenchStore,
} from '../../src/main/store/index.ts';
import { syntheticInput, syntheticPolicy, syntheticResult } from '../fixtures/store/synthetic.ts';

let store: WorkbenchStore;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

function newRun(name = 'r', policy = 'cma-mainline', scenario = 'camera-under-kbuild') {
  const input = syntheticInput({ policy, scenario });
  return store.runs.create({
    name,
    scenario: input.scenario,
    policy: policyRef(syntheticPolicy(policy)),
    params: input.params,
    seed: input.seed,
  });
}

describe('run ids', () => {
  it('are never handed out again after a delete, the newest run included', () => {
    const finished = (name: string) => {
      const id = newRun(name);
      store.runs.finish(id, 'cancelled');
      return id;
    };
    const [a, b, c] = [finished('a'), finished('b'), finished('c')];
    expect([a, b, c]).toEqual([1, 2, 3]);
    store.runs.delete([c, b]);
    expect(finished('d')).toBe(4);
    store.runs.delete([4]);
    expect(finished('e')).toBe(5);
  });
});

describe('RunStore lifecycle', () => {
  it('queued -> running -> completed stores every part of the result', () => {
    const id = newRun();
    expect(store.runs.statusOf(id)).toBe('queued');
    store.runs.markRunning(id);
    store.runs.heartbeat(id, 123);
    expect(store.runs.mustGet(id)).toMatchObject({ status: 'running', lastSeen: 123, summary: null });
    expect(store.runs.requests(id)).toEqual([]);

    const result = syntheticResult({ requests: 500, samples: 2000, snapshots: 3 });
    store.runs.complete(id, result);
    const run = store.runs.mustGet(id);
    expect(run.status).toBe('completed');
    expect(run.resultHash).toBe(result.summary.resultHash);
    expect(run.engineVersion).toBe('0.1.0');
    expect(run.summary).toEqual(result.summary);
    expect(store.runs.result(id)).toEqual(result);
    expect(store.runs.snapshotTimes(id)).toEqual(result.snapshots.map((s, i) => ({ index: i, tNs: s.tNs })));
    expect(store.runs.snapshot(id, 2)!.data).toEqual(result.snapshots[2]!.data);
    expect(store.runs.snapshot(id, 3)).toBeNull();
    expect(store.runs.detail.vmstat(id)).toEqual(result.summary.vmstat);
    // Heartbeats after the end do not touch a final run.
    store.runs.heartbeat(id, 1);
    expect(store.runs.mustGet(id).lastSeen).not.toBe(1);
  });

  it('refuses to complete twice and to start a run that is not queued', () => {
    const id = newRun();
    store.runs.markRunning(id);
    expect(() => store.runs.markRunning(id)).toThrow(RunStateError);
    store.runs.complete(id, syntheticResult({ requests: 3, samples: 5 }));
    expect(() => store.runs.complete(id, syntheticResult({ requests: 3, samples: 5 }))).toThrow(/already completed/);
    expect(store.runs.requests(id)).toHaveLength(3);
  });

  it('a failing completion leaves no partial data and the run still running', () => {
    const id = newRun();
    store.runs.markRunning(id);
    const bad = syntheticResult({ requests: 50, samples: 10 });
    bad.series.columns['broken'] = [1, 2, 3]; // wrong length: encoding throws
    expect(() => store.runs.complete(id, bad)).toThrow(/broken/);
    const bad2 = syntheticResult({ requests: 50, samples: 10 });
    (bad2.requests[49] as { client: unknown }).client = null; // NOT NULL violation on the last row
    expect(() => store.runs.complete(id, bad2)).toThrow();
    expect(store.runs.statusOf(id)).toBe('running');
    expect(store.runs.requests(id)).toEqual([]);
    expect(store.runs.detail.has(id)).toBe(false);
  });

  it('an engine version given at create stays through failure, recovery and completion', () => {
    const input = syntheticInput();
    const create = (engineVersion?: string) =>
      store.runs.create({ name: 'v', scenario: input.scenario, policy: policyRef(syntheticPolicy()), params: {}, seed: 1, ...(engineVersion ? { engineVersion } : {}) });
    const failed = create('9.9.9');
    expect(store.runs.mustGet(failed).engineVersion).toBe('9.9.9');
    store.runs.fail(failed, 'boom');
    expect(store.runs.mustGet(failed).engineVersion).toBe('9.9.9');
    const lost = create('9.9.9');
    store.runs.recover({ now: Date.now() + 3_600_000 });
    expect(store.runs.mustGet(lost)).toMatchObject({ status: 'interrupted', engineVersion: '9.9.9' });
    const done = create('9.9.9');
    const result = syntheticResult({ requests: 2, samples: 2 });
    store.runs.complete(done, result);
    // The summary names the engine that actually produced the result.
    expect(store.runs.mustGet(done).engineVersion).toBe(result.summary.engineVersion);
    expect(store.runs.mustGet(create()).engineVersion).toBeNull();
  });

  it('fail, cancel and interrupt keep the error and never overwrite a final state', () => {
    const a = newRun('a');
    store.runs.markRunning(a);
    store.runs.fail(a, 'boom', 'Error: boom\n    at x');
    expect(store.runs.mustGet(a)).toMatchObject({ status: 'failed', error: { message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(store.runs.finish(a, 'cancelled')).toBe(false);
    const b = newRun('b');
    expect(store.runs.finish(b, 'cancelled')).toBe(true);
    expect(store.runs.statusOf(b)).toBe('cancelled');
    expect(store.runs.mustGet(b).finishedAt).toBeTypeOf('number');
  });

  it('completion from interrupted is allowed (owner was slow, not dead)', () => {
    const id = newRun();
    store.runs.markRunning(id);
    store.runs.heartbeat(id, 1000);
    expect(store.runs.recover({ now: 1000 + 120_000 })).toEqual([id]);
    expect(store.runs.statusOf(id)).toBe('interrupted');
    store.runs.complete(id, syntheticResult({ requests: 2, samples: 2 }));
    expect(store.runs.statusOf(id)).toBe('completed');
  });

  it('recovery leaves runs of a live owner with a fresh heartbeat alone', () => {
    const id = newRun();
    store.runs.markRunning(id);
    expect(store.runs.recover()).toEqual([]);
    expect(store.runs.statusOf(id)).toBe('running');
  });

  it('saveCompletedRun stores input, policy identity and result in one go', () => {
    const input = syntheticInput({ seed: 9 });
    const result = syntheticResult({ seed: 9, requests: 20, samples: 30 });
    const policy = { ...syntheticPolicy(), origin: { dir: '/plugins/cma', hash: 'files:abc' } };
    const id = saveCompletedRun(store, input, policy, result, { tags: ['nightly'], name: 'my run' });
    const run = store.runs.mustGet(id);
    expect(run).toMatchObject({
      name: 'my run',
      status: 'completed',
      seed: 9,
      params: input.params,
      policy: { name: 'cma-mainline', version: '1.2.0', hash: 'files:abc' },
      tags: ['nightly'],
      resultHash: result.summary.resultHash,
    });
    expect(run.scenario).toEqual(input.scenario);
    expect(saveCompletedRun(store.runs, input, syntheticPolicy(), result)).toBe(id + 1);
    expect(store.runs.mustGet(id + 1).name).toBe('camera-under-kbuild / cma-mainline seed 9');
    expect(store.runs.mustGet(id + 1).policy.hash).toMatch(/^manifest:[0-9a-f]{64}$/);
    // The plugin folder travels with the hash; a module without an origin has none.
    expect(run.policy.dir).toBe('/plugins/cma');
    expect(store.runs.mustGet(id + 1).policy.dir).toBeNull();
    expect(store.runs.list().find((r) => r.id === id)!.policy).toEqual({ name: 'cma-mainline', version: '1.2.0', hash: 'files:abc', dir: '/plugins/cma' });
  });

  it('keeps the plugin folder from submit through completion; the worker\'s record of what it loaded wins', () => {
    const at = (dir: string) => policyRef({ ...syntheticPolicy(), origin: { dir, hash: 'files:' + dir } });
    const input = syntheticInput();
    const create = (dir: string) =>
      store.runs.create({ name: dir, scenario: input.scenario, policy: at(dir), params: input.params, seed: input.seed });

    const kept = create('/plugins/a');
    expect(store.runs.mustGet(kept).policy).toMatchObject({ dir: '/plugins/a', hash: 'files:/plugins/a' });
    store.runs.markRunning(kept);
    store.runs.complete(kept, syntheticResult({ requests: 2, samples: 2 }));
    expect(store.runs.mustGet(kept).policy.dir).toBe('/plugins/a');

    // A ref without the field (an older caller) keeps what submit recorded.
    const legacy = create('/plugins/b');
    store.runs.complete(legacy, syntheticResult({ requests: 2, samples: 2 }), { name: 'cma-mainline', version: '1.2.0', hash: 'files:/plugins/b' });
    expect(store.runs.mustGet(legacy).policy.dir).toBe('/plugins/b');

    // The worker loaded it from elsewhere (the plugin moved between submit and start): the completion says where.
    const moved = create('/plugins/c');
    store.runs.complete(moved, syntheticResult({ requests: 2, samples: 2 }), at('/elsewhere/c'));
    expect(store.runs.mustGet(moved).policy).toMatchObject({ dir: '/elsewhere/c', hash: 'files:/elsewhere/c' });

    // Failed and cancelled runs keep theirs.
    const failed = create('/plugins/d');
    store.runs.fail(failed, 'boom');
    expect(store.runs.mustGet(failed).policy.dir).toBe('/plugins/d');
  });
});

describe('RunStore queries and edits', () => {
  function seed() {
    const ids: number[] = [];
    for (const [name, policy, scenario] of [
      ['kbuild baseline', 'cma-mainline', 'kbuild'],
      ['kbuild gcma', 'gcma', 'kbuild'],
      ['camera 100%_done', 'gcma', 'camera'],
      ['camera carve', 'carveout', 'camera'],
    ] as const) {
      const id = newRun(name, policy, scenario);
      ids.push(id);
    }
    store.runs.markRunning(ids[0]!);
    store.runs.complete(ids[0]!, syntheticResult({ requests: 4, samples: 4 }));
    store.runs.finish(ids[1]!, 'failed', 'x');
    store.runs.tag(ids[0]!, ['paper', 'fig3']);
    store.runs.tag(ids[2]!, ['paper']);
    store.runs.setNotes(ids[3]!, 'Looks WRONG: check region size');
    return ids;
  }

  it('filters by tag, policy, scenario, status and text, newest first', () => {
    const [a, b, c, d] = seed();
    const ids = (f: Parameters<typeof store.runs.list>[0]) => store.runs.list(f).map((r) => r.id);
    expect(ids({})).toEqual([d, c, b, a]);
    expect(ids({ tag: 'paper' })).toEqual([c, a]);
    expect(ids({ tag: 'fig3' })).toEqual([a]);
    expect(ids({ policy: 'gcma' })).toEqual([c, b]);
    expect(ids({ scenario: 'camera' })).toEqual([d, c]);
    expect(ids({ status: 'completed' })).toEqual([a]);
    expect(ids({ status: 'queued', scenario: 'camera' })).toEqual([d, c]);
    expect(ids({ text: 'wrong' })).toEqual([d]);
    expect(ids({ text: '100%_' })).toEqual([c]);
    expect(ids({ text: '%' })).toEqual([c]);
    expect(ids({ limit: 2, offset: 1 })).toEqual([c, b]);
    const first = store.runs.list({ status: 'completed' })[0]!;
    expect(first.tags).toEqual(['fig3', 'paper']);
    expect(first.summary?.requests.count).toBe(4);
    expect(first).not.toHaveProperty('scenario');
  });

  it('tag, untag, note and delete with cascade', () => {
    const [a, , c] = seed();
    store.runs.untag(a!, ['paper', 'not-there']);
    expect(store.runs.mustGet(a!).tags).toEqual(['fig3']);
    expect(() => store.runs.tag(999, ['x'])).toThrow(RunNotFoundError);
    expect(() => store.runs.setNotes(999, 'x')).toThrow(RunNotFoundError);
    expect(() => store.runs.delete([c!])).toThrow(/queued; cancel it/);

    store.runs.delete([a!]);
    expect(store.runs.get(a!)).toBeNull();
    for (const table of ['requests', 'series', 'snapshots', 'vmstat', 'run_detail', 'run_tags']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(a)).toBe(0);
    }
    expect(() => store.runs.delete([a!])).toThrow(RunNotFoundError);
  });
});

describe('encodeDetail', () => {
  it('keeps column order and picks compact exact encodings', () => {
    const r = syntheticResult({ requests: 1, samples: 100 });
    const d = encodeDetail(r);
    expect(d.columns.map((c) => c.name)).toEqual(Object.keys(r.series.columns));
    const enc = Object.fromEntries(d.columns.map((c) => [c.name, c.encoding]));
    expect(d.t.encoding).toBe('i32');
    expect(enc['nr_free_pages']).toBe('i32');
    expect(enc['region_utilisation']).toBe('f64');
  });
});
