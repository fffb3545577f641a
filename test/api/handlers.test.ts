/*
 * The API handler map without Electron or a transport: a real archive on a
 * temporary database and the real run manager (worker threads, real engine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configurePlugins } from '../../src/main/plugins/index.ts';
import { decodeSnapshotData } from '../../src/shared/snapshot.ts';
import type { RunConfigInput } from '../../src/shared/schemas.ts';
import type { RunLiveEvent } from '../../src/shared/types.ts';
import { benches, ROOT, TINY, type TestBench, tinyConfig } from './helpers.ts';

const b = benches();
afterEach(() => b.cleanup());

const config = tinyConfig;

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startAndWait(t: TestBench, c: RunConfigInput = config()): Promise<number[]> {
  const started = await t.ok('runs:start', { config: c });
  const outs = await Promise.all(started.runIds.map((id) => t.wb.ctx.runs.wait(id)));
  for (const o of outs) expect(o.status, o.error?.message).toBe('completed');
  return started.runIds;
}

describe('catalog and app', () => {
  it('imports a cma trace into replay workloads, and into a scenario when given one', async () => {
    const t = b.make();
    const text = readFileSync(join(ROOT, 'test', 'fixtures', 'traces', 'camera-v6.txt'), 'utf8');
    const only = await t.ok('scenarios:importTrace', { text, area: 'camera' });
    expect(only.scenario).toBeNull();
    expect(only.trace).toMatchObject({ requests: 4, failed: 1, areas: { camera: 4, reserved: 1 } });
    const cubox = (await t.ok('scenarios:list')).find((s) => s.name === 'cubox-rfc-v2')!;
    const { scenario } = await t.ok('scenarios:importTrace', { text, fileName: 'camera-v6.txt', area: 'camera', scenario: cubox });
    expect(scenario!.name).toBe('cubox-rfc-v2-custom');
    expect(scenario!.title).toContain('contig clients: trace camera-v6.txt');
    expect(scenario!.workloads.map((w) => w.kind)).toEqual(['kbuild', 'contigTrace', 'contigTrace']);
    // The replayed scenario runs like any other.
    const ran = await t.ok('config:validate', { config: { scenario: scenario!, policies: [{ name: 'carveout' }], seeds: [1] } });
    expect(ran.ok, JSON.stringify(ran)).toBe(true);
    // Two runs replaying different traces: Compare lists each trace as one value, not request by request.
    const big = Array.from({ length: 300 }, (_, i) => [
      ` cam-9 [000] ..... ${(10 + i).toFixed(6)}: cma_alloc_start: name=camera request_count=8 available_count=1 total_count=4096 align=3`,
      ` cam-9 [000] ..... ${(10 + i + 0.001).toFixed(6)}: cma_alloc_finish: name=camera pfn=0x${(4096 + i * 8).toString(16)} page=00000000deadbeef count=8 align=3 errorno=0`,
    ]).flat().join('\n');
    const tiny = (await t.ok('scenarios:list')).find((s) => s.name === 'no-swap-pins')!;
    const scenarios = [
      (await t.ok('scenarios:importTrace', { text, fileName: 'camera-v6.txt', area: 'camera', scenario: tiny })).scenario!,
      (await t.ok('scenarios:importTrace', { text: big, fileName: 'big.txt', scenario: tiny })).scenario!,
    ];
    const ids: number[] = [];
    for (const sc of scenarios) {
      const started = await t.ok('runs:start', { config: { scenario: { ...sc, durationS: 20 }, policies: [{ name: 'carveout' }], seeds: [1], baseline: false } });
      ids.push(...started.runIds);
    }
    for (const id of ids) expect((await t.wb.ctx.runs.wait(id)).status).toBe('completed');
    const cmp = await t.ok('runs:compare', { ids });
    const traceRows = cmp.configDiff.filter((d) => d.path.includes('requests'));
    // The camera trace has two tasks, the other one: a row per workload, none per request.
    expect(traceRows.map((d) => d.path)).toEqual(['scenario.workloads.4.requests', 'scenario.workloads.5.requests']);
    expect(traceRows[0]!.values).toEqual([expect.stringMatching(/^3 traced requests from camera-v6\.txt #[0-9a-f]{8}$/), expect.stringMatching(/^300 traced requests from big\.txt #[0-9a-f]{8}$/)]);
    // The same identities, structured, so the UI's labels need not parse the display value.
    const hash = (v: unknown) => String(v).split('#')[1];
    expect(traceRows[0]!.traces).toEqual([
      { from: 'camera-v6.txt', count: 3, hash: hash(traceRows[0]!.values[0]) },
      { from: 'big.txt', count: 300, hash: hash(traceRows[0]!.values[1]) },
    ]);
    expect(traceRows[1]!.traces).toEqual([expect.objectContaining({ from: 'camera-v6.txt' }), null]);

    const bad = await t.call('scenarios:importTrace', { text: 'no events here' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('no cma events found'), fieldErrors: [{ path: 'text' }] } });
    expect(await t.call('scenarios:importTrace', { text, area: 'cam' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('"camera", "reserved"') } });
  });

  it('lists scenarios with their texts, policies with parameter schemas, plugins and app info', async () => {
    const t = b.make();
    const scenarios = await t.ok('scenarios:list');
    expect(scenarios.map((s) => s.name)).toContain('cubox-rfc-v2');
    expect(scenarios[0]).toMatchObject({ title: expect.any(String), description: expect.any(String), source: expect.any(String) });

    const policies = await t.ok('policies:list', {});
    const gcma = policies.find((p) => p.name === 'gcma')!;
    expect(gcma.params.find((p) => p.key === 'ratio')).toMatchObject({ type: 'number', min: 0, max: 1 });
    expect(gcma.presets!.length).toBeGreaterThan(0);
    expect(gcma.builtin).toBe(true);

    const plugins = await t.ok('plugins:list');
    expect(plugins.map((p) => p.name).sort()).toEqual(policies.map((p) => p.name).sort());
    expect(plugins.every((p) => p.status === 'loaded' && p.dir?.endsWith(join('plugins', p.name)))).toBe(true);
    expect(await t.ok('plugins:reload')).toEqual(plugins);
    expect(t.events.filter((e) => e.event === 'plugins:changed')).toHaveLength(1);

    const info = await t.ok('app:info');
    expect(info).toMatchObject({ mode: 'browser', version: expect.stringMatching(/^\d+\.\d+\.\d+/), dbPath: join(t.dir, 'workbench.db') });
    expect(existsSync(info.docsPath)).toBe(true);
    // No desktop shell in browser mode: links and folders are the page's business.
    expect(await t.ok('app:openExternal', { url: 'https://lore.kernel.org/' })).toEqual({ opened: false });
    expect((await t.ok('plugins:openFolder', { name: 'gcma' })).opened).toBe(false);
    // Docs: browser mode gets the URL the server shows them at.
    expect(await t.ok('app:openDocs', { name: 'plugins.md' })).toEqual({ opened: false, path: join(ROOT, 'docs', 'plugins.md'), url: '/docs/plugins.md' });
    expect(await t.call('app:openDocs', { name: 'nope.md' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const name of ['../package.json', '../README.md', 'sub/x.md', '.hidden.md', 'plugins.txt']) {
      expect(await t.call('app:openDocs', { name }), name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('desktop mode opens docs through the shell', async () => {
    const opened: string[] = [];
    const t = b.make({ mode: 'electron', shell: { openDoc: async (p) => (opened.push(p), true) } });
    expect(await t.ok('app:openDocs', { name: 'ui.md' })).toEqual({ opened: true, path: join(ROOT, 'docs', 'ui.md'), url: null });
    expect(opened).toEqual([join(ROOT, 'docs', 'ui.md')]);
  });
});

describe('plugins from folders', () => {
  afterEach(() => configurePlugins({ userDir: null }));

  it('lists broken plugins with their error, offers only usable ones, and runs a folder plugin in the worker', async () => {
    const fixtures = join(ROOT, 'test', 'fixtures', 'plugins');
    configurePlugins({ userDir: null, extraDirs: [join(fixtures, 'good'), join(fixtures, 'bad-manifest')] });
    const t = b.make();
    const plugins = await t.ok('plugins:list');
    expect(plugins.find((p) => p.name === 'fixture-good')).toMatchObject({ status: 'loaded', builtin: false, error: null });
    const bad = plugins.find((p) => p.name === 'fixture-bad-manifest')!;
    expect(bad.status).toBe('error');
    expect(bad.error).toMatch(/tries/);
    const policies = await t.ok('policies:list');
    expect(policies.find((p) => p.name === 'fixture-good')).toMatchObject({ builtin: false, dir: join(fixtures, 'good') });
    expect(policies.some((p) => p.name === 'fixture-bad-manifest')).toBe(false);
    expect(policies.find((p) => p.name === 'gcma')!.builtin).toBe(true);

    const v = await t.ok('config:validate', { config: config({ policies: [{ name: 'fixture-bad-manifest' }] }) });
    expect(v.errors[0]).toMatchObject({ path: 'config.policies.0.name', message: expect.stringMatching(/^policy "fixture-bad-manifest" cannot be used: .+/) });
    const ids = await startAndWait(t, config({ policies: [{ name: 'fixture-good', params: { preset: 'fast' } }] }));
    const run = (await t.ok('runs:get', { id: ids[0]! })).run;
    expect(run).toMatchObject({ status: 'completed', policy: { name: 'fixture-good' }, params: { failFast: true, preset: 'fast' } });
    // The folder it ran from, in the policy ref and at the top level for the views.
    expect(run.policy.dir).toBe(join(fixtures, 'good'));
    expect(run.policyDir).toBe(join(fixtures, 'good'));
    expect((await t.ok('runs:list')).runs.find((r) => r.id === ids[0])!.policyDir).toBe(join(fixtures, 'good'));
  });
});

describe('input validation', () => {
  it('answers unknown methods and malformed inputs with structured errors, never throws', async () => {
    const t = b.make();
    expect(await t.call('nope:nothing' as never)).toEqual({ ok: false, error: { code: 'unknown_method', message: 'unknown API method "nope:nothing"' } });

    const r = await t.call('runs:get', { id: 'x' } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.fieldErrors).toEqual([{ path: 'id', message: expect.stringMatching(/number/) }]);
    expect(r.error.message).toMatch(/^runs:get: id: /);

    const missing = await t.call('runs:get');
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const extra = await t.call('runs:note', { id: 1, notes: 'x', bogus: 1 } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: [{ path: 'bogus', message: 'unknown field "bogus"' }] } });
    const tooFew = await t.call('runs:compare', { ids: [1] });
    expect(tooFew).toMatchObject({ ok: false, error: { fieldErrors: [{ path: 'ids', message: 'compare needs two or more runs' }] } });
    expect(await t.call('runs:get', { id: 999 })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run with id 999' } });
  });

  it('config:validate returns every problem with its field path; runs:start refuses the same config', async () => {
    const t = b.make();
    const bad = {
      scenario: 'cubox-rfc-v2',
      overrides: { 'machine.memMiB': -5, 'machine.bogus': 1 },
      policies: [{ name: 'gcmx' }, { name: 'gcma', params: { ratio: 2, preset: 'nope' } }],
      seeds: [1, 1],
      sweep: { policy: 'cma-quirks', key: 'backoffMs', values: [1, 1] },
    };
    const v = await t.ok('config:validate', { config: bad });
    expect(v.ok).toBe(false);
    expect(v.runs).toEqual([]);
    const paths = v.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'config.overrides.machine.memMiB',
        'config.overrides.machine.bogus',
        'config.policies.0.name',
        'config.policies.1.params.ratio',
        'config.policies.1.params.preset',
        'config.seeds.1',
        'config.sweep.values.1',
      ]),
    );
    expect(v.errors.find((e) => e.path === 'config.policies.0.name')!.message).toMatch(/unknown policy "gcmx"; known: .*gcma/);
    expect(v.errors.find((e) => e.path === 'config.policies.1.params.ratio')!.message).toBe('ratio: 2 is above the maximum 1');

    const shape = await t.ok('config:validate', { config: { scenario: 'nope', policies: [], seeds: [] } });
    expect(shape.errors.map((e) => e.path).sort()).toEqual(['config.policies', 'config.scenario', 'config.seeds']);

    const refused = await t.call('runs:start', { config: bad });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('invalid_input');
    expect(refused.error.fieldErrors).toEqual(v.errors);
    expect(t.wb.ctx.store.runs.count()).toBe(0);
  });

  it('expands policies × sweep values × seeds, and overrides apply to a named scenario', async () => {
    const t = b.make();
    const v = await t.ok('config:validate', {
      config: {
        scenario: 'phone-camera',
        overrides: { 'machine.memMiB': 4096, 'workloads.3.count': 5 },
        policies: [{ name: 'mainline-cma' }],
        seeds: [1, 2, 3],
        sweep: { policy: 'gcma', key: 'ratio', values: [0, 0.5, 1] },
      },
    });
    expect(v.errors).toEqual([]);
    expect(v.runs).toHaveLength(12);
    expect([...new Set(v.runs.map((r) => r.label))]).toEqual(['mainline-cma', 'gcma ratio=0', 'gcma ratio=0.5', 'gcma ratio=1']);
    expect(v.runs.filter((r) => r.policy === 'gcma').map((r) => r.params['ratio'])).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1]);
    expect(v.scenario!.machine.memMiB).toBe(4096);
    expect((v.scenario!.workloads[3] as { count: number }).count).toBe(5);
  });
});

describe('runs', () => {
  it('files a built-in scenario edited in the form as NAME-custom and names runs by what differs', async () => {
    const t = b.make();
    const started = await t.ok('runs:start', {
      config: { scenario: 'no-swap-pins', overrides: { durationS: 2 }, policies: [{ name: 'mainline-cma' }], sweep: { policy: 'gcma', key: 'ratio', values: [0.2, 0.5] }, seeds: [4], baseline: false },
    });
    const runs = await Promise.all(started.runIds.map((id) => t.ok('runs:get', { id }).then((d) => d.run)));
    expect(runs.map((r) => r.scenario.name)).toEqual(['no-swap-pins-custom', 'no-swap-pins-custom', 'no-swap-pins-custom']);
    expect(runs[0]!.scenario.title).toMatch(/\(durationS=2\)$/);
    // gcma's default ratio is 0.5: that run names no parameter.
    expect(runs.map((r) => r.name)).toEqual([
      'no-swap-pins (durationS=2) / mainline-cma seed 4',
      'no-swap-pins (durationS=2) / gcma ratio=0.2 seed 4',
      'no-swap-pins (durationS=2) / gcma seed 4',
    ]);
    await Promise.all(started.runIds.map((id) => t.wb.ctx.runs.wait(id)));
  });

  it('starts, reports progress and status, lists, shows, snapshots, tags, notes, compares and deletes', async () => {
    const t = b.make();
    const ids = await startAndWait(t, config({ seeds: [1, 2] }));
    expect(ids).toHaveLength(4);

    const statuses = t.events.filter((e) => e.event === 'runs:status').map((e) => e.payload as { runId: number; status: string });
    for (const id of ids) expect(statuses.filter((s) => s.runId === id).map((s) => s.status)).toEqual(['queued', 'running', 'completed']);

    const all = await t.ok('runs:list');
    expect(all.total).toBe(4);
    expect(all.runs.map((r) => r.id)).toEqual([...ids].reverse());
    expect(all.runs[0]!.name).toBe('tiny-api / gcma seed 2');
    expect((await t.ok('runs:list', { policy: 'gcma' })).runs.map((r) => r.policy.name)).toEqual(['gcma', 'gcma']);
    expect((await t.ok('runs:list', { limit: 1, offset: 1 })).runs.map((r) => r.id)).toEqual([ids[2]]);
    expect((await t.ok('runs:list', { from: Date.now() + 60_000 })).total).toBe(0);
    expect((await t.ok('runs:list', { to: Date.now() })).total).toBe(4);

    const detail = await t.ok('runs:get', { id: ids[0]! });
    expect(detail.run).toMatchObject({ status: 'completed', scenario: { name: 'tiny-api' }, options: { baseline: false } });
    // Built-ins load from the repository's plugins/ folder too.
    expect(detail.run.policyDir).toBe(join(ROOT, 'plugins', 'mainline-cma'));
    for (const r of all.runs) expect(r.policyDir).toBe(r.policy.dir);
    expect(all.runs.map((r) => r.policyDir)).toEqual(all.runs.map((r) => join(ROOT, 'plugins', r.policy.name)));
    expect(detail.requests.length).toBe(detail.run.summary!.requests.count);
    expect(detail.series!.t.length).toBeGreaterThan(5);
    expect(detail.snapshots.length).toBeGreaterThanOrEqual(2);
    const snap = await t.ok('runs:snapshot', { id: ids[0]!, index: 1 });
    const data = decodeSnapshotData(snap.data);
    expect(data.length).toBe(detail.map!.pageblocks * (detail.map!.kinds.length + 1)); // counts, then migratetypes
    expect(data).toEqual(t.wb.ctx.store.runs.snapshot(ids[0]!, 1)!.data);
    expect(snap.tNs).toBe(detail.snapshots[1]!.tNs);
    expect(await t.call('runs:snapshot', { id: ids[0]!, index: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    expect(await t.ok('runs:tag', { ids: [ids[0]!, ids[1]!], tags: ['baseline', 'cubox'] })).toEqual({
      runs: [
        { id: ids[0], tags: ['baseline', 'cubox'] },
        { id: ids[1], tags: ['baseline', 'cubox'] },
      ],
    });
    expect((await t.ok('runs:untag', { ids: [ids[1]!], tags: ['cubox'] })).runs[0]!.tags).toEqual(['baseline']);
    expect((await t.ok('runs:list', { tag: 'cubox' })).runs.map((r) => r.id)).toEqual([ids[0]]);
    const badTag = await t.call('runs:tag', { ids: [ids[0]!], tags: ['has space'] });
    expect(badTag).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: [{ path: 'tags.0' }] } });
    await t.ok('runs:note', { id: ids[0]!, notes: 'reference run, quiet board' });
    expect((await t.ok('runs:list', { text: 'QUIET' })).runs.map((r) => r.id)).toEqual([ids[0]]);

    const cmp = await t.ok('runs:compare', { ids });
    expect(cmp.runs.map((r) => r.id)).toEqual(ids);
    expect(cmp.runs.map((r) => r.policyDir)).toEqual(cmp.runs.map((r) => r.policy.dir));
    expect(cmp.cdf).toHaveLength(4);
    for (const c of cmp.cdf) {
      expect(c.x.length).toBe(c.y.length);
      expect(c.y[c.y.length - 1]).toBe(1);
      expect([...c.x].sort((a, b) => a - b)).toEqual(c.x);
    }
    expect(cmp.configDiff.map((d) => d.path).sort()).toEqual(expect.arrayContaining(['policy', 'seed']));
    expect(cmp.configDiff.find((d) => d.path === 'seed')!.values).toEqual([1, 2, 1, 2]);
    expect(cmp.configDiff.some((d) => d.path.startsWith('scenario.'))).toBe(false);
    expect(cmp.groups.map((g) => [g.label, g.runIds, g.seeds])).toEqual([
      ['mainline-cma', [ids[0], ids[1]], [1, 2]],
      ['gcma', [ids[2], ids[3]], [1, 2]],
    ]);
    const sr = cmp.groups[0]!.stats['successRate']!;
    expect(sr.n).toBe(2);
    expect(cmp.metrics).toContain('latencyP99Us');
    expect(await t.call('runs:compare', { ids: [ids[0]!, ids[0]!] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    expect(await t.ok('runs:delete', { ids: [ids[3]!] })).toEqual({ deleted: [ids[3]] });
    expect(await t.call('runs:get', { id: ids[3]! })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Other tabs and windows learn of it.
    expect(t.events.filter((e) => e.event === 'runs:deleted').map((e) => e.payload)).toEqual([{ ids: [ids[3]] }]);
    expect(t.events.every((e) => JSON.stringify(e.payload) !== undefined)).toBe(true);
  });

  it('cancels a queued run and refuses to delete a running one', async () => {
    const t = b.make({ runManager: { poolSize: 1 } });
    const long = { ...TINY, durationS: 4000, workloads: [{ kind: 'slab', pagesPerS: 200, lifetimeMs: 2000, maxPages: 300 }, { ...TINY.workloads[1]!, count: 5000 }] };
    const started = await t.ok('runs:start', { config: config({ scenario: long as Record<string, unknown> }) });
    const [first, second] = started.runIds as [number, number];
    expect(await t.ok('runs:cancel', { id: second })).toEqual({ cancelled: true });
    expect(t.wb.ctx.store.runs.statusOf(second)).toBe('cancelled');
    await until(() => t.events.some((e) => e.event === 'runs:progress'));
    const progress = t.events.filter((e) => e.event === 'runs:progress').map((e) => e.payload as { runId: number; fraction: number });
    expect(progress.every((p) => p.runId === first && p.fraction >= 0 && p.fraction <= 1)).toBe(true);
    const active = await t.ok('runs:active');
    expect(active).toMatchObject({ queued: [], running: [{ runId: first, status: 'running', phase: 'main' }] });
    expect((await t.ok('runs:get', { id: first })).progress).toMatchObject({ runId: first, fraction: expect.any(Number) });
    expect(await t.call('runs:delete', { ids: [first] })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/cancel it before deleting/) } });
    expect(await t.ok('runs:cancel', { id: first })).toEqual({ cancelled: true });
    expect((await t.wb.ctx.runs.wait(first)).status).toBe('cancelled');
    expect(await t.ok('runs:cancel', { id: first })).toEqual({ cancelled: false });
    expect(await t.call('runs:cancel', { id: 4242 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('live data', () => {
  const live = (t: TestBench) => t.events.filter((e) => e.event === 'runs:live').map((e) => e.payload as RunLiveEvent);

  it('pushes runs:live batches that add up to the stored run', async () => {
    const t = b.make();
    const [id] = await startAndWait(t, config({ policies: [{ name: 'gcma' }] }));
    const batches = live(t);
    expect(batches.every((e) => e.id === id)).toBe(true);
    const detail = await t.ok('runs:get', { id: id! });
    // Every sample but the final one, which the engine takes after its loop.
    expect(batches.flatMap((e) => e.rows.map((r) => r.tNs))).toEqual(detail.series!.t.slice(0, -1));
    expect(batches.flatMap((e) => e.requests)).toEqual(detail.requests);
    expect(batches.length).toBeLessThan(detail.series!.t.length / 4);
    expect(await t.ok('runs:liveSnapshot', { id: id! })).toEqual({ id, active: false, rows: [], requests: [], rowStride: 1, droppedRequests: 0 });
    expect(await t.call('runs:liveSnapshot', { id: 4242 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers runs:liveSnapshot mid-run with what was pushed so far', async () => {
    const t = b.make({ runManager: { liveIntervalMs: 50 } });
    const long = { ...TINY, durationS: 4000, workloads: [TINY.workloads[0]!, { ...TINY.workloads[1]!, count: 5000 }] };
    const started = await t.ok('runs:start', { config: config({ scenario: long as Record<string, unknown>, policies: [{ name: 'gcma' }] }) });
    const id = started.runIds[0]!;
    await until(() => live(t).reduce((n, e) => n + e.rows.length, 0) >= 20 && live(t).some((e) => e.requests.length > 0));
    const mid = await t.ok('runs:liveSnapshot', { id });
    expect(mid).toMatchObject({ id, active: true, rowStride: 1, droppedRequests: 0 });
    // Everything pushed before the call is in the snapshot (it may hold a batch more).
    const pushed = live(t).flatMap((e) => e.rows);
    expect(mid.rows.slice(0, pushed.length)).toEqual(pushed);
    expect(mid.requests.map((r) => r.id)).toEqual(expect.arrayContaining(live(t).flatMap((e) => e.requests.map((r) => r.id))));
    expect(Object.keys(mid.rows[0]!.values)).toEqual(expect.arrayContaining(['free_pages', 'free_cma_pages', 'region_device', 'region_free']));
    await t.ok('runs:cancel', { id });
    expect((await t.wb.ctx.runs.wait(id)).status).toBe('cancelled');
    expect((await t.ok('runs:liveSnapshot', { id })).active).toBe(false);
  });
});

describe('archive files', () => {
  it('browser mode: export as a download, import the bytes, CSV as texts, file paths refused', async () => {
    const t = b.make();
    const ids = await startAndWait(t);
    const exp = await t.ok('runs:export', { ids });
    if (exp.kind !== 'download') throw new Error(`expected a download, got ${exp.kind}`);
    expect(exp).toMatchObject({ fileName: `cmawb-runs-${ids.join('-')}.cmawb`, runs: 2 });
    expect(Buffer.from(exp.base64, 'base64').length).toBe(exp.bytes);

    const other = b.make();
    const imported = await other.ok('runs:import', { base64: exp.base64, fileName: exp.fileName });
    expect(imported.imported).toHaveLength(2);
    expect(imported.skipped).toEqual([]);
    expect((await other.ok('runs:import', { base64: exp.base64 })).skipped).toHaveLength(2);
    // Announced once, for the runs that were new; the all-skipped import says nothing.
    expect(other.events.filter((e) => e.event === 'runs:imported').map((e) => e.payload)).toEqual([{ ids: imported.imported.map((r) => r.id) }]);
    const garbage = await other.call('runs:import', { base64: Buffer.from('not an archive').toString('base64'), fileName: 'x.cmawb' });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'bad_archive' } });

    const csv = await t.ok('runs:exportCsv', { id: ids[0]! });
    if (csv.kind !== 'download') throw new Error('expected a download');
    expect(csv.files.map((f) => f.name)).toEqual([`run-${ids[0]}-requests.csv`, `run-${ids[0]}-series.csv`, `run-${ids[0]}-summary.json`]);
    expect(csv.files[0]!.text.split('\n')[0]).toMatch(/^id,client,pages,/);

    for (const [method, input] of [
      ['runs:export', { ids, path: join(t.dir, 'x.cmawb') }],
      ['runs:import', { path: join(t.dir, 'x.cmawb') }],
      ['runs:exportCsv', { id: ids[0], dir: t.dir }],
    ] as const) {
      const r = await t.call(method, input as never);
      expect(r, method).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/^browser mode cannot/) } });
    }
  });

  it('desktop mode: writes where the dialog says, reports a cancelled dialog, imports from a path', async () => {
    let answer: string | null = null;
    const t = b.make({ mode: 'electron', shell: { chooseSavePath: async () => answer, chooseDirectory: async () => answer } });
    const ids = await startAndWait(t, config({ policies: [{ name: 'carveout' }] }));
    expect(await t.ok('runs:export', { ids })).toEqual({ kind: 'cancelled' });
    answer = join(t.dir, 'picked.cmawb');
    const r = await t.ok('runs:export', { ids });
    expect(r).toMatchObject({ kind: 'file', path: answer, runs: 1 });
    expect(existsSync(answer)).toBe(true);
    const explicit = join(t.dir, 'explicit.cmawb');
    await t.ok('runs:export', { ids, path: explicit });
    expect(readFileSync(explicit).subarray(0, 8).toString()).toBe('CMAWBARC');
    expect((await t.ok('runs:import', { path: explicit })).skipped).toHaveLength(1);
    answer = join(t.dir, 'csv');
    const csv = await t.ok('runs:exportCsv', { id: ids[0]! });
    expect(csv).toMatchObject({ kind: 'files', dir: answer });
    if (csv.kind === 'files') expect(csv.paths.every((p) => existsSync(p))).toBe(true);
  });
});
