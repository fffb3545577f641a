/*
 * A policy's mayUseRegion hook replaces the engine's ALLOC_CMA rule. The
 * scaffold's hook delegates to IKernel.allowedBySwitches, so the kernel
 * switches it sets in setup() (here pageCacheInCma) still take effect.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { loadPluginFolder } from '../../src/main/plugins/load.ts';
import { scaffoldPlugin } from '../../src/main/plugins/scaffold.ts';
import { SMOKE_SCENARIO } from '../../src/main/plugins/smoke.ts';
import { tempDirs } from './helpers.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

/** Most page-cache pages the region held at a sample, for the scaffold edited by `edit`. */
async function regionFilePeak(edit: (src: string) => string): Promise<number> {
  const parent = tmp.make();
  scaffoldPlugin('cma-nopc', parent);
  const file = join(parent, 'cma-nopc', 'index.ts');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  const { module } = await loadPluginFolder(join(parent, 'cma-nopc'));
  const r = runSimulation({ scenario: SMOKE_SCENARIO, policy: module.manifest.name, params: {}, seed: 1, options: { baseline: false } }, module);
  return Math.max(...r.series.columns['region_file']!);
}

describe('the scaffold keeps the kernel switches in force', () => {
  it('pageCacheInCma: false keeps page cache out of the area although the policy has a mayUseRegion hook', async () => {
    const asMade = await regionFilePeak((s) => s);
    expect(asMade).toBeGreaterThan(0);
    const edited = (s: string) => {
      expect(s).toContain('pageCacheInCma: true');
      return s.replace('pageCacheInCma: true', 'pageCacheInCma: false');
    };
    expect(await regionFilePeak(edited)).toBe(0);
  });
});
