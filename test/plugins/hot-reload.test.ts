/*
 * Hot reload: the host watches plugin folders, re-validates after a quiet
 * period, tells listeners what changed, and the next lookup and load use the
 * new files (a new module, not the cached one).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PluginHost, type PluginChange } from '../../src/main/plugins/host.ts';
import { hashPluginDir } from '../../src/main/plugins/hash.ts';
import { tempDirs } from './helpers.ts';

const tmp = tempDirs();
let host: PluginHost | null = null;
afterEach(() => {
  host?.dispose();
  host = null;
  tmp.cleanup();
});

/** The next change event, or a timeout that names what was awaited. */
function nextChange(h: PluginHost, what: string, ms = 5000): Promise<PluginChange> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no change event for ${what} within ${ms} ms`)), ms);
    const sub = h.onDidChange((c) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(c);
    });
  });
}

const revision = (mod: { policy: unknown }): number => (mod.policy as { revision: number }).revision;

describe('plugin hot reload', () => {
  it('an edited file is re-validated and the next load is the new code with the new hash', async () => {
    const dir = tmp.copy('good');
    host = new PluginHost({ sources: [{ dir, kind: 'cli' }], debounceMs: 50 });
    host.watch();
    const before = await host.load('fixture-good');
    expect(revision(before)).toBe(1);
    expect(before.origin!.hash).toBe(hashPluginDir(dir));

    const changed = nextChange(host, 'revision.ts');
    writeFileSync(join(dir, 'revision.ts'), 'export const REVISION = 2;\n');
    expect(await changed).toEqual({ added: [], removed: [], changed: ['fixture-good'] });
    expect(host.resolve('fixture-good').hash).toBe(hashPluginDir(dir));
    const after = await host.load('fixture-good');
    expect(after.origin!.hash).not.toBe(before.origin!.hash);
    expect(after.policy).not.toBe(before.policy);
    expect(revision(after)).toBe(2);
  });

  it('a change that breaks the manifest makes the plugin broken; fixing it brings it back', async () => {
    const dir = tmp.copy('good');
    host = new PluginHost({ sources: [{ dir, kind: 'cli' }], debounceMs: 50 });
    host.watch();
    const text = readFileSync(join(dir, 'manifest.json'), 'utf8');
    let change = nextChange(host, 'broken manifest');
    writeFileSync(join(dir, 'manifest.json'), text.replace('"default": false', '"default": "no"'));
    expect((await change).changed).toEqual(['fixture-good']);
    expect(() => host!.resolve('fixture-good')).toThrow(/params.failFast.default: expected a boolean, got a string/);
    change = nextChange(host, 'fixed manifest');
    writeFileSync(join(dir, 'manifest.json'), text);
    await change;
    expect(host.resolve('fixture-good').problems).toEqual([]);
  });

  it('a plugin folder added to or removed from a watched folder of plugins', async () => {
    const root = tmp.make();
    mkdirSync(join(root, 'keep'));
    host = new PluginHost({ sources: [{ dir: root, kind: 'user' }], debounceMs: 50 });
    host.watch();
    expect(host.all().map((e) => e.name)).toEqual(['keep']); // no manifest: listed as broken
    const src = tmp.copy('good');
    let change = nextChange(host, 'added plugin');
    renameSync(src, join(root, 'good'));
    expect((await change).added).toEqual(['fixture-good']);
    expect(host.resolve('fixture-good').dir).toBe(join(root, 'good'));
    change = nextChange(host, 'removed plugin');
    rmSync(join(root, 'good'), { recursive: true });
    expect((await change).removed).toEqual(['fixture-good']);
  });

  it('without a watcher, a lookup still sees the current files', async () => {
    const dir = tmp.copy('good');
    host = new PluginHost({ sources: [{ dir, kind: 'cli' }] });
    const h0 = host.resolve('fixture-good').hash;
    writeFileSync(join(dir, 'revision.ts'), 'export const REVISION = 3;\n');
    const e = host.resolve('fixture-good');
    expect(e.hash).not.toBe(h0);
    expect(revision(await host.load('fixture-good'))).toBe(3);
  });

  it('the user folder is created when watched, so the first plugin dropped in is noticed', async () => {
    const user = join(tmp.make(), 'data', 'plugins');
    host = new PluginHost({ sources: [{ dir: user, kind: 'user' }], debounceMs: 50 });
    host.watch();
    const change = nextChange(host, 'first plugin');
    renameSync(tmp.copy('good'), join(user, 'good'));
    expect((await change).added).toEqual(['fixture-good']);
  });
});
