/*
 * Built-in plugins are the examples authors copy, so they obey the plugin
 * rule: import only the SDK (by its public name, @cmawb/sdk, as user plugins
 * do), files in their own folder and JSON. Both
 * checked ways: the loader's resolver (what actually loads) and a plain scan
 * of the import statements (so a type-only import of an engine file, which
 * the transpiler would drop, fails too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePlugin } from '../../src/main/plugins/bundle.ts';
import { findPolicy, listPolicies } from '../../src/main/plugins/builtin.ts';
import { discoverPlugins } from '../../src/main/plugins/discover.ts';
import { pluginFiles } from '../../src/main/plugins/hash.ts';
import { isInside, SDK_ENTRY, SDK_SPECIFIERS } from '../../src/main/plugins/paths.ts';
import { ROOT } from './helpers.ts';

const PLUGINS = join(ROOT, 'plugins');
const BUILTINS = readdirSync(PLUGINS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('built-in plugins use only the public SDK', () => {
  it('there are built-ins to check', () => {
    expect(BUILTINS.sort()).toEqual(['carveout', 'cma-quirks', 'gcma', 'legacy-cma', 'mainline-cma']);
  });

  it.each(BUILTINS)('%s: every import statement is the SDK entry, its own file or JSON', (name) => {
    const dir = join(PLUGINS, name);
    const bad: string[] = [];
    for (const rel of pluginFiles(dir).filter((f) => /\.[mc]?[jt]s$/.test(f))) {
      const file = join(dir, rel);
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        const ok = SDK_SPECIFIERS.includes(spec) || (spec.startsWith('.') && (resolve(dirname(file), spec) === SDK_ENTRY || isInside(resolve(dirname(file), spec), dir)));
        if (!ok) bad.push(`${rel}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(BUILTINS)('%s: the loader bundles only files of its own folder', async (name) => {
    const dir = join(PLUGINS, name);
    const r = await bundlePlugin(dir, join(dir, 'index.ts'), join(dir, 'out.mjs'));
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (r.ok) expect(r.inputs.filter((f) => !isInside(f, dir))).toEqual([]);
  });

  it('the scan catches what it should (a rule that never fails proves nothing)', () => {
    const text = "import { x } from '../../src/engine/kernel.ts';\nimport type { Y } from 'tsyringe';\nconst z = await import('node:fs');\n";
    expect([...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3])).toEqual(['../../src/engine/kernel.ts', 'tsyringe', 'node:fs']);
  });

  it('builtin.ts serves the statically imported code with the host-validated manifest and origin', () => {
    const found = new Map(discoverPlugins([{ dir: PLUGINS, kind: 'builtin' }]).map((e) => [e.name, e]));
    const listed = listPolicies();
    expect(listed.map((m) => m.manifest.name).sort()).toEqual([...found.keys()].sort());
    for (const m of listed) {
      const e = found.get(m.manifest.name)!;
      expect(m.origin).toEqual({ dir: e.dir, hash: e.hash });
      expect(m.manifest).toEqual(e.manifest);
    }
    expect(findPolicy('gcma')!.origin!.dir).toBe(join(PLUGINS, 'gcma'));
    expect(findPolicy('nope')).toBeUndefined();
  });
});
