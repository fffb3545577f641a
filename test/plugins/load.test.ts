/*
 * Loading plugin code: TypeScript transpiled on load, JavaScript as is, the
 * SDK shared with the engine (tokens are Symbols), and a precise error for
 * each way a plugin can be wrong. These load in the test's thread; the
 * application loads only in workers (isolation.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { loadPluginFolder } from '../../src/main/plugins/load.ts';
import { PluginHost } from '../../src/main/plugins/host.ts';
import { formatProblem, PluginError, type PluginProblem } from '../../src/main/plugins/problems.ts';
import { hashPluginDir } from '../../src/main/plugins/hash.ts';
import { SMOKE_SCENARIO } from '../../src/main/plugins/smoke.ts';
import { FIXTURES, fixture, ROOT, tempDirs } from './helpers.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

async function problemsOf(dir: string): Promise<PluginProblem[]> {
  try {
    await loadPluginFolder(dir);
  } catch (e) {
    if (e instanceof PluginError) return [...e.problems];
    throw e;
  }
  throw new Error(`${dir} loaded`);
}

const run = (mod: Awaited<ReturnType<typeof loadPluginFolder>>['module'], params = {}) =>
  runSimulation({ scenario: SMOKE_SCENARIO, policy: mod.manifest.name, params, seed: 1, options: { baseline: false } }, mod);

describe('loading plugin code', () => {
  it('a TypeScript plugin with decorators, a helper file and the SDK by path runs in the engine', async () => {
    const { module, entry } = await loadPluginFolder(fixture('good'));
    expect(module.manifest.name).toBe('fixture-good');
    expect(module.origin).toEqual({ dir: fixture('good'), hash: hashPluginDir(fixture('good')) });
    expect(entry.hash).toBe(module.origin!.hash);
    expect((module.policy as unknown as { revision: number }).revision).toBe(1);
    const r = run(module);
    expect(r.summary.requests.count).toBe(9);
    expect(r.summary.requests.succeeded).toBeGreaterThan(0);
  });

  it('a JavaScript plugin importing @cmawb/sdk loads as is and runs', async () => {
    const { module } = await loadPluginFolder(fixture('js-plugin'));
    expect(module.manifest.params.map((p) => p.key)).toEqual(['tries']);
    expect(run(module, { tries: 2 }).summary.requests.count).toBe(9);
  });

  it('loads the same result as the statically imported built-in', async () => {
    const { findPolicy } = await import('../../src/main/plugins/builtin.ts');
    const { module } = await loadPluginFolder(join(ROOT, 'plugins', 'gcma'));
    expect(run(module).summary.resultHash).toBe(run(findPolicy('gcma')!).summary.resultHash);
  });

  it('a class that is not a Policy', async () => {
    expect((await problemsOf(fixture('wrong-class'))).map((p) => formatProblem(p, ROOT))).toEqual([
      'test/fixtures/plugins/wrong-class/index.ts: class WrongPolicy does not implement Policy: missing allocContig(), releaseContig()',
    ]);
  });

  it('imports outside the SDK and the plugin folder, each at its line', async () => {
    expect((await problemsOf(fixture('bad-import'))).map((p) => formatProblem(p, ROOT))).toEqual([
      `test/fixtures/plugins/bad-import/index.ts:3:27: import "../../../../src/engine/kernel.ts" reaches outside the plugin folder (${ROOT}/src/engine/kernel.ts): plugins import only the SDK (@cmawb/sdk), files in their own folder and JSON`,
      'test/fixtures/plugins/bad-import/index.ts:4:30: import "node:fs" is not allowed: plugins import only the SDK (@cmawb/sdk), files in their own folder and JSON',
    ]);
  });

  it('an exception while the module loads, at its line, with the stack', async () => {
    const [p] = await problemsOf(fixture('throws-on-import'));
    expect(formatProblem(p!, ROOT)).toBe('test/fixtures/plugins/throws-on-import/index.ts:5:37: threw while loading: fixture: table entry "b" missing at load time');
    expect(p!.stack).toContain(fixture('throws-on-import/index.ts'));
  });

  it('a constructor parameter without @inject', async () => {
    expect((await problemsOf(fixture('missing-inject'))).map((p) => p.message)).toEqual([
      'class MissingInjectPolicy: constructor parameter #2 has no @inject(TOKEN); name the service it wants (IPolicyParams, IClock, IRng, IMetrics, ICosts, IMemory, IKernel, IContig, IPool)',
    ]);
  });

  it('manifest problems stop the load before any code runs', async () => {
    for (const name of ['bad-manifest', 'missing-entry', 'incompatible-sdk']) {
      expect((await problemsOf(fixture(name))).every((p) => p.phase === 'manifest'), name).toBe(true);
    }
  });

  it('a syntax error is reported at its line by the transpiler', async () => {
    const dir = tmp.copy('good');
    writeFileSync(join(dir, 'revision.ts'), 'export const REVISION = ;\n');
    const [p] = await problemsOf(dir);
    expect(p).toMatchObject({ phase: 'import', file: join(dir, 'revision.ts'), line: 1 });
    expect(p!.message).toMatch(/Unexpected ";"/);
  });

  it('a default export that is neither a class nor a PolicyModule, or a copied manifest that disagrees', async () => {
    const dir = tmp.copy('good');
    writeFileSync(join(dir, 'index.ts'), 'export default 42;\n');
    expect((await problemsOf(dir))[0]!.message).toBe('the default export is a number (42); expected the policy class or a PolicyModule { manifest, policy }');
    writeFileSync(join(dir, 'index.ts'), 'export const x = 1;\n');
    expect((await problemsOf(dir))[0]!.message).toMatch(/^no default export/);
    writeFileSync(
      join(dir, 'index.ts'),
      "import { GoodPolicy } from './good.ts';\nexport default { manifest: { name: 'other', version: '9.9.9' }, policy: GoodPolicy };\n",
    );
    writeFileSync(join(dir, 'good.ts'), 'export class GoodPolicy { setup() {} *allocContig() { return false; } releaseContig() {} }\n');
    expect((await problemsOf(dir))[0]!.message).toMatch(/^the exported manifest \(other 9.9.9\) is not manifest.json \(fixture-good 1.0.0\)/);
  });

  it('the host loads every usable plugin and lists the ones that fail to load with their problems', async () => {
    const host = new PluginHost({ sources: [{ dir: FIXTURES, kind: 'cli' }] });
    const { modules, broken } = await host.loadAll();
    expect(modules.map((m) => m.manifest.name).sort()).toEqual(['fixture-allocating', 'fixture-good', 'fixture-js', 'fixture-looping', 'fixture-throwing']);
    expect(broken.map((b) => `${b.name}:${b.problems[0]!.phase}`).sort()).toEqual([
      'fixture-bad-import:import',
      'fixture-bad-manifest:manifest',
      'fixture-good:duplicate',
      'fixture-incompatible-sdk:manifest',
      'fixture-missing-entry:manifest',
      'fixture-missing-inject:class',
      'fixture-throws-on-import:import',
      'fixture-wrong-class:class',
    ]);
    // Loads are cached per content hash.
    expect(await host.load('fixture-good')).toBe(modules.find((m) => m.manifest.name === 'fixture-good'));
  });
});
