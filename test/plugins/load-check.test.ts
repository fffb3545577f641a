/*
 * `cmawb policies` finds plugins that fail to load without loading plugin
 * code in its own thread: findLoadProblems loads them in a worker, and a
 * plugin whose top-level code never returns is stopped by the timeout,
 * reported, and the plugins after it are still checked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLoadProblems } from '../../src/main/plugins/load-check.ts';
import { formatProblem } from '../../src/main/plugins/problems.ts';
import { configurePlugins, pluginHost } from '../../src/main/plugins/registry.ts';
import { fixture, tempDirs } from './helpers.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

describe('findLoadProblems', () => {
  it('loads in a worker: a hang at import is stopped and reported, the next plugins are still checked', async () => {
    const hang = tmp.copy('good');
    const manifest = JSON.parse(readFileSync(join(hang, 'manifest.json'), 'utf8'));
    writeFileSync(join(hang, 'manifest.json'), JSON.stringify({ ...manifest, name: 'fixture-hangs-on-import' }));
    writeFileSync(join(hang, 'index.ts'), `${readFileSync(join(hang, 'index.ts'), 'utf8')}\nfor (;;) {}\n`);
    configurePlugins({ userDir: null, noBuiltins: true, extraDirs: [hang, fixture('wrong-class'), fixture('good')] });
    const entries = pluginHost().usable();
    expect(entries.map((e) => e.name)).toEqual(['fixture-hangs-on-import', 'fixture-wrong-class', 'fixture-good']);

    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const found = await findLoadProblems(entries, { timeoutS: 1 });
    clearInterval(timer);
    // The loop ran in the worker: this thread's timers kept firing.
    expect(ticks).toBeGreaterThan(10);

    expect([...found.keys()]).toEqual(['fixture-hangs-on-import', 'fixture-wrong-class']);
    expect(found.get('fixture-hangs-on-import')!.map((p) => formatProblem(p))).toEqual([
      `${join(hang, 'index.ts')}: did not finish loading within 1 s: an endless loop in its top-level code?`,
    ]);
    expect(found.get('fixture-wrong-class')![0]!.message).toMatch(/class WrongPolicy does not implement Policy/);
  });
});
