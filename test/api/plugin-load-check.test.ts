/*
 * Plugins whose code cannot load (syntax error, a forbidden import, no policy
 * class, a missing @inject) are broken in the API's lists, as `cmawb policies`
 * shows them, and the worker-backed load check runs once per plugin version,
 * not once per request.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostCatalog, type LoadCheck } from '../../src/main/api/catalog.ts';
import { configurePlugins, findLoadProblems } from '../../src/main/plugins/index.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';
import { benches, ROOT, tinyConfig } from './helpers.ts';

const b = benches();
const tmp = tempDirs();
afterEach(async () => {
  await b.cleanup();
  tmp.cleanup();
  configurePlugins({ userDir: null });
});

const fixtures = join(ROOT, 'test', 'fixtures', 'plugins');
const CODE_BROKEN = ['bad-import', 'missing-inject', 'throws-on-import', 'wrong-class'];

/** Plugin folders (`dirs`, or a copy of js-plugin to edit), and a load check that counts what it was asked to check. */
function setup(dirs?: string[]) {
  const dir = tmp.make();
  if (!dirs) cpSync(join(fixtures, 'js-plugin'), join(dir, 'js-plugin'), { recursive: true });
  configurePlugins({ userDir: null, noBuiltins: true, extraDirs: dirs ?? [dir] });
  const asked: string[][] = [];
  const loadCheck: LoadCheck = (entries) => {
    asked.push(entries.map((e) => e.name).sort());
    return findLoadProblems(entries);
  };
  return { dir, asked, loadCheck };
}

describe('plugins that fail to load', () => {
  it('are listed as broken with their problem, not offered as policies, and refused by config:validate', async () => {
    const { asked, loadCheck } = setup(['good', ...CODE_BROKEN].map((n) => join(fixtures, n)));
    const t = b.make({ catalog: hostCatalog({ loadCheck, log: () => {} }) });
    const plugins = await t.ok('plugins:list');
    expect(plugins.find((p) => p.name === 'fixture-good')).toMatchObject({ status: 'loaded', error: null });
    const broken = plugins.filter((p) => p.status === 'error');
    expect(broken).toHaveLength(CODE_BROKEN.length);
    for (const p of broken) expect(p.error, p.name).toMatch(/\S/);
    expect(broken.map((p) => p.error).join('\n')).toMatch(/node:fs|not allowed/);
    expect(broken.map((p) => p.error).join('\n')).toMatch(/@inject/);

    const policies = await t.ok('policies:list');
    expect(policies.map((p) => p.name)).toEqual(['fixture-good']);

    const name = broken[0]!.name;
    const v = await t.ok('config:validate', { config: tinyConfig({ policies: [{ name }] }) });
    expect(v.ok).toBe(false);
    expect(v.errors[0]).toMatchObject({ path: 'config.policies.0.name', message: expect.stringMatching(new RegExp(`^policy "${name}" cannot be used: .+`)) });
    const start = await t.call('runs:start', { config: tinyConfig({ policies: [{ name }] }) });
    expect(start).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // Every plugin was checked once, in one worker, however many requests asked.
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(1 + CODE_BROKEN.length);
  });

  it('checks a plugin again only when its code changed', async () => {
    const { dir, asked, loadCheck } = setup();
    const name = JSON.parse(readFileSync(join(dir, 'js-plugin', 'manifest.json'), 'utf8')).name as string;
    const t = b.make({ catalog: hostCatalog({ loadCheck, log: () => {} }) });
    const first = await t.ok('plugins:list');
    await t.ok('policies:list');
    expect(await t.ok('plugins:reload')).toEqual(first);
    expect(asked).toHaveLength(1);

    expect(first).toEqual([expect.objectContaining({ name, status: 'loaded' })]);

    // Break it: the reload checks the new version, and lists it broken.
    const entry = join(dir, 'js-plugin', JSON.parse(readFileSync(join(dir, 'js-plugin', 'manifest.json'), 'utf8')).entry as string);
    writeFileSync(entry, `${readFileSync(entry, 'utf8')}\nexport const x = ;\n`);
    const after = await t.ok('plugins:reload');
    expect(asked).toEqual([[name], [name]]);
    expect(after.find((p) => p.name === name)).toMatchObject({ status: 'error', error: expect.stringMatching(/\S/) });
    expect(await t.ok('policies:list')).toEqual([]);
  });
});
