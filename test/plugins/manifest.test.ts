/*
 * Manifest validation: every mistake reported with its file and field path,
 * all of them in one pass, and a valid manifest returned as the engine's
 * PolicyManifest.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDir } from '../../src/main/store/paths.ts';
import { checkManifest } from '../../src/main/plugins/manifest-check.ts';
import { userPluginsDir } from '../../src/main/plugins/paths.ts';
import { formatProblem } from '../../src/main/plugins/problems.ts';
import { fixture, ROOT, tempDirs } from './helpers.ts';
import { SDK_VERSION } from '../../src/engine/policy/manifest.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

const VALID = {
  name: 'my-policy',
  version: '1.2.3',
  description: 'A test policy.',
  sdk: '^1.0.0',
  entry: 'index.ts',
  params: [
    { key: 'ratio', type: 'number', default: 0.5, min: 0, max: 1, description: 'A ratio.', unit: 'fraction' },
    { key: 'tries', type: 'integer', default: 3, min: 1, max: 10, description: 'Tries.' },
    { key: 'on', type: 'boolean', default: true, description: 'Switch.' },
    { key: 'mode', type: 'enum', default: 'a', options: ['a', 'b'], description: 'Mode.' },
  ],
  presets: [{ name: 'strict', models: 'a vendor tree', values: { ratio: 0.25, on: false, mode: 'b' } }],
};

/** A plugin folder with this manifest (and an index.ts unless told otherwise). */
function folder(manifest: unknown, files: Record<string, string> = { 'index.ts': 'export default class {}' }): string {
  const dir = join(tmp.make(), 'p');
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problems(manifest: unknown, files?: Record<string, string>): string[] {
  const dir = folder(manifest, files);
  const r = checkManifest(dir);
  if (r.ok) return [];
  return r.problems.map((p) => formatProblem(p, dir));
}

describe('plugin manifest', () => {
  it('accepts a valid manifest and returns it without the loader-only fields', () => {
    const r = checkManifest(folder(VALID));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.manifest).toEqual({
      name: VALID.name,
      version: VALID.version,
      description: VALID.description,
      sdk: VALID.sdk,
      params: VALID.params,
      presets: VALID.presets,
    });
    expect(r.value.entryFile.endsWith(join('p', 'index.ts'))).toBe(true);
  });

  it('names the file and field of each mistake, all in one pass (the bad-manifest fixture)', () => {
    const dir = fixture('bad-manifest');
    const r = checkManifest(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.name).toBe('fixture-bad-manifest');
    expect(r.problems.map((p) => formatProblem(p, ROOT))).toEqual([
      'test/fixtures/plugins/bad-manifest/manifest.json: version: a semver version x.y.z (e.g. "1.0.0")',
      'test/fixtures/plugins/bad-manifest/manifest.json: params.tries.default: 2.5 is not an integer',
      'test/fixtures/plugins/bad-manifest/manifest.json: params.level.default: 5 is above max 1',
      'test/fixtures/plugins/bad-manifest/manifest.json: params.mode.default: "fast" is not one of the options (slow, safe)',
      'test/fixtures/plugins/bad-manifest/manifest.json: params.flag.type: must be one of number, integer, boolean, enum',
      'test/fixtures/plugins/bad-manifest/manifest.json: presets.p.values.ratio: 2 is above the maximum 1',
      'test/fixtures/plugins/bad-manifest/manifest.json: presets.p.values.nope: unknown parameter "nope" (parameters: ratio, tries, level, mode)',
    ]);
  });

  it.each<[string, (m: typeof VALID) => unknown, string]>([
    ['bad name', (m) => ({ ...m, name: 'My Policy' }), 'manifest.json: name: lower-case letters, digits and single dashes'],
    ['missing description', ({ description: _d, ...m }) => m, 'manifest.json: description: required (string)'],
    ['typo in a field name', (m) => ({ ...m, dafault: 1 }), 'manifest.json: unknown field "dafault"'],
    ['typo in a param field', (m) => ({ ...m, params: [{ ...m.params[2], dafault: false }] }), 'manifest.json: params.on: unknown field "dafault"'],
    ['incompatible sdk', (m) => ({ ...m, sdk: '^2.0.0' }), `manifest.json: sdk: "^2.0.0" does not include this workbench's SDK ${SDK_VERSION}`],
    ['unsupported range', (m) => ({ ...m, sdk: '1.x' }), 'manifest.json: sdk: not a version range: "1.x" is not a version'],
    ['entry outside the folder', (m) => ({ ...m, entry: '../index.ts' }), 'manifest.json: entry: "../index.ts" points outside the plugin folder'],
    ['entry of the wrong kind', (m) => ({ ...m, entry: 'index.py' }), 'manifest.json: entry: "index.py": the entry must be a .ts, .mts, .js, .mjs file'],
    ['missing entry', (m) => ({ ...m, entry: 'src/main.ts' }), 'manifest.json: entry: "src/main.ts" does not exist in the plugin folder'],
    ['default below min', (m) => ({ ...m, params: [{ ...m.params[0], default: -1 }] }), 'manifest.json: params.ratio.default: -1 is below min 0'],
    ['min above max', (m) => ({ ...m, params: [{ ...m.params[0], min: 2 }] }), 'manifest.json: params.ratio.min: min 2 is above max 1'],
    ['duplicate key', (m) => ({ ...m, params: [m.params[0], m.params[0]], presets: [] }), 'manifest.json: params.1.key: "ratio" is defined twice'],
    ['reserved key', (m) => ({ ...m, params: [{ ...m.params[2], key: 'regionPages' }], presets: [] }), 'manifest.json: params.regionPages.key: "regionPages" is reserved'],
    ['enum without options', (m) => ({ ...m, params: [{ ...m.params[3], options: [] }], presets: [] }), 'manifest.json: params.mode.options: needs at least 1 entry'],
    ['enum option twice', (m) => ({ ...m, params: [{ ...m.params[3], options: ['a', 'a'] }], presets: [] }), 'manifest.json: params.mode.options: "a" is listed twice'],
    ['preset of the wrong type', (m) => ({ ...m, presets: [{ ...m.presets[0], values: { on: 'yes' } }] }), 'manifest.json: presets.strict.values.on: expected a boolean'],
    ['preset twice', (m) => ({ ...m, presets: [m.presets[0], m.presets[0]] }), 'manifest.json: presets.1.name: preset "strict" is defined twice'],
  ])('%s', (_label, mutate, expected) => {
    const got = problems(mutate(structuredClone(VALID)));
    expect(got.some((p) => p.startsWith(expected)), got.join('\n')).toBe(true);
  });

  it('reads "params" from a file when it names one', () => {
    const dir = folder({ ...VALID, params: 'params.json', presets: [] }, { 'index.ts': '', 'params.json': JSON.stringify(VALID.params) });
    const r = checkManifest(dir);
    expect(r.ok && r.value.manifest.params).toEqual(VALID.params);
    expect(problems({ ...VALID, params: 'nope.json', presets: [] })[0]).toMatch(/^manifest.json: params: cannot read nope.json/);
  });

  it('points at the line of a JSON syntax error', () => {
    const got = problems('{\n  "name": "x",\n  "version": 1.0.0\n}');
    expect(got[0]).toMatch(/^manifest.json:3:\d+: not valid JSON/);
  });

  it('says so when there is no manifest', () => {
    const dir = tmp.make();
    const r = checkManifest(dir);
    expect(!r.ok && formatProblem(r.problems[0]!, dir)).toMatch(/^manifest.json: cannot read \(ENOENT\); a plugin folder needs a manifest.json/);
  });

  it('every built-in manifest is valid', async () => {
    const { readdirSync } = await import('node:fs');
    for (const name of readdirSync(join(ROOT, 'plugins'))) {
      const r = checkManifest(join(ROOT, 'plugins', name));
      expect(r.ok ? [] : r.problems.map((p) => formatProblem(p))).toEqual([]);
    }
  });
});

describe('user plugin folder', () => {
  const home = '/home/ada';
  it('is the data folder the run archive uses, plus plugins/', () => {
    for (const [platform, env] of [
      ['linux', {}],
      ['linux', { XDG_DATA_HOME: '/data/x' }],
      ['linux', { XDG_DATA_HOME: 'relative' }],
      ['darwin', {}],
      ['win32', { APPDATA: '/c/Users/ada/AppData/Roaming' }],
      ['win32', {}],
    ] as const) {
      expect(userPluginsDir({ env, platform, home })).toBe(join(dataDir({ env, platform, home }), 'plugins'));
    }
    expect(userPluginsDir({ env: {}, platform: 'linux', home })).toBe('/home/ada/.local/share/cma-workbench/plugins');
  });

  it('CMAWB_PLUGINS_DIR overrides it', () => {
    expect(userPluginsDir({ env: { CMAWB_PLUGINS_DIR: '/srv/p' }, platform: 'linux', home })).toBe('/srv/p');
  });
});
