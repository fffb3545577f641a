/*
 * The authoring loop from the command line: `plugin new` writes a plugin that
 * passes `plugin check`, type-checks against the SDK and whose test passes in
 * the workbench's test/ folder; `--plugins DIR` works for every command;
 * `policies` lists broken plugins with their errors.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, takePluginDirs } from '../../src/cli/main.ts';
import { UsageError } from '../../src/cli/context.ts';
import { SMOKE_SCENARIO } from '../../src/main/plugins/smoke.ts';
import { fixture, FIXTURES, ROOT, tempDirs } from './helpers.ts';
import { SDK_VERSION } from '../../src/engine/policy/manifest.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { out: { log: (l) => stdout.push(l), error: (l) => stderr.push(l) } });
  return { code, stdout, stderr };
}

const node = (args: string[], cwd = ROOT) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, CMAWB_DB: '/nonexistent/never-written.db' } });

describe('cmawb plugin', () => {
  it('bad command lines exit 2 with one line', async () => {
    for (const argv of [
      ['plugin', 'frob'],
      ['plugin', 'new'],
      ['plugin', 'new', 'Bad_Name'],
      ['plugin', 'new', 'a', 'b'],
      ['plugin', 'check'],
      ['plugin', 'check', '/nonexistent/cmawb'],
      ['plugin', 'check', FIXTURES, '--timeout', '0'],
      ['policies', '--plugins', '/nonexistent/cmawb'],
      ['policies', '--plugins'],
    ]) {
      const r = await cli(...argv);
      expect([r.code, r.stderr.length], argv.join(' ')).toEqual([2, 1]);
      expect(r.stdout).toEqual([]);
    }
    expect((await cli('plugin')).stdout[0]).toBe('usage: cmawb plugin new NAME [--dir DIR]');
    expect((await cli('help', 'plugin')).code).toBe(0);
  });

  it('new writes a plugin that check accepts; new refuses to overwrite', async () => {
    const parent = tmp.make();
    const made = await cli('plugin', 'new', 'cma-hysteresis', '--dir', parent);
    expect(made.code).toBe(0);
    const dir = join(parent, 'cma-hysteresis');
    expect(made.stdout[0]).toBe(`created plugin cma-hysteresis in ${dir}`);
    expect(made.stdout.slice(-2)).toEqual([
      `  cmawb plugin check ${dir}`,
      `  cmawb compare --plugins ${dir} --scenario cubox-rfc-v2 --policies legacy-cma,gcma,cma-hysteresis`,
    ]);
    const checked = await cli('plugin', 'check', dir);
    expect(checked.stdout.map((l) => l.replace(/\(\d+ ms\)/, '(N ms)').replace(/hash [0-9a-f]{12}/, 'hash H'))).toEqual([
      `cma-hysteresis  ${dir}`,
      `  ok    manifest  cma-hysteresis 0.1.0, sdk ^${SDK_VERSION}, 2 parameters, 1 preset`,
      '  ok    load      class CmaHysteresisPolicy, content hash H',
      expect.stringMatching(/^ {2}ok {4}smoke {5}defaults: 9 requests, \d ok.*, invariants held, deterministic \(N ms\)$/),
      expect.stringMatching(/^ {2}ok {4}smoke {5}defaults, zram swap: 9 requests, \d ok.*, invariants held \(N ms\)$/),
      expect.stringMatching(/^ {2}ok {4}smoke {5}preset fail-fast: 9 requests/),
      'cma-hysteresis: ok',
    ]);
    expect(checked.code).toBe(0);
    const again = await cli('plugin', 'new', 'cma-hysteresis', '--dir', parent);
    expect(again.code).toBe(2);
    expect(again.stderr[0]).toMatch(/already exists and is not empty/);
  });

  it('check takes the bare name of a plugin in the user plugin folder, where new puts it', async () => {
    const saved = process.env['CMAWB_PLUGINS_DIR'];
    const userDir = tmp.make();
    process.env['CMAWB_PLUGINS_DIR'] = userDir;
    try {
      expect((await cli('plugin', 'new', 'my-policy')).code).toBe(0);
      const checked = await cli('plugin', 'check', 'my-policy', '--no-smoke');
      expect(checked.code).toBe(0);
      expect(checked.stdout[0]).toBe(`my-policy  ${join(userDir, 'my-policy')}`);
      // A name that is neither a folder nor a user plugin says where it looked.
      const missing = await cli('plugin', 'check', 'not-there');
      expect([missing.code, missing.stderr]).toEqual([2, [`cmawb: plugin check: not-there is not a folder, nor a plugin in your user plugin folder ${userDir}`]]);
    } finally {
      if (saved === undefined) delete process.env['CMAWB_PLUGINS_DIR'];
      else process.env['CMAWB_PLUGINS_DIR'] = saved;
    }
  });

  it("the scaffold type-checks against the SDK and its test passes in the workbench's test/ folder", () => {
    const parent = tmp.make();
    const r = node([join(ROOT, 'bin', 'cmawb.mjs'), 'plugin', 'new', 'mine', '--dir', parent]);
    expect(r.status, r.stderr).toBe(0);
    const dir = join(parent, 'mine');
    const tsc = node([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')]);
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);

    // A checkout-shaped folder: src and node_modules are this repository's, test/ holds only the copied file,
    // so the scaffold's test runs exactly as it would in test/ here without touching the shared tree.
    const repo = tmp.make();
    symlinkSync(join(ROOT, 'src'), join(repo, 'src'));
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
    symlinkSync(join(ROOT, 'vitest.config.ts'), join(repo, 'vitest.config.ts'));
    writeFileSync(join(repo, 'package.json'), '{ "type": "module" }\n');
    mkdirSync(join(repo, 'test'));
    cpSync(join(dir, 'mine.test.ts'), join(repo, 'test', 'mine.test.ts'));
    const vitest = node([join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', repo], repo);
    expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toMatch(/Tests\s+.*2 passed/);
  });

  it('check exits 1 and prints the problem with its place for a broken plugin (through bin/cmawb.mjs)', () => {
    const r = node([join(ROOT, 'bin', 'cmawb.mjs'), 'plugin', 'check', fixture('throwing')]);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('  FAIL  smoke     defaults');
    expect(lines).toContain('        test/fixtures/plugins/throwing/index.ts:17:11: threw: fixture: allocContig exploded on request 1');
    expect(lines).toContain('  FAIL  smoke     defaults, zram swap');
    expect(lines).toContain('fixture-throwing: 2 problems');
  });
});

describe('--plugins DIR', () => {
  it('is taken out of any command line, repeatable, in both spellings, not after --', () => {
    expect(takePluginDirs(['--scenario', 'x', '--plugins', FIXTURES, `--plugins=${ROOT}`, '--', '--plugins', 'y'])).toEqual({
      dirs: [FIXTURES, ROOT],
      rest: ['--scenario', 'x', '--', '--plugins', 'y'],
    });
    expect(() => takePluginDirs(['--plugins', '--json'])).toThrow(UsageError);
  });

  it('policies lists the loadable plugins and then each broken one with its error', async () => {
    const r = await cli('policies', '--plugins', FIXTURES);
    expect(r.code).toBe(0);
    const text = r.stdout.join('\n');
    expect(text).toMatch(/^fixture-good 1.0.0: A working CMA policy/m);
    expect(text).toMatch(/^gcma 1.3.0: /m);
    const at = r.stdout.indexOf('broken plugins (not loaded; `cmawb plugin check DIR` runs the checks one by one):');
    expect(at).toBeGreaterThan(0);
    const broken = r.stdout.slice(at + 1);
    expect(broken).toContain('  fixture-bad-manifest  test/fixtures/plugins/bad-manifest');
    expect(broken).toContain('    test/fixtures/plugins/bad-manifest/manifest.json: params.level.default: 5 is above max 1');
    expect(broken).toContain('  fixture-wrong-class  test/fixtures/plugins/wrong-class');
    expect(broken).toContain('    test/fixtures/plugins/wrong-class/index.ts: class WrongPolicy does not implement Policy: missing allocContig(), releaseContig()');
    expect(broken.some((l) => l.includes('duplicate plugin name "fixture-good"'))).toBe(true);

    const json = await cli('policies', '--json', '--plugins', FIXTURES);
    expect(JSON.parse(json.stdout.join('\n')).map((p: { name: string }) => p.name)).toContain('fixture-js');
    expect(json.stderr).toContain(
      `cmawb: broken plugin fixture-incompatible-sdk (test/fixtures/plugins/incompatible-sdk): test/fixtures/plugins/incompatible-sdk/manifest.json: sdk: "^2.0.0" does not include this workbench's SDK ${SDK_VERSION}; the plugin was written for another SDK line (port it, then set "sdk": "^${SDK_VERSION}")`,
    );
  });

  it('compare runs a plugin beside the built-ins; asking for a broken one says what is wrong', async () => {
    const file = join(tmp.make(), 'smoke.json');
    writeFileSync(file, JSON.stringify(SMOKE_SCENARIO));
    const r = await cli('compare', '--plugins', fixture('good'), '--scenario-file', file, '--policies', 'legacy-cma,fixture-good', '--no-save', '--no-baseline', '--json');
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(JSON.parse(r.stdout.join('\n')).rows.map((row: { label: string }) => row.label)).toEqual(['legacy-cma', 'fixture-good']);

    const bad = await cli('run', '--plugins', FIXTURES, '--scenario-file', file, '--policy', 'fixture-bad-manifest', '--no-save');
    expect(bad.code).toBe(1);
    expect(bad.stderr[0]).toMatch(/^cmawb: run: plugin fixture-bad-manifest \(test\/fixtures\/plugins\/bad-manifest\): .*params.level.default: 5 is above max 1/);
    // Without --plugins the fixtures are gone again: each invocation states its sources.
    const none = await cli('run', '--scenario-file', file, '--policy', 'fixture-good', '--no-save');
    expect(none.code).toBe(2);
    expect(none.stderr[0]).toMatch(/unknown policy "fixture-good"/);
  });

  it('the scaffold README and the CLI agree on file names', () => {
    const parent = tmp.make();
    spawnSync(process.execPath, [join(ROOT, 'bin', 'cmawb.mjs'), 'plugin', 'new', 'readme-check', '--dir', parent]);
    const readme = readFileSync(join(parent, 'readme-check', 'README.md'), 'utf8');
    for (const f of ['manifest.json', 'index.ts', 'readme-check.test.ts', 'tsconfig.json']) expect(readme).toContain(f);
  });
});
