/*
 * cmawb plugin new refuses a name already in use (a built-in, or a plugin of
 * a configured folder) before writing anything: the copy would load as a
 * broken duplicate, and the suggested `--policies a,NAME` would fail.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { configurePlugins } from '../../src/main/plugins/registry.ts';

let dir: string;
let savedEnv: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmawb-plugin-new-'));
  savedEnv = process.env['CMAWB_PLUGINS_DIR'];
  process.env['CMAWB_PLUGINS_DIR'] = join(dir, 'user');
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env['CMAWB_PLUGINS_DIR'];
  else process.env['CMAWB_PLUGINS_DIR'] = savedEnv;
  configurePlugins({});
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: { log: (l) => out.push(l), error: (l) => err.push(l) } });
  return { code, out, err };
}

describe('cmawb plugin new NAME', () => {
  it("refuses a built-in policy's name with one line and exit 2, writing nothing", async () => {
    const r = await cli('plugin', 'new', 'gcma', '--dir', join(dir, 'mine'));
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual(['cmawb: plugin new: "gcma" is already the name of a built-in policy; pick another name (`cmawb policies` lists the names in use)']);
    expect(existsSync(join(dir, 'mine'))).toBe(false);
  });

  it('refuses the name of a plugin loaded from --plugins DIR or the user folder', async () => {
    expect((await cli('plugin', 'new', 'my-policy', '--dir', join(dir, 'a'))).code).toBe(0);
    const r = await cli('plugin', 'new', 'my-policy', '--dir', join(dir, 'b'), '--plugins', join(dir, 'a'));
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`cmawb: plugin new: "my-policy" is already the name of the plugin in ${join(dir, 'a', 'my-policy')}; pick another name (\`cmawb policies\` lists the names in use)`]);
    expect(existsSync(join(dir, 'b'))).toBe(false);
    // One made in the user plugin folder is loaded by every command, so its name is taken too.
    expect((await cli('plugin', 'new', 'mine-too')).code).toBe(0);
    const again = await cli('plugin', 'new', 'mine-too', '--dir', join(dir, 'c'));
    expect(again.code).toBe(2);
    expect(again.err[0]).toMatch(/"mine-too" is already the name of the plugin in /);
  });

  it('a fresh name is created and its suggested compare line names it once', async () => {
    const r = await cli('plugin', 'new', 'cma-fresh', '--dir', join(dir, 'mine'));
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'mine', 'cma-fresh'))).toContain('manifest.json');
    expect(r.out.at(-1)).toMatch(/--policies legacy-cma,gcma,cma-fresh$/);
  });
});
