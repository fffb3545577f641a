/*
 * cmawb runs, the parts the CLI decides: rerun of a plugin run finds the
 * plugin folder the run stored, export refuses to overwrite, messages.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runsCommand, type RunsCommandDeps } from '../../src/cli/commands/runs.ts';
import { configurePlugins } from '../../src/main/plugins/registry.ts';
import { scaffoldPlugin } from '../../src/main/plugins/scaffold.ts';
import { openStore, saveCompletedRun } from '../../src/main/store/index.ts';
import { syntheticInput, syntheticPolicy, syntheticResult } from '../fixtures/store/synthetic.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const tmp = tempDirs();
let dir: string;
let db: string;
beforeEach(() => {
  dir = tmp.make();
  db = join(dir, 'workbench.db');
  // Only the built-ins: the plugin under test is in no configured source.
  configurePlugins({ userDir: null, extraDirs: [] });
});
afterEach(() => {
  configurePlugins({});
  tmp.cleanup();
});

const RUNNER = new URL('./fixtures/plugin-runner.ts', import.meta.url);

async function cli(args: string[], database = db, deps: Partial<RunsCommandDeps> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runsCommand([...args, '--db', database], { log: (s) => out.push(s), error: (s) => err.push(s) }, {
    manager: { runnerModule: RUNNER, log: () => {} },
    progress: null,
    ...deps,
  });
  return { code, out, err };
}

/** A run of plugin NAME loaded from `pluginDir` (as `run --plugins` stores it). */
function storePluginRun(name: string, pluginDir: string, database = db): number {
  const store = openStore(database);
  const input = { ...syntheticInput({ seed: 1, policy: name }), params: { wallMs: 20 } };
  const mod = { ...syntheticPolicy(name, '0.1.0'), origin: { dir: pluginDir, hash: 'files:abcdef' } };
  const id = saveCompletedRun(store, input, mod, syntheticResult({ seed: 1, requests: 5, samples: 5 }));
  store.close();
  return id;
}

describe('cmawb runs rerun of a plugin run', () => {
  it('loads the plugin from the folder the run stored, and says so', async () => {
    const plugin = scaffoldPlugin('rerun-probe', join(dir, 'plugins')).dir;
    const id = storePluginRun('rerun-probe', plugin);
    const r = await cli(['rerun', String(id)]);
    expect(r.err[0]).toBe(`cmawb runs rerun: policy rerun-probe is not loaded; loading plugins from run ${id}'s plugin folder ${plugin}`);
    expect(r.out[0]).toBe(`run ${id + 1} (rerun of ${id}): completed`);
    expect(r.err.join('\n')).not.toMatch(/unknown policy/);
  });

  it('works the same after the run was exported and imported into another database', async () => {
    const plugin = scaffoldPlugin('rerun-probe', join(dir, 'plugins')).dir;
    const id = storePluginRun('rerun-probe', plugin);
    const file = join(dir, 'one.cmawb');
    expect((await cli(['export', String(id), '--out', file])).code).toBe(0);
    const other = join(dir, 'other.db');
    expect((await cli(['import', file], other)).out[0]).toBe('imported 1 run as 1');
    const r = await cli(['rerun', '1'], other);
    expect(r.err[0]).toMatch(/loading plugins from run 1's plugin folder .*rerun-probe$/);
    expect(r.out[0]).toBe('run 2 (rerun of 1): completed');
  });

  it('a stored folder that is gone: exit 2, naming the folder and --plugins', async () => {
    const plugin = scaffoldPlugin('rerun-probe', join(dir, 'plugins')).dir;
    const id = storePluginRun('rerun-probe', plugin);
    renameSync(join(dir, 'plugins'), join(dir, 'moved'));
    const r = await cli(['rerun', String(id)]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      `cmawb runs rerun: run ${id} used plugin rerun-probe from ${plugin}, which no longer exists; pass --plugins DIR with a folder that holds plugin rerun-probe`,
    ]);
    // With the flag it runs (main.ts configures --plugins before the command).
    configurePlugins({ userDir: null, extraDirs: [join(dir, 'moved')] });
    const ok = await cli(['rerun', String(id)]);
    expect(ok.err.join('\n')).not.toMatch(/loading plugins/);
    expect(ok.out[0]).toBe(`run ${id + 1} (rerun of ${id}): completed`);
  });

  it('a folder that no longer holds the plugin: exit 2', async () => {
    mkdirSync(join(dir, 'empty'));
    const id = storePluginRun('rerun-probe', join(dir, 'empty'));
    const r = await cli(['rerun', String(id)]);
    expect(r.code).toBe(2);
    expect(r.err.at(-1)).toMatch(/used plugin rerun-probe from .*empty, but that folder no longer holds it; pass --plugins DIR/);
  });
});

describe('cmawb runs export --out', () => {
  it('refuses to overwrite an existing archive unless --force', async () => {
    const a = storePluginRun('p-one', '/nowhere/p-one');
    const b = storePluginRun('p-two', '/nowhere/p-two');
    const file = join(dir, 'a.cmawb');
    expect((await cli(['export', String(a), String(b), '--out', file])).code).toBe(0);
    const before = readFileSync(file);
    const again = await cli(['export', String(a), '--out', file]);
    expect(again).toMatchObject({ code: 2, out: [], err: [`cmawb runs export: --out ${file} already exists; pass --force to overwrite it`] });
    expect(readFileSync(file).equals(before)).toBe(true);
    const forced = await cli(['export', String(a), '--out', file, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.out[0]).toMatch(/^wrote 1 run to /);
    expect(statSync(file).size).toBeLessThan(before.length);
    // A folder is never replaced; --force is only for --out.
    expect((await cli(['export', String(a), '--out', dir, '--force'])).err[0]).toMatch(/^cmawb runs export: --out .* is a folder; give a file name/);

  });

  it('documents --force in its help', async () => {
    const h = await cli(['--help']);
    expect(h.out.join('\n')).toMatch(/export ID\.\.\. --out FILE \[--force\]/);
    expect(h.out.join('\n')).toMatch(/refused unless --force/);
  });
});

describe('cmawb runs messages', () => {
  it('names the subcommand once: "cmawb runs tag: empty tag"', async () => {
    const id = storePluginRun('p-one', '/nowhere/p-one');
    expect((await cli(['tag', String(id), ' '])).err).toEqual(['cmawb runs tag: empty tag']);
    expect((await cli(['tag', String(id)])).err).toEqual(['cmawb runs tag: missing at least one TAG after the run ID']);
    expect((await cli(['show'])).err).toEqual(['cmawb runs show: missing run ID']);
    expect((await cli(['frobnicate'])).err[0]).toMatch(/^cmawb runs: unknown subcommand "frobnicate"/);
    // A name on Object's prototype is no subcommand either.
    expect((await cli(['toString'])).err).toEqual(['cmawb runs: unknown subcommand "toString"; try `cmawb runs --help`']);
    for (const r of [await cli(['tag', String(id), '']), await cli(['list', '--status', 'x']), await cli(['export', '1'])]) {
      expect(r.err[0]).not.toMatch(/runs.*\bruns\b/);
    }
  });
});

describe('cmawb runs rerun progress', () => {
  /** A log (not a terminal) and a clock that moves 6 s per reading, so every progress event prints. */
  async function rerunWithProgress(json: boolean): Promise<{ code: number; progress: string[]; err: string[] }> {
    const plugin = scaffoldPlugin('rerun-probe', join(dir, 'plugins')).dir;
    const id = storePluginRun('rerun-probe', plugin);
    let t = 0;
    const written: string[] = [];
    const r = await cli(['rerun', String(id), ...(json ? ['--json'] : [])], db, {
      manager: { runnerModule: RUNNER, log: () => {}, progressIntervalMs: 0 },
      progress: { isTTY: false, write: (text) => written.push(text) },
      clock: () => (t += 6000),
    });
    return { code: r.code, progress: written.join('').split('\n').filter(Boolean), err: r.err };
  }

  it('uses the progress lines of run and compare, labelled with the scenario, policy and the run it reruns', async () => {
    const { progress, err } = await rerunWithProgress(false);
    expect(progress.length).toBeGreaterThan(1);
    const label = 'camera-under-kbuild/rerun-probe \\(rerun of #1\\)';
    for (const line of progress.slice(0, -1)) expect(line).toMatch(new RegExp(`^${label} +\\d+% (baseline|main) [12]/2  \\S+ s virtual \\(limit 100 s\\)`));
    expect(progress.at(-1)).toMatch(new RegExp(`^${label} done in `));
    // Not the run manager's own format ("run 2 [main] 51.4% ...") on the command's stderr.
    expect(err.filter((l) => /^run \d+ \[/.test(l))).toEqual([]);
  });

  it('shows none with --json, as run and compare', async () => {
    const { code, progress, err } = await rerunWithProgress(true);
    expect(code).not.toBe(2);
    expect(progress).toEqual([]);
    // Only the note that the plugin was loaded from the run's folder: no progress of any format.
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/loading plugins from run 1's plugin folder/);
  });
});

describe('cmawb runs: review fixes', () => {
  it('export --csv refuses existing files unless --force, like --out (finding 1)', async () => {
    const id = storePluginRun('p-one', '/nowhere/p-one');
    const out = join(dir, 'csv');
    expect((await cli(['export', String(id), '--csv', out])).code).toBe(0);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    writeFileSync(join(out, 'summary.json'), 'mine');
    const again = await cli(['export', String(id), '--csv', out]);
    expect(again).toMatchObject({ code: 2, out: [], err: [`cmawb runs export: --csv ${out}: ${join(out, 'requests.csv')} and 2 more already exist; pass --force to overwrite`] });
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('mine');
    const forced = await cli(['export', String(id), '--csv', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
  });

  it('a read-only subcommand refuses a --db that does not exist and creates nothing; import creates it (finding 2)', async () => {
    const missing = join(dir, 'typo.db');
    for (const args of [['list'], ['show', '1'], ['export', '1', '--out', join(dir, 'x.cmawb')], ['tag', '1', 'x']]) {
      const r = await cli(args, missing);
      expect(r).toMatchObject({ code: 2, out: [], err: [`cmawb runs ${args[0]}: no archive at ${missing}`] });
    }
    expect(existsSync(missing)).toBe(false);
    // $CMAWB_DB is checked the same way.
    const saved = process.env['CMAWB_DB'];
    process.env['CMAWB_DB'] = missing;
    try {
      const err: string[] = [];
      expect(await runsCommand(['list'], { log: () => {}, error: (l) => err.push(l) })).toBe(2);
      expect(err).toEqual([`cmawb runs list: no archive at ${missing}`]);
    } finally {
      if (saved === undefined) delete process.env['CMAWB_DB'];
      else process.env['CMAWB_DB'] = saved;
    }
    const id = storePluginRun('p-one', '/nowhere/p-one');
    const file = join(dir, 'one.cmawb');
    expect((await cli(['export', String(id), '--out', file])).code).toBe(0);
    expect((await cli(['import', file], missing)).out).toEqual(['imported 1 run as 1']);
  });

  it('file problems are one plain line naming the path, exit 2 (finding 3)', async () => {
    const id = storePluginRun('p-one', '/nowhere/p-one');
    const nowhere = join(dir, 'no-such-dir', 'x.cmawb');
    expect(await cli(['export', String(id), '--out', nowhere])).toMatchObject({
      code: 2,
      err: [`cmawb runs export: --out ${nowhere}: folder ${join(dir, 'no-such-dir')} does not exist`],
    });
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'x');
    expect(await cli(['export', String(id), '--csv', plain])).toMatchObject({ code: 2, err: [`cmawb runs export: --csv ${plain}: ${plain} is a file, not a folder`] });
    const gone = join(dir, 'missing.cmawb');
    expect(await cli(['import', gone])).toMatchObject({ code: 2, err: [`cmawb runs import: ${gone}: no such file`] });
    expect(await cli(['list'], dir)).toMatchObject({ code: 2, err: [`cmawb runs list: --db ${dir} is a folder; give the archive's file name (e.g. ${join(dir, 'workbench.db')})`] });
    // A file that is not an archive: the store's message, exit 2.
    expect((await cli(['import', plain])).code).toBe(2);
  });

  it('exit codes: a missing run id is 2; --limit must be at least 1; untag of an absent tag says so (finding 13)', async () => {
    const id = storePluginRun('p-one', '/nowhere/p-one');
    expect(await cli(['show', '999'])).toMatchObject({ code: 2, err: ['cmawb runs show: no run with id 999'] });
    expect((await cli(['tag', '999', 'x'])).code).toBe(2);
    for (const v of ['0', '-1', 'x']) {
      expect(await cli(['list', `--limit=${v}`])).toMatchObject({ code: 2, err: [`cmawb runs list: --limit must be a whole number of at least 1, got "${v}"`] });
    }
    expect((await cli(['list', '--limit', '1'])).code).toBe(0);
    await cli(['tag', String(id), 'keep']);
    const r = await cli(['untag', String(id), 'nope']);
    expect(r).toMatchObject({ code: 0, out: [`run ${id} tags: keep`], err: [`cmawb runs untag: run ${id} has no tag nope`] });
  });

  it('--json failures print {error, exitCode} on stdout (finding 8)', async () => {
    storePluginRun('p-one', '/nowhere/p-one');
    const r = await cli(['show', '999', '--json']);
    expect(r.code).toBe(2);
    expect(r.out.map((l) => JSON.parse(l))).toEqual([{ error: 'no run with id 999', exitCode: 2 }]);
  });

  it('runs show prints the slowdown signed, as the run report does (finding 14)', async () => {
    const id = storePluginRun('p-one', '/nowhere/p-one');
    const r = await cli(['show', String(id)]);
    expect(r.out.join('\n')).toMatch(/slowdown\s+\+3\.1%/);
  });

  it('rerun takes --no-save and --timeout, and SIGTERM cancels it with exit 143 (findings 9, 11)', async () => {
    const plugin = scaffoldPlugin('rerun-probe', join(dir, 'plugins')).dir;
    const id = storePluginRun('rerun-probe', plugin);
    const count = () => {
      const store = openStore(db);
      try {
        return store.runs.list({}).length;
      } finally {
        store.close();
      }
    };
    const r = await cli(['rerun', String(id), '--no-save', '--timeout', '30']);
    expect(r.err.filter((l) => !/loading plugins/.test(l))).toEqual([]);
    // The synthetic stored hash is not the fake runner's: 1 (differs), not a usage error.
    expect(r.code).toBe(1);
    expect(r.out[0]).toBe(`rerun of ${id} (not saved): completed`);
    expect(count()).toBe(1);
    const j = await cli(['rerun', String(id), '--no-save', '--json']);
    expect(JSON.parse(j.out[0]!)).toMatchObject({ id: null, of: id, status: 'completed' });
    expect((await cli(['rerun', String(id), '--timeout', 'soon'])).code).toBe(2);
    const term = await cli(['rerun', String(id)], db, {
      onInterrupt: (l) => (setImmediate(() => l('SIGTERM')), { dispose() {} }),
    });
    expect(term.code).toBe(143);
    expect(term.err.at(-1)).toBe(`cmawb runs rerun: cancelled (SIGTERM); run #${id + 1} stored as cancelled`);
  });

  it('each subcommand has its own --help; rerun documents --json, --no-save, --timeout (finding 10)', async () => {
    const h = await cli(['rerun', '--help']);
    expect(h.out[0]).toBe('usage: cmawb runs rerun ...');
    expect(h.out.join('\n')).toMatch(/rerun ID \[--json\] \[--no-save\] \[--timeout S\]/);
    expect(h.out.join('\n')).not.toMatch(/import FILE/);
    expect((await cli(['--help'])).out.join('\n')).toMatch(/--csv DIR \[--force\]/);
  });
});
