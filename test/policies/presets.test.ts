import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findScenario } from '../../src/engine/scenario/library.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { resolveParams } from '../../src/engine/policy/manifest.ts';

const run = (policy: string, params: Record<string, string | number | boolean>) =>
  runSimulation({ scenario: findScenario('no-swap-pins')!, policy, params, seed: 1, options: { baseline: false, detail: false } }, findPolicy(policy)!);

describe('cma-quirks presets', () => {
  it('mainline-cma behaves exactly as cma-quirks with the mainline-6.x preset', () => {
    const a = run('mainline-cma', {});
    const b = run('cma-quirks', { preset: 'mainline-6.x' });
    expect(a.requests).toEqual(b.requests);
    expect(a.summary.vmstat).toEqual(b.summary.vmstat);
  });

  it('every preset names what it models and sets only known switches', () => {
    const m = findPolicy('cma-quirks')!.manifest;
    expect(m.presets!.map((p) => p.name)).toEqual(['vendor-2014', 'mainline-5.13', 'mainline-6.x', 'android']);
    for (const p of m.presets!) {
      expect(p.models.length).toBeGreaterThan(20);
      expect(() => resolveParams(m, { preset: p.name })).not.toThrow();
    }
  });

  it('an explicit value overrides the preset', () => {
    const m = findPolicy('cma-quirks')!.manifest;
    expect(resolveParams(m, { preset: 'android', noPageCacheInCma: false })['noPageCacheInCma']).toBe(false);
    expect(() => resolveParams(m, { preset: 'nope' })).toThrow(/unknown preset "nope"/);
  });
});
