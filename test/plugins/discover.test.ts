/*
 * Discovery: sources in priority order, a folder of plugins or one plugin,
 * broken plugins listed with their problems while the rest stay usable,
 * duplicates named with both folders, and the content hash.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverPlugins, isUsable } from '../../src/main/plugins/discover.ts';
import { hashPluginDir, pluginFiles } from '../../src/main/plugins/hash.ts';
import { PluginHost, UnknownPolicyError } from '../../src/main/plugins/host.ts';
import { formatProblem, PluginError } from '../../src/main/plugins/problems.ts';
import { FIXTURES, fixture, ROOT, tempDirs } from './helpers.ts';
import { SDK_VERSION } from '../../src/engine/policy/manifest.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

describe('plugin discovery', () => {
  it('lists every fixture, usable or with its problems, and the built-ins first', () => {
    const all = discoverPlugins([
      { dir: join(ROOT, 'plugins'), kind: 'builtin' },
      { dir: FIXTURES, kind: 'cli' },
    ]);
    const status = Object.fromEntries(all.map((e) => [`${e.name}@${e.dir.slice(ROOT.length + 1)}`, isUsable(e) ? 'ok' : e.problems[0]!.phase]));
    expect(status).toEqual({
      'carveout@plugins/carveout': 'ok',
      'cma-quirks@plugins/cma-quirks': 'ok',
      'gcma@plugins/gcma': 'ok',
      'legacy-cma@plugins/legacy-cma': 'ok',
      'mainline-cma@plugins/mainline-cma': 'ok',
      'fixture-allocating@test/fixtures/plugins/allocating': 'ok',
      'fixture-bad-import@test/fixtures/plugins/bad-import': 'ok', // manifest fine: the import rule applies when it loads
      'fixture-bad-manifest@test/fixtures/plugins/bad-manifest': 'manifest',
      'fixture-good@test/fixtures/plugins/good': 'ok',
      'fixture-good@test/fixtures/plugins/good-copy': 'duplicate',
      'fixture-incompatible-sdk@test/fixtures/plugins/incompatible-sdk': 'manifest',
      'fixture-js@test/fixtures/plugins/js-plugin': 'ok',
      'fixture-looping@test/fixtures/plugins/looping': 'ok',
      'fixture-missing-entry@test/fixtures/plugins/missing-entry': 'manifest',
      'fixture-missing-inject@test/fixtures/plugins/missing-inject': 'ok',
      'fixture-throwing@test/fixtures/plugins/throwing': 'ok',
      'fixture-throws-on-import@test/fixtures/plugins/throws-on-import': 'ok',
      'fixture-wrong-class@test/fixtures/plugins/wrong-class': 'ok',
    });
    expect(all.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('a duplicate name breaks the later folder only, and the message names both', () => {
    const all = discoverPlugins([
      { dir: fixture('good'), kind: 'user' },
      { dir: fixture('good-copy'), kind: 'cli' },
    ]);
    expect(isUsable(all[0]!)).toBe(true);
    expect(all[1]!.problems.map((p) => formatProblem(p, ROOT))).toEqual([
      'test/fixtures/plugins/good-copy/manifest.json: name: duplicate plugin name "fixture-good": test/fixtures/plugins/good already provides it, so test/fixtures/plugins/good-copy is not loaded; rename one of them',
    ]);
  });

  it('the same folder given twice is one plugin; a missing user folder is no plugin; a missing --plugins folder is an error', () => {
    const all = discoverPlugins([
      { dir: fixture('good'), kind: 'user' },
      { dir: FIXTURES, kind: 'cli' },
      { dir: join(tmp.make(), 'absent'), kind: 'user' },
    ]);
    expect(all.filter((e) => e.name === 'fixture-good').map((e) => e.dir)).toEqual([fixture('good'), fixture('good-copy')]);
    const missing = discoverPlugins([{ dir: '/nonexistent/cmawb', kind: 'cli' }]);
    expect(missing[0]!.problems[0]!.message).toBe('plugin folder does not exist');
  });

  it('a folder without manifest.json among plugins is reported, not skipped', () => {
    const root = tmp.make();
    mkdirSync(join(root, 'notes'));
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'node_modules'));
    const all = discoverPlugins([{ dir: root, kind: 'cli' }]);
    expect(all).toHaveLength(1);
    expect(all[0]!.problems[0]!.message).toMatch(/^no manifest.json: every folder here is read as a plugin/);
  });

  it('the content hash covers every file by path and content, and skips node_modules', () => {
    const dir = tmp.copy('good');
    const h0 = hashPluginDir(dir);
    expect(hashPluginDir(dir)).toBe(h0);
    expect(pluginFiles(dir)).toEqual(['index.ts', 'manifest.json', 'revision.ts']);
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), 'x');
    expect(hashPluginDir(dir)).toBe(h0);
    writeFileSync(join(dir, 'notes.md'), '');
    const h1 = hashPluginDir(dir);
    expect(h1).not.toBe(h0);
    writeFileSync(join(dir, 'notes.md'), ' ');
    expect(hashPluginDir(dir)).not.toBe(h1);
    // The same files elsewhere hash the same: the hash names the code, not the place.
    const again = tmp.copy('good');
    expect(hashPluginDir(again)).not.toBe(h1);
    writeFileSync(join(again, 'notes.md'), ' ');
    expect(hashPluginDir(again)).toBe(hashPluginDir(dir));
  });
});

describe('plugin host lookups', () => {
  it('resolve() returns usable plugins and explains the others', () => {
    const host = new PluginHost({ sources: [{ dir: FIXTURES, kind: 'cli' }] });
    expect(host.resolve('fixture-good').dir).toBe(fixture('good'));
    expect(() => host.resolve('nope')).toThrow(UnknownPolicyError);
    expect(() => host.resolve('nope')).toThrow(/unknown policy "nope" \(available: fixture-allocating, fixture-bad-import, /);
    try {
      host.resolve('fixture-incompatible-sdk');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PluginError);
      expect((e as Error).message).toContain(`sdk: "^2.0.0" does not include this workbench's SDK ${SDK_VERSION}`);
      expect((e as Error).message).toMatch(/^plugin fixture-incompatible-sdk \(.*incompatible-sdk\): /);
    }
    // The first folder keeps the name; the duplicate never shadows it.
    expect(host.resolve('fixture-good').dir).toBe(fixture('good'));
  });
});
