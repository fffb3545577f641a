/*
 * Plugin code in the run manager's workers: a plugin that throws, loops or
 * allocates without bound fails its own run with a clear error, and the
 * manager and the other runs keep going. The manager's thread only reads
 * manifests (the looping plugin would hang this test otherwise).
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunInput } from '../../src/engine/result.ts';
import { hashPluginDir } from '../../src/main/plugins/hash.ts';
import { PluginError } from '../../src/main/plugins/problems.ts';
import { configurePlugins } from '../../src/main/plugins/registry.ts';
import { SMOKE_SCENARIO } from '../../src/main/plugins/smoke.ts';
import { lookupPolicy, RunManager, UnknownPolicyError, type RunManagerOptions } from '../../src/main/runs/index.ts';
import { openStore, type WorkbenchStore } from '../../src/main/store/index.ts';
import { fixture, tempDirs } from './helpers.ts';

const tmp = tempDirs();
let store: WorkbenchStore;
let manager: RunManager | null = null;

beforeEach(() => {
  store = openStore(':memory:');
  configurePlugins({ userDir: null, extraDirs: ['good', 'throwing', 'looping', 'allocating', 'bad-manifest'].map(fixture) });
});
afterEach(async () => {
  await manager?.dispose();
  manager = null;
  store.close();
  tmp.cleanup();
});

function make(opts: Partial<RunManagerOptions> = {}): RunManager {
  manager = new RunManager({ store: store.runs, poolSize: 3, log: () => {}, ...opts });
  return manager;
}

const input = (policy: string, seed = 1): RunInput => ({ scenario: SMOKE_SCENARIO, policy, params: {}, seed, options: { baseline: false } });

describe('plugins in run workers', () => {
  it('a plugin that throws fails its run with the plugin name, message, line and stack; other runs complete', async () => {
    const m = make();
    const ids = ['fixture-good', 'fixture-throwing', 'legacy-cma'].map((p) => m.submit(input(p)));
    const [good, bad, builtin] = await Promise.all(ids.map((id) => m.wait(id)));
    expect(good!.status).toBe('completed');
    expect(builtin!.status).toBe('completed');
    expect(bad!.status).toBe('failed');
    expect(bad!.error!.message).toBe(
      'plugin fixture-throwing 1.0.0 threw: fixture: allocContig exploded on request 1 (at test/fixtures/plugins/throwing/index.ts:17:11)',
    );
    expect(bad!.error!.stack).toContain(`at ThrowingPolicy.allocContig (${fixture('throwing/index.ts')}:17:11)`);
    const rec = store.runs.mustGet(ids[1]!);
    expect(rec).toMatchObject({ status: 'failed', error: { message: bad!.error!.message }, policy: { name: 'fixture-throwing', hash: hashPluginDir(fixture('throwing')) } });
  });

  it('a plugin that loops forever is stopped by the watchdog; the manager keeps serving', async () => {
    const m = make({ watchdogS: 3 });
    const loop = m.submit(input('fixture-looping'));
    const good = m.submit(input('fixture-good'));
    expect((await m.wait(good)).status).toBe('completed');
    const out = await m.wait(loop);
    expect(out).toMatchObject({ status: 'failed', error: { message: 'watchdog timeout after 3 s' } });
    const after = m.submit(input('fixture-good', 2));
    expect((await m.wait(after)).status).toBe('completed');
  });

  it('a plugin that allocates without bound is stopped by the worker heap limit; the others complete', async () => {
    const m = make({ maxOldGenerationSizeMb: 128 });
    const hog = m.submit(input('fixture-allocating'));
    const good = m.submit(input('fixture-good'));
    const [h, g] = await Promise.all([m.wait(hog), m.wait(good)]);
    expect(g.status).toBe('completed');
    expect(h.status).toBe('failed');
    expect(h.error!.message).toMatch(/^the run ran out of memory: its worker exceeded the 128 MB heap limit/);
  });

  it('a broken or unknown plugin is refused at submit with its error; nothing is queued', () => {
    const m = make();
    expect(() => m.submit(input('fixture-bad-manifest'))).toThrow(PluginError);
    expect(() => m.submit(input('fixture-bad-manifest'))).toThrow(/params.level.default: 5 is above max 1/);
    expect(() => m.submit(input('nope'))).toThrow(UnknownPolicyError);
    expect(m.active()).toEqual({ queued: [], running: [] });
    expect(store.runs.list({}).length).toBe(0);
  });

  it('the manager thread sees manifest and origin only: the class refuses to be built here', () => {
    const mod = lookupPolicy('fixture-looping');
    expect(mod.origin).toEqual({ dir: fixture('looping'), hash: hashPluginDir(fixture('looping')) });
    expect(() => new (mod.policy as unknown as new () => unknown)()).toThrow(/plugin code is loaded only in run workers/);
  });

  it('each run records the version, content hash and folder it ran; an edit shows in the next run', async () => {
    const dir = tmp.copy('good');
    configurePlugins({ userDir: null, extraDirs: [dir] });
    const m = make();
    const first = m.submit(input('fixture-good'));
    expect((await m.wait(first)).status).toBe('completed');
    const h0 = hashPluginDir(dir);
    expect(store.runs.mustGet(first).policy).toEqual({ name: 'fixture-good', version: '1.0.0', hash: h0, dir });

    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: '1.1.0' }));
    writeFileSync(join(dir, 'revision.ts'), 'export const REVISION = 2;\n');
    const second = m.submit(input('fixture-good'));
    expect((await m.wait(second)).status).toBe('completed');
    const h1 = hashPluginDir(dir);
    expect(h1).not.toBe(h0);
    expect(store.runs.mustGet(second).policy).toEqual({ name: 'fixture-good', version: '1.1.0', hash: h1, dir });
  });
});
